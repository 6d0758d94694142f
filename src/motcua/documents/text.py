"""Dates and times as the forms print them (Asia/Ho_Chi_Minh, Circular 03/2025 Annex I
wording): "08 giờ 30 phút, ngày 02/03/2026", "ngày 02 tháng 03 năm 2026"."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(VN)


def moment_text(moment: dt.datetime | None) -> str:
    """ "08 giờ 30 phút, ngày 02/03/2026"; empty when there is no such moment."""
    if moment is None:
        return ""
    at = local(moment)
    return f"{at:%H} giờ {at:%M} phút, ngày {at:%d/%m/%Y}"


def short_moment(moment: dt.datetime | None) -> str:
    """ "08:30 02/03/2026" (the hand-off rows of the process-control sheet)."""
    return "" if moment is None else f"{local(moment):%H:%M %d/%m/%Y}"


def day_text(moment: dt.datetime | dt.date | None) -> str:
    """ "02/03/2026"."""
    if moment is None:
        return ""
    day = local(moment).date() if isinstance(moment, dt.datetime) else moment
    return f"{day:%d/%m/%Y}"


def place_date(place: str, day: dt.date) -> str:
    """The place and date line under the national motto (Decree 30/2020 Annex I)."""
    return f"{place or '......'}, ngày {day:%d} tháng {day:%m} năm {day:%Y}"
