"""The fold as a background job (``PERIODIC_TASKS``, settings.py; ADR 0007)."""

from __future__ import annotations

from django_tasks import task

from motcua.reports.services import reports_fold


@task()
def reports_fold_task() -> int:
    """Fold the history and ratings committed since the last run; returns the rows."""
    return reports_fold()
