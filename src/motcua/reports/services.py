"""Writing the report aggregates (ADR 0007): a periodic fold of the append-only
history (``DossierEvent``) and of the ratings into ``DailyFlow`` and
``OfficerDailyFlow``, and a rebuild that
recomputes any range of days from scratch.

The fold reads rows by id above its cursor, up to an id it saw at least ``lag`` ago:
ids are taken when a row is inserted but become visible when its transaction commits,
so a transaction that took a lower id may commit after one with a higher id. Once the
lag has passed since a run saw id N, every transaction that took an id ≤ N has ended
(no dossier transaction lasts minutes), so nothing below N can appear later.

Both write under the cursor rows' lock: a fold and a rebuild never interleave, and
each counted row lands exactly once."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, Max, Min
from django.utils import timezone

from motcua.agencies.models import OneStopUnit
from motcua.calendar import engine
from motcua.calendar.engine import WorkingCalendar
from motcua.calendar.selectors import working_calendar_for
from motcua.dossiers.models import DossierEvent, DossierFile
from motcua.feedback.constants import RatingLevel
from motcua.feedback.models import Rating, RatingOfficer
from motcua.reports.models import DailyFlow, FoldCursor, OfficerDailyFlow
from motcua.workflow.constants import Action, TaskStatus
from motcua.workflow.models import Task

# Longer than any dossier transaction can last (the online submission takes
# milliseconds; a counter receipt with uploads, seconds).
FOLD_LAG = dt.timedelta(minutes=2)
# Rows read per transaction of the fold; the rebuild works a month of days at a time.
FOLD_BATCH = 5000

EVENTS, RATINGS = "events", "ratings"

# The counter each history action adds to (DOMAIN.md §2); decide and stop need more.
_CREATING = {Action.SUBMIT_ONLINE, Action.RECEIVE_COUNTER, Action.REGISTER_COUNTER}
_RECEIVING = {Action.RECEIVE_COUNTER, Action.RECEIVE}
_SIMPLE = {
    Action.RETURN_RESULT: "returned",
    Action.REFUSE: "refused",
    Action.WITHDRAW: "withdrawn",
    Action.STOP: "stopped",
    Action.REQUEST_SUPPLEMENT: "supplement_requests",
    Action.RESCHEDULE: "apologies",
}
# Actions that finish a process step (workflow.services._move, _close_all): the step's
# officer gets it on their scorecard. A stop ends a step unfinished: not counted.
_STEP_CLOSING = {Action.START_PROCESSING, Action.HAND_OFF, Action.DECIDE}
_DOSSIER_COUNTED = _CREATING | _RECEIVING | set(_SIMPLE) | {Action.DECIDE}
_COUNTED = [a.value for a in _DOSSIER_COUNTED | _STEP_CLOSING]
_OUTCOME_COLUMN = {
    engine.Outcome.EARLY: "resolved_early",
    engine.Outcome.ON_TIME: "resolved_on_time",
    engine.Outcome.LATE: "resolved_late",
}
_STEP_COLUMN = {
    engine.Outcome.EARLY: "steps_early",
    engine.Outcome.ON_TIME: "steps_on_time",
    engine.Outcome.LATE: "steps_late",
}
SATISFIED_LEVELS = (RatingLevel.VERY_SATISFIED, RatingLevel.SATISFIED)

_DIMENSIONS = (
    "dossier__deciding_agency_id",
    "dossier__receiving_unit_id",
    "dossier__procedure_id",
    "dossier__channel",
    "dossier__procedure__field_id",
)
_EVENT_COLUMNS = (
    "id",
    "at",
    "action",
    "detail",
    "step",
    "actor_id",
    "dossier_id",
    "dossier__clock_start",
    "dossier__original_appointment_at",
    "dossier__received_at",
    *_DIMENSIONS,
)
_RATING_COLUMNS = (
    "id",
    "created_at",
    "level",
    "officer_id",
    "one_stop_unit__agency_id",
    *_DIMENSIONS,
)

Key = tuple[dt.date, int, int, int, str]
OfficerKey = tuple[dt.date, int, int]
# Columns a cell carries that are not counters (copied on the row when made).
_FIXED = {"field_id"}


@dataclass
class Tally:
    """What a batch adds: per ``DailyFlow`` key and per ``OfficerDailyFlow`` key."""

    flows: dict[Key, dict[str, Any]] = field(default_factory=dict)
    officers: dict[OfficerKey, dict[str, Any]] = field(default_factory=dict)

    def officer(self, day: dt.date, agency_id: int, officer_id: int) -> dict[str, Any]:
        key = (day, agency_id, officer_id)
        if key not in self.officers:
            self.officers[key] = defaultdict(int)
        return self.officers[key]


# --- counting ---------------------------------------------------------------------------


class _Calendars:
    """The receiving units' working calendars, read once per run."""

    def __init__(self) -> None:
        self._by_unit: dict[int, WorkingCalendar] = {}

    def __call__(self, unit_id: int) -> WorkingCalendar:
        if unit_id not in self._by_unit:
            unit = OneStopUnit.objects.select_related("agency").get(pk=unit_id)
            self._by_unit[unit_id] = working_calendar_for(unit)
        return self._by_unit[unit_id]


def _key(row: dict[str, Any], at: dt.datetime) -> Key:
    return (
        timezone.localdate(at),
        row["dossier__deciding_agency_id"],
        row["dossier__receiving_unit_id"],
        row["dossier__procedure_id"],
        row["dossier__channel"],
    )


def _cell(tally: Tally, key: Key, row: dict[str, Any]) -> dict[str, Any]:
    cell = tally.flows.get(key)
    if cell is None:
        cell = tally.flows[key] = defaultdict(int, field_id=row["dossier__procedure__field_id"])
    return cell


def _first_files(dossier_ids: set[int]) -> dict[int, dt.datetime]:
    rows = (
        DossierFile.objects.filter(component__dossier_id__in=dossier_ids)
        .values("component__dossier_id")
        .annotate(first=Min("uploaded_at"))
    )
    return {row["component__dossier_id"]: row["first"] for row in rows}


def _paused_hours(dossier_ids: set[int]) -> dict[int, Decimal]:
    """Working hours each dossier waited for the applicant at appraisal (the clock
    stopped, DOMAIN.md §4), as the services recorded them on the history."""
    paused: dict[int, Decimal] = defaultdict(Decimal)
    rows = DossierEvent.objects.filter(
        dossier_id__in=dossier_ids, action=Action.RECORD_SUPPLEMENT
    ).values_list("dossier_id", "detail")
    for dossier_id, detail in rows:
        paused[dossier_id] += Decimal(int(detail.get("paused_working_minutes") or 0)) / 60
    return paused


def _closed_steps(events: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """The process step each step-closing event finished, by event id: the task of the
    dossier finished at the event's moment (``from_step`` of a hand-off; the highest
    below the new current step for a transfer; the highest for a decision, since "5 tại
    chỗ" transfers and decides at one moment). Finished tasks are never changed."""
    closing = [e for e in events if e["action"] in _STEP_CLOSING]
    if not closing:
        return {}
    tasks: dict[tuple[int, Any], list[Any]] = defaultdict(list)
    for task in Task.objects.filter(
        dossier_id__in={e["dossier_id"] for e in closing}, status=TaskStatus.DONE
    ).values("dossier_id", "order", "finished_at", "outcome", "assignee_id", "agency_id"):
        tasks[(task["dossier_id"], task["finished_at"])].append(task)
    found: dict[int, dict[str, Any]] = {}
    for event in closing:
        candidates = tasks.get((event["dossier_id"], event["at"]), [])
        if event["action"] == Action.HAND_OFF:
            candidates = [t for t in candidates if t["order"] == event["detail"].get("from_step")]
        elif event["action"] == Action.START_PROCESSING and event["step"] is not None:
            candidates = [t for t in candidates if t["order"] < event["step"]]
        if candidates:
            found[event["id"]] = max(candidates, key=lambda t: t["order"])
    return found


def _hours(value: Decimal) -> Decimal:
    return max(value, Decimal(0)).quantize(Decimal("0.01"))


def _events_tally(events: list[dict[str, Any]], tally: Tally, calendars: _Calendars) -> None:
    received = {e["dossier_id"] for e in events if e["action"] in _RECEIVING}
    decided = {e["dossier_id"] for e in events if e["action"] == Action.DECIDE}
    first_file = _first_files(received) if received else {}
    paused = _paused_hours(decided) if decided else {}
    steps = _closed_steps(events)
    for event in events:
        action, at = event["action"], event["at"]
        step = steps.get(event["id"])
        officer_id = step and (step["assignee_id"] or event["actor_id"])
        if step and officer_id:
            cell = tally.officer(timezone.localdate(at), step["agency_id"], officer_id)
            cell[_STEP_COLUMN[engine.Outcome(step["outcome"])]] += 1
        if action not in _DOSSIER_COUNTED:
            continue
        cell = _cell(tally, _key(event, at), event)
        if action in _CREATING:
            cell["submitted"] += 1
        if action in _RECEIVING:
            cell["received"] += 1
            first = first_file.get(event["dossier_id"])
            if first is not None and first <= at:
                cell["digitised"] += 1
        if action in _SIMPLE:
            cell[_SIMPLE[Action(action)]] += 1
        if action == Action.STOP and event["dossier__received_at"] is not None:
            cell["closed"] += 1
        if action == Action.DECIDE:
            # The outcome the service judged at the decision (DOMAIN.md §4).
            cell[_OUTCOME_COLUMN[engine.Outcome(event["detail"]["outcome"])]] += 1
            cell["closed"] += 1
            calendar = calendars(event["dossier__receiving_unit_id"])
            start = event["dossier__clock_start"]
            spent = engine.working_time_between(start, at, calendar=calendar)
            legal = engine.working_time_between(
                start, event["dossier__original_appointment_at"], calendar=calendar
            )
            cell["processing_hours"] += _hours(spent - paused.get(event["dossier_id"], 0))
            cell["legal_hours"] += _hours(legal)


def _online_officers(ratings: list[dict[str, Any]]) -> dict[int, list[int]]:
    """The officers each online rating is about (``feedback.RatingOfficer``: everyone
    who handled the dossier), in one statement for the batch."""
    ids = [rating["id"] for rating in ratings if rating["officer_id"] is None]
    about: dict[int, list[int]] = defaultdict(list)
    links = RatingOfficer.objects.filter(rating_id__in=ids).order_by("rating_id", "officer_id")
    for rating_id, officer_id in links.values_list("rating_id", "officer_id"):
        about[rating_id].append(officer_id)
    return about


def _ratings_tally(ratings: list[dict[str, Any]], tally: Tally) -> None:
    online = _online_officers(ratings)
    for rating in ratings:
        key = _key(rating, rating["created_at"])
        cell = _cell(tally, key, rating)
        satisfied = int(rating["level"] in SATISFIED_LEVELS)
        cell["ratings"] += 1
        cell["ratings_satisfied"] += satisfied
        day = timezone.localdate(rating["created_at"])
        if rating["officer_id"] is not None:  # a counter rating names the officer
            officers = [(rating["one_stop_unit__agency_id"], rating["officer_id"])]
        else:  # an online one is about every handler, counted for the deciding agency
            officers = [(key[1], officer_id) for officer_id in online.get(rating["id"], ())]
        for agency_id, officer_id in officers:
            mine = tally.officer(day, agency_id, officer_id)
            mine["ratings"] += 1
            mine["ratings_satisfied"] += satisfied


def _flow_fields(key: Key) -> dict[str, Any]:
    day, agency_id, unit_id, procedure_id, channel = key
    return {
        "day": day,
        "agency_id": agency_id,
        "one_stop_unit_id": unit_id,
        "procedure_id": procedure_id,
        "channel": channel,
    }


def _officer_fields(key: OfficerKey) -> dict[str, Any]:
    day, agency_id, officer_id = key
    return {"day": day, "agency_id": agency_id, "officer_id": officer_id}


def _parts(
    tally: Tally,
) -> Iterator[tuple[type[DailyFlow | OfficerDailyFlow], dict[str, Any], dict[str, Any]]]:
    for key, cell in tally.flows.items():
        yield DailyFlow, _flow_fields(key), cell
    for officer_key, cell in tally.officers.items():
        yield OfficerDailyFlow, _officer_fields(officer_key), cell


def _add(tally: Tally) -> None:
    """Add the tally to the rows, making those missing (under the cursor lock)."""
    for model, where, cell in _parts(tally):
        counters = {name: value for name, value in cell.items() if name not in _FIXED}
        if not model._default_manager.filter(**where).update(
            **{name: F(name) + value for name, value in counters.items()}
        ):
            model._default_manager.create(**where, **cell)


def _insert(tally: Tally) -> None:
    """Write the tally as new rows (the rebuild, after deleting its days)."""
    DailyFlow.objects.bulk_create(
        [DailyFlow(**_flow_fields(key), **cell) for key, cell in tally.flows.items()],
        batch_size=1000,
    )
    OfficerDailyFlow.objects.bulk_create(
        [OfficerDailyFlow(**_officer_fields(key), **cell) for key, cell in tally.officers.items()],
        batch_size=1000,
    )


# --- the cursor -------------------------------------------------------------------------


def _cursors() -> dict[str, FoldCursor]:
    """Both cursor rows, locked until the transaction ends."""
    for name in (EVENTS, RATINGS):
        FoldCursor.objects.get_or_create(name=name)
    return {c.name: c for c in FoldCursor.objects.select_for_update().order_by("name")}


def _horizon(cursor: FoldCursor, *, top: int, now: dt.datetime, lag: dt.timedelta) -> int:
    """The highest id safe to fold now: the highest seen by a run at least ``lag`` ago
    (this run's own when the lag is zero). Keeps the sightings not yet ripe."""
    seen = [(dt.datetime.fromisoformat(t), i) for t, i in cursor.horizons] + [(now, top)]
    ripe_until = now - lag
    horizon = max((i for t, i in seen if t <= ripe_until), default=0)
    cursor.horizons = [[t.isoformat(), i] for t, i in seen if t > ripe_until]
    return max(horizon, cursor.folded_until)


def _top(model: type[DossierEvent] | type[Rating]) -> int:
    return model._default_manager.aggregate(top=Max("id"))["top"] or 0


# --- the fold ---------------------------------------------------------------------------


def reports_fold(*, lag: dt.timedelta = FOLD_LAG, now: dt.datetime | None = None) -> int:
    """Add to ``DailyFlow`` the history rows and ratings committed since the last run
    (up to the safe horizon). Returns the rows folded. Safe to run again or on two
    workers at once (the second waits on the cursor lock, then finds nothing new)."""
    now = now or timezone.now()
    with transaction.atomic():
        cursors = _cursors()
        limits = {
            EVENTS: _horizon(cursors[EVENTS], top=_top(DossierEvent), now=now, lag=lag),
            RATINGS: _horizon(cursors[RATINGS], top=_top(Rating), now=now, lag=lag),
        }
        for cursor in cursors.values():
            cursor.ran_at = now
            cursor.save(update_fields=["horizons", "ran_at"])
    folded = 0
    calendars = _Calendars()
    while True:
        with transaction.atomic():
            cursors = _cursors()
            events_cursor, ratings_cursor = cursors[EVENTS], cursors[RATINGS]
            events = list(
                DossierEvent.objects.filter(
                    id__gt=events_cursor.folded_until, id__lte=limits[EVENTS]
                )
                .order_by("id")
                .values(*_EVENT_COLUMNS)[:FOLD_BATCH]
            )
            ratings = list(
                Rating.objects.filter(id__gt=ratings_cursor.folded_until, id__lte=limits[RATINGS])
                .order_by("id")
                .values(*_RATING_COLUMNS)[:FOLD_BATCH]
            )
            if not events and not ratings:
                return folded
            tally = Tally()
            counted = [e for e in events if e["action"] in _COUNTED]
            _events_tally(counted, tally, calendars)
            _ratings_tally(ratings, tally)
            _add(tally)
            if events:
                events_cursor.folded_until = events[-1]["id"]
                events_cursor.save(update_fields=["folded_until"])
            if ratings:
                ratings_cursor.folded_until = ratings[-1]["id"]
                ratings_cursor.save(update_fields=["folded_until"])
            folded += len(events) + len(ratings)


# --- the rebuild ------------------------------------------------------------------------


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _windows(start: dt.date, end: dt.date) -> Iterator[tuple[dt.date, dt.date]]:
    """[first, last] day ranges of at most a month covering start..end."""
    first = start
    while first <= end:
        last = min(
            end,
            (first.replace(day=1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1),
        )
        yield first, last
        first = last + dt.timedelta(days=1)


def _chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _span(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """The days to rebuild: the given ones, else every day with a row to count."""
    if start is not None and end is not None:
        return start, end
    firsts = [
        DossierEvent.objects.aggregate(first=Min("at"), last=Max("at")),
        Rating.objects.aggregate(first=Min("created_at"), last=Max("created_at")),
    ]
    days = [timezone.localdate(v) for row in firsts for v in row.values() if v is not None]
    if not days:
        return None
    return start or min(days), end or max(days)


@transaction.atomic
def reports_rebuild(*, start: dt.date | None = None, end: dt.date | None = None) -> int:
    """Recompute ``DailyFlow`` for the local days ``start``..``end`` (every day when
    not given) from the history and the ratings, up to where the fold has read: the
    rows are then exactly what folding would have made, and the next fold goes on
    from its cursor. Returns the rows written."""
    cursors = _cursors()
    span = _span(start, end)
    for model in (DailyFlow, OfficerDailyFlow):
        rows = model._default_manager.all()
        if start is not None:
            rows = rows.filter(day__gte=start)
        if end is not None:
            rows = rows.filter(day__lte=end)
        rows.delete()
    if span is None:
        return 0
    written = 0
    calendars = _Calendars()
    for first, last in _windows(*span):
        since, until = _local_midnight(first), _local_midnight(last + dt.timedelta(days=1))
        tally = Tally()
        events = (
            DossierEvent.objects.filter(
                id__lte=cursors[EVENTS].folded_until,
                at__gte=since,
                at__lt=until,
                action__in=_COUNTED,
            )
            .order_by("id")
            .values(*_EVENT_COLUMNS)
        )
        for chunk in _chunks(events.iterator(chunk_size=FOLD_BATCH), FOLD_BATCH):
            _events_tally(chunk, tally, calendars)
        ratings = (
            Rating.objects.filter(
                id__lte=cursors[RATINGS].folded_until, created_at__gte=since, created_at__lt=until
            )
            .order_by("id")
            .values(*_RATING_COLUMNS)
        )
        _ratings_tally(list(ratings.iterator(chunk_size=FOLD_BATCH)), tally)
        _insert(tally)
        written += len(tally.flows) + len(tally.officers)
    return written
