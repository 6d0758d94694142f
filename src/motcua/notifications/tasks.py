"""Background jobs of the notifications app (thin: they call services).

Both run from ``PERIODIC_TASKS`` (settings.py); both are safe to run again after a
worker died in the middle (see ``services`` for why delivery never sends twice).
"""

from __future__ import annotations

import time

from django_tasks import task

from motcua.core.worker import current_worker_id
from motcua.notifications.services import outbox_deliver, outbox_purge

# One run drains the outbox for at most this long, then lets the worker take other
# jobs; the next slot of the schedule carries on where it stopped.
DELIVER_BUDGET_SECONDS = 60.0


@task()
def outbox_deliver_task() -> int:
    """Send due messages until none is due or the time budget is spent. Returns how
    many messages were taken."""
    deadline = time.monotonic() + DELIVER_BUDGET_SECONDS
    taken = 0
    while True:
        batch = outbox_deliver(worker_id=current_worker_id())
        taken += batch
        if batch == 0 or time.monotonic() >= deadline:
            return taken


@task()
def outbox_cleanup_task() -> int:
    """Delete sent messages past their retention. Returns how many."""
    return outbox_purge()
