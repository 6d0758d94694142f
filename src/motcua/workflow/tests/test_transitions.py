"""Every action in every state (project issue 3, point 5): the twelve lifecycle states
of ``states.LIFECYCLE`` × the fifteen actions that act on an existing dossier, each
by a person who may take that action on the dossier. An allowed pair lands in the
table's target and writes one history row and one audit entry; a forbidden pair raises
ConflictError "transition_not_allowed" naming the status in Vietnamese and writes
nothing. Then the table itself."""

from __future__ import annotations

from collections import deque
from typing import Any

import pytest

from motcua.core.exceptions import ApplicationError, ConflictError
from motcua.core.models import AuditEntry
from motcua.dossiers.constants import DossierStatus, SupplementStage
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.workflow.constants import Action
from motcua.workflow.models import Task
from motcua.workflow.tests.states import (
    AFTER,
    LIFECYCLE,
    act,
    dossier_in,
    snapshot,
    world_for_module,
)
from motcua.workflow.transitions import CREATING_ACTIONS, EDGES, allowed_actions, target_of

S = DossierStatus
A = Action


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    with world_for_module(django_db_blocker) as built:
        yield built


@pytest.fixture
def w(module_world, db):
    return module_world


ACTING = [action for action in Action if action not in CREATING_ACTIONS]

# The table, written out by hand (transitions.py, DOMAIN.md §13): state → action →
# target. Everything not listed is forbidden.
ALLOWED: dict[str, dict[Action, S]] = {
    "submitted": {
        A.RECEIVE: S.RECEIVED,
        A.REQUEST_SUPPLEMENT: S.AWAITING_SUPPLEMENT,
        A.REFUSE: S.REFUSED,
        A.WITHDRAW: S.WITHDRAWAL_REQUESTED,
    },
    "received": {
        A.START_PROCESSING: S.IN_PROGRESS,
        A.WITHDRAW: S.WITHDRAWAL_REQUESTED,
        A.STOP: S.STOPPED,
        A.RESCHEDULE: S.RECEIVED,
    },
    "refused": {},
    "in_progress": {
        A.ASSIGN: S.IN_PROGRESS,
        A.HAND_OFF: S.IN_PROGRESS,
        A.REQUEST_SUPPLEMENT: S.AWAITING_SUPPLEMENT,
        A.REQUEST_PAYMENT: S.AWAITING_PAYMENT,
        A.DECIDE: S.DECIDED,
        A.WITHDRAW: S.WITHDRAWAL_REQUESTED,
        A.STOP: S.STOPPED,
        A.RESCHEDULE: S.IN_PROGRESS,
    },
    "awaiting_supplement-intake": {
        A.RECORD_SUPPLEMENT: S.SUBMITTED,
        A.WITHDRAW: S.WITHDRAWAL_REQUESTED,
        A.STOP: S.STOPPED,
    },
    "awaiting_supplement-appraisal": {
        A.RECORD_SUPPLEMENT: S.IN_PROGRESS,
        A.WITHDRAW: S.WITHDRAWAL_REQUESTED,
        A.STOP: S.STOPPED,
    },
    # No apology while the clock waits for the applicant: the appointment is not known.
    "awaiting_payment": {
        A.RECORD_PAYMENT: S.IN_PROGRESS,
        A.WITHDRAW: S.WITHDRAWAL_REQUESTED,
        A.STOP: S.STOPPED,
    },
    "withdrawal_requested": {A.STOP: S.STOPPED},
    "stopped": {},
    "decided-result_pending": {A.MARK_RESULT_READY: S.DECIDED, A.RETURN_RESULT: S.RETURNED},
    "decided-result_ready": {A.MARK_RESULT_READY: S.DECIDED, A.RETURN_RESULT: S.RETURNED},
    "returned": {},
}

# Allowed by the table, refused by a rule of the service (DOMAIN.md §2.7): the result
# is returned only once it is at the one-stop unit, and reaches it only once.
RULE_REFUSALS: dict[tuple[str, Action], tuple[type[ApplicationError], str, int]] = {
    ("decided-result_pending", A.RETURN_RESULT): (ApplicationError, "result_not_ready", 400),
    ("decided-result_ready", A.MARK_RESULT_READY): (ConflictError, "result_already_ready", 409),
}

# The status label the refusal names (DossierStatus, Vietnamese first).
LABELS = {
    S.SUBMITTED: "Mới đăng ký",
    S.RECEIVED: "Được tiếp nhận",
    S.REFUSED: "Không được tiếp nhận",
    S.IN_PROGRESS: "Đang xử lý",
    S.AWAITING_SUPPLEMENT: "Yêu cầu bổ sung giấy tờ",
    S.AWAITING_PAYMENT: "Yêu cầu thực hiện nghĩa vụ tài chính",
    S.WITHDRAWAL_REQUESTED: "Công dân yêu cầu rút hồ sơ",
    S.STOPPED: "Dừng xử lý",
    S.DECIDED: "Đã xử lý xong",
    S.RETURNED: "Đã trả kết quả",
}


def actor_for(w: Any, dossier: Dossier, action: Action) -> Any:
    """The person whose job the action is on this dossier (permissions.py): the counter
    officer of the centre, the owner, the leader of Sở Xây dựng, or whoever works the
    active step (the counter officer at the intake step, the specialist or the unit
    head at Sở Xây dựng)."""
    task = Task.objects.filter(dossier=dossier, status="active").first()
    at_counter = task is not None and task.one_stop_unit_id is not None
    match action:
        case A.RECORD_SUPPLEMENT | A.WITHDRAW:
            return w.an.user
        case A.DECIDE | A.RESCHEDULE:
            return w.leader
        case A.REQUEST_SUPPLEMENT:
            return w.counter if dossier.status == S.SUBMITTED or at_counter else w.specialist
        case A.ASSIGN:
            return w.counter if at_counter else w.unit_head
        case A.HAND_OFF:
            return w.counter if at_counter else w.specialist
    return w.counter


@pytest.fixture(scope="module", params=list(LIFECYCLE))
def state(request, module_world, django_db_blocker) -> tuple[str, Dossier]:
    """The dossier of one lifecycle state, built once for the fifteen actions tried on
    it (each test runs in a savepoint, so none sees another's action)."""
    status, options = LIFECYCLE[request.param]
    with django_db_blocker.unblock():
        return request.param, dossier_in(module_world, status, **options)


@pytest.mark.parametrize("action", ACTING, ids=[action.value for action in ACTING])
def test_action_in_state(w, state, action):
    label, dossier = state
    status = LIFECYCLE[label][0]
    actor = actor_for(w, dossier, action)
    before = snapshot(dossier)
    events = DossierEvent.objects.filter(dossier=dossier).count()

    if (label, action) in RULE_REFUSALS:
        error_class, code, http_status = RULE_REFUSALS[label, action]
        with pytest.raises(error_class) as refused:
            act(w, dossier, action, actor=actor)
        assert (refused.value.code, refused.value.http_status) == (code, http_status)
        assert snapshot(dossier) == before
        return

    if action in ALLOWED[label]:
        target = ALLOWED[label][action]
        after = act(w, dossier, action, actor=actor)
        after.refresh_from_db()
        assert after.status == target
        new_events = list(
            DossierEvent.objects.filter(dossier=dossier)
            .order_by("pk")
            .values_list("action", "from_status", "to_status", "actor")[events:]
        )
        assert new_events == [(action.value, status, target.value, actor.pk)]
        assert AuditEntry.objects.count() == before["core.AuditEntry"] + 1
        assert AuditEntry.objects.order_by("-pk").values_list("action", flat=True)[0] == (
            f"dossier.{action.value}"
        )
        if target != status:
            assert after.status_changed_at == AFTER
        else:
            assert after.status_changed_at == before[f"dossier {dossier.pk}"]["status_changed_at"]
        return

    with pytest.raises(ConflictError) as refused:
        act(w, dossier, action, actor=actor)
    refusal = refused.value
    assert refusal.code == "transition_not_allowed"
    assert refusal.http_status == 409
    assert refusal.detail == {"status": status, "action": action.value}
    assert f"“{LABELS[status]}”" in refusal.message
    assert refusal.message.startswith("Hồ sơ đang ở trạng thái")
    assert snapshot(dossier) == before


def test_refusal_message_names_status_and_action(w):
    dossier = dossier_in(w, S.RETURNED)
    with pytest.raises(ConflictError) as refused:
        act(w, dossier, A.WITHDRAW, actor=w.an.user)
    assert refused.value.message == (
        "Hồ sơ đang ở trạng thái “Đã trả kết quả”, không thể “Rút hồ sơ” "
        "(action withdraw not allowed in status returned)."
    )


@pytest.mark.parametrize("who", ["anonymous", "binh", "no_role", "justice_leader"])
def test_the_table_speaks_first_whoever_asks(w, who):
    """A forbidden action is a 409 naming the status even for someone who could never
    take it (services._begin: the interface has already answered 404 to anyone who
    may not see the dossier)."""
    people = {
        "anonymous": None,
        "binh": w.binh.user,
        "no_role": w.no_role,
        "justice_leader": w.justice_leader,
    }
    actor = people[who]
    dossier = dossier_in(w, S.RETURNED)
    before = snapshot(dossier)
    with pytest.raises(ConflictError) as refused:
        act(w, dossier, A.DECIDE, actor=actor)
    assert refused.value.code == "transition_not_allowed"
    assert snapshot(dossier) == before


def test_every_lifecycle_state_is_what_it_says(w):
    """The helper's variants: which stage, whether the result is at the counter."""
    intake = dossier_in(w, S.AWAITING_SUPPLEMENT, stage=SupplementStage.INTAKE)
    appraisal = dossier_in(w, S.AWAITING_SUPPLEMENT)
    pending = dossier_in(w, S.DECIDED)
    ready = dossier_in(w, S.DECIDED, result_ready=True)
    online = dossier_in(w, S.RECEIVED, channel="online")
    stopped = dossier_in(w, S.STOPPED, stopped_from=S.WITHDRAWAL_REQUESTED)
    assert (intake.supplement_stage, intake.paused_at) == ("intake", None)
    assert appraisal.supplement_stage == "appraisal" and appraisal.paused_at is not None
    assert (pending.result_ready_at, ready.result_ready_at is not None) == (None, True)
    assert (online.channel, online.received_by) == ("online", w.counter)
    assert stopped.stop_notice.at_applicant_request is True
    assert list(
        DossierEvent.objects.filter(dossier=stopped).values_list("from_status", "to_status")
    ) == [
        ("", "received"),
        ("received", "withdrawal_requested"),
        ("withdrawal_requested", "stopped"),
    ]


# --- the table ------------------------------------------------------------------------


def test_the_table_written_out_matches_transitions():
    # The hand-written ALLOWED above, checked against the table's own functions.
    for state, (status, options) in LIFECYCLE.items():
        stage = options.get("stage", "")
        assert set(allowed_actions(status, supplement_stage=stage)) == set(ALLOWED[state])
        for action in ACTING:
            assert target_of(status, action, supplement_stage=stage) == ALLOWED[state].get(action)


def test_allowed_actions_in_table_order():
    assert allowed_actions(S.SUBMITTED) == [A.RECEIVE, A.REQUEST_SUPPLEMENT, A.REFUSE, A.WITHDRAW]
    assert allowed_actions(S.RECEIVED) == [A.START_PROCESSING, A.WITHDRAW, A.STOP, A.RESCHEDULE]
    assert allowed_actions(S.IN_PROGRESS) == [
        A.ASSIGN,
        A.HAND_OFF,
        A.REQUEST_SUPPLEMENT,
        A.REQUEST_PAYMENT,
        A.DECIDE,
        A.WITHDRAW,
        A.STOP,
        A.RESCHEDULE,
    ]
    assert allowed_actions(S.AWAITING_SUPPLEMENT, supplement_stage="intake") == [
        A.RECORD_SUPPLEMENT,
        A.WITHDRAW,
        A.STOP,
    ]
    # Without a stage there is nothing to record: only withdraw or stop.
    assert allowed_actions(S.AWAITING_SUPPLEMENT) == [A.WITHDRAW, A.STOP]
    assert allowed_actions(S.AWAITING_PAYMENT) == [A.RECORD_PAYMENT, A.WITHDRAW, A.STOP]
    assert allowed_actions(S.WITHDRAWAL_REQUESTED) == [A.STOP]
    assert allowed_actions(S.DECIDED) == [A.MARK_RESULT_READY, A.RETURN_RESULT]


@pytest.mark.parametrize("status", [S.REFUSED, S.STOPPED, S.RETURNED])
def test_final_statuses_have_no_way_out(status):
    assert allowed_actions(status) == []
    assert [edge for edge in EDGES if edge.source == status] == []


def test_unknown_status_or_action_allows_nothing():
    assert allowed_actions("archived") == []
    assert target_of(S.IN_PROGRESS, "approve") is None
    assert target_of(S.AWAITING_SUPPLEMENT, A.RECORD_SUPPLEMENT) is None


def test_record_supplement_target_depends_on_stage():
    assert target_of(S.AWAITING_SUPPLEMENT, A.RECORD_SUPPLEMENT, supplement_stage="intake") == (
        S.SUBMITTED
    )
    assert target_of(S.AWAITING_SUPPLEMENT, A.RECORD_SUPPLEMENT, supplement_stage="appraisal") == (
        S.IN_PROGRESS
    )


def test_every_status_is_reachable_and_every_action_used():
    reached: set[str] = set()
    queue = deque(edge.target for edge in EDGES if edge.source is None)
    while queue:
        status = queue.popleft()
        if status in reached:
            continue
        reached.add(status)
        queue.extend(edge.target for edge in EDGES if edge.source == status)
    assert reached == set(S.values)
    assert {edge.action for edge in EDGES} == set(Action)
    assert {A.SUBMIT_ONLINE, A.RECEIVE_COUNTER, A.REGISTER_COUNTER} == CREATING_ACTIONS


def test_creating_actions_only_create():
    """A dossier is created online (Mới đăng ký), received complete at the counter, or
    registered incomplete at the counter (Mới đăng ký, then Mẫu 02 or 03 in the same
    transaction, Decree 118 Art. 11); no creating action acts on an existing dossier."""
    assert {(edge.action, edge.target) for edge in EDGES if edge.source is None} == {
        (A.SUBMIT_ONLINE, S.SUBMITTED),
        (A.RECEIVE_COUNTER, S.RECEIVED),
        (A.REGISTER_COUNTER, S.SUBMITTED),
    }
    for status in S:
        for action in CREATING_ACTIONS:
            assert target_of(status, action) is None


def test_every_non_final_status_can_end():
    """From every status a final one (refused, stopped, returned) can be reached."""
    final = {S.REFUSED, S.STOPPED, S.RETURNED}
    for status in set(S) - final:
        seen, queue = set(), deque([status])
        while queue:
            current = queue.popleft()
            if current in seen:
                continue
            seen.add(current)
            queue.extend(edge.target for edge in EDGES if edge.source == current)
        assert seen & final, status


def test_no_edge_twice():
    keys = [(edge.source, edge.action, edge.stage) for edge in EDGES]
    assert len(keys) == len(set(keys))
