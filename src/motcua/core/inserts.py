"""New rows written without the ORM's statement compiler, for the writes of dossier
intake and history, which every online submission makes (docs/benchmarks.md,
"Online submission"): building an INSERT through the compiler costs about ten times
the CPU of sending it.

The statement is made once per model and row count from the model's ``_meta``, so it
follows the model as it changes; each value goes through the field's own
``pre_save(add=True)`` and ``get_db_prep_save``, as ``Model.save()`` does, so defaults,
``auto_now``, JSON and time zones come out the same. Nothing else differs from
``QuerySet.bulk_create``: no signals (the project sends none, DESIGN.md), and the
primary keys come back with ``RETURNING`` in the order of the rows, which is what
``bulk_create`` relies on as well, on PostgreSQL and on SQLite.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from django.db import connections
from django.db.models import Field, Model

_BATCH = 500  # rows per statement: far below SQLite's and PostgreSQL's parameter limits


@functools.cache
def _columns(model: type[Model], using: str) -> tuple[tuple[Field[Any, Any], ...], str, str]:
    """The fields an INSERT writes (every concrete one but a generated primary key),
    the start of the statement and its ``RETURNING`` clause."""
    quote = connections[using].ops.quote_name
    meta = model._meta
    fields = tuple(f for f in meta.concrete_fields if not (f.primary_key and f.db_returning))
    columns = ", ".join(quote(str(f.column)) for f in fields)
    # Table and column names come from the model, never from input.
    head = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "  # noqa: S608
    return fields, head, f" RETURNING {quote(str(meta.pk.column))}"


def rows_insert(objs: Sequence[Model], *, using: str = "default") -> None:
    """INSERT ``objs`` (unsaved instances of one model); each gets its primary key."""
    if not objs:
        return
    model = type(objs[0])
    connection = connections[using]
    fields, head, returning = _columns(model, using)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    for start in range(0, len(objs), _BATCH):
        batch = objs[start : start + _BATCH]
        params = [
            field.get_db_prep_save(field.pre_save(obj, add=True), connection)
            for obj in batch
            for field in fields
        ]
        with connection.cursor() as cursor:
            cursor.execute(head + ", ".join([row] * len(batch)) + returning, params)
            keys = [key for (key,) in cursor.fetchall()]
        for obj, key in zip(batch, keys, strict=True):
            obj.pk = key
            obj._state.adding = False
            obj._state.db = using
