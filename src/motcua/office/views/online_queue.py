"""/office/truc-tuyen/: online dossiers waiting for this one-stop unit's check, oldest
first, with the working time left before the check limit (DOMAIN.md §2.2;
``workflow.queues.online_intake_queue``). The officer opens one and acts on the
dossier page (receive, ask once for a supplement, refuse)."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.office.access import forbidden, staff_required
from motcua.office.pages import office_page
from motcua.workflow.queues import counter_units_of, online_intake_queue


def hours_text(hours: Decimal) -> str:
    """Working time as an officer reads it: "5 giờ 30 phút", "45 phút"."""
    minutes = int(abs(hours) * 60)
    whole, rest = divmod(minutes, 60)
    if whole and rest:
        return f"{whole} giờ {rest} phút"
    if whole:
        return f"{whole} giờ"
    return f"{rest} phút"


@staff_required
def online_queue_page(request: HttpRequest) -> HttpResponse:
    units = counter_units_of(request.user)
    if not units:
        return forbidden(request, "Danh sách hồ sơ trực tuyến dành cho cán bộ một cửa.")
    code = request.GET.get("don_vi", "")[:40]
    unit = next((u for u in units if u.code == code), None) if code else units[0]
    if unit is None:
        return forbidden(request, "Bạn không phải cán bộ một cửa của bộ phận này.")
    raw_page = request.GET.get("trang", "1")[:6]
    page = int(raw_page) if raw_page.isascii() and raw_page.isdigit() else 1
    queue = online_intake_queue(user=request.user, one_stop_unit=unit, page=page)
    rows = [
        {
            "row": row,
            "left": hours_text(row.hours_left),
            "state": "late" if row.late else ("due" if row.hours_left <= 2 else "early"),
        }
        for row in queue.rows
    ]
    context = office_page(
        request, "office:online_queue", units=units, unit=unit, queue=queue, rows=rows
    )
    return render(request, "office/counter/online_queue.html", context)
