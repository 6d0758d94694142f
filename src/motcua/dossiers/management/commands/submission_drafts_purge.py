"""Delete online-submission drafts nobody has touched for a while (default 30 days),
with the files only they held. Run it daily from cron or the scheduler."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.dossiers.drafts import STALE_AFTER, drafts_purge_stale


class Command(BaseCommand):
    help = "Xóa hồ sơ nộp trực tuyến đang soạn đã lâu không cập nhật (stale drafts)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=STALE_AFTER.days,
            help=f"Untouched for at least this many days (default {STALE_AFTER.days}).",
        )

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        if days < 1:
            self.stderr.write("--days must be at least 1")
            raise SystemExit(2)
        count = drafts_purge_stale(older_than=dt.timedelta(days=days))
        self.stdout.write(f"{count} draft(s) purged")
