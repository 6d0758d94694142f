"""Worker heartbeats, and putting a dead worker's running job back in the queue."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from motcua.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def _stale_before(now: datetime) -> datetime:
    return now - timedelta(seconds=settings.WORKER_STALE_SECONDS)


def worker_beat(
    *, worker_id: str, host: str, pid: int, started_at: datetime, now: datetime | None = None
) -> None:
    """Record that this worker is alive. Recreates its row if a peer removed it as stale
    (the worker was paused, not dead)."""
    now = now or timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(last_seen_at=now)
    if not updated:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=worker_id,
            defaults={"host": host, "pid": pid, "started_at": started_at, "last_seen_at": now},
        )


def worker_forget(*, worker_id: str) -> None:
    """A worker stopping cleanly removes its row, so it stops counting at once."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def task_results_requeue_orphans(*, now: datetime | None = None, full: bool = False) -> int:
    """Put back to READY every job RUNNING on a worker with no fresh heartbeat, and
    drop the stale heartbeat rows that no longer hold a job. Returns the number of
    jobs queued again.

    Cheap when all is well: the RUNNING jobs are only read when a stale heartbeat row
    exists, or with ``full`` (once at each worker start, which also catches jobs of a
    worker whose row is already gone). A job is only taken back once it has been
    running longer than the stale age too, so a worker that just claimed a job and has
    not beaten yet is not robbed of it; until then its dead worker's row stays, so the
    next look finds it again."""
    now = now or timezone.now()
    stale_before = _stale_before(now)
    stale = set(
        WorkerHeartbeat.objects.filter(last_seen_at__lt=stale_before).values_list(
            "worker_id", flat=True
        )
    )
    if not stale and not full:
        return 0
    live = set(
        WorkerHeartbeat.objects.filter(last_seen_at__gte=stale_before).values_list(
            "worker_id", flat=True
        )
    )
    orphans: list[tuple[Any, str, str]] = []
    still_holding: set[str] = set()
    for result_id, worker_ids, task_path, started_at in DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING
    ).values_list("id", "worker_ids", "task_path", "started_at"):
        worker_id = worker_ids[-1] if worker_ids else ""
        if worker_id in live:
            continue
        if started_at is not None and started_at < stale_before:
            orphans.append((result_id, worker_id, task_path))
        else:
            still_holding.add(worker_id)
    with transaction.atomic():
        # The status condition makes two workers recovering at once harmless.
        requeued = DBTaskResult.objects.filter(
            id__in=[result_id for result_id, _, _ in orphans],
            status=TaskResultStatus.RUNNING,
            started_at__lt=stale_before,
        ).update(status=TaskResultStatus.READY, started_at=None)
        WorkerHeartbeat.objects.filter(
            worker_id__in=stale - still_holding, last_seen_at__lt=stale_before
        ).delete()
    for result_id, worker_id, task_path in orphans:
        logger.warning(
            "job queued again: its worker stopped beating",
            extra={"task_result_id": str(result_id), "dead_worker": worker_id, "task": task_path},
        )
    return requeued


@dataclass(frozen=True)
class WorkerLiveness:
    #: Workers that beat within ``WORKER_STALE_SECONDS``.
    live: int
    #: Age of the newest beat; None when no worker ever beat or all stopped cleanly.
    newest_heartbeat_age_seconds: float | None
    max_age_seconds: int


def worker_liveness(*, now: datetime | None = None) -> WorkerLiveness:
    """How many workers are alive, and how long ago the newest beat was (/healthz)."""
    now = now or timezone.now()
    newest = (
        WorkerHeartbeat.objects.order_by("-last_seen_at")
        .values_list("last_seen_at", flat=True)
        .first()
    )
    return WorkerLiveness(
        live=WorkerHeartbeat.objects.filter(last_seen_at__gte=_stale_before(now)).count(),
        newest_heartbeat_age_seconds=(
            None if newest is None else round(max((now - newest).total_seconds(), 0.0), 1)
        ),
        max_age_seconds=settings.WORKER_STALE_SECONDS,
    )
