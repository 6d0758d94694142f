"""The authorization matrix of every dossier endpoint (DESIGN.md, Tests): anonymous,
the applicant, another citizen, an officer of another agency, an officer who sees the
dossier but lacks the role, and the officer with it. Every refusal is checked to have
written nothing: no row, no changed state, no stored file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from motcua.api.tests.dossier_helpers import (
    DOSSIERS,
    PDF_B64,
    assert_error,
    assigned,
    awaiting_payment,
    awaiting_supplement,
    client_for,
    counter_body,
    decided,
    in_progress,
    module_world,
    online_body,
    post,
    prepared,
    received,
    result_ready,
    snapshot,
    submitted,
    withdrawal_requested,
)
from motcua.dossiers.models import Dossier

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world_of_module(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    with module_world(django_db_blocker) as built:
        yield built


@pytest.fixture
def w(world_of_module: Any, db: Any, settings: Any, tmp_path: Path) -> Any:
    return prepared(world_of_module, settings, tmp_path)


def _user(w: Any, who: str) -> Any:
    """Callers by role name: citizens by their Citizen record, staff directly."""
    if who in ("an", "binh"):
        return getattr(w, who).user
    return getattr(w, who)


# --- actions --------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    action: str
    setup: Callable[[Any], Dossier]
    body: Callable[[Any, Dossier], dict[str, Any]]
    allowed: str
    # Officers who see the dossier but may not do this.
    without_role: tuple[str, ...]
    target: str
    # The applicant (An) is refused unless the action is theirs.
    owner_allowed: bool = False
    extra: dict[str, int] = field(default_factory=dict)


def _reschedule_body(w: Any, dossier: Dossier) -> dict[str, Any]:
    assert dossier.appointment_at is not None
    later = dossier.appointment_at.replace(microsecond=0) + dt.timedelta(days=3)
    return {
        "responsible_agency": w.construction.code,
        "reason": "Cần thêm thời gian thẩm định thực địa",
        "new_appointment_at": later.isoformat(),
    }


ROWS = [
    Row("receive", submitted, lambda w, d: {}, "counter", ("leader", "inspector"), "received"),
    Row(
        "request_supplement",
        submitted,
        lambda w, d: {
            "reason": "Thiếu bản vẽ",
            "items": [{"name": "Bản vẽ", "reason": "Chưa có", "component_id": w.permit_form.pk}],
        },
        "counter",
        ("leader", "inspector"),
        "awaiting_supplement",
    ),
    Row(
        "record_supplement",
        awaiting_supplement,
        lambda w, d: {
            "components": [
                {
                    "component_id": w.permit_form.pk,
                    "files": [{"name": "ban-ve.pdf", "content_base64": PDF_B64}],
                }
            ]
        },
        "an",
        ("leader", "inspector"),
        "submitted",
        owner_allowed=True,
    ),
    Row(
        "refuse",
        submitted,
        lambda w, d: {"reason": "Không thuộc thẩm quyền", "legal_basis": "Nghị định 118/2025"},
        "counter",
        ("leader", "inspector"),
        "refused",
    ),
    Row("start_processing", received, lambda w, d: {}, "counter", ("inspector",), "in_progress"),
    Row(
        "assign",
        in_progress,
        lambda w, d: {"assignee": "chuyenvien.xd"},
        "unit_head",
        ("counter", "inspector"),
        "in_progress",
    ),
    Row(
        "hand_off", assigned, lambda w, d: {}, "specialist", ("counter", "inspector"), "in_progress"
    ),
    Row(
        "decide",
        in_progress,
        lambda w, d: {"decision": "approved"},
        "leader",
        ("unit_head", "counter", "inspector"),
        "decided",
    ),
    Row(
        "request_payment",
        in_progress,
        lambda w, d: {"amount": 150_000, "note": "Lệ phí cấp phép"},
        "counter",
        ("inspector",),
        "awaiting_payment",
    ),
    Row(
        "record_payment",
        awaiting_payment,
        lambda w, d: {"amount": 50_000, "reference": "BL-0001"},
        "counter",
        ("leader", "inspector"),
        "in_progress",
    ),
    Row("mark_result_ready", decided, lambda w, d: {}, "counter", ("inspector",), "decided"),
    Row(
        "return_result",
        result_ready,
        lambda w, d: {},
        "counter",
        ("leader", "inspector"),
        "returned",
    ),
    Row(
        "withdraw",
        received,
        lambda w, d: {"reason": "Tôi không cần nữa"},
        "an",
        ("leader", "inspector"),
        "withdrawal_requested",
        owner_allowed=True,
    ),
    Row(
        "stop",
        withdrawal_requested,
        lambda w, d: {"reason": "Theo đề nghị của người yêu cầu"},
        "counter",
        ("unit_head", "inspector"),
        "stopped",
    ),
    Row(
        "reschedule",
        in_progress,
        _reschedule_body,
        "leader",
        ("counter", "unit_head", "inspector"),
        "in_progress",
    ),
]


def test_every_action_has_a_row() -> None:
    from motcua.workflow.constants import Action
    from motcua.workflow.transitions import CREATING_ACTIONS

    actions = {a.value for a in Action} - set(CREATING_ACTIONS)
    assert {row.action for row in ROWS} == actions


@pytest.mark.parametrize("row", ROWS, ids=[row.action for row in ROWS])
def test_action_matrix(w: Any, row: Row) -> None:
    dossier = row.setup(w)
    url = f"{DOSSIERS}/{dossier.code}/actions/{row.action}"
    body = row.body(w, dossier)
    before = snapshot()

    assert_error(post(client_for(None), url, body), 401, "unauthenticated")
    assert snapshot() == before
    # Not visible: "not found", the same answer as for a code that does not exist.
    for who in ("binh", "justice_leader", "no_role"):
        assert_error(post(client_for(_user(w, who)), url, body), 404, "dossier_not_found")
        assert snapshot() == before, who
    refused = list(row.without_role) + ([] if row.owner_allowed else ["an"])
    for who in refused:
        assert_error(post(client_for(_user(w, who)), url, body), 403, "permission_denied")
        assert snapshot() == before, who

    response = post(client_for(_user(w, row.allowed)), url, body)
    assert response.status_code == 200, response.content
    assert response.json()["code"] == dossier.code
    assert response.json()["status"]["value"] == row.target
    assert snapshot() != before
    dossier.refresh_from_db()
    assert dossier.status == row.target
    assert dossier.events.order_by("-pk").first().action == row.action


# --- reading --------------------------------------------------------------------------


def test_detail_matrix(w: Any) -> None:
    dossier = assigned(w)
    url = f"{DOSSIERS}/{dossier.code}"
    before = snapshot()
    assert_error(client_for(None).get(url), 401, "unauthenticated")
    for who in ("binh", "justice_leader", "no_role", "police_officer"):
        assert_error(client_for(_user(w, who)).get(url), 404, "dossier_not_found")
    for who in ("an", "counter", "specialist", "unit_head", "leader", "inspector"):
        response = client_for(_user(w, who)).get(url)
        assert response.status_code == 200, (who, response.content)
        assert response.json()["code"] == dossier.code
    assert snapshot() == before


def test_detail_lists_only_what_the_caller_may_do(w: Any) -> None:
    dossier = assigned(w)
    url = f"{DOSSIERS}/{dossier.code}"

    def actions(who: str) -> list[str]:
        return [a["value"] for a in client_for(_user(w, who)).get(url).json()["actions"]]

    # In progress, step 2 given to the specialist (table of transitions.py and
    # permissions.py, checked by hand).
    assert actions("an") == ["withdraw"]
    assert actions("inspector") == []
    assert actions("specialist") == ["hand_off", "request_supplement", "request_payment"]
    assert actions("counter") == ["request_payment", "withdraw", "stop"]
    assert actions("leader") == [
        "assign",
        "hand_off",
        "request_supplement",
        "request_payment",
        "decide",
        "stop",
        "reschedule",
    ]


def test_list_matrix(w: Any) -> None:
    mine = received(w)
    cuong = received(w, applicant=w.cuong)
    before = snapshot()
    assert_error(client_for(None).get(DOSSIERS), 401, "unauthenticated")

    def codes(who: str) -> set[str]:
        response = client_for(_user(w, who)).get(DOSSIERS)
        assert response.status_code == 200, response.content
        return {item["code"] for item in response.json()["items"]}

    assert codes("an") == {mine.code}
    assert codes("binh") == set()
    assert codes("justice_leader") == set()
    assert codes("no_role") == set()
    assert codes("counter") == {mine.code, cuong.code}
    assert codes("leader") == {mine.code, cuong.code}
    assert snapshot() == before


def test_track_is_public_and_the_same_for_everyone(w: Any) -> None:
    dossier = received(w)
    url = f"/api/v1/track/{dossier.code}"
    before = snapshot()
    answers = []
    for who in (None, "an", "binh", "justice_leader", "no_role", "counter"):
        response = client_for(_user(w, who) if who else None).get(url)
        assert response.status_code == 200, response.content
        answers.append(response.json())
    assert all(answer == answers[0] for answer in answers)
    assert snapshot() == before


# --- creating -------------------------------------------------------------------------


def test_submission_matrix(w: Any) -> None:
    before = snapshot()
    assert_error(post(client_for(None), DOSSIERS, online_body(w)), 401, "unauthenticated")
    assert snapshot() == before
    # Staff file nothing online in their own name (the applicant's account does).
    for who in ("counter", "justice_leader", "no_role", "leader"):
        assert_error(
            post(client_for(_user(w, who)), DOSSIERS, online_body(w)), 403, "not_an_applicant"
        )
        assert snapshot() == before, who
    for who in ("an", "binh"):
        response = post(client_for(_user(w, who)), DOSSIERS, online_body(w))
        assert response.status_code == 201, response.content
        assert response.json()["applicant"]["id_number"] == getattr(w, who).citizen_id
    assert Dossier.objects.count() == 2


def test_counter_matrix(w: Any) -> None:
    url = f"{DOSSIERS}/counter"
    before = snapshot()
    assert_error(post(client_for(None), url, counter_body(w)), 401, "unauthenticated")
    assert snapshot() == before
    for who in ("an", "binh", "justice_leader", "no_role", "leader", "inspector"):
        assert_error(
            post(client_for(_user(w, who)), url, counter_body(w)), 403, "permission_denied"
        )
        assert snapshot() == before, who
    response = post(client_for(w.counter), url, counter_body(w))
    assert response.status_code == 201, response.content
    assert response.json()["status"]["value"] == "received"
    assert Dossier.objects.get().received_by == w.counter


def test_unknown_action_matrix(w: Any) -> None:
    dossier = received(w)
    url = f"{DOSSIERS}/{dossier.code}/actions/approve_everything"
    before = snapshot()
    assert_error(post(client_for(None), url, {}), 401, "unauthenticated")
    for who in ("an", "binh", "justice_leader", "counter", "leader"):
        assert_error(post(client_for(_user(w, who)), url, {}), 404, "action_not_found")
    assert snapshot() == before
