"""Every KPI of issue 7 §1 against a small March 2026 that was lived through the real
services, the expected numbers counted by hand below (DOMAIN.md §4: early / on time /
late against the appointment; §9: satisfaction)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from motcua.feedback.constants import RatingLevel
from motcua.reports.selectors import Period, Scope, kpis
from motcua.reports.services import reports_fold
from motcua.reports.tests.data import decided, rated
from motcua.workflow.tests.states import act, dossier_in
from motcua.workflow.tests.world import local

pytestmark = pytest.mark.django_db

MARCH = Period.month(2026, 3)
NOW = dt.timedelta(0)  # no lag: the tests run one transaction at a time


def _march(w):
    """Ten dossiers. A counter receipt on Monday 2 March at 08:00 is due Monday 9 March
    at 08:00 (40 working hours); at 10:00, due 9 March at 10:00."""
    mon, mon10 = local(2026, 3, 2, 8, 0), local(2026, 3, 2, 10, 0)
    # 1: early (Thu 5 < 9), 24 h, returned at 09:00 and rated "very satisfied".
    d1 = decided(w, start=mon, at=local(2026, 3, 5, 8, 0))
    d1 = act(w, d1, "mark_result_ready", actor=w.specialist, at=local(2026, 3, 5, 8, 30))
    d1 = act(w, d1, "return_result", actor=w.counter, at=local(2026, 3, 5, 9, 0))
    rated(w, d1, RatingLevel.VERY_SATISFIED, at=local(2026, 3, 5, 9, 1))
    # 2: early (Fri 6), 32 h.
    decided(w, start=mon, at=local(2026, 3, 6, 8, 0))
    # 3: on time, at the appointment itself, 40 h; rated "dissatisfied".
    d3 = decided(w, start=mon, at=local(2026, 3, 9, 8, 0))
    rated(w, d3, RatingLevel.DISSATISFIED, at=local(2026, 3, 9, 9, 0))
    # 4 and 5: on time, the appointment's day (9 March 10:00): 39 h and 40 h.
    decided(w, start=mon10, at=local(2026, 3, 9, 9, 0))
    decided(w, start=mon10, at=local(2026, 3, 9, 10, 0))
    # 6: late (Tue 10 after Mon 9 08:00), 48 h.
    decided(w, start=mon, at=local(2026, 3, 10, 8, 0))
    # 7: withdrawn at 08:10, stopped at 08:20.
    dossier_in(w, "stopped", stopped_from="withdrawal_requested", start=mon)
    # 8: filed online, refused at intake: never received.
    dossier_in(w, "refused", start=mon)
    # 9: filed online with a scanned paper, received, in progress at the month's end,
    # one apology with a new date; rated "satisfied".
    d9 = dossier_in(w, "in_progress", channel="online", start=mon)
    d9 = act(w, d9, "reschedule", actor=w.leader, at=local(2026, 3, 3, 9, 0))
    rated(w, d9, RatingLevel.SATISFIED, at=local(2026, 3, 10, 11, 0))
    # 10: supplement asked at appraisal Mon 08:20, brought Wed 4 08:20 (16 working hours
    # paused: the appointment moves to Wed 11 08:00), decided Tue 10 08:00: early,
    # 48 h less 16 paused = 32 h.
    d10 = dossier_in(w, "awaiting_supplement", start=mon)
    d10 = act(w, d10, "record_supplement", actor=w.an.user, at=local(2026, 3, 4, 8, 20))
    d10 = act(w, d10, "hand_off", actor=w.specialist, at=local(2026, 3, 9, 14, 0))
    act(w, d10, "decide", actor=w.leader, at=local(2026, 3, 10, 8, 0))
    reports_fold(lag=NOW)


def test_march_for_the_province_and_its_departments(w):
    _march(w)
    k = kpis(scope=Scope(agency_id=w.province.pk), period=MARCH)
    assert k.submitted == 10
    assert k.received == 9  # all but the refused one
    assert k.carried_over == 0
    assert (k.resolved_early, k.resolved_on_time, k.resolved_late) == (3, 3, 1)
    assert k.resolved == 7
    assert k.on_time_rate == Decimal("85.71")  # 6 of 7
    assert k.in_progress == 1  # 9 received, 7 decided, 1 stopped
    assert (k.returned, k.refused, k.withdrawn, k.stopped) == (1, 1, 1, 1)
    assert (k.supplement_requests, k.apologies) == (1, 1)
    assert k.online_received == 1
    assert k.online_share == Decimal("11.11")  # 1 of 9
    assert k.digitised == 1  # only the online one had a scan when received
    assert k.digitised_share == Decimal("11.11")
    # 24 + 32 + 40 + 39 + 40 + 48 + 32 = 255 working hours against 7 × 40 = 280.
    assert k.processing_hours == Decimal("255.00")
    assert k.legal_hours == Decimal("280.00")
    assert k.average_processing_hours == Decimal("36.43")
    assert k.average_legal_hours == Decimal("40.00")
    assert k.time_saved_rate == Decimal("8.93")  # 25 ÷ 280
    assert (k.ratings, k.ratings_satisfied) == (3, 2)
    assert k.satisfaction_rate == Decimal("66.67")


def test_every_scope_reads_its_own_rows(w):
    _march(w)
    # Sở Xây dựng decides them all; Sở Tư pháp none.
    assert kpis(scope=Scope(agency_id=w.construction.pk), period=MARCH).received == 9
    justice = kpis(scope=Scope(agency_id=w.justice.pk), period=MARCH)
    assert (justice.received, justice.resolved, justice.ratings) == (0, 0, 0)
    assert justice.on_time_rate is None and justice.satisfaction_rate is None
    assert kpis(scope=Scope(one_stop_unit_id=w.centre.pk), period=MARCH).resolved == 7
    permit = w.permit_version.procedure
    assert kpis(scope=Scope(procedure_id=permit.pk), period=MARCH).resolved_late == 1
    assert kpis(scope=Scope(field_id=permit.field_id), period=MARCH).submitted == 10
    assert (
        kpis(scope=Scope(field_id=w.birth_version.procedure.field_id), period=MARCH).submitted == 0
    )
    online = kpis(scope=Scope(channel="online"), period=MARCH)
    # The online two: 8 refused, 9 received and in progress, rated once.
    assert (online.submitted, online.received, online.refused, online.in_progress) == (2, 1, 1, 1)
    assert (online.apologies, online.ratings, online.satisfaction_rate) == (1, 1, Decimal("100.00"))
    counter = kpis(scope=Scope(channel="counter"), period=MARCH)
    assert (counter.received, counter.resolved, counter.online_share) == (8, 7, Decimal("0.00"))


def test_days_quarters_years_and_the_stock_carried_over(w):
    _march(w)
    thursday = kpis(scope=Scope(), period=Period.day(dt.date(2026, 3, 5)))
    assert (thursday.resolved_early, thursday.returned, thursday.ratings) == (1, 1, 1)
    assert thursday.received == 0
    # Before 2 March nothing; on 2 March every dossier came in.
    monday = kpis(scope=Scope(), period=Period.day(dt.date(2026, 3, 2)))
    assert (monday.carried_over, monday.received, monday.in_progress) == (0, 9, 8)
    # 9 March: open that morning 3, 4, 5, 6 (1 and 2 decided on the 5th and 6th, 7
    # stopped on the 2nd), 9 and 10; 3, 4 and 5 decided that day.
    ninth = kpis(scope=Scope(), period=Period.day(dt.date(2026, 3, 9)))
    assert ninth.carried_over == 6  # 3, 4, 5, 6, 9, 10
    assert ninth.resolved_on_time == 3
    assert ninth.in_progress == 3  # 6, 9, 10
    april = kpis(scope=Scope(), period=Period.month(2026, 4))
    assert (april.carried_over, april.received, april.in_progress) == (1, 0, 1)
    year = kpis(scope=Scope(), period=Period.year(2026))
    assert (year.received, year.resolved, year.in_progress) == (9, 7, 1)
    quarter = kpis(scope=Scope(), period=Period.quarter(2026, 1))
    assert quarter.received == 9


def test_a_month_ends_at_local_midnight(w):
    """Decided at 23:30 on 31 March Vietnamese time (16:30 UTC) counts in March; rated
    at 00:30 on 1 April (17:30 UTC on 31 March) counts in April."""
    dossier = decided(
        w,
        start=local(2026, 3, 2, 8, 0),
        at=local(2026, 3, 31, 23, 30),
        handed_off=local(2026, 3, 31, 16, 0),
    )
    rated(w, dossier, RatingLevel.SATISFIED, at=local(2026, 4, 1, 0, 30))
    reports_fold(lag=NOW)
    march = kpis(scope=Scope(), period=MARCH)
    april = kpis(scope=Scope(), period=Period.month(2026, 4))
    assert (march.resolved_late, march.ratings) == (1, 0)
    assert (april.resolved, april.ratings, april.carried_over) == (0, 1, 0)
    assert kpis(scope=Scope(), period=Period.day(dt.date(2026, 3, 31))).resolved_late == 1
