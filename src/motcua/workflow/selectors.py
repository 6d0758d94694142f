"""Reads of dossiers: who may see which (in SQL, DESIGN.md "The one rule"), lists,
detail, and the public tracking view."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from motcua.accounts.constants import RoleCode, UserKind
from motcua.agencies.models import Agency
from motcua.agencies.selectors import agency_descendants
from motcua.core.exceptions import NotFoundError
from motcua.dossiers.constants import ACTIVE_STATUSES, FINAL_STATUSES, DossierStatus
from motcua.dossiers.models import Dossier, DossierComponent, DossierEvent
from motcua.workflow.constants import Action
from motcua.workflow.models import DossierParticipant, Handoff, Task
from motcua.workflow.permissions import may, posts_of
from motcua.workflow.transitions import allowed_actions

# The detail view carries at most this many history rows (the latest ones); the
# count tells the client how many there are.
HISTORY_LIMIT = 50

_NOTHING = Q(pk__in=[])
_WIDE = (RoleCode.ADMINISTRATOR, RoleCode.INSPECTOR)
_AGENCY = (RoleCode.LEADER, RoleCode.UNIT_HEAD, RoleCode.SPECIALIST)


def _at_agencies(agency_ids: set[int], *, open_only: bool) -> Q:
    """Dossiers an agency decides, works on now, or takes part in (liên thông)."""
    # Only an agency other than the deciding one widens the set (its rows are few);
    # for a list of unfinished dossiers, only the rows of unfinished ones (fewer
    # still: an agency coordinating thousands of dossiers a year, docs/benchmarks.md).
    participations = DossierParticipant.objects.filter(
        dossier=OuterRef("pk"), agency_id__in=agency_ids, inter_agency=True
    )
    if open_only:
        participations = participations.filter(dossier_open=True)
    return (
        Q(deciding_agency_id__in=agency_ids)
        | Q(current_agency_id__in=agency_ids)
        | Q(Exists(participations))
    )


def dossier_visible_q(user: Any, *, open_only: bool = False) -> Q:
    """The dossiers ``user`` may see, as one filter:

    - an applicant: their own;
    - a counter officer: those received at their one-stop unit (or at any one-stop
      unit of their agency when the assignment names none);
    - a leader, unit head or specialist: their agency's, or only their unit's when
      the assignment names a unit (plus whatever is on their desk now);
    - an administrator or inspector: their agency's and every agency below it.

    ``open_only`` promises that the caller keeps only unfinished dossiers: the same set
    then, found faster.
    """
    if not getattr(user, "pk", None) or not user.is_active:
        return _NOTHING
    if user.kind != UserKind.STAFF:
        return Q(owner_id=user.pk)
    # What is on their desk now; earlier work stays visible through their unit or
    # agency (an "ever assigned" test hashes every task they ever had: 10x slower at
    # 1,000,000 dossiers, docs/benchmarks.md).
    q = Q(current_assignee_id=user.pk)
    agencies: set[int] = set()
    units: set[int] = set()
    for post in posts_of(user):
        if post.role == RoleCode.COUNTER_OFFICER:
            if post.one_stop_unit_id is not None:
                q |= Q(receiving_unit_id=post.one_stop_unit_id)
            else:
                q |= Q(receiving_unit__agency_id=post.agency_id)
        elif post.role in _WIDE:
            agency = Agency.objects.get(pk=post.agency_id)
            agencies.update(agency_descendants(agency=agency).values_list("pk", flat=True))
        elif post.role in _AGENCY:
            if post.unit_id is not None:
                units.add(post.unit_id)
            else:
                agencies.add(post.agency_id)
    if agencies:
        q |= _at_agencies(agencies, open_only=open_only)
    if units:
        tasks = Task.objects.filter(dossier=OuterRef("pk"), unit_id__in=units)
        if open_only:
            tasks = tasks.filter(dossier_open=True)
        q |= Q(Exists(tasks))
    return q


def late_q(now: dt.datetime) -> Q:
    """Late at ``now``: past the appointment and not yet decided, or decided and not
    yet returned (Decision 766 counts both as late); a dossier waiting for the
    applicant is not (its appointment moves on when it resumes)."""
    return Q(
        status__in=[
            DossierStatus.RECEIVED,
            DossierStatus.IN_PROGRESS,
            DossierStatus.AWAITING_PAYMENT,
        ],
        appointment_at__lt=now,
    ) | Q(status=DossierStatus.DECIDED, returned_at__isnull=True, appointment_at__lt=now)


def dossier_list_for_user(
    *,
    user: Any,
    status: str | None = None,
    procedure_code: str | None = None,
    overdue: bool | None = None,
    assigned_to_me: bool = False,
    active_only: bool = False,
    now: dt.datetime | None = None,
) -> QuerySet[Dossier]:
    """What ``user`` may see, filtered in SQL. Staff lists run by the appointment
    (most urgent first); an applicant's by submission, newest first."""
    now = now or timezone.now()
    if assigned_to_me:
        # The current assignee may see the dossier (the active task is theirs): the
        # visibility filter adds nothing but cost.
        queryset = Dossier.objects.filter(current_assignee_id=user.pk)
    else:
        open_only = active_only or (bool(status) and status not in FINAL_STATUSES)
        queryset = Dossier.objects.filter(dossier_visible_q(user, open_only=open_only))
    if status:
        queryset = queryset.filter(status=status)
    elif active_only:
        queryset = queryset.filter(status__in=ACTIVE_STATUSES)
    if procedure_code:
        queryset = queryset.filter(procedure__code=procedure_code)
    if overdue is not None:
        late = late_q(now)
        queryset = queryset.filter(late) if overdue else queryset.exclude(late)
    queryset = queryset.select_related("procedure", "deciding_agency", "current_assignee")
    if getattr(user, "kind", None) == UserKind.STAFF:
        # Not yet received (no appointment) after the rest, on both databases.
        return queryset.order_by(F("appointment_at").asc(nulls_last=True), "pk")
    return queryset.order_by("-submitted_at", "-pk")


def dossier_page(queryset: QuerySet[Dossier], *, start: int, size: int) -> list[Dossier]:
    """One page of a dossier list, in two reads: the page's ids by a walk of the list's
    index (the columns visibility tests are in it: an index-only scan), then those rows.
    Read at once, every row the walk passes over is fetched from the table, and a leader
    whose agency has few dossiers of a busy status passes over all of them
    (docs/benchmarks.md)."""
    ids = list(queryset.values_list("pk", flat=True)[start : start + size])
    if not ids:
        return []
    rows = {dossier.pk: dossier for dossier in queryset.filter(pk__in=ids).order_by()}
    return [rows[pk] for pk in ids if pk in rows]


def dossier_get_for_user(*, user: Any, code: str) -> Dossier:
    """The dossier by code if ``user`` may see it; otherwise not found, so that a
    stranger learns nothing of its existence."""
    dossier = (
        Dossier.objects.filter(dossier_visible_q(user), code=code)
        .select_related(
            "version__procedure",
            "receiving_unit",
            "deciding_agency",
            "current_agency",
            "current_assignee",
        )
        .first()
    )
    if dossier is None:
        raise NotFoundError("Không tìm thấy hồ sơ (dossier not found).", code="dossier_not_found")
    return dossier


@dataclass(frozen=True)
class DossierDetail:
    dossier: Dossier
    components: list[Any]
    tasks: list[Task]
    participants: list[DossierParticipant]
    handoffs: list[Any]
    history: list[DossierEvent]
    history_count: int
    actions: list[Action]


def dossier_detail(*, user: Any, code: str) -> DossierDetail:
    """Everything an officer or the applicant sees of one dossier; history capped at
    the latest ``HISTORY_LIMIT`` rows."""
    return dossier_detail_for(user=user, dossier=dossier_get_for_user(user=user, code=code))


def dossier_detail_for(*, user: Any, dossier: Dossier) -> DossierDetail:
    """The detail of a dossier the caller already holds: the one their own action just
    created (no visibility filter to run again). Relations already in the prefetch
    cache (a service that just wrote them put them there) are not read again."""
    prefetch_related_objects(
        [dossier],
        Prefetch(
            "tasks",
            queryset=Task.objects.select_related(
                "agency", "one_stop_unit", "unit", "assignee", "role"
            ).order_by("order"),
        ),
        Prefetch(
            "components",
            queryset=DossierComponent.objects.prefetch_related("files").order_by("pk"),
        ),
        Prefetch("participants", queryset=DossierParticipant.objects.select_related("agency")),
        Prefetch("handoffs", queryset=Handoff.objects.order_by("sent_at", "pk")),
    )
    tasks = list(dossier.tasks.all())
    active = next((task for task in tasks if task.status == "active"), None)
    if "events" in getattr(dossier, "_prefetched_objects_cache", {}):
        history = list(dossier.events.all())
        history_count = len(history)
    else:
        events = DossierEvent.objects.filter(dossier=dossier).select_related("actor")
        history_count = events.count()
        history = list(reversed(events.order_by("-at", "-pk")[:HISTORY_LIMIT]))
    actions = [
        action
        for action in allowed_actions(dossier.status, supplement_stage=dossier.supplement_stage)
        if may(user, dossier, action, task=active)
    ]
    return DossierDetail(
        dossier=dossier,
        components=list(dossier.components.all()),
        tasks=tasks,
        participants=list(dossier.participants.all()),
        handoffs=list(dossier.handoffs.all()),
        history=history,
        history_count=history_count,
        actions=actions,
    )


def mask_person_name(name: str) -> str:
    """A name as public tracking shows it: the family name whole, then each other
    word's initial with stars for the rest ("Nguyễn Văn An" → "Nguyễn V** A*")."""
    words = name.split()
    if len(words) < 2:
        # A single name would be shown whole: mask it like a given name.
        return "".join(word[0] + "*" * (len(word) - 1) for word in words)
    return " ".join([words[0], *(word[0] + "*" * (len(word) - 1) for word in words[1:])])


@dataclass(frozen=True)
class Tracking:
    code: str
    status: DossierStatus
    procedure_name: str
    deciding_agency: str
    received_at: dt.datetime | None
    appointment_at: dt.datetime | None
    returned_at: dt.datetime | None
    applicant: str
    # Set when the dossier was rescheduled with an apology (Mẫu 04, DOMAIN.md §2.5):
    # appointment_at is then the new date and this the one first promised.
    previous_appointment_at: dt.datetime | None = None


def dossier_track(*, code: str) -> Tracking:
    """Public tracking by dossier code (Decree 61 Art. 18; DOMAIN.md §3): status,
    procedure, times, and a masked applicant name; nothing personal."""
    row = (
        Dossier.objects.filter(code=code)
        .values(
            "code",
            "status",
            "procedure__name",
            "deciding_agency__name",
            "received_at",
            "appointment_at",
            "returned_at",
            "applicant_name",
            "applicant_kind",
            "apology__previous_appointment_at",
        )
        .first()
    )
    if row is None:
        raise NotFoundError("Không tìm thấy hồ sơ (dossier not found).", code="dossier_not_found")
    # An organisation's name is public (business registry); a person's is masked.
    name = row["applicant_name"]
    if row["applicant_kind"] == "citizen":
        name = mask_person_name(name)
    return Tracking(
        code=row["code"],
        status=DossierStatus(row["status"]),
        procedure_name=row["procedure__name"],
        deciding_agency=row["deciding_agency__name"],
        received_at=row["received_at"],
        appointment_at=row["appointment_at"],
        returned_at=row["returned_at"],
        applicant=name,
        previous_appointment_at=row["apology__previous_appointment_at"],
    )
