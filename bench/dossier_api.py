"""Dossier API at a million dossiers, each figure beside its ceiling (project issue 3).

    .venv/bin/python bench/dossier_data.py          # once: 1,000,000 dossiers
    .venv/bin/python bench/dossier_api.py [--seconds 10] [--clients 8] [--submit-seconds 15] \
        [--database-url postgres://postgres@127.0.0.1:5432/motcua_bench] [--explain-out FILE]

Against the database ``bench/dossier_data.py`` generated, starts gunicorn
(``--workers`` sync workers, default 2, one per core, on 127.0.0.1;
``bench.dossier_settings``: production settings, a ``Server-Timing`` header from
``bench.timing`` and the bare ceilings) and measures, in one run, each for a bounded
time with N client threads over keep-alive connections:

- ceiling: ``GET /bench/bare`` (Django's request cycle, no database);
- ``GET /api/v1/track/{code}`` on random existing codes (public, no login);
- an officer's inbox, page 1: specialists' ``GET /api/v1/dossiers?assigned_to_me=true``
  and leaders' ``GET /api/v1/dossiers?status=in_progress`` (bearer tokens);
- ceiling: ``POST /bench/bare-post`` with a submission's body (parsed, nothing stored);
- ``POST /api/v1/dossiers``: online submissions of citizens with an account, one small
  PDF per mandatory paper, a fresh ``Idempotency-Key`` each; dossiers/s is counted in
  the database (rows after − rows before);
- ``pgbench`` select-only (``-S``) and TPC-B-like on a scratch database: the ceiling of
  PostgreSQL itself on this machine.

Before the server starts it captures the SQL the track and inbox endpoints issue (an
in-process request under ``CaptureQueriesContext``) and runs ``EXPLAIN (ANALYZE,
BUFFERS)`` on each statement, written to ``--explain-out``. Tokens are issued with
``accounts.services.api_token_issue`` (what ``POST /api/v1/auth/token`` calls once the
password is checked): the synthetic officers and citizens have no password.
Only loopback traffic; every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
PORT = 8766
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/motcua_bench"
_TIMING = re.compile(r'app;dur=([\d.]+), cpu;dur=([\d.]+), db;dur=([\d.]+);desc="(\d+) queries"')

Request = tuple[str, str, bytes | None, dict[str, str]]


@dataclass
class Result:
    label: str
    seconds: float
    latencies: list[float] = field(default_factory=list)
    app: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    db: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    failures: int = 0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def errors(self, ok: tuple[int, ...] = (200,)) -> int:
        return self.failures + sum(n for status, n in self.statuses.items() if status not in ok)


def pct(values: list[float], q: int) -> float:
    """The q-th percentile (q in 5..95 by 5), in the unit of ``values``."""
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=20, method="inclusive")[q // 5 - 1]


def drive(label: str, make: Callable[[int, int], Request], seconds: float, clients: int) -> Result:
    """``clients`` threads, each on its own keep-alive connection, send ``make(worker,
    n)`` until the deadline."""
    result = Result(label, seconds)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        mine = Result(label, seconds)
        n = 0
        while time.monotonic() < deadline:
            method, path, body, headers = make(index, n)
            n += 1
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                mine.failures += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                continue
            mine.latencies.append(time.perf_counter() - started)
            mine.statuses[response.status] += 1
            timing = _TIMING.search(response.getheader("Server-Timing") or "")
            if timing:
                mine.app.append(float(timing.group(1)))
                mine.cpu.append(float(timing.group(2)))
                mine.db.append(float(timing.group(3)))
                mine.queries.append(int(timing.group(4)))
        conn.close()
        with lock:
            result.latencies += mine.latencies
            result.app += mine.app
            result.cpu += mine.cpu
            result.db += mine.db
            result.queries += mine.queries
            result.statuses.update(mine.statuses)
            result.failures += mine.failures

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


# --- preparation (in-process Django, before the server starts) ------------------------


def small_pdf(tag: str, size: int = 12_000) -> bytes:
    """A valid one-page PDF of about ``size`` bytes; ``tag`` makes each one unique."""
    filler = (tag * (size // max(1, len(tag)) + 1))[:size]
    stream = f"% {filler}\n".encode()
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>endobj\n"
        + f"4 0 obj<</Length {len(stream)}>>stream\n".encode()
        + stream
        + b"endstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def submission_request(
    spec: dict[str, Any], token: str, tag: str, agency: str
) -> tuple[bytes, dict[str, str]]:
    """An online submission as a citizen's app sends it: one small PDF for every
    mandatory paper, a fresh Idempotency-Key."""
    content = base64.b64encode(small_pdf(tag)).decode()
    body = {
        "procedure": spec["procedure"],
        "agency": agency,
        "components": [
            {"component_id": c, "files": [{"name": f"giay-to-{c}.pdf", "content_base64": content}]}
            for c in spec["components"]
        ],
        "result_delivery": "online",
    }
    headers = {
        "Content-Type": "application/json",
        "Authorization": f"Bearer {token}",
        "Idempotency-Key": tag,
    }
    return json.dumps(body).encode(), headers


@dataclass
class Plan:
    codes: list[str]
    specialists: dict[str, str]  # username → raw token
    leaders: dict[str, str]
    citizens: dict[str, str]
    submissions: list[dict[str, Any]]  # procedure, agencies, component ids
    inbox_sizes: dict[str, int]


def prepare(rng: random.Random) -> Plan:
    from motcua.accounts.models import User
    from motcua.accounts.services import api_token_issue
    from motcua.agencies.models import StaffAssignment
    from motcua.catalog.constants import OnlineMode
    from motcua.catalog.models import ProcedureVersion
    from motcua.dossiers.models import Dossier
    from motcua.workflow.selectors import dossier_list_for_user

    top = Dossier.objects.order_by("-id").values_list("id", flat=True).first() or 0
    ids = rng.sample(range(1, top + 1), min(top, 20_000))
    codes = list(Dossier.objects.filter(id__in=ids).values_list("code", flat=True)[:5000])

    def staff(role: str, demo_count: int, synthetic: int) -> list[User]:
        holders = StaffAssignment.objects.filter(role__code=role, is_active=True)
        demo = list(
            User.objects.filter(pk__in=holders.values("user_id"))
            .exclude(username__startswith="bench.")
            .order_by("username")[:demo_count]
        )
        others = list(
            User.objects.filter(
                pk__in=holders.values("user_id"), username__startswith="bench."
            ).order_by("username")
        )
        return demo + rng.sample(others, min(synthetic, len(others)))

    def tokens(users: list[User]) -> dict[str, str]:
        return {
            u.username: api_token_issue(user=u, password_checked=False, name="bench")[1]
            for u in users
        }

    specialists = staff("specialist", 3, 9)
    leaders = staff("leader", 2, 6)
    citizen_users = list(
        User.objects.filter(kind="citizen", citizen__isnull=False).order_by("?")[:20]
    )
    sizes = {}
    for user in specialists:
        sizes[f"specialist {user.username}"] = dossier_list_for_user(
            user=user, assigned_to_me=True
        ).count()
    for user in leaders:
        sizes[f"leader {user.username}"] = dossier_list_for_user(
            user=user, status="in_progress"
        ).count()

    submissions = []
    versions = (
        ProcedureVersion.objects.filter(status="published")
        .exclude(online_mode=OnlineMode.NONE)
        .select_related("procedure")
        .prefetch_related("agencies", "components")
    )
    for version in versions:
        if version.eform_schema:
            continue  # a filled-in e-form per procedure is out of this benchmark's scope
        papers = [c.pk for c in version.components.all() if c.mandatory]
        if len(papers) > 4:
            continue
        submissions.append(
            {
                "procedure": version.procedure.code,
                "agencies": [a.code for a in version.agencies.all()],
                "components": papers,
            }
        )
    return Plan(
        codes=codes,
        specialists=tokens(specialists),
        leaders=tokens(leaders),
        citizens=tokens(citizen_users),
        submissions=submissions,
        inbox_sizes=sizes,
    )


def explain(plan: Plan, out: Path) -> list[str]:
    """The SQL the track and inbox endpoints issue, each with EXPLAIN (ANALYZE,
    BUFFERS) on a warm cache. Returns one summary line per statement."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()

    def largest(role: str, tokens: dict[str, str]) -> tuple[str, str]:
        # The officer with the longest list: the slowest page of the run.
        name = max(tokens, key=lambda username: plan.inbox_sizes[f"{role} {username}"])
        return name, tokens[name]

    specialist, specialist_token = largest("specialist", plan.specialists)
    leader, leader_token = largest("leader", plan.leaders)
    citizen_token = next(iter(plan.citizens.values()))
    spec = plan.submissions[0]
    cases: list[tuple[str, str, str, str | None]] = [
        ("GET /api/v1/track/{code}", "GET", f"/api/v1/track/{plan.codes[0]}", None),
        (
            f"GET /api/v1/dossiers?assigned_to_me=true ({specialist})",
            "GET",
            "/api/v1/dossiers?assigned_to_me=true",
            specialist_token,
        ),
        (
            f"GET /api/v1/dossiers?status=in_progress ({leader})",
            "GET",
            "/api/v1/dossiers?status=in_progress",
            leader_token,
        ),
        (f"POST /api/v1/dossiers ({spec['procedure']})", "POST", "/api/v1/dossiers", citizen_token),
    ]
    lines: list[str] = []
    report: list[str] = []
    for label, method, path, token in cases:
        headers = {"Authorization": f"Bearer {token}"} if token else {}

        def send(method: str = method, path: str = path, headers: dict[str, str] = headers) -> Any:
            if method == "GET":
                return client.get(path, headers=headers)
            tag = f"explain-{time.time_ns()}"
            body, extra = submission_request(spec, citizen_token, tag, spec["agencies"][0])
            return client.post(
                path,
                data=body,
                content_type="application/json",
                headers={**headers, "Idempotency-Key": extra["Idempotency-Key"]},
            )

        send()  # warm the caches and the token's last_used_at
        with CaptureQueriesContext(connection) as captured:
            response = send()
        report.append(f"=== {label}: HTTP {response.status_code}, {len(captured)} statements\n")
        for number, query in enumerate(captured.captured_queries, 1):
            statement = query["sql"]
            report.append(f"--- {number}. ({query['time']} s in the request)\n{statement}\n")
            if not statement.lstrip().upper().startswith("SELECT"):
                lines.append(f"{label} #{number}: {query['time']} s {statement[:50]}…")
                continue
            with connection.cursor() as cursor:
                for _ in range(2):  # the second run reads a warm cache
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement)
                    rows = [row[0] for row in cursor.fetchall()]
            report.append("\n".join(rows) + "\n")
            executed = next((r for r in rows if r.startswith("Execution Time")), "")
            lines.append(f"{label} #{number}: {executed}; {rows[0][:90]}")
    out.write_text("\n".join(report), encoding="utf-8")
    return lines


# --- prototype fixes (issue 3 findings; the lead decides what goes into src/) ----------

PROTOTYPE_INDEXES = {
    # The hashed subplans of dossier_visible_q ("assigned to them ever", "liên thông
    # participant") read index pages only instead of one heap page per task.
    "bench_proto_task_assignee_dossier": "workflow_task (assignee_id, dossier_id) "
    "INCLUDE (agency_id, one_stop_unit_id)",
    "bench_proto_participant_agency_dossier": "workflow_dossierparticipant (agency_id, dossier_id)",
    # Staff lists filtered by status walk this index in page order (appointment_at, id)
    # and count without touching the table.
    "bench_proto_dossier_status_appointment": "dossiers_dossier (status, appointment_at, id) "
    "INCLUDE (deciding_agency_id, current_agency_id, receiving_unit_id)",
}


def prototype_fixes(url: str, apply: bool) -> None:
    """Create (or drop) the prototype indexes and turn JIT off for the database."""
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url, autocommit=True) as conn:
        if apply:
            conn.execute("SET maintenance_work_mem = '512MB'")
            for index, target in PROTOTYPE_INDEXES.items():
                conn.execute(
                    sql.SQL("CREATE INDEX IF NOT EXISTS {} ON ").format(sql.Identifier(index))
                    + sql.SQL(target)
                )
            conn.execute(sql.SQL("ALTER DATABASE {} SET jit = off").format(sql.Identifier(name)))
            conn.execute(
                "VACUUM ANALYZE workflow_task, workflow_dossierparticipant, dossiers_dossier"
            )
        else:
            for index in PROTOTYPE_INDEXES:
                conn.execute(sql.SQL("DROP INDEX IF EXISTS {}").format(sql.Identifier(index)))
            conn.execute(sql.SQL("ALTER DATABASE {} RESET jit").format(sql.Identifier(name)))


# --- pgbench ---------------------------------------------------------------------------


def _number(pattern: str, text: str) -> float:
    found = re.search(pattern, text)
    if found is None:
        raise RuntimeError(f"pgbench output without {pattern!r}:\n{text}")
    return float(found.group(1))


def pgbench(url: str, seconds: float, clients: int) -> list[tuple[str, float, float]]:
    """pgbench on a scratch database beside the benchmark's: select-only and TPC-B-like,
    scale 10 (1,000,000 accounts)."""
    parts = urlsplit(url)
    scratch = parts.path.lstrip("/") + "_pgbench"
    base = url.rsplit("/", 1)[0]
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(scratch)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(scratch)))
    common = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
    common += ["-U", parts.username or "postgres"]
    env = {**os.environ, "PGPASSWORD": parts.password or ""}
    results = []
    try:
        subprocess.run(
            ["pgbench", "-i", "-q", "-s", "10", *common, scratch],
            check=True,
            env=env,
            capture_output=True,
        )
        for label, extra in (("pgbench -S (select only)", ["-S"]), ("pgbench TPC-B-like", [])):
            done = subprocess.run(
                [
                    "pgbench",
                    *extra,
                    "-c",
                    str(clients),
                    "-j",
                    "2",
                    "-T",
                    str(int(seconds)),
                    *common,
                    scratch,
                ],
                check=True,
                env=env,
                capture_output=True,
                text=True,
            )
            tps = _number(r"tps = ([\d.]+)", done.stdout)
            latency = _number(r"latency average = ([\d.]+) ms", done.stdout)
            results.append((label, tps, latency))
    finally:
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(scratch)))
    return results


# --- the run ---------------------------------------------------------------------------


def machine() -> str:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    load = os.getloadavg()
    return (
        f"{os.cpu_count()} cores ({cpu}), {mem_kb / 1048576:.0f} GiB, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}; load average at start "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )


def data_size(url: str) -> tuple[dict[str, int], str, str]:
    with psycopg.connect(url) as conn:
        counts = {}
        for table in (
            "dossiers_dossier",
            "dossiers_dossierevent",
            "workflow_task",
            "workflow_dossierparticipant",
            "accounts_citizen",
            "accounts_user",
        ):
            row = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
            counts[table] = (row.fetchone() or (0,))[0]
        size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        version = conn.execute("SHOW server_version")
        return counts, (size.fetchone() or ("?",))[0], (version.fetchone() or ("?",))[0]


def row(
    result: Result, ceiling: float, ok: tuple[int, ...] = (200,), rate: float | None = None
) -> str:
    rate = result.rate if rate is None else rate
    queries = statistics.median(result.queries) if result.queries else 0
    return (
        f"| {result.label} | {rate:.0f} | {pct(result.latencies, 50) * 1000:.1f} | "
        f"{pct(result.latencies, 95) * 1000:.1f} | {pct(result.app, 50):.1f} | "
        f"{pct(result.app, 95):.1f} | {pct(result.cpu, 50):.1f} | "
        f"{queries:.0f} / {pct(result.db, 50):.1f} | "
        f"{result.errors(ok)} | {result.rate / ceiling:.0%} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--seconds", type=float, default=10, help="per read measurement")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="gunicorn sync workers (2, one per core: at 5, gunicorn's 2 x cores + 1, "
        "reads wait for the CPU and submissions are no faster, docs/benchmarks.md)",
    )
    parser.add_argument("--submit-seconds", type=float, default=15)
    parser.add_argument(
        "--prebuilt",
        type=int,
        default=600,
        help="submission bodies built per client before the clock starts (then built on the fly)",
    )
    parser.add_argument("--pgbench-seconds", type=float, default=10)
    parser.add_argument("--no-pgbench", action="store_true")
    parser.add_argument("--explain-out", default="")
    parser.add_argument(
        "--prototype-fixes",
        action="store_true",
        help="measure with the prototype indexes and JIT off (created, then dropped)",
    )
    args = parser.parse_args()
    if args.prototype_fixes:
        print("prototype fixes: " + "; ".join(PROTOTYPE_INDEXES.values()) + "; jit = off")
        prototype_fixes(args.database_url, apply=True)
    try:
        run(args)
    finally:
        if args.prototype_fixes:
            prototype_fixes(args.database_url, apply=False)


def run(args: argparse.Namespace) -> None:

    var = tempfile.mkdtemp(prefix="motcua-bench-")
    env = {
        **os.environ,
        "MOTCUA_VAR_DIR": var,
        "MOTCUA_DATABASE_URL": args.database_url,
        "DJANGO_SETTINGS_MODULE": "bench.dossier_settings",
        "PYTHONPATH": str(ROOT),
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connections

    counts, size, pg_version = data_size(args.database_url)
    if counts["dossiers_dossier"] < 1000:
        raise SystemExit("no dossiers: run bench/dossier_data.py first")
    rng = random.Random(3)
    print(f"machine: {machine()}")
    print(
        f"database: PostgreSQL {pg_version}, {size}; "
        + ", ".join(f"{table} {n:,}" for table, n in counts.items())
    )
    started = time.perf_counter()
    plan = prepare(rng)
    sizes = sorted(plan.inbox_sizes.values())
    print(
        "inbox sizes (rows behind page 1): "
        + ", ".join(f"{who} {n}" for who, n in plan.inbox_sizes.items())
    )
    print(
        f"submissions over {len(plan.submissions)} procedures: "
        + ", ".join(s["procedure"] for s in plan.submissions)
    )
    explain_out = Path(args.explain_out or Path(var) / "explain.txt")
    print(f"\nEXPLAIN (ANALYZE, BUFFERS), warm cache → {explain_out}")
    for line in explain(plan, explain_out):
        print("  " + line)
    connections.close_all()

    bin_dir = Path(sys.executable).parent
    server = subprocess.Popen(
        [
            bin_dir / "gunicorn",
            "bench.wsgi",
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    results: dict[str, Result] = {}
    submitted = 0
    try:
        for _ in range(300):
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/")
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("gunicorn did not start within 30 s")

        def get(path: str) -> Callable[[int, int], Request]:
            return lambda worker, n: ("GET", path, None, {})

        def track(worker: int, n: int) -> Request:
            return ("GET", f"/api/v1/track/{rng.choice(plan.codes)}", None, {})

        def inbox(tokens: dict[str, str], query: str) -> Callable[[int, int], Request]:
            raws = list(tokens.values())
            return lambda worker, n: (
                "GET",
                f"/api/v1/dossiers?{query}",
                None,
                {"Authorization": f"Bearer {raws[(worker + n) % len(raws)]}"},
            )

        run_id = f"{int(time.time())}"
        citizen_tokens = list(plan.citizens.values())

        def submission(worker: int, n: int) -> Request:
            spec = plan.submissions[(worker * 7 + n) % len(plan.submissions)]
            token = citizen_tokens[(worker + n) % len(citizen_tokens)]
            tag = f"bench-{run_id}-{worker}-{n}"
            body, headers = submission_request(spec, token, tag, rng.choice(spec["agencies"]))
            return ("POST", "/api/v1/dossiers", body, headers)

        # The bodies are built before the clock starts: on a 2-core machine the load
        # generator's own JSON and base64 work would otherwise be taken from the
        # server (a real client is not on the server's machine).
        ready = [[submission(w, n) for n in range(args.prebuilt)] for w in range(args.clients)]

        def prebuilt_submission(worker: int, n: int) -> Request:
            mine = ready[worker]
            return mine[n] if n < len(mine) else submission(worker, n)

        def bare_post(worker: int, n: int) -> Request:
            method, _path, body, _headers = ready[worker][n % len(ready[worker])]
            return (method, "/bench/bare-post", body, {"Content-Type": "application/json"})

        reads = [
            ("ceiling: bare Django JSON", get("/bench/bare")),
            ("GET /api/v1/track/{code}", track),
            (
                "specialist inbox ?assigned_to_me=true",
                inbox(plan.specialists, "assigned_to_me=true"),
            ),
            ("leader inbox ?status=in_progress", inbox(plan.leaders, "status=in_progress")),
        ]
        for label, make in reads:
            drive(label, make, 1, args.clients)  # warm-up
            results[label] = drive(label, make, args.seconds, args.clients)
        drive("warm-up", bare_post, 1, args.clients)
        results["post ceiling"] = drive(
            "ceiling: bare Django POST (same body)", bare_post, args.seconds, args.clients
        )
        with psycopg.connect(args.database_url) as conn:
            before = (conn.execute("SELECT count(*) FROM dossiers_dossier").fetchone() or (0,))[0]
        results["submit"] = drive(
            "POST /api/v1/dossiers (online submission)",
            prebuilt_submission,
            args.submit_seconds,
            args.clients,
        )
        with psycopg.connect(args.database_url) as conn:
            after = (conn.execute("SELECT count(*) FROM dossiers_dossier").fetchone() or (0,))[0]
        submitted = after - before
    finally:
        server.terminate()
        server.wait(timeout=10)
    pg = [] if args.no_pgbench else pgbench(args.database_url, args.pgbench_seconds, args.clients)
    total = time.perf_counter() - started
    if args.explain_out:
        shutil.rmtree(var, ignore_errors=True)  # the uploaded files; the report is elsewhere

    ceiling = results["ceiling: bare Django JSON"].rate
    print(
        f"\ngunicorn {args.workers} sync workers; {args.clients} client threads; "
        f"{args.seconds:.0f} s per read, "
        f"{args.submit_seconds:.0f} s of submissions; whole run {total:.0f} s\n"
    )
    print(
        "| request | requests/s | client p50 ms | client p95 ms | server p50 ms | "
        "server p95 ms | worker CPU p50 ms | SQL per request: statements / p50 ms | errors "
        "| share of ceiling |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for label, _make in reads:
        print(row(results[label], ceiling))
    post_ceiling = results["post ceiling"].rate
    print(row(results["post ceiling"], post_ceiling, ok=(201,)))
    submit = results["submit"]
    print(row(submit, post_ceiling, ok=(201,)))
    print(
        f"\nonline submission: {submitted} dossiers created in {args.submit_seconds:.0f} s = "
        f"{submitted / args.submit_seconds:.0f} dossiers/s (rows counted before/after); "
        f"HTTP statuses {dict(submit.statuses)}"
    )
    if pg:
        print(
            f"\n| pgbench ({args.clients} clients, 2 threads, scale 10, "
            f"{args.pgbench_seconds:.0f} s) | transactions/s | latency average ms |"
        )
        print("|---|---|---|")
        for label, tps, latency in pg:
            print(f"| {label} | {tps:.0f} | {latency:.2f} |")
    print(f"\ninbox sizes: min {sizes[0]}, median {statistics.median(sizes):.0f}, max {sizes[-1]}")


if __name__ == "__main__":
    main()
