"""The fold's watermark (ADR 0007) and the rebuild command."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from motcua.core.worker.schedule import periodic_task_parse
from motcua.dossiers.models import DossierEvent
from motcua.reports.models import DailyFlow, FoldCursor
from motcua.reports.selectors import Period, Scope, kpis
from motcua.reports.services import reports_fold
from motcua.reports.tasks import reports_fold_task
from motcua.workflow.tests.states import dossier_in
from motcua.workflow.tests.world import local

pytestmark = pytest.mark.django_db

LAG = dt.timedelta(minutes=2)
MARCH = Period.month(2026, 3)


def test_a_run_folds_only_what_an_earlier_run_saw_at_least_the_lag_ago(w):
    t0 = local(2026, 3, 2, 9, 0)
    dossier_in(w, "received")  # one history row
    # The first run only notes the highest id: a transaction that took a lower one
    # might not have committed yet.
    assert reports_fold(lag=LAG, now=t0) == 0
    assert reports_fold(lag=LAG, now=t0 + dt.timedelta(minutes=1)) == 0
    dossier_in(w, "refused")  # two more rows, after the first sighting
    # Two minutes after the first sighting: the row it saw, not the two newer ones.
    assert reports_fold(lag=LAG, now=t0 + dt.timedelta(minutes=2)) == 1
    assert kpis(scope=Scope(), period=MARCH).submitted == 1
    # The newer rows were first seen by that run: folded from t0 + 4 min.
    assert reports_fold(lag=LAG, now=t0 + dt.timedelta(minutes=3)) == 0
    assert reports_fold(lag=LAG, now=t0 + dt.timedelta(minutes=4)) == 2
    k = kpis(scope=Scope(), period=MARCH)
    assert (k.submitted, k.received, k.refused) == (2, 1, 1)
    events = FoldCursor.objects.get(name="events")
    assert events.folded_until == DossierEvent.objects.latest("id").pk
    # Run again: nothing twice.
    assert reports_fold(lag=LAG, now=t0 + dt.timedelta(minutes=10)) == 0
    assert kpis(scope=Scope(), period=MARCH).submitted == 2


def test_the_rebuild_command_recomputes_a_range_and_folds_the_rest(w):
    dossier_in(w, "returned")  # received Monday 2 March, decided and returned that day
    reports_fold(lag=dt.timedelta(0))
    DailyFlow.objects.update(received=99, returned=0)  # damaged
    call_command("reports_rebuild", "--from", "2026-03-01", "--to", "2026-03-31")
    k = kpis(scope=Scope(), period=MARCH)
    assert (k.received, k.resolved, k.returned) == (1, 1, 1)
    dossier_in(w, "received", start=local(2026, 3, 10, 8, 0))
    # The whole history from scratch; the new rows are left to the fold, which the
    # command runs after rebuilding: it first notes them, and counts them a lag later.
    call_command("reports_rebuild")
    assert kpis(scope=Scope(), period=MARCH).received == 1
    reports_fold(lag=dt.timedelta(0))
    assert kpis(scope=Scope(), period=MARCH).received == 2


@pytest.mark.parametrize(
    "arguments",
    [
        ["--from", "2026-02-30"],
        ["--from", "<script>"],
        ["--from", "2026-03-31", "--to", "2026-03-01"],
    ],
)
def test_the_rebuild_command_refuses_bad_days(db, arguments):
    with pytest.raises(CommandError):
        call_command("reports_rebuild", *arguments)
    assert not DailyFlow.objects.exists()


def test_a_row_committed_after_a_higher_id_is_still_counted(w):
    """Under concurrency a transaction that took a lower id may commit after one with
    a higher id was already visible. Played here in one connection: the lower row is
    taken away (not yet committed) while a run looks, then put back (committed)."""
    t0 = local(2026, 3, 2, 9, 0)
    first = dossier_in(w, "submitted")
    dossier_in(w, "submitted")
    late_row = DossierEvent.objects.get(dossier=first)
    fields = {f.attname: getattr(late_row, f.attname) for f in DossierEvent._meta.concrete_fields}
    late_row.delete()
    assert reports_fold(lag=LAG, now=t0) == 0  # sees the higher id only
    DossierEvent.objects.create(**fields)  # the slow transaction commits
    assert reports_fold(lag=LAG, now=t0 + LAG) == 2
    assert kpis(scope=Scope(), period=MARCH).submitted == 2


def test_the_worker_folds_every_minute(w, settings):
    entries = [
        periodic_task_parse(entry)
        for entry in settings.PERIODIC_TASKS
        if entry["task"].startswith("motcua.reports.")
    ]
    assert [(e.task_path, e.every) for e in entries] == [
        ("motcua.reports.tasks.reports_fold_task", 60)
    ]
    dossier_in(w, "received")
    # The job's first run only notes the highest id (the lag has not passed).
    assert reports_fold_task.call() == 0
    assert FoldCursor.objects.get(name="events").horizons
