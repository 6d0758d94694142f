"""``GET /healthz``: what a monitoring system polls (issue 6 §6, docs/operations.md).

No login and no session: the answer holds counts only, nothing about anybody. HTTP 200
when the database answers and at least one worker beat within
``MOTCUA_WORKER_STALE_SECONDS``; 503 otherwise, with the failing check named. The
outbox backlog is reported, and dead letters add a warning, but neither fails the
check: the page is for "is the system running", the admin page for "what went wrong".
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from motcua.core.worker.heartbeat import worker_liveness
from motcua.notifications.selectors import outbox_counts

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, Any] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        worker = worker_liveness()
        outbox = outbox_counts().as_dict()
    except DatabaseError as exc:
        logger.exception("health check: the database does not answer")
        checks["database"] = {"ok": False, "error": type(exc).__name__}
        checks["worker"] = None
        checks["outbox"] = None
        return JsonResponse({"status": "unhealthy", "checks": checks}, status=503)
    checks["database"] = {"ok": True}
    healthy = worker.live > 0
    checks["worker"] = {"ok": healthy, **asdict(worker)}
    checks["outbox"] = outbox
    warnings = ["dead_letters"] if outbox["dead"] else []
    return JsonResponse(
        {"status": "ok" if healthy else "unhealthy", "checks": checks, "warnings": warnings},
        status=200 if healthy else 503,
    )
