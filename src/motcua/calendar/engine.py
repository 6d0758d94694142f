"""Working-calendar arithmetic: clock starts, due times, paused time and on-time status.

Pure functions over a frozen ``WorkingCalendar``; no database access. ``selectors`` builds
the calendar of a one-stop unit from the ``holidays`` package, the override table and the
unit's office hours.

Conventions:
- Times in are aware datetimes; times out are aware datetimes in the calendar's zone.
- A session is a half-open interval ``[start, end)`` of local clock time. The end of a
  session is not a working instant, but a period that ends exactly there ends there
  (17:00, not the next morning's 07:30).
- Working time is counted to the microsecond; ``Decimal`` hours at the boundary.
- Days are walked one at a time over their sessions, never minute by minute.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_EVEN, Decimal

from motcua.calendar.constants import Outcome, TimeUnit

Session = tuple[dt.time, dt.time]
DaySessions = tuple[Session, ...]

# DOMAIN.md §11: Monday-Friday 07:30-11:30 and 13:00-17:00 unless the province sets
# other hours [U]; the 40-hour week of public servants (Decision 188/1999/QĐ-TTg) [U].
DEFAULT_DAY: DaySessions = ((dt.time(7, 30), dt.time(11, 30)), (dt.time(13, 0), dt.time(17, 0)))
DEFAULT_WEEK: tuple[DaySessions, ...] = (DEFAULT_DAY,) * 5 + ((), ())

# DOMAIN.md §4: provincial systems count 1 working day as 8 working hours [S, Thanh Hóa].
WORKING_DAY_HOURS = Decimal(8)

# DOMAIN.md §2.3 and §4: paper received after 15:00 starts on the next working day
# (Decree 61/2018 Art. 19(1)(b) transfer rule; Decree 23/2015 Art. 21 for chứng thực).
PAPER_CUTOFF = dt.time(15, 0)

# DOMAIN.md §2.2 and §4: an online dossier received within 1 hour before the end of
# office hours starts on the next working day (Decree 297/2025).
ONLINE_CUTOFF_MINUTES = 60

_ONE_DAY = dt.timedelta(days=1)
_MICROSECONDS_PER_HOUR = 3_600_000_000
_CLOCK_BASE = dt.date(2000, 1, 1)


class CalendarRangeError(ValueError):
    """The arithmetic reached a year whose holidays the calendar does not hold."""


@dataclass(frozen=True, kw_only=True)
class WorkingCalendar:
    """The working time of one place.

    ``week`` holds the sessions of each weekday, Monday first. ``days_off`` are dates
    without work (public holidays, observed and swapped days off); ``extra_working_days``
    are make-up working days (làm bù), usually Saturdays, worked with
    ``extra_day_sessions``. ``years`` is the span whose holidays are loaded; arithmetic
    that leaves it raises ``CalendarRangeError`` rather than ignore unknown holidays.
    """

    tz: dt.tzinfo
    week: tuple[DaySessions, ...] = DEFAULT_WEEK
    days_off: frozenset[dt.date] = field(default_factory=frozenset)
    extra_working_days: frozenset[dt.date] = field(default_factory=frozenset)
    extra_day_sessions: DaySessions = DEFAULT_DAY
    years: range | None = None

    def __post_init__(self) -> None:
        if len(self.week) != 7:
            raise ValueError("week must hold the sessions of 7 weekdays, Monday first")
        for day in (*self.week, self.extra_day_sessions):
            _check_sessions(day)
        if not any(self.week):
            raise ValueError("a working calendar needs at least one working weekday")
        if not self.extra_day_sessions:
            raise ValueError("make-up working days need sessions")
        if overlap := self.days_off & self.extra_working_days:
            raise ValueError(f"dates both off and worked: {sorted(overlap)}")

    def sessions_on(self, day: dt.date) -> DaySessions:
        """The sessions worked on ``day``, in order; empty on a day without work."""
        if self.years is not None and day.year not in self.years:
            raise CalendarRangeError(
                f"{day.isoformat()} is outside the calendar's years "
                f"{self.years.start}-{self.years.stop - 1}"
            )
        if day in self.days_off:
            return ()
        if day in self.extra_working_days:
            return self.extra_day_sessions
        return self.week[day.weekday()]

    def is_working_day(self, day: dt.date) -> bool:
        return bool(self.sessions_on(day))


def _check_sessions(sessions: DaySessions) -> None:
    previous_end: dt.time | None = None
    for start, end in sessions:
        if not start < end:
            raise ValueError(f"session {start}-{end} does not end after it starts")
        if previous_end is not None and start < previous_end:
            raise ValueError(f"session {start}-{end} overlaps the one before it")
        previous_end = end


def _span(start: dt.time, end: dt.time) -> dt.timedelta:
    return dt.datetime.combine(_CLOCK_BASE, end) - dt.datetime.combine(_CLOCK_BASE, start)


def _aware(t: dt.datetime) -> dt.datetime:
    if t.tzinfo is None or t.utcoffset() is None:
        raise ValueError("working-calendar arithmetic needs aware datetimes")
    return t


def _local(t: dt.datetime, calendar: WorkingCalendar) -> dt.datetime:
    return _aware(t).astimezone(calendar.tz)


def _at(day: dt.date, clock: dt.time, calendar: WorkingCalendar) -> dt.datetime:
    return dt.datetime.combine(day, clock, tzinfo=calendar.tz)


def _hours_to_timedelta(hours: Decimal | int) -> dt.timedelta:
    microseconds = (Decimal(hours) * _MICROSECONDS_PER_HOUR).to_integral_value(ROUND_HALF_EVEN)
    if microseconds < 0:
        raise ValueError("working time cannot be negative")
    return dt.timedelta(microseconds=int(microseconds))


def _timedelta_to_hours(duration: dt.timedelta) -> Decimal:
    return Decimal(duration // dt.timedelta(microseconds=1)) / _MICROSECONDS_PER_HOUR


def _first_opening_after(day: dt.date, calendar: WorkingCalendar) -> dt.datetime:
    """The opening of the first working day after ``day``."""
    while True:
        day += _ONE_DAY
        if sessions := calendar.sessions_on(day):
            return _at(day, sessions[0][0], calendar)


def _closing_of(day: dt.date, calendar: WorkingCalendar) -> dt.datetime:
    """The closing of ``day`` if it is a working day, else of the next working day."""
    while not (sessions := calendar.sessions_on(day)):
        day += _ONE_DAY
    return _at(day, sessions[-1][1], calendar)


def is_working_instant(t: dt.datetime, calendar: WorkingCalendar) -> bool:
    """Whether the office is open at ``t`` (a session's end is already closed)."""
    local = _local(t, calendar)
    clock = local.time()
    return any(start <= clock < end for start, end in calendar.sessions_on(local.date()))


def next_opening(t: dt.datetime, calendar: WorkingCalendar) -> dt.datetime:
    """The first working instant at or after ``t``: ``t`` itself while the office is
    open, else the start of the next session (the afternoon after a lunch break, the
    next working day's opening after closing time)."""
    local = _local(t, calendar)
    day, clock = local.date(), local.time()
    for start, end in calendar.sessions_on(day):
        if clock < end:
            return local if clock >= start else _at(day, start, calendar)
    return _first_opening_after(day, calendar)


def clock_start_paper(
    received_at: dt.datetime,
    *,
    calendar: WorkingCalendar,
    cutoff: dt.time | None = PAPER_CUTOFF,
) -> dt.datetime:
    """When the time limit of a dossier received at the counter or by post starts.

    Received after ``cutoff`` (DOMAIN.md §2.3, §4: 15:00 by default; ``None`` for
    procedures without a cut-off) or outside office hours: the next working day's
    opening. Inside a lunch break: the afternoon opening. Otherwise ``received_at``.
    """
    local = _local(received_at, calendar)
    if cutoff is not None and local.time() > cutoff:
        return _first_opening_after(local.date(), calendar)
    return next_opening(local, calendar)


def clock_start_online(
    received_at: dt.datetime,
    *,
    calendar: WorkingCalendar,
    minutes_before_close: int | None = ONLINE_CUTOFF_MINUTES,
) -> dt.datetime:
    """When the time limit of a dossier submitted online starts.

    Outside office hours: the next opening (QĐ 3142/QĐ-BGDĐT 2025). Received within the
    last ``minutes_before_close`` minutes before the day's closing, that boundary
    included: the next working day's opening (Decree 297/2025; ``None`` disables it).
    Inside a lunch break: the afternoon opening. Otherwise ``received_at``.
    """
    if minutes_before_close is not None and minutes_before_close < 0:
        raise ValueError("minutes_before_close cannot be negative")
    local = _local(received_at, calendar)
    day = local.date()
    sessions = calendar.sessions_on(day)
    if sessions and minutes_before_close is not None:
        closing = _at(day, sessions[-1][1], calendar)
        if local >= closing - dt.timedelta(minutes=minutes_before_close):
            return _first_opening_after(day, calendar)
    return next_opening(local, calendar)


def _add(start: dt.datetime, duration: dt.timedelta, calendar: WorkingCalendar) -> dt.datetime:
    """``start`` (local) plus ``duration`` (> 0) of working time."""
    remaining = duration
    day, clock = start.date(), start.time()
    while True:
        for session_start, session_end in calendar.sessions_on(day):
            if clock >= session_end:
                continue
            begin = max(session_start, clock)
            available = _span(begin, session_end)
            if remaining <= available:
                # An exact fit ends at the session's end, not at the next opening.
                return _at(day, begin, calendar) + remaining
            remaining -= available
        day, clock = day + _ONE_DAY, dt.time.min


def _between(a: dt.datetime, b: dt.datetime, calendar: WorkingCalendar) -> dt.timedelta:
    """Working time in ``[a, b)`` for local ``a <= b``."""
    total = dt.timedelta(0)
    first, last = a.date(), b.date()
    day = first
    while day <= last:
        low = a.time() if day == first else dt.time.min
        for session_start, session_end in calendar.sessions_on(day):
            begin = max(session_start, low)
            end = min(session_end, b.time()) if day == last else session_end
            if end > begin:
                total += _span(begin, end)
        day += _ONE_DAY
    return total


def add_working_time(
    start: dt.datetime, hours: Decimal | int, *, calendar: WorkingCalendar
) -> dt.datetime:
    """``start`` plus ``hours`` of working time. Counting begins at the next opening
    when ``start`` is outside office hours; zero hours return ``start``."""
    duration = _hours_to_timedelta(hours)
    local = _local(start, calendar)
    if not duration:
        return local
    return _add(local, duration, calendar)


def working_time_between(a: dt.datetime, b: dt.datetime, *, calendar: WorkingCalendar) -> Decimal:
    """Working hours from ``a`` to ``b``; negative when ``b`` is before ``a``. Exact
    when the working time is a whole number of hundredths of an hour (36 s); otherwise
    rounded to 28 significant digits. ``due_after_pause`` never goes through it."""
    local_a, local_b = _local(a, calendar), _local(b, calendar)
    if local_b < local_a:
        return -_timedelta_to_hours(_between(local_b, local_a, calendar))
    return _timedelta_to_hours(_between(local_a, local_b, calendar))


def due_at(
    start: dt.datetime, *, value: Decimal | int, unit: str, calendar: WorkingCalendar
) -> dt.datetime:
    """The due time of a time limit of ``value`` ``unit`` (a ``TimeUnit`` value)
    counted from ``start`` (DOMAIN.md §4).

    - working days: ``value`` × 8 working hours over office hours; fractions allowed;
    - working hours: ``value`` working hours;
    - same day ("trong ngày"): the closing of the start's working day, whatever
      ``value`` says (catalogues write 0 or 1 for it);
    - calendar days ("ngày"): the closing of the ``value``-th day after the start's
      date, moved to the closing of the next working day when that day is a day off
      (Civil Code 2015 Arts. 147-148). A part of a day counts as a whole day.
    A zero ``value`` returns ``start`` for every unit but same day.
    """
    amount = Decimal(value)
    if amount < 0:
        raise ValueError("a time limit cannot be negative")
    local = _local(start, calendar)
    kind = TimeUnit(unit)
    if kind == TimeUnit.SAME_DAY:
        return _closing_of(next_opening(local, calendar).date(), calendar)
    if not amount:
        return local
    if kind == TimeUnit.WORKING_DAYS:
        return add_working_time(local, amount * WORKING_DAY_HOURS, calendar=calendar)
    if kind == TimeUnit.WORKING_HOURS:
        return add_working_time(local, amount, calendar=calendar)
    days = int(amount.to_integral_value(ROUND_CEILING))
    return _closing_of(local.date() + dt.timedelta(days=days), calendar)


def due_after_pause(
    due: dt.datetime,
    *,
    paused_at: dt.datetime,
    resumed_at: dt.datetime,
    calendar: WorkingCalendar,
) -> dt.datetime:
    """The due time moved on by exactly the working time between ``paused_at`` and
    ``resumed_at`` (the clock stops while the dossier waits for the applicant,
    DOMAIN.md §4)."""
    local_paused, local_resumed = _local(paused_at, calendar), _local(resumed_at, calendar)
    if local_resumed < local_paused:
        raise ValueError("a pause cannot end before it starts")
    paused = _between(local_paused, local_resumed, calendar)
    local_due = _local(due, calendar)
    if not paused:
        return local_due
    return _add(local_due, paused, calendar)


def classify(end: dt.datetime, due: dt.datetime, *, tz: dt.tzinfo) -> Outcome:
    """On-time status of a dossier or hand-off that ended at ``end`` (DOMAIN.md §4).

    Late once ``end`` passes ``due``. "Đúng hạn" is read at day granularity, as the
    provinces do [S, DOMAIN.md §4]: finished on the due date, not after the due time,
    is on time; finished on an earlier date is early.
    """
    if _aware(end) > _aware(due):
        return Outcome.LATE
    if end.astimezone(tz).date() < due.astimezone(tz).date():
        return Outcome.EARLY
    return Outcome.ON_TIME
