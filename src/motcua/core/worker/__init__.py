"""``motcua worker``: the django-tasks-db worker loop, plus what running several of them
on several machines needs (issue 6 §5, DESIGN.md "background jobs"):

- a heartbeat row per worker process (``heartbeat``), read by ``/healthz``;
- recovery: a job left running by a worker whose heartbeat went stale is queued again,
  so a killed worker's job is picked up by another (``heartbeat``);
- the schedule: periodic jobs of ``settings.PERIODIC_TASKS`` enqueued exactly once per
  time slot, whatever the number of workers (``schedule``);
- the process itself, tying these to django-tasks-db's ``Worker`` (``runner``).

Jobs run at least once: a job whose worker dies mid-run runs again from the start,
so every job must be safe to repeat (the outbox is: it never sends a message twice).
"""

from __future__ import annotations

_current_worker_id = ""


def current_worker_id() -> str:
    """The id of the worker process running this code ("" outside a worker)."""
    return _current_worker_id


def set_current_worker_id(worker_id: str) -> None:
    global _current_worker_id  # one id per process, set once at start
    _current_worker_id = worker_id
