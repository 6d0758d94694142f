"""The processing inbox (project issue 4, point 4): the steps an officer works on now,
theirs or their unit's (a leader: their agency's), most urgent step first, each judged
against its own due time (DOMAIN.md §2.4: each step has its budget).

The list is ``selectors.dossier_list_for_user`` (the API's filters and visibility, in
SQL) narrowed to dossiers whose active step is mine or my unit's, joined to that one
active task (``task_one_active``: at most one row a dossier) for its due time. Also
here: the officers who may hold a step (the assign select) and a dossier's file for an
officer who may see the dossier.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from motcua.accounts.constants import RoleCode
from motcua.accounts.models import User
from motcua.agencies.models import Agency, StaffAssignment
from motcua.agencies.selectors import main_one_stop_unit_for
from motcua.calendar import engine
from motcua.calendar.selectors import working_calendar_for
from motcua.catalog.models import Procedure
from motcua.core.exceptions import NotFoundError
from motcua.dossiers.models import Dossier, DossierFile
from motcua.workflow.constants import TaskStatus
from motcua.workflow.models import Task
from motcua.workflow.permissions import posts_of
from motcua.workflow.selectors import dossier_get_for_user, dossier_list_for_user

_AGENCY_ROLES = (RoleCode.SPECIALIST, RoleCode.UNIT_HEAD, RoleCode.LEADER)


class Urgency(enum.StrEnum):
    """How a step stands against its due time, as the inbox colours it."""

    EARLY = "early"  # trước hạn
    DUE = "due"  # đến hạn hôm nay
    LATE = "late"  # quá hạn
    PAUSED = "paused"  # the clock waits for the applicant (DOMAIN.md §4)


URGENCY_LABELS = {
    Urgency.EARLY: "Trước hạn",
    Urgency.DUE: "Đến hạn hôm nay",
    Urgency.LATE: "Quá hạn",
    Urgency.PAUSED: "Tạm dừng (chờ người nộp)",
}


@dataclass(frozen=True)
class InboxScope:
    """Where "my unit's" work is: the units named by the officer's posts, and the
    agencies of posts that name no unit (a leader, an agency-wide unit head). A post in
    a unit also reaches the steps its agency gives to no unit, when the step asks for
    no role or for the post's role (``permissions._works_current_task``: whoever holds
    the step's role there may take it): ``unitless`` holds those (agency, role) pairs."""

    units: frozenset[int]
    agencies: frozenset[int]
    unitless: frozenset[tuple[int, str]] = frozenset()

    @property
    def empty(self) -> bool:
        return not self.units and not self.agencies


def inbox_scope(*, user: Any) -> InboxScope:
    units: set[int] = set()
    agencies: set[int] = set()
    unitless: set[tuple[int, str]] = set()
    for post in posts_of(user):
        if post.role not in _AGENCY_ROLES:
            continue
        if post.unit_id is not None:
            units.add(post.unit_id)
            unitless.add((post.agency_id, post.role))
        else:
            agencies.add(post.agency_id)
    return InboxScope(
        units=frozenset(units), agencies=frozenset(agencies), unitless=frozenset(unitless)
    )


def _unit_tab_q(scope: InboxScope) -> Q:
    where = Q(tasks__unit_id__in=scope.units) | Q(tasks__agency_id__in=scope.agencies)
    roles: dict[int, set[str]] = {}
    for agency_id, role in scope.unitless:
        roles.setdefault(agency_id, set()).add(role)
    for agency_id, held in sorted(roles.items()):
        where |= Q(
            tasks__agency_id=agency_id,
            tasks__unit_id__isnull=True,
            tasks__one_stop_unit_id__isnull=True,
        ) & (Q(tasks__role__isnull=True) | Q(tasks__role__code__in=sorted(held)))
    return where


def inbox_list(
    *,
    user: Any,
    mine: bool,
    status: str | None = None,
    procedure_code: str | None = None,
    overdue: bool = False,
    now: dt.datetime | None = None,
) -> QuerySet[Dossier]:
    """The dossiers whose active step is the officer's (``mine``) or their unit's or
    agency's, annotated with that step's ``step_due`` and ``step_agency_id``, soonest
    due first. ``overdue``: only steps whose due time has passed (paused ones aside:
    their due time moves on when the applicant answers)."""
    now = now or timezone.now()
    queryset = dossier_list_for_user(
        user=user,
        status=status,
        procedure_code=procedure_code,
        assigned_to_me=mine,
        active_only=True,
        now=now,
    )
    if mine:
        # current_assignee mirrors the active task's assignee (services._point_at).
        step = Q(tasks__status=TaskStatus.ACTIVE)
    else:
        scope = inbox_scope(user=user)
        if scope.empty:
            return queryset.none()
        step = Q(tasks__status=TaskStatus.ACTIVE) & _unit_tab_q(scope)
    # One filter() call, then the annotations: the same join to the one active task.
    queryset = queryset.filter(step).annotate(
        step_due=F("tasks__due_at"), step_agency_id=F("tasks__agency_id")
    )
    if overdue:
        queryset = queryset.filter(step_due__lt=now, paused_at__isnull=True)
    return queryset.order_by(
        F("step_due").asc(nulls_last=True), F("appointment_at").asc(nulls_last=True), "pk"
    )


def working_day_end(*, user: Any, now: dt.datetime | None = None) -> dt.datetime:
    """The moment "today" ends for the officer's work: the opening of the next working
    day on their agency's working calendar (DOMAIN.md §11), in Asia/Ho_Chi_Minh. A step
    due before it is due today: no working time is left between today's closing and
    that opening, so a due time the engine placed there is today's too."""
    now = now or timezone.now()
    posts = posts_of(user)
    unit = None
    if posts:
        agency = Agency.objects.select_related("one_stop_unit").get(pk=posts[0].agency_id)
        unit = main_one_stop_unit_for(agency=agency)
    calendar = working_calendar_for(unit)
    local = timezone.localtime(now, calendar.tz)
    tomorrow = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(), calendar.tz)
    return engine.next_opening(tomorrow, calendar)


def urgency(
    *, due: dt.datetime | None, paused: bool, now: dt.datetime, day_end: dt.datetime
) -> Urgency:
    if paused:
        return Urgency.PAUSED
    if due is None:
        return Urgency.EARLY
    if due < now:
        return Urgency.LATE
    if due <= day_end:
        return Urgency.DUE
    return Urgency.EARLY


def inbox_procedures(*, user: Any) -> list[tuple[str, str]]:
    """(code, name) of the procedures the officer's agencies decide, for the filter."""
    agencies = {post.agency_id for post in posts_of(user) if post.role in _AGENCY_ROLES}
    return list(
        Procedure.objects.filter(versions__agencies__in=agencies)
        .order_by("name", "code")
        .values_list("code", "name")
        .distinct()
    )


def step_holders(*, task: Task) -> QuerySet[User]:
    """The officers who may hold ``task`` (services._assignee_check): a specialist, unit
    head or leader of its agency, or whoever holds its role there; a counter officer
    of its one-stop unit for a step at the counter."""
    roles: list[str] = list(_AGENCY_ROLES)
    if task.role is not None:
        roles.append(task.role.code)
    holds = Q(role__code__in=roles, agency_id=task.agency_id)
    if task.one_stop_unit_id is not None:
        holds |= Q(role__code=RoleCode.COUNTER_OFFICER) & (
            Q(one_stop_unit_id=task.one_stop_unit_id)
            | Q(one_stop_unit__isnull=True, agency_id=task.agency_id)
        )
    holders = StaffAssignment.objects.filter(holds, is_active=True, agency__is_active=True).values(
        "user_id"
    )
    return User.objects.filter(pk__in=holders, is_active=True).order_by("full_name", "username")


def dossier_file_get_for_user(*, user: Any, code: str, file_id: int) -> DossierFile:
    """A file of the dossier ``code`` if ``user`` may see the dossier; otherwise, or
    when the file belongs to another dossier, not found (nothing learnt)."""
    dossier = dossier_get_for_user(user=user, code=code)
    found = DossierFile.objects.filter(pk=file_id, component__dossier=dossier).first()
    if found is None:
        raise NotFoundError("Không tìm thấy tệp (file not found).", code="file_not_found")
    return found
