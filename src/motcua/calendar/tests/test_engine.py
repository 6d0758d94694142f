"""Hand-checked vectors for the deadline engine (DESIGN.md, Tests: Tết, 30/4-1/5, 2/9 and
swapped days). Every expected value was counted by hand on the month grids below, with
the default hours 07:30-11:30 and 13:00-17:00 (8 working hours a day).

    February 2026           April 2026              May 2026
    Mo Tu We Th Fr Sa Su    Mo Tu We Th Fr Sa Su    Mo Tu We Th Fr Sa Su
                       1           1  2  3  4  5                 1  2  3
     2  3  4  5  6  7  8     6  7  8  9 10 11 12     4  5  6  7  8  9 10
     9 10 11 12 13 14 15    13 14 15 16 17 18 19
    16 17 18 19 20 21 22    20 21 22 23 24 25 26
    23 24 25 26 27 28       27 28 29 30

    March 2026              August 2026             September 2026
    Mo Tu We Th Fr Sa Su    Mo Tu We Th Fr Sa Su    Mo Tu We Th Fr Sa Su
                       1    17 18 19 20 21 22 23        1  2  3  4  5  6
     2  3  4  5  6  7  8    24 25 26 27 28 29 30     7  8  9 10 11 12 13
     9 10 11 12 13 14 15    31
    16 17 18 19 20 21 22
    23 24 25 26 27 28 29    April 2025              May 2025
    30 31                   Mo Tu We Th Fr Sa Su    Mo Tu We Th Fr Sa Su
                            21 22 23 24 25 26 27             1  2  3  4
                            28 29 30                 5  6  7  8  9 10 11
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from motcua.calendar.constants import Outcome, TimeUnit
from motcua.calendar.engine import (
    CalendarRangeError,
    WorkingCalendar,
    add_working_time,
    classify,
    clock_start_online,
    clock_start_paper,
    due_after_pause,
    due_at,
    is_working_instant,
    next_opening,
    working_time_between,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = dt.UTC

# Days off of public servants, 2025 and 2026, written out from the official schedules
# (not read from the holidays package; the selector tests check the package agrees).
DAYS_OFF = frozenset(
    {
        dt.date(2025, 1, 1),
        *(dt.date(2025, 1, day) for day in range(27, 32)),  # Tết 2025: Mon 27 - Fri 31 Jan
        dt.date(2025, 2, 1),
        dt.date(2025, 4, 7),  # Hùng Kings 2025 (Mon)
        dt.date(2025, 4, 30),
        dt.date(2025, 5, 1),
        dt.date(2025, 5, 2),  # Fri 2 May 2025 off, swapped for Sat 26 Apr 2025 worked
        dt.date(2025, 9, 1),
        dt.date(2025, 9, 2),
        dt.date(2026, 1, 1),
        *(dt.date(2026, 2, day) for day in range(16, 21)),  # Tết 2026: Mon 16 - Fri 20 Feb
        dt.date(2026, 4, 26),  # Hùng Kings 2026 (Sun) ...
        dt.date(2026, 4, 27),  # ... observed on Mon 27 Apr
        dt.date(2026, 4, 30),
        dt.date(2026, 5, 1),
        dt.date(2026, 8, 31),  # Mon 31 Aug 2026 off, swapped for Sat 22 Aug 2026 worked
        dt.date(2026, 9, 1),
        dt.date(2026, 9, 2),
    }
)
MAKE_UP_DAYS = frozenset({dt.date(2025, 4, 26), dt.date(2026, 8, 22)})

CAL = WorkingCalendar(
    tz=VN, days_off=DAYS_OFF, extra_working_days=MAKE_UP_DAYS, years=range(2025, 2027)
)

MORNING = (dt.time(7, 30), dt.time(11, 30))
WEEKDAY = (MORNING, (dt.time(13, 0), dt.time(17, 0)))
# A unit whose Saturday-morning reception counts (SATURDAY_COUNTS_FOR_DEADLINES).
CAL_SATURDAY = WorkingCalendar(
    tz=VN,
    week=(WEEKDAY,) * 5 + ((MORNING,), ()),
    days_off=DAYS_OFF,
    extra_working_days=MAKE_UP_DAYS,
    years=range(2025, 2027),
)
# A province with other hours: 07:00-11:00 and 13:30-17:30.
LATE_HOURS = ((dt.time(7, 0), dt.time(11, 0)), (dt.time(13, 30), dt.time(17, 30)))
CAL_OTHER_HOURS = WorkingCalendar(
    tz=VN,
    week=(LATE_HOURS,) * 5 + ((), ()),
    days_off=DAYS_OFF,
    extra_working_days=MAKE_UP_DAYS,
    extra_day_sessions=LATE_HOURS,
    years=range(2025, 2027),
)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0):
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=VN)


def days(value: str | int, start: dt.datetime, calendar: WorkingCalendar = CAL) -> dt.datetime:
    return due_at(start, value=Decimal(value), unit=TimeUnit.WORKING_DAYS, calendar=calendar)


# --- Tết 2026 (days off Mon 16 - Fri 20 Feb) ---------------------------------------


def test_tet_2026_three_working_days_jump_the_holiday_week():
    # Fri 13 Feb 10:00 + 24 h: Fri 10:00-11:30 and 13:00-17:00 = 5.5 h (18.5 left);
    # Mon 16 - Fri 20 Tết, then the weekend; Mon 23 = 8 (10.5 left); Tue 24 = 8 (2.5
    # left); Wed 25 07:30 + 2.5 h = 10:00.
    assert days(3, at(2026, 2, 13, 10)) == at(2026, 2, 25, 10)


def test_tet_2026_thirty_working_days():
    # From Thu 12 Feb 09:00, working days counted: Fri 13 (1); Tết; Mon 23 - Fri 27 (2-6);
    # 2-6 Mar (7-11); 9-13 (12-16); 16-20 (17-21); 23-27 (22-26); Mon 30 (27), Tue 31
    # (28), Wed 1 Apr (29), Thu 2 Apr (30), at the same clock time.
    assert days(30, at(2026, 2, 12, 9)) == at(2026, 4, 2, 9)


def test_tet_2026_paper_after_cutoff_starts_after_the_holiday():
    # Fri 13 Feb 15:30 is after 15:00: the next working day is Mon 23 Feb.
    assert clock_start_paper(at(2026, 2, 13, 15, 30), calendar=CAL) == at(2026, 2, 23, 7, 30)


def test_tet_2026_online_in_the_holiday_and_in_the_last_hour():
    # Sunday evening before Tết: next opening is Mon 23 Feb 07:30.
    assert clock_start_online(at(2026, 2, 15, 20), calendar=CAL) == at(2026, 2, 23, 7, 30)
    # Fri 13 Feb 16:15 is within the hour before 17:00 closing.
    assert clock_start_online(at(2026, 2, 13, 16, 15), calendar=CAL) == at(2026, 2, 23, 7, 30)
    # 15:59 is not: the clock starts at once.
    assert clock_start_online(at(2026, 2, 13, 15, 59), calendar=CAL) == at(2026, 2, 13, 15, 59)


def test_tet_2026_working_time_between():
    # Thu 12 Feb 09:00-11:30 and 13:00-17:00 = 6.5 h; Fri 13 = 8; Tết and the weekend = 0;
    # Mon 23 = 8; Tue 24 07:30-09:00 = 1.5: 24 h.
    elapsed = working_time_between(at(2026, 2, 12, 9), at(2026, 2, 24, 9), calendar=CAL)
    assert elapsed == Decimal(24)
    assert working_time_between(at(2026, 2, 24, 9), at(2026, 2, 12, 9), calendar=CAL) == -24


def test_tet_2026_calendar_days_ending_in_the_holiday():
    # Thu 12 Feb + 5 days = Tue 17 Feb (Tết): moved to the next working day, Mon 23 Feb,
    # and ends at its closing (Civil Code 2015 Art. 148).
    due = due_at(at(2026, 2, 12, 10), value=Decimal(5), unit=TimeUnit.CALENDAR_DAYS, calendar=CAL)
    assert due == at(2026, 2, 23, 17)


# --- Hùng Kings 2026 (Sun 26 Apr, observed Mon 27 Apr) and 30/4-1/5 (Thu, Fri) ------


def test_hung_kings_2026_observed_monday_is_skipped():
    # Fri 24 Apr 09:00 + 16 h: Fri 6.5 h (9.5 left); Sat, Sun 26, Mon 27 off; Tue 28 = 8
    # (1.5 left); Wed 29 07:30 + 1.5 = 09:00.
    assert days(2, at(2026, 4, 24, 9)) == at(2026, 4, 29, 9)


def test_reunification_and_labour_day_2026():
    # Wed 29 Apr 14:00 + 8 h: Wed 14:00-17:00 = 3 (5 left); Thu 30, Fri 1 May, Sat, Sun
    # off; Mon 4 May 07:30-11:30 = 4 (1 left); 13:00 + 1 = 14:00.
    assert days(1, at(2026, 4, 29, 14)) == at(2026, 5, 4, 14)


def test_working_hours_across_30_april_2026():
    # Wed 29 Apr 16:00 + 4 working hours: 1 h on Wed, then Mon 4 May 07:30 + 3 = 10:30.
    due = due_at(at(2026, 4, 29, 16), value=Decimal(4), unit=TimeUnit.WORKING_HOURS, calendar=CAL)
    assert due == at(2026, 5, 4, 10, 30)


def test_calendar_days_ending_on_30_april_2026():
    # Fri 24 Apr + 6 days = Thu 30 Apr (holiday); Fri 1 May holiday; Sat, Sun: Mon 4 May.
    due = due_at(at(2026, 4, 24, 10), value=Decimal(6), unit=TimeUnit.CALENDAR_DAYS, calendar=CAL)
    assert due == at(2026, 5, 4, 17)


def test_next_opening_after_the_last_day_before_30_april_2026():
    assert next_opening(at(2026, 4, 29, 17), CAL) == at(2026, 5, 4, 7, 30)


# --- 2/9 2026 (Mon 31 Aug swapped for Sat 22 Aug worked; Tue 1 and Wed 2 Sep off) ---


def test_make_up_saturday_22_august_2026_is_a_full_working_day():
    # Fri 21 Aug 09:00 + 8 h: Fri 6.5 h (1.5 left); Sat 22 Aug is worked: 07:30 + 1.5.
    assert days(1, at(2026, 8, 21, 9)) == at(2026, 8, 22, 9)
    assert is_working_instant(at(2026, 8, 22, 15), CAL)
    # Paper at the counter on the make-up Saturday, before and after 15:00.
    assert clock_start_paper(at(2026, 8, 22, 10), calendar=CAL) == at(2026, 8, 22, 10)
    assert clock_start_paper(at(2026, 8, 22, 16), calendar=CAL) == at(2026, 8, 24, 7, 30)


def test_national_day_2026_period_ends_exactly_at_a_session_end():
    # Fri 28 Aug 13:00 + 16 h: Fri 13:00-17:00 = 4 (12 left); Sat 29 - Wed 2 Sep off;
    # Thu 3 Sep = 8 (4 left); Fri 4 Sep 07:30-11:30 = 4, used up exactly at 11:30.
    assert days(2, at(2026, 8, 28, 13)) == at(2026, 9, 4, 11, 30)


def test_online_on_the_national_day_weekend_2026():
    assert clock_start_online(at(2026, 8, 29, 9), calendar=CAL) == at(2026, 9, 3, 7, 30)


# --- the 2025 swap (Sat 26 Apr 2025 worked, Fri 2 May 2025 off) -----------------------


def test_swap_2025_saturday_26_april_is_worked():
    # Fri 25 Apr 10:00: 1 day -> Sat 26 Apr 10:00; 3 days -> Sat 26 (1), Mon 28 (2),
    # Tue 29 (3) at 10:00.
    assert days(1, at(2025, 4, 25, 10)) == at(2025, 4, 26, 10)
    assert days(3, at(2025, 4, 25, 10)) == at(2025, 4, 29, 10)


def test_swap_2025_friday_2_may_is_off():
    # Tue 29 Apr 10:00 + 1 day: Wed 30 Apr, Thu 1 May, Fri 2 May off, then the weekend.
    assert days(1, at(2025, 4, 29, 10)) == at(2025, 5, 5, 10)


def test_swap_2025_paper_after_cutoff_on_friday_starts_on_the_make_up_saturday():
    assert clock_start_paper(at(2025, 4, 25, 15, 1), calendar=CAL) == at(2025, 4, 26, 7, 30)


# --- counter cut-off, online cut-off, lunch break ---------------------------------------


def test_paper_clock_start():
    tuesday = (2026, 3, 10)
    # At 15:00 exactly is not after 15:00; one second later is.
    assert clock_start_paper(at(*tuesday, 15), calendar=CAL) == at(*tuesday, 15)
    assert clock_start_paper(at(*tuesday, 15, 0, 1), calendar=CAL) == at(2026, 3, 11, 7, 30)
    # Before opening: the same day's opening; lunch break: the afternoon opening.
    assert clock_start_paper(at(*tuesday, 6, 45), calendar=CAL) == at(*tuesday, 7, 30)
    assert clock_start_paper(at(*tuesday, 12, 10), calendar=CAL) == at(*tuesday, 13)
    # After closing: the next working day; Friday evening: Monday.
    assert clock_start_paper(at(*tuesday, 17, 30), calendar=CAL) == at(2026, 3, 11, 7, 30)
    assert clock_start_paper(at(2026, 3, 13, 16), calendar=CAL) == at(2026, 3, 16, 7, 30)
    # A procedure without a cut-off keeps 16:30, but not an instant after closing.
    assert clock_start_paper(at(*tuesday, 16, 30), calendar=CAL, cutoff=None) == at(
        *tuesday, 16, 30
    )
    assert clock_start_paper(at(*tuesday, 17, 30), calendar=CAL, cutoff=None) == at(
        2026, 3, 11, 7, 30
    )
    # Another cut-off, 11:00.
    assert clock_start_paper(at(*tuesday, 11, 15), calendar=CAL, cutoff=dt.time(11)) == at(
        2026, 3, 11, 7, 30
    )


def test_online_clock_start():
    tuesday = (2026, 3, 10)
    # 16:00 is exactly 60 minutes before the 17:00 closing: inside the last hour.
    assert clock_start_online(at(*tuesday, 16), calendar=CAL) == at(2026, 3, 11, 7, 30)
    assert clock_start_online(at(*tuesday, 15, 59, 59), calendar=CAL) == at(*tuesday, 15, 59, 59)
    assert clock_start_online(at(*tuesday, 12), calendar=CAL) == at(*tuesday, 13)
    assert clock_start_online(at(*tuesday, 5), calendar=CAL) == at(*tuesday, 7, 30)
    assert clock_start_online(at(*tuesday, 23), calendar=CAL) == at(2026, 3, 11, 7, 30)
    assert clock_start_online(at(2026, 3, 13, 16, 30), calendar=CAL) == at(2026, 3, 16, 7, 30)
    # Only outside hours (QĐ 3142/QĐ-BGDĐT): no last-hour rule.
    assert clock_start_online(at(*tuesday, 16, 30), calendar=CAL, minutes_before_close=None) == at(
        *tuesday, 16, 30
    )
    # A 30-minute margin: 16:29 counts at once, 16:30 does not.
    assert clock_start_online(at(*tuesday, 16, 29), calendar=CAL, minutes_before_close=30) == at(
        *tuesday, 16, 29
    )
    assert clock_start_online(at(*tuesday, 16, 30), calendar=CAL, minutes_before_close=30) == at(
        2026, 3, 11, 7, 30
    )


def test_clock_start_takes_any_zone_and_answers_in_the_calendar_zone():
    # 2026-03-10 08:30 UTC is 15:30 in Hà Nội: after the paper cut-off.
    start = clock_start_paper(dt.datetime(2026, 3, 10, 8, 30, tzinfo=UTC), calendar=CAL)
    assert start == at(2026, 3, 11, 7, 30)
    assert start.tzinfo == VN
    # 2026-03-10 02:00 UTC is 09:00 in Hà Nội: the clock starts at once, shown in Hà Nội.
    start = clock_start_online(dt.datetime(2026, 3, 10, 2, tzinfo=UTC), calendar=CAL)
    assert start == at(2026, 3, 10, 9)
    assert start.tzinfo == VN
    assert start.hour == 9


# --- units of time ------------------------------------------------------------------------


def test_same_day():
    def same_day(start: dt.datetime) -> dt.datetime:
        return due_at(start, value=Decimal(0), unit=TimeUnit.SAME_DAY, calendar=CAL)

    assert same_day(at(2026, 3, 10, 9)) == at(2026, 3, 10, 17)
    assert same_day(at(2026, 3, 10, 12)) == at(2026, 3, 10, 17)
    # A Saturday start (no Saturday work): the closing of the next working day.
    assert same_day(at(2026, 3, 14, 9)) == at(2026, 3, 16, 17)
    # The value is ignored: catalogues write 0 or 1 for "trong ngày".
    assert due_at(at(2026, 3, 10, 9), value=Decimal(1), unit=TimeUnit.SAME_DAY, calendar=CAL) == at(
        2026, 3, 10, 17
    )


def test_calendar_days():
    def calendar_days(value: str, start: dt.datetime) -> dt.datetime:
        return due_at(start, value=Decimal(value), unit=TimeUnit.CALENDAR_DAYS, calendar=CAL)

    # Mon 9 Mar + 3 = Thu 12 Mar, a working day: its closing.
    assert calendar_days("3", at(2026, 3, 9, 9)) == at(2026, 3, 12, 17)
    # Mon 9 Mar + 5 = Sat 14 Mar: the closing of Mon 16 Mar.
    assert calendar_days("5", at(2026, 3, 9, 9)) == at(2026, 3, 16, 17)
    # A part of a day counts as a day: Tue 10 Mar + 1.5 -> + 2 = Thu 12 Mar.
    assert calendar_days("1.5", at(2026, 3, 10, 9)) == at(2026, 3, 12, 17)


def test_fractional_working_days():
    # 0.5 day = 4 h: Tue 10 Mar 09:00-11:30 = 2.5 (1.5 left); 13:00 + 1.5 = 14:30.
    assert days("0.5", at(2026, 3, 10, 9)) == at(2026, 3, 10, 14, 30)
    # 1.5 days = 12 h: Tue 14:00-17:00 = 3 (9 left); Wed = 8 (1 left); Thu 07:30 + 1.
    assert days("1.5", at(2026, 3, 10, 14)) == at(2026, 3, 12, 8, 30)
    # 0.5 day from 13:00 ends exactly at 17:00, not at the next morning's opening.
    assert days("0.5", at(2026, 3, 10, 13)) == at(2026, 3, 10, 17)
    # 0.25 day = 2 h from 10:30: 10:30-11:30 = 1, then 13:00 + 1 = 14:00.
    assert days("0.25", at(2026, 3, 10, 10, 30)) == at(2026, 3, 10, 14)


def test_zero_returns_the_start():
    for unit in (TimeUnit.WORKING_DAYS, TimeUnit.WORKING_HOURS, TimeUnit.CALENDAR_DAYS):
        assert due_at(at(2026, 3, 10, 9), value=Decimal(0), unit=unit, calendar=CAL) == at(
            2026, 3, 10, 9
        )
    assert add_working_time(at(2026, 3, 10, 18), Decimal(0), calendar=CAL) == at(2026, 3, 10, 18)


def test_add_working_time_from_outside_office_hours_starts_at_the_next_opening():
    # Sat 14 Mar 2026 10:00 + 2 h: Mon 16 Mar 07:30 + 2 = 09:30.
    assert add_working_time(at(2026, 3, 14, 10), Decimal(2), calendar=CAL) == at(2026, 3, 16, 9, 30)
    # From the lunch break: 12:00 + 1 h = 14:00.
    assert add_working_time(at(2026, 3, 10, 12), 1, calendar=CAL) == at(2026, 3, 10, 14)


def test_saturday_morning_counts_when_the_setting_says_so():
    # Fri 13 Mar 14:00 + 8 h. With Saturday: Fri 3 (5 left), Sat 07:30-11:30 = 4 (1 left),
    # Mon 07:30 + 1 = 08:30. Without: Fri 3 (5 left), Mon 07:30-11:30 = 4, 13:00 + 1.
    assert days(1, at(2026, 3, 13, 14), CAL_SATURDAY) == at(2026, 3, 16, 8, 30)
    assert days(1, at(2026, 3, 13, 14), CAL) == at(2026, 3, 16, 14)
    # Online on Saturday: the morning closes at 11:30, so the last hour starts at 10:30.
    assert clock_start_online(at(2026, 3, 14, 10, 15), calendar=CAL_SATURDAY) == at(
        2026, 3, 14, 10, 15
    )
    assert clock_start_online(at(2026, 3, 14, 10, 45), calendar=CAL_SATURDAY) == at(
        2026, 3, 16, 7, 30
    )
    # A Saturday holiday is still off: Sat 1 Feb 2025 (fourth day of Tết 2025).
    assert not is_working_instant(at(2025, 2, 1, 9), CAL_SATURDAY)
    # The make-up Saturday 26 Apr 2025 is a full day, afternoon included.
    assert is_working_instant(at(2025, 4, 26, 14), CAL_SATURDAY)


def test_other_office_hours():
    # 07:00-11:00 and 13:30-17:30. Tue 10 Mar 10:00 + 8 h: 10:00-11:00 = 1 (7 left);
    # 13:30-17:30 = 4 (3 left); Wed 07:00 + 3 = 10:00.
    assert days(1, at(2026, 3, 10, 10), CAL_OTHER_HOURS) == at(2026, 3, 11, 10)
    # 17:15 is within these hours but after the 15:00 cut-off.
    assert clock_start_paper(at(2026, 3, 10, 17, 15), calendar=CAL_OTHER_HOURS) == at(
        2026, 3, 11, 7
    )
    # Online at 16:45 is in the last hour before 17:30.
    assert clock_start_online(at(2026, 3, 10, 16, 45), calendar=CAL_OTHER_HOURS) == at(
        2026, 3, 11, 7
    )
    assert next_opening(at(2026, 3, 10, 11, 15), CAL_OTHER_HOURS) == at(2026, 3, 10, 13, 30)


# --- pauses --------------------------------------------------------------------------------


def test_pause_shifts_the_due_time_by_the_paused_working_time():
    # Paused Tue 10 Mar 16:00, resumed Thu 12 Mar 09:00: Tue 1 h + Wed 8 + Thu 1.5 =
    # 10.5 h. Due Fri 20 Mar 10:00 + 10.5: Fri 10:00-11:30 = 1.5 (9 left), 13:00-17:00 =
    # 4 (5 left); Mon 23 07:30-11:30 = 4 (1 left); 13:00 + 1 = 14:00.
    due = due_after_pause(
        at(2026, 3, 20, 10),
        paused_at=at(2026, 3, 10, 16),
        resumed_at=at(2026, 3, 12, 9),
        calendar=CAL,
    )
    assert due == at(2026, 3, 23, 14)


def test_pause_outside_office_hours_changes_nothing():
    # Fri 13 Mar 17:30 to Mon 16 Mar 07:00: no working time.
    due = due_after_pause(
        at(2026, 3, 20, 10),
        paused_at=at(2026, 3, 13, 17, 30),
        resumed_at=at(2026, 3, 16, 7),
        calendar=CAL,
    )
    assert due == at(2026, 3, 20, 10)


def test_pause_over_tet_2026_counts_only_working_time():
    # Fri 13 Feb 16:00-17:00 = 1 h; Tết and the weekend = 0; Mon 23 07:30-08:30 = 1 h.
    # Due Wed 25 Feb 10:00 + 2 h: 10:00-11:30 = 1.5, then 13:00 + 0.5 = 13:30.
    due = due_after_pause(
        at(2026, 2, 25, 10),
        paused_at=at(2026, 2, 13, 16),
        resumed_at=at(2026, 2, 23, 8, 30),
        calendar=CAL,
    )
    assert due == at(2026, 2, 25, 13, 30)


# --- classification ----------------------------------------------------------------------


def test_classify():
    due = at(2026, 3, 10, 17)
    assert classify(at(2026, 3, 10, 16), due, tz=VN) == Outcome.ON_TIME
    assert classify(at(2026, 3, 10, 8), due, tz=VN) == Outcome.ON_TIME
    assert classify(due, due, tz=VN) == Outcome.ON_TIME
    assert classify(at(2026, 3, 9, 16), due, tz=VN) == Outcome.EARLY
    assert classify(at(2026, 3, 10, 17, 0, 1), due, tz=VN) == Outcome.LATE
    # Mon 9 Mar 17:30 UTC is Tue 10 Mar 00:30 in Hà Nội: the due date, so on time.
    assert classify(dt.datetime(2026, 3, 9, 17, 30, tzinfo=UTC), due, tz=VN) == Outcome.ON_TIME


# --- instants ---------------------------------------------------------------------------------


def test_is_working_instant():
    assert is_working_instant(at(2026, 3, 10, 7, 30), CAL)
    assert is_working_instant(at(2026, 3, 10, 11, 29, 59), CAL)
    assert not is_working_instant(at(2026, 3, 10, 11, 30), CAL)
    assert not is_working_instant(at(2026, 3, 10, 17), CAL)
    assert not is_working_instant(at(2026, 3, 14, 9), CAL)
    assert not is_working_instant(at(2026, 2, 17, 9), CAL)
    assert is_working_instant(dt.datetime(2026, 3, 10, 2, tzinfo=UTC), CAL)


def test_next_opening():
    assert next_opening(at(2026, 3, 10, 9), CAL) == at(2026, 3, 10, 9)
    assert next_opening(at(2026, 3, 10, 11, 30), CAL) == at(2026, 3, 10, 13)
    assert next_opening(at(2026, 3, 10, 17), CAL) == at(2026, 3, 11, 7, 30)
    assert next_opening(at(2026, 2, 20, 10), CAL) == at(2026, 2, 23, 7, 30)


# --- refusals ----------------------------------------------------------------------------------


def test_leaving_the_loaded_years_is_an_error_not_a_silent_guess():
    # Wed 30 Dec 2026 + 5 working days runs into 2027, whose holidays are not loaded.
    with pytest.raises(CalendarRangeError):
        days(5, at(2026, 12, 30, 9))


@pytest.mark.parametrize(
    "call",
    [
        lambda: days(1, dt.datetime(2026, 3, 10, 9)),  # naive
        lambda: days(-1, at(2026, 3, 10, 9)),
        lambda: due_at(at(2026, 3, 10, 9), value=Decimal(1), unit="weeks", calendar=CAL),
        lambda: add_working_time(at(2026, 3, 10, 9), Decimal(-1), calendar=CAL),
        lambda: clock_start_online(at(2026, 3, 10, 9), calendar=CAL, minutes_before_close=-5),
        lambda: due_after_pause(
            at(2026, 3, 20, 10),
            paused_at=at(2026, 3, 12, 9),
            resumed_at=at(2026, 3, 10, 9),
            calendar=CAL,
        ),
        lambda: classify(dt.datetime(2026, 3, 10, 9), at(2026, 3, 10, 9), tz=VN),
    ],
)
def test_invalid_arguments_are_refused(call):
    with pytest.raises(ValueError):
        call()


@pytest.mark.parametrize(
    "fields",
    [
        {"week": (WEEKDAY,) * 5},
        {"week": ((), (), (), (), (), (), ())},
        {"week": (((dt.time(13), dt.time(12)),),) * 5 + ((), ())},
        {"week": ((MORNING, (dt.time(11), dt.time(17))),) * 5 + ((), ())},
        {"extra_day_sessions": ()},
        {"days_off": frozenset({dt.date(2026, 8, 22)}), "extra_working_days": MAKE_UP_DAYS},
    ],
)
def test_inconsistent_calendars_are_refused(fields):
    with pytest.raises(ValueError):
        WorkingCalendar(tz=VN, **fields)
