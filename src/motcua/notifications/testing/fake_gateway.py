"""A fake SMS gateway: a real HTTP server on 127.0.0.1 speaking what ``sms_http`` sends.

In-process::

    with FakeSmsGateway() as gateway:            # port 0: the system picks a free port
        settings.SMS_GATEWAY_URL = gateway.url   # http://127.0.0.1:<port>/sms
        gateway.fail_next(3)                     # the next 3 POSTs get 503
        ...
        gateway.messages()                       # accepted messages, in order

As a process (for workers in other processes; ``--port 0`` prints the chosen URL)::

    python -m motcua.notifications.testing.fake_gateway --port 8025 --api-key test-key

and then ``GET /messages``, ``GET /stats`` and ``POST /control`` with a JSON object:
``{"fail_next": 3}``, ``{"down": true}``, ``{"reject": "0912000000"}``,
``{"delay_ms": 1500}``, ``{"reset": true}``.

Behaviour of ``POST /sms`` (the ``sms_http`` format, docs/notifications.md):

- wrong or missing ``Authorization: Bearer <api key>`` → 401;
- a body that is not a JSON object with ``to``, ``text`` and ``client_ref`` → 400;
- while down, or for each of the next N failures → 503 (nothing recorded);
- ``to`` on the reject list → 400 ``{"error": "invalid recipient"}``;
- with ``unsigned_only``, text outside ASCII → 400 (a gateway that needs unsigned text);
- a ``client_ref`` already accepted → 200 with the same ``id``, not a second message;
- otherwise 200 ``{"id": "fake-<n>"}`` and the message is recorded.

HTTP/1.1 with keep-alive and no Nagle delay: the outbox benchmark drains hundreds of
messages a second through it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

SMS_PATH = "/sms"


class _State:
    def __init__(self, *, api_key: str, unsigned_only: bool) -> None:
        self.api_key = api_key
        self.unsigned_only = unsigned_only
        self.lock = threading.Condition()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.accepted: list[dict[str, Any]] = []
            self.by_ref: dict[str, str] = {}
            self.fail_remaining = 0
            self.down = False
            self.rejected: dict[str, int] = {}
            self.delay = 0.0
            self.counts = {
                "received": 0,
                "accepted": 0,
                "duplicates": 0,
                "failed": 0,
                "rejected": 0,
                "unauthorized": 0,
                "malformed": 0,
            }


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: hundreds of requests a second would flood the test output."""

    def setup(self) -> None:
        super().setup()
        with self.server.connections_lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        with self.server.connections_lock:
            self.server.connections.discard(self.connection)
        super().finish()

    def _reply(self, status: int, payload: Any) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None

    def do_GET(self) -> None:
        state = self.server.state
        if self.path == "/messages":
            with state.lock:
                payload: Any = list(state.accepted)
            self._reply(200, payload)
        elif self.path == "/stats":
            with state.lock:
                payload = dict(state.counts)
            self._reply(200, payload)
        elif self.path == "/health":
            self._reply(200, {"ok": True})
        else:
            self._reply(404, {"error": "not found"})

    def do_POST(self) -> None:
        if self.path == SMS_PATH:
            self._sms()
        elif self.path == "/control":
            self._control()
        else:
            self._body()
            self._reply(404, {"error": "not found"})

    def _control(self) -> None:
        gateway = self.server.gateway
        data = self._body()
        if not isinstance(data, dict):
            self._reply(400, {"error": "expected a JSON object"})
            return
        if data.get("reset"):
            gateway.reset()
        if "fail_next" in data:
            gateway.fail_next(int(data["fail_next"]))
        if "down" in data:
            gateway.set_down(bool(data["down"]))
        if "reject" in data:
            gateway.reject_phone(str(data["reject"]))
        if "delay_ms" in data:
            gateway.set_delay(int(data["delay_ms"]) / 1000)
        self._reply(200, {"ok": True})

    def _sms(self) -> None:
        state = self.server.state
        data = self._body()
        status: int
        payload: dict[str, Any]
        with state.lock:
            state.counts["received"] += 1
            delay = state.delay
        if delay:
            time.sleep(delay)
        if state.api_key and self.headers.get("Authorization") != f"Bearer {state.api_key}":
            self._count_and_reply("unauthorized", 401, {"error": "bad credentials"})
            return
        if not (
            isinstance(data, dict)
            and all(isinstance(data.get(f), str) and data[f] for f in ("to", "text", "client_ref"))
        ):
            self._count_and_reply("malformed", 400, {"error": "to, text, client_ref required"})
            return
        with state.lock:
            if state.down or state.fail_remaining > 0:
                if state.fail_remaining > 0:
                    state.fail_remaining -= 1
                state.counts["failed"] += 1
                status, payload = 503, {"error": "service unavailable"}
            elif data["to"] in state.rejected:
                state.counts["rejected"] += 1
                status, payload = state.rejected[data["to"]], {"error": "invalid recipient"}
            elif state.unsigned_only and not data["text"].isascii():
                state.counts["rejected"] += 1
                status, payload = 400, {"error": "unsigned text required"}
            elif data["client_ref"] in state.by_ref:
                state.counts["duplicates"] += 1
                status = 200
                payload = {"id": state.by_ref[data["client_ref"]], "duplicate": True}
            else:
                provider_id = f"fake-{len(state.accepted) + 1}"
                state.by_ref[data["client_ref"]] = provider_id
                state.accepted.append(
                    {
                        "id": provider_id,
                        "to": data["to"],
                        "text": data["text"],
                        "sender": data.get("sender", ""),
                        "client_ref": data["client_ref"],
                    }
                )
                state.counts["accepted"] += 1
                state.lock.notify_all()
                status, payload = 200, {"id": provider_id}
        self._reply(status, payload)

    def _count_and_reply(self, counter: str, status: int, payload: Any) -> None:
        with self.server.state.lock:
            self.server.state.counts[counter] += 1
        self._reply(status, payload)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # Many workers open keep-alive connections at once.
    request_queue_size = 128
    state: _State
    gateway: FakeSmsGateway

    def __init__(self, address: tuple[str, int], handler: type[_Handler]) -> None:
        super().__init__(address, handler)
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that timed out and hung up before the (delayed) answer: expected.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class FakeSmsGateway:
    """Start with ``start()`` or ``with``; ``url`` is what ``MOTCUA_SMS_GATEWAY_URL`` takes."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        api_key: str = "test-key",
        unsigned_only: bool = False,
    ) -> None:
        self.state = _State(api_key=api_key, unsigned_only=unsigned_only)
        self.api_key = api_key
        self._address = (host, port)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # --- life ---------------------------------------------------------------------------

    def start(self) -> FakeSmsGateway:
        server = _Server(self._address, _Handler)
        server.state = self.state
        server.gateway = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def __enter__(self) -> FakeSmsGateway:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the fake gateway is not running")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{SMS_PATH}"

    # --- behaviour ----------------------------------------------------------------------

    def fail_next(self, count: int) -> None:
        """Answer 503 to the next ``count`` message requests."""
        with self.state.lock:
            self.state.fail_remaining = max(0, count)

    def set_down(self, down: bool = True) -> None:
        """Answer 503 to every message request until told ``set_down(False)``."""
        with self.state.lock:
            self.state.down = down

    def reject_phone(self, phone: str, status: int = 400) -> None:
        """Refuse every message to ``phone`` for good (a 4xx)."""
        with self.state.lock:
            self.state.rejected[phone] = status

    def set_delay(self, seconds: float) -> None:
        """Wait this long before answering each message request (timeouts)."""
        with self.state.lock:
            self.state.delay = max(0.0, seconds)

    def reset(self) -> None:
        """Forget messages, failures and settings (not the API key)."""
        self.state.reset()

    def close_connections(self) -> int:
        """Hang up every open keep-alive connection, as a gateway does with idle ones;
        returns how many were closed."""
        if self._server is None:
            return 0
        with self._server.connections_lock:
            open_now = list(self._server.connections)
        for conn in open_now:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        return len(open_now)

    # --- what happened --------------------------------------------------------------------

    def messages(self) -> list[dict[str, Any]]:
        """Accepted messages in the order they arrived (copies)."""
        with self.state.lock:
            return [dict(message) for message in self.state.accepted]

    def stats(self) -> dict[str, int]:
        """Requests by outcome: received, accepted, duplicates, failed, rejected, ..."""
        with self.state.lock:
            return dict(self.state.counts)

    def wait_for(self, count: int, timeout: float = 30.0) -> list[dict[str, Any]]:
        """Block until ``count`` messages were accepted (or ``timeout`` passes), then
        return them; the caller asserts on what it got."""
        deadline = time.monotonic() + timeout
        with self.state.lock:
            while len(self.state.accepted) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self.state.lock.wait(remaining)
            return [dict(message) for message in self.state.accepted]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Fake SMS gateway for tests and benchmarks.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025, help="0 picks a free port")
    parser.add_argument("--api-key", default="test-key", help="empty: no credential check")
    parser.add_argument("--unsigned-only", action="store_true", help="refuse non-ASCII text")
    args = parser.parse_args(argv)
    gateway = FakeSmsGateway(
        host=args.host, port=args.port, api_key=args.api_key, unsigned_only=args.unsigned_only
    )
    gateway.start()
    stopped = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopped.set())
    # The first line tells a parent process where to send (useful with --port 0).
    sys.stdout.write(f"{gateway.url}\n")
    sys.stdout.flush()
    stopped.wait()
    gateway.stop()


if __name__ == "__main__":
    main()
