"""The working calendar read from the holidays package, the override table and a
unit's office hours; the override list and the day status."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from motcua.calendar.constants import ExceptionKind, TimeUnit
from motcua.calendar.engine import CalendarRangeError, due_at
from motcua.calendar.selectors import (
    calendar_day_status,
    calendar_exception_list,
    default_years,
    working_calendar_for,
)
from motcua.calendar.tests.factories import (
    AdministrativeUnitFactory,
    CalendarExceptionFactory,
    OneStopUnitFactory,
)
from motcua.calendar.tests.test_engine import DAYS_OFF, MAKE_UP_DAYS, VN, at

pytestmark = pytest.mark.django_db


def one_day(start: dt.datetime, calendar) -> dt.datetime:
    return due_at(start, value=Decimal(1), unit=TimeUnit.WORKING_DAYS, calendar=calendar)


def test_the_package_gives_the_official_days_of_2025_and_2026():
    calendar = working_calendar_for()
    in_range = {day for day in calendar.days_off if day.year in (2025, 2026)}
    # The package also lists 24 Nov 2026 (Vietnam Cultural Day); kept, not relied on.
    assert in_range - {dt.date(2026, 11, 24)} == DAYS_OFF
    assert {day for day in calendar.extra_working_days if day.year in (2025, 2026)} == (
        MAKE_UP_DAYS
    )


def test_the_package_calendar_reproduces_the_tet_2026_vector():
    # Same count as test_engine: Fri 13 Feb 10:00 + 3 working days = Wed 25 Feb 10:00.
    calendar = working_calendar_for()
    due = due_at(
        at(2026, 2, 13, 10), value=Decimal(3), unit=TimeUnit.WORKING_DAYS, calendar=calendar
    )
    assert due == at(2026, 2, 25, 10)
    assert due.tzinfo == VN


def test_default_years_cover_2000_to_thirty_years_ahead():
    years = default_years()
    assert years.start == 2000
    assert years.stop - 1 == timezone.localdate().year + 30
    assert working_calendar_for().years == years


def test_leaving_the_requested_years_raises():
    calendar = working_calendar_for(years=range(2026, 2027))
    with pytest.raises(CalendarRangeError):
        calendar.is_working_day(dt.date(2025, 12, 31))


def test_national_day_off_override():
    # A national extra day off on Fri 13 Mar 2026: Thu 12 Mar 09:00 + 1 working day
    # skips Friday and the weekend: Mon 16 Mar 09:00.
    CalendarExceptionFactory(date=dt.date(2026, 3, 13))
    calendar = working_calendar_for()
    assert one_day(at(2026, 3, 12, 9), calendar) == at(2026, 3, 16, 9)


def test_national_make_up_day_override():
    # A national make-up Saturday 14 Mar 2026: Fri 13 Mar 09:00 + 1 day = Sat 14 09:00.
    CalendarExceptionFactory(date=dt.date(2026, 3, 14), make_up=True)
    assert one_day(at(2026, 3, 13, 9), working_calendar_for()) == at(2026, 3, 14, 9)


def test_national_override_cancels_a_package_holiday():
    # Declaring Fri 1 May 2026 a working day: Thu 30 Apr is still off, so Wed 29 Apr
    # 14:00 + 1 day = Wed 14:00-17:00 (3 h) + Fri 1 May 07:30-11:30 (4 h) + 13:00 + 1 h.
    CalendarExceptionFactory(date=dt.date(2026, 5, 1), make_up=True)
    assert one_day(at(2026, 4, 29, 14), working_calendar_for()) == at(2026, 5, 1, 14)


def test_province_override_applies_to_that_province_only():
    province = AdministrativeUnitFactory()
    other_province = AdministrativeUnitFactory()
    commune = AdministrativeUnitFactory(commune=True, parent=province)
    CalendarExceptionFactory(date=dt.date(2026, 3, 13), province=province, name="Lễ hội tỉnh")
    unit_in_commune = OneStopUnitFactory(administrative_unit=commune)
    unit_in_province = OneStopUnitFactory(administrative_unit=province)
    unit_elsewhere = OneStopUnitFactory(administrative_unit=other_province)
    start = at(2026, 3, 12, 9)  # Thu; Fri 13 Mar off in the province only
    assert one_day(start, working_calendar_for(unit_in_commune)) == at(2026, 3, 16, 9)
    assert one_day(start, working_calendar_for(unit_in_province)) == at(2026, 3, 16, 9)
    assert one_day(start, working_calendar_for(province=province)) == at(2026, 3, 16, 9)
    assert one_day(start, working_calendar_for(unit_elsewhere)) == at(2026, 3, 13, 9)
    assert one_day(start, working_calendar_for()) == at(2026, 3, 13, 9)


def test_province_row_beats_the_national_row():
    # Nationally Sat 14 Mar 2026 is a make-up day; the province keeps it off.
    province = AdministrativeUnitFactory()
    CalendarExceptionFactory(date=dt.date(2026, 3, 14), make_up=True)
    CalendarExceptionFactory(date=dt.date(2026, 3, 14), province=province)
    assert working_calendar_for().is_working_day(dt.date(2026, 3, 14))
    assert not working_calendar_for(province=province).is_working_day(dt.date(2026, 3, 14))


def test_a_former_district_unit_finds_its_province():
    province = AdministrativeUnitFactory()
    district = AdministrativeUnitFactory(district=True, parent=province)
    old_commune = AdministrativeUnitFactory(
        commune=True, parent=district, valid_to=dt.date(2025, 7, 1)
    )
    CalendarExceptionFactory(date=dt.date(2026, 3, 13), province=province)
    unit = OneStopUnitFactory(administrative_unit=old_commune)
    assert not working_calendar_for(unit).is_working_day(dt.date(2026, 3, 13))


def test_a_unit_without_a_place_gets_the_national_days():
    CalendarExceptionFactory(date=dt.date(2026, 3, 13), province=AdministrativeUnitFactory())
    unit = OneStopUnitFactory(administrative_unit=None)
    assert working_calendar_for(unit).is_working_day(dt.date(2026, 3, 13))


def test_unit_office_hours():
    unit = OneStopUnitFactory(
        morning_start=dt.time(7),
        morning_end=dt.time(11),
        afternoon_start=dt.time(13, 30),
        afternoon_end=dt.time(17, 30),
    )
    calendar = working_calendar_for(unit)
    # Tue 10 Mar 10:00 + 8 h: 1 h to 11:00, 4 h 13:30-17:30, Wed 07:00 + 3 h = 10:00.
    assert one_day(at(2026, 3, 10, 10), calendar) == at(2026, 3, 11, 10)
    # The make-up Saturday 22 Aug 2026 is worked with the unit's hours.
    assert calendar.sessions_on(dt.date(2026, 8, 22)) == (
        (dt.time(7), dt.time(11)),
        (dt.time(13, 30), dt.time(17, 30)),
    )


@pytest.mark.parametrize(
    ("reception", "counts", "expected"),
    [
        # Fri 13 Mar 14:00 + 8 h; with Saturday: 3 h Fri, 4 h Sat morning, Mon 08:30.
        (True, True, at(2026, 3, 16, 8, 30)),
        # Otherwise 3 h Fri, 4 h Mon morning, Mon 13:00 + 1 h.
        (True, False, at(2026, 3, 16, 14)),
        (False, True, at(2026, 3, 16, 14)),
    ],
)
def test_saturday_morning_counts_only_with_the_setting(settings, reception, counts, expected):
    settings.SATURDAY_COUNTS_FOR_DEADLINES = counts
    unit = OneStopUnitFactory(saturday_morning=reception)
    assert one_day(at(2026, 3, 13, 14), working_calendar_for(unit)) == expected


def test_edits_are_seen_at_the_next_call():
    day = dt.date(2026, 3, 13)
    assert working_calendar_for().is_working_day(day)
    row = CalendarExceptionFactory(date=day)
    assert not working_calendar_for().is_working_day(day)
    row.kind = ExceptionKind.WORKING_DAY
    row.save()
    assert working_calendar_for().is_working_day(day)
    row.kind = ExceptionKind.DAY_OFF
    row.save()
    assert not working_calendar_for().is_working_day(day)
    row.delete()
    assert working_calendar_for().is_working_day(day)


def test_the_national_calendar_costs_one_query(django_assert_num_queries):
    CalendarExceptionFactory()
    with django_assert_num_queries(1):
        working_calendar_for()


def test_calendar_exception_list():
    province = AdministrativeUnitFactory()
    other = AdministrativeUnitFactory()
    national = CalendarExceptionFactory(date=dt.date(2026, 3, 13))
    local = CalendarExceptionFactory(date=dt.date(2026, 3, 12), province=province)
    CalendarExceptionFactory(date=dt.date(2026, 3, 11), province=other)
    earlier = CalendarExceptionFactory(date=dt.date(2025, 3, 14))

    assert list(calendar_exception_list()) == [earlier, national]
    assert list(calendar_exception_list(province=province)) == [earlier, local, national]
    assert list(calendar_exception_list(province=province, year=2026)) == [local, national]
    assert list(calendar_exception_list(province=province, include_national=False)) == [local]
    assert list(calendar_exception_list(include_national=False)) == []


def test_calendar_day_status_from_the_package():
    assert calendar_day_status(dt.date(2026, 2, 17)) == (False, "Tết Nguyên Đán")
    assert calendar_day_status(dt.date(2026, 8, 22)).is_working
    assert calendar_day_status(dt.date(2026, 3, 10)) == (True, "thứ Ba")
    assert calendar_day_status(dt.date(2026, 3, 14)) == (False, "thứ Bảy")
    assert calendar_day_status(dt.date(2026, 3, 15)) == (False, "Chủ nhật")
    # A year outside the default span is still answered.
    assert calendar_day_status(dt.date(1999, 9, 2)) == (False, "Quốc khánh")


def test_calendar_day_status_with_overrides():
    province = AdministrativeUnitFactory()
    national = CalendarExceptionFactory(
        date=dt.date(2026, 3, 14), make_up=True, name="Làm bù toàn quốc"
    )
    assert calendar_day_status(dt.date(2026, 3, 14)) == (True, "Làm bù toàn quốc")
    assert calendar_day_status(dt.date(2026, 3, 14), exclude=national) == (False, "thứ Bảy")
    local = CalendarExceptionFactory(
        date=dt.date(2026, 3, 14), province=province, name="Nghỉ lễ hội tỉnh"
    )
    assert calendar_day_status(dt.date(2026, 3, 14), province=province) == (
        False,
        "Nghỉ lễ hội tỉnh",
    )
    assert calendar_day_status(dt.date(2026, 3, 14), province=province, exclude=local) == (
        True,
        "Làm bù toàn quốc",
    )
