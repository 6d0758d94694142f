"""The leader's desk (project issue 4, point 5): the dossiers waiting for their
decision, and every late or at-risk dossier of their agency (seed 001: the leader who
watches every step; seed 003: zero late appointments). Reads only: the buttons are on
the dossier page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from motcua.office.access import forbidden, roles_of, staff_required
from motcua.office.pages import office_page
from motcua.workflow.desk import decisions_waiting, dossiers_late_or_at_risk


def page_number(request: HttpRequest, name: str) -> int:
    """A page number from the query string; anything else is the first page."""
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 7 else 1


@staff_required
def leader_desk(request: HttpRequest) -> HttpResponse:
    if "leader" not in roles_of(request.user):
        return forbidden(request, "Trang này dành cho lãnh đạo phê duyệt của cơ quan.")
    now = timezone.now()
    context = office_page(
        request,
        "office:leader",
        decisions=decisions_waiting(user=request.user, page=page_number(request, "duyet")),
        watch=dossiers_late_or_at_risk(
            user=request.user, now=now, page=page_number(request, "tre")
        ),
        now=now,
    )
    return render(request, "office/leader.html", context)
