"""Server time of every request in a ``Server-Timing`` header (benchmarks only).

The middleware sits first, so ``app`` is the time from entering Django's middleware
to the response object being ready: every middleware, authentication, the view, the
SQL and the JSON rendering. It leaves out gunicorn's HTTP parsing and the socket
write, which the client-side latency includes. ``cpu`` is the CPU time the worker
itself used meanwhile (``time.thread_time``): on a busy machine ``app`` also counts the
time spent waiting for a core, ``cpu`` does not. ``db`` is the time spent in
``cursor.execute`` (psycopg fetches the rows inside it) and how many statements ran.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse


class ServerTiming:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        count = 0
        spent = 0.0

        def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            nonlocal count, spent
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                count += 1
                spent += time.perf_counter() - started

        started, cpu_started = time.perf_counter(), time.thread_time()
        with connection.execute_wrapper(timed):
            response = self.get_response(request)
        total = time.perf_counter() - started
        cpu = time.thread_time() - cpu_started
        response["Server-Timing"] = (
            f"app;dur={total * 1000:.2f}, cpu;dur={cpu * 1000:.2f}, "
            f'db;dur={spent * 1000:.2f};desc="{count} queries"'
        )
        return response
