"""Reading the KPIs of issue 7 §1 from the daily aggregates (ADR 0007): sums over
``DailyFlow`` for a scope and a period, never a scan of the dossier table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, Sum

from motcua.agencies.models import Agency
from motcua.reports.models import DailyFlow, OfficerDailyFlow

_COUNTERS = (
    "submitted",
    "received",
    "digitised",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "processing_hours",
    "legal_hours",
    "returned",
    "refused",
    "withdrawn",
    "stopped",
    "closed",
    "supplement_requests",
    "apologies",
    "ratings",
    "ratings_satisfied",
)
_OFFICER_COUNTERS = ("steps_early", "steps_on_time", "steps_late", "ratings", "ratings_satisfied")


@dataclass(frozen=True)
class Scope:
    """Whose dossiers: any combination; ``agency`` includes all its children (DOMAIN.md
    §8: a province aggregates itself and all its children). Empty: every dossier."""

    agency_id: int | None = None
    one_stop_unit_id: int | None = None
    procedure_id: int | None = None
    field_id: int | None = None
    channel: str = ""


@dataclass(frozen=True)
class Period:
    """Local days ``first``..``last``, both included (TIME_ZONE)."""

    first: dt.date
    last: dt.date

    @classmethod
    def day(cls, day: dt.date) -> Period:
        return cls(day, day)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return cls(dt.date(year, month, 1), following - dt.timedelta(days=1))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = cls.month(year, 3 * quarter - 2)
        return cls(first.first, cls.month(year, 3 * quarter).last)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))


def percent(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """A percentage rounded to 2 decimals; None for a zero denominator (DOMAIN.md §8)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _mean(total: Decimal, count: int) -> Decimal | None:
    if not count:
        return None
    return (total / count).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Kpis:
    """The figures of issue 7 §1 for one scope and period. Counts are of events in the
    period (a dossier received in March and decided in April counts as received in
    March, resolved in April); stocks are at the start and end of the period."""

    submitted: int
    received: int
    carried_over: int  # received before the period, not decided or stopped by its start
    in_progress: int  # received and not decided or stopped at the period's end
    resolved_early: int
    resolved_on_time: int
    resolved_late: int
    returned: int
    refused: int
    withdrawn: int
    stopped: int
    supplement_requests: int
    apologies: int
    online_received: int
    digitised: int
    processing_hours: Decimal
    legal_hours: Decimal
    ratings: int
    ratings_satisfied: int

    @property
    def resolved(self) -> int:
        return self.resolved_early + self.resolved_on_time + self.resolved_late

    @property
    def on_time_rate(self) -> Decimal | None:
        """Resolved early or on time ÷ resolved, in % (DOMAIN.md §4)."""
        return percent(self.resolved_early + self.resolved_on_time, self.resolved)

    @property
    def online_share(self) -> Decimal | None:
        """Received online ÷ received, in % (766 indicator 3.3, before its scaling)."""
        return percent(self.online_received, self.received)

    @property
    def digitised_share(self) -> Decimal | None:
        """Received with a scanned file at receipt ÷ received, in %."""
        return percent(self.digitised, self.received)

    @property
    def average_processing_hours(self) -> Decimal | None:
        """Mean working hours from clock start to decision, pauses for the applicant
        left out, of the dossiers resolved in the period."""
        return _mean(self.processing_hours, self.resolved)

    @property
    def average_legal_hours(self) -> Decimal | None:
        """Mean legal working hours (clock start to first appointment) of the same."""
        return _mean(self.legal_hours, self.resolved)

    @property
    def time_saved_rate(self) -> Decimal | None:
        """How much shorter than the legal time, in %: 45 for "45% shorter"."""
        if not self.legal_hours:
            return None
        return percent(self.legal_hours - self.processing_hours, self.legal_hours)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        """Ratings "hài lòng" or better ÷ ratings, in % (DOMAIN.md §9)."""
        return percent(self.ratings_satisfied, self.ratings)


def agency_and_children(agency_id: int) -> list[int]:
    """The agency and every agency below it, at any depth."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Agency.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, todo = [], [agency_id]
    while todo:
        pk = todo.pop()
        found.append(pk)
        todo.extend(children.get(pk, []))
    return found


def scope_q(scope: Scope) -> Q:
    q = Q()
    if scope.agency_id is not None:
        q &= Q(agency_id__in=agency_and_children(scope.agency_id))
    if scope.one_stop_unit_id is not None:
        q &= Q(one_stop_unit_id=scope.one_stop_unit_id)
    if scope.procedure_id is not None:
        q &= Q(procedure_id=scope.procedure_id)
    if scope.field_id is not None:
        q &= Q(field_id=scope.field_id)
    if scope.channel:
        q &= Q(channel=scope.channel)
    return q


def _sums(rows: Any, names: tuple[str, ...]) -> dict[str, Any]:
    totals = rows.aggregate(**{name: Sum(name) for name in names})
    return {name: totals[name] or 0 for name in names}


def kpis(*, scope: Scope, period: Period) -> Kpis:
    """The KPIs of ``scope`` over ``period``: three aggregate queries over the daily
    rows (the period, the stock before it, the online share)."""
    rows = DailyFlow.objects.filter(scope_q(scope))
    during = _sums(rows.filter(day__gte=period.first, day__lte=period.last), _COUNTERS)
    before = _sums(rows.filter(day__lt=period.first), ("received", "closed"))
    online = _sums(
        rows.filter(day__gte=period.first, day__lte=period.last, channel="online"),
        ("received",),
    )
    carried_over = before["received"] - before["closed"]
    return Kpis(
        submitted=during["submitted"],
        received=during["received"],
        carried_over=carried_over,
        in_progress=carried_over + during["received"] - during["closed"],
        resolved_early=during["resolved_early"],
        resolved_on_time=during["resolved_on_time"],
        resolved_late=during["resolved_late"],
        returned=during["returned"],
        refused=during["refused"],
        withdrawn=during["withdrawn"],
        stopped=during["stopped"],
        supplement_requests=during["supplement_requests"],
        apologies=during["apologies"],
        online_received=online["received"],
        digitised=during["digitised"],
        processing_hours=Decimal(during["processing_hours"]),
        legal_hours=Decimal(during["legal_hours"]),
        ratings=during["ratings"],
        ratings_satisfied=during["ratings_satisfied"],
    )


@dataclass(frozen=True)
class OfficerKpis:
    """An officer's scorecard over a period (issue 7 §3): the process steps they
    finished, early / on time / late against each step's due time, and the counter
    ratings that named them."""

    steps_early: int
    steps_on_time: int
    steps_late: int
    ratings: int
    ratings_satisfied: int

    @property
    def steps(self) -> int:
        return self.steps_early + self.steps_on_time + self.steps_late

    @property
    def on_time_rate(self) -> Decimal | None:
        return percent(self.steps_early + self.steps_on_time, self.steps)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return percent(self.ratings_satisfied, self.ratings)


def officer_kpis(*, officer_id: int, period: Period, agency_id: int | None = None) -> OfficerKpis:
    """The scorecard of one officer, at every agency or at ``agency_id`` and its
    children; one aggregate query over ``OfficerDailyFlow``."""
    rows = OfficerDailyFlow.objects.filter(
        officer_id=officer_id, day__gte=period.first, day__lte=period.last
    )
    if agency_id is not None:
        rows = rows.filter(agency_id__in=agency_and_children(agency_id))
    return OfficerKpis(**_sums(rows, _OFFICER_COUNTERS))
