"""One dossier as an officer sees it, and the buttons that act on it.

GET shows the dossier (``workflow.selectors.dossier_detail``: visibility in SQL) with a
form for each action the officer may take now. POST to an action parses that form and
calls its service; a refusal (forbidden transition, wrong role, a page out of date)
re-renders the page with the Vietnamese message and the officer's input kept, and
writes nothing. Success redirects back (post/redirect/get), so a reload never acts
twice.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from motcua.core.exceptions import ApplicationError, NotFoundError
from motcua.dossiers.constants import DossierStatus
from motcua.office.access import staff_required
from motcua.office.actions import REGISTRY, OfficeAction
from motcua.office.pages import error_text, office_page
from motcua.workflow import permissions
from motcua.workflow.constants import Action, TaskStatus
from motcua.workflow.inbox import dossier_file_get_for_user
from motcua.workflow.selectors import DossierDetail, dossier_detail

# The page the officer acted from carries the dossier's last change; an action posted
# from an older page is refused (two tabs, a double click, a colleague faster).
SEEN_FIELD = "seen"
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _detail(request: HttpRequest, code: str) -> DossierDetail:
    try:
        return dossier_detail(user=request.user, code=code[:40])
    except NotFoundError as exc:
        raise Http404(exc.message) from exc


def _seen(detail: DossierDetail) -> str:
    return detail.dossier.updated_at.isoformat()


def _eform_rows(detail: DossierDetail) -> list[tuple[str, str]]:
    """The applicant's e-form answers under the labels of the version's form
    (catalog.eforms: the dossier keeps the form it was filed under). A key the form
    does not name (an older schema) is shown under its own name."""
    data = detail.dossier.eform_data or {}
    if not isinstance(data, dict):
        return []
    fields = {f.get("name"): f for f in detail.dossier.version.eform_schema or []}
    rows = []
    for name, value in data.items():
        field = fields.get(name, {})
        shown = value
        if isinstance(value, bool):
            shown = "Có" if value else "Không"
        elif field.get("type") == "choice":
            labels = {c.get("value"): c.get("label") for c in field.get("choices", [])}
            shown = labels.get(value, value)
        elif field.get("type") == "date" and isinstance(value, str) and _ISO_DATE.fullmatch(value):
            year, month, day = value.split("-")
            shown = f"{day}/{month}/{year}"
        rows.append((str(field.get("label") or name), str(shown)))
    return rows


def _history(detail: DossierDetail) -> list[dict[str, Any]]:
    rows = []
    for event in detail.history:
        action = Action(event.action).label if event.action in Action.values else event.action
        to_status = DossierStatus(event.to_status).label if event.to_status else ""
        rows.append({"event": event, "action": action, "to_status": to_status})
    return rows


def _render(
    request: HttpRequest,
    detail: DossierDetail,
    *,
    bound: tuple[OfficeAction, Any] | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    buttons = []
    for action in detail.actions:
        office_action = REGISTRY.get(action)
        if office_action is None:
            continue
        if office_action.shown is not None and not office_action.shown(detail.dossier):
            continue
        if bound and bound[0].action == action:
            form = bound[1]
        else:
            form = office_action.make_form(detail.dossier, request.user)
            if getattr(form, "unavailable", False):
                continue
        # A form may name its button after what it will do (a hand-off to another
        # agency is a liên thông transfer; to the approval step, a proposal).
        label = getattr(form, "button_label", "") or office_action.label
        hint = office_action.hint(detail.dossier) if office_action.hint else ""
        buttons.append({"action": office_action, "form": form, "label": label, "hint": hint})
    active = next((t for t in detail.tasks if t.status == TaskStatus.ACTIVE), None)
    context = office_page(
        request,
        "office:dossier",
        detail=detail,
        dossier=detail.dossier,
        active_task=active,
        # "5 tại chỗ" (DOMAIN.md §2.9): the counter decides and returns on its own page.
        on_the_spot=detail.dossier.version.on_the_spot
        and detail.dossier.status == DossierStatus.RECEIVED
        and Action.START_PROCESSING in detail.actions
        and permissions.may(request.user, detail.dossier, Action.DECIDE, task=active),
        eform_rows=_eform_rows(detail),
        history_rows=_history(detail),
        history_capped=detail.history_count > len(detail.history),
        buttons=buttons,
        seen=_seen(detail),
        open_action=bound[0].action if bound else "",
        action_error=error,
    )
    return render(request, "office/dossier/detail.html", context, status=status)


@staff_required
def dossier_page(request: HttpRequest, code: str) -> HttpResponse:
    return _render(request, _detail(request, code))


@staff_required
@require_POST
def dossier_act(request: HttpRequest, code: str, action: str) -> HttpResponse:
    detail = _detail(request, code)
    office_action = REGISTRY.get(action)
    if office_action is None:
        raise Http404("Không có thao tác này.")
    form = office_action.make_form(detail.dossier, request.user, request.POST, request.FILES)
    if request.POST.get(SEEN_FIELD) != _seen(detail):
        return _render(
            request,
            detail,
            bound=(office_action, form),
            error="Hồ sơ đã thay đổi từ lúc bạn mở trang này. Hãy xem lại hồ sơ rồi thao tác "
            "lại; chưa có gì được ghi.",
            status=409,
        )
    if action not in detail.actions:
        return _render(
            request,
            detail,
            bound=(office_action, form),
            error="Bạn không thể thực hiện thao tác này với hồ sơ ở trạng thái hiện tại.",
            status=403,
        )
    if not form.is_valid():
        return _render(request, detail, bound=(office_action, form), status=400)
    try:
        office_action.perform(
            dossier=detail.dossier, actor=request.user, data=form.cleaned_data, form=form
        )
    except ApplicationError as exc:
        return _render(
            request,
            detail,
            bound=(office_action, form),
            error=error_text(exc.message),
            status=exc.http_status if 400 <= exc.http_status < 500 else 400,
        )
    messages.success(request, office_action.done)
    return redirect("office:dossier", code=detail.dossier.code)


# Ids are 64-bit: a larger number in the address names no file (and would overflow
# PostgreSQL's bigint).
_MAX_ID = 2**63 - 1


@staff_required
@require_GET
def dossier_file(request: HttpRequest, code: str, file_id: int) -> HttpResponse:
    """A scan attached to the dossier, downloaded (never shown inline: a stored HTML or
    SVG file cannot run in the office's origin). Not found unless the officer may see
    the dossier and the file is one of its own."""
    if file_id > _MAX_ID:
        raise Http404("Không tìm thấy tệp.")
    try:
        found = dossier_file_get_for_user(user=request.user, code=code[:40], file_id=file_id)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Tệp không còn trong kho lưu trữ.") from exc
    response: Any = FileResponse(
        handle, as_attachment=True, filename=found.name, content_type=found.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
