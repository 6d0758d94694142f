"""Real ``motcua worker`` processes for tests: started against the test database,
stopped with SIGTERM or killed with SIGKILL (issue 6: "tests with real workers,
processes, not mocks").

The test must be ``@pytest.mark.django_db(transaction=True, serialized_rollback=True)``:
what it wrote must be committed to be visible to the processes, and a transactional test
without ``serialized_rollback`` leaves the rows of its flush's ``post_migrate`` behind,
which breaks the next test that restores the serialized database (the concurrency tests
of dossiers and workflow). On SQLite, whose test database lives in
memory out of reach of another process, :func:`worker_pool` works on a file copy.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.db import DEFAULT_DB_ALIAS, connection, connections

# Generous: two CPU cores are shared by several test runs; a worker needs a second or
# two just to start Django.
DEFAULT_TIMEOUT = 90.0


def postgres_test_url() -> str:
    """The URL of the test database this test process uses (PostgreSQL)."""
    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"], safe="")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def wait_until(
    predicate: Callable[[], Any], *, timeout: float = DEFAULT_TIMEOUT, every: float = 0.1
) -> Any:
    """Poll ``predicate`` until it returns something true; fail the test on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout:g} s: {predicate}")
        time.sleep(every)


class WorkerProcess:
    """One ``python -m motcua worker`` process. Its output goes to ``log`` (shown when a
    test fails through :meth:`output`)."""

    def __init__(
        self, *, database_url: str, log: Path, env: dict[str, str], args: list[str]
    ) -> None:
        self.log = log
        environment = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
        environment.update(
            {
                "DJANGO_SETTINGS_MODULE": "motcua.core.tests.worker_settings",
                "MOTCUA_DATABASE_URL": database_url,
                "MOTCUA_VAR_DIR": os.environ.get("MOTCUA_VAR_DIR", str(log.parent)),
                "MOTCUA_ENVIRONMENT": "test",
                "MOTCUA_WORKER_TICK_SECONDS": "1",
                "MOTCUA_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
                "PYTHONUNBUFFERED": "1",
            }
        )
        environment.update(env)
        self._handle = log.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [
                sys.executable,
                "-m",
                "motcua",
                "worker",
                "--interval",
                "0.1",
                "--no-startup-delay",
                *args,
            ],
            env=environment,
            stdout=self._handle,
            stderr=subprocess.STDOUT,
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL: no clean-up at all, as when a machine loses power."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self, timeout: float = 30.0) -> int:
        """SIGTERM: the worker finishes its job and removes its heartbeat."""
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        self._handle.close()
        return self.process.returncode

    def wait(self, timeout: float = DEFAULT_TIMEOUT) -> int:
        """Wait for a ``--batch`` worker to finish on its own."""
        code = self.process.wait(timeout=timeout)
        self._handle.close()
        return code

    def output(self) -> str:
        return self.log.read_text(errors="replace")


class Workers:
    """Starts workers for one test and makes sure none outlives it."""

    def __init__(self, *, directory: Path, database_url: str) -> None:
        self.directory = directory
        self.database_url = database_url
        self.started: list[WorkerProcess] = []

    def start(
        self,
        *,
        env: dict[str, str] | None = None,
        periodic: list[dict[str, Any]] | None = None,
        args: list[str] | None = None,
    ) -> WorkerProcess:
        environment = {"WORKER_TEST_PERIODIC": json.dumps(periodic or [])}
        environment.update(env or {})
        worker = WorkerProcess(
            database_url=self.database_url,
            log=self.directory / f"worker-{len(self.started) + 1}.log",
            env=environment,
            args=args or [],
        )
        self.started.append(worker)
        return worker

    def stop_all(self) -> None:
        for worker in self.started:
            worker.stop()

    def logs(self) -> str:
        return "\n".join(f"--- {w.log.name} (pid {w.pid})\n{w.output()}" for w in self.started)


class SqliteFileCopy:
    """The in-memory SQLite test database as a file that other processes and threads
    can open, with the connection settings of settings.py (WAL, ``BEGIN IMMEDIATE``,
    busy timeout); copied back into the test database at the end."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / "copy.sqlite3"
        self.memory = connections[DEFAULT_DB_ALIAS]

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"

    def copy_out(self) -> None:
        self.memory.ensure_connection()
        self.path.unlink(missing_ok=True)
        target = sqlite3.connect(self.path)
        try:
            self.memory.connection.backup(target)
        finally:
            target.close()

    def open_in_this_thread(self) -> None:
        """Point this thread's default connection at the file."""
        settings_dict = {**self.memory.settings_dict, "NAME": str(self.path)}
        settings_dict["OPTIONS"] = {
            **settings_dict.get("OPTIONS", {}),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        connections[DEFAULT_DB_ALIAS] = type(self.memory)(settings_dict, DEFAULT_DB_ALIAS)

    def copy_back(self) -> None:
        """Close this thread's file connection, go back to the in-memory database and
        load the file into it."""
        connections[DEFAULT_DB_ALIAS].close()
        connections[DEFAULT_DB_ALIAS] = self.memory
        source = sqlite3.connect(self.path)
        try:
            source.backup(self.memory.connection)
        finally:
            source.close()


@contextmanager
def shared_database(directory: Path) -> Iterator[tuple[str, Callable[[], None]]]:
    """The test database as other processes and threads can reach it: yields its URL
    and a function a new thread calls first to use it. PostgreSQL: the test database
    itself. SQLite: a :class:`SqliteFileCopy`, which this thread also uses for the
    block (so the test reads and writes what the others see, live), copied back into
    the test database when the block ends."""
    if connection.vendor != "sqlite":
        yield postgres_test_url(), lambda: None
        return
    copy = SqliteFileCopy(directory)
    copy.copy_out()
    copy.open_in_this_thread()
    try:
        yield copy.url, copy.open_in_this_thread
    finally:
        copy.copy_back()


@contextmanager
def worker_pool(directory: Path) -> Iterator[Workers]:
    """Workers on the test database (see :func:`shared_database`), all stopped when the
    block ends; their logs are written out when the block fails."""
    with shared_database(directory) as (url, _):
        pool = Workers(directory=directory, database_url=url)
        try:
            yield pool
        except BaseException:
            sys.stderr.write(pool.logs())
            raise
        finally:
            pool.stop_all()
