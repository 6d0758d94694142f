"""Office pages at a million dossiers, server time, beside a bare Django page (issue 4).

    .venv/bin/python bench/dossier_data.py           # once: 1,000,000 dossiers
    .venv/bin/python bench/office_pages.py [--repeat 200] \
        [--database-url postgres://postgres@127.0.0.1:5432/motcua_bench]

In-process, against the database ``bench/dossier_data.py`` generated (migrated to the
current code first), with the benchmark settings (``bench.dossier_settings``: production
settings and a ``Server-Timing`` header): Django's test client signs in as an officer
(a real session row) and asks, ``--repeat`` times each after a warm-up, for:

- ceiling: ``GET /bench/bare`` (Django's request cycle, no database);
- ``GET /office/xu-ly/`` ("Việc của tôi") of the specialists with the most steps on
  their desk, and ``?tab=cua-don-vi`` of the unit heads and leaders with the longest lists
  (the whole agency's steps for a leader: the slowest inbox there is);
- ``GET /office/ho-so/<code>/`` of an in-progress dossier the officer may see.

"server" is the ``app`` figure of ``Server-Timing`` (every middleware, the session, the
view, the SQL and the template), read from the response: the HTTP round trip through
gunicorn is not in it. Only loopback; bounded by ``--repeat``.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/motcua_bench"
_APP = re.compile(r"app;dur=([\d.]+).*db;dur=([\d.]+);desc=\"(\d+) queries\"")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--officers", type=int, default=3, help="of each kind, largest first")
    args = parser.parse_args()
    os.environ.update(
        MOTCUA_DATABASE_URL=args.database_url,
        DJANGO_SETTINGS_MODULE="bench.dossier_settings",
        MOTCUA_VAR_DIR=tempfile.mkdtemp(prefix="motcua-bench-office-"),
    )
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    import django

    django.setup()
    from django.db.models import Count
    from django.test import Client

    from bench.dossier_api import machine
    from motcua.accounts.models import User
    from motcua.agencies.models import StaffAssignment
    from motcua.dossiers.models import Dossier
    from motcua.workflow.models import Task

    print(f"machine: {machine()}")
    print(
        f"dossiers: {Dossier.objects.count():,}; active steps: "
        f"{Task.objects.filter(status='active').count():,}"
    )

    def busiest(role: str, by: str) -> list[User]:
        holders = StaffAssignment.objects.filter(role__code=role, is_active=True)
        if by == "assignee":
            ids = (
                Task.objects.filter(status="active", assignee__in=holders.values("user_id"))
                .values("assignee")
                .annotate(n=Count("id"))
                .order_by("-n")
                .values_list("assignee", flat=True)[: args.officers]
            )
        else:
            agencies = (
                Task.objects.filter(status="active")
                .values("agency")
                .annotate(n=Count("id"))
                .order_by("-n")
                .values_list("agency", flat=True)[:10]
            )
            ids = holders.filter(agency__in=list(agencies)).values_list("user_id", flat=True)[
                : args.officers
            ]
        return list(User.objects.filter(pk__in=list(ids)))

    cases: list[tuple[str, User | None, str]] = [("ceiling: GET /bench/bare", None, "/bench/bare")]
    for user in busiest("specialist", "assignee"):
        cases.append((f"inbox, my steps ({user.username})", user, "/office/xu-ly/"))
    for role in ("unit_head", "leader"):
        for user in busiest(role, "agency"):
            cases.append(
                (f"inbox, unit tab ({role} {user.username})", user, "/office/xu-ly/?tab=cua-don-vi")
            )
    specialist = next(u for label, u, _ in cases if u is not None)
    code = (
        Task.objects.filter(status="active", assignee=specialist)
        .values_list("dossier__code", flat=True)
        .first()
    )
    cases.append((f"dossier page ({specialist.username})", specialist, f"/office/ho-so/{code}/"))

    print("\n| page | server p50 ms | server p95 ms | SQL statements | SQL p50 ms | rows shown |")
    print("|---|---|---|---|---|---|")
    for label, user, path in cases:
        client = Client()
        if user is not None:
            client.force_login(user)
        for _ in range(5):
            warm = client.get(path)
            assert warm.status_code == 200, (label, warm.status_code)
        app, db, queries = [], [], []
        for _ in range(args.repeat):
            response = client.get(path)
            found = _APP.search(response["Server-Timing"])
            assert found is not None
            app.append(float(found.group(1)))
            db.append(float(found.group(2)))
            queries.append(int(found.group(3)))
        rows = response.content.decode().count('<tr class="state-') if user else 0
        p95 = statistics.quantiles(app, n=20)[18]
        print(
            f"| {label} | {statistics.median(app):.1f} | {p95:.1f} | "
            f"{statistics.median(queries):.0f} | {statistics.median(db):.1f} | {rows} |"
        )


if __name__ == "__main__":
    main()
