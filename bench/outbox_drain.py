"""The worker drains the outbox to a local fake SMS gateway (project issue 6: "drains
10,000 queued messages at ≥ 500 messages/s"), beside its ceiling.

    .venv/bin/python bench/outbox_drain.py [--messages 10000] [--workers 1] \
        [--database-url postgres://postgres@127.0.0.1:5432/motcua_outbox]

In one run, on 127.0.0.1 only, every loop bounded in time:

1. The fake gateway (``motcua.notifications.testing.fake_gateway``) starts as its own
   process.
2. Ceiling: a bare HTTP loop posts the same number of messages straight to it, with as
   many threads and keep-alive connections as a worker sends with
   (``MOTCUA_OUTBOX_SEND_THREADS``): what the gateway and loopback allow, no database.
3. The database is migrated and emptied of messages; ``--workers`` ``motcua worker``
   processes start (settings ``bench.outbox_settings``: outbox delivery every second)
   and beat.
4. The messages are written with ``message_enqueue`` in one transaction (rate
   reported), then the clock runs from its commit until the last message is recorded
   as sent (``max(sent_at)``): messages/s = messages ÷ that time, which includes the
   wait for the next schedule slot (≤ 1 s).
5. The gateway must have accepted each message once (no duplicate, no failure).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/motcua_outbox"
API_KEY = "bench-key"
TIMEOUT = 600.0


def environment(database_url: str, gateway_url: str, threads: int, batch: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.outbox_settings",
            "PYTHONPATH": str(ROOT),
            "MOTCUA_DATABASE_URL": database_url,
            "MOTCUA_VAR_DIR": os.environ.get("MOTCUA_VAR_DIR", str(ROOT / "var")),
            "MOTCUA_SMS_GATEWAY_URL": gateway_url,
            "MOTCUA_SMS_GATEWAY_API_KEY": API_KEY,
            "MOTCUA_SMS_COST_PER_PART": "350",
            "MOTCUA_NOTIFY_CHANNELS": "sms,email,in_app",
            "MOTCUA_OUTBOX_SEND_THREADS": str(threads),
            "MOTCUA_OUTBOX_BATCH_SIZE": str(batch),
            "MOTCUA_LOG_LEVEL": "WARNING",
        }
    )
    return env


# --- the gateway and the ceiling ----------------------------------------------------


def gateway_start() -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "motcua.notifications.testing.fake_gateway",
            "--port",
            "0",
            "--api-key",
            API_KEY,
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    if not url.startswith("http://127.0.0.1:"):
        process.kill()
        raise SystemExit(f"the fake gateway did not start: {url!r}")
    return process, url


def gateway_call(url: str, method: str, path: str, body: Any = None) -> Any:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        payload = json.dumps(body).encode() if body is not None else None
        conn.request(method, path, body=payload, headers={"Content-Type": "application/json"})
        return json.loads(conn.getresponse().read())
    finally:
        conn.close()


def ceiling(url: str, messages: int, threads: int) -> float:
    """Messages/s posted straight to the gateway: ``threads`` keep-alive connections,
    the request body the SMS plugin sends."""
    parts = urlsplit(url)
    counter = iter(range(messages))
    lock = threading.Lock()
    errors: list[str] = []

    def post_all() -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        conn.connect()
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json",
            "Authorization": f"Bearer {API_KEY}",
        }
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            with lock:
                n = next(counter, None)
            if n is None:
                break
            body = json.dumps(
                {
                    "to": f"09{n:08d}",
                    "text": f"Ho so H01-{n:06d} da duoc tiep nhan, hen tra 25/11/2026.",
                    "sender": "MOTCUA",
                    "client_ref": f"ceiling-{n}",
                }
            ).encode()
            conn.request("POST", parts.path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(str(response.status))
        conn.close()

    workers = [threading.Thread(target=post_all) for _ in range(threads)]
    start = time.perf_counter()
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(TIMEOUT)
    elapsed = time.perf_counter() - start
    if errors:
        raise SystemExit(f"the ceiling loop got errors: {errors[:5]}")
    return messages / elapsed


# --- the drain ----------------------------------------------------------------------


def django_setup(env: dict[str, str]) -> None:
    os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    import django

    django.setup()


def drain(args: argparse.Namespace, env: dict[str, str]) -> dict[str, Any]:
    from django.db import connection, transaction
    from django.db.models import Max, Min
    from django_tasks_db.models import DBTaskResult

    from motcua.core.models import PeriodicRun, WorkerHeartbeat
    from motcua.notifications.constants import TemplateKey
    from motcua.notifications.models import Message
    from motcua.notifications.services import message_enqueue

    subprocess.run(
        [sys.executable, "-m", "motcua", "migrate", "-v", "0"], env=env, check=True, timeout=600
    )
    Message.objects.all().delete()
    DBTaskResult.objects.all().delete()
    PeriodicRun.objects.all().delete()
    WorkerHeartbeat.objects.all().delete()

    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "motcua", "worker", "--no-startup-delay", "--verbosity", "0"],
            env=env,
        )
        for _ in range(args.workers)
    ]
    try:
        deadline = time.monotonic() + 120
        while WorkerHeartbeat.objects.count() < args.workers:
            if time.monotonic() > deadline:
                raise SystemExit("the workers did not start")
            time.sleep(0.2)

        context = {
            "citizen_name": "Nguyễn Văn An",
            "procedure": "Cấp giấy phép xây dựng",
            "agency": "UBND xã Long Hồ",
            "received_at": "20/11/2026 08:30",
            "appointment": "25/11/2026",
        }
        start = time.perf_counter()
        with transaction.atomic():
            for n in range(args.messages):
                message_enqueue(
                    event_key=f"bench:{n}:received",
                    template=TemplateKey.DOSSIER_RECEIVED,
                    channel="sms",
                    recipient=f"09{n:08d}",
                    context={
                        **context,
                        "code": f"H01-{n:06d}",
                        "tracking_url": f"https://x.vn/{n}",
                    },
                    reference=f"H01-{n:06d}",
                )
        enqueue_seconds = time.perf_counter() - start
        from django.utils import timezone

        committed = timezone.now()
        deadline = time.monotonic() + TIMEOUT
        while Message.objects.filter(status="sent").count() < args.messages:
            if time.monotonic() > deadline:
                raise SystemExit("the outbox did not drain in time")
            time.sleep(0.2)
        span = Message.objects.aggregate(first=Min("sent_at"), last=Max("sent_at"))
        statuses = set(Message.objects.values_list("status", flat=True).distinct())
        attempts = set(Message.objects.values_list("attempts", flat=True).distinct())
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=60)
    return {
        "vendor": connection.vendor,
        "enqueue_rate": args.messages / enqueue_seconds,
        "drain_seconds": (span["last"] - committed).total_seconds(),
        "send_seconds": (span["last"] - span["first"]).total_seconds(),
        "statuses": sorted(statuses),
        "attempts": sorted(attempts),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--threads", type=int, default=8, help="MOTCUA_OUTBOX_SEND_THREADS")
    parser.add_argument("--batch", type=int, default=200, help="MOTCUA_OUTBOX_BATCH_SIZE")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.dossier_api import machine  # one description of the machine for all benches

    print(f"machine: {machine()}")
    gateway, url = gateway_start()
    try:
        bare = ceiling(url, args.messages, args.threads)
        stats = gateway_call(url, "GET", "/stats")
        assert stats["accepted"] == args.messages, stats
        gateway_call(url, "POST", "/control", {"reset": True})
        env = environment(args.database_url, url, args.threads, args.batch)
        django_setup(env)
        result = drain(args, env)
        stats = gateway_call(url, "GET", "/stats")
    finally:
        gateway.terminate()
        gateway.wait(timeout=30)
    rate = args.messages / result["drain_seconds"]
    print(
        f"database: {result['vendor']}; {args.messages} messages; {args.workers} worker(s), "
        f"{args.threads} send threads, batches of {args.batch}"
    )
    print(f"gateway: {stats}")
    print(f"statuses after the drain: {result['statuses']}; attempts: {result['attempts']}")
    print()
    print("| measure | messages/s | share of ceiling |")
    print("|---|---|---|")
    print(f"| ceiling: bare HTTP loop to the fake gateway | {bare:.0f} | 100% |")
    print(
        f"| outbox drain, commit → last sent ({result['drain_seconds']:.1f} s) "
        f"| {rate:.0f} | {rate / bare:.0%} |"
    )
    send_rate = args.messages / result["send_seconds"] if result["send_seconds"] else 0
    print(
        f"| outbox drain, first → last sent ({result['send_seconds']:.1f} s) "
        f"| {send_rate:.0f} | {send_rate / bare:.0%} |"
    )
    print(f"| message_enqueue, one transaction | {result['enqueue_rate']:.0f} | — |")
    ok = stats["accepted"] == args.messages and stats["duplicates"] == 0 and stats["failed"] == 0
    if not ok or result["statuses"] != ["sent"]:
        raise SystemExit("the drain lost, repeated or failed messages")


if __name__ == "__main__":
    main()
