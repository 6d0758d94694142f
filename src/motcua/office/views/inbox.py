"""/office/xu-ly/: the processing inbox of specialists, unit heads and leaders (issue 4,
point 4). Two tabs, "Việc của tôi" (the steps on my desk) and "Của phòng/đơn vị" (my
unit's; a leader's: the agency's), most urgent step first, 20 a page, counted up to
the API's cap. The reads are ``workflow.inbox``'s; this view parses the filters."""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from motcua.accounts.constants import RoleCode
from motcua.dossiers.constants import ACTIVE_STATUSES, DossierStatus
from motcua.office.access import forbidden, roles_of, staff_required
from motcua.office.pages import office_page
from motcua.workflow.inbox import (
    URGENCY_LABELS,
    inbox_list,
    inbox_procedures,
    urgency,
    working_day_end,
)
from motcua.workflow.selectors import dossier_page

PAGE_SIZE = 20
COUNT_CAP = 1000  # as GET /api/v1/dossiers (api/v1/dossiers.py): count up to it, say so
MAX_PAGE = 10_000
MINE, UNIT = "cua-toi", "cua-don-vi"
ROLES = frozenset({RoleCode.SPECIALIST, RoleCode.UNIT_HEAD, RoleCode.LEADER})

# The columns a row shows: a page reads no whole rows.
ROW_FIELDS = (
    "code",
    "status",
    "applicant_name",
    "appointment_at",
    "current_step_name",
    "paused_at",
    "procedure__code",
    "procedure__name",
    "deciding_agency__name",
    "current_assignee__username",
    "current_assignee__full_name",
)


class InboxFilter(forms.Form):
    tab = forms.ChoiceField(
        choices=[(MINE, "Việc của tôi"), (UNIT, "Của phòng/đơn vị")], required=False
    )
    status = forms.ChoiceField(label="Trạng thái", required=False)
    procedure = forms.ChoiceField(label="Thủ tục", required=False)
    overdue = forms.BooleanField(label="Chỉ bước quá hạn", required=False)
    page = forms.IntegerField(min_value=1, max_value=MAX_PAGE, required=False)

    def __init__(self, data: Any, *, procedures: list[tuple[str, str]]) -> None:
        super().__init__(data)
        statuses = [(s.value, DossierStatus(s).label) for s in ACTIVE_STATUSES]
        status_field = self.fields["status"]
        procedure_field = self.fields["procedure"]
        assert isinstance(status_field, forms.ChoiceField)  # noqa: S101 (declared above)
        assert isinstance(procedure_field, forms.ChoiceField)  # noqa: S101
        status_field.choices = [("", "Tất cả"), *statuses]
        procedure_field.choices = [
            ("", "Tất cả"),
            *((code, f"{name} ({code})") for code, name in procedures),
        ]


@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    if not roles_of(request.user) & ROLES:
        return forbidden(
            request, "Trang này dành cho chuyên viên, trưởng phòng và lãnh đạo cơ quan."
        )
    procedures = inbox_procedures(user=request.user)
    form = InboxFilter(request.GET, procedures=procedures)
    error = ""
    if form.is_valid():
        data = form.cleaned_data
    else:
        # A hand-edited or stale address: say so, and show the list unfiltered.
        error = "Bộ lọc không hợp lệ; danh sách dưới đây chưa được lọc."
        data = {"tab": UNIT if request.GET.get("tab") == UNIT else MINE}
        form = InboxFilter(data, procedures=procedures)
        form.is_valid()
    tab = data.get("tab") or MINE
    page_number = data.get("page") or 1
    now = timezone.now()
    queryset = inbox_list(
        user=request.user,
        mine=tab == MINE,
        status=data.get("status") or None,
        procedure_code=data.get("procedure") or None,
        overdue=bool(data.get("overdue")),
        now=now,
    )
    count = queryset[: COUNT_CAP + 1].count()
    capped = count > COUNT_CAP
    count = min(count, COUNT_CAP)
    pages = max(1, math.ceil(count / PAGE_SIZE))
    start = (page_number - 1) * PAGE_SIZE
    rows = dossier_page(queryset.only(*ROW_FIELDS), start=start, size=PAGE_SIZE)
    day_end = working_day_end(user=request.user, now=now)
    items = []
    for dossier in rows:
        due = dossier.step_due  # type: ignore[attr-defined]  # inbox_list's annotation
        state = urgency(due=due, paused=dossier.paused_at is not None, now=now, day_end=day_end)
        items.append({"dossier": dossier, "state": state.value, "label": URGENCY_LABELS[state]})
    kept = {
        key: value
        for key, value in (
            ("tab", tab),
            ("status", data.get("status") or ""),
            ("procedure", data.get("procedure") or ""),
            ("overdue", "on" if data.get("overdue") else ""),
        )
        if value
    }
    context = office_page(
        request,
        "office:inbox",
        form=form,
        error=error,
        tab=tab,
        tabs=[
            {"value": MINE, "label": "Việc của tôi", "query": urlencode({"tab": MINE})},
            {"value": UNIT, "label": "Của phòng/đơn vị", "query": urlencode({"tab": UNIT})},
        ],
        items=items,
        count=count,
        capped=capped,
        page=page_number,
        pages=pages,
        previous_query=urlencode({**kept, "page": page_number - 1}) if page_number > 1 else "",
        next_query=urlencode({**kept, "page": page_number + 1}) if page_number < pages else "",
    )
    return render(request, "office/inbox/list.html", context, status=400 if error else 200)
