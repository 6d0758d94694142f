"""The overdue sweep over a million open dossiers (issue 6: under 5 s, and a cost that
grows with the dossiers that changed state, not with the total).

    .venv/bin/python bench/dossier_data.py --dossiers 1000000 --active-share 1.0 \
        --database-url postgres://postgres@127.0.0.1:5432/motcua_bench_sweep
    .venv/bin/python bench/overdue_sweep.py \
        [--database-url postgres://postgres@127.0.0.1:5432/motcua_bench_sweep] \
        [--late 0,100,1000,10000] [--repeat 3] [--explain-out FILE] [--pgbench-seconds 5]

Against a database generated with every dossier open, it runs the real
``workflow.reminders.deadline_sweep`` in-process (production settings) for a number K
of steps that became late since the previous run, each K ``--repeat`` times:

1. inside a transaction that is rolled back afterwards (every run sees the same data),
   K running steps (of dossiers received or in progress, clock running, chosen by a
   hash of their id so they spread over agencies) get a due time inside a five-minute
   window a year and more ahead, where no generated due time or appointment lies, and
   the three watermarks (``SweepState``) are set to the window's start;
2. ``deadline_sweep(now=<window end>)`` runs and is timed: selecting the windows,
   locking the dossiers found, writing K ``DeadlineAlert`` rows, advancing the
   watermarks. Statements and their time are counted;
3. then the second pass, ``deadline_alerts_tell`` in batches until none is left: the
   messages of the K alerts (``notifications.person_notify``: the heads of each step's
   unit, on each channel they receive on), timed on its own.

Each repetition uses another window (a day later), so a run never reads the index
entries a rolled-back one left. K = 0 is the sweep's fixed cost: the three window reads
on an empty window. The ceiling, in the same run: ``pgbench`` (select-only and TPC-B-like,
one client) on a scratch database, and what a sweep without a watermark would read: all
running steps due before now (one ``count(*)``). ``EXPLAIN (ANALYZE, BUFFERS)`` of the
sweep's window statements (K = 1000) goes to ``--explain-out``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/motcua_bench_sweep"
WINDOW = dt.timedelta(minutes=5)


@dataclass
class Run:
    late: int
    seconds: list[float] = field(default_factory=list)
    statements: list[int] = field(default_factory=list)
    db_seconds: list[float] = field(default_factory=list)
    found: list[tuple[int, int, int]] = field(default_factory=list)
    tell_seconds: list[float] = field(default_factory=list)
    tell_statements: list[int] = field(default_factory=list)
    messages: list[int] = field(default_factory=list)


class Counted:
    """Statements and their time, through ``connection.execute_wrapper``."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - began


def setup(url: str) -> None:
    os.environ["MOTCUA_DATABASE_URL"] = url
    os.environ.setdefault("MOTCUA_VAR_DIR", tempfile.mkdtemp(prefix="motcua-sweep-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def first_window(days_ahead: int) -> dt.datetime:
    """09:00 on the first working day ``days_ahead`` days from now (national calendar)."""
    from django.utils import timezone

    from motcua.calendar.selectors import working_calendar_for

    calendar = working_calendar_for()
    day = timezone.localdate() + dt.timedelta(days=days_ahead)
    while not calendar.is_working_day(day):
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=calendar.tz)


MOVE = """
UPDATE workflow_task t
SET due_at = %(start)s + (%(span)s * m.n / %(k)s::float8) * interval '1 second'
FROM (
  SELECT t.id, row_number() OVER (ORDER BY hashint8(t.id), t.id) - 1 AS n
  FROM workflow_task t JOIN dossiers_dossier d ON d.id = t.dossier_id
  WHERE t.status = 'active' AND d.status IN ('received', 'in_progress')
    AND d.paused_at IS NULL
  ORDER BY hashint8(t.id), t.id
  LIMIT %(k)s
) m
WHERE t.id = m.id
"""


def prepare(start: dt.datetime, k: int) -> None:
    """K running steps fall due in (start, start + WINDOW]; the watermarks at start."""
    from django.db import connection

    from motcua.workflow.models import SweepState
    from motcua.workflow.reminders import WATCHES

    if k:
        with connection.cursor() as cursor:
            cursor.execute(
                MOVE,
                {"start": start + dt.timedelta(seconds=1), "span": WINDOW.seconds - 2, "k": k},
            )
            assert cursor.rowcount == k, (cursor.rowcount, k)
    for name in WATCHES:
        SweepState.objects.update_or_create(
            name=name, defaults={"swept_until": start, "ran_at": start}
        )


def measure(start: dt.datetime, k: int, run: Run, capture: list[str] | None, tell: bool) -> None:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from motcua.workflow.reminders import deadline_alerts_tell, deadline_sweep

    with transaction.atomic():
        prepare(start, k)
        if capture is not None:
            # The plans of the very statements the sweep runs, on the data it reads: a
            # first sweep in a savepoint rolled back, then EXPLAIN of what it ran.
            with transaction.atomic():
                with CaptureQueriesContext(connection) as queries:
                    deadline_sweep(now=start + WINDOW)
                transaction.set_rollback(True)
            capture.extend(explain(start, k, [q["sql"] for q in queries.captured_queries]))
        counted = Counted()
        with connection.execute_wrapper(counted):
            began = time.perf_counter()
            result = deadline_sweep(now=start + WINDOW)
            seconds = time.perf_counter() - began
        assert result.late == k, (result, k)
        run.seconds.append(seconds)
        run.statements.append(counted.count)
        run.db_seconds.append(counted.seconds)
        run.found.append((result.late, result.due_soon, result.apology))
        if not tell:
            transaction.set_rollback(True)
            return
        # Then the second pass: every alert's people told, batch after batch.
        told = Counted()
        messages = 0
        with connection.execute_wrapper(told):
            began = time.perf_counter()
            while True:
                alerts, written = deadline_alerts_tell(now=start + WINDOW)
                messages += written
                if not alerts:
                    break
            run.tell_seconds.append(time.perf_counter() - began)
        run.tell_statements.append(told.count)
        run.messages.append(messages)
        transaction.set_rollback(True)


def explain(start: dt.datetime, k: int, statements: list[str]) -> list[str]:
    """EXPLAIN (ANALYZE, BUFFERS) of the sweep's window reads (not the locking one):
    run again inside the measured transaction, after the sweep, so the same rows."""
    from django.db import connection

    wanted = [
        sql
        for sql in statements
        if sql.startswith("SELECT")
        and "FOR UPDATE" not in sql
        and (
            ('FROM "workflow_task"' in sql and '"workflow_task"."due_at" >' in sql)
            or ('FROM "dossiers_dossier"' in sql and '"appointment_at" >' in sql)
        )
    ]
    out = [f"## K = {k}, window {start.isoformat()} + {WINDOW}\n"]
    with connection.cursor() as cursor:
        for sql in wanted:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            out.append(f"```sql\n{_short(sql)}\n```\n```\n{_short(plan)}\n```\n")
    return out


def _short(text: str) -> str:
    """Long lists of ids (IN (...), '{...}'::bigint[]) cut to their length."""
    text = re.sub(r"IN \((\d+(?:, \d+){5,})\)", lambda m: f"IN (… {m[1].count(',') + 1} ids)", text)
    return re.sub(r"'\{(\d+(?:,\d+){5,})\}'", lambda m: f"'{{… {m[1].count(',') + 1} ids}}'", text)


def naive_scan(now: dt.datetime) -> tuple[int, float]:
    """What a sweep without a watermark reads: every running step already due."""
    from django.db import connection

    with connection.cursor() as cursor:
        began = time.perf_counter()
        cursor.execute(
            "SELECT count(*) FROM workflow_task t JOIN dossiers_dossier d ON d.id = t.dossier_id "
            "WHERE t.status = 'active' AND t.due_at <= %s "
            "AND d.status IN ('received', 'in_progress', 'awaiting_payment') "
            "AND d.paused_at IS NULL",
            [now],
        )
        (rows,) = cursor.fetchone()
        return rows, time.perf_counter() - began


def sizes() -> dict[str, int]:
    from django.db import connection

    counts = {}
    with connection.cursor() as cursor:
        for label, query in (
            ("dossiers", "SELECT count(*) FROM dossiers_dossier"),
            (
                "open dossiers",
                "SELECT count(*) FROM dossiers_dossier WHERE status NOT IN "
                "('returned', 'refused', 'stopped')",
            ),
            ("running steps", "SELECT count(*) FROM workflow_task WHERE status = 'active'"),
            (
                "running steps, clock running",
                "SELECT count(*) FROM workflow_task t JOIN dossiers_dossier d "
                "ON d.id = t.dossier_id WHERE t.status = 'active' "
                "AND d.status IN ('received', 'in_progress', 'awaiting_payment') "
                "AND d.paused_at IS NULL",
            ),
            ("steps (all)", "SELECT count(*) FROM workflow_task"),
        ):
            cursor.execute(query)
            counts[label] = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        counts_size = cursor.fetchone()[0]
    counts["size"] = counts_size
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--late", default="0,100,1000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--explain-out", type=Path)
    parser.add_argument("--pgbench-seconds", type=float, default=5)
    parser.add_argument(
        "--tell-max",
        type=int,
        default=1000,
        help="time the telling pass only up to this K (its cost per alert does not change)",
    )
    args = parser.parse_args()
    if "bench" not in args.database_url.rsplit("/", 1)[1]:
        raise SystemExit("the database name must contain 'bench'")
    setup(args.database_url)

    from django.db import connection

    from bench.dossier_api import machine, pgbench

    print(machine())
    data = sizes()
    print(f"data: {data}")
    lates = [int(value) for value in args.late.split(",")]
    start = first_window(400)
    runs = []
    plans: list[str] = []
    offset = 0
    for k in lates:
        run = Run(late=k)
        for _ in range(args.repeat):
            offset += 1
            window = start + dt.timedelta(days=offset)
            capture = plans if (k == 1000 and not plans) else None
            measure(window, k, run, capture, tell=k <= args.tell_max)
        runs.append(run)
        print(
            f"K={k}: sweep median {statistics.median(run.seconds) * 1000:.0f} ms "
            f"(runs {', '.join(f'{s * 1000:.0f}' for s in run.seconds)}), "
            f"{statistics.median(run.statements):.0f} statements, "
            f"db {statistics.median(run.db_seconds) * 1000:.0f} ms, found {run.found[0]}"
            + (
                f"; telling {statistics.median(run.tell_seconds) * 1000:.0f} ms, "
                f"{run.messages[0]} messages"
                if run.tell_seconds
                else ""
            ),
            flush=True,
        )
    naive_rows, naive_seconds = naive_scan(start)
    connection.close()
    pg = pgbench(args.database_url, args.pgbench_seconds, 1)

    print(
        "\n| newly late steps (K) | sweep, median ms | runs, ms | statements | in SQL, ms "
        "| alerts (late, soon, apology) | telling them, median ms | statements "
        "| messages written | telling, ms per alert |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for run in runs:
        if run.tell_seconds:
            tell = statistics.median(run.tell_seconds) * 1000
            telling = (
                f"{tell:.0f} | {statistics.median(run.tell_statements):.0f} | "
                f"{run.messages[0]:,} | {tell / run.late if run.late else 0:.1f}"
            )
        else:
            telling = "not timed | | |"
        print(
            f"| {run.late:,} | {statistics.median(run.seconds) * 1000:.0f} | "
            f"{' / '.join(f'{s * 1000:.0f}' for s in run.seconds)} | "
            f"{statistics.median(run.statements):.0f} | "
            f"{statistics.median(run.db_seconds) * 1000:.0f} | {run.found[0]} | {telling} |"
        )
    print(
        f"\nwithout a watermark: {naive_rows:,} running steps already due, read in "
        f"{naive_seconds * 1000:.0f} ms (one count(*), before any message)"
    )
    print("\n| ceiling (1 client) | transactions/s | latency average ms |\n|---|---|---|")
    for label, tps, latency in pg:
        print(f"| {label} | {tps:.0f} | {latency:.2f} |")
    print(f"\ndata: {data}")
    if args.explain_out and plans:
        args.explain_out.write_text("".join(plans))
        print(f"plans written to {args.explain_out}")


if __name__ == "__main__":
    main()
