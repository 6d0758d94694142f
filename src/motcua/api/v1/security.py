"""Who is calling API v1: a bearer token from ``POST /api/v1/auth/token``, or the
Django session of a person logged in to the portal or the office UI.

Routers that need a login pass ``auth=AUTH`` and read the caller with
:func:`current_user`; ``request.auth`` is the ``User`` under either scheme, and
:func:`current_token` is the ``ApiToken`` used (``None`` under a session).

Order and refusals:

- The bearer token is tried first. A request that presents ``Authorization: Bearer``
  with a bad, expired or revoked token gets 401 ``token_invalid`` at once, without
  falling back to the session: a client that sends a token means that token.
  Other schemes (``Basic`` from a reverse proxy guarding a staging site) are ignored.
- The session is used only when the person is logged in. Unsafe methods under a
  session need Django's CSRF token, as a form post would (django-ninja's ``SessionAuth``
  checks it too, but before knowing whether anyone is logged in, so an anonymous POST
  would get 403 instead of 401). A token needs no CSRF token: a browser never attaches
  one to a cross-site request by itself.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth
from ninja.utils import check_csrf

from motcua.accounts.models import ApiToken, User
from motcua.accounts.selectors import api_token_get_active
from motcua.accounts.services import api_token_touch
from motcua.core.exceptions import ApplicationError, PermissionDeniedError


class NotAuthenticatedError(ApplicationError):
    """401: the caller is not known (no login, bad credentials, bad token)."""

    code = "unauthenticated"
    http_status = 401


def _token_invalid() -> NotAuthenticatedError:
    # One answer for unknown, expired, revoked and inactive-user tokens (RFC 6750
    # "invalid_token"): the client's remedy is the same, a new token.
    return NotAuthenticatedError(
        "Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi "
        "(invalid, expired or revoked token).",
        code="token_invalid",
    )


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>`` with a token from ``POST /api/v1/auth/token``."""

    def __call__(self, request: HttpRequest) -> User | None:
        value = request.headers.get(self.header)
        if not value:
            return None
        scheme, _, credentials = value.partition(" ")
        if scheme.lower() != self.openapi_scheme:
            return None
        return self.authenticate(request, credentials.strip())

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        api_token = api_token_get_active(raw=token)
        if api_token is None:
            raise _token_invalid()
        api_token_touch(token=api_token)
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token.user


class DjangoSession(NinjaSessionAuth):
    """The Django session cookie of a logged-in person, with Django's CSRF check on
    unsafe methods (403 ``csrf_failed``)."""

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if (
            self.csrf
            and not getattr(request, "_ninja_csrf_exempt", False)
            and check_csrf(request) is not None
        ):
            raise PermissionDeniedError(
                "Thiếu hoặc sai mã chống giả mạo yêu cầu (CSRF check failed): gửi kèm "
                "tiêu đề X-CSRFToken, hoặc dùng mã truy cập (bearer token).",
                code="csrf_failed",
            )
        request.api_token = None  # type: ignore[attr-defined]
        return user


#: What a router that needs a login passes as ``auth=``.
AUTH = [BearerToken(), DjangoSession()]


def current_user(request: HttpRequest) -> User:
    """The authenticated caller of an operation declared with ``auth=AUTH`` (or
    ``auth=BearerToken()``). Refuses with 401 where no auth ran."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):
        raise NotAuthenticatedError("Cần đăng nhập (login required).")
    return user


def current_token(request: HttpRequest) -> ApiToken | None:
    """The API token the caller authenticated with, ``None`` under a session."""
    return getattr(request, "api_token", None)
