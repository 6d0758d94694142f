"""``core.inserts.rows_insert`` writes what ``Model.save()`` would write."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from motcua.core.inserts import rows_insert
from motcua.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_rows_get_their_keys_and_read_back_as_written():
    long_ago = dt.datetime(2020, 3, 2, 1, 30, tzinfo=dt.UTC)
    entries = [
        AuditEntry(action="một", object_type="x.y", object_id="1", detail={"tên": "Đặng Thị Ánh"}),
        AuditEntry(action="hai", object_type="x.y", object_id="2", detail={}, at=long_ago),
    ]
    rows_insert(entries)
    assert [e.pk for e in entries] == list(
        AuditEntry.objects.order_by("pk").values_list("pk", flat=True)
    )
    first, second = AuditEntry.objects.order_by("pk")
    assert (first.action, first.detail) == ("một", {"tên": "Đặng Thị Ánh"})
    # auto_now_add wins over a value set by hand, as in save().
    assert second.at > long_ago
    assert not entries[0]._state.adding


def test_defaults_apply_as_in_save():
    before = timezone.now()
    entry = AuditEntry(action="ba", object_type="x.y", object_id="3")
    rows_insert([entry])
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.at >= before
    assert stored.detail == {}


def test_more_rows_than_one_statement_holds():
    rows_insert(
        [AuditEntry(action=f"a{i}", object_type="x", object_id=str(i)) for i in range(1201)]
    )
    assert AuditEntry.objects.count() == 1201


def test_nothing_to_insert_runs_no_statement(django_assert_num_queries):
    with django_assert_num_queries(0):
        rows_insert([])
