"""Compare the live OpenAPI schema with the committed one (CI), or rewrite it (--write)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.api.v1 import api

SCHEMA_PATH = settings.PROJECT_DIR / "docs" / "api" / "openapi-v1.json"


def render_schema() -> str:
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "Kiểm tra (hoặc ghi lại với --write) lược đồ OpenAPI đã commit của API v1."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--write", action="store_true", help="ghi lại tệp lược đồ")

    def handle(self, *args: Any, write: bool = False, **options: Any) -> None:
        current = render_schema()
        path = Path(SCHEMA_PATH)
        if write:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(current, encoding="utf-8")
            self.stdout.write(f"wrote {path}")
            return
        committed = path.read_text(encoding="utf-8") if path.exists() else ""
        if committed != current:
            raise CommandError(
                f"{path} is out of date with the API code: run `make openapi`, review the "
                "diff and commit it."
            )
        self.stdout.write("OpenAPI schema is up to date.")
