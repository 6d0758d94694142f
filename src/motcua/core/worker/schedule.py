"""Periodic jobs: ``settings.PERIODIC_TASKS`` enqueued once per time slot.

Each entry is ``{"task": "dotted.path", "every": seconds}`` (slots aligned on the Unix
epoch, so every worker computes the same ones) or ``{"task": ..., "daily_at": "HH:MM"}``
(local time of ``TIME_ZONE``, Asia/Ho_Chi_Minh). Every worker looks at the schedule on
each heartbeat; the slot's ``PeriodicRun`` row is inserted with ``ON CONFLICT DO
NOTHING``, and only the worker whose insert returned a row enqueues the job, in the same
transaction. So a job is enqueued once per slot across any number of workers and
machines, and never lost between the claim and the enqueue.

A missed slot (no worker was running) is caught up once, as soon as a worker runs again,
never once per missed slot. A slot is not taken while the job's previous run is still
queued or running: a long run delays the next one instead of overlapping it.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task, TaskResultStatus
from django_tasks_db.models import DBTaskResult

from motcua.core.models import PeriodicRun

logger = logging.getLogger(__name__)

_HH_MM = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")


@dataclass(frozen=True)
class PeriodicTask:
    """One entry of ``PERIODIC_TASKS``: exactly one of ``every`` and ``daily_at``."""

    task_path: str
    every: int | None = None
    daily_at: dt.time | None = None

    def slot_at(self, now: dt.datetime) -> dt.datetime:
        """The start of the slot ``now`` falls in (UTC)."""
        if self.every is not None:
            epoch = int(now.timestamp())
            return dt.datetime.fromtimestamp(epoch - epoch % self.every, tz=dt.UTC)
        if self.daily_at is None:
            raise ImproperlyConfigured(f"{self.task_path}: neither 'every' nor 'daily_at'")
        zone = ZoneInfo(settings.TIME_ZONE)
        local = now.astimezone(zone)
        day = local.date()
        if local.time() < self.daily_at:
            day -= dt.timedelta(days=1)
        return dt.datetime.combine(day, self.daily_at, tzinfo=zone).astimezone(dt.UTC)

    def task(self) -> Task[Any, Any]:
        return import_string(self.task_path)


def periodic_task_parse(entry: Any) -> PeriodicTask:
    """Check one ``PERIODIC_TASKS`` entry; a mistake stops the worker at start with a
    message naming the entry, not at the first slot."""
    if not isinstance(entry, dict) or not isinstance(entry.get("task"), str):
        raise ImproperlyConfigured(f"PERIODIC_TASKS: {entry!r} needs a 'task' dotted path")
    path = entry["task"]
    unknown = set(entry) - {"task", "every", "daily_at"}
    if unknown or ("every" in entry) == ("daily_at" in entry):
        raise ImproperlyConfigured(
            f"PERIODIC_TASKS: {path} needs exactly one of 'every' (seconds) or "
            f"'daily_at' ('HH:MM'){f'; unknown keys {sorted(unknown)}' if unknown else ''}"
        )
    try:
        target = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(f"PERIODIC_TASKS: cannot import {path} ({exc})") from exc
    if not isinstance(target, Task):
        raise ImproperlyConfigured(
            f"PERIODIC_TASKS: {path} is not a task (decorate it with django_tasks.task)"
        )
    if "every" in entry:
        every = entry["every"]
        if not isinstance(every, int) or isinstance(every, bool) or every < 1:
            raise ImproperlyConfigured(
                f"PERIODIC_TASKS: {path} 'every' must be whole seconds ≥ 1, not {every!r}"
            )
        return PeriodicTask(task_path=path, every=every)
    match = _HH_MM.match(str(entry["daily_at"]))
    if not match:
        raise ImproperlyConfigured(
            f"PERIODIC_TASKS: {path} 'daily_at' must be 'HH:MM', not {entry['daily_at']!r}"
        )
    return PeriodicTask(task_path=path, daily_at=dt.time(int(match.group(1)), int(match.group(2))))


def periodic_tasks_from_settings() -> list[PeriodicTask]:
    tasks = [periodic_task_parse(entry) for entry in settings.PERIODIC_TASKS]
    paths = [task.task_path for task in tasks]
    duplicates = sorted({path for path in paths if paths.count(path) > 1})
    if duplicates:
        raise ImproperlyConfigured(f"PERIODIC_TASKS: {duplicates} listed more than once")
    return tasks


def _slot_claim(
    *, task_path: str, slot: dt.datetime, now: dt.datetime, worker_id: str
) -> int | None:
    """Insert the slot's row; its id if this call inserted it, None if a peer did.

    Raw SQL because the ORM cannot say whether ``bulk_create(ignore_conflicts=True)``
    inserted; ``INSERT … ON CONFLICT DO NOTHING RETURNING`` is the same on PostgreSQL
    and SQLite (3.35+)."""
    table = connection.ops.quote_name(PeriodicRun._meta.db_table)
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (task, slot, enqueued_at, worker_id) "  # noqa: S608 - table name from the model
            "VALUES (%s, %s, %s, %s) ON CONFLICT (task, slot) DO NOTHING RETURNING id",
            [task_path, adapt(slot), adapt(now), worker_id],
        )
        row = cursor.fetchone()
    return None if row is None else int(row[0])


def _previous_run_unfinished(task_path: str) -> bool:
    last = (
        PeriodicRun.objects.filter(task=task_path)
        .order_by("-slot")
        .values_list("task_result_id", flat=True)
        .first()
    )
    if last is None:
        return False
    return DBTaskResult.objects.filter(
        id=last, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    ).exists()


def periodic_enqueue_due(
    *, tasks: list[PeriodicTask], worker_id: str, now: dt.datetime | None = None
) -> list[str]:
    """Enqueue the jobs whose current slot nobody has taken yet. Returns their paths."""
    now = now or timezone.now()
    enqueued = []
    for periodic in tasks:
        slot = periodic.slot_at(now)
        # Plain reads first: on most heartbeats every slot is already taken, and on
        # SQLite a write transaction would queue behind the worker's own claims.
        if PeriodicRun.objects.filter(task=periodic.task_path, slot=slot).exists():
            continue
        if _previous_run_unfinished(periodic.task_path):
            continue
        with transaction.atomic():
            run_id = _slot_claim(
                task_path=periodic.task_path, slot=slot, now=now, worker_id=worker_id
            )
            if run_id is None:
                continue
            result = periodic.task().enqueue()
            PeriodicRun.objects.filter(pk=run_id).update(task_result_id=result.id)
        enqueued.append(periodic.task_path)
        logger.debug(
            "periodic job enqueued",
            extra={
                "task": periodic.task_path,
                "slot": slot.isoformat(),
                "task_result_id": result.id,
            },
        )
    return enqueued
