"""The public catalog (issue 5 §1) and dossier tracking (§5), no sign-in. Views parse
the query string and call catalog/workflow selectors; anything a citizen types that
could not be a code or a search word is answered with an empty result, never a 500."""

from __future__ import annotations

import mimetypes
import re
from pathlib import PurePath
from typing import Any
from urllib.parse import urlencode

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from motcua.catalog.appointments import Appointment, Channel, appointment_estimate
from motcua.catalog.constants import OnlineMode, ProcedureLevel
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.selectors import (
    catalog_filter_choices,
    procedure_component_template,
    procedure_get_public,
    procedure_search_page,
)
from motcua.core.exceptions import ApplicationError, NotFoundError
from motcua.workflow.selectors import Tracking, dossier_track

PAGE_SIZE = 20
QUERY_MAX = 200
# Codes in the National TTHC Database ("1.009794") and dossier codes
# ("000.00.12.H62-260302-0001") use only these; anything else is not looked up at all
# (a NUL byte would even make PostgreSQL refuse the statement).
_CODE = re.compile(r"[A-Za-z0-9._-]{1,40}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Form files a citizen may download, served as attachments with their own type; any
# other extension goes out as bytes to save, never rendered by the browser.
_TEMPLATE_TYPES = {".pdf", ".doc", ".docx", ".odt", ".xls", ".xlsx", ".ods", ".rtf", ".txt"}


def is_code(text: str) -> bool:
    return bool(_CODE.fullmatch(text))


def _page_number(raw: str | None) -> int:
    try:
        return max(1, min(int(raw or 1), 10_000))
    except ValueError:
        return 1


def _choice(raw: str, allowed: set[str]) -> str:
    return raw if raw in allowed else ""


def procedure_list(request: HttpRequest) -> HttpResponse:
    """Search by words without diacritics, filter by field, level and agency; paging
    keeps the filters."""
    raw_q = _CONTROL.sub(" ", request.GET.get("q", ""))
    q = raw_q[:QUERY_MAX].strip()
    choices = catalog_filter_choices()
    field = _choice(request.GET.get("linh_vuc", ""), {f.code for f in choices.fields})
    level = _choice(request.GET.get("cap", ""), set(ProcedureLevel.values))
    agency = _choice(request.GET.get("co_quan", ""), {a.code for a in choices.agencies})
    filters: dict[str, Any] = {
        "q": q,
        "field": field or None,
        "level": level or None,
        "agency": agency or None,
    }
    result = procedure_search_page(
        page=_page_number(request.GET.get("page")), page_size=PAGE_SIZE, **filters
    )
    if result.page > result.pages:
        # A page past the end (an old link, a typed number): show the last one.
        result = procedure_search_page(page=result.pages, page_size=PAGE_SIZE, **filters)
    chosen = (("q", q), ("linh_vuc", field), ("cap", level), ("co_quan", agency))
    kept = {name: value for name, value in chosen if value}
    context = {
        "q": q,
        "q_truncated": len(raw_q.strip()) > QUERY_MAX,
        "field": field,
        "level": level,
        "agency": agency,
        "filtered": bool(field or level or agency),
        "choices": choices,
        "levels": ProcedureLevel.choices,
        "result": result,
        "page_query": urlencode(kept),
        "first_number": (result.page - 1) * PAGE_SIZE + 1,
    }
    return render(request, "portal/catalog/list.html", context)


def _appointments(version: ProcedureVersion) -> dict[str, Appointment]:
    """If submitted now: at the counter, and online when the procedure takes online
    dossiers (their clocks start differently, DOMAIN.md §4)."""
    now = timezone.now()
    try:
        counter = appointment_estimate(version=version, received_at=now, channel=Channel.COUNTER)
    except ApplicationError:
        return {}  # no one-stop unit configured: the page says where to ask
    found = {"counter": counter}
    if version.online_mode != OnlineMode.NONE:
        # The same receiving unit: found once, not looked up again.
        found["online"] = appointment_estimate(
            version=version,
            received_at=now,
            channel=Channel.ONLINE,
            one_stop_unit=counter.one_stop_unit,
        )
    return found


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Everything a citizen needs before going: who, which papers (with their forms),
    how long, how much, where and how, the legal bases and the date it would be ready.
    Only the version in force."""
    if not is_code(code):
        raise Http404("Không tìm thấy thủ tục.")
    try:
        procedure, version = procedure_get_public(code=code)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    updated = [moment for moment in (version.published_at, procedure.updated_at) if moment]
    context = {
        "procedure": procedure,
        "version": version,
        "appointments": _appointments(version),
        "online": version.online_mode != OnlineMode.NONE,
        "components": version.components.all(),
        "fees": version.fees.all(),
        "steps": version.steps.all(),
        "legal_bases": version.legal_bases.all(),
        "agencies": version.agencies.all(),
        "last_updated": max(updated) if updated else None,
    }
    return render(request, "portal/catalog/detail.html", context)


def procedure_template(request: HttpRequest, code: str, component_id: int) -> FileResponse:
    """A form (mẫu đơn, tờ khai) of the version in force, as a download: an attachment
    with a fixed type by extension (nosniff is on site-wide), never inline."""
    if not is_code(code):
        raise Http404
    try:
        component = procedure_component_template(code=code, component_id=component_id)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    stored = component.template_file
    if not stored.name or not stored.storage.exists(stored.name):
        raise Http404("Tệp mẫu đơn chưa có trên hệ thống.")
    name = PurePath(stored.name).name
    extension = PurePath(name).suffix.lower()
    kind = mimetypes.guess_type(name)[0] if extension in _TEMPLATE_TYPES else None
    response = FileResponse(
        stored.open("rb"),
        as_attachment=True,
        filename=name,
        content_type=kind or "application/octet-stream",
    )
    response["Content-Security-Policy"] = "sandbox"
    return response


def track_code(request: HttpRequest) -> tuple[str, Tracking | None]:
    """The code typed or scanned (``?ma=``) and its dossier, if it is one."""
    code = _CONTROL.sub("", request.GET.get("ma", "")).strip()[:60]
    if not is_code(code):
        return code, None
    try:
        return code, dossier_track(code=code)
    except NotFoundError:
        return code, None


def tracking(request: HttpRequest) -> HttpResponse:
    """Public tracking by dossier code (DOMAIN.md §3): status, procedure, times and a
    masked name, as on the national portal's lookup. The QR on Mẫu 01 opens
    ``/tra-cuu/?ma=<code>`` (workflow.messages.tracking_url)."""
    code, found = track_code(request)
    return render(request, "portal/catalog/tracking.html", {"code": code, "dossier": found})


def tracking_by_path(request: HttpRequest, code: str) -> HttpResponse:
    """``/tra-cuu/<code>/``, the form a person types from a receipt, goes to the one
    tracking address."""
    return redirect(f"/tra-cuu/?{urlencode({'ma': code[:60]})}")
