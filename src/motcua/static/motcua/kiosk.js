/* Lookup kiosk (portal /kiosk/): the on-screen keypad types into the code box, and the
   screen goes back to the blank lookup after data-idle-seconds without a touch, so the
   next person never sees the previous one's dossier. No dependencies. */
(function () {
  "use strict";
  var body = document.body;
  var input = document.getElementById("kiosk-code");
  var idleMs = (parseInt(body.getAttribute("data-idle-seconds"), 10) || 60) * 1000;
  var resetUrl = body.getAttribute("data-reset-url") || "/kiosk/";
  var timer = null;

  function isBlank() {
    return !input.value && window.location.search === "";
  }

  function reset() {
    if (isBlank()) {
      arm();
    } else {
      window.location.replace(resetUrl);
    }
  }

  function arm() {
    window.clearTimeout(timer);
    timer = window.setTimeout(reset, idleMs);
  }

  document.addEventListener("click", function (event) {
    var key = event.target.closest ? event.target.closest("button.key") : null;
    if (!key || key.type === "submit") return;
    var action = key.getAttribute("data-action");
    if (action === "back") {
      input.value = input.value.slice(0, -1);
    } else if (action === "clear") {
      input.value = "";
    } else if (input.value.length < input.maxLength) {
      input.value += key.getAttribute("data-key");
    }
    input.focus();
  });
  ["pointerdown", "keydown", "input", "touchstart", "scroll"].forEach(function (name) {
    document.addEventListener(name, arm, { passive: true });
  });
  arm();
})();
