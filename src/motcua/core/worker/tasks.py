"""The worker's own periodic job: forget what is old (``PERIODIC_TASKS``)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from motcua.core.models import PeriodicRun, WorkerHeartbeat

logger = logging.getLogger(__name__)


@task()
def worker_cleanup_task() -> dict[str, int]:
    """Delete finished job results and periodic-run rows older than
    ``TASK_RESULT_RETENTION_DAYS``, and heartbeat rows of workers gone for a day.
    Safe to repeat: it only deletes."""
    now = timezone.now()
    before = now - timedelta(days=settings.TASK_RESULT_RETENTION_DAYS)
    results, _ = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED], finished_at__lt=before
    ).delete()
    runs, _ = PeriodicRun.objects.filter(slot__lt=before).delete()
    workers, _ = WorkerHeartbeat.objects.filter(last_seen_at__lt=now - timedelta(days=1)).delete()
    counts = {"task_results": results, "periodic_runs": runs, "heartbeats": workers}
    logger.info("worker clean-up", extra=counts)
    return counts
