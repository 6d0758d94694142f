"""Work queues of the one-stop unit: what waits for a counter officer's hand.

``online_intake_queue``: online dossiers waiting for the receiving one-stop unit's
check (status "Mới đăng ký", channel online), oldest first, each with the working time
left before the check limit: ``ONLINE_CHECK_WORKING_HOURS`` (8 by default) from its
submission, or from the supplement that completed it, since the time restarts from zero
then (DOMAIN.md §2.2, Decree 297/2025), on the unit's working calendar.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import DateTimeField, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from motcua.accounts.constants import RoleCode
from motcua.agencies.models import OneStopUnit
from motcua.calendar import engine
from motcua.calendar.selectors import working_calendar_for
from motcua.dossiers.constants import Channel, DossierStatus, SupplementStage
from motcua.dossiers.models import Dossier
from motcua.workflow.models import SupplementRequest
from motcua.workflow.permissions import is_counter_officer_at, posts_of

PAGE_SIZE = 20


@dataclass(frozen=True)
class QueueRow:
    dossier: Dossier
    # Submission, or the intake supplement that completed the dossier.
    complete_at: dt.datetime
    check_due_at: dt.datetime
    # Working hours left before ``check_due_at``; negative once it has passed.
    hours_left: Decimal

    @property
    def late(self) -> bool:
        return self.hours_left < 0


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    count: int
    page: int
    pages: int
    page_size: int
    check_hours: int


def online_intake_waiting(*, one_stop_unit: OneStopUnit) -> QuerySet[Dossier]:
    """The queue's rows in its order, unpaged and unchecked: the rows the partial
    index ``dossier_online_intake`` holds, in its order."""
    return Dossier.objects.filter(
        receiving_unit=one_stop_unit, status=DossierStatus.SUBMITTED, channel=Channel.ONLINE
    ).order_by("submitted_at", "pk")


def online_intake_queue(
    *,
    user: Any,
    one_stop_unit: OneStopUnit,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    now: dt.datetime | None = None,
) -> QueuePage:
    """One page of the online dossiers waiting for ``one_stop_unit``'s check, oldest
    submission first; empty for anyone who is not a counter officer there. Filtered
    and ordered in SQL on the partial index ``dossier_online_intake`` (workflow
    migration 0006), so a page reads its own rows only."""
    now = now or timezone.now()
    hours = settings.ONLINE_CHECK_WORKING_HOURS
    if not is_counter_officer_at(
        user, one_stop_unit_id=one_stop_unit.pk, agency_id=one_stop_unit.agency_id
    ):
        return QueuePage(rows=[], count=0, page=1, pages=1, page_size=page_size, check_hours=hours)
    waiting = online_intake_waiting(one_stop_unit=one_stop_unit)
    count = waiting.count()
    pages = max(1, math.ceil(count / page_size))
    page = min(max(1, page), pages)
    start = (page - 1) * page_size
    completed = SupplementRequest.objects.filter(
        dossier=OuterRef("pk"), stage=SupplementStage.INTAKE
    ).values("fulfilled_at")[:1]
    found = list(
        waiting.select_related("procedure").annotate(
            complete_at=Coalesce(Subquery(completed, output_field=DateTimeField()), "submitted_at")
        )[start : start + page_size]
    )
    calendar = working_calendar_for(one_stop_unit)
    rows = []
    for dossier in found:
        complete_at = dossier.complete_at
        due = engine.add_working_time(complete_at, hours, calendar=calendar)
        rows.append(
            QueueRow(
                dossier=dossier,
                complete_at=complete_at,
                check_due_at=due,
                hours_left=engine.working_time_between(now, due, calendar=calendar),
            )
        )
    return QueuePage(
        rows=rows, count=count, page=page, pages=pages, page_size=page_size, check_hours=hours
    )


def counter_units_q(user: Any) -> Q:
    """The one-stop units where ``user`` serves as a counter officer: the unit an
    assignment names, or every unit of the agency when it names none
    (``permissions.is_counter_officer_at``). Matches nothing for anyone else."""
    units: set[int] = set()
    agencies: set[int] = set()
    for post in posts_of(user):
        if post.role != RoleCode.COUNTER_OFFICER:
            continue
        if post.one_stop_unit_id is not None:
            units.add(post.one_stop_unit_id)
        else:
            agencies.add(post.agency_id)
    return Q(pk__in=units) | Q(agency_id__in=agencies)


def counter_units_of(user: Any) -> list[OneStopUnit]:
    """The active one-stop units where ``user`` serves as a counter officer, centres
    before their reception points, then by name."""
    if not any(post.role == RoleCode.COUNTER_OFFICER for post in posts_of(user)):
        return []
    return list(
        OneStopUnit.objects.filter(counter_units_q(user), is_active=True)
        .select_related("agency")
        .order_by(F("parent_id").asc(nulls_first=True), "name", "pk")
    )
