"""Public pages: home; a signed-in person's notices (the catalog and tracking are in
``catalog_views``, the lookup kiosk in ``kiosk``). Views parse the request and call
selectors and services; nothing here decides anything."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from motcua.core.exceptions import NotFoundError
from motcua.notifications.preferences import (
    notice_get_for_user,
    notice_list_for_user,
    notice_mark_read,
)

NOTICES_PER_PAGE = 20


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


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
