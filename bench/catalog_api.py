"""Catalog API throughput beside its ceiling (a bare Django JSON endpoint), same server.

    .venv/bin/python bench/catalog_api.py [--seconds 10] [--clients 8] [--database-url URL]

Loads the demo province into a fresh database, starts gunicorn (2 sync workers on
127.0.0.1), drives each URL with N client threads for a bounded time, and prints a
Markdown table for docs/benchmarks.md. Only loopback traffic; every loop is bounded.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8765
URLS = [
    ("ceiling: bare Django JSON", "/bench/bare"),
    ("search q=dang ky khai sinh", "/api/v1/procedures?q=dang%20ky%20khai%20sinh"),
    ("search, no query, page 1", "/api/v1/procedures"),
    ("procedure detail", "/api/v1/procedures/1.001193"),
    (
        "appointment (counter, before Tết)",
        "/api/v1/procedures/1.001193/appointment?received_at=2026-02-13T16:00:00",
    ),
]


def drive(path: str, seconds: float, clients: int) -> tuple[int, list[float], int]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        mine: list[float] = []
        bad = 0
        while time.monotonic() < deadline:
            t0 = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - t0)
            if response.status != 200:
                bad += 1
        conn.close()
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies), latencies, errors


def fresh_postgres_database(url: str) -> None:
    """Drop and create the benchmark database, so every run starts from the demo data."""
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    var = tempfile.mkdtemp(prefix="motcua-bench-")
    env = {
        **os.environ,
        "MOTCUA_VAR_DIR": var,
        "MOTCUA_DATABASE_URL": args.database_url or f"sqlite:///{var}/bench.sqlite3",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": str(ROOT),
    }
    if env["MOTCUA_DATABASE_URL"].startswith("postgres"):
        fresh_postgres_database(env["MOTCUA_DATABASE_URL"])
    bin_dir = Path(sys.executable).parent
    subprocess.run(
        [bin_dir / "motcua", "demo", "--no-serve", "--accounts-json"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    server = subprocess.Popen(
        [
            bin_dir / "gunicorn",
            "bench.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        for _ in range(300):
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/")
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("gunicorn did not start within 30 s")
        engine = "PostgreSQL" if "postgres" in env["MOTCUA_DATABASE_URL"] else "SQLite"
        print(f"machine: {platform.node()} {os.cpu_count()} cores, {platform.python_version()}")
        print(
            f"database: {engine}; gunicorn 2 sync workers; {args.clients} clients; "
            f"{args.seconds:.0f} s per URL\n"
        )
        print("| URL | requests/s | p50 ms | p95 ms | errors | share of ceiling |")
        print("|---|---|---|---|---|---|")
        ceiling = None
        for label, path in URLS:
            drive(path, 1, args.clients)  # warm-up
            count, latencies, errors = drive(path, args.seconds, args.clients)
            rate = count / args.seconds
            ceiling = ceiling or rate
            q = statistics.quantiles(latencies, n=20)
            print(
                f"| {label} | {rate:.0f} | {statistics.median(latencies) * 1000:.1f} | "
                f"{q[18] * 1000:.1f} | {errors} | {rate / ceiling:.0%} |"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
