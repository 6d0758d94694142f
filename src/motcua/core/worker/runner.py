"""The worker process: django-tasks-db's ``Worker`` loop in the main thread, and a
housekeeping thread that beats, recovers orphaned jobs and runs the schedule.

The housekeeping runs in its own thread (with its own database connection) so the
heartbeat keeps going while a long job runs: a worker is judged dead by its process
being gone, not by a job being slow.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import datetime

from django.conf import settings
from django.db import DatabaseError, Error, close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from motcua.core.worker import set_current_worker_id
from motcua.core.worker.heartbeat import task_results_requeue_orphans, worker_beat, worker_forget
from motcua.core.worker.schedule import (
    PeriodicTask,
    periodic_enqueue_due,
    periodic_tasks_from_settings,
)

logger = logging.getLogger(__name__)


class Housekeeper(threading.Thread):
    """Every ``WORKER_TICK_SECONDS``: heartbeat, orphan recovery, due periodic jobs."""

    def __init__(
        self, *, worker_id: str, started_at: datetime, periodic: list[PeriodicTask]
    ) -> None:
        super().__init__(name=f"housekeeper-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.started_at = started_at
        self.periodic = periodic
        self.host = socket.gethostname()
        self.pid = os.getpid()
        self._stop_event = threading.Event()

    def tick(self, *, full_recovery: bool = False) -> None:
        worker_beat(
            worker_id=self.worker_id, host=self.host, pid=self.pid, started_at=self.started_at
        )
        task_results_requeue_orphans(full=full_recovery)
        if self.periodic:
            periodic_enqueue_due(tasks=self.periodic, worker_id=self.worker_id)

    def run(self) -> None:
        try:
            while not self._stop_event.wait(settings.WORKER_TICK_SECONDS):
                close_old_connections()
                try:
                    self.tick()
                except DatabaseError:
                    # The database is away (restart, failover): keep trying; peers
                    # will see the heartbeat gap only if it lasts the stale age.
                    logger.exception("worker housekeeping failed", extra={"worker": self.worker_id})
                    connection.close()
        finally:
            connection.close()

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=settings.WORKER_TICK_SECONDS + 5)


def worker_run(
    *,
    worker_id: str,
    queue_names: list[str],
    interval: float,
    batch: bool,
    max_tasks: int | None,
    startup_delay: bool,
    schedule: bool,
    backend_name: str = "default",
) -> None:
    """Run one worker process until it is told to stop (SIGINT, SIGTERM) or, with
    ``batch``, until the queue is empty."""
    periodic = periodic_tasks_from_settings() if schedule else []
    set_current_worker_id(worker_id)
    worker = Worker(
        queue_names=queue_names,
        interval=interval,
        batch=batch,
        backend_name=backend_name,
        startup_delay=startup_delay,
        max_tasks=max_tasks,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    # Before anything is written, so that a SIGTERM at any moment still runs the
    # clean-up below.
    worker.configure_signals()
    housekeeper = Housekeeper(worker_id=worker_id, started_at=timezone.now(), periodic=periodic)
    try:
        # The first beat, a full orphan sweep and the first look at the schedule
        # happen before the first job is claimed, so this worker is visible first.
        housekeeper.tick(full_recovery=True)
        housekeeper.start()
        logger.info(
            "worker started",
            extra={"worker": worker_id, "queues": queue_names, "periodic": len(periodic)},
        )
        worker.run()
    finally:
        if housekeeper.is_alive():
            housekeeper.stop()
        try:
            worker_forget(worker_id=worker_id)
        except Error:  # a signal may have cut a query short; peers clean up after us
            logger.exception("could not remove the heartbeat row", extra={"worker": worker_id})
        logger.info("worker stopped", extra={"worker": worker_id})
