"""/api/v1/auth: issuing, using and revoking bearer tokens, the session alternative
with its CSRF check, and the error shape of every refusal.

The module is also the URLconf of the tests marked ``urls(__name__)``: besides the real
API it mounts a probe API with one unsafe operation under ``AUTH``, because API v1 has
no unsafe session operation yet and the CSRF rule must hold for the ones to come.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.test import Client
from django.urls import path
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from motcua.accounts.models import ApiToken
from motcua.accounts.services import api_token_issue
from motcua.accounts.tests.factories import PASSWORD, UserFactory
from motcua.api.v1 import api
from motcua.api.v1 import base as api_base
from motcua.api.v1.security import AUTH, current_token, current_user
from motcua.core.exceptions import ApplicationError
from motcua.core.models import AuditEntry

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token"
ME = "/api/v1/auth/me"
PROBE = "/probe/echo"

# --- the probe API (URLconf of this module) ------------------------------------------

probe_api = NinjaAPI(urls_namespace="auth-probe", docs_url=None, openapi_url=None)
probe_api.add_exception_handler(ApplicationError, api_base._application_error)
probe_api.add_exception_handler(AuthenticationError, api_base._unauthenticated)


@probe_api.post("/echo", auth=AUTH)
def echo(request):
    token = current_token(request)
    return {"username": current_user(request).username, "by_token": token is not None}


urlpatterns = [path("api/v1/", api.urls), path("probe/", probe_api.urls)]


# --- helpers -----------------------------------------------------------------------


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "detail"}
    assert body["code"] == code
    assert body["message"]
    return body


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def issue(client: Client, username: str, password: str = PASSWORD, **extra: str):
    return client.post(
        TOKEN,
        {"username": username, "password": password, **extra},
        content_type="application/json",
    )


def stored_token(user, *, raw: str, created_at: dt.datetime, expires_at: dt.datetime):
    return ApiToken.objects.create(
        user=user,
        key_hash=hashlib.sha256(raw.encode()).hexdigest(),
        prefix=raw[:8],
        created_at=created_at,
        expires_at=expires_at,
    )


# --- POST /auth/token --------------------------------------------------------------


def test_issue_token_and_use_it(client) -> None:
    UserFactory(username="canbo", full_name="Trần Thị Bình")
    before = timezone.now()
    response = issue(client, "canbo", name="Máy quầy 3")

    assert response.status_code == 201, response.content
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert set(body) == {"token", "token_type", "expires_at"}
    assert body["token_type"] == "Bearer"
    expires_at = dt.datetime.fromisoformat(body["expires_at"])
    assert before + dt.timedelta(hours=12) <= expires_at
    assert expires_at <= timezone.now() + dt.timedelta(hours=12)

    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(body["token"].encode()).hexdigest()
    assert token.name == "Máy quầy 3"
    assert token.user.username == "canbo"

    me = Client().get(ME, **bearer(body["token"]))
    assert me.status_code == 200, me.content
    assert me.json() == {"username": "canbo", "full_name": "Trần Thị Bình", "kind": "staff"}


def test_a_citizen_logs_in_with_the_citizen_id(client) -> None:
    UserFactory(citizen=True, username="086099012345", full_name="Nguyễn Văn An")
    response = issue(client, " 086099012345 ")  # stripped, as on the login page
    assert response.status_code == 201, response.content
    me = client.get(ME, **bearer(response.json()["token"]))
    assert me.json() == {
        "username": "086099012345",
        "full_name": "Nguyễn Văn An",
        "kind": "citizen",
    }


@pytest.mark.parametrize(
    ("username", "password"),
    [("canbo", "Sai-mat-khau-1"), ("khongton_tai", PASSWORD), ("CANBO", PASSWORD)],
)
def test_wrong_credentials_write_nothing(client, username, password) -> None:
    UserFactory(username="canbo")
    response = issue(client, username, password)
    assert_error(response, 401, "invalid_credentials")
    assert ApiToken.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_the_sign_in_lockout_holds_for_tokens_too(client, settings) -> None:
    """Five wrong passwords inside the window and even the right one is refused (429),
    as on the sign-in pages: the API is no way around the lockout."""
    UserFactory(username="canbo")
    for _ in range(settings.SIGN_IN_MAX_FAILURES):
        assert_error(issue(client, "canbo", "Sai-mat-khau-1"), 401, "invalid_credentials")
    assert_error(issue(client, "canbo"), 429, "sign_in_locked")
    assert ApiToken.objects.count() == 0


def test_an_inactive_account_gets_no_token(client) -> None:
    UserFactory(username="canbo", is_active=False)
    body = assert_error(issue(client, "canbo"), 401, "invalid_credentials")
    # The same answer as a wrong password: the endpoint does not reveal locked accounts.
    assert body["message"] == "Sai tên đăng nhập hoặc mật khẩu (invalid credentials)."
    assert ApiToken.objects.count() == 0


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"username": "u" * 151, "password": PASSWORD}, "username"),
        ({"username": "canbo", "password": "p" * 257}, "password"),
        ({"username": "canbo", "password": PASSWORD, "name": "n" * 101}, "name"),
        ({"username": "", "password": PASSWORD}, "username"),
        ({"username": "canbo"}, "password"),
    ],
)
def test_out_of_bounds_input_is_422(client, payload, field) -> None:
    UserFactory(username="canbo")
    response = client.post(TOKEN, payload, content_type="application/json")
    body = assert_error(response, 422, "invalid_input")
    # The field path ends with the field's name (it starts with the handler's parameter).
    assert [error["field"].split(".")[-1] for error in body["detail"]["errors"]] == [field]
    assert ApiToken.objects.count() == 0


def test_issuing_needs_no_csrf_token() -> None:
    """Nothing is set in the browser by this call, so there is no session to forge."""
    UserFactory(username="canbo")
    response = issue(Client(enforce_csrf_checks=True), "canbo")
    assert response.status_code == 201, response.content


# --- using a token -----------------------------------------------------------------


def test_anonymous_is_401(client) -> None:
    assert_error(client.get(ME), 401, "unauthenticated")


def test_expired_token_is_401(client) -> None:
    user = UserFactory()
    now = timezone.now()
    raw = "Expired-token-of-43-characters-0123456789a"
    stored_token(
        user,
        raw=raw,
        created_at=now - dt.timedelta(hours=13),
        expires_at=now - dt.timedelta(hours=1),
    )
    assert_error(client.get(ME, **bearer(raw)), 401, "token_invalid")
    assert ApiToken.objects.get().last_used_at is None  # no write on failure


def test_token_of_an_inactive_user_is_401(client) -> None:
    user = UserFactory()
    _token, raw = api_token_issue(user=user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert_error(client.get(ME, **bearer(raw)), 401, "token_invalid")


@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Bearer ",
        "bearer not-a-token",
        "Bearer " + "A" * 43 + " extra",
        "Bearer " + "A" * 500,
        "Bearer " + "Đ" * 43,
    ],
)
def test_malformed_bearer_header_is_401(client, header) -> None:
    _token, _raw = api_token_issue(user=UserFactory())
    response = client.get(ME, HTTP_AUTHORIZATION=header)
    assert_error(response, 401, "token_invalid")


@pytest.mark.parametrize("header", ["Token abc", "Basic Y2FuYm86eA==", "abc"])
def test_other_schemes_are_not_tokens(client, header) -> None:
    """Not a bearer token: the request is anonymous unless a session says otherwise."""
    assert_error(client.get(ME, HTTP_AUTHORIZATION=header), 401, "unauthenticated")
    client.force_login(UserFactory(username="canbo"))
    response = client.get(ME, HTTP_AUTHORIZATION=header)
    assert response.status_code == 200
    assert response.json()["username"] == "canbo"


def test_the_scheme_is_case_insensitive(client) -> None:
    _token, raw = api_token_issue(user=UserFactory(username="canbo"))
    response = client.get(ME, HTTP_AUTHORIZATION=f"bEaReR {raw}")
    assert response.status_code == 200
    assert response.json()["username"] == "canbo"


def test_a_bad_token_does_not_fall_back_to_the_session(client) -> None:
    client.force_login(UserFactory(username="canbo"))
    assert_error(client.get(ME, **bearer("B" * 43)), 401, "token_invalid")


def test_the_token_wins_over_the_session(client) -> None:
    client.force_login(UserFactory(username="canbo"))
    _token, raw = api_token_issue(user=UserFactory(username="chuyenvien"))
    assert client.get(ME, **bearer(raw)).json()["username"] == "chuyenvien"


def test_use_stamps_last_used_at(client) -> None:
    token, raw = api_token_issue(user=UserFactory())
    before = timezone.now()
    assert client.get(ME, **bearer(raw)).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert before <= token.last_used_at <= timezone.now()


# --- DELETE /auth/token --------------------------------------------------------------


def test_revoke_the_token_in_use(client) -> None:
    user = UserFactory(username="canbo")
    used, raw = api_token_issue(user=user)
    other, other_raw = api_token_issue(user=user)

    response = client.delete(TOKEN, **bearer(raw))
    assert response.status_code == 204, response.content
    assert response.content == b""

    used.refresh_from_db()
    other.refresh_from_db()
    assert used.revoked_at is not None
    assert other.revoked_at is None
    entry = AuditEntry.objects.get(action="api_token_revoke")
    assert entry.actor == user
    assert entry.object_id == str(used.pk)

    assert_error(client.get(ME, **bearer(raw)), 401, "token_invalid")
    assert_error(client.delete(TOKEN, **bearer(raw)), 401, "token_invalid")
    assert client.get(ME, **bearer(other_raw)).status_code == 200


def test_revoke_needs_a_token_not_a_session(client) -> None:
    user = UserFactory()
    api_token_issue(user=user)
    client.force_login(user)
    assert_error(client.delete(TOKEN), 401, "unauthenticated")
    assert ApiToken.objects.get().revoked_at is None


def test_revoke_needs_no_csrf_token() -> None:
    _token, raw = api_token_issue(user=UserFactory())
    response = Client(enforce_csrf_checks=True).delete(TOKEN, **bearer(raw))
    assert response.status_code == 204


# --- session -----------------------------------------------------------------------


def test_session_reads_me(client) -> None:
    client.force_login(UserFactory(username="canbo", full_name="Lê Văn Cường"))
    response = client.get(ME)
    assert response.status_code == 200
    assert response.json() == {"username": "canbo", "full_name": "Lê Văn Cường", "kind": "staff"}


def test_session_of_a_deactivated_user_is_401(client) -> None:
    user = UserFactory()
    client.force_login(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert_error(client.get(ME), 401, "unauthenticated")


def test_session_reads_need_no_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(username="canbo"))
    assert client.get(ME).status_code == 200


@pytest.mark.urls(__name__)
def test_unsafe_session_call_without_csrf_token_is_refused() -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(username="canbo"))
    assert_error(client.post(PROBE), 403, "csrf_failed")


@pytest.mark.urls(__name__)
def test_unsafe_session_call_with_csrf_token_passes() -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(username="canbo"))
    secret = "abcdefghijklmnopqrstuvwxyzABCDEF"  # 32 characters: an unmasked CSRF secret
    client.cookies["csrftoken"] = secret
    response = client.post(PROBE, HTTP_X_CSRFTOKEN=secret)
    assert response.status_code == 200, response.content
    assert response.json() == {"username": "canbo", "by_token": False}


@pytest.mark.urls(__name__)
def test_unsafe_token_call_needs_no_csrf_token() -> None:
    _token, raw = api_token_issue(user=UserFactory(username="canbo"))
    response = Client(enforce_csrf_checks=True).post(PROBE, **bearer(raw))
    assert response.status_code == 200, response.content
    assert response.json() == {"username": "canbo", "by_token": True}


@pytest.mark.urls(__name__)
def test_anonymous_unsafe_call_is_401_not_a_csrf_error() -> None:
    assert_error(Client(enforce_csrf_checks=True).post(PROBE), 401, "unauthenticated")


# --- OpenAPI -----------------------------------------------------------------------


def test_openapi_declares_both_schemes(client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert schemes["BearerToken"] == {"type": "http", "scheme": "bearer"}
    assert schemes["DjangoSession"] == {"type": "apiKey", "in": "cookie", "name": "sessionid"}
    assert schema["paths"]["/api/v1/auth/me"]["get"]["security"] == [
        {"BearerToken": []},
        {"DjangoSession": []},
    ]
    assert "security" not in schema["paths"]["/api/v1/auth/token"]["post"]
