"""Issue 7 §7: after any history of transitions, folded in any number of runs at any
moments, the aggregates equal a rebuild from scratch (whole, or of any range of days),
and agree with the dossier table itself."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from django.db.models import F, Sum
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from motcua.core.exceptions import ApplicationError
from motcua.dossiers.models import Dossier
from motcua.feedback.constants import RatingLevel
from motcua.feedback.models import Rating
from motcua.reports.models import DailyFlow, OfficerDailyFlow
from motcua.reports.selectors import Period, Scope, kpis
from motcua.reports.services import reports_fold, reports_rebuild
from motcua.reports.tests.data import rated
from motcua.workflow import services
from motcua.workflow.models import Refusal, StopNotice, SupplementRequest, Task
from motcua.workflow.tests.states import act
from motcua.workflow.tests.world import local, paper
from motcua.workflow.transitions import allowed_actions

pytestmark = pytest.mark.django_db

START = local(2026, 3, 30, 8, 0)  # a Monday, two days before April

_new = st.tuples(st.just("new"), st.sampled_from(["counter", "postal", "online", "copy"]))
# A choice of -1 takes the dossier forward (the first of _FORWARD that anyone may do);
# any other picks among the actions the table allows.
_act = st.tuples(st.just("act"), st.integers(0, 50), st.one_of(st.just(-1), st.integers(0, 50)))
_FORWARD = (
    "receive",
    "record_supplement",
    "record_payment",
    "start_processing",
    "decide",
    "hand_off",
    "mark_result_ready",
    "return_result",
)
_rate = st.tuples(st.just("rate"), st.integers(0, 50), st.sampled_from(RatingLevel.values))
_fold = st.tuples(st.just("fold"))
_step = st.tuples(
    st.integers(1, 3 * 24 * 60),  # minutes since the previous step
    st.one_of(_new, _act, _act, _act, _act, _act, _act, _act, _act, _rate, _fold),
)


def _create(w: Any, kind: str, at: dt.datetime) -> Dossier:
    if kind == "online":
        dossier, _created = services.dossier_submit_online(
            actor=w.an.user,
            version=w.permit_version,
            components=[paper(w.permit_form, with_file=True)],
            at=at,
        )
        return dossier
    version, form = (
        (w.copy_version, w.copy_form) if kind == "copy" else (w.permit_version, w.permit_form)
    )
    return services.dossier_receive_at_counter(
        actor=w.counter,
        version=version,
        one_stop_unit=w.centre,
        applicant=w.an,
        components=[paper(form, with_file=kind == "postal")],
        channel="postal" if kind == "postal" else "counter",
        at=at,
    )


def _act_once(w: Any, dossier: Dossier, choice: int, at: dt.datetime) -> None:
    """One action the table allows now, by whoever may take it."""
    allowed = allowed_actions(dossier.status, supplement_stage=dossier.supplement_stage)
    if choice < 0:
        actions = [a for a in _FORWARD if a in allowed]
    else:
        actions = [allowed[choice % len(allowed)]] if allowed else []
    people = (
        w.counter,
        w.specialist,
        w.specialist2,
        w.unit_head,
        w.leader,
        w.justice_specialist,
        w.justice_leader,
        w.an.user,
    )
    for action in actions:
        for actor in people:
            try:
                with transaction.atomic():
                    act(w, dossier, action, actor=actor, at=at)
                return
            except ApplicationError:
                continue


def _rows() -> list[tuple[Any, ...]]:
    return sorted(
        (model._meta.label, *row.values())
        for model in (DailyFlow, OfficerDailyFlow)
        for row in model._default_manager.values(
            *(f.attname for f in model._meta.concrete_fields if f.name != "id")
        )
    )


def _live(w: Any, steps: list[tuple[int, tuple[Any, ...]]]) -> None:
    at, dossiers = START, []
    for minutes, (kind, *args) in steps:
        at += dt.timedelta(minutes=minutes)
        try:
            if kind == "new":
                dossiers.append(_create(w, args[0], at))
            elif kind == "act" and dossiers:
                dossier = Dossier.objects.get(pk=dossiers[args[0] % len(dossiers)].pk)
                _act_once(w, dossier, args[1], at)
            elif kind == "rate" and dossiers:
                dossier = Dossier.objects.get(pk=dossiers[args[0] % len(dossiers)].pk)
                with transaction.atomic():
                    rated(w, dossier, args[1], at=at)
            elif kind == "fold":
                reports_fold(lag=dt.timedelta(0))
        except ApplicationError:
            pass  # refused as a person would be; nothing written


@hsettings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(_step, min_size=20, max_size=50),
    first=st.integers(0, 90),
    length=st.integers(0, 40),
)
def test_folded_in_any_runs_equals_rebuilt(w, steps, first, length):
    with transaction.atomic():
        _live(w, steps)
        reports_fold(lag=dt.timedelta(0))
        folded = _rows()

        reports_rebuild()
        assert _rows() == folded

        start = START.date() + dt.timedelta(days=first)
        reports_rebuild(start=start, end=start + dt.timedelta(days=length))
        assert _rows() == folded

        # And the sums agree with the dossier table counted directly.
        whole = kpis(scope=Scope(), period=Period(dt.date(2026, 1, 1), dt.date(2027, 12, 31)))
        assert whole.submitted == Dossier.objects.count()
        assert whole.received == Dossier.objects.filter(received_at__isnull=False).count()
        assert whole.resolved == Dossier.objects.filter(decided_at__isnull=False).count()
        assert whole.returned == Dossier.objects.filter(returned_at__isnull=False).count()
        assert whole.refused == Refusal.objects.count()
        assert whole.stopped == StopNotice.objects.count()
        assert whole.supplement_requests == SupplementRequest.objects.count()
        assert whole.apologies == Dossier.objects.filter(reschedule_count=1).count()
        assert whole.ratings == Rating.objects.count()
        steps = OfficerDailyFlow.objects.aggregate(
            n=Sum(F("steps_early") + F("steps_on_time") + F("steps_late"))
        )["n"]
        # Every finished step but those a stop ended.
        finished = Task.objects.filter(status="done").exclude(
            dossier__status="stopped", finished_at=F("dossier__ended_at")
        )
        assert (steps or 0) == finished.count()
        assert whole.in_progress == (
            Dossier.objects.filter(received_at__isnull=False, decided_at__isnull=True)
            .exclude(status="stopped")
            .count()
        )
        transaction.set_rollback(True)
