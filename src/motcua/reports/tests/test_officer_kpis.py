"""The officer's scorecard (issue 7 §3): steps finished early / on time / late and the
counter ratings naming them, counted by hand. The building permit's steps: intake 0.5
working day at the centre, appraisal 3.5 (the specialist), approval 1 (the leader)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from motcua.feedback.constants import RatingLevel
from motcua.feedback.services import rating_record_online
from motcua.reports.selectors import Period, officer_kpis
from motcua.reports.services import reports_fold
from motcua.reports.tests.data import decided, rated
from motcua.workflow.tests.states import dossier_in
from motcua.workflow.tests.world import local

pytestmark = pytest.mark.django_db

MARCH = Period.month(2026, 3)


def test_steps_and_ratings_of_each_officer(w):
    mon = local(2026, 3, 2, 8, 0)
    # A: transferred 08:10 (intake due 12:00 that day: on time), appraisal done Tue 3
    # 08:00 (due Thursday or later: early), approved 08:10 (due Wed 4: early).
    a = decided(w, start=mon, at=local(2026, 3, 3, 8, 10))
    rated(w, a, RatingLevel.SATISFIED, at=local(2026, 3, 3, 9, 0))
    # B: appraisal done Tue 10 08:00 (due by Fri 6: late), approved Wed 11 09:00 (due
    # Wed 11 08:00: late).
    decided(w, start=mon, at=local(2026, 3, 11, 9, 0), handed_off=local(2026, 3, 10, 8, 0))
    reports_fold(lag=dt.timedelta(0))

    counter = officer_kpis(officer_id=w.counter.pk, period=MARCH)
    assert (counter.steps_early, counter.steps_on_time, counter.steps_late) == (0, 2, 0)
    assert (counter.ratings, counter.satisfaction_rate) == (1, Decimal("100.00"))
    specialist = officer_kpis(officer_id=w.specialist.pk, period=MARCH)
    assert (specialist.steps_early, specialist.steps_on_time, specialist.steps_late) == (1, 0, 1)
    assert specialist.on_time_rate == Decimal("50.00")
    assert specialist.ratings == 0 and specialist.satisfaction_rate is None
    leader = officer_kpis(officer_id=w.leader.pk, period=MARCH)
    assert (leader.steps, leader.steps_early, leader.steps_late) == (2, 1, 1)
    # By agency: the specialist's steps were Sở Xây dựng's, within the province.
    assert (
        officer_kpis(officer_id=w.specialist.pk, period=MARCH, agency_id=w.province.pk).steps == 2
    )
    assert officer_kpis(officer_id=w.specialist.pk, period=MARCH, agency_id=w.justice.pk).steps == 0
    # By day: the leader approved A on the 3rd, B on the 11th.
    assert (
        officer_kpis(officer_id=w.leader.pk, period=Period.day(dt.date(2026, 3, 11))).steps_late
        == 1
    )
    assert officer_kpis(officer_id=w.leader.pk, period=Period.month(2026, 4)).steps == 0


def test_an_online_rating_counts_for_every_officer_who_handled_the_dossier(w):
    """Issue 5 §6 links an online rating to the dossier's handlers (the counter
    officer who received it, the specialist, the leader who decided); each of them gets
    it on their scorecard, for the deciding agency. Nobody else does."""
    dossier = dossier_in(w, "returned", start=local(2026, 3, 2, 8, 0))
    rating_record_online(
        actor=w.an.user, dossier=dossier, level=RatingLevel.DISSATISFIED, at=local(2026, 3, 30, 9)
    )
    reports_fold(lag=dt.timedelta(0))

    for officer in (w.counter, w.specialist, w.leader):
        mine = officer_kpis(officer_id=officer.pk, period=MARCH)
        assert (mine.ratings, mine.satisfaction_rate) == (1, Decimal("0.00")), officer.username
        in_construction = officer_kpis(
            officer_id=officer.pk, period=MARCH, agency_id=w.construction.pk
        )
        assert in_construction.ratings == 1
    assert officer_kpis(officer_id=w.unit_head.pk, period=MARCH).ratings == 0
    assert officer_kpis(officer_id=w.counter.pk, period=Period.month(2026, 4)).ratings == 0
