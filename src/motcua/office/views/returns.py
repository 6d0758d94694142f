"""Results waiting at the counter (project issue 4, point 6): what the one-stop unit
holds for applicants, the oldest arrival first; each opens its dossier page, where the
result is handed over."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.office.access import forbidden, roles_of, staff_required
from motcua.office.pages import office_page
from motcua.office.views.leader import page_number
from motcua.workflow.desk import results_waiting


@staff_required
def returns_page(request: HttpRequest) -> HttpResponse:
    if "counter_officer" not in roles_of(request.user):
        return forbidden(request, "Trang này dành cho cán bộ một cửa.")
    context = office_page(
        request,
        "office:returns",
        results=results_waiting(user=request.user, page=page_number(request, "trang")),
    )
    return render(request, "office/returns.html", context)
