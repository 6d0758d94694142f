"""Background jobs of the workflow app (thin: they call ``reminders``).

Both run from ``PERIODIC_TASKS`` (settings.py). Both are safe to run again, or on two
workers at once: the sweep locks its watermarks and writes each finding once, the
findings are told in batches taken with SKIP LOCKED; the digest is keyed per leader and
day.
"""

from __future__ import annotations

from dataclasses import asdict

from django_tasks import task

from motcua.workflow.reminders import deadline_watch, leader_digest_send

# One run tells alerts for at most this long, then lets the worker take other jobs; the
# next run carries on with what is left.
TELL_BUDGET_SECONDS = 60.0


@task()
def deadline_sweep_task() -> dict[str, int]:
    """Steps due soon, steps late and dossiers at risk since the last run, then their
    people told; returns what it found and the messages it wrote."""
    return asdict(deadline_watch(budget_seconds=TELL_BUDGET_SECONDS))


@task()
def leader_digest_task() -> int:
    """The leaders' daily digest; returns the messages written."""
    return leader_digest_send()
