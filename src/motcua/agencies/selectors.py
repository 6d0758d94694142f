"""Reads of the agencies app: the agency tree, one-stop units, divisions and staff roles.

The agency tree is at most ``AGENCY_MAX_DEPTH`` levels deep, so descendants and
ancestors are found with one query of chained ``parent`` joins instead of recursive
SQL; every result stays a lazy queryset that other selectors can use as a subquery.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q, QuerySet

from motcua.accounts.constants import RoleCode
from motcua.accounts.models import User
from motcua.agencies.constants import AGENCY_MAX_DEPTH, DivisionLevel
from motcua.agencies.models import AdministrativeUnit, Agency, OneStopUnit, StaffAssignment
from motcua.core.exceptions import NotFoundError

# Roles whose holder at an agency also acts for every agency below it: an administrator
# of the provincial People's Committee manages the communes' staff and catalogue, and an
# inspector of a province evaluates all its agencies (DESIGN.md, "Who uses it"). The
# roles that handle dossiers (counter officer, specialist, unit head, leader) act only
# where they are assigned: a provincial leader does not sign a commune's results.
INHERITED_ROLE_CODES = frozenset({RoleCode.ADMINISTRATOR, RoleCode.INSPECTOR})

# ``parent``, ``parent__parent``, ...: the paths from an agency to its ancestors.
_PARENT_PATHS = tuple("__".join(["parent"] * hops) for hops in range(1, AGENCY_MAX_DEPTH))


def agency_descendants(*, agency: Agency, include_self: bool = True) -> QuerySet[Agency]:
    """The agencies below ``agency`` at any depth (and ``agency`` itself by default)."""
    below = Q()
    for path in _PARENT_PATHS:
        below |= Q(**{path: agency})
    if include_self:
        below |= Q(pk=agency.pk)
    return Agency.objects.filter(below)


def agency_ancestor_ids(*, agency: Agency) -> list[int]:
    """Ids of the agencies above ``agency``, nearest first, in one query."""
    row = Agency.objects.filter(pk=agency.pk).values_list(*_PARENT_PATHS)
    return [pk for pk in row.get() if pk is not None]


def agency_ancestors(*, agency: Agency, include_self: bool = False) -> QuerySet[Agency]:
    """The agencies above ``agency`` (and ``agency`` itself if asked), in any order."""
    ids = agency_ancestor_ids(agency=agency)
    if include_self:
        ids.append(agency.pk)
    return Agency.objects.filter(pk__in=ids)


def agency_depth(*, agency: Agency) -> int:
    """1 for a root agency, 2 for its children, and so on."""
    return 1 + len(agency_ancestor_ids(agency=agency))


def agency_get_by_code(*, code: str) -> Agency:
    try:
        return Agency.objects.get(code=code.strip())
    except Agency.DoesNotExist as exc:
        raise NotFoundError(
            f"Không tìm thấy cơ quan có mã định danh {code}.",
            code="agency_not_found",
            detail={"code": code},
        ) from exc


def agency_list(*, active_only: bool = True) -> QuerySet[Agency]:
    agencies = Agency.objects.select_related("parent", "administrative_unit")
    return agencies.filter(is_active=True) if active_only else agencies


def one_stop_unit_get_by_code(*, code: str) -> OneStopUnit:
    try:
        return OneStopUnit.objects.select_related("agency", "administrative_unit").get(
            code=code.strip()
        )
    except OneStopUnit.DoesNotExist as exc:
        raise NotFoundError(
            f"Không tìm thấy bộ phận một cửa có mã {code}.",
            code="one_stop_unit_not_found",
            detail={"code": code},
        ) from exc


def main_one_stop_unit_for(*, agency: Agency) -> OneStopUnit | None:
    """Where ``agency`` receives dossiers by default: its own ``one_stop_unit``, else the
    nearest ancestor's (a provincial department without its own desk receives at the
    provincial centre, Decree 118/2025 Art. 7). Inactive units are passed over."""
    if agency.one_stop_unit_id is not None:
        own: OneStopUnit | None
        if Agency.one_stop_unit.is_cached(agency):  # read with the agency (select_related)
            unit = agency.one_stop_unit
            own = unit if unit is not None and unit.is_active else None
        else:
            own = (
                OneStopUnit.objects.select_related("agency")
                .filter(pk=agency.one_stop_unit_id, is_active=True)
                .first()
            )
        if own is not None:
            return own
    ancestor_ids = agency_ancestor_ids(agency=agency)
    if not ancestor_ids:
        return None
    served = {
        row["pk"]: row["one_stop_unit"]
        for row in Agency.objects.filter(
            pk__in=ancestor_ids, one_stop_unit__isnull=False, one_stop_unit__is_active=True
        ).values("pk", "one_stop_unit")
    }
    for ancestor_id in ancestor_ids:
        if ancestor_id in served:
            return OneStopUnit.objects.select_related("agency").get(pk=served[ancestor_id])
    return None


def one_stop_unit_list(*, agency: Agency | None = None) -> QuerySet[OneStopUnit]:
    """Active one-stop units, optionally only those run by ``agency``."""
    units = OneStopUnit.objects.filter(is_active=True).select_related("agency", "parent")
    return units.filter(agency=agency) if agency is not None else units


def staff_roles(*, user: User) -> QuerySet[StaffAssignment]:
    """The active assignments of ``user`` at active agencies."""
    return StaffAssignment.objects.filter(
        user=user, is_active=True, agency__is_active=True, user__is_active=True
    ).select_related("role", "agency", "unit", "one_stop_unit")


def staff_has_role(*, user: User, role_code: str, agency: Agency | None = None) -> bool:
    """Whether ``user`` holds ``role_code``; at ``agency`` when one is given.

    An assignment at ``agency`` itself always counts. An assignment at an ancestor counts
    only for the roles in ``INHERITED_ROLE_CODES`` (administrator, inspector). Roles are
    data: a superuser without assignments holds none."""
    if not getattr(user, "pk", None):
        return False
    assignments = staff_roles(user=user).filter(role__code=role_code)
    if agency is None:
        return assignments.exists()
    scope = [agency.pk]
    if role_code in INHERITED_ROLE_CODES:
        scope += agency_ancestor_ids(agency=agency)
    return assignments.filter(agency_id__in=scope).exists()


def staff_agencies_with_role(*, user: User, role_code: str) -> QuerySet[Agency]:
    """The agencies where ``user`` acts with ``role_code``: where assigned, plus every
    agency below for inherited roles. Lazy, for use as a subquery in permission filters."""
    assigned = staff_roles(user=user).filter(role__code=role_code).values("agency_id")
    where = Q(pk__in=assigned)
    if role_code in INHERITED_ROLE_CODES:
        for path in _PARENT_PATHS:
            where |= Q(**{f"{path}__in": assigned})
    return Agency.objects.filter(where)


def administrative_unit_get_by_code(*, code: str, on: dt.date | None = None) -> AdministrativeUnit:
    """The unit with ``code``: the current one, or the one in force ``on`` a past date
    (codes are reused across the 2025 reform)."""
    units = AdministrativeUnit.objects.filter(code=code)
    if on is None:
        units = units.filter(valid_to__isnull=True)
    else:
        units = units.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on),
            Q(valid_to__isnull=True) | Q(valid_to__gt=on),
        )
    unit = units.order_by(F("valid_from").desc(nulls_last=True)).first()
    if unit is None:
        raise NotFoundError(
            f"Không tìm thấy đơn vị hành chính có mã {code}.",
            code="administrative_unit_not_found",
            detail={"code": code},
        )
    return unit


def provinces(*, on: dt.date | None = None) -> QuerySet[AdministrativeUnit]:
    """Provinces in force today (or ``on`` a date), by code."""
    units = AdministrativeUnit.objects.filter(level=DivisionLevel.PROVINCE)
    if on is None:
        return units.filter(valid_to__isnull=True)
    return units.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on),
        Q(valid_to__isnull=True) | Q(valid_to__gt=on),
    )


def communes_of(*, province: AdministrativeUnit) -> QuerySet[AdministrativeUnit]:
    """The current communes, wards and special zones of ``province``."""
    return AdministrativeUnit.objects.filter(
        parent=province, level=DivisionLevel.COMMUNE, valid_to__isnull=True
    )


def province_of(*, unit: AdministrativeUnit) -> AdministrativeUnit | None:
    """The province ``unit`` lies in (itself for a province). A commune from before
    1/7/2025 lies in a district, which lies in a province: at most two steps up."""
    current: AdministrativeUnit | None = unit
    for _ in range(3):
        if current is None or current.level == DivisionLevel.PROVINCE:
            return current
        current = current.parent
    return None
