"""The lookup kiosk at the centre (issue 5 §5): tracking by code on a touch screen, big
type and an on-screen keypad, no link out of it, and back to the blank lookup after
``KIOSK_IDLE_SECONDS`` without a touch (static/motcua/kiosk.js; without script, a
refresh after the same time)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.portal.catalog_views import track_code

# What a dossier code is made of (the agency's e-ID, the date, the number): the keypad
# offers these and nothing else.
KEYPAD_ROWS = ["1234567890", "ABCDEFGHIJKLM", "NOPQRSTUVWXYZ", ".-"]


def kiosk(request: HttpRequest) -> HttpResponse:
    code, found = track_code(request)
    context = {
        "code": code,
        "dossier": found,
        "idle_seconds": settings.KIOSK_IDLE_SECONDS,
        "keypad_rows": KEYPAD_ROWS,
    }
    response = render(request, "portal/kiosk.html", context)
    # The next person must not find the last one's dossier in the browser's history.
    response["Cache-Control"] = "no-store"
    return response
