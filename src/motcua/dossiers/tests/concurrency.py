"""Several people acting at the same moment, for the concurrency tests of the dossier
code sequence and of the workflow services (project issue 3: "two officers acting at
once → exactly one succeeds"; "unique and without gaps or duplicates under concurrent
receipt")."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections

__all__ = ["Outcome", "SameMoment"]


@dataclass
class Outcome:
    """What one thread's call returned, or the exception it raised."""

    result: Any = None
    error: Exception | None = None


class SameMoment:
    """Run callables in threads released together by a barrier, each thread on its own
    database connection (closed when the thread ends), as several gunicorn workers
    would. Needs ``@pytest.mark.django_db(transaction=True)``: what the test set up
    must be committed for the other connections to see it.

    SQLite: pytest-django's SQLite test database lives in memory with a shared cache.
    There a second writer is refused at once with "database table is locked"
    (SQLITE_LOCKED: shared-cache table locks never wait for the busy timeout), which is
    not how Một Cửa runs: its SQLite database is a file in WAL mode, where writers queue
    behind ``BEGIN IMMEDIATE`` for up to the ``timeout`` of settings.py. So on SQLite the
    threads work on a file copy of the test database, opened with the very connection
    settings of settings.py, and the file is copied back into the test database
    afterwards, for the test's assertions."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / "same-moment.sqlite3"

    def run(self, *calls: Callable[[], Any], timeout: float = 120) -> list[Outcome]:
        on_sqlite = connection.vendor == "sqlite"
        if on_sqlite:
            self._copy_out()
        barrier = threading.Barrier(len(calls))
        outcomes = [Outcome() for _ in calls]

        def work(index: int, call: Callable[[], Any]) -> None:
            if on_sqlite:
                self._open_copy()
            try:
                barrier.wait(timeout=30)
                outcomes[index].result = call()
            except Exception as exc:  # the outcome the test looks at
                outcomes[index].error = exc
            finally:
                connections[DEFAULT_DB_ALIAS].close()

        threads = [
            threading.Thread(target=work, args=(index, call), name=f"same-moment-{index}")
            for index, call in enumerate(calls)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout)
        if any(thread.is_alive() for thread in threads):
            raise AssertionError("a thread did not finish in time: a deadlock?")
        if on_sqlite:
            self._copy_back()
        return outcomes

    def _copy_out(self) -> None:
        connection.ensure_connection()
        self.path.unlink(missing_ok=True)
        target = sqlite3.connect(self.path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()

    def _open_copy(self) -> None:
        main = connections[DEFAULT_DB_ALIAS]
        settings_dict = {**main.settings_dict, "NAME": str(self.path)}
        connections[DEFAULT_DB_ALIAS] = type(main)(settings_dict, DEFAULT_DB_ALIAS)

    def _copy_back(self) -> None:
        source = sqlite3.connect(self.path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
