"""/api/v1/notices and /api/v1/me/contact-preferences: authorization, paging, bad input."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from motcua.accounts.services import api_token_issue
from motcua.accounts.tests.factories import CitizenFactory, UserFactory
from motcua.core.models import AuditEntry
from motcua.notifications.constants import TemplateKey
from motcua.notifications.models import ContactPreference, Message

pytestmark = pytest.mark.django_db

NOTICES = "/api/v1/notices"
PREFS = "/api/v1/me/contact-preferences"


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "detail"}
    assert body["code"] == code
    assert body["message"]
    return body


@pytest.fixture
def citizen():
    return CitizenFactory(with_login=True, phone="0912345678", email="hoa@example.vn").user


@pytest.fixture
def citizen_client(client, citizen):
    client.force_login(citizen)
    return client


def notice(user, n=1, *, channel="in_app", **fields):
    return Message.objects.create(
        event_key=f"api:{user.pk}:{channel}:{n}",
        channel=channel,
        recipient=str(user.pk),
        user=user,
        template=TemplateKey.RESULT_READY,
        reference=f"H01-{n:04d}",
        subject=f"Hồ sơ H01-{n:04d} đã có kết quả",
        body=f"Nội dung {n}",
        next_attempt_at=timezone.now(),
        **fields,
    )


def shown(value: dt.datetime) -> str:
    """A time as the API writes it: Asia/Ho_Chi_Minh, milliseconds (DjangoJSONEncoder)."""
    local = timezone.localtime(value)
    text = local.isoformat()
    return text[:23] + text[26:] if local.microsecond else text


def _unchanged_state():
    return (
        list(Message.objects.values_list("id", "read_at")),
        list(ContactPreference.objects.values_list("user_id", "sms", "email")),
        AuditEntry.objects.count(),
    )


# --- anonymous -------------------------------------------------------------------------------


def test_anonymous_gets_401_and_nothing_is_written(client, citizen):
    row = notice(citizen)
    before = _unchanged_state()
    assert_error(client.get(NOTICES), 401, "unauthenticated")
    assert_error(client.post(f"{NOTICES}/{row.pk}/read"), 401, "unauthenticated")
    assert_error(client.get(PREFS), 401, "unauthenticated")
    response = client.put(PREFS, {"sms": False, "email": False}, content_type="application/json")
    assert_error(response, 401, "unauthenticated")
    assert _unchanged_state() == before


def test_bad_token_gets_401(client, citizen):
    response = client.get(NOTICES, headers={"Authorization": "Bearer nonsense"})
    assert_error(response, 401, "token_invalid")


# --- notices -----------------------------------------------------------------------------------


def test_list_is_the_callers_newest_first_in_pages_of_20(citizen_client, citizen):
    rows = [notice(citizen, n) for n in range(1, 26)]
    notice(UserFactory(), 99)
    Message.objects.filter(pk=rows[0].pk).update(read_at=timezone.now())
    first = citizen_client.get(NOTICES).json()
    assert {k: first[k] for k in ("count", "unread_count", "page", "pages", "page_size")} == {
        "count": 25,
        "unread_count": 24,
        "page": 1,
        "pages": 2,
        "page_size": 20,
    }
    assert [item["reference"] for item in first["items"]] == [
        f"H01-{n:04d}" for n in range(25, 5, -1)
    ]
    second = citizen_client.get(NOTICES, {"page": 2}).json()
    assert [item["reference"] for item in second["items"]] == [
        f"H01-{n:04d}" for n in range(5, 0, -1)
    ]
    assert second["items"][-1]["read_at"] is not None
    unread = citizen_client.get(NOTICES, {"unread": "true"}).json()
    assert (unread["count"], unread["unread_count"], len(unread["items"])) == (24, 24, 20)
    assert "H01-0001" not in {item["reference"] for item in unread["items"]}


def test_item_shape_and_local_time(citizen_client, citizen):
    row = notice(citizen, 3)
    (item,) = citizen_client.get(NOTICES).json()["items"]
    assert item == {
        "id": row.pk,
        "template": "result_ready",
        "reference": "H01-0003",
        "subject": "Hồ sơ H01-0003 đã có kết quả",
        "body": "Nội dung 3",
        "created_at": shown(row.created_at),
        "read_at": None,
    }
    assert item["created_at"].endswith("+07:00")


def test_empty_list(citizen_client):
    body = citizen_client.get(NOTICES).json()
    assert (body["count"], body["pages"], body["items"]) == (0, 1, [])


@pytest.mark.parametrize("page", ["0", "-1", "abc", "10001"])
def test_bad_page_is_422(citizen_client, page):
    assert_error(citizen_client.get(NOTICES, {"page": page}), 422, "invalid_input")


def test_mark_read_own_notice(citizen_client, citizen):
    row = notice(citizen)
    response = citizen_client.post(f"{NOTICES}/{row.pk}/read")
    assert response.status_code == 200
    row.refresh_from_db()
    assert row.read_at is not None
    assert response.json()["read_at"] == shown(row.read_at)
    # Again: still 200, the first time is kept.
    again = citizen_client.post(f"{NOTICES}/{row.pk}/read").json()
    assert again["read_at"] == response.json()["read_at"]


def test_another_persons_notice_is_404_and_unchanged(citizen_client):
    theirs = notice(UserFactory())
    before = _unchanged_state()
    assert_error(citizen_client.post(f"{NOTICES}/{theirs.pk}/read"), 404, "notice_not_found")
    assert_error(citizen_client.post(f"{NOTICES}/{theirs.pk + 1000}/read"), 404, "notice_not_found")
    assert _unchanged_state() == before


def test_an_sms_row_is_not_a_notice(citizen_client, citizen):
    sms = notice(citizen, channel="sms")
    assert_error(citizen_client.post(f"{NOTICES}/{sms.pk}/read"), 404, "notice_not_found")


@pytest.mark.parametrize("bad_id", ["0", "-3", "abc", str(2**63), "1.5"])
def test_bad_notice_id_is_422(citizen_client, bad_id):
    assert_error(citizen_client.post(f"{NOTICES}/{bad_id}/read"), 422, "invalid_input")


def test_bearer_token_works(client, citizen):
    row = notice(citizen)
    _token, raw = api_token_issue(user=citizen, name="app")
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get(NOTICES, headers=headers).json()["count"] == 1
    assert client.post(f"{NOTICES}/{row.pk}/read", headers=headers).status_code == 200


# --- contact preferences -----------------------------------------------------------------------


def test_get_defaults(citizen_client, citizen):
    assert citizen_client.get(PREFS).json() == {
        "sms": True,
        "email": True,
        "channels": [
            {"channel": "sms", "recipient": "0912345678"},
            {"channel": "email", "recipient": "hoa@example.vn"},
            {"channel": "in_app", "recipient": str(citizen.pk)},
        ],
    }
    assert not ContactPreference.objects.exists()


def test_put_changes_and_shows_the_result(citizen_client, citizen):
    response = citizen_client.put(
        PREFS, {"sms": False, "email": True}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json() == {
        "sms": False,
        "email": True,
        "channels": [
            {"channel": "email", "recipient": "hoa@example.vn"},
            {"channel": "in_app", "recipient": str(citizen.pk)},
        ],
    }
    saved = ContactPreference.objects.get(user=citizen)
    assert (saved.sms, saved.email) == (False, True)
    assert AuditEntry.objects.filter(action="contact_preference_set").count() == 1
    assert citizen_client.get(PREFS).json()["sms"] is False


@pytest.mark.parametrize(
    "body",
    [
        {"sms": False},
        {"email": True},
        {},
        {"sms": "yes", "email": True},
        {"sms": 0, "email": True},
        {"sms": None, "email": True},
        {"sms": True, "email": True, "zalo": True},
        [True, True],
    ],
)
def test_put_bad_input_is_422_and_nothing_written(citizen_client, body):
    before = _unchanged_state()
    response = citizen_client.put(PREFS, json.dumps(body), content_type="application/json")
    assert_error(response, 422, "invalid_input")
    assert _unchanged_state() == before


def test_put_malformed_json_is_400(citizen_client):
    before = _unchanged_state()
    response = citizen_client.put(PREFS, '{"sms": tru', content_type="application/json")
    assert_error(response, 400, "invalid_json")
    assert _unchanged_state() == before


def test_put_under_session_needs_csrf(citizen):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(citizen)
    response = browser.put(PREFS, {"sms": False, "email": False}, content_type="application/json")
    assert_error(response, 403, "csrf_failed")
    assert not ContactPreference.objects.exists()


def test_put_with_token_needs_no_csrf(citizen):
    _token, raw = api_token_issue(user=citizen, name="app")
    browser = Client(enforce_csrf_checks=True)
    response = browser.put(
        PREFS,
        {"sms": True, "email": False},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 200
    assert ContactPreference.objects.get(user=citizen).email is False


def test_each_person_sees_only_their_own_choices(client, citizen):
    other = UserFactory(email="khac@tanphu.gov.vn")
    client.force_login(citizen)
    client.put(PREFS, {"sms": False, "email": False}, content_type="application/json")
    client.force_login(other)
    assert client.get(PREFS).json()["sms"] is True
    assert ContactPreference.objects.filter(user=other).count() == 0
