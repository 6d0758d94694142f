"""A signed-in session's expiry slides with use (``core.sessions``), written at most
once every five minutes."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _session_writes(client, path: str = "/thong-bao/") -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return sum(
        1
        for q in captured.captured_queries
        if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")
    )


@pytest.fixture
def signed_in(client):
    client.force_login(get_user_model().objects.create(username="chuyenvien"))
    return client


def test_a_busy_session_is_not_written_again_within_five_minutes(signed_in):
    assert _session_writes(signed_in) == 0  # the sign-in just wrote it
    assert _session_writes(signed_in) == 0
    assert _session_writes(signed_in) == 0


def test_after_five_minutes_the_expiry_moves_on(signed_in, settings):
    _session_writes(signed_in)
    session = signed_in.session
    session["_motcua_renewed"] = int(time.time()) - 301
    session.save()
    stored = Session.objects.get(session_key=session.session_key)
    stored.expire_date -= dt.timedelta(minutes=30)
    stored.save()
    before = stored.expire_date
    assert _session_writes(signed_in) == 1
    after = Session.objects.get(session_key=session.session_key).expire_date
    assert after - before >= dt.timedelta(minutes=30)


def test_an_anonymous_visit_writes_no_session(client):
    assert _session_writes(client, "/thu-tuc/") == 0
    assert not Session.objects.exists()
