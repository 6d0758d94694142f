"""One dossier as an officer sees it, and the buttons that act on it.

GET shows the dossier (``workflow.selectors.dossier_detail``: visibility in SQL) with a
form for each action the officer may take now. POST to an action parses that form and
calls its service; a refusal (forbidden transition, wrong role, a page out of date)
re-renders the page with the Vietnamese message and the officer's input kept, and
writes nothing. Success redirects back (post/redirect/get), so a reload never acts
twice.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from motcua.core.exceptions import ApplicationError, NotFoundError
from motcua.office.access import staff_required
from motcua.office.actions import REGISTRY, OfficeAction
from motcua.office.pages import error_text, office_page
from motcua.workflow.selectors import DossierDetail, dossier_detail

# The page the officer acted from carries the dossier's last change; an action posted
# from an older page is refused (two tabs, a double click, a colleague faster).
SEEN_FIELD = "seen"


def _detail(request: HttpRequest, code: str) -> DossierDetail:
    try:
        return dossier_detail(user=request.user, code=code[:40])
    except NotFoundError as exc:
        raise Http404(exc.message) from exc


def _seen(detail: DossierDetail) -> str:
    return detail.dossier.updated_at.isoformat()


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
        if bound and bound[0].action == action:
            form = bound[1]
        else:
            form = office_action.make_form(detail.dossier, request.user)
        buttons.append({"action": office_action, "form": form})
    context = office_page(
        request,
        "office:dossier",
        detail=detail,
        dossier=detail.dossier,
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
