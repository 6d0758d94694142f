"""The leader's desk and the counter's returns (``workflow.desk``): which dossiers each
list holds, in which order, and who sees them. Dates and lists checked by hand.

Working hours 07:30-11:30, 13:00-17:00. A permit received on Monday 2 March 2026 at
08:00 (``dossier_in``) is due back on Monday 9 March, 08:00; its step 2 (Thẩm định,
3.5 days from 08:10) falls due on Thursday 5 March at 13:40."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.dossiers.constants import DossierStatus
from motcua.workflow import services
from motcua.workflow.desk import decisions_waiting, dossiers_late_or_at_risk, results_waiting
from motcua.workflow.reminders import deadline_sweep
from motcua.workflow.tests.states import dossier_in
from motcua.workflow.tests.world import local, paper

FRIDAY = local(2026, 3, 6, 9, 0)  # 7 working hours before the appointment
JANUARY = local(2026, 1, 5, 8, 0)  # Monday 5 January: due back Monday 12 January, 08:00


def codes(page) -> list[str]:
    return [row.code for row in page.rows]


def test_decisions_wait_at_the_last_step_oldest_due_first(w):
    at_appraisal = dossier_in(w, DossierStatus.IN_PROGRESS)
    later = services.dossier_hand_off(
        dossier=dossier_in(w, DossierStatus.IN_PROGRESS),
        actor=w.specialist,
        at=local(2026, 3, 3, 10, 0),
    )
    earlier = services.dossier_hand_off(
        dossier=dossier_in(w, DossierStatus.IN_PROGRESS),
        actor=w.specialist,
        at=local(2026, 3, 3, 9, 0),
    )
    page = decisions_waiting(user=w.leader)
    assert [task.dossier.code for task in page.rows] == [earlier.code, later.code]
    # Phê duyệt, 1 day from Tuesday 09:00: Wednesday 09:00.
    assert (page.rows[0].name, page.rows[0].due_at) == (
        "Phê duyệt",
        local(2026, 3, 4, 9, 0),
    )
    assert at_appraisal.code not in [task.dossier.code for task in page.rows]
    assert page.total == 2
    for other in (w.justice_leader, w.specialist, w.unit_head, w.counter, w.an.user):
        assert decisions_waiting(user=other).rows == []


def test_a_decided_dossier_no_longer_waits(w):
    dossier_in(w, DossierStatus.DECIDED)
    assert decisions_waiting(user=w.leader).total == 0


def test_a_step_held_by_the_leader_role_waits_for_the_leader(w):
    dossier = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.karaoke_version,
        one_stop_unit=w.centre,
        applicant=w.cuong,
        components=[paper(w.karaoke_form)],
        at=local(2026, 4, 6, 8, 0),
    )
    dossier = services.dossier_start_processing(
        dossier=dossier, actor=w.counter, at=local(2026, 4, 6, 10, 0)
    )
    dossier = services.dossier_hand_off(
        dossier=dossier, actor=w.police_officer, at=local(2026, 4, 7, 9, 0)
    )
    assert decisions_waiting(user=w.culture_leader).total == 0  # step 3, Thẩm định
    services.dossier_hand_off(dossier=dossier, actor=w.culture_officer, at=local(2026, 4, 8, 9, 0))
    assert [t.dossier.code for t in decisions_waiting(user=w.culture_leader).rows] == [dossier.code]
    assert decisions_waiting(user=w.police_leader).total == 0  # police does not decide


def test_late_and_at_risk_dossiers_most_urgent_first(w):
    at_risk = dossier_in(w, DossierStatus.IN_PROGRESS)
    late = dossier_in(w, DossierStatus.IN_PROGRESS, start=JANUARY)
    apologised = dossier_in(w, DossierStatus.IN_PROGRESS, start=JANUARY)
    services.dossier_reschedule(
        dossier=apologised,
        actor=w.leader,
        responsible_agency=w.construction,
        reason="Cần xác minh thêm hiện trạng công trình",
        new_appointment_at=local(2026, 1, 14, 17, 0),
        at=local(2026, 1, 9, 9, 0),
    )
    decided_late = dossier_in(w, DossierStatus.DECIDED, start=JANUARY)
    dossier_in(w, DossierStatus.AWAITING_SUPPLEMENT, start=JANUARY)  # paused: not late
    dossier_in(w, DossierStatus.RETURNED, start=JANUARY)  # finished
    # Never transferred: its intake step (half a day) is late since Monday, it will miss
    # Monday 9 March too.
    at_counter = dossier_in(w, DossierStatus.RECEIVED)
    deadline_sweep(now=FRIDAY)  # what the worker does every few minutes

    page = dossiers_late_or_at_risk(user=w.leader, now=FRIDAY)
    assert codes(page) == [
        late.code,
        decided_late.code,
        apologised.code,
        at_risk.code,
        at_counter.code,
    ]
    assert [(row.is_late, row.apology_issued) for row in page.rows] == [
        (True, False),
        (True, False),
        (True, True),
        (False, False),
        (False, False),
    ]
    assert page.total == 5
    for other in (w.justice_leader, w.specialist, w.counter, w.an.user):
        assert dossiers_late_or_at_risk(user=other, now=FRIDAY).rows == []


def test_at_risk_needs_the_watch_to_find_it_and_ends_with_the_apology(w):
    dossier = dossier_in(w, DossierStatus.IN_PROGRESS)
    assert codes(dossiers_late_or_at_risk(user=w.leader, now=FRIDAY)) == []
    deadline_sweep(now=FRIDAY)
    assert codes(dossiers_late_or_at_risk(user=w.leader, now=FRIDAY)) == [dossier.code]
    services.dossier_reschedule(
        dossier=dossier,
        actor=w.leader,
        responsible_agency=w.construction,
        reason="Cần xác minh thêm hiện trạng công trình",
        new_appointment_at=local(2026, 3, 12, 17, 0),
        at=FRIDAY,
    )
    assert codes(dossiers_late_or_at_risk(user=w.leader, now=FRIDAY)) == []


def test_a_liên_thông_dossier_held_at_the_police_is_on_both_leaders_desks(w):
    dossier = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.karaoke_version,
        one_stop_unit=w.centre,
        applicant=w.cuong,
        components=[paper(w.karaoke_form)],
        at=local(2026, 4, 6, 8, 0),
    )
    services.dossier_start_processing(dossier=dossier, actor=w.counter, at=local(2026, 4, 6, 10, 0))
    # Due back Monday 13 April 08:00; the police's step fell due on Wednesday 8 April.
    friday = local(2026, 4, 10, 9, 0)
    deadline_sweep(now=friday)
    for leader in (w.culture_leader, w.police_leader):
        page = dossiers_late_or_at_risk(user=leader, now=friday)
        assert codes(page) == [dossier.code]
    culture = dossiers_late_or_at_risk(user=w.culture_leader, now=friday).rows[0]
    assert (culture.held_elsewhere, culture.current_agency_id) == (True, w.police.pk)
    assert dossiers_late_or_at_risk(user=w.leader, now=friday).rows == []


def test_pages_of_the_desk(w):
    first = dossier_in(w, DossierStatus.IN_PROGRESS, start=JANUARY)
    second = dossier_in(w, DossierStatus.IN_PROGRESS, start=local(2026, 1, 6, 8, 0))
    third = dossier_in(w, DossierStatus.IN_PROGRESS, start=local(2026, 1, 7, 8, 0))
    one = dossiers_late_or_at_risk(user=w.leader, now=FRIDAY, size=2)
    two = dossiers_late_or_at_risk(user=w.leader, now=FRIDAY, page=2, size=2)
    assert (codes(one), one.has_next, one.has_previous, one.pages) == (
        [first.code, second.code],
        True,
        False,
        2,
    )
    assert (codes(two), two.has_next, two.has_previous) == ([third.code], False, True)
    # Past the last page: the last page.
    assert codes(dossiers_late_or_at_risk(user=w.leader, now=FRIDAY, page=99, size=2)) == [
        third.code
    ]


def test_a_page_reads_a_fixed_number_of_times(w):
    for day in (5, 6, 7):
        dossier_in(w, DossierStatus.IN_PROGRESS, start=local(2026, 1, day, 8, 0))
    dossiers_late_or_at_risk(user=w.leader, now=FRIDAY)  # the leader's posts, read once
    with CaptureQueriesContext(connection) as three:
        rows = dossiers_late_or_at_risk(user=w.leader, now=FRIDAY).rows
        [row.procedure.name for row in rows]
    dossier_in(w, DossierStatus.IN_PROGRESS, start=local(2026, 1, 8, 8, 0))
    with CaptureQueriesContext(connection) as four:
        rows = dossiers_late_or_at_risk(user=w.leader, now=FRIDAY).rows
        [row.procedure.name for row in rows]
    assert len(rows) == 4
    assert len(four) == len(three)


def test_results_waiting_at_the_counter_oldest_first(w):
    newer = services.dossier_mark_result_ready(
        dossier=dossier_in(w, DossierStatus.DECIDED), actor=w.specialist, at=local(2026, 3, 4, 9)
    )
    older = services.dossier_mark_result_ready(
        dossier=dossier_in(w, DossierStatus.DECIDED), actor=w.specialist, at=local(2026, 3, 3, 9)
    )
    dossier_in(w, DossierStatus.DECIDED)  # the result is not at the counter yet
    dossier_in(w, DossierStatus.RETURNED)  # handed over already
    assert codes(results_waiting(user=w.counter)) == [older.code, newer.code]
    for other in (w.leader, w.specialist, w.an.user, w.no_role):
        assert results_waiting(user=other).rows == []
