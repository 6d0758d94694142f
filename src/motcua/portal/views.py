"""Public pages: home, the procedure catalog and dossier tracking; a signed-in person's
notices. Views parse the request and call selectors and services; nothing here decides
anything."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from motcua.catalog.appointments import Channel, appointment_estimate
from motcua.catalog.selectors import procedure_get_public, procedure_search_page
from motcua.core.exceptions import ApplicationError, NotFoundError
from motcua.notifications.preferences import (
    notice_get_for_user,
    notice_list_for_user,
    notice_mark_read,
)
from motcua.workflow.selectors import dossier_track

PAGE_SIZE = 20


NOTICES_PER_PAGE = 20


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


def _page_number(raw: str | None) -> int:
    try:
        return max(1, min(int(raw or 1), 10_000))
    except ValueError:
        return 1


def procedure_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:200]
    result = procedure_search_page(
        q=q, page=_page_number(request.GET.get("page")), page_size=PAGE_SIZE
    )
    return render(request, "portal/procedure_list.html", {"q": q, "result": result})


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        procedure, version = procedure_get_public(code=code[:40])
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    try:
        appointment = appointment_estimate(
            version=version, received_at=timezone.now(), channel=Channel.COUNTER
        )
    except ApplicationError:
        appointment = None  # no one-stop unit configured: the page says "—"
    context = {
        "procedure": procedure,
        "version": version,
        "appointment": appointment,
        "components": version.components.all(),
        "fees": version.fees.all(),
        "steps": version.steps.all(),
        "legal_bases": version.legal_bases.all(),
    }
    return render(request, "portal/procedure_detail.html", context)


def tracking(request: HttpRequest) -> HttpResponse:
    """Public tracking by dossier code (DOMAIN.md §3): status, procedure, times and a
    masked name, as on the national portal's lookup."""
    code = request.GET.get("ma", "").strip()[:60]
    found = None
    if code:
        try:
            found = dossier_track(code=code)
        except NotFoundError:
            found = None
    return render(request, "portal/tracking.html", {"code": code, "dossier": found})


def notices(request: HttpRequest) -> HttpResponse:
    """A person's in-app notices (issue 6 §2), newest first, the unread ones marked; the
    header links here with the unread count. Anyone signed in has them: officers and,
    once they can sign in on the portal, citizens."""
    if not request.user.is_authenticated:
        return render(request, "portal/notices.html", {"anonymous": True})
    page = Paginator(notice_list_for_user(user=request.user), NOTICES_PER_PAGE).get_page(
        request.GET.get("trang")
    )
    return render(request, "portal/notices.html", {"page": page})


@require_POST
def notice_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the caller's notices read; another person's is not found."""
    if not request.user.is_authenticated:
        raise Http404
    try:
        notice = notice_get_for_user(user=request.user, notice_id=pk)
    except NotFoundError as exc:
        raise Http404 from exc
    notice_mark_read(actor=request.user, message=notice)
    return redirect("portal:notices")
