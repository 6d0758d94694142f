"""``GET /healthz`` (issue 6 §6; the states are documented in docs/operations.md)."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys

import pytest
from django.test import Client
from django.utils import timezone

from motcua.core.worker.heartbeat import worker_beat
from motcua.notifications.models import Message
from motcua.notifications.tests.outbox_world import sms_queue

pytestmark = pytest.mark.django_db


def beat(worker_id: str, seconds_ago: float) -> None:
    seen = timezone.now() - dt.timedelta(seconds=seconds_ago)
    worker_beat(worker_id=worker_id, host="may-1", pid=100, started_at=seen, now=seen)


def get() -> tuple[int, dict]:
    response = Client().get("/healthz")
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    return response.status_code, response.json()


def test_no_worker_is_unhealthy():
    status, body = get()
    assert status == 503
    assert body == {
        "status": "unhealthy",
        "checks": {
            "database": {"ok": True},
            "worker": {
                "ok": False,
                "live": 0,
                "newest_heartbeat_age_seconds": None,
                "max_age_seconds": 60,
            },
            "outbox": {"queued": 0, "failed": 0, "dead": 0, "oldest_queued_age_seconds": None},
        },
        "warnings": [],
    }


def test_a_live_worker_is_healthy_and_the_backlog_is_reported():
    beat("w1", 2)
    beat("w2", 120)  # gone
    queued, dead = sms_queue(2)
    Message.objects.filter(pk=dead.pk).update(status="dead")
    Message.objects.filter(pk=queued.pk).update(
        next_attempt_at=timezone.now() - dt.timedelta(hours=1)
    )
    status, body = get()
    assert status == 200
    assert body["status"] == "ok"
    worker = body["checks"]["worker"]
    assert (worker["ok"], worker["live"], worker["max_age_seconds"]) == (True, 1, 60)
    assert 2 <= worker["newest_heartbeat_age_seconds"] < 60
    outbox = body["checks"]["outbox"]
    assert (outbox["queued"], outbox["failed"], outbox["dead"]) == (1, 0, 1)
    assert 3600 <= outbox["oldest_queued_age_seconds"] < 3660
    # Dead letters warn but do not fail the check: the system is running.
    assert body["warnings"] == ["dead_letters"]


def test_only_a_stale_worker_is_unhealthy(settings):
    settings.WORKER_STALE_SECONDS = 30
    beat("w1", 31)
    status, body = get()
    assert status == 503
    assert (body["checks"]["worker"]["live"], body["checks"]["worker"]["max_age_seconds"]) == (
        0,
        30,
    )
    assert body["checks"]["worker"]["newest_heartbeat_age_seconds"] >= 31


def test_anyone_may_ask_and_only_with_get():
    beat("w1", 1)
    assert Client().get("/healthz").status_code == 200
    assert Client().post("/healthz").status_code == 405


def test_a_database_that_does_not_answer_is_unhealthy(tmp_path):
    """A real server process whose database is a port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "motcua.settings",
            "MOTCUA_VAR_DIR": str(tmp_path),
            "MOTCUA_DATABASE_URL": f"postgres://motcua@127.0.0.1:{closed_port}/motcua",
            "MOTCUA_LOG_LEVEL": "CRITICAL",
        }
    )
    script = (
        "import django, json; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz'); print(json.dumps([r.status_code, r.json()]))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", script],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    status, body = json.loads(result.stdout.strip().splitlines()[-1])
    assert status == 503
    assert body == {
        "status": "unhealthy",
        "checks": {
            "database": {"ok": False, "error": "OperationalError"},
            "worker": None,
            "outbox": None,
        },
    }
