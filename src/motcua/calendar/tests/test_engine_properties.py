"""Properties of the deadline engine over 2025-2026, with and without Saturday mornings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from motcua.calendar.constants import TimeUnit
from motcua.calendar.engine import (
    WorkingCalendar,
    add_working_time,
    due_after_pause,
    due_at,
    is_working_instant,
    working_time_between,
)
from motcua.calendar.tests.test_engine import CAL, CAL_OTHER_HOURS, CAL_SATURDAY, VN

calendars = st.sampled_from([CAL, CAL_SATURDAY, CAL_OTHER_HOURS])
# Starts late enough in 2026 leave room for 50 working days before the loaded years end.
instants = st.datetimes(
    min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2026, 9, 30), timezones=st.just(VN)
).map(lambda t: t.replace(microsecond=0))
# Hundredths of an hour (36 s) are whole microseconds, so sums are exact.
hours = st.decimals(min_value=0, max_value=400, places=2)
working_days = st.decimals(min_value=0, max_value=50, places=2)
units = st.sampled_from(list(TimeUnit))


def _on_36_second_grid(t: dt.datetime) -> dt.datetime:
    seconds = t.minute * 60 + t.second
    seconds -= seconds % 36
    return t.replace(minute=seconds // 60, second=seconds % 60)


# Working time between such instants is whole hundredths of an hour, exact in Decimal
# (other spans are rounded to 28 significant digits, so sums may differ in the last one).
grid_instants = instants.map(_on_36_second_grid)
pauses = st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=60)).map(
    lambda d: d - dt.timedelta(microseconds=d.microseconds)
)


def _is_session_end(t: dt.datetime, calendar: WorkingCalendar) -> bool:
    local = t.astimezone(calendar.tz)
    return any(end == local.time() for _, end in calendar.sessions_on(local.date()))


@given(calendar=calendars, a=instants, b=instants, value=working_days, unit=units)
def test_monotonic_in_start(calendar, a, b, value, unit):
    early, late = sorted((a, b))
    assert due_at(early, value=value, unit=unit, calendar=calendar) <= due_at(
        late, value=value, unit=unit, calendar=calendar
    )


@given(calendar=calendars, start=instants, v=working_days, w=working_days, unit=units)
def test_monotonic_in_value(calendar, start, v, w, unit):
    small, large = sorted((v, w))
    assert due_at(start, value=small, unit=unit, calendar=calendar) <= due_at(
        start, value=large, unit=unit, calendar=calendar
    )


@given(calendar=calendars, start=instants, value=working_days, unit=units)
def test_a_due_time_is_open_office_or_a_session_close(calendar, start, value, unit):
    due = due_at(start, value=value, unit=unit, calendar=calendar)
    if value == 0 and unit != TimeUnit.SAME_DAY:
        assert due == start
    else:
        assert is_working_instant(due, calendar) or _is_session_end(due, calendar)
        assert due >= start


@given(calendar=calendars, start=instants, amount=hours)
def test_working_time_between_inverts_add_working_time(calendar, start, amount):
    end = add_working_time(start, amount, calendar=calendar)
    assert working_time_between(start, end, calendar=calendar) == amount


@given(calendar=calendars, due=instants, paused_at=instants, length=pauses)
def test_a_pause_shifts_the_due_time_by_exactly_the_paused_working_time(
    calendar, due, paused_at, length
):
    resumed_at = paused_at + length
    paused = working_time_between(paused_at, resumed_at, calendar=calendar)
    shifted = due_after_pause(due, paused_at=paused_at, resumed_at=resumed_at, calendar=calendar)
    assert working_time_between(due, shifted, calendar=calendar) == paused
    assert shifted >= due


@given(calendar=calendars, a=grid_instants, b=grid_instants, c=grid_instants)
def test_working_time_adds_up_over_consecutive_spans(calendar, a, b, c):
    first, middle, last = sorted((a, b, c))
    assert working_time_between(first, middle, calendar=calendar) + working_time_between(
        middle, last, calendar=calendar
    ) == working_time_between(first, last, calendar=calendar)


@given(calendar=calendars, start=instants, value=working_days)
def test_working_days_are_eight_hours_each(calendar, start, value):
    due = due_at(start, value=value, unit=TimeUnit.WORKING_DAYS, calendar=calendar)
    assert working_time_between(start, due, calendar=calendar) == value * Decimal(8)
