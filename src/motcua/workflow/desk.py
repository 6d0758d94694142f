"""Reads of the leader's desk and the counter's returns (project issue 4, points 5 and
6), permission filtering in SQL (DESIGN.md, The one rule):

- ``decisions_waiting``: the dossiers whose running step is the decision and a leader
  of the officer's agency takes it (DOMAIN.md §2.4): a step held by the leader role, or
  the last step of the procedure (past it, only the decision is left);
- ``dossiers_late_or_at_risk``: every dossier of the leader's agency (deciding it, at
  it now, or taking part in liên thông) that is late (``selectors.late_q``) or at
  risk: the deadline watch found it will miss an appointment less than one working day
  ahead (``reminders``: the "apology due" alert of its current appointment, DOMAIN.md
  §2.5), with whether an apology was already issued;
- ``results_waiting``: results at the officer's one-stop unit not yet handed over
  (DOMAIN.md §2.7), oldest first.

Each returns one page (``DeskPage``); the rows of a page are read by id after a walk
of the list's index (``selectors.dossier_page``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Exists, OuterRef, Q, QuerySet

from motcua.accounts.constants import RoleCode
from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.workflow.constants import AlertKind, TaskStatus
from motcua.workflow.models import ApologyNotice, DeadlineAlert, Task
from motcua.workflow.permissions import posts_of
from motcua.workflow.reminders import RESCHEDULABLE
from motcua.workflow.selectors import _at_agencies, dossier_page, late_q

PAGE_SIZE = 25
_Row = TypeVar("_Row")


@dataclass(frozen=True)
class DeskPage(Generic[_Row]):
    rows: list[_Row]
    number: int
    total: int
    size: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number * self.size < self.total

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


def _page_number(page: int, total: int, size: int) -> int:
    last = max(1, -(-total // size))
    return min(max(1, page), last)


def leader_agency_ids(user: Any) -> set[int]:
    """The agencies where ``user`` holds the leader role (active posts)."""
    return {post.agency_id for post in posts_of(user) if post.role == RoleCode.LEADER}


def decisions_waiting(*, user: Any, page: int = 1, size: int = PAGE_SIZE) -> DeskPage[Task]:
    """Running decision steps of the leader's agencies, oldest due first: the step
    rows, with their dossier (the leader of the deciding agency decides,
    ``permissions.may(..., Action.DECIDE)``)."""
    agencies = leader_agency_ids(user)
    if not agencies:
        return DeskPage(rows=[], number=1, total=0, size=size)
    later = Task.objects.filter(dossier=OuterRef("dossier"), status=TaskStatus.PENDING)
    steps = (
        Task.objects.filter(
            status=TaskStatus.ACTIVE,
            agency_id__in=agencies,
            dossier__status=DossierStatus.IN_PROGRESS,
            dossier__deciding_agency_id__in=agencies,
        )
        .filter(Q(role__code=RoleCode.LEADER) | ~Q(Exists(later)))
        .order_by("due_at", "pk")
    )
    total = steps.count()
    number = _page_number(page, total, size)
    ids = list(steps.values_list("pk", flat=True)[(number - 1) * size : number * size])
    found = {
        task.pk: task
        for task in Task.objects.filter(pk__in=ids).select_related(
            "dossier__procedure", "dossier__deciding_agency", "assignee"
        )
    }
    return DeskPage(rows=[found[pk] for pk in ids], number=number, total=total, size=size)


def _at_risk_q(now: dt.datetime) -> Q:
    """Found at risk by the deadline watch for its current appointment, still ahead."""
    alert = DeadlineAlert.objects.filter(
        kind=AlertKind.APOLOGY_DUE, dossier=OuterRef("pk"), due_at=OuterRef("appointment_at")
    )
    return Q(
        Exists(alert), status__in=RESCHEDULABLE, paused_at__isnull=True, appointment_at__gt=now
    )


def late_or_at_risk_queryset(*, agency_ids: set[int], now: dt.datetime) -> QuerySet[Dossier]:
    """The late and at-risk dossiers of these agencies, most urgent (earliest
    appointment) first; each carries ``apology_issued``."""
    return (
        Dossier.objects.filter(_at_agencies(agency_ids, open_only=True))
        .filter(late_q(now) | _at_risk_q(now))
        .annotate(apology_issued=Exists(ApologyNotice.objects.filter(dossier=OuterRef("pk"))))
        .order_by("appointment_at", "pk")
    )


def dossiers_late_or_at_risk(
    *, user: Any, now: dt.datetime, page: int = 1, size: int = PAGE_SIZE
) -> DeskPage[Dossier]:
    """One page of the late and at-risk dossiers of the leader's agencies, including
    those held at another agency in liên thông. Each row carries ``apology_issued``
    and ``is_late`` (else it is at risk)."""
    agencies = leader_agency_ids(user)
    if not agencies:
        return DeskPage(rows=[], number=1, total=0, size=size)
    rows = late_or_at_risk_queryset(agency_ids=agencies, now=now)
    total = rows.count()
    number = _page_number(page, total, size)
    found = dossier_page(
        rows.select_related("procedure", "deciding_agency", "current_agency"),
        start=(number - 1) * size,
        size=size,
    )
    for dossier in found:
        dossier.is_late = dossier.appointment_at is not None and dossier.appointment_at < now  # type: ignore[attr-defined]
        dossier.held_elsewhere = (  # type: ignore[attr-defined]
            dossier.current_agency_id is not None and dossier.current_agency_id not in agencies
        )
    return DeskPage(rows=found, number=number, total=total, size=size)


def counter_units_q(user: Any) -> Q | None:
    """The dossiers received where ``user`` is a counter officer (their one-stop unit,
    or every one of their agency when the post names none); None when nowhere."""
    q: Q | None = None
    for post in posts_of(user):
        if post.role != RoleCode.COUNTER_OFFICER:
            continue
        if post.one_stop_unit_id is not None:
            part = Q(receiving_unit_id=post.one_stop_unit_id)
        else:
            part = Q(receiving_unit__agency_id=post.agency_id)
        q = part if q is None else q | part
    return q


def results_waiting(*, user: Any, page: int = 1, size: int = PAGE_SIZE) -> DeskPage[Dossier]:
    """Results at the counter officer's one-stop units waiting to be handed over
    (decided, the result at the one-stop unit), the oldest arrival first."""
    scope = counter_units_q(user)
    if scope is None:
        return DeskPage(rows=[], number=1, total=0, size=size)
    rows = Dossier.objects.filter(
        scope, status=DossierStatus.DECIDED, result_ready_at__isnull=False
    ).order_by("result_ready_at", "pk")
    total = rows.count()
    number = _page_number(page, total, size)
    found = dossier_page(
        rows.select_related("procedure", "receiving_unit"),
        start=(number - 1) * size,
        size=size,
    )
    return DeskPage(rows=found, number=number, total=total, size=size)
