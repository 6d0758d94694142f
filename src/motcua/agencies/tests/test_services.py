"""Services of agencies: agencies, units, one-stop units, legacy divisions, roles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from motcua.accounts.constants import RoleCode
from motcua.accounts.tests.factories import UserFactory, role
from motcua.agencies.constants import AgencyKind, DivisionLevel, DivisionType, OneStopUnitKind
from motcua.agencies.models import AdministrativeUnit, Agency, OneStopUnit, StaffAssignment, Unit
from motcua.agencies.services import (
    administrative_unit_create_legacy,
    agency_create,
    agency_set_one_stop_unit,
    agency_set_parent,
    one_stop_unit_create,
    one_stop_unit_set_office_hours,
    staff_assign_role,
    staff_revoke_role,
    staff_sync_admin_access,
    unit_create,
)
from motcua.agencies.tests.factories import (
    AgencyFactory,
    CommuneFactory,
    DistrictFactory,
    OneStopUnitFactory,
    ProvinceFactory,
    UnitFactory,
)
from motcua.core.exceptions import ApplicationError, NotFoundError
from motcua.core.models import AuditEntry

pytestmark = pytest.mark.django_db

REFORM = dt.date(2025, 7, 1)


def _refused(expected: str, func: Callable[..., Any], /, **kwargs: Any) -> ApplicationError:
    with pytest.raises(ApplicationError) as exc:
        func(**kwargs)
    assert exc.value.code == expected, exc.value.message
    return exc.value


def _chain(length: int) -> list[Agency]:
    """A ministry with ``length - 1`` levels of vertical branches below it."""
    agencies = [AgencyFactory(ministry=True)]
    for _ in range(length - 1):
        agencies.append(AgencyFactory(vertical_branch=True, parent=agencies[-1]))
    return agencies


# --- agency_create ---------------------------------------------------------------------


def test_agency_create_provincial_committee() -> None:
    admin = UserFactory()
    vinh_long = ProvinceFactory(name="Vĩnh Long")
    agency = agency_create(
        actor=admin,
        code=" 000.00.00.H62 ",
        name="Ủy ban nhân dân tỉnh Vĩnh Long",
        short_name="UBND tỉnh",
        kind=AgencyKind.PROVINCIAL_COMMITTEE,
        level=DivisionLevel.PROVINCE,
        administrative_unit=vinh_long,
        address="88 Hoàng Thái Hiếu, Phường Long Châu",
        email="ubnd@vinhlong.gov.vn",
    )
    agency.refresh_from_db()
    assert agency.code == "000.00.00.H62"
    assert agency.administrative_unit == vinh_long
    assert agency.is_active is True
    entry = AuditEntry.objects.get(action="agency_create")
    assert (entry.actor, entry.detail) == (admin, {"code": "000.00.00.H62", "parent": None})


def test_agency_create_department_under_committee() -> None:
    committee = AgencyFactory(provincial_committee=True)
    department = agency_create(
        actor=None,
        code="H62.22",
        name="Sở Tư pháp",
        kind=AgencyKind.PROVINCIAL_DEPARTMENT,
        level=DivisionLevel.PROVINCE,
        parent=committee,
    )
    assert department.parent == committee
    vertical = agency_create(
        actor=None,
        code="G09.62",
        name="Thuế tỉnh Vĩnh Long",
        kind=AgencyKind.VERTICAL_BRANCH,
        level=DivisionLevel.PROVINCE,
    )
    assert vertical.kind == AgencyKind.VERTICAL_BRANCH


@pytest.mark.parametrize(
    "code", ["H", "H60..22", ".H60", "H60.", "H60-22", "H 60", "Sở Tư pháp", "A" * 41]
)
def test_agency_create_refuses_malformed_codes(code: str) -> None:
    _refused(
        "agency_code_format",
        agency_create,
        actor=None,
        code=code,
        name="Sở Tư pháp",
        kind=AgencyKind.PROVINCIAL_DEPARTMENT,
        level=DivisionLevel.PROVINCE,
    )


@pytest.mark.parametrize("code", ["H62.22", "h62.22"])
def test_agency_create_refuses_a_taken_code(code: str) -> None:
    AgencyFactory(code="H62.22")
    error = _refused(
        "agency_code_taken",
        agency_create,
        actor=None,
        code=code,
        name="Sở Tư pháp",
        kind=AgencyKind.PROVINCIAL_DEPARTMENT,
        level=DivisionLevel.PROVINCE,
    )
    assert error.message == f"Mã định danh {code} đã được dùng cho cơ quan khác."


@pytest.mark.parametrize(
    ("kind", "level", "code"),
    [
        ("bureau", DivisionLevel.PROVINCE, "agency_kind_invalid"),
        (AgencyKind.MINISTRY, DivisionLevel.PROVINCE, "agency_level_mismatch"),
        (AgencyKind.PROVINCIAL_DEPARTMENT, DivisionLevel.COMMUNE, "agency_level_mismatch"),
        (AgencyKind.COMMUNE_COMMITTEE, DivisionLevel.PROVINCE, "agency_level_mismatch"),
    ],
)
def test_agency_create_refuses_kind_and_level_that_do_not_fit(
    kind: str, level: str, code: str
) -> None:
    _refused(code, agency_create, actor=None, code="H62.22", name="Cơ quan", kind=kind, level=level)


def test_agency_create_committee_area_must_be_of_its_level() -> None:
    kwargs: dict[str, Any] = {
        "actor": None,
        "name": "UBND xã Cái Nhum",
        "kind": AgencyKind.COMMUNE_COMMITTEE,
        "level": DivisionLevel.COMMUNE,
    }
    _refused(
        "agency_area_mismatch",
        agency_create,
        code="000.01.00.H62",
        administrative_unit=ProvinceFactory(),
        **kwargs,
    )
    commune = CommuneFactory()
    agency = agency_create(code="000.01.00.H62", administrative_unit=commune, **kwargs)
    assert agency.administrative_unit == commune
    # The area may be recorded later.
    assert agency_create(code="000.02.00.H62", **kwargs).administrative_unit is None


def test_agency_create_refuses_an_empty_name() -> None:
    _refused(
        "name_required",
        agency_create,
        actor=None,
        code="H62.22",
        name=" ",
        kind=AgencyKind.PROVINCIAL_DEPARTMENT,
        level=DivisionLevel.PROVINCE,
    )


def test_agency_create_refuses_a_seventh_level() -> None:
    chain = _chain(6)
    kwargs: dict[str, Any] = {
        "actor": None,
        "name": "Đội thuế",
        "kind": AgencyKind.VERTICAL_BRANCH,
        "level": DivisionLevel.COMMUNE,
    }
    agency_create(code="G09.99.01", parent=chain[4], **kwargs)
    _refused("agency_too_deep", agency_create, code="G09.99.02", parent=chain[5], **kwargs)


# --- agency_set_parent -----------------------------------------------------------------


def test_agency_set_parent_moves_the_agency() -> None:
    committee = AgencyFactory(provincial_committee=True)
    department = AgencyFactory()
    agency_set_parent(actor=None, agency=department, parent=committee)
    department.refresh_from_db()
    assert department.parent == committee
    agency_set_parent(actor=None, agency=department, parent=None)
    department.refresh_from_db()
    assert department.parent is None
    assert AuditEntry.objects.filter(action="agency_set_parent").count() == 2


def test_agency_set_parent_refuses_a_cycle() -> None:
    ministry, branch, local = _chain(3)
    _refused("agency_parent_cycle", agency_set_parent, actor=None, agency=ministry, parent=ministry)
    _refused("agency_parent_cycle", agency_set_parent, actor=None, agency=ministry, parent=local)
    _refused("agency_parent_cycle", agency_set_parent, actor=None, agency=branch, parent=local)
    ministry.refresh_from_db()
    assert ministry.parent is None


def test_agency_set_parent_refuses_a_tree_too_deep() -> None:
    deep = _chain(4)
    subtree = _chain(3)
    # 4 levels + a subtree 3 high = 7 levels.
    _refused("agency_too_deep", agency_set_parent, actor=None, agency=subtree[0], parent=deep[3])
    agency_set_parent(actor=None, agency=subtree[0], parent=deep[2])


# --- units -----------------------------------------------------------------------------


def test_unit_create() -> None:
    agency = AgencyFactory()
    unit = unit_create(actor=None, agency=agency, code="VP", name="Văn phòng Sở")
    assert (unit.agency, unit.code, unit.name) == (agency, "VP", "Văn phòng Sở")
    other = unit_create(actor=None, agency=AgencyFactory(), code="VP", name="Văn phòng")
    assert other.code == "VP"
    assert AuditEntry.objects.filter(action="unit_create").count() == 2


def test_unit_create_refused() -> None:
    agency = AgencyFactory()
    UnitFactory(agency=agency, code="VP")
    _refused("unit_code_taken", unit_create, actor=None, agency=agency, code="vp", name="VP")
    _refused("local_code_format", unit_create, actor=None, agency=agency, code="V P", name="VP")
    _refused("name_required", unit_create, actor=None, agency=agency, code="TC", name="")
    assert Unit.objects.count() == 1


# --- one-stop units --------------------------------------------------------------------


def test_one_stop_unit_create_with_default_hours() -> None:
    committee = AgencyFactory(provincial_committee=True)
    centre = one_stop_unit_create(
        actor=None,
        code="TTPVHCC-86",
        name="Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long",
        kind=OneStopUnitKind.PROVINCIAL_CENTRE,
        agency=committee,
    )
    centre.refresh_from_db()
    assert (centre.morning_start, centre.morning_end) == (dt.time(7, 30), dt.time(11, 30))
    assert (centre.afternoon_start, centre.afternoon_end) == (dt.time(13, 0), dt.time(17, 0))
    assert centre.saturday_morning is False
    assert AuditEntry.objects.filter(action="one_stop_unit_create").count() == 1


def test_one_stop_unit_create_reception_point_with_saturday_morning() -> None:
    centre = OneStopUnitFactory()
    point = one_stop_unit_create(
        actor=None,
        code="DTN-LONGCHAU",
        name="Điểm tiếp nhận Phường Long Châu",
        kind=OneStopUnitKind.RECEPTION_POINT,
        agency=centre.agency,
        parent=centre,
        saturday_morning=True,
        morning_start=dt.time(7, 0),
        morning_end=dt.time(11, 0),
        afternoon_start=dt.time(11, 0),
        afternoon_end=dt.time(16, 30),
    )
    assert point.parent == centre
    assert point.saturday_morning is True


@pytest.mark.parametrize(
    "hours",
    [
        (dt.time(11, 30), dt.time(7, 30), dt.time(13, 0), dt.time(17, 0)),
        (dt.time(7, 30), dt.time(13, 30), dt.time(13, 0), dt.time(17, 0)),
        (dt.time(7, 30), dt.time(11, 30), dt.time(17, 0), dt.time(13, 0)),
        (dt.time(7, 30), dt.time(7, 30), dt.time(13, 0), dt.time(17, 0)),
    ],
)
def test_one_stop_unit_create_refuses_disordered_hours(hours: tuple[dt.time, ...]) -> None:
    error = _refused(
        "office_hours_invalid",
        one_stop_unit_create,
        actor=None,
        code="TTPVHCC-86",
        name="Trung tâm",
        kind=OneStopUnitKind.PROVINCIAL_CENTRE,
        agency=AgencyFactory(provincial_committee=True),
        morning_start=hours[0],
        morning_end=hours[1],
        afternoon_start=hours[2],
        afternoon_end=hours[3],
    )
    assert error.message.startswith("Giờ làm việc không hợp lệ")
    assert not OneStopUnit.objects.exists()


def test_one_stop_unit_create_refuses_wrong_parents_and_codes() -> None:
    centre = OneStopUnitFactory(code="TTPVHCC-86")
    point = OneStopUnitFactory(reception_point=True, parent=centre)
    base: dict[str, Any] = {"actor": None, "name": "Điểm", "agency": centre.agency}
    point_kind = OneStopUnitKind.RECEPTION_POINT
    _refused(
        "reception_point_needs_centre", one_stop_unit_create, code="A", kind=point_kind, **base
    )
    _refused(
        "reception_point_needs_centre",
        one_stop_unit_create,
        code="B",
        kind=point_kind,
        parent=point,
        **base,
    )
    _refused(
        "one_stop_unit_parent_not_allowed",
        one_stop_unit_create,
        code="C",
        kind=OneStopUnitKind.COMMUNE_CENTRE,
        parent=centre,
        **base,
    )
    _refused(
        "one_stop_unit_code_taken",
        one_stop_unit_create,
        code="ttpvhcc-86",
        kind=OneStopUnitKind.PROVINCIAL_CENTRE,
        **base,
    )
    _refused("one_stop_kind_invalid", one_stop_unit_create, code="D", kind="kiosk", **base)
    _refused(
        "local_code_format",
        one_stop_unit_create,
        code="TT 86",
        kind=OneStopUnitKind.PROVINCIAL_CENTRE,
        **base,
    )
    assert OneStopUnit.objects.count() == 2


def test_one_stop_unit_set_office_hours() -> None:
    centre = OneStopUnitFactory()
    one_stop_unit_set_office_hours(
        actor=None,
        one_stop_unit=centre,
        morning_start=dt.time(7, 0),
        morning_end=dt.time(11, 30),
        afternoon_start=dt.time(13, 30),
        afternoon_end=dt.time(17, 0),
        saturday_morning=True,
    )
    centre.refresh_from_db()
    assert (centre.morning_start, centre.afternoon_start) == (dt.time(7, 0), dt.time(13, 30))
    assert centre.saturday_morning is True
    _refused(
        "office_hours_invalid",
        one_stop_unit_set_office_hours,
        actor=None,
        one_stop_unit=centre,
        morning_start=dt.time(7, 0),
        morning_end=dt.time(14, 0),
        afternoon_start=dt.time(13, 30),
        afternoon_end=dt.time(17, 0),
        saturday_morning=True,
    )


def test_agency_set_one_stop_unit() -> None:
    agency = AgencyFactory()
    centre = OneStopUnitFactory()
    agency_set_one_stop_unit(actor=None, agency=agency, one_stop_unit=centre)
    agency.refresh_from_db()
    assert agency.one_stop_unit == centre
    agency_set_one_stop_unit(actor=None, agency=agency, one_stop_unit=None)
    agency.refresh_from_db()
    assert agency.one_stop_unit is None
    closed = OneStopUnitFactory(is_active=False)
    _refused(
        "one_stop_unit_inactive",
        agency_set_one_stop_unit,
        actor=None,
        agency=agency,
        one_stop_unit=closed,
    )


# --- legacy divisions ------------------------------------------------------------------


def test_administrative_unit_create_legacy_district() -> None:
    quang_ninh = ProvinceFactory(name="Quảng Ninh")
    successors = [CommuneFactory(parent=quang_ninh), CommuneFactory(parent=quang_ninh)]
    district = administrative_unit_create_legacy(
        code="202",
        name="Huyện Bình Liêu",
        division_type=DivisionType.DISTRICT,
        parent=quang_ninh,
        valid_to=REFORM,
        successors=successors,
    )
    assert district.level == DivisionLevel.DISTRICT
    assert district.valid_to == REFORM
    assert set(district.successors.all()) == set(successors)
    assert list(successors[0].predecessors.all()) == [district]
    assert AuditEntry.objects.filter(action="administrative_unit_create_legacy").count() == 1


def test_administrative_unit_create_legacy_province_shares_a_current_code() -> None:
    ProvinceFactory(code="30")
    old = administrative_unit_create_legacy(
        code="30",
        name="Tỉnh cũ",
        division_type=DivisionType.PROVINCE,
        parent=None,
        valid_to=REFORM,
    )
    assert old.level == DivisionLevel.PROVINCE
    assert AdministrativeUnit.objects.filter(code="30").count() == 2


def test_administrative_unit_create_legacy_refused() -> None:
    province = ProvinceFactory()
    commune = CommuneFactory(parent=province)
    base: dict[str, Any] = {"name": "Huyện Cũ", "valid_to": REFORM}
    district = DivisionType.DISTRICT
    _refused(
        "administrative_unit_code_format",
        administrative_unit_create_legacy,
        code="2O2",
        division_type=district,
        parent=province,
        **base,
    )
    _refused(
        "division_type_invalid",
        administrative_unit_create_legacy,
        code="202",
        division_type="vung",
        parent=province,
        **base,
    )
    _refused(
        "administrative_unit_parent",
        administrative_unit_create_legacy,
        code="202",
        division_type=district,
        parent=None,
        **base,
    )
    _refused(
        "administrative_unit_parent",
        administrative_unit_create_legacy,
        code="20",
        division_type=DivisionType.PROVINCE,
        parent=province,
        **base,
    )
    _refused(
        "administrative_unit_parent",
        administrative_unit_create_legacy,
        code="07000",
        division_type=DivisionType.COMMUNE,
        parent=commune,
        **base,
    )
    _refused(
        "administrative_unit_period",
        administrative_unit_create_legacy,
        code="202",
        division_type=district,
        parent=province,
        valid_from=REFORM,
        **base,
    )
    DistrictFactory(code="202", parent=province)
    _refused(
        "administrative_unit_code_taken",
        administrative_unit_create_legacy,
        code="202",
        division_type=district,
        parent=province,
        **base,
    )


def test_two_current_units_cannot_share_a_code() -> None:
    ProvinceFactory(code="30")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProvinceFactory(code="30")


# --- staff roles -----------------------------------------------------------------------


def test_staff_assign_role() -> None:
    admin = UserFactory()
    officer = UserFactory()
    agency = AgencyFactory()
    unit = UnitFactory(agency=agency)
    assignment = staff_assign_role(
        actor=admin, user=officer, role_code=RoleCode.SPECIALIST, agency=agency, unit=unit
    )
    assert (assignment.role, assignment.agency, assignment.unit) == (
        role(RoleCode.SPECIALIST),
        agency,
        unit,
    )
    assert assignment.is_active is True
    officer.refresh_from_db()
    assert officer.is_staff is False
    entry = AuditEntry.objects.get(action="staff_assign_role")
    assert entry.detail == {
        "user": officer.username,
        "role": "specialist",
        "agency": agency.code,
    }


def test_staff_assign_role_is_idempotent() -> None:
    officer = UserFactory()
    agency = AgencyFactory()
    centre = OneStopUnitFactory()
    first = staff_assign_role(
        actor=None,
        user=officer,
        role_code=RoleCode.COUNTER_OFFICER,
        agency=agency,
        one_stop_unit=centre,
    )
    again = staff_assign_role(
        actor=None,
        user=officer,
        role_code=RoleCode.COUNTER_OFFICER,
        agency=agency,
        one_stop_unit=centre,
    )
    assert again.pk == first.pk
    assert StaffAssignment.objects.count() == 1
    assert AuditEntry.objects.filter(action="staff_assign_role").count() == 1


def test_staff_assign_role_reactivates_a_revoked_assignment() -> None:
    officer = UserFactory()
    agency = AgencyFactory()
    first = staff_assign_role(actor=None, user=officer, role_code="leader", agency=agency)
    staff_revoke_role(actor=None, user=officer, role_code="leader", agency=agency)
    again = staff_assign_role(actor=None, user=officer, role_code="leader", agency=agency)
    assert again.pk == first.pk
    assert again.is_active is True


def test_staff_assign_role_refused() -> None:
    officer = UserFactory()
    agency = AgencyFactory()
    foreign_unit = UnitFactory()
    _refused(
        "unit_not_in_agency",
        staff_assign_role,
        actor=None,
        user=officer,
        role_code=RoleCode.SPECIALIST,
        agency=agency,
        unit=foreign_unit,
    )
    _refused(
        "user_not_staff",
        staff_assign_role,
        actor=None,
        user=UserFactory(citizen=True),
        role_code=RoleCode.SPECIALIST,
        agency=agency,
    )
    with pytest.raises(NotFoundError) as exc:
        staff_assign_role(actor=None, user=officer, role_code="janitor", agency=agency)
    assert exc.value.code == "role_not_found"
    _refused(
        "agency_inactive",
        staff_assign_role,
        actor=None,
        user=officer,
        role_code=RoleCode.SPECIALIST,
        agency=AgencyFactory(is_active=False),
    )
    _refused(
        "one_stop_unit_inactive",
        staff_assign_role,
        actor=None,
        user=officer,
        role_code=RoleCode.COUNTER_OFFICER,
        agency=agency,
        one_stop_unit=OneStopUnitFactory(is_active=False),
    )
    assert not StaffAssignment.objects.exists()


def test_administrator_role_opens_and_closes_the_admin() -> None:
    person = UserFactory()
    province, commune = AgencyFactory(provincial_committee=True), AgencyFactory()
    staff_assign_role(actor=None, user=person, role_code=RoleCode.ADMINISTRATOR, agency=province)
    staff_assign_role(actor=None, user=person, role_code=RoleCode.ADMINISTRATOR, agency=commune)
    person.refresh_from_db()
    assert person.is_staff is True
    staff_revoke_role(actor=None, user=person, role_code=RoleCode.ADMINISTRATOR, agency=province)
    person.refresh_from_db()
    assert person.is_staff is True
    staff_revoke_role(actor=None, user=person, role_code=RoleCode.ADMINISTRATOR, agency=commune)
    person.refresh_from_db()
    assert person.is_staff is False


def test_staff_sync_admin_access_follows_the_agency() -> None:
    person = UserFactory()
    agency = AgencyFactory()
    staff_assign_role(actor=None, user=person, role_code=RoleCode.ADMINISTRATOR, agency=agency)
    Agency.objects.filter(pk=agency.pk).update(is_active=False)
    staff_sync_admin_access(actor=None, user=person)
    person.refresh_from_db()
    assert person.is_staff is False


def test_staff_revoke_role() -> None:
    officer = UserFactory()
    agency = AgencyFactory()
    unit = UnitFactory(agency=agency)
    staff_assign_role(actor=None, user=officer, role_code="unit_head", agency=agency, unit=unit)
    revoked = staff_revoke_role(
        actor=None, user=officer, role_code="unit_head", agency=agency, unit=unit
    )
    revoked.refresh_from_db()
    assert revoked.is_active is False
    assert AuditEntry.objects.filter(action="staff_revoke_role").count() == 1
    with pytest.raises(NotFoundError) as exc:
        staff_revoke_role(actor=None, user=officer, role_code="unit_head", agency=agency, unit=unit)
    assert exc.value.code == "staff_assignment_not_found"
    with pytest.raises(NotFoundError):
        staff_revoke_role(actor=None, user=officer, role_code="unit_head", agency=agency)


def test_assignment_without_unit_is_unique_in_the_database() -> None:
    officer = UserFactory()
    agency = AgencyFactory()
    specialist = role(RoleCode.SPECIALIST)
    StaffAssignment.objects.create(user=officer, role=specialist, agency=agency)
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffAssignment.objects.create(user=officer, role=specialist, agency=agency)
