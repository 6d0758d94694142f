"""``motcua reports_rebuild [--from YYYY-MM-DD] [--to YYYY-MM-DD]``: recompute the
report aggregates from the dossier history and the ratings (ADR 0007)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.reports.services import reports_fold, reports_rebuild


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"not a date (YYYY-MM-DD): {value}") from error


class Command(BaseCommand):
    help = "Recompute the report aggregates (reports.DailyFlow) for local days, or all."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", type=_day, help="first local day")
        parser.add_argument("--to", dest="end", type=_day, help="last local day")

    def handle(
        self, *args: Any, start: dt.date | None, end: dt.date | None, **options: Any
    ) -> None:
        if start and end and end < start:
            raise CommandError("--to is before --from")
        rows = reports_rebuild(start=start, end=end)
        # What the fold had not reached yet: the history committed since its last run.
        folded = reports_fold()
        self.stdout.write(f"{rows} aggregate rows rebuilt, then {folded} new rows folded.")
