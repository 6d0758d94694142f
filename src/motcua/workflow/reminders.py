"""Officer reminders, late steps, apology prompts and the leaders' daily digest (issue 6
§4; seed 001: "whichever step is slow, the leader reminds the officer by text message";
DOMAIN.md §2.4, §2.5, §4).

Three watches, each a threshold on a due time, with one set of rules:

- **step due soon** (``AlertKind.STEP_DUE_SOON``): a running step with at most
  ``REMIND_DUE_WITHIN_WORKING_HOURS`` working hours left reminds its officer (nobody
  assigned: the heads of its unit, who assign). A step that *starts* with that little
  time left is announced when it is handed over, not reminded later (see below);
- **step late** (``STEP_LATE``): a running step past its due time is reported to the
  head of the step's unit (``step_heads``);
- **apology due** (``APOLOGY_DUE``): from ``APOLOGY_PROMPT_WORKING_HOURS`` working hours
  before the appointment (one working day: "at least 1 day before the deadline", Lai
  Châu 2025, DOMAIN.md §2.5), a dossier that will miss it prompts the leaders of the
  deciding agency (and of the liên thông agency at work) to issue Mẫu 04. "Will miss":
  still undecided and its current step is late, or the steps left cannot fit before
  the appointment (``_will_miss``).

The clock only runs for dossiers received or in progress (or waiting for a payment when
payment does not pause it): a paused dossier is not watched; its due times move on when
it resumes (``services._shift_for_pause``), and the resuming event checks it again.

Found two ways:

- ``deadlines_check``, at every dossier event (``messages.dossier_event_notify``): the
  dossier's running step and appointment as the event leaves them. It covers what the
  event itself changed: a step handed over with little time left, a late step found at
  a pause, an appointment moved by a pause.
- ``deadline_sweep``, every ``DEADLINE_SWEEP_EVERY_SECONDS``: what time alone changed.
  Each watch keeps a watermark (``SweepState``) and reads only the rows whose due time
  lies between it and the run's horizon (now; now plus the reminder or prompt lead on
  the working calendar), through the partial index ``task_active_due`` and the dossier
  index ``dossier_status_appointment``: the cost follows what fell due since the last
  run, not the number of open dossiers (docs/benchmarks.md).

Each finding is one ``DeadlineAlert`` row, unique per step (or per dossier and
appointment). The event check writes it and tells its people in the event's
transaction. The sweep only writes it, in a short transaction that holds the watermark
rows (two sweeps never run at once) and locks the dossiers found with SKIP LOCKED (an
officer's action on one is never waited for; it is read again next run);
``deadline_alerts_tell`` then tells, in batches several workers share. Messages are
keyed by the finding: running twice, two workers at once, or a sweep beside an event,
nothing is told twice. ``deadline_watch`` (the periodic job) runs both.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from motcua.accounts.constants import RoleCode
from motcua.agencies.models import Agency, OneStopUnit, StaffAssignment
from motcua.agencies.selectors import main_one_stop_unit_for, province_of
from motcua.calendar import engine
from motcua.calendar.engine import WorkingCalendar
from motcua.calendar.selectors import working_calendar_for
from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.notifications.constants import TemplateKey
from motcua.notifications.services import person_notify
from motcua.workflow.constants import AlertKind, TaskStatus
from motcua.workflow.models import DeadlineAlert, SweepState, Task

logger = logging.getLogger(__name__)

# Statuses whose clock may run (DOMAIN.md §4): a dossier waiting for the applicant has
# ``paused_at`` set and is left out by that.
CLOCK_STATUSES = (
    DossierStatus.RECEIVED,
    DossierStatus.IN_PROGRESS,
    DossierStatus.AWAITING_PAYMENT,
)
# Statuses in which an apology with a new date may still be issued (transitions.py).
RESCHEDULABLE = (DossierStatus.RECEIVED, DossierStatus.IN_PROGRESS)

# Each run re-reads this much before its watermark: a change committed just after the
# previous run read the table, with a due time just before that run's "now", is still
# seen (already-found rows are left out by their alert).
SWEEP_OVERLAP = dt.timedelta(minutes=1)
_TICK = dt.timedelta(microseconds=1)
# The watches, in the order the sweep and the event check alike write their alerts.
WATCHES = (AlertKind.STEP_LATE, AlertKind.STEP_DUE_SOON, AlertKind.APOLOGY_DUE)
DIGEST_LINES = 10
# Alerts told per transaction by ``deadline_alerts_tell``.
TELL_BATCH = 200


def office_url(code: str = "") -> str:
    """Where an officer opens a dossier, or their desk (the office UI of the staff
    issue: ``/office/``)."""
    desk = f"{settings.PUBLIC_BASE_URL}/office/"
    return f"{desk}ho-so/{code}/" if code else desk


def when(moment: dt.datetime | None) -> str:
    """A moment as messages print it, in Vietnamese time: "08:00 09/03/2026"."""
    return "" if moment is None else timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def working_duration(hours: Decimal) -> str:
    """Working time as words: "1 ngày 2 giờ 30 phút làm việc" (8 hours a day)."""
    minutes = int(hours * 60)
    if minutes < 1:
        return "chưa đến 1 phút làm việc"
    days, rest = divmod(minutes, int(engine.WORKING_DAY_HOURS) * 60)
    parts = [
        f"{value} {unit}"
        for value, unit in ((days, "ngày"), (rest // 60, "giờ"), (rest % 60, "phút"))
        if value
    ]
    return " ".join(parts) + " làm việc"


# --- lookups -------------------------------------------------------------------------


class _Lookups:
    """What one sweep or check reads once: working calendars and who holds which post.

    A step works on its agency's calendar (its main one-stop unit's, else the dossier's
    receiving unit's), as ``services._Calendars`` counts its due time; an appointment
    on the receiving unit's."""

    def __init__(self) -> None:
        self._by_unit: dict[int, WorkingCalendar] = {}
        self._main_unit: dict[int, OneStopUnit | None] = {}
        self._in_use: list[WorkingCalendar] | None = None
        self._holders: dict[tuple[Any, ...], list[Any]] = {}

    def holders(self, role: str, agency_id: int, **scope: Any) -> list[Any]:
        """Active staff holding ``role`` at the agency (within ``scope``), by id."""
        key = (role, agency_id, *sorted(scope.items()))
        if key not in self._holders:
            rows = StaffAssignment.objects.filter(
                role__code=role,
                agency_id=agency_id,
                is_active=True,
                agency__is_active=True,
                user__is_active=True,
                **scope,
            ).select_related("user")
            people: dict[int, Any] = {}
            for row in rows.order_by("user_id"):
                people.setdefault(row.user_id, row.user)
            self._holders[key] = list(people.values())
        return self._holders[key]

    def for_unit(self, unit_id: int) -> WorkingCalendar:
        if unit_id not in self._by_unit:
            unit = OneStopUnit.objects.select_related("administrative_unit__parent__parent")
            self._by_unit[unit_id] = working_calendar_for(unit.get(pk=unit_id))
        return self._by_unit[unit_id]

    def for_agency(self, agency_id: int, *, fallback_unit_id: int | None) -> WorkingCalendar:
        if agency_id not in self._main_unit:
            agency = Agency.objects.get(pk=agency_id)
            self._main_unit[agency_id] = main_one_stop_unit_for(agency=agency)
        unit = self._main_unit[agency_id]
        unit_id = unit.pk if unit is not None else fallback_unit_id
        return self.for_unit(unit_id) if unit_id is not None else working_calendar_for()

    def for_task(self, task: Task) -> WorkingCalendar:
        return self.for_agency(task.agency_id, fallback_unit_id=task.dossier.receiving_unit_id)

    def in_use(self) -> list[WorkingCalendar]:
        """The distinct calendars of the active one-stop units (office hours and
        province): a sweep's horizon is the furthest any of them reaches."""
        if self._in_use is None:
            found: dict[tuple[Any, ...], WorkingCalendar] = {}
            units = OneStopUnit.objects.filter(is_active=True).select_related(
                "administrative_unit__parent__parent"
            )
            for unit in units:
                division = unit.administrative_unit
                province = province_of(unit=division) if division is not None else None
                key = (
                    unit.morning_start,
                    unit.morning_end,
                    unit.afternoon_start,
                    unit.afternoon_end,
                    unit.saturday_morning,
                    province.pk if province is not None else None,
                )
                if key not in found:
                    found[key] = working_calendar_for(unit, province=province)
            self._in_use = list(found.values()) or [working_calendar_for()]
        return self._in_use

    def horizon(self, now: dt.datetime, hours: int) -> dt.datetime:
        return max(
            engine.add_working_time(now, hours, calendar=calendar) for calendar in self.in_use()
        )


# --- who is told ---------------------------------------------------------------------


def step_heads(task: Task, lookups: _Lookups | None = None) -> list[Any]:
    """Who answers for a step (seed 001: the leader chases the slow step): the unit
    heads of the step's unit; else the unit heads of its agency (or one-stop unit)
    without a unit; else the agency's leaders."""
    lookups = lookups or _Lookups()
    if task.unit_id is not None:
        heads = lookups.holders(RoleCode.UNIT_HEAD, task.agency_id, unit_id=task.unit_id)
        if heads:
            return heads
    heads = lookups.holders(
        RoleCode.UNIT_HEAD,
        task.agency_id,
        unit__isnull=True,
        **(
            {"one_stop_unit_id": task.one_stop_unit_id}
            if task.one_stop_unit_id is not None
            else {"one_stop_unit__isnull": True}
        ),
    )
    return heads or lookups.holders(RoleCode.LEADER, task.agency_id)


def _who_takes(task: Task, lookups: _Lookups) -> list[Any]:
    """Who acts on a step nobody is assigned to: the holders of its role when it is a
    leader's or unit head's step (any of them may take it), else those who assign."""
    if task.role is not None and task.role.code in (RoleCode.LEADER, RoleCode.UNIT_HEAD):
        holders = lookups.holders(task.role.code, task.agency_id)
        if holders:
            return holders
    return step_heads(task, lookups)


def apology_leaders(
    dossier: Dossier, task: Task | None, lookups: _Lookups | None = None
) -> list[Any]:
    """The leaders who may sign Mẫu 04 (DOMAIN.md §2.5): of the deciding agency, and of
    the liên thông agency the dossier is at when that is another (the agency that
    caused the delay issues the apology)."""
    lookups = lookups or _Lookups()
    leaders = list(lookups.holders(RoleCode.LEADER, dossier.deciding_agency_id))
    if task is not None and task.participant_id and task.agency_id != dossier.deciding_agency_id:
        known = {user.pk for user in leaders}
        leaders += [
            u for u in lookups.holders(RoleCode.LEADER, task.agency_id) if u.pk not in known
        ]
    return leaders


def _tell(
    user: Any, *, event_key: str, template: str, context: dict[str, Any], code: str, at: dt.datetime
) -> int:
    return len(
        person_notify(
            event_key=event_key,
            template=template,
            context=context,
            user=user,
            reference=code,
            at=at,
        )
    )


def _step_context(task: Task) -> dict[str, Any]:
    dossier = task.dossier
    return {
        "code": dossier.code,
        "procedure": dossier.procedure.name,
        "office_url": office_url(dossier.code),
        "step": task.name,
        "due_at": when(task.due_at),
        "officer_name": _name(task.assignee) if task.assignee_id else "chưa phân công",
    }


def _name(user: Any) -> str:
    return str(user.full_name or user.username)


def _tell_due_soon(alert: DeadlineAlert, at: dt.datetime, lookups: _Lookups) -> int:
    task = alert.task
    assert task is not None  # noqa: S101 (a step alert has its step; for the type checker)
    people = [task.assignee] if task.assignee_id else _who_takes(task, lookups)
    context = _step_context(task)
    return sum(
        _tell(
            person,
            event_key=f"step-due-soon:{task.pk}",
            template=TemplateKey.STEP_DUE_SOON,
            context={**context, "officer_name": _name(person)},
            code=task.dossier.code,
            at=at,
        )
        for person in people
    )


def _tell_late(alert: DeadlineAlert, at: dt.datetime, lookups: _Lookups) -> int:
    task = alert.task
    assert task is not None  # noqa: S101 (a step alert has its step; for the type checker)
    late = engine.working_time_between(
        alert.due_at, alert.found_at, calendar=lookups.for_task(task)
    )
    context = {**_step_context(task), "late_by": working_duration(late)}
    return sum(
        _tell(
            head,
            event_key=f"step-late:{task.pk}",
            template=TemplateKey.STEP_LATE,
            context={**context, "head_name": _name(head)},
            code=task.dossier.code,
            at=at,
        )
        for head in step_heads(task, lookups)
    )


def _tell_apology(
    alert: DeadlineAlert, task: Task | None, at: dt.datetime, lookups: _Lookups
) -> int:
    dossier = alert.dossier
    context = {
        "code": dossier.code,
        "procedure": dossier.procedure.name,
        "office_url": office_url(dossier.code),
        "appointment": when(alert.due_at),
    }
    return sum(
        _tell(
            leader,
            event_key=f"apology-prompt:{alert.pk}",
            template=TemplateKey.APOLOGY_PROMPT,
            context={**context, "leader_name": _name(leader)},
            code=dossier.code,
            at=at,
        )
        for leader in apology_leaders(dossier, task, lookups)
    )


# --- rules ---------------------------------------------------------------------------


def _clock_running() -> QuerySet[Task]:
    """Steps whose clock runs: active, of a dossier received or in progress, not
    paused for the applicant."""
    return Task.objects.filter(
        status=TaskStatus.ACTIVE,
        dossier__status__in=CLOCK_STATUSES,
        dossier__paused_at__isnull=True,
    )


def _not_alerted(kind: AlertKind) -> Q:
    return ~Q(Exists(DeadlineAlert.objects.filter(kind=kind, task=OuterRef("pk"))))


def _will_miss(
    dossier: Dossier, task: Task | None, now: dt.datetime, calendar: WorkingCalendar
) -> bool:
    """Whether the dossier will miss its appointment: its current step is late, or the
    steps left (their budgets, from when the current one is due) end after it."""
    appointment = dossier.appointment_at
    if appointment is None:
        return False
    start = now
    if task is not None and task.due_at is not None:
        if task.due_at < now:
            return True
        start = task.due_at
    left = Task.objects.filter(dossier=dossier, status=TaskStatus.PENDING).aggregate(
        total=Sum("budget")
    )["total"]
    if not left:
        return start > appointment
    finish = engine.due_at(
        start, value=left, unit=dossier.version.time_limit_unit, calendar=calendar
    )
    return finish > appointment


def _alerts_create(alerts: Sequence[DeadlineAlert]) -> list[DeadlineAlert]:
    """Write the alerts; those another transaction wrote first (an event beside the
    sweep) are left out of the result."""
    if not alerts:
        return []
    try:
        with transaction.atomic():
            return DeadlineAlert.objects.bulk_create(alerts)
    except IntegrityError:
        created = []
        for alert in alerts:
            alert.pk = None
            try:
                with transaction.atomic():
                    alert.save(force_insert=True)
            except IntegrityError:
                continue
            created.append(alert)
        return created


def _apology_alert(dossier: Dossier, at: dt.datetime, *, told: bool) -> DeadlineAlert:
    assert dossier.appointment_at is not None  # noqa: S101 (selected on it)
    return DeadlineAlert(
        kind=AlertKind.APOLOGY_DUE,
        dossier=dossier,
        agency_id=dossier.deciding_agency_id,
        due_at=dossier.appointment_at,
        found_at=at,
        notified_at=at if told else None,
    )


def _step_alert(kind: AlertKind, task: Task, at: dt.datetime, *, told: bool) -> DeadlineAlert:
    assert task.due_at is not None  # noqa: S101 (running steps have a due time)
    return DeadlineAlert(
        kind=kind,
        dossier=task.dossier,
        task=task,
        agency_id=task.agency_id,
        due_at=task.due_at,
        found_at=at,
        notified_at=at if told else None,
    )


# --- at each dossier event -----------------------------------------------------------


def deadlines_check(*, dossier: Dossier, at: dt.datetime, actor: Any) -> int:
    """The dossier's running step and appointment as an event leaves them (called in
    the event's transaction, the dossier row locked). Returns the messages written.

    - its step is past due: reported late (the clock stops at a pause, so a step late
      when the dossier paused is reported then, and one due during the pause is not);
    - its step has at most the reminder lead left: its officer is told now, unless the
      officer is the one acting (they took it with its due time in view);
    - in the prompt lead before the appointment and it will miss it: the leaders.
    """
    # A supplement asked at appraisal pauses the dossier: its step is still checked as
    # the clock stood at the pause.
    if dossier.status not in (*CLOCK_STATUSES, DossierStatus.AWAITING_SUPPLEMENT):
        return 0
    task = (
        Task.objects.filter(dossier=dossier, status=TaskStatus.ACTIVE)
        .select_related(
            "dossier__procedure", "dossier__receiving_unit", "agency", "assignee", "unit", "role"
        )
        .first()
    )
    lookups = _Lookups()
    told = 0
    clock = dossier.paused_at or at
    if task is not None and task.due_at is not None:
        existing = {
            alert.kind: alert for alert in DeadlineAlert.objects.filter(task=task).order_by("pk")
        }
        if task.due_at < clock:
            if AlertKind.STEP_LATE not in existing:
                for alert in _alerts_create(
                    [_step_alert(AlertKind.STEP_LATE, task, at, told=True)]
                ):
                    told += _tell_late(alert, at, lookups)
        elif (
            dossier.paused_at is None
            and task.assignee_id != getattr(actor, "pk", None)
            and engine.working_time_between(at, task.due_at, calendar=lookups.for_task(task))
            <= settings.REMIND_DUE_WITHIN_WORKING_HOURS
        ):
            # Found now, or found before and the step has changed hands since: whoever
            # has it now is told (once each: the message key is the step's).
            soon = existing.get(AlertKind.STEP_DUE_SOON)
            found = (
                [soon]
                if soon
                else _alerts_create([_step_alert(AlertKind.STEP_DUE_SOON, task, at, told=True)])
            )
            for alert in found:
                alert.task = task
                told += _tell_due_soon(alert, at, lookups)
    if (
        dossier.status in RESCHEDULABLE
        and dossier.paused_at is None
        and dossier.reschedule_count == 0
        and dossier.appointment_at is not None
        and dossier.appointment_at > at
        and not DeadlineAlert.objects.filter(
            kind=AlertKind.APOLOGY_DUE, dossier=dossier, due_at=dossier.appointment_at
        ).exists()
        and apology_due(dossier=dossier, task=task, now=at, lookups=lookups)
    ):
        for alert in _alerts_create([_apology_alert(dossier, at, told=True)]):
            told += _tell_apology(alert, task, at, lookups)
    return told


def apology_due(
    *, dossier: Dossier, task: Task | None, now: dt.datetime, lookups: _Lookups | None = None
) -> bool:
    """The rule of the "apology due" watch for one dossier (DOMAIN.md §2.5): it may
    still be rescheduled, its clock runs, the appointment is ahead by at most
    ``APOLOGY_PROMPT_WORKING_HOURS`` working hours, and it will miss it. The event check
    applies it; the office's dossier page proposes Mẫu 04 by it."""
    appointment = dossier.appointment_at
    if (
        dossier.status not in RESCHEDULABLE
        or dossier.reschedule_count
        or dossier.paused_at is not None
        or appointment is None
        or appointment <= now
    ):
        return False
    calendar = (lookups or _Lookups()).for_unit(dossier.receiving_unit_id)
    left = engine.working_time_between(now, appointment, calendar=calendar)
    return left <= settings.APOLOGY_PROMPT_WORKING_HOURS and _will_miss(
        dossier, task, now, calendar
    )


# --- the sweep -----------------------------------------------------------------------


@dataclass
class SweepResult:
    """What one run found (new alerts) and the messages telling them wrote."""

    late: int = 0
    due_soon: int = 0
    apology: int = 0
    messages: int = 0


def _states_locked(now: dt.datetime) -> dict[str, SweepState]:
    """The watermark rows, locked until the sweep's transaction ends: a second sweep
    waits here, then starts from where the first stopped. A watch's first run starts
    at ``now`` (what was already late then is in the leaders' digest, not told one by
    one)."""
    for name in WATCHES:
        SweepState.objects.get_or_create(name=name, defaults={"swept_until": now, "ran_at": now})
    rows = SweepState.objects.select_for_update().filter(name__in=WATCHES).order_by("name")
    return {row.name: row for row in rows}


def deadline_watch(
    *, now: dt.datetime | None = None, budget_seconds: float | None = None
) -> SweepResult:
    """The periodic job: sweep, then tell the people of every alert still untold (this
    run's, and any a stopped worker left), in batches of ``TELL_BATCH``, until none is
    left or ``budget_seconds`` is spent (the next run carries on)."""
    result = deadline_sweep(now=now)
    deadline = None if budget_seconds is None else time.monotonic() + budget_seconds
    while True:
        alerts, messages = deadline_alerts_tell(now=now)
        result.messages += messages
        if alerts < TELL_BATCH or (deadline is not None and time.monotonic() >= deadline):
            return result


def deadline_sweep(*, now: dt.datetime | None = None) -> SweepResult:
    """Record what fell due since the previous run: one ``DeadlineAlert`` per finding,
    its people still to be told (``deadline_alerts_tell``). Only records, so its
    transaction, which holds the watermarks, stays short whatever the number found."""
    now = now or timezone.now()
    result = SweepResult()
    lookups = _Lookups()
    with transaction.atomic():
        states = _states_locked(now)
        late = _sweep_late(states[AlertKind.STEP_LATE], now, result)
        _sweep_due_soon(states[AlertKind.STEP_DUE_SOON], now, lookups, result)
        _sweep_apology(states[AlertKind.APOLOGY_DUE], now, lookups, result, late)
        for state in states.values():
            state.ran_at = now
            state.save(update_fields=["swept_until", "ran_at"])
    logger.info(
        "deadline sweep",
        extra={"late": result.late, "due_soon": result.due_soon, "apology": result.apology},
    )
    return result


def deadline_alerts_tell(
    *, now: dt.datetime | None = None, limit: int | None = None
) -> tuple[int, int]:
    """Tell the people of up to ``limit`` alerts not yet told, oldest first, and mark
    them told, in one transaction. Concurrent workers take disjoint batches (``SKIP
    LOCKED``); a batch a stopped worker left is taken again, and its messages already
    written are not written twice (their keys). Returns (alerts, messages written)."""
    now = now or timezone.now()
    lookups = _Lookups()
    told = 0
    with transaction.atomic():
        alerts = list(
            DeadlineAlert.objects.filter(notified_at__isnull=True)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related(
                "task__dossier__procedure",
                "task__dossier__receiving_unit",
                "task__agency",
                "task__assignee",
                "task__unit",
                "task__role",
                "dossier__procedure",
            )
            .order_by("pk")[: limit or TELL_BATCH]
        )
        for alert in alerts:
            if alert.kind == AlertKind.STEP_LATE:
                told += _tell_late(alert, now, lookups)
            elif alert.kind == AlertKind.STEP_DUE_SOON:
                told += _tell_due_soon(alert, now, lookups)
            else:
                running = Task.objects.filter(
                    dossier_id=alert.dossier_id, status=TaskStatus.ACTIVE
                ).first()
                told += _tell_apology(alert, running, now, lookups)
        if alerts:
            DeadlineAlert.objects.filter(pk__in=[alert.pk for alert in alerts]).update(
                notified_at=now
            )
    return len(alerts), told


def _lock_dossiers(ids: Iterable[int]) -> set[int]:
    """Lock the dossiers about to be alerted, passing over those an officer's action
    holds right now; returns the ones locked. Without it the sweep's new alert (whose
    foreign key waits for the dossier row) and the action's (which waits for the
    sweep's, same step) would wait on each other. A dossier passed over holds the
    watermark back before its due time: the next run reads it again."""
    wanted = sorted(set(ids))
    if not wanted:
        return set()
    return set(
        Dossier.objects.select_for_update(skip_locked=True)
        .filter(pk__in=wanted)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _held(
    found: Iterable[tuple[int, int, dt.datetime | None]], locked: set[int]
) -> dt.datetime | None:
    """The earliest due time among the rows (id, dossier, due) whose dossier is busy."""
    return _earliest(*(due for _pk, dossier, due in found if dossier not in locked))


def _earliest(*moments: dt.datetime | None) -> dt.datetime | None:
    return min((moment for moment in moments if moment is not None), default=None)


def _sweep_late(state: SweepState, now: dt.datetime, result: SweepResult) -> list[int]:
    """Running steps whose due time passed since the last run; returns their dossiers.

    Read as plain values (tens of thousands after an outage cost no model objects). A
    step read here was running past its due time, so it was late even if an action
    closes it before the dossier is locked: no second read after locking."""
    found = list(
        _clock_running()
        .filter(due_at__gt=state.swept_until - SWEEP_OVERLAP, due_at__lte=now)
        .filter(_not_alerted(AlertKind.STEP_LATE))
        .order_by("due_at", "pk")
        .values_list("pk", "dossier_id", "due_at", "agency_id")
    )
    locked = _lock_dossiers(dossier for _pk, dossier, _due, _agency in found)
    alerts = _alerts_create(
        [
            DeadlineAlert(
                kind=AlertKind.STEP_LATE,
                dossier_id=dossier,
                task_id=pk,
                agency_id=agency,
                due_at=due,
                found_at=now,
            )
            for pk, dossier, due, agency in found
            if dossier in locked and due is not None  # (selected on it; for the type checker)
        ]
    )
    result.late = len(alerts)
    held = _earliest(*(due for _pk, dossier, due, _agency in found if dossier not in locked))
    state.swept_until = held - _TICK if held else max(state.swept_until, now)
    return [alert.dossier_id for alert in alerts]


def _sweep_due_soon(
    state: SweepState, now: dt.datetime, lookups: _Lookups, result: SweepResult
) -> None:
    """Running steps whose due time came within the reminder lead since the last run.
    The window reaches the furthest horizon of the calendars in use; a step that is
    not yet within the lead on its own calendar holds the watermark back before it."""
    hours = settings.REMIND_DUE_WITHIN_WORKING_HOURS
    horizon = lookups.horizon(now, hours)
    window = (
        _clock_running()
        .filter(due_at__gt=max(state.swept_until - SWEEP_OVERLAP, now), due_at__lte=horizon)
        .filter(_not_alerted(AlertKind.STEP_DUE_SOON))
    )
    found = list(window.order_by("due_at", "pk").values_list("pk", "dossier_id", "due_at"))
    locked = _lock_dossiers(dossier for _pk, dossier, _due in found)
    held = _held(found, locked)
    # Read again once locked: an action may have moved the step on meanwhile.
    rows = window.filter(pk__in=[pk for pk, dossier, _due in found if dossier in locked])
    alerts = []
    for pk, dossier, agency, unit, due, started in rows.order_by("due_at", "pk").values_list(
        "pk", "dossier_id", "agency_id", "dossier__receiving_unit_id", "due_at", "started_at"
    ):
        if due is None or started is None:  # selected on them (for the type checker)
            continue
        calendar = lookups.for_agency(agency, fallback_unit_id=unit)
        if engine.working_time_between(now, due, calendar=calendar) > hours:
            held = _earliest(held, due)
            continue
        if engine.working_time_between(started, due, calendar=calendar) <= hours:
            continue  # started with little time left: told at its start (deadlines_check)
        alerts.append(
            DeadlineAlert(
                kind=AlertKind.STEP_DUE_SOON,
                dossier_id=dossier,
                task_id=pk,
                agency_id=agency,
                due_at=due,
                found_at=now,
            )
        )
    result.due_soon = len(_alerts_create(alerts))
    state.swept_until = min(horizon, held - _TICK) if held else max(horizon, state.swept_until)


def _sweep_apology(
    state: SweepState,
    now: dt.datetime,
    lookups: _Lookups,
    result: SweepResult,
    late: list[int],
) -> None:
    """Dossiers whose appointment came within the prompt lead since the last run, and
    those of the steps found late now (locked already) whose appointment is within
    reach, if they will miss it."""
    lead = settings.APOLOGY_PROMPT_WORKING_HOURS
    horizon = lookups.horizon(now, lead)
    open_ = (
        Dossier.objects.filter(
            status__in=RESCHEDULABLE,
            reschedule_count=0,
            paused_at__isnull=True,
            appointment_at__gt=now,
            appointment_at__lte=horizon,
        )
        .exclude(
            Exists(
                DeadlineAlert.objects.filter(
                    kind=AlertKind.APOLOGY_DUE,
                    dossier=OuterRef("pk"),
                    due_at=OuterRef("appointment_at"),
                )
            )
        )
        .select_related("procedure", "version")
    )
    window = open_.filter(appointment_at__gt=state.swept_until - SWEEP_OVERLAP)
    found = list(window.order_by("appointment_at", "pk").values_list("pk", "pk", "appointment_at"))
    locked = _lock_dossiers(pk for pk, _pk, _due in found)
    held = _held(found, locked)
    entering = list(window.filter(pk__in=locked).order_by("appointment_at", "pk"))
    seen = {dossier.pk for dossier in entering}
    behind = [pk for pk in late if pk not in seen]
    candidates = entering + (list(open_.filter(pk__in=behind).order_by("pk")) if behind else [])
    running = {
        task.dossier_id: task
        for task in Task.objects.filter(
            dossier__in=[d.pk for d in candidates], status=TaskStatus.ACTIVE
        )
    }
    alerts = []
    for dossier in candidates:
        assert dossier.appointment_at is not None  # noqa: S101 (selected on it)
        calendar = lookups.for_unit(dossier.receiving_unit_id)
        if engine.working_time_between(now, dossier.appointment_at, calendar=calendar) > lead:
            if dossier.pk in seen:
                held = _earliest(held, dossier.appointment_at)
            continue
        if _will_miss(dossier, running.get(dossier.pk), now, calendar):
            alerts.append(_apology_alert(dossier, now, told=False))
    result.apology = len(_alerts_create(alerts))
    state.swept_until = min(horizon, held - _TICK) if held else max(horizon, state.swept_until)


# --- the leaders' daily digest -------------------------------------------------------


@dataclass
class Digest:
    """Counts of a leader's dossiers, and the first few of them, one line each."""

    due_today: int
    late: int
    at_risk: int
    lines: list[str]

    def empty(self) -> bool:
        return not (self.due_today or self.late or self.at_risk)


def leader_digest_for(*, agency_ids: Iterable[int], now: dt.datetime) -> Digest:
    """What a leader of these agencies should know at the start of the day, about the
    dossiers the agencies decide or work on now:

    - late: the appointment has passed and the result is not at the one-stop unit yet
      (a paused dossier is not: its appointment moves on when it resumes);
    - at risk: undecided, the appointment still ahead, but the current step is late;
    - due today: the appointment later today, the result not in, and not at risk.

    Each dossier is in one group. Lines list the late first (most overdue first), then
    those at risk, then those due today, ``DIGEST_LINES`` at most.
    """
    ids = list(agency_ids)
    scope = Dossier.objects.filter(Q(deciding_agency_id__in=ids) | Q(current_agency_id__in=ids))
    running = Q(status__in=CLOCK_STATUSES, paused_at__isnull=True)
    waiting = running | Q(status=DossierStatus.DECIDED, result_ready_at__isnull=True)
    end_of_day = timezone.localtime(now).replace(hour=23, minute=59, second=59, microsecond=999999)
    behind = running & Q(
        Exists(
            Task.objects.filter(dossier=OuterRef("pk"), status=TaskStatus.ACTIVE, due_at__lt=now)
        )
    )
    ahead = scope.filter(appointment_at__gte=now)
    groups = (
        (scope.filter(waiting, appointment_at__lt=now), "quá hạn từ"),
        (ahead.filter(behind), "có nguy cơ trễ hẹn"),
        (ahead.filter(waiting, appointment_at__lte=end_of_day).exclude(behind), "đến hạn"),
    )
    counts = []
    lines: list[str] = []
    for rows, label in groups:
        counts.append(rows.count())
        room = DIGEST_LINES - len(lines)
        if room > 0:
            first = rows.order_by("appointment_at", "pk").values_list(
                "code", "appointment_at", "current_step_name"
            )[:room]
            lines += [
                f"- {code}: {label} {when(appointment)}" + (f", bước {step}" if step else "")
                for code, appointment, step in first
            ]
    if sum(counts) > len(lines):
        lines.append(f"… và {sum(counts) - len(lines)} hồ sơ khác")
    return Digest(due_today=counts[2], late=counts[0], at_risk=counts[1], lines=lines)


def leader_digest_send(*, now: dt.datetime | None = None) -> int:
    """The daily digest to every leader whose agencies have something due today, late
    or at risk; nothing on a day off of their agency's calendar. Once a day per leader
    (event key), however often it runs. Returns the messages written."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    lookups = _Lookups()
    agencies_of: dict[Any, set[int]] = defaultdict(set)
    people: dict[int, Any] = {}
    posts = StaffAssignment.objects.filter(
        role__code=RoleCode.LEADER, is_active=True, agency__is_active=True, user__is_active=True
    ).select_related("user", "agency")
    working: dict[int, bool] = {}
    for post in posts.order_by("user_id", "agency_id"):
        if post.agency_id not in working:
            calendar = lookups.for_agency(post.agency_id, fallback_unit_id=None)
            working[post.agency_id] = calendar.is_working_day(today)
        if working[post.agency_id]:
            agencies_of[post.user_id].add(post.agency_id)
            people[post.user_id] = post.user
    told = 0
    with transaction.atomic():
        for user_id, agency_ids in agencies_of.items():
            digest = leader_digest_for(agency_ids=agency_ids, now=now)
            if digest.empty():
                continue
            leader = people[user_id]
            told += _tell(
                leader,
                event_key=f"leader-digest:{leader.pk}:{today.isoformat()}",
                template=TemplateKey.LEADER_DIGEST,
                context={
                    "leader_name": _name(leader),
                    "date": today.strftime("%d/%m/%Y"),
                    "due_today": digest.due_today,
                    "late": digest.late,
                    "at_risk": digest.at_risk,
                    "details": "\n".join(digest.lines),
                    "office_url": office_url(),
                },
                code="",
                at=now,
            )
    return told
