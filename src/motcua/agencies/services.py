"""Writes of the agencies app: divisions, agencies, units, one-stop units, staff roles."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from vietnam_provinces import Province, VietNamDivisionType, Ward

from motcua.accounts.constants import RoleCode, UserKind
from motcua.accounts.models import User
from motcua.accounts.selectors import role_get_by_code
from motcua.accounts.services import user_set_admin_access
from motcua.agencies.constants import (
    AGENCY_LEVELS_BY_KIND,
    AGENCY_MAX_DEPTH,
    COMMITTEE_KINDS,
    DIVISION_TYPES_BY_LEVEL,
    TWO_TIER_REFORM_DATE,
    DivisionLevel,
    DivisionType,
    OneStopUnitKind,
)
from motcua.agencies.models import AdministrativeUnit, Agency, OneStopUnit, StaffAssignment, Unit
from motcua.agencies.selectors import agency_depth, agency_descendants
from motcua.agencies.validators import validate_agency_code, validate_local_code
from motcua.core.exceptions import ApplicationError, NotFoundError, validated
from motcua.core.services import audit_record
from motcua.core.text import nfc

logger = logging.getLogger(__name__)

_PACKAGE_TYPES = {
    VietNamDivisionType.TINH: DivisionType.PROVINCE,
    VietNamDivisionType.THANH_PHO_TRUNG_UONG: DivisionType.CENTRAL_CITY,
    VietNamDivisionType.XA: DivisionType.COMMUNE,
    VietNamDivisionType.PHUONG: DivisionType.WARD,
    VietNamDivisionType.DAC_KHU: DivisionType.SPECIAL_ZONE,
}
_BATCH = 500


def _required_name(value: str, *, label: str = "tên") -> str:
    name = nfc(value or "")
    if not name:
        raise ApplicationError(f"Chưa nhập {label}.", code="name_required")
    return name


# --- administrative divisions -------------------------------------------------------


@dataclass(frozen=True)
class _Division:
    code: str
    name: str
    division_type: str
    parent_code: str | None


def _province_code(value: int) -> str:
    # Decision 19/2025/QĐ-TTg writes province codes with 2 digits and commune codes with
    # 5 (Hà Nội 01, Phường Hoàn Kiếm 00070); the package gives them as integers.
    return f"{int(value):02d}"


def _commune_code(value: int) -> str:
    return f"{int(value):05d}"


def _upsert_divisions(*, level: str, rows: list[_Division], parent_ids: dict[str, int]) -> int:
    """Create the current units that are missing; bring names, types and parents of the
    existing ones up to date. Returns how many were created."""
    existing = {
        unit.code: unit
        for unit in AdministrativeUnit.objects.filter(level=level, valid_to__isnull=True)
    }
    missing: list[AdministrativeUnit] = []
    changed: list[AdministrativeUnit] = []
    for row in rows:
        parent_id = parent_ids[row.parent_code] if row.parent_code else None
        unit = existing.get(row.code)
        if unit is None:
            missing.append(
                AdministrativeUnit(
                    code=row.code,
                    name=row.name,
                    level=level,
                    division_type=row.division_type,
                    parent_id=parent_id,
                    valid_from=TWO_TIER_REFORM_DATE,
                )
            )
        elif (unit.name, unit.division_type, unit.parent_id) != (
            row.name,
            row.division_type,
            parent_id,
        ):
            unit.name, unit.division_type, unit.parent_id = row.name, row.division_type, parent_id
            changed.append(unit)
    AdministrativeUnit.objects.bulk_create(missing, batch_size=_BATCH)
    AdministrativeUnit.objects.bulk_update(
        changed, ["name", "division_type", "parent"], batch_size=_BATCH
    )
    return len(missing)


@transaction.atomic
def divisions_load(*, province_codes: Iterable[int] | None = None) -> int:
    """Load the provinces and communes in force since 1/7/2025 (Resolution 202/2025/QH15:
    34 provinces; 3,321 communes, wards and special zones) from ``vietnam-provinces``.

    Idempotent: a second run creates nothing and only corrects renamed units. Returns
    the number of units created. Reference data, not a user's action: logged, not
    audited."""
    all_provinces = {int(p.code): p for p in Province.iter_all()}
    wanted = set(all_provinces) if province_codes is None else {int(c) for c in province_codes}
    unknown = sorted(wanted - set(all_provinces))
    if unknown:
        raise ApplicationError(
            "Không có tỉnh mang mã " + ", ".join(str(code) for code in unknown) + ".",
            code="province_code_unknown",
            detail={"province_codes": unknown},
        )
    provinces = [
        _Division(
            code=_province_code(p.code),
            name=nfc(p.name),
            division_type=_PACKAGE_TYPES[p.division_type],
            parent_code=None,
        )
        for code, p in sorted(all_provinces.items())
        if code in wanted
    ]
    communes = [
        _Division(
            code=_commune_code(w.code),
            name=nfc(w.name),
            division_type=_PACKAGE_TYPES[w.division_type],
            parent_code=_province_code(w.province_code),
        )
        for w in sorted(Ward.iter_all(), key=lambda ward: int(ward.code))
        if int(w.province_code) in wanted
    ]
    created = _upsert_divisions(level=DivisionLevel.PROVINCE, rows=provinces, parent_ids={})
    province_ids = dict(
        AdministrativeUnit.objects.filter(
            level=DivisionLevel.PROVINCE, valid_to__isnull=True
        ).values_list("code", "pk")
    )
    created += _upsert_divisions(
        level=DivisionLevel.COMMUNE, rows=communes, parent_ids=province_ids
    )
    logger.info(
        "administrative divisions loaded",
        extra={"units_created": created, "provinces": len(provinces), "communes": len(communes)},
    )
    return created


def _level_of(division_type: str) -> str:
    for level, types in DIVISION_TYPES_BY_LEVEL.items():
        if division_type in types:
            return level
    raise ApplicationError(
        "Loại đơn vị hành chính không hợp lệ.",
        code="division_type_invalid",
        detail={"division_type": division_type},
    )


@transaction.atomic
def administrative_unit_create_legacy(
    *,
    code: str,
    name: str,
    division_type: str,
    parent: AdministrativeUnit | None,
    valid_to: dt.date,
    successors: Iterable[AdministrativeUnit] = (),
    valid_from: dt.date | None = None,
    actor: User | None = None,
) -> AdministrativeUnit:
    """Record a unit that no longer exists, for dossiers and reports from before it
    ended: a district abolished on 1/7/2025 (Law 72/2025/QH15), a pre-merger province or
    commune. ``successors`` are the current units that took over its territory."""
    code = (code or "").strip()
    if not (code.isdigit() and 2 <= len(code) <= 5):
        raise ApplicationError(
            "Mã đơn vị hành chính gồm 2–5 chữ số (tỉnh 2, huyện 3, xã 5).",
            code="administrative_unit_code_format",
            detail={"code": code},
        )
    level = _level_of(division_type)
    if level == DivisionLevel.PROVINCE and parent is not None:
        raise ApplicationError(
            "Đơn vị cấp tỉnh không có đơn vị cấp trên.", code="administrative_unit_parent"
        )
    if level != DivisionLevel.PROVINCE and (parent is None or parent.level == level):
        raise ApplicationError(
            "Đơn vị cấp huyện, cấp xã phải thuộc một đơn vị cấp trên.",
            code="administrative_unit_parent",
        )
    if valid_from is not None and valid_to <= valid_from:
        raise ApplicationError(
            "Ngày hết hiệu lực phải sau ngày có hiệu lực.", code="administrative_unit_period"
        )
    if AdministrativeUnit.objects.filter(code=code, valid_to=valid_to).exists():
        raise ApplicationError(
            f"Đã có đơn vị hành chính mã {code} hết hiệu lực ngày {valid_to:%d/%m/%Y}.",
            code="administrative_unit_code_taken",
            detail={"code": code},
        )
    unit = AdministrativeUnit.objects.create(
        code=code,
        name=_required_name(name),
        level=level,
        division_type=division_type,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    successors = list(successors)
    if successors:
        unit.successors.add(*successors)
    audit_record(
        actor=actor,
        action="administrative_unit_create_legacy",
        obj=unit,
        detail={"code": code, "successors": [s.code for s in successors]},
    )
    return unit


# --- agencies -----------------------------------------------------------------------


def _refuse_too_deep(*, parent: Agency | None, height: int = 1) -> None:
    """``height``: levels of the tree being attached under ``parent`` (1 for a leaf)."""
    if parent is not None and agency_depth(agency=parent) + height > AGENCY_MAX_DEPTH:
        raise ApplicationError(
            f"Cây cơ quan không được sâu quá {AGENCY_MAX_DEPTH} cấp.",
            code="agency_too_deep",
            detail={"parent": parent.code},
        )


@transaction.atomic
def agency_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    kind: str,
    level: str,
    parent: Agency | None = None,
    administrative_unit: AdministrativeUnit | None = None,
    short_name: str = "",
    one_stop_unit: OneStopUnit | None = None,
    address: str = "",
    phone: str = "",
    email: str = "",
) -> Agency:
    code = validated(validate_agency_code, (code or "").strip())
    # Codes are compared case-insensitively: H60.22 and h60.22 would be one dossier prefix.
    if Agency.objects.filter(code__iexact=code).exists():
        raise ApplicationError(
            f"Mã định danh {code} đã được dùng cho cơ quan khác.",
            code="agency_code_taken",
            detail={"code": code},
        )
    if kind not in AGENCY_LEVELS_BY_KIND:
        raise ApplicationError("Loại cơ quan không hợp lệ.", code="agency_kind_invalid")
    if level not in AGENCY_LEVELS_BY_KIND[kind]:
        raise ApplicationError(
            "Loại cơ quan không phù hợp với cấp đã chọn.",
            code="agency_level_mismatch",
            detail={"kind": kind, "level": level},
        )
    if (
        kind in COMMITTEE_KINDS
        and administrative_unit is not None
        and administrative_unit.level != level
    ):
        raise ApplicationError(
            "Ủy ban nhân dân phải gắn với đơn vị hành chính cùng cấp.",
            code="agency_area_mismatch",
            detail={"kind": kind, "level": level},
        )
    _refuse_too_deep(parent=parent)
    agency = Agency.objects.create(
        code=code,
        name=_required_name(name, label="tên cơ quan"),
        short_name=nfc(short_name or ""),
        kind=kind,
        level=level,
        parent=parent,
        administrative_unit=administrative_unit,
        one_stop_unit=one_stop_unit,
        address=nfc(address or ""),
        phone=(phone or "").strip(),
        email=(email or "").strip(),
    )
    audit_record(
        actor=actor,
        action="agency_create",
        obj=agency,
        detail={"code": code, "parent": parent.code if parent else None},
    )
    return agency


def agency_parent_check(*, agency: Agency, parent: Agency | None) -> None:
    """Refuse a parent that lies below ``agency`` (a cycle) or that would make the tree
    deeper than ``AGENCY_MAX_DEPTH``. Also used by the admin form."""
    if parent is None:
        return
    if agency_descendants(agency=agency).filter(pk=parent.pk).exists():
        raise ApplicationError(
            "Không thể đặt cơ quan trực thuộc chính nó hoặc cơ quan cấp dưới của nó.",
            code="agency_parent_cycle",
            detail={"agency": agency.code, "parent": parent.code},
        )
    height = 1
    while Agency.objects.filter(**{"__".join(["parent"] * height): agency}).exists():
        height += 1
    _refuse_too_deep(parent=parent, height=height)


@transaction.atomic
def agency_set_parent(*, actor: User | None, agency: Agency, parent: Agency | None) -> Agency:
    """Move ``agency`` (with everything below it) under ``parent``."""
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    agency_parent_check(agency=agency, parent=parent)
    previous = agency.parent.code if agency.parent else None
    agency.parent = parent
    agency.save(update_fields=["parent", "updated_at"])
    audit_record(
        actor=actor,
        action="agency_set_parent",
        obj=agency,
        detail={"from": previous, "to": parent.code if parent else None},
    )
    return agency


@transaction.atomic
def agency_set_one_stop_unit(
    *, actor: User | None, agency: Agency, one_stop_unit: OneStopUnit | None
) -> Agency:
    """Set where ``agency`` receives dossiers by default (None: inherit from above)."""
    if one_stop_unit is not None and not one_stop_unit.is_active:
        raise ApplicationError(
            "Bộ phận một cửa này đã ngừng hoạt động.",
            code="one_stop_unit_inactive",
            detail={"one_stop_unit": one_stop_unit.code},
        )
    agency.one_stop_unit = one_stop_unit
    agency.save(update_fields=["one_stop_unit", "updated_at"])
    audit_record(
        actor=actor,
        action="agency_set_one_stop_unit",
        obj=agency,
        detail={"one_stop_unit": one_stop_unit.code if one_stop_unit else None},
    )
    return agency


@transaction.atomic
def unit_create(*, actor: User | None, agency: Agency, code: str, name: str) -> Unit:
    code = validated(validate_local_code, (code or "").strip())
    if Unit.objects.filter(agency=agency, code__iexact=code).exists():
        raise ApplicationError(
            f"{agency.name} đã có phòng/ban mã {code}.",
            code="unit_code_taken",
            detail={"agency": agency.code, "code": code},
        )
    unit = Unit.objects.create(
        agency=agency, code=code, name=_required_name(name, label="tên phòng/ban")
    )
    audit_record(
        actor=actor, action="unit_create", obj=unit, detail={"agency": agency.code, "code": code}
    )
    return unit


def _office_hours_ordered(
    morning_start: dt.time, morning_end: dt.time, afternoon_start: dt.time, afternoon_end: dt.time
) -> None:
    if not (morning_start < morning_end <= afternoon_start < afternoon_end):
        raise ApplicationError(
            "Giờ làm việc không hợp lệ: giờ bắt đầu buổi sáng phải trước giờ kết thúc buổi "
            "sáng, buổi sáng phải kết thúc trước khi buổi chiều bắt đầu, và giờ bắt đầu "
            "buổi chiều phải trước giờ kết thúc buổi chiều.",
            code="office_hours_invalid",
            detail={
                "morning": [morning_start.isoformat(), morning_end.isoformat()],
                "afternoon": [afternoon_start.isoformat(), afternoon_end.isoformat()],
            },
        )


@transaction.atomic
def one_stop_unit_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    kind: str,
    agency: Agency,
    parent: OneStopUnit | None = None,
    administrative_unit: AdministrativeUnit | None = None,
    address: str = "",
    phone: str = "",
    saturday_morning: bool = False,
    morning_start: dt.time = dt.time(7, 30),
    morning_end: dt.time = dt.time(11, 30),
    afternoon_start: dt.time = dt.time(13, 0),
    afternoon_end: dt.time = dt.time(17, 0),
) -> OneStopUnit:
    """A one-stop unit (Decree 118/2025 Art. 7). Office hours default to 07:30-11:30 and
    13:00-17:00 (set by each province [U], DOMAIN.md §11); Saturday-morning reception is
    per unit ("đối với đơn vị có bố trí tiếp nhận")."""
    code = validated(validate_local_code, (code or "").strip())
    if OneStopUnit.objects.filter(code__iexact=code).exists():
        raise ApplicationError(
            f"Mã {code} đã được dùng cho bộ phận một cửa khác.",
            code="one_stop_unit_code_taken",
            detail={"code": code},
        )
    if kind not in OneStopUnitKind.values:
        raise ApplicationError("Loại bộ phận một cửa không hợp lệ.", code="one_stop_kind_invalid")
    # Decree 118/2025 Art. 7: a reception point belongs to a centre; centres and ministry
    # desks are not under another one-stop unit.
    if kind == OneStopUnitKind.RECEPTION_POINT:
        if parent is None or parent.kind == OneStopUnitKind.RECEPTION_POINT:
            raise ApplicationError(
                "Điểm tiếp nhận phải trực thuộc một Trung tâm Phục vụ hành chính công.",
                code="reception_point_needs_centre",
            )
    elif parent is not None:
        raise ApplicationError(
            "Chỉ điểm tiếp nhận mới trực thuộc một trung tâm.",
            code="one_stop_unit_parent_not_allowed",
        )
    _office_hours_ordered(morning_start, morning_end, afternoon_start, afternoon_end)
    unit = OneStopUnit.objects.create(
        code=code,
        name=_required_name(name),
        kind=kind,
        agency=agency,
        parent=parent,
        administrative_unit=administrative_unit,
        address=nfc(address or ""),
        phone=(phone or "").strip(),
        saturday_morning=saturday_morning,
        morning_start=morning_start,
        morning_end=morning_end,
        afternoon_start=afternoon_start,
        afternoon_end=afternoon_end,
    )
    audit_record(
        actor=actor,
        action="one_stop_unit_create",
        obj=unit,
        detail={"code": code, "kind": kind, "agency": agency.code},
    )
    return unit


@transaction.atomic
def one_stop_unit_set_office_hours(
    *,
    actor: User | None,
    one_stop_unit: OneStopUnit,
    morning_start: dt.time,
    morning_end: dt.time,
    afternoon_start: dt.time,
    afternoon_end: dt.time,
    saturday_morning: bool,
) -> OneStopUnit:
    _office_hours_ordered(morning_start, morning_end, afternoon_start, afternoon_end)
    one_stop_unit.morning_start = morning_start
    one_stop_unit.morning_end = morning_end
    one_stop_unit.afternoon_start = afternoon_start
    one_stop_unit.afternoon_end = afternoon_end
    one_stop_unit.saturday_morning = saturday_morning
    one_stop_unit.save()
    audit_record(
        actor=actor,
        action="one_stop_unit_set_office_hours",
        obj=one_stop_unit,
        detail={
            "morning": [morning_start.isoformat(), morning_end.isoformat()],
            "afternoon": [afternoon_start.isoformat(), afternoon_end.isoformat()],
            "saturday_morning": saturday_morning,
        },
    )
    return one_stop_unit


# --- staff roles --------------------------------------------------------------------


def staff_scope_check(*, user: User, agency: Agency, unit: Unit | None) -> None:
    """Who may hold a role where: staff accounts only, and a unit of the agency itself.
    Also used by the admin forms."""
    if user.kind != UserKind.STAFF:
        raise ApplicationError(
            "Chỉ tài khoản cán bộ mới được phân công vai trò.",
            code="user_not_staff",
            detail={"user": user.pk},
        )
    if unit is not None and unit.agency_id != agency.pk:
        raise ApplicationError(
            f"Phòng/ban {unit.name} không thuộc {agency.name}.",
            code="unit_not_in_agency",
            detail={"unit": unit.code, "agency": agency.code},
        )


@transaction.atomic
def staff_sync_admin_access(*, actor: User | None, user: User) -> User:
    """The Django admin is open (``is_staff``) exactly while ``user`` holds an active
    administrator assignment at an active agency (superusers keep it regardless)."""
    holds = StaffAssignment.objects.filter(
        user=user, role__code=RoleCode.ADMINISTRATOR, is_active=True, agency__is_active=True
    ).exists()
    return user_set_admin_access(actor=actor, user=user, allowed=holds)


@transaction.atomic
def staff_assign_role(
    *,
    actor: User | None,
    user: User,
    role_code: str,
    agency: Agency,
    unit: Unit | None = None,
    one_stop_unit: OneStopUnit | None = None,
) -> StaffAssignment:
    """Give ``user`` a role at ``agency`` (optionally narrowed to a unit or a one-stop
    unit). Idempotent: the same assignment again returns the existing row, reactivated
    if it had been revoked. The one-stop unit need not be run by ``agency``: the
    centre's counters are staffed by officers of the agencies whose procedures it
    receives (DOMAIN.md §1). The administrator role opens the Django admin (``is_staff``)."""
    role = role_get_by_code(code=role_code)
    staff_scope_check(user=user, agency=agency, unit=unit)
    if not agency.is_active:
        raise ApplicationError(
            f"{agency.name} đã ngừng hoạt động.",
            code="agency_inactive",
            detail={"agency": agency.code},
        )
    if one_stop_unit is not None and not one_stop_unit.is_active:
        raise ApplicationError(
            "Bộ phận một cửa này đã ngừng hoạt động.",
            code="one_stop_unit_inactive",
            detail={"one_stop_unit": one_stop_unit.code},
        )
    # Lock the person so two concurrent grants of the same role queue up.
    User.objects.select_for_update().filter(pk=user.pk).first()
    assignment, created = StaffAssignment.objects.get_or_create(
        user=user, role=role, agency=agency, unit=unit, one_stop_unit=one_stop_unit
    )
    if not created and assignment.is_active:
        return assignment
    if not created:
        assignment.is_active = True
        assignment.save(update_fields=["is_active", "updated_at"])
    staff_sync_admin_access(actor=actor, user=user)
    audit_record(
        actor=actor,
        action="staff_assign_role",
        obj=assignment,
        detail={"user": user.username, "role": role_code, "agency": agency.code},
    )
    return assignment


@transaction.atomic
def staff_revoke_role(
    *,
    actor: User | None,
    user: User,
    role_code: str,
    agency: Agency,
    unit: Unit | None = None,
    one_stop_unit: OneStopUnit | None = None,
) -> StaffAssignment:
    """End an active assignment (kept, inactive, for the history of who did what). When
    the last administrator assignment ends, the admin closes to the person."""
    assignment = (
        StaffAssignment.objects.select_for_update()
        .filter(
            user=user,
            role__code=role_code,
            agency=agency,
            unit=unit,
            one_stop_unit=one_stop_unit,
            is_active=True,
        )
        .first()
    )
    if assignment is None:
        raise NotFoundError(
            "Cán bộ không giữ vai trò này tại cơ quan đã chọn.",
            code="staff_assignment_not_found",
            detail={"user": user.username, "role": role_code, "agency": agency.code},
        )
    assignment.is_active = False
    assignment.save(update_fields=["is_active", "updated_at"])
    staff_sync_admin_access(actor=actor, user=user)
    audit_record(
        actor=actor,
        action="staff_revoke_role",
        obj=assignment,
        detail={"user": user.username, "role": role_code, "agency": agency.code},
    )
    return assignment
