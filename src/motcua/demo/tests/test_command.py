"""``motcua demo``: loads, prints the logins, serves; ``--accounts-json`` prints JSON only."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command

from motcua.catalog.models import Procedure
from motcua.demo import loader
from motcua.demo.management.commands import demo as demo_command

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def without_dossiers(monkeypatch):
    """Replaying the demo dossiers is most of a load's time; test_demo_dossiers covers
    them, the command's other tests need only the accounts."""
    monkeypatch.setattr(loader, "demo_dossiers_load", lambda: 0)


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("demo", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_no_serve_loads_the_data_and_prints_urls_and_logins():
    out, _ = _run("--no-serve", "--port", "8123")
    assert Procedure.objects.count() == 29
    assert "http://127.0.0.1:8123/" in out
    assert "http://127.0.0.1:8123/admin/" in out
    assert "http://127.0.0.1:8123/api/v1/docs" in out
    assert "mật khẩu chung: MotCua@2026" in out
    for username in ("quantri", "thanhtra", "tiepnhan.tinh", "tiepnhan.longchau", "1500234569"):
        assert username in out
    # Run again: nothing new, no failure.
    again, _ = _run("--no-serve")
    assert "(0 bản ghi mới được tạo)" in again
    assert Procedure.objects.count() == 29


def test_accounts_json_prints_only_the_logins_as_json(without_dossiers):
    out, _ = _run("--accounts-json")
    accounts = json.loads(out)
    assert {a["role"] for a in accounts} == {
        "administrator",
        "inspector",
        "counter_officer",
        "specialist",
        "unit_head",
        "leader",
        "feedback_handler",
        "citizen",
        "organisation",
    }
    admin = next(a for a in accounts if a["username"] == "quantri")
    assert admin == {
        "username": "quantri",
        "password": "MotCua@2026",
        "role": "administrator",
        "agency_code": "000.00.00.H62",
        "full_name": "Nguyễn Thành Công",
    }
    citizen = next(a for a in accounts if a["username"] == "086085001234")
    assert (citizen["role"], citizen["agency_code"]) == ("citizen", None)
    assert Procedure.objects.count() == 29


def test_without_no_serve_it_runs_the_server_on_the_port(monkeypatch, without_dossiers):
    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    real_call_command = demo_command.call_command

    def recording(name: str, *args: Any, **kwargs: Any) -> None:
        if name == "runserver":
            calls.append(((name, *args), kwargs))
            return
        real_call_command(name, *args, **kwargs)

    monkeypatch.setattr(demo_command, "call_command", recording)
    out, _ = _run("--port", "8765")
    assert calls == [
        (("runserver", "127.0.0.1:8765"), {"use_reloader": False, "insecure_serving": True})
    ]
    assert "http://127.0.0.1:8765/" in out
