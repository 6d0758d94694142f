"""Reads of the calendar app: the override table and the working calendar of a place."""

from __future__ import annotations

import datetime as dt
import functools
from typing import NamedTuple
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from motcua.agencies.models import AdministrativeUnit, OneStopUnit
from motcua.agencies.selectors import province_of
from motcua.calendar.constants import ExceptionKind
from motcua.calendar.engine import DEFAULT_DAY, DaySessions, WorkingCalendar
from motcua.calendar.models import CalendarException

# The package computes a year in about 0.1 ms once its lunar tables are loaded (about
# 0.3 s, once per process), so a wide span costs nothing and spares callers a
# CalendarRangeError: from 2000 (older records) to 30 years ahead. Later years are
# estimated (lunar Tết without the yearly swaps); the override table corrects them.
HOLIDAYS_FIRST_YEAR = 2000
HOLIDAYS_YEARS_AHEAD = 30

# (date, kind, is_national) of every override row that applies to the place.
_Override = tuple[dt.date, str, bool]


def default_years() -> range:
    return range(HOLIDAYS_FIRST_YEAR, timezone.localdate().year + HOLIDAYS_YEARS_AHEAD + 1)


@functools.lru_cache(maxsize=8)
def _package_days(years: range) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    """Days off and make-up Saturdays of ``holidays.VN`` for ``years``. Cached per
    process: the result only depends on the installed package version."""
    calendar = holidays.VN(years=years)
    days_off = frozenset(day for day in calendar if day.year in years)
    # ``weekend_workdays`` also lists swaps of years outside ``years`` (it is derived
    # from the whole swap table); keep those inside, and only weekend dates.
    worked = frozenset(
        day for day in calendar.weekend_workdays if day.year in years and day.weekday() >= 5
    )
    return days_off, worked - days_off


@functools.lru_cache(maxsize=256)
def _build(
    week: tuple[DaySessions, ...],
    extra_day_sessions: DaySessions,
    years: range,
    overrides: tuple[_Override, ...],
    tz_name: str,
) -> WorkingCalendar:
    """Cached per process on everything it depends on, the override rows included, so
    an edit made by another process is seen at the next call (no shared state)."""
    days_off, worked = _package_days(years)
    off, extra = set(days_off), set(worked)
    # National rows first, then the province's: the more local rule wins.
    for day, kind, _national in sorted(overrides, key=lambda row: not row[2]):
        if day.year not in years:
            continue
        if kind == ExceptionKind.DAY_OFF:
            off.add(day)
            extra.discard(day)
        else:
            extra.add(day)
            off.discard(day)
    return WorkingCalendar(
        tz=ZoneInfo(tz_name),
        week=week,
        days_off=frozenset(off),
        extra_working_days=frozenset(extra),
        extra_day_sessions=extra_day_sessions,
        years=years,
    )


def _office_week(one_stop_unit: OneStopUnit | None) -> tuple[tuple[DaySessions, ...], DaySessions]:
    if one_stop_unit is None:
        day = DEFAULT_DAY
        saturday: DaySessions = ()
    else:
        day = (
            (one_stop_unit.morning_start, one_stop_unit.morning_end),
            (one_stop_unit.afternoon_start, one_stop_unit.afternoon_end),
        )
        # DOMAIN.md §11: Saturday-morning reception is optional per unit, and whether it
        # counts toward deadlines is unconfirmed [U]: a setting, off by default.
        counts = one_stop_unit.saturday_morning and settings.SATURDAY_COUNTS_FOR_DEADLINES
        saturday = (day[0],) if counts else ()
    return (day,) * 5 + (saturday, ()), day


def working_calendar_for(
    one_stop_unit: OneStopUnit | None = None,
    *,
    province: AdministrativeUnit | None = None,
    years: range | None = None,
) -> WorkingCalendar:
    """The working calendar of a one-stop unit (its office hours, its province's days
    off), or of a province, or the national one with default hours when neither is given.

    Days off: ``holidays.VN`` plus the override table, national rows then the province's
    rows (DOMAIN.md §11). ``years`` defaults to ``default_years()``. One query for the
    override rows, plus the unit's division and its parents unless already loaded.
    """
    if province is None and one_stop_unit is not None:
        division = one_stop_unit.administrative_unit
        province = province_of(unit=division) if division is not None else None
    week, extra_day_sessions = _office_week(one_stop_unit)
    place = Q(province__isnull=True)
    if province is not None:
        place |= Q(province=province)
    overrides = tuple(
        (day, kind, province_id is None)
        for day, kind, province_id in CalendarException.objects.filter(place)
        .order_by("date", "pk")
        .values_list("date", "kind", "province_id")
    )
    if years is None:
        years = default_years()
    return _build(week, extra_day_sessions, years, overrides, settings.TIME_ZONE)


def calendar_exception_list(
    *,
    province: AdministrativeUnit | None = None,
    include_national: bool = True,
    year: int | None = None,
) -> QuerySet[CalendarException]:
    """Override rows by date: national ones and, when ``province`` is given, that
    province's."""
    place = Q(pk__in=[])
    if include_national:
        place |= Q(province__isnull=True)
    if province is not None:
        place |= Q(province=province)
    rows = CalendarException.objects.filter(place).select_related("province")
    if year is not None:
        rows = rows.filter(date__year=year)
    return rows.order_by("date", "province__code")


class DayStatus(NamedTuple):
    is_working: bool
    reason: str


_WEEKDAY_NAMES = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def calendar_day_status(
    day: dt.date,
    *,
    province: AdministrativeUnit | None = None,
    exclude: CalendarException | None = None,
) -> DayStatus:
    """Whether ``day`` is a working day of the Monday-Friday week, and why, after the
    ``holidays`` package, the national override rows and, when ``province`` is given,
    that province's rows; ``exclude`` (the row being edited) is left out."""
    rows = CalendarException.objects.filter(date=day)
    if exclude is not None and exclude.pk is not None:
        rows = rows.exclude(pk=exclude.pk)
    place = Q(province__isnull=True)
    if province is not None:
        place |= Q(province=province)
    by_place = {row.province_id: row for row in rows.filter(place)}
    row = by_place.get(province.pk if province is not None else None) or by_place.get(None)
    if row is not None:
        return DayStatus(row.kind == ExceptionKind.WORKING_DAY, row.name)
    years = default_years()
    if day.year not in years:
        years = range(day.year, day.year + 1)
    days_off, worked = _package_days(years)
    if day in days_off:
        name = holidays.VN(years=day.year, language="vi").get(day, "")
        return DayStatus(False, name)
    if day in worked:
        return DayStatus(True, "ngày làm bù theo lịch nghỉ lễ, Tết")
    return DayStatus(day.weekday() < 5, _WEEKDAY_NAMES[day.weekday()])
