"""People acting on the same dossier at the same moment (project issue 3, point 5;
DESIGN.md, "A write, end to end": the service locks the dossier row). Threads released
together by a barrier, each on its own connection, on PostgreSQL and on SQLite (see
``SameMoment`` for how SQLite runs them): exactly one succeeds, the other gets a clear
refusal, and the history holds exactly one row for the action. Also 8 × 25 receipts
at once: codes 0001..0200, no gap, no duplicate."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.test import override_settings

from motcua.accounts.constants import RoleCode
from motcua.accounts.services import staff_user_create
from motcua.agencies.services import staff_assign_role
from motcua.core.exceptions import ApplicationError, ConflictError
from motcua.core.models import AuditEntry
from motcua.dossiers.constants import Decision, DossierStatus
from motcua.dossiers.models import Dossier, DossierCodeSequence, DossierEvent
from motcua.dossiers.tests.concurrency import Outcome, SameMoment
from motcua.workflow import services
from motcua.workflow.models import ApologyNotice, Handoff, SupplementRequest, Task
from motcua.workflow.tests.states import AFTER, FAST_HASHERS, FEE, act, dossier_in
from motcua.workflow.tests.world import PASSWORD, local, paper, world

S = DossierStatus

# Committed data, seen by every thread's connection; the roles seeded by migration are
# restored for each test (serialized_rollback) after the previous one's flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def w():
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        built = world()
        built.counter2 = staff_user_create(
            actor=None, username="tiepnhan2", full_name="Trương Thị Ngọc", password=PASSWORD
        )
        staff_assign_role(
            actor=None,
            user=built.counter2,
            role_code=RoleCode.COUNTER_OFFICER,
            agency=built.province,
            one_stop_unit=built.centre,
        )
        built.leader2 = staff_user_create(
            actor=None, username="phogiamdoc.xd", full_name="Bùi Quang Vinh", password=PASSWORD
        )
        staff_assign_role(
            actor=None, user=built.leader2, role_code=RoleCode.LEADER, agency=built.construction
        )
    return built


@pytest.fixture
def same_moment(tmp_path):
    return SameMoment(tmp_path)


def events(dossier: Dossier, action: str) -> int:
    return DossierEvent.objects.filter(dossier=dossier, action=action).count()


def one_won(outcomes: list[Outcome], refusal: type[ApplicationError], code: str) -> int:
    """Exactly one call succeeded, the other was refused with ``code``; the winner."""
    winners = [index for index, outcome in enumerate(outcomes) if outcome.error is None]
    assert len(winners) == 1, [outcome.error for outcome in outcomes]
    (loser,) = (outcome.error for outcome in outcomes if outcome.error is not None)
    assert type(loser) is refusal, repr(loser)
    assert loser.code == code, loser.message
    return winners[0]


def test_two_officers_receive_the_same_online_dossier(w, same_moment):
    dossier = dossier_in(w, S.SUBMITTED)
    outcomes = same_moment.run(
        lambda: act(w, dossier, "receive", actor=w.counter),
        lambda: act(w, dossier, "receive", actor=w.counter2),
    )
    winner = one_won(outcomes, ConflictError, "transition_not_allowed")
    assert outcomes[1 - winner].error.http_status == 409
    assert "“Được tiếp nhận”" in outcomes[1 - winner].error.message
    dossier.refresh_from_db()
    assert (dossier.status, dossier.received_by) == (S.RECEIVED, [w.counter, w.counter2][winner])
    assert events(dossier, "receive") == 1
    # One set of tasks (the permit's three steps), one audit entry.
    assert Task.objects.filter(dossier=dossier).count() == 3
    assert AuditEntry.objects.filter(action="dossier.receive").count() == 1


def test_receive_and_refuse_at_once(w, same_moment):
    dossier = dossier_in(w, S.SUBMITTED)
    outcomes = same_moment.run(
        lambda: act(w, dossier, "receive", actor=w.counter),
        lambda: act(w, dossier, "refuse", actor=w.counter2),
    )
    winner = one_won(outcomes, ConflictError, "transition_not_allowed")
    dossier.refresh_from_db()
    assert dossier.status == [S.RECEIVED, S.REFUSED][winner]
    assert events(dossier, "receive") + events(dossier, "refuse") == 1
    assert hasattr(dossier, "refusal") == (winner == 1)


def test_two_withdrawals(w, same_moment):
    dossier = dossier_in(w, S.IN_PROGRESS)
    outcomes = same_moment.run(
        lambda: act(w, dossier, "withdraw", actor=w.an.user),
        lambda: act(w, dossier, "withdraw", actor=w.counter),
    )
    one_won(outcomes, ConflictError, "transition_not_allowed")
    dossier.refresh_from_db()
    assert dossier.status == S.WITHDRAWAL_REQUESTED
    assert events(dossier, "withdraw") == 1


def test_two_leaders_decide_differently(w, same_moment):
    dossier = dossier_in(w, S.IN_PROGRESS)
    outcomes = same_moment.run(
        lambda: services.dossier_decide(
            dossier=dossier, actor=w.leader, decision=Decision.APPROVED, at=AFTER
        ),
        lambda: services.dossier_decide(
            dossier=dossier,
            actor=w.leader2,
            decision=Decision.REFUSED,
            note="Không phù hợp quy hoạch",
            at=AFTER,
        ),
    )
    winner = one_won(outcomes, ConflictError, "transition_not_allowed")
    dossier.refresh_from_db()
    assert dossier.decision == ["approved", "refused"][winner]
    assert events(dossier, "decide") == 1
    assert not Task.objects.filter(dossier=dossier, status="active").exists()


def test_payment_recorded_twice(w, same_moment):
    dossier = dossier_in(w, S.AWAITING_PAYMENT)
    outcomes = same_moment.run(
        lambda: act(w, dossier, "record_payment", actor=w.counter),
        lambda: act(w, dossier, "record_payment", actor=w.counter2),
    )
    one_won(outcomes, ConflictError, "transition_not_allowed")
    dossier.refresh_from_db()
    assert (dossier.status, dossier.fee_requested, dossier.fee_paid) == (S.IN_PROGRESS, FEE, FEE)
    assert events(dossier, "record_payment") == 1


def test_two_supplement_requests_at_appraisal(w, same_moment):
    dossier = dossier_in(w, S.IN_PROGRESS)
    outcomes = same_moment.run(
        lambda: act(w, dossier, "request_supplement", actor=w.specialist),
        lambda: act(w, dossier, "request_supplement", actor=w.unit_head),
    )
    one_won(outcomes, ConflictError, "transition_not_allowed")
    dossier.refresh_from_db()
    assert (dossier.status, dossier.supplement_count) == (S.AWAITING_SUPPLEMENT, 1)
    assert SupplementRequest.objects.filter(dossier=dossier).count() == 1
    assert events(dossier, "request_supplement") == 1


def test_supplement_uploaded_twice(w, same_moment):
    dossier = dossier_in(w, S.AWAITING_SUPPLEMENT)
    outcomes = same_moment.run(
        lambda: act(w, dossier, "record_supplement", actor=w.an.user),
        lambda: act(w, dossier, "record_supplement", actor=w.counter),
    )
    one_won(outcomes, ConflictError, "transition_not_allowed")
    dossier.refresh_from_db()
    assert (dossier.status, dossier.paused_at) == (S.IN_PROGRESS, None)
    assert events(dossier, "record_supplement") == 1
    # The pause was counted once. Asked Monday 2 March 08:20, supplied Tuesday 09:00:
    # 3h10 + 4h on Monday and 1h30 on Tuesday, 8h40 of working time; the appointment
    # moves from Monday 9 March 08:00 by 7h30 that Monday and 1h10 on Tuesday.
    assert dossier.appointment_at == local(2026, 3, 10, 8, 40)


def test_two_apologies_at_once(w, same_moment):
    # The second leader finds the first one's apology: "only once", not a second Mẫu 04.
    dossier = dossier_in(w, S.IN_PROGRESS)

    def apologise(actor: Any, new_day: int) -> Callable[[], Dossier]:
        return lambda: services.dossier_reschedule(
            dossier=dossier,
            actor=actor,
            responsible_agency=w.construction,
            reason="Chờ ý kiến của cơ quan quản lý đê điều",
            new_appointment_at=local(2026, 3, new_day, 8, 0),
            at=AFTER,
        )

    outcomes = same_moment.run(apologise(w.leader, 12), apologise(w.leader2, 13))
    winner = one_won(outcomes, ApplicationError, "reschedule_once")
    dossier.refresh_from_db()
    assert (dossier.reschedule_count, dossier.appointment_at) == (
        1,
        local(2026, 3, [12, 13][winner], 8, 0),
    )
    assert ApologyNotice.objects.filter(dossier=dossier).count() == 1
    assert events(dossier, "reschedule") == 1


def test_result_brought_to_the_counter_twice(w, same_moment):
    dossier = dossier_in(w, S.DECIDED)
    outcomes = same_moment.run(
        lambda: act(w, dossier, "mark_result_ready", actor=w.specialist),
        lambda: act(w, dossier, "mark_result_ready", actor=w.counter),
    )
    one_won(outcomes, ConflictError, "result_already_ready")
    assert events(dossier, "mark_result_ready") == 1
    # One last row of Mẫu 05 (Sở Xây dựng → centre), besides the two of the processing.
    assert Handoff.objects.filter(dossier=dossier, to_unit=w.centre).count() == 1


def test_leader_decides_while_the_specialist_hands_off(w, same_moment):
    """Both are allowed in "in progress", so the result depends on who locks first,
    and must be one of the two serial orders: hand-off then decision (both succeed),
    or decision then a refused hand-off. Never both half-done: a decided dossier with
    an active step."""
    dossier = dossier_in(w, S.IN_PROGRESS)
    outcomes = same_moment.run(
        lambda: act(w, dossier, "decide", actor=w.leader),
        lambda: act(w, dossier, "hand_off", actor=w.specialist),
    )
    dossier.refresh_from_db()
    decided, handed = outcomes
    assert decided.error is None
    assert dossier.status == S.DECIDED
    history = list(
        DossierEvent.objects.filter(dossier=dossier)
        .order_by("pk")
        .values_list("action", flat=True)[2:]  # after receive_counter, start_processing
    )
    if handed.error is None:
        assert history == ["hand_off", "decide"]
    else:
        assert (type(handed.error), handed.error.code) == (ConflictError, "transition_not_allowed")
        assert history == ["decide"]
    assert not Task.objects.filter(dossier=dossier, status="active").exists()
    assert Counter(Task.objects.filter(dossier=dossier).values_list("status", flat=True)) == (
        Counter({"done": 3}) if handed.error is None else Counter({"done": 2, "skipped": 1})
    )


def test_the_same_submission_sent_twice_at_once(w, same_moment):
    """A citizen's browser retries while the first request is still running (same
    Idempotency-Key): one dossier, one number; the next dossier is 0002."""
    moment = local(2026, 3, 2, 9, 0)

    def submit() -> tuple[Dossier, bool]:
        return services.dossier_submit_online(
            actor=w.an.user,
            version=w.permit_version,
            components=[paper(w.permit_form, with_file=True)],
            idempotency_key="3f1c-retry",
            fingerprint="same-body",
            at=moment,
        )

    outcomes = same_moment.run(submit, submit)
    assert [outcome.error for outcome in outcomes] == [None, None]
    (first, first_created), (second, second_created) = (o.result for o in outcomes)
    assert first.pk == second.pk
    assert sorted([first_created, second_created]) == [False, True]
    assert first.code == "000.00.12.H62-260302-0001"
    assert Dossier.objects.count() == 1
    assert DossierEvent.objects.filter(action="submit_online").count() == 1
    dossier, _created = services.dossier_submit_online(
        actor=w.an.user,
        version=w.permit_version,
        components=[paper(w.permit_form, with_file=True)],
        at=moment,
    )
    assert dossier.code == "000.00.12.H62-260302-0002"


def test_eight_officers_receive_200_dossiers_at_once(w, same_moment):
    """Four counter officers' sessions and four citizens' uploads, 25 each, all on
    Monday 2 March 2026: every code from 0001 to 0200 once."""
    moment = local(2026, 3, 2, 9, 0)

    def counter() -> list[str]:
        return [
            services.dossier_receive_at_counter(
                actor=w.counter,
                version=w.permit_version,
                one_stop_unit=w.centre,
                applicant=w.cuong,
                components=[paper(w.permit_form)],
                at=moment,
            ).code
            for _ in range(25)
        ]

    def citizen() -> list[str]:
        return [
            services.dossier_submit_online(
                actor=w.an.user,
                version=w.permit_version,
                components=[paper(w.permit_form, with_file=True)],
                at=moment,
            )[0].code
            for _ in range(25)
        ]

    outcomes = same_moment.run(*([counter] * 4 + [citizen] * 4))
    assert [outcome.error for outcome in outcomes] == [None] * 8
    codes = [code for outcome in outcomes for code in outcome.result]
    assert sorted(codes) == [f"000.00.12.H62-260302-{n:04d}" for n in range(1, 201)]
    assert sorted(Dossier.objects.values_list("code", flat=True)) == sorted(codes)
    assert DossierCodeSequence.objects.get(agency=w.construction).last == 200
    assert Counter(Dossier.objects.values_list("status", flat=True)) == Counter(
        {"received": 100, "submitted": 100}
    )
