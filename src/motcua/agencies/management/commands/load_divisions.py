"""``motcua load_divisions [--province 86 ...]``: load the provinces and communes in
force since 1/7/2025 from the ``vietnam-provinces`` package."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.agencies.services import divisions_load
from motcua.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Nạp danh mục tỉnh, xã (từ 1/7/2025) từ gói vietnam-provinces; chạy lại không tạo trùng."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--province",
            type=int,
            action="append",
            dest="provinces",
            metavar="MÃ",
            help="Chỉ nạp tỉnh có mã này (ví dụ 86 là Vĩnh Long); lặp lại để nạp nhiều tỉnh.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            created = divisions_load(province_codes=options["provinces"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Đã tạo {created} đơn vị hành chính mới.")
