"""Jobs the worker tests enqueue. Each leaves a trace in the database
(``core.AuditEntry`` rows, the one table of core a job can append to) so the test can
count runs across processes."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django_tasks import task

from motcua.core.models import AuditEntry
from motcua.core.worker import current_worker_id


@task()
def job_record(label: str) -> str:
    """Append one audit row naming the label and the worker that ran the job."""
    AuditEntry.objects.create(
        action="test_job_run",
        object_type="test",
        object_id=label,
        detail={"worker": current_worker_id()},
    )
    return label


@task()
def job_tick() -> None:
    """A periodic job: one audit row per run."""
    AuditEntry.objects.create(
        action="test_tick",
        object_type="test",
        object_id="tick",
        detail={"worker": current_worker_id()},
    )


@task()
def job_slow(label: str, marker: str, seconds: float) -> str:
    """Record a start, touch ``marker`` (so the test knows the job is running), sleep,
    then record the end. Killed in the middle, it has a start and no end."""
    AuditEntry.objects.create(
        action="test_slow_start",
        object_type="test",
        object_id=label,
        detail={"worker": current_worker_id(), "pid": os.getpid()},
    )
    Path(marker).write_text(current_worker_id())
    time.sleep(seconds)
    AuditEntry.objects.create(
        action="test_slow_end",
        object_type="test",
        object_id=label,
        detail={"worker": current_worker_id()},
    )
    return label
