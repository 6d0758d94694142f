"""The leader's dashboard at a million dossiers, server time (issue 7 §4, §7: ≤ 300 ms
for the whole province).

    .venv/bin/motcua migrate      # once, on motcua_bench, then fold the whole history:
    .venv/bin/motcua shell -c "import datetime as dt; from motcua.reports.services \
        import reports_fold; reports_fold(lag=dt.timedelta(0))"
    .venv/bin/python bench/dashboard.py [--repeat 50] \
        [--database-url postgres://postgres@127.0.0.1:5432/motcua_bench]

In-process with the benchmark settings (``bench.dossier_settings``: production settings
and a ``Server-Timing`` header), Django's test client signed in as an inspector posted
at the top agency (made for the run, removed after), asks
``--repeat`` times each after a warm-up for the dashboard of the whole province for
the busiest month, quarter and year, and for the two exports. "server" is the ``app``
figure of ``Server-Timing`` (middleware, session, view, SQL, template). Loopback only.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
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
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    os.environ.update(
        MOTCUA_DATABASE_URL=args.database_url,
        DJANGO_SETTINGS_MODULE="bench.dossier_settings",
        MOTCUA_VAR_DIR=tempfile.mkdtemp(prefix="motcua-bench-dashboard-"),
    )
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    import django

    django.setup()
    from django.db.models import Sum
    from django.db.models.functions import TruncMonth
    from django.test import Client

    from bench.dossier_api import machine
    from motcua.accounts.constants import RoleCode
    from motcua.accounts.services import staff_user_create
    from motcua.agencies.models import Agency
    from motcua.agencies.services import staff_assign_role
    from motcua.dossiers.models import Dossier, DossierEvent
    from motcua.reports.models import DailyFlow, FoldCursor

    # The aggregates must hold the whole history, or the figures are too small and too
    # fast. A fresh DB's first fold only records its horizon (ADR 0007): fold it with
    # ``reports_fold(lag=dt.timedelta(0))`` once (≈ 35 min for 6.7 M events, 2 cores).
    top_event = DossierEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    cursor = FoldCursor.objects.filter(name="events").values_list("folded_until", flat=True)
    if (cursor.first() or 0) < top_event:
        sys.exit(f"the fold has read events up to {cursor.first() or 0} of {top_event}")
    rows = DailyFlow.objects.count()
    print(f"machine: {machine()}")
    print(f"dossiers: {Dossier.objects.count():,}; daily aggregate rows: {rows:,}")
    busiest = (
        DailyFlow.objects.annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(n=Sum("received"))
        .order_by("-n")
        .first()
    )
    assert busiest is not None
    month = busiest["month"]
    top = Agency.objects.filter(parent__isnull=True).order_by("pk").first()
    assert top is not None
    inspector = staff_user_create(
        actor=None,
        username="bench.dashboard",
        full_name="Thanh tra đo tải",
        password=secrets.token_urlsafe(),
    )
    try:
        staff_assign_role(actor=None, user=inspector, role_code=RoleCode.INSPECTOR, agency=top)
        base = f"/office/dashboard/?co_quan={top.pk}"
        quarter = (month.month - 1) // 3 + 1
        cases = [
            (f"month {month:%m/%Y}", f"{base}&loai=thang&thang={month:%Y-%m}"),
            (f"quarter {quarter}/{month.year}", f"{base}&loai=quy&nam={month.year}&quy={quarter}"),
            (f"year {month.year}", f"{base}&loai=nam&nam={month.year}"),
            (
                "export KPI table .xlsx (month)",
                f"/office/dashboard/xuat/chi-so.xlsx?co_quan={top.pk}&thang={month:%Y-%m}",
            ),
            (
                "export comparison .csv (year)",
                f"/office/dashboard/xuat/so-sanh.csv?co_quan={top.pk}&loai=nam&nam={month.year}",
            ),
        ]
        client = Client()
        client.force_login(inspector)
        print(f"\nscope: {top.name} and all its children\n")
        print("| dashboard | server p50 ms | server p95 ms | SQL statements | SQL p50 ms |")
        print("|---|---|---|---|---|")
        for label, path in cases:
            for _ in range(3):
                warm = client.get(path)
                assert warm.status_code == 200, (label, warm.status_code)
            app, db, queries = [], [], []
            for _ in range(args.repeat):
                response = client.get(path)
                if hasattr(response, "streaming_content"):
                    b"".join(response.streaming_content)
                found = _APP.search(response["Server-Timing"])
                assert found is not None
                app.append(float(found.group(1)))
                db.append(float(found.group(2)))
                queries.append(int(found.group(3)))
            p95 = statistics.quantiles(app, n=20)[18]
            print(
                f"| {label} | {statistics.median(app):.1f} | {p95:.1f} | "
                f"{statistics.median(queries):.0f} | {statistics.median(db):.1f} |"
            )
    finally:
        inspector.delete()


if __name__ == "__main__":
    main()
