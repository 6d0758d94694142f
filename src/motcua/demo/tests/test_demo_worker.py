"""``make demo`` runs one ``motcua worker`` beside the server and stops it with the
server (issue 6 §5). The worker is a real process on the test database."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils.module_loading import import_string

from motcua.accounts.models import Role
from motcua.core.models import WorkerHeartbeat
from motcua.core.tests.workers import shared_database, wait_until
from motcua.demo import loader
from motcua.demo.management.commands import demo as demo_command

DEFAULT_ROLES = import_string("motcua.accounts.migrations.0002_default_roles.DEFAULT_ROLES")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_demo_runs_a_worker_beside_the_server_and_stops_it(monkeypatch, settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Transactional tests flush the rows the migrations wrote; the demo needs the roles.
    for code, name, description in DEFAULT_ROLES:
        Role.objects.get_or_create(code=code, defaults={"name": name, "description": description})
    # The demo dossiers are most of a load's time and play no part here.
    monkeypatch.setattr(loader, "demo_dossiers_load", lambda: 0)
    seen: list[WorkerHeartbeat] = []
    real_call_command = demo_command.call_command

    def server(name: str, *args: object, **kwargs: object) -> None:
        if name != "runserver":
            real_call_command(name, *args, **kwargs)
            return
        # While "the server runs", the worker is up and beating.
        seen.append(wait_until(lambda: WorkerHeartbeat.objects.first()))

    monkeypatch.setattr(demo_command, "call_command", server)
    with shared_database(tmp_path) as (url, _):
        monkeypatch.setenv("MOTCUA_DATABASE_URL", url)
        monkeypatch.setenv("MOTCUA_WORKER_TICK_SECONDS", "1")
        call_command("demo", "--port", "8765", stdout=io.StringIO(), stderr=io.StringIO())
        # The server stopped: the worker stopped cleanly and removed its heartbeat.
        assert len(seen) == 1
        assert not WorkerHeartbeat.objects.exists()
