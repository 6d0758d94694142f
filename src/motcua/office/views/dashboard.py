"""The leader's dashboard (issue 7 §4): the KPIs of an agency or one-stop unit for a
month, quarter or year, the 12-month trend, the comparison between units and agencies,
the late and at-risk dossiers, and the exports of the two tables (.xlsx, CSV). Every
number comes from the daily aggregates (``reports.selectors.kpis``, issue 7 §7)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from motcua.agencies.models import Agency, OneStopUnit
from motcua.office.access import forbidden, staff_required
from motcua.office.charts import bar_chart
from motcua.office.pages import office_page
from motcua.office.views.leader import page_number
from motcua.reports.dashboard import (
    Tally,
    compare_agencies,
    compare_units,
    dashboard_agencies,
    dashboard_units,
    kpi_rows,
    late_or_at_risk,
    monthly_trend,
)
from motcua.reports.selectors import Period, Scope, kpis

KINDS = {"thang": "Tháng", "quy": "Quý", "nam": "Năm"}
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^\d{4}$")


@dataclass
class Filters:
    agency: Agency
    unit: OneStopUnit | None
    period: Period
    kind: str
    month: str
    quarter: int
    year: int
    label: str

    def scope(self) -> Scope:
        return Scope(agency_id=self.agency.pk, one_stop_unit_id=self.unit.pk if self.unit else None)

    def query(self) -> str:
        parts = [f"co_quan={self.agency.pk}", f"loai={self.kind}"]
        if self.unit:
            parts.append(f"bo_phan={self.unit.pk}")
        if self.kind == "thang":
            parts.append(f"thang={self.month}")
        else:
            parts.append(f"nam={self.year}")
        if self.kind == "quy":
            parts.append(f"quy={self.quarter}")
        return "&".join(parts)


def _pick(options: list[Any], raw: str) -> Any:
    """The option whose id is ``raw``, or None."""
    if raw.isdigit() and len(raw) < 12:
        return next((o for o in options if o.pk == int(raw)), None)
    return None


def parse_filters(
    get: Any, agencies: list[Agency], today: dt.date
) -> tuple[Filters | None, list[str], list[OneStopUnit]]:
    """The filters from the query string: (filters, errors, unit options). Missing
    values take defaults (the first agency, every unit, this month); a wrong value is
    an error shown to the person, and the page shows no numbers."""
    errors: list[str] = []
    raw_agency = get.get("co_quan", "")
    agency = _pick(agencies, raw_agency) if raw_agency else agencies[0]
    if agency is None:
        errors.append("Cơ quan đã chọn không có hoặc không thuộc phạm vi được xem.")
        agency = agencies[0]
    units = dashboard_units(agency.pk)
    raw_unit = get.get("bo_phan", "")
    unit = _pick(units, raw_unit) if raw_unit else None
    if raw_unit and unit is None:
        errors.append("Bộ phận một cửa đã chọn không tiếp nhận hồ sơ của cơ quan này.")
    kind = get.get("loai", "thang")
    month = get.get("thang", "") or f"{today.year:04d}-{today.month:02d}"
    raw_year = get.get("nam", "") or str(today.year)
    raw_quarter = get.get("quy", "") or str((today.month - 1) // 3 + 1)
    period: Period | None = None
    year, quarter = today.year, (today.month - 1) // 3 + 1
    if kind not in KINDS:
        errors.append("Loại kỳ báo cáo phải là tháng, quý hoặc năm.")
    elif kind == "thang":
        match = _MONTH.match(month)
        if match and 2000 <= int(match[1]) <= 2100 and 1 <= int(match[2]) <= 12:
            year = int(match[1])
            period = Period.month(year, int(match[2]))
        else:
            errors.append("Tháng phải có dạng năm-tháng, ví dụ 2026-03.")
    else:
        if _YEAR.match(raw_year) and 2000 <= int(raw_year) <= 2100:
            year = int(raw_year)
        else:
            errors.append("Năm phải là số có bốn chữ số từ 2000 đến 2100.")
        if kind == "quy":
            if raw_quarter in {"1", "2", "3", "4"}:
                quarter = int(raw_quarter)
            else:
                errors.append("Quý phải là 1, 2, 3 hoặc 4.")
        if not errors:
            period = Period.quarter(year, quarter) if kind == "quy" else Period.year(year)
    if errors or period is None:
        return None, errors, units
    label = {
        "thang": f"Tháng {period.first.month:02d}/{year}",
        "quy": f"Quý {quarter}/{year}",
        "nam": f"Năm {year}",
    }[kind]
    return Filters(agency, unit, period, kind, month, quarter, year, label), [], units


def _dashboard_access(request: HttpRequest) -> list[Agency] | HttpResponse:
    agencies = dashboard_agencies(request.user)
    if not agencies:
        return forbidden(
            request, "Trang này dành cho lãnh đạo, trưởng phòng và thanh tra của cơ quan."
        )
    return agencies


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    agencies = _dashboard_access(request)
    if isinstance(agencies, HttpResponse):
        return agencies
    now = timezone.now()
    filters, errors, units = parse_filters(request.GET, agencies, timezone.localdate(now))
    context: dict[str, Any] = {
        "agencies": agencies,
        "units": units,
        "kinds": KINDS,
        "errors": errors,
        "filters": filters,
        "get": request.GET,
    }
    if filters is not None:
        scope = filters.scope()
        trend = monthly_trend(scope=scope, last=filters.period.last)
        by_unit = compare_units(scope=scope, period=filters.period)
        by_agency = compare_agencies(scope=scope, period=filters.period)
        context.update(
            kpis=kpi_rows(kpis(scope=scope, period=filters.period)),
            trend=trend,
            trend_received=bar_chart([(t.label, t.received) for t in trend]),
            trend_on_time=bar_chart([(t.label, t.on_time_rate) for t in trend], top=100),
            by_unit=by_unit,
            by_agency=by_agency,
            by_unit_chart=bar_chart([(t.label, t.on_time_rate) for t in by_unit], top=100),
            late=late_or_at_risk(
                user=request.user,
                agency_id=filters.agency.pk,
                one_stop_unit_id=filters.unit.pk if filters.unit else None,
                now=now,
                page=page_number(request, "tre"),
            ),
            now=now,
        )
    status = 400 if errors else 200
    return render(
        request,
        "office/dashboard/dashboard.html",
        office_page(request, "office:dashboard", **context),
        status=status,
    )


TABLES = {"chi-so": "Chỉ số", "so-sanh": "So sánh"}
_COMPARE_HEAD = [
    "Bộ phận một cửa / cơ quan",
    "Tiếp nhận",
    "Đã giải quyết",
    "Trước hạn",
    "Đúng hạn",
    "Quá hạn",
    "Tỷ lệ đúng hạn (%)",
    "Tỷ lệ hài lòng (%)",
]


def _compare_line(kind: str, t: Tally) -> list[Any]:
    return [
        f"{kind}: {t.label}",
        t.received,
        t.resolved,
        t.resolved_early,
        t.resolved_on_time,
        t.resolved_late,
        t.on_time_rate,
        t.satisfaction_rate,
    ]


def _table(table: str, filters: Filters) -> tuple[list[str], list[list[Any]]]:
    scope, period = filters.scope(), filters.period
    if table == "chi-so":
        rows = [[r.label, r.value, r.unit] for r in kpi_rows(kpis(scope=scope, period=period))]
        return ["Chỉ tiêu", "Giá trị", "Đơn vị"], rows
    lines = [_compare_line("Bộ phận", t) for t in compare_units(scope=scope, period=period)]
    lines += [_compare_line("Cơ quan", t) for t in compare_agencies(scope=scope, period=period)]
    return _COMPARE_HEAD, lines


def _cell(value: Any) -> Any:
    """None is "—" (no data), never a number."""
    return "—" if value is None else value


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(title: str, head: list[str], rows: list[list[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so that Excel reads UTF-8
    yield writer.writerow([title])
    yield writer.writerow(head)
    for row in rows:
        yield writer.writerow([_cell(v) for v in row])


def _xlsx(title: str, head: list[str], rows: list[list[Any]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Bao cao")
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, [title], bold)
    sheet.write_row(1, 0, head, bold)
    for number, row in enumerate(rows, start=2):
        for col, value in enumerate(row):
            value = _cell(value)
            if isinstance(value, Decimal):
                sheet.write_number(number, col, float(value))
            else:
                sheet.write(number, col, value)
    sheet.set_column(0, 0, 45)
    sheet.set_column(1, len(head), 14)
    book.close()
    return buffer.getvalue()


@staff_required
def dashboard_export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    agencies = _dashboard_access(request)
    if isinstance(agencies, HttpResponse):
        return agencies
    filters, errors, _ = parse_filters(request.GET, agencies, timezone.localdate())
    if table not in TABLES or fmt not in {"xlsx", "csv"}:
        errors.append("Không có bảng hoặc định dạng xuất này.")
    if filters is None or errors:
        return HttpResponse(" ".join(errors), status=400, content_type="text/plain; charset=utf-8")
    title = f"{TABLES[table]} – {filters.agency.name}"
    if filters.unit:
        title += f" – {filters.unit.name}"
    title += f" – {filters.label}"
    head, rows = _table(table, filters)
    name = f"bang-{table}-{filters.period.first:%Y%m%d}-{filters.period.last:%Y%m%d}.{fmt}"
    disposition = f'attachment; filename="{name}"'
    if fmt == "csv":
        response: HttpResponse | StreamingHttpResponse = StreamingHttpResponse(
            _csv_lines(title, head, rows), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            _xlsx(title, head, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = disposition
    return response  # type: ignore[return-value]
