import datetime as dt

import pytest
from django.utils import timezone


@pytest.fixture
def frozen_now(monkeypatch):
    """Fix "now" at 2026-03-01 18:30 UTC, which is already 2 March 01:30 in Hà Nội: the
    local date and the UTC date differ on purpose."""
    moment = dt.datetime(2026, 3, 1, 18, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment
