"""The schedule (``PERIODIC_TASKS``), heartbeats and orphan recovery, in this process."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from motcua.core.models import PeriodicRun, WorkerHeartbeat
from motcua.core.tests.workers import shared_database
from motcua.core.worker.heartbeat import (
    task_results_requeue_orphans,
    worker_beat,
    worker_forget,
    worker_liveness,
)
from motcua.core.worker.schedule import (
    PeriodicTask,
    periodic_enqueue_due,
    periodic_task_parse,
    periodic_tasks_from_settings,
)
from motcua.core.worker.tasks import worker_cleanup_task

TICK = "motcua.core.tests.worker_jobs.job_tick"
UTC = dt.UTC


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


# --- slots ----------------------------------------------------------------------------


def test_every_slot_is_aligned_on_the_epoch():
    every_5_min = PeriodicTask(task_path=TICK, every=300)
    assert every_5_min.slot_at(at("2026-11-20T03:07:59+00:00")) == at("2026-11-20T03:05:00+00:00")
    assert every_5_min.slot_at(at("2026-11-20T03:10:00+00:00")) == at("2026-11-20T03:10:00+00:00")
    # Another zone, same instant, same slot: every worker computes the same one.
    assert every_5_min.slot_at(at("2026-11-20T10:07:59+07:00")) == at("2026-11-20T03:05:00+00:00")


def test_daily_slot_is_local_time_in_ho_chi_minh_city(settings):
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    digest = PeriodicTask(task_path=TICK, daily_at=dt.time(7, 0))
    # 07:00 in Hà Nội is 00:00 UTC.
    assert digest.slot_at(at("2026-11-20T00:00:00+00:00")) == at("2026-11-20T00:00:00+00:00")
    assert digest.slot_at(at("2026-11-20T16:59:00+00:00")) == at("2026-11-20T00:00:00+00:00")
    # 06:59 local on the 20th: still the slot of the 19th.
    assert digest.slot_at(at("2026-11-19T23:59:00+00:00")) == at("2026-11-19T00:00:00+00:00")
    # 02:30 local is 19:30 UTC of the day before.
    cleanup = PeriodicTask(task_path=TICK, daily_at=dt.time(2, 30))
    assert cleanup.slot_at(at("2026-11-20T20:00:00+00:00")) == at("2026-11-20T19:30:00+00:00")
    assert cleanup.slot_at(at("2026-11-20T19:00:00+00:00")) == at("2026-11-19T19:30:00+00:00")


# --- configuration --------------------------------------------------------------------


def test_entries_are_parsed():
    assert periodic_task_parse({"task": TICK, "every": 30}) == PeriodicTask(
        task_path=TICK, every=30
    )
    assert periodic_task_parse({"task": TICK, "daily_at": "07:05"}) == PeriodicTask(
        task_path=TICK, daily_at=dt.time(7, 5)
    )


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"every": 5}, "needs a 'task' dotted path"),
        ({"task": TICK}, "exactly one of 'every'"),
        ({"task": TICK, "every": 5, "daily_at": "07:00"}, "exactly one of 'every'"),
        ({"task": TICK, "every": 5, "at": "x"}, "unknown keys ['at']"),
        ({"task": TICK, "every": 0}, "'every' must be whole seconds ≥ 1, not 0"),
        ({"task": TICK, "every": 1.5}, "'every' must be whole seconds ≥ 1, not 1.5"),
        ({"task": TICK, "daily_at": "7:00"}, "'daily_at' must be 'HH:MM', not '7:00'"),
        ({"task": TICK, "daily_at": "24:00"}, "'daily_at' must be 'HH:MM', not '24:00'"),
        ({"task": "motcua.core.tests.nowhere.job", "every": 5}, "cannot import"),
        ({"task": "motcua.core.models.PeriodicRun", "every": 5}, "is not a task"),
    ],
)
def test_a_wrong_entry_stops_the_worker_with_its_name(entry, message):
    with pytest.raises(ImproperlyConfigured) as caught:
        periodic_task_parse(entry)
    assert message in str(caught.value)


def test_a_job_listed_twice_is_refused(settings):
    settings.PERIODIC_TASKS = [{"task": TICK, "every": 5}, {"task": TICK, "daily_at": "07:00"}]
    with pytest.raises(ImproperlyConfigured, match="listed more than once"):
        periodic_tasks_from_settings()


# --- enqueueing -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_slot_is_enqueued_once_however_often_it_is_looked_at():
    tick = [PeriodicTask(task_path=TICK, every=60)]
    now = at("2026-11-20T03:00:10+00:00")
    assert periodic_enqueue_due(tasks=tick, worker_id="w1", now=now) == [TICK]
    assert periodic_enqueue_due(tasks=tick, worker_id="w2", now=now) == []
    assert (
        periodic_enqueue_due(tasks=tick, worker_id="w2", now=now + dt.timedelta(seconds=49)) == []
    )
    run = PeriodicRun.objects.get()
    assert (run.task, run.slot, run.worker_id) == (TICK, at("2026-11-20T03:00:00+00:00"), "w1")
    result = DBTaskResult.objects.get()
    assert (result.id, result.task_path, result.status) == (run.task_result_id, TICK, "READY")


@pytest.mark.django_db
def test_the_next_slot_waits_while_the_previous_run_is_unfinished():
    tick = [PeriodicTask(task_path=TICK, every=60)]
    first = at("2026-11-20T03:00:10+00:00")
    periodic_enqueue_due(tasks=tick, worker_id="w1", now=first)
    # Still queued a minute later: no second copy, no overlap.
    assert (
        periodic_enqueue_due(tasks=tick, worker_id="w1", now=first + dt.timedelta(minutes=1)) == []
    )
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING)
    assert (
        periodic_enqueue_due(tasks=tick, worker_id="w1", now=first + dt.timedelta(minutes=2)) == []
    )
    DBTaskResult.objects.update(status=TaskResultStatus.SUCCESSFUL)
    # Finished: the slot current at that moment runs (missed slots are not replayed).
    assert periodic_enqueue_due(
        tasks=tick, worker_id="w1", now=first + dt.timedelta(minutes=3)
    ) == [TICK]
    assert list(PeriodicRun.objects.order_by("slot").values_list("slot", flat=True)) == [
        at("2026-11-20T03:00:00+00:00"),
        at("2026-11-20T03:03:00+00:00"),
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_workers_looking_at_the_same_moment_enqueue_a_slot_once(tmp_path):
    """Four threads, each on its own connection (four workers), released together."""
    tick = [PeriodicTask(task_path=TICK, every=60)]
    now = at("2026-11-20T03:00:10+00:00")
    barrier = threading.Barrier(4)
    results: list[list[str]] = []
    errors: list[BaseException] = []
    with shared_database(tmp_path) as (_url, use_in_thread):

        def look(name: str) -> None:
            use_in_thread()
            try:
                barrier.wait(timeout=30)
                results.append(periodic_enqueue_due(tasks=tick, worker_id=name, now=now))
            except BaseException as exc:
                errors.append(exc)
            finally:
                connections["default"].close()

        threads = [threading.Thread(target=look, args=(f"w{i}",)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert errors == []
    assert sorted(len(r) for r in results) == [0, 0, 0, 1]
    assert PeriodicRun.objects.count() == 1
    assert DBTaskResult.objects.count() == 1


# --- heartbeats and recovery ----------------------------------------------------------


def beat(worker_id: str, now: dt.datetime) -> None:
    worker_beat(worker_id=worker_id, host="may-1", pid=4242, started_at=now, now=now)


def running_result(worker_ids: list[str], started_at: dt.datetime) -> DBTaskResult:
    return DBTaskResult.objects.create(
        id=uuid.uuid4(),
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [], "kwargs": {}},
        task_path=TICK,
        backend_name="default",
        worker_ids=worker_ids,
        started_at=started_at,
    )


@pytest.mark.django_db
def test_heartbeat_rows(settings):
    settings.WORKER_STALE_SECONDS = 60
    t0 = at("2026-11-20T03:00:00+00:00")
    beat("w1", t0)
    beat("w1", t0 + dt.timedelta(seconds=5))
    beat("w2", t0 - dt.timedelta(seconds=61))
    row = WorkerHeartbeat.objects.get(worker_id="w1")
    assert (row.host, row.pid, row.started_at, row.last_seen_at) == (
        "may-1",
        4242,
        t0,
        t0 + dt.timedelta(seconds=5),
    )
    liveness = worker_liveness(now=t0 + dt.timedelta(seconds=7))
    assert (liveness.live, liveness.newest_heartbeat_age_seconds, liveness.max_age_seconds) == (
        1,
        2.0,
        60,
    )
    worker_forget(worker_id="w1")
    liveness = worker_liveness(now=t0 + dt.timedelta(seconds=7))
    assert (liveness.live, liveness.newest_heartbeat_age_seconds) == (0, 68.0)


@pytest.mark.django_db
def test_a_job_of_a_dead_worker_is_queued_again_and_a_live_workers_is_not(settings):
    settings.WORKER_STALE_SECONDS = 60
    t0 = at("2026-11-20T03:00:00+00:00")
    beat("dead", t0 - dt.timedelta(seconds=61))
    beat("alive", t0)
    orphan = running_result(["dead"], t0 - dt.timedelta(minutes=5))
    long_job = running_result(["dead", "alive"], t0 - dt.timedelta(minutes=5))
    just_claimed = running_result(["dead"], t0 - dt.timedelta(seconds=30))
    assert task_results_requeue_orphans(now=t0) == 1
    statuses = dict(DBTaskResult.objects.values_list("id", "status"))
    assert statuses == {orphan.id: "READY", long_job.id: "RUNNING", just_claimed.id: "RUNNING"}
    assert DBTaskResult.objects.get(id=orphan.id).started_at is None
    # The dead worker's row stays while it still holds a job too young to take back.
    assert sorted(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["alive", "dead"]
    assert task_results_requeue_orphans(now=t0 + dt.timedelta(seconds=29)) == 0
    assert task_results_requeue_orphans(now=t0 + dt.timedelta(seconds=31)) == 1
    assert DBTaskResult.objects.get(id=just_claimed.id).status == "READY"
    beat("alive", t0 + dt.timedelta(seconds=31))
    # Nothing held any more: the row is gone, and the next look reads no jobs.
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["alive"]
    assert task_results_requeue_orphans(now=t0 + dt.timedelta(seconds=32)) == 0


@pytest.mark.django_db
def test_a_full_sweep_catches_jobs_of_workers_without_a_row(settings):
    settings.WORKER_STALE_SECONDS = 60
    t0 = at("2026-11-20T03:00:00+00:00")
    orphan = running_result(["vanished"], t0 - dt.timedelta(minutes=5))
    assert task_results_requeue_orphans(now=t0) == 0
    assert task_results_requeue_orphans(now=t0, full=True) == 1
    assert DBTaskResult.objects.get(id=orphan.id).status == "READY"


@pytest.mark.django_db
def test_cleanup_forgets_old_results_runs_and_heartbeats(settings):
    settings.TASK_RESULT_RETENTION_DAYS = 14
    now = timezone.now()
    old, recent = now - dt.timedelta(days=15), now - dt.timedelta(days=13)
    for status, finished in [("SUCCESSFUL", old), ("FAILED", old), ("SUCCESSFUL", recent)]:
        DBTaskResult.objects.create(
            id=uuid.uuid4(),
            status=status,
            args_kwargs={"args": [], "kwargs": {}},
            task_path=TICK,
            backend_name="default",
            finished_at=finished,
        )
    running_result(["w"], old)
    for slot in (old, recent):
        PeriodicRun.objects.create(task=TICK, slot=slot, enqueued_at=slot, worker_id="w")
    beat("gone", now - dt.timedelta(days=2))
    beat("here", now)
    counts = worker_cleanup_task.call()
    assert counts == {"task_results": 2, "periodic_runs": 1, "heartbeats": 1}
    assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == [
        "RUNNING",
        "SUCCESSFUL",
    ]
    assert list(PeriodicRun.objects.values_list("slot", flat=True)) == [recent]
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["here"]
