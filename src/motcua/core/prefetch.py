"""Filling Django's prefetch cache with rows a service has just written.

A service that creates a dossier holds every row of it in memory; the detail shown
right after would read them all again (eight statements for a new submission,
docs/benchmarks.md). Putting the rows where ``prefetch_related`` would have put them
makes ``obj.<relation>.all()`` and ``prefetch_related_objects`` use them instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Model


def prefetch_cache_set(obj: Model, relation: str, rows: Iterable[Any]) -> None:
    """Record ``rows`` as the complete content of ``obj.<relation>`` (a reverse
    foreign key or many-to-many), exactly as ``prefetch_related`` does."""
    queryset = getattr(obj, relation).all()  # lazy: nothing is read
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    cache = obj.__dict__.setdefault("_prefetched_objects_cache", {})
    cache[relation] = queryset
