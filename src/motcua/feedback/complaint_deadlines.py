"""The deadlines of a PAKN: Decision 766 indicator 5.2 (DOMAIN.md §8) in working days
on the receiving agency's calendar."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from motcua.agencies.models import Agency
from motcua.agencies.selectors import province_of
from motcua.calendar import engine
from motcua.calendar.constants import TimeUnit
from motcua.calendar.engine import WorkingCalendar
from motcua.calendar.selectors import working_calendar_for


def _calendar_of(agency: Agency) -> WorkingCalendar:
    """The agency's one-stop unit's calendar, else its province's days off with the
    default office hours (DOMAIN.md §11)."""
    if agency.one_stop_unit_id is not None:
        return working_calendar_for(agency.one_stop_unit)
    division = agency.administrative_unit
    province = province_of(unit=division) if division is not None else None
    return working_calendar_for(province=province)


def _working_days(start: dt.datetime, days: int, calendar: WorkingCalendar) -> dt.datetime:
    return engine.due_at(start, value=days, unit=TimeUnit.WORKING_DAYS, calendar=calendar)


def complaint_deadlines(
    *, agency: Agency, received_at: dt.datetime
) -> tuple[dt.datetime, dt.datetime, dt.datetime]:
    """(accept or refuse by, ask for more information by, answer by) of a PAKN received
    at ``received_at``: the settings' working days (2, 5, 15 by default; Decision 766
    indicator 5.2, DOMAIN.md §8) from the first opening at or after receipt, as for an
    online dossier outside office hours (DOMAIN.md §4)."""
    calendar = _calendar_of(agency)
    start = engine.next_opening(received_at, calendar)
    return (
        _working_days(start, settings.PAKN_ACCEPT_WORKING_DAYS, calendar),
        _working_days(start, settings.PAKN_INFO_WORKING_DAYS, calendar),
        _working_days(start, settings.PAKN_ANSWER_WORKING_DAYS, calendar),
    )


def publish_due(*, agency: Agency, answered_at: dt.datetime) -> dt.datetime:
    calendar = _calendar_of(agency)
    start = engine.next_opening(answered_at, calendar)
    return _working_days(start, settings.PAKN_PUBLISH_WORKING_DAYS, calendar)
