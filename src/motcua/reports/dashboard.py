"""What the leader's dashboard reads (issue 7 §4): whose numbers a person may see, the
KPI table, the 12-month trend and the comparison by one-stop unit and deciding agency,
all from the daily aggregates (``DailyFlow``, ADR 0007) in grouped queries, and the
late and at-risk dossiers (a bounded, indexed page of the dossier table)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F, Sum
from django.db.models.functions import TruncMonth

from motcua.accounts.constants import RoleCode
from motcua.agencies.models import Agency, OneStopUnit
from motcua.dossiers.models import Dossier
from motcua.reports.models import DailyFlow
from motcua.reports.selectors import Kpis, Period, Scope, agency_and_children, percent, scope_q
from motcua.workflow.desk import late_or_at_risk_queryset
from motcua.workflow.permissions import posts_of
from motcua.workflow.selectors import dossier_visible_q

# Leaders and unit heads watch their agency; an inspector (thanh tra) watches the
# agency they are posted to: the provincial committee's inspector sees the province.
DASHBOARD_ROLES = (RoleCode.LEADER, RoleCode.UNIT_HEAD, RoleCode.INSPECTOR)
LATE_PAGE_SIZE = 20


def dashboard_agencies(user: Any) -> list[Agency]:
    """The agencies whose numbers ``user`` may see: where they hold a dashboard role
    (first: the default), then every agency below, by name; empty for anyone else."""
    roots = {post.agency_id for post in posts_of(user) if post.role in DASHBOARD_ROLES}
    seen: set[int] = set()
    for root in roots:
        if root not in seen:
            seen.update(agency_and_children(root))
    found = list(Agency.objects.filter(pk__in=seen).order_by("name"))
    return sorted(found, key=lambda agency: agency.pk not in roots)


def dashboard_units(agency_id: int) -> list[OneStopUnit]:
    """The one-stop units that received dossiers decided by the agency or its children
    (a permit of a department is received at the province's centre)."""
    ids = (
        DailyFlow.objects.filter(agency_id__in=agency_and_children(agency_id))
        .values("one_stop_unit_id")
        .distinct()
    )
    return list(OneStopUnit.objects.filter(pk__in=ids).order_by("name"))


@dataclass(frozen=True)
class KpiRow:
    """One line of the KPI table: the same label and value on screen, in the .xlsx and
    in the CSV. ``value`` is None when there is nothing to divide ("—")."""

    label: str
    value: int | Decimal | None
    unit: str = ""


def kpi_rows(k: Kpis) -> list[KpiRow]:
    return [
        KpiRow("Tiếp nhận mới trong kỳ", k.received, "hồ sơ"),
        KpiRow("Tồn kỳ trước chuyển sang", k.carried_over, "hồ sơ"),
        KpiRow("Đã giải quyết", k.resolved, "hồ sơ"),
        KpiRow("Giải quyết trước hạn", k.resolved_early, "hồ sơ"),
        KpiRow("Giải quyết đúng hạn", k.resolved_on_time, "hồ sơ"),
        KpiRow("Giải quyết quá hạn", k.resolved_late, "hồ sơ"),
        KpiRow("Tỷ lệ đúng hạn", k.on_time_rate, "%"),
        KpiRow("Đang giải quyết cuối kỳ", k.in_progress, "hồ sơ"),
        KpiRow("Đã trả kết quả", k.returned, "hồ sơ"),
        KpiRow("Từ chối tiếp nhận", k.refused, "hồ sơ"),
        KpiRow("Rút hồ sơ", k.withdrawn, "hồ sơ"),
        KpiRow("Dừng giải quyết", k.stopped, "hồ sơ"),
        KpiRow("Yêu cầu bổ sung", k.supplement_requests, "lần"),
        KpiRow("Xin lỗi, hẹn lại", k.apologies, "lần"),
        KpiRow("Thời gian giải quyết trung bình", k.average_processing_hours, "giờ làm việc"),
        KpiRow("Thời gian theo quy định trung bình", k.average_legal_hours, "giờ làm việc"),
        KpiRow("Rút ngắn so với quy định", k.time_saved_rate, "%"),
        KpiRow("Tỷ lệ nộp trực tuyến", k.online_share, "%"),
        KpiRow("Tỷ lệ số hóa khi tiếp nhận", k.digitised_share, "%"),
        KpiRow("Tỷ lệ hài lòng", k.satisfaction_rate, "%"),
    ]


@dataclass(frozen=True)
class Tally:
    """Sums of one month or one unit: received, resolved by timeliness, ratings."""

    label: str
    received: int
    resolved_early: int
    resolved_on_time: int
    resolved_late: int
    ratings: int
    ratings_satisfied: int

    @property
    def resolved(self) -> int:
        return self.resolved_early + self.resolved_on_time + self.resolved_late

    @property
    def on_time_rate(self) -> Decimal | None:
        return percent(self.resolved_early + self.resolved_on_time, self.resolved)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return percent(self.ratings_satisfied, self.ratings)


_TALLIED = (
    "received",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "ratings",
    "ratings_satisfied",
)


def _grouped(rows: Any, *keys: Any) -> Any:
    return rows.values(*keys).annotate(**{f"s_{n}": Sum(n) for n in _TALLIED}).order_by(*keys)


def _tally(label: str, row: dict[str, Any] | None) -> Tally:
    row = row or {}
    return Tally(label, *(row.get(f"s_{n}") or 0 for n in _TALLIED))


def months_back(last: dt.date, count: int = 12) -> list[dt.date]:
    """The first days of the ``count`` months ending with ``last``'s month."""
    year, month = last.year, last.month
    found = []
    for _ in range(count):
        found.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return found[::-1]


def monthly_trend(*, scope: Scope, last: dt.date, count: int = 12) -> list[Tally]:
    """Received and on-time rate per month for the ``count`` months ending with
    ``last``'s month, one grouped query; a month without rows counts zero."""
    months = months_back(last, count)
    rows = DailyFlow.objects.filter(
        scope_q(scope), day__gte=months[0], day__lte=Period.month(last.year, last.month).last
    ).annotate(month=TruncMonth("day"))
    found = {_month_key(row["month"]): row for row in _grouped(rows, "month")}
    return [_tally(f"{m.month:02d}/{m.year}", found.get(m)) for m in months]


def _month_key(value: dt.date | dt.datetime) -> dt.date:
    return dt.date(value.year, value.month, 1)


def compare_units(*, scope: Scope, period: Period) -> list[Tally]:
    """Per receiving one-stop unit over the period, one grouped query, by name."""
    rows = DailyFlow.objects.filter(scope_q(scope), day__gte=period.first, day__lte=period.last)
    grouped = _grouped(rows.annotate(name=F("one_stop_unit__name")), "name", "one_stop_unit_id")
    return [_tally(row["name"], row) for row in grouped]


def compare_agencies(*, scope: Scope, period: Period) -> list[Tally]:
    """Per deciding agency (the chosen one and its children), one grouped query."""
    rows = DailyFlow.objects.filter(scope_q(scope), day__gte=period.first, day__lte=period.last)
    grouped = _grouped(rows.annotate(name=F("agency__name")), "name", "agency_id")
    return [_tally(row["name"], row) for row in grouped]


@dataclass(frozen=True)
class LatePage:
    rows: list[Dossier]
    number: int
    total: int
    size: int

    @property
    def has_next(self) -> bool:
        return self.number * self.size < self.total


def late_or_at_risk(
    *, user: Any, agency_id: int, one_stop_unit_id: int | None, now: dt.datetime, page: int = 1
) -> LatePage:
    """The late and at-risk open dossiers of the agency and its children (the leader
    desk's list, ``workflow.desk.late_or_at_risk_queryset``), of one receiving unit
    when chosen, and only those ``user`` may open (a unit head posted to one unit sees
    that unit's); one page, most urgent first, each with ``is_late``."""
    rows = late_or_at_risk_queryset(agency_ids=set(agency_and_children(agency_id)), now=now).filter(
        dossier_visible_q(user, open_only=True)
    )
    if one_stop_unit_id is not None:
        rows = rows.filter(receiving_unit_id=one_stop_unit_id)
    total = rows.count()
    last_page = max(1, -(-total // LATE_PAGE_SIZE))
    number = min(max(page, 1), last_page)
    start = (number - 1) * LATE_PAGE_SIZE
    found = list(rows.select_related("procedure", "current_agency")[start : start + LATE_PAGE_SIZE])
    for dossier in found:
        dossier.is_late = dossier.appointment_at is not None and dossier.appointment_at < now  # type: ignore[attr-defined]
    return LatePage(rows=found, number=number, total=total, size=LATE_PAGE_SIZE)
