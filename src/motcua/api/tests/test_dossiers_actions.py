"""POST /api/v1/dossiers/{code}/actions/{action}: a whole life through the API, and
every kind of bad input refused with the one error shape and nothing written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from motcua.api.tests.dossier_helpers import (
    DOSSIERS,
    JSON,
    PDF_B64,
    assert_error,
    assigned,
    awaiting_supplement,
    client_for,
    decided,
    in_progress,
    module_world,
    online_body,
    post,
    prepared,
    received,
    snapshot,
    submitted,
)
from motcua.dossiers.models import Dossier
from motcua.workflow.models import ApologyNotice
from motcua.workflow.tests.world import VN

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world_of_module(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    with module_world(django_db_blocker) as built:
        yield built


@pytest.fixture
def w(world_of_module: Any, db: Any, settings: Any, tmp_path: Path) -> Any:
    return prepared(world_of_module, settings, tmp_path)


def act(user: Any, dossier: Dossier, action: str, body: Any = None) -> Any:
    return post(client_for(user), f"{DOSSIERS}/{dossier.code}/actions/{action}", body)


# --- a life ---------------------------------------------------------------------------


def test_a_whole_life_through_the_api(w: Any) -> None:
    """An files online; the centre receives and transfers to Sở Xây dựng with the
    specialist named; the specialist hands on, the leader approves, the centre gets
    the result and returns it."""
    response = post(client_for(w.an.user), DOSSIERS, online_body(w))
    assert response.status_code == 201, response.content
    dossier = Dossier.objects.get(code=response.json()["code"])

    steps = [
        (w.counter, "receive", {"note": "Hồ sơ đầy đủ"}, "received", "Tiếp nhận"),
        (
            w.counter,
            "start_processing",
            {"assignee": "chuyenvien.xd"},
            "in_progress",
            "Thẩm định",
        ),
        (w.specialist, "hand_off", {"note": "Đủ điều kiện"}, "in_progress", "Phê duyệt"),
        (w.leader, "decide", {"decision": "approved"}, "decided", ""),
        (w.counter, "mark_result_ready", {}, "decided", ""),
        (w.counter, "return_result", {}, "returned", ""),
    ]
    for user, action, body, status, step in steps:
        response = act(user, dossier, action, body)
        assert response.status_code == 200, (action, response.content)
        summary = response.json()
        assert (summary["status"]["value"], summary["current_step_name"]) == (status, step)

    detail = client_for(w.an.user).get(f"{DOSSIERS}/{dossier.code}").json()
    assert [event["action"]["value"] for event in detail["history"]] == [
        "submit_online",
        "receive",
        "start_processing",
        "hand_off",
        "decide",
        "mark_result_ready",
        "return_result",
    ]
    assert detail["history"][1]["note"] == "Hồ sơ đầy đủ"
    assert detail["decision"] == {"value": "approved", "label": "Giải quyết"}
    assert [(h["from_label"], h["to_label"]) for h in detail["handoffs"]] == [
        (w.centre.name, w.construction.name),
        (w.construction.name, w.construction.name),
        (w.construction.name, w.centre.name),
    ]
    assert detail["actions"] == []


def test_the_applicant_supplements_with_a_file(w: Any) -> None:
    dossier = awaiting_supplement(w)
    body = {
        "components": [
            {
                "component_id": w.permit_form.pk,
                "files": [{"name": "bo-sung.pdf", "content_base64": PDF_B64}],
            }
        ],
        "note": "Đã bổ sung bản vẽ",
    }
    response = act(w.an.user, dossier, "record_supplement", body)
    assert response.status_code == 200, response.content
    assert response.json()["status"]["value"] == "submitted"
    component = dossier.components.order_by("-pk").first()
    assert (component.supplement_stage, component.files.get().name) == ("intake", "bo-sung.pdf")


def test_a_rescheduled_appointment_without_offset_is_vietnamese_time(w: Any) -> None:
    dossier = in_progress(w)
    assert dossier.appointment_at is not None
    new_local = (dossier.appointment_at.astimezone(VN) + dt.timedelta(days=7)).replace(
        hour=16, minute=0, second=0, microsecond=0, tzinfo=None
    )
    body = {
        "responsible_agency": "000.00.12.H62",
        "reason": "Phải xác minh hiện trạng",
        "new_appointment_at": new_local.isoformat(),
    }
    response = act(w.leader, dossier, "reschedule", body)
    assert response.status_code == 200, response.content
    expected = new_local.replace(tzinfo=VN)
    assert ApologyNotice.objects.get().new_appointment_at == expected
    assert response.json()["appointment_at"] == expected.isoformat()
    assert response.json()["appointment_at"].endswith("+07:00")


# --- refused by the rules -------------------------------------------------------------


def test_an_action_not_allowed_in_the_status_is_409(w: Any) -> None:
    dossier = received(w)
    before = snapshot()
    body = assert_error(act(w.counter, dossier, "receive"), 409, "transition_not_allowed")
    assert body["detail"] == {"status": "received", "action": "receive"}
    assert_error(act(w.counter, dossier, "return_result"), 409, "transition_not_allowed")
    assert snapshot() == before


def test_rule_refusals_are_4xx(w: Any) -> None:
    dossier = decided(w)
    before = snapshot()
    assert_error(act(w.counter, dossier, "return_result"), 400, "result_not_ready")
    assert snapshot() == before
    assert act(w.counter, dossier, "mark_result_ready").status_code == 200
    after = snapshot()
    assert_error(act(w.counter, dossier, "mark_result_ready"), 409, "result_already_ready")
    assert snapshot() == after


def test_rescheduling_twice_is_refused(w: Any) -> None:
    dossier = in_progress(w)
    assert dossier.appointment_at is not None
    body = {
        "responsible_agency": "000.00.12.H62",
        "reason": "Chậm do xác minh",
        "new_appointment_at": (dossier.appointment_at + dt.timedelta(days=2)).isoformat(),
    }
    assert act(w.leader, dossier, "reschedule", body).status_code == 200
    before = snapshot()
    body["new_appointment_at"] = (dossier.appointment_at + dt.timedelta(days=9)).isoformat()
    assert_error(act(w.leader, dossier, "reschedule", body), 400, "reschedule_once")
    assert snapshot() == before


# --- addresses that are not there -----------------------------------------------------


def test_unknown_action_is_404(w: Any) -> None:
    dossier = received(w)
    before = snapshot()
    for name in ("approve", "RECEIVE", "submit_online", "receive_counter", "x" * 300):
        body = assert_error(act(w.counter, dossier, name), 404, "action_not_found")
        assert "receive" in body["detail"]["actions"]
        assert "submit_online" not in body["detail"]["actions"]
    assert snapshot() == before


@pytest.mark.parametrize(
    "code", ["000.00.12.H62-260101-9999", "nope", "a%07b", "%3Cscript%3E", "x" * 41]
)
def test_unknown_code_is_404(w: Any, code: str) -> None:
    before = snapshot()
    client = client_for(w.counter)
    assert_error(client.get(f"{DOSSIERS}/{code}"), 404, "dossier_not_found")
    assert_error(post(client, f"{DOSSIERS}/{code}/actions/receive"), 404, "dossier_not_found")
    assert_error(Client().get(f"/api/v1/track/{code}"), 404, "dossier_not_found")
    assert snapshot() == before


def test_unknown_paths_below_a_dossier_are_404(w: Any) -> None:
    dossier = received(w)
    client = client_for(w.counter)
    for url in (
        f"{DOSSIERS}/{dossier.code}/history",
        f"{DOSSIERS}/{dossier.code}/actions/receive/again",
        f"/api/v1/track/{dossier.code}/phone",
    ):
        assert_error(client.get(url), 404, "not_found")
        assert_error(post(client, url), 404, "not_found")
    assert_error(Client().get(f"{DOSSIERS}/{dossier.code}/history"), 401, "unauthenticated")


def test_a_wrong_method_is_405_in_the_error_shape(w: Any) -> None:
    dossier = received(w)
    client = client_for(w.counter)
    before = snapshot()
    cases = [
        (client.get, f"{DOSSIERS}/{dossier.code}/actions/receive", "POST"),
        (client.delete, f"{DOSSIERS}/{dossier.code}", "GET"),
        (client.put, DOSSIERS, "GET, POST"),
        (client.get, f"{DOSSIERS}/counter", "POST"),
        (Client().post, f"/api/v1/track/{dossier.code}", "GET"),
    ]
    for method, url, allow in cases:
        response = method(url)
        body = assert_error(response, 405, "method_not_allowed")
        assert response["Allow"] == allow
        assert body["detail"] == {"allowed": allow.split(", ")}
    assert snapshot() == before


# --- bodies ---------------------------------------------------------------------------


def test_malformed_and_missing_bodies(w: Any) -> None:
    dossier = received(w)
    url = f"{DOSSIERS}/{dossier.code}/actions/withdraw"
    client = client_for(w.an.user)
    before = snapshot()
    assert_error(client.post(url, "{", content_type=JSON), 400, "invalid_json")
    assert_error(client.post(url, "", content_type=JSON), 422, "invalid_input")
    assert_error(client.post(url, "[]", content_type=JSON), 422, "invalid_input")
    assert_error(client.post(url, '{"reason": 5}', content_type=JSON), 422, "invalid_input")
    assert_error(client.post(url, "{}", content_type=JSON), 422, "invalid_input")
    assert_error(client.post(url, '{"reason": "   "}', content_type=JSON), 422, "required")
    assert snapshot() == before


STATES = {"received": received, "in_progress": in_progress, "assigned": assigned}


@pytest.mark.parametrize(
    ("state", "who", "action", "body", "code"),
    [
        ("received", "counter", "withdraw", {"reason": "x" * 2001}, "invalid_input"),
        ("received", "counter", "withdraw", {"reason": "chuông\x07"}, "invalid_input"),
        ("received", "counter", "withdraw", {"reason": "nửa\ud800cặp"}, "invalid_input"),
        ("received", "counter", "withdraw", {"reason": "ok", "actor": "an"}, "invalid_input"),
        (
            "received",
            "counter",
            "start_processing",
            {"assignee": "khong.ton.tai"},
            "user_not_found",
        ),
        # A citizen's login is no officer.
        ("received", "counter", "start_processing", {"assignee": "086099012345"}, "user_not_found"),
        (
            "received",
            "counter",
            "start_processing",
            {"assignee": "chuyenvien.tp"},
            "assignee_not_eligible",
        ),
        ("received", "counter", "start_processing", {"assignee": "x" * 151}, "invalid_input"),
        ("in_progress", "unit_head", "assign", {}, "invalid_input"),
        ("in_progress", "unit_head", "assign", {"assignee": "lanhdao.ca"}, "assignee_not_eligible"),
        ("in_progress", "leader", "decide", {"decision": "maybe"}, "invalid_input"),
        ("in_progress", "leader", "decide", {"decision": "refused"}, "required"),
        (
            "in_progress",
            "leader",
            "decide",
            {"decision": "approved", "note": "x" * 4001},
            "invalid_input",
        ),
        ("in_progress", "counter", "request_payment", {"amount": 0}, "invalid_input"),
        ("in_progress", "counter", "request_payment", {"amount": -5}, "invalid_input"),
        ("in_progress", "counter", "request_payment", {"amount": 1.5}, "invalid_input"),
        ("in_progress", "counter", "request_payment", {"amount": 10**13}, "invalid_input"),
        ("in_progress", "counter", "request_payment", {"amount": "mười"}, "invalid_input"),
        ("assigned", "specialist", "hand_off", {"to_step": 0}, "invalid_input"),
        ("assigned", "specialist", "hand_off", {"to_step": 10**12}, "invalid_input"),
        ("assigned", "specialist", "hand_off", {"to_step": 2}, "no_next_step"),
        ("assigned", "specialist", "hand_off", {"to_step": 9}, "no_next_step"),
        ("assigned", "specialist", "hand_off", {"assignee": "nobody"}, "user_not_found"),
        ("in_progress", "leader", "reschedule", {"reason": "x"}, "invalid_input"),
        (
            "in_progress",
            "leader",
            "reschedule",
            {
                "responsible_agency": "000.00.99.H62",
                "reason": "x",
                "new_appointment_at": "2027-01-05T08:00",
            },
            "agency_not_found",
        ),
        (
            "in_progress",
            "leader",
            "reschedule",
            {"responsible_agency": "000.00.12.H62", "reason": "x", "new_appointment_at": "mai"},
            "invalid_input",
        ),
        (
            "in_progress",
            "leader",
            "reschedule",
            {
                "responsible_agency": "000.00.12.H62",
                "reason": "x",
                "new_appointment_at": "2020-01-01T08:00",
            },
            "invalid_new_appointment",
        ),
        (
            "in_progress",
            "leader",
            "reschedule",
            {
                "responsible_agency": "000.00.11.H62",
                "reason": "x",
                "new_appointment_at": "2030-01-01T08:00",
            },
            "agency_not_involved",
        ),
        ("in_progress", "counter", "stop", {"reason": ""}, "invalid_input"),
    ],
)
def test_bad_action_bodies(
    w: Any, state: str, who: str, action: str, body: dict[str, Any], code: str
) -> None:
    dossier = STATES[state](w)
    before = snapshot()
    response = act(getattr(w, who), dossier, action, body)
    assert 400 <= response.status_code < 500
    assert_error(response, response.status_code, code)
    assert snapshot() == before


def test_supplement_request_bodies(w: Any) -> None:
    dossier = submitted(w)
    before = snapshot()
    item = {"name": "Bản vẽ", "reason": "Thiếu"}
    cases = [
        ({"reason": "Thiếu", "items": []}, "invalid_input"),
        ({"reason": "Thiếu", "items": [item] * 51}, "invalid_input"),
        (
            {"reason": "Thiếu", "items": [{**item, "component_id": w.birth_form.pk}]},
            "component_unknown",
        ),
        ({"reason": "Thiếu", "items": [{**item, "name": "x" * 501}]}, "invalid_input"),
        ({"items": [item]}, "invalid_input"),
    ]
    for body, code in cases:
        response = act(w.counter, dossier, "request_supplement", body)
        assert_error(response, response.status_code, code)
        assert snapshot() == before, body


def test_supplement_files_are_checked(w: Any) -> None:
    dossier = awaiting_supplement(w)
    before = snapshot()
    bad = {
        "components": [
            {
                "component_id": w.permit_form.pk,
                "files": [{"name": "x.exe", "content_base64": "TVqQAAMAAAAEAAAA"}],
            }
        ]
    }
    assert_error(act(w.an.user, dossier, "record_supplement", bad), 422, "file_type_not_allowed")
    other = {"components": [{"component_id": w.birth_form.pk}]}
    assert_error(act(w.an.user, dossier, "record_supplement", other), 422, "component_unknown")
    assert_error(
        act(w.an.user, dossier, "record_supplement", {"components": []}), 422, "invalid_input"
    )
    assert snapshot() == before


def test_a_wrong_payment_amount_is_refused(w: Any) -> None:
    dossier = in_progress(w)
    assert act(w.counter, dossier, "request_payment", {"amount": 120_000}).status_code == 200
    before = snapshot()
    body = assert_error(
        act(w.counter, dossier, "record_payment", {"amount": 100_000}), 422, "invalid_amount"
    )
    assert body["detail"] == {"due": 120_000}
    assert snapshot() == before
    assert act(w.counter, dossier, "record_payment", {"amount": 120_000}).status_code == 200


def test_a_session_post_needs_the_csrf_token(w: Any) -> None:
    dossier = received(w)
    client = Client(enforce_csrf_checks=True)
    client.force_login(w.an.user)
    before = snapshot()
    response = post(client, f"{DOSSIERS}/{dossier.code}/actions/withdraw", {"reason": "Không cần"})
    assert_error(response, 403, "csrf_failed")
    assert snapshot() == before


def test_nul_is_refused_at_the_door(w: Any) -> None:
    """core.middleware answers 400 before any view for a NUL in the path, the query or
    a JSON body; a JSON body declared as text still meets the schema's check (422)."""
    dossier = received(w)
    client = client_for(w.an.user)
    url = f"{DOSSIERS}/{dossier.code}/actions/withdraw"
    before = snapshot()
    assert_error(client.get(f"{DOSSIERS}/a%00b"), 400, "invalid_character")
    assert_error(client.get(f"{DOSSIERS}?procedure=a%00b"), 400, "invalid_character")
    assert_error(post(client, url, {"reason": "có\x00nul"}), 400, "invalid_character")
    body = '{"reason": "có\\u0000nul"}'
    assert_error(client.post(url, body, content_type="text/plain"), 422, "invalid_input")
    assert snapshot() == before
