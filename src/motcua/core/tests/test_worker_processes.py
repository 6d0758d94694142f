"""Real ``motcua worker`` processes against the test database (issue 6 §5): a killed
worker's job is picked up again, the schedule enqueues each slot once across workers,
and a worker stopped cleanly leaves no heartbeat behind. On SQLite the workers share a
file copy of the test database (``workers.worker_pool``)."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from motcua.core.models import AuditEntry, PeriodicRun, WorkerHeartbeat
from motcua.core.tests.worker_jobs import job_record, job_slow
from motcua.core.tests.workers import wait_until, worker_pool

TICK = "motcua.core.tests.worker_jobs.job_tick"
# A worker is dead 3 s after its last beat (one a second): recovery within seconds.
FAST = {"MOTCUA_WORKER_STALE_SECONDS": "3"}

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_worker_runs_a_job_and_leaves_no_heartbeat_when_stopped(tmp_path):
    with worker_pool(tmp_path) as workers:
        worker = workers.start(env=FAST)
        wait_until(lambda: WorkerHeartbeat.objects.filter(pid=worker.pid).exists())
        result = job_record.enqueue("một")
        wait_until(lambda: DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL")
        row = WorkerHeartbeat.objects.get(pid=worker.pid)
        assert worker.stop() == 0
        assert not WorkerHeartbeat.objects.exists()
    done = DBTaskResult.objects.get(id=result.id)
    assert (done.return_value, done.worker_ids) == ("một", [row.worker_id])
    run = AuditEntry.objects.get(action="test_job_run")
    assert (run.object_id, run.detail) == ("một", {"worker": row.worker_id})


def test_the_job_of_a_killed_worker_is_picked_up_by_another(tmp_path):
    marker = tmp_path / "running"
    with worker_pool(tmp_path) as workers:
        result = job_slow.enqueue("chậm", str(marker), 4)
        first = workers.start(env=FAST)
        wait_until(marker.exists)
        killed_id = marker.read_text()
        first.kill()
        assert DBTaskResult.objects.get(id=result.id).status == "RUNNING"
        second = workers.start(env=FAST)
        wait_until(lambda: DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL")
        second_id = WorkerHeartbeat.objects.get(pid=second.pid).worker_id
    done = DBTaskResult.objects.get(id=result.id)
    assert done.worker_ids == [killed_id, second_id]
    assert done.return_value == "chậm"
    starts = list(
        AuditEntry.objects.filter(action="test_slow_start")
        .order_by("id")
        .values_list("detail__worker", flat=True)
    )
    ends = list(
        AuditEntry.objects.filter(action="test_slow_end").values_list("detail__worker", flat=True)
    )
    # Started twice (the killed run never finished), finished once, by the survivor.
    assert starts == [killed_id, second_id]
    assert ends == [second_id]


def test_two_workers_enqueue_each_slot_of_the_schedule_once(tmp_path):
    periodic = [{"task": TICK, "every": 2}]
    with worker_pool(tmp_path) as workers:
        workers.start(env=FAST, periodic=periodic)
        workers.start(env=FAST, periodic=periodic)
        wait_until(lambda: WorkerHeartbeat.objects.count() == 2)
        wait_until(lambda: PeriodicRun.objects.filter(task=TICK).count() >= 4)
        workers.stop_all()
    runs = list(PeriodicRun.objects.filter(task=TICK).order_by("slot"))
    results = {r.id: r for r in DBTaskResult.objects.filter(task_path=TICK)}
    # One job per slot, each slot on a 2-second boundary, whichever worker took it.
    assert sorted(results) == sorted(run.task_result_id for run in runs)
    assert all(int(run.slot.timestamp()) % 2 == 0 for run in runs)
    assert len({run.slot for run in runs}) == len(runs)
    finished = [r for r in results.values() if r.status == "SUCCESSFUL"]
    assert AuditEntry.objects.filter(action="test_tick").count() == len(finished)
    assert all(len(r.worker_ids) == 1 for r in finished)
