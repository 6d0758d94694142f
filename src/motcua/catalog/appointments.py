"""When would a dossier of this procedure version be ready? The appointment a citizen
sees before submitting and an officer quotes at the counter (DOMAIN.md §4)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models

from motcua.agencies.models import OneStopUnit
from motcua.agencies.selectors import main_one_stop_unit_for
from motcua.calendar import engine
from motcua.calendar.selectors import working_calendar_for
from motcua.catalog.models import ProcedureVersion
from motcua.core.exceptions import ApplicationError


class Channel(models.TextChoices):
    """How a dossier reaches the one-stop unit (Decree 118/2025 Art. 15); the national
    sync codes are 1 in person, 2 online, 3 postal (DOMAIN.md §5)."""

    COUNTER = "counter", "Trực tiếp"
    ONLINE = "online", "Trực tuyến"
    POSTAL = "postal", "Bưu chính"


@dataclass(frozen=True)
class Appointment:
    one_stop_unit: OneStopUnit
    received_at: dt.datetime
    clock_start: dt.datetime
    appointment_at: dt.datetime


def receiving_unit_for(*, version: ProcedureVersion) -> OneStopUnit:
    """The deciding agency's main one-stop unit: where the clock runs by default."""
    for agency in version.agencies.order_by("code"):
        unit = main_one_stop_unit_for(agency=agency)
        if unit is not None:
            return unit
    raise ApplicationError(
        "Thủ tục chưa được gắn với bộ phận một cửa nào; hãy chỉ rõ nơi tiếp nhận "
        "(no one-stop unit for this procedure; pass unit=).",
        code="no_one_stop_unit",
    )


def appointment_estimate(
    *,
    version: ProcedureVersion,
    received_at: dt.datetime,
    channel: str,
    one_stop_unit: OneStopUnit | None = None,
) -> Appointment:
    unit = one_stop_unit or receiving_unit_for(version=version)
    calendar = working_calendar_for(unit)
    if channel == Channel.ONLINE:
        # Decree 297/2025: online dossiers outside hours or in the last hour start at
        # the next opening; the margin is configurable per version.
        start = engine.clock_start_online(
            received_at, calendar=calendar, minutes_before_close=version.online_cutoff_minutes
        )
    else:
        # Paper (counter or postal) received after the cut-off (15:00 by default) starts
        # the next working day (Decree 61/2018 Art. 19(1)(b); Decree 23/2015 Art. 21).
        start = engine.clock_start_paper(
            received_at, calendar=calendar, cutoff=version.counter_cutoff
        )
    due = engine.due_at(
        start, value=version.time_limit_value, unit=version.time_limit_unit, calendar=calendar
    )
    return Appointment(
        one_stop_unit=unit, received_at=received_at, clock_start=start, appointment_at=due
    )
