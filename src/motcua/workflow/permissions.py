"""Who may do what to a dossier. One place, used by the services (which refuse before
writing anything) and by the interfaces (which show only the buttons a person may
press). Roles are data (accounts.Role); these rules name the seeded role codes.

- the counter officer (cán bộ một cửa) of the receiving one-stop unit receives,
  refuses, asks for an intake supplement, transfers, collects fees, returns results and
  records a withdrawal or stop (Decree 118/2025 Arts. 8, 11, 17, 21);
- at the agency doing the current step: the assignee, anyone holding the step's role,
  and the unit head or leader move the work on; the unit head or leader assigns;
- a leader of the deciding agency decides; for an "on-the-spot" procedure the counter
  officer may too (Decree 118 Art. 8, delegated authority; DOMAIN.md §2.9);
- a leader of the responsible agency signs an apology (DOMAIN.md §2.5);
- the applicant's own account withdraws and supplements its dossier.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from motcua.accounts.constants import RoleCode, UserKind
from motcua.agencies.models import StaffAssignment
from motcua.dossiers.constants import DossierStatus, SupplementStage
from motcua.dossiers.models import Dossier
from motcua.workflow.constants import Action

_CACHE = "_motcua_assignments"


@dataclass(frozen=True)
class Post:
    """One active role a staff member holds, where."""

    role: str
    agency_id: int
    unit_id: int | None
    one_stop_unit_id: int | None


def posts_of(user: Any) -> tuple[Post, ...]:
    """The user's active assignments at active agencies; one query, cached on the
    user object for the request."""
    if not getattr(user, "pk", None) or not user.is_active or user.kind != UserKind.STAFF:
        return ()
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = tuple(
            Post(*row)
            for row in StaffAssignment.objects.filter(
                user=user, is_active=True, agency__is_active=True
            ).values_list("role__code", "agency_id", "unit_id", "one_stop_unit_id")
        )
        setattr(user, _CACHE, cached)
    return cached


def is_counter_officer_at(user: Any, *, one_stop_unit_id: int, agency_id: int) -> bool:
    """Counter officer of that one-stop unit: assigned to it, or to its agency without
    naming a one-stop unit."""
    return any(
        post.role == RoleCode.COUNTER_OFFICER
        and (
            post.one_stop_unit_id == one_stop_unit_id
            or (post.one_stop_unit_id is None and post.agency_id == agency_id)
        )
        for post in posts_of(user)
    )


def holds_at(user: Any, roles: tuple[str, ...], agency_id: int | None) -> bool:
    return agency_id is not None and any(
        post.role in roles and post.agency_id == agency_id for post in posts_of(user)
    )


def _counter(user: Any, dossier: Dossier) -> bool:
    unit = dossier.receiving_unit
    return is_counter_officer_at(user, one_stop_unit_id=unit.pk, agency_id=unit.agency_id)


def _owner(user: Any, dossier: Dossier) -> bool:
    return bool(getattr(user, "pk", None)) and user.is_active and dossier.owner_id == user.pk


_AGENCY_STAFF = (RoleCode.SPECIALIST, RoleCode.UNIT_HEAD, RoleCode.LEADER)
_MANAGERS = (RoleCode.UNIT_HEAD, RoleCode.LEADER)


def _works_current_task(user: Any, dossier: Dossier, task: Any) -> bool:
    """Whoever may move the active task on."""
    if task is None:
        return False
    if task.one_stop_unit_id is not None and is_counter_officer_at(
        user, one_stop_unit_id=task.one_stop_unit_id, agency_id=task.agency_id
    ):
        return True
    if task.assignee_id is not None and task.assignee_id == user.pk:
        return True
    roles: tuple[str, ...] = _MANAGERS
    if task.role_id is not None:
        roles += (task.role.code,)
    elif task.one_stop_unit_id is None:
        roles = _AGENCY_STAFF
    return holds_at(user, roles, task.agency_id)


def may(user: Any, dossier: Dossier, action: str, *, task: Any = None) -> bool:
    """Whether ``user`` may perform ``action`` on ``dossier`` (whose active task is
    ``task``), whatever the dossier's status: the transition table says that."""
    if not getattr(user, "pk", None) or not user.is_active:
        return False
    deciding = dossier.deciding_agency_id
    match action:
        case Action.RECEIVE | Action.REFUSE | Action.RETURN_RESULT | Action.RECORD_PAYMENT:
            return _counter(user, dossier)
        case Action.REQUEST_SUPPLEMENT:
            # At intake (before receipt, or while an intake request is open) the check
            # is the counter's; at appraisal, the step's people.
            if (
                dossier.status == DossierStatus.SUBMITTED
                or dossier.supplement_stage == SupplementStage.INTAKE
            ):
                return _counter(user, dossier)
            return _works_current_task(user, dossier, task)
        case Action.RECORD_SUPPLEMENT | Action.WITHDRAW:
            return _owner(user, dossier) or _counter(user, dossier)
        case Action.START_PROCESSING:
            return _counter(user, dossier) or holds_at(user, _AGENCY_STAFF, deciding)
        case Action.ASSIGN:
            if task is None:
                return False
            if task.one_stop_unit_id is not None and _counter(user, dossier):
                return True
            return holds_at(user, _MANAGERS, task.agency_id)
        case Action.HAND_OFF:
            return _works_current_task(user, dossier, task)
        case Action.DECIDE:
            if dossier.version.on_the_spot and _counter(user, dossier):
                return True
            return holds_at(user, (RoleCode.LEADER,), deciding)
        case Action.REQUEST_PAYMENT:
            return _counter(user, dossier) or _works_current_task(user, dossier, task)
        case Action.MARK_RESULT_READY:
            return _counter(user, dossier) or holds_at(user, _AGENCY_STAFF, deciding)
        case Action.STOP:
            return _counter(user, dossier) or holds_at(user, (RoleCode.LEADER,), deciding)
        case Action.RESCHEDULE:
            # The service checks the leader against the agency named as responsible.
            return any(post.role == RoleCode.LEADER for post in posts_of(user))
    return False
