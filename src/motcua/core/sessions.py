"""Sessions that expire after a stretch of inactivity (``MOTCUA_SESSION_COOKIE_AGE``),
written at most once every few minutes.

Django renews a session's expiry only when the session is saved; saving it on every
request (``SESSION_SAVE_EVERY_REQUEST``) would add an UPDATE to every page an officer
opens. This middleware marks a signed-in session changed when its last renewal is
older than ``RENEW_EVERY_SECONDS``, so the expiry slides with the officer's work and
a counter screen left alone signs itself out at most that much earlier."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

RENEW_EVERY_SECONDS = 300
_KEY = "_motcua_renewed"


def session_mark_renewed(sender: object, request: HttpRequest | None, **kwargs: object) -> None:
    """A sign-in saves the session anyway: record it as renewed now."""
    if request is not None and hasattr(request, "session"):
        request.session[_KEY] = int(time.time())


class SlidingSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        # A request without a session cookie (a bearer token, a first visit) has
        # nothing to renew and reads nothing here.
        if session.session_key is not None and "_auth_user_id" in session:
            now = int(time.time())
            if now - session.get(_KEY, 0) >= RENEW_EVERY_SECONDS:
                session[_KEY] = now
        return self.get_response(request)
