"""What the tests of the leader's desk, the returns, the closing actions and the kiosk
share: the test world, a signed-in client per person, and a fixed clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from motcua.workflow.tests.world import world


@pytest.fixture
def w(db: Any, settings: Any) -> Any:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return world()


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def clock_at(monkeypatch: Any, moment: dt.datetime) -> None:
    """Every ``timezone.now()`` of the request (pages, services) reads ``moment``."""
    monkeypatch.setattr(timezone, "now", lambda: moment)
