"""The statutory forms as PDF from the dossier page, and the tracking ledger of a
one-stop unit (Mẫu 07) on screen, as PDF and as .xlsx (project issue 4, point 7).

Who may print a dossier's form: whoever may see the dossier (``dossier_get_for_user``,
in SQL); anyone else gets the same 404 as for a dossier that does not exist. Which
forms apply is ``workflow.paperwork.form_available``; which ledgers an officer may read
is ``workflow.ledger.ledger_units_for_user``. This module only parses and answers.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from motcua.accounts.constants import RoleCode
from motcua.agencies.models import OneStopUnit
from motcua.core.exceptions import ApplicationError, NotFoundError
from motcua.office.access import forbidden, roles_of, staff_required
from motcua.office.pages import error_text, office_page
from motcua.workflow.ledger import (
    MAX_DAYS,
    ledger_dossiers,
    ledger_pdf,
    ledger_range_check,
    ledger_rows,
    ledger_units_for_user,
    ledger_xlsx,
)
from motcua.workflow.paperwork import dossier_form_pdf
from motcua.workflow.selectors import dossier_get_for_user

_FORM_NUMBER = re.compile(r"0[1-6]")
LEDGER_ROLES = (RoleCode.COUNTER_OFFICER, RoleCode.LEADER)
PAGE_SIZE = 50


def _missing(request: HttpRequest, message: str) -> HttpResponse:
    context = office_page(request, "", message=message)
    return render(request, "office/paperwork/missing.html", context, status=404)


@staff_required
@require_GET
def dossier_form(request: HttpRequest, code: str, number: str) -> HttpResponse:
    if not _FORM_NUMBER.fullmatch(number):
        return _missing(request, "Không có biểu mẫu này.")
    try:
        dossier = dossier_get_for_user(user=request.user, code=code[:40])
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    try:
        pdf = dossier_form_pdf(dossier=dossier, number=int(number))
    except NotFoundError as exc:
        return _missing(request, error_text(exc.message))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="mau-{number}-{dossier.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


class LedgerForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="Bộ phận một cửa",
        queryset=OneStopUnit.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "Bạn không được xem sổ của bộ phận này."},
    )
    date_from = forms.DateField(
        label="Từ ngày",
        widget=forms.DateInput(attrs={"type": "date", "autofocus": True}, format="%Y-%m-%d"),
        error_messages={"invalid": "Ngày không hợp lệ.", "required": "Hãy chọn ngày bắt đầu."},
    )
    date_to = forms.DateField(
        label="Đến ngày",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Ngày không hợp lệ.", "required": "Hãy chọn ngày kết thúc."},
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["unit"]  # the ModelChoiceField declared above
        field.queryset = units

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            try:
                ledger_range_check(start, end)
            except ApplicationError as exc:
                raise forms.ValidationError(error_text(exc.message)) from exc
        return data


def _initial(units: Any) -> dict[str, Any]:
    today = timezone.localdate()
    first = units.first()
    return {
        "unit": str(first.pk) if first else "",
        "date_from": today.replace(day=1).isoformat(),
        "date_to": today.isoformat(),
    }


@staff_required
@require_GET
def ledger(request: HttpRequest) -> HttpResponse:
    if not roles_of(request.user) & set(LEDGER_ROLES):
        return forbidden(request, "Sổ theo dõi hồ sơ dành cho cán bộ một cửa và lãnh đạo.")
    units = ledger_units_for_user(request.user)
    if not units.exists():
        return forbidden(request, "Bạn không phụ trách bộ phận một cửa nào.")
    given = {
        key: request.GET[key] for key in ("unit", "date_from", "date_to") if key in request.GET
    }
    form = LedgerForm(given or _initial(units), units=units)
    context: dict[str, Any] = {"form": form, "max_days": MAX_DAYS}
    if not form.is_valid():
        return _ledger_page(request, context, status=400 if given else 200)
    unit: OneStopUnit = form.cleaned_data["unit"]
    start: dt.date = form.cleaned_data["date_from"]
    end: dt.date = form.cleaned_data["date_to"]
    kind = request.GET.get("format", "")
    name = f"so-theo-doi-{unit.code}-{start:%Y%m%d}-{end:%Y%m%d}"
    if kind == "pdf":
        response = HttpResponse(
            ledger_pdf(unit=unit, date_from=start, date_to=end), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return response
    if kind == "xlsx":
        response = HttpResponse(
            ledger_xlsx(unit=unit, date_from=start, date_to=end),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    if kind:
        context["error"] = "Chỉ tải được sổ dạng PDF hoặc Excel (.xlsx)."
        return _ledger_page(request, context, status=400)
    paginator = Paginator(ledger_dossiers(unit=unit, date_from=start, date_to=end), PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("trang", "1")[:12])
    except (EmptyPage, PageNotAnInteger):
        context["error"] = f"Không có trang này; sổ có {paginator.num_pages} trang."
        return _ledger_page(request, context, status=400)
    query = f"unit={unit.pk}&date_from={start.isoformat()}&date_to={end.isoformat()}"
    context.update(
        unit=unit,
        page=page,
        rows=list(ledger_rows(page.object_list, first=page.start_index())),
        query=query,
    )
    return _ledger_page(request, context)


def _ledger_page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(
        request,
        "office/paperwork/ledger.html",
        office_page(request, "office:ledger", **context),
        status=status,
    )
