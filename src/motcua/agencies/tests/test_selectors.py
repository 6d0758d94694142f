"""Selectors of agencies: the tree, one-stop units, roles and divisions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from motcua.accounts.constants import RoleCode
from motcua.accounts.tests.factories import UserFactory, role
from motcua.agencies.models import Agency
from motcua.agencies.selectors import (
    administrative_unit_get_by_code,
    agency_ancestor_ids,
    agency_ancestors,
    agency_depth,
    agency_descendants,
    agency_get_by_code,
    agency_list,
    communes_of,
    main_one_stop_unit_for,
    one_stop_unit_get_by_code,
    one_stop_unit_list,
    province_of,
    provinces,
    staff_agencies_with_role,
    staff_has_role,
    staff_roles,
)
from motcua.agencies.tests.factories import (
    AgencyFactory,
    CommuneFactory,
    DistrictFactory,
    OneStopUnitFactory,
    ProvinceFactory,
    StaffAssignmentFactory,
)
from motcua.core.exceptions import NotFoundError

pytestmark = pytest.mark.django_db

REFORM = dt.date(2025, 7, 1)


@pytest.fixture
def tree() -> dict[str, Agency]:
    """UBND tỉnh → Sở Tư pháp → Phòng công chứng số 1; UBND tỉnh → Sở Y tế; and an
    unrelated ministry."""
    province = AgencyFactory(provincial_committee=True, code="000.00.00.H62")
    justice = AgencyFactory(parent=province, code="H62.22", name="Sở Tư pháp")
    notary = AgencyFactory(parent=justice, code="H62.22.01", name="Phòng công chứng số 1")
    health = AgencyFactory(parent=province, code="H62.18", name="Sở Y tế")
    ministry = AgencyFactory(ministry=True, code="G01")
    return {
        "province": province,
        "justice": justice,
        "notary": notary,
        "health": health,
        "ministry": ministry,
    }


def _codes(agencies: object) -> set[str]:
    return {agency.code for agency in agencies}  # type: ignore[attr-defined]


def test_agency_descendants(tree: dict[str, Agency]) -> None:
    assert _codes(agency_descendants(agency=tree["province"])) == {
        "000.00.00.H62",
        "H62.22",
        "H62.22.01",
        "H62.18",
    }
    assert _codes(agency_descendants(agency=tree["justice"], include_self=False)) == {"H62.22.01"}
    assert _codes(agency_descendants(agency=tree["notary"], include_self=False)) == set()


def test_agency_descendants_reaches_the_sixth_level() -> None:
    chain = [AgencyFactory(ministry=True)]
    for _ in range(5):
        chain.append(AgencyFactory(vertical_branch=True, parent=chain[-1]))
    below = agency_descendants(agency=chain[0], include_self=False)
    assert set(below) == set(chain[1:])
    assert agency_depth(agency=chain[5]) == 6
    assert agency_ancestor_ids(agency=chain[5]) == [a.pk for a in reversed(chain[:5])]


def test_agency_descendants_is_one_lazy_query(
    tree: dict[str, Agency],
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    with django_assert_num_queries(1):
        assert Agency.objects.filter(pk__in=agency_descendants(agency=tree["justice"])).count() == 2


def test_agency_ancestors(tree: dict[str, Agency]) -> None:
    assert agency_ancestor_ids(agency=tree["notary"]) == [
        tree["justice"].pk,
        tree["province"].pk,
    ]
    assert _codes(agency_ancestors(agency=tree["notary"])) == {"H62.22", "000.00.00.H62"}
    assert _codes(agency_ancestors(agency=tree["justice"], include_self=True)) == {
        "H62.22",
        "000.00.00.H62",
    }
    assert agency_depth(agency=tree["province"]) == 1
    assert agency_depth(agency=tree["notary"]) == 3


def test_agency_get_by_code(tree: dict[str, Agency]) -> None:
    assert agency_get_by_code(code="H62.22") == tree["justice"]
    with pytest.raises(NotFoundError) as exc:
        agency_get_by_code(code="H62.99")
    assert exc.value.code == "agency_not_found"
    assert exc.value.http_status == 404


def test_agency_list(tree: dict[str, Agency]) -> None:
    AgencyFactory(code="H62.99", is_active=False)
    assert "H62.99" not in _codes(agency_list())
    assert "H62.99" in _codes(agency_list(active_only=False))


def test_one_stop_unit_get_by_code() -> None:
    centre = OneStopUnitFactory(code="TTPVHCC-86")
    assert one_stop_unit_get_by_code(code="TTPVHCC-86") == centre
    with pytest.raises(NotFoundError) as exc:
        one_stop_unit_get_by_code(code="TTPVHCC-01")
    assert exc.value.code == "one_stop_unit_not_found"


def test_one_stop_unit_list() -> None:
    centre = OneStopUnitFactory()
    other = OneStopUnitFactory()
    OneStopUnitFactory(is_active=False, agency=centre.agency)
    assert set(one_stop_unit_list()) == {centre, other}
    assert list(one_stop_unit_list(agency=centre.agency)) == [centre]


def test_main_one_stop_unit_for(tree: dict[str, Agency]) -> None:
    assert main_one_stop_unit_for(agency=tree["notary"]) is None
    provincial = OneStopUnitFactory(agency=tree["province"])
    Agency.objects.filter(pk=tree["province"].pk).update(one_stop_unit=provincial)
    # Nearest ancestor with a one-stop unit: the grandparent.
    assert main_one_stop_unit_for(agency=tree["notary"]) == provincial
    own = OneStopUnitFactory(agency=tree["justice"])
    Agency.objects.filter(pk=tree["justice"].pk).update(one_stop_unit=own)
    assert main_one_stop_unit_for(agency=tree["notary"]) == own
    tree["justice"].refresh_from_db()
    assert main_one_stop_unit_for(agency=tree["justice"]) == own
    assert main_one_stop_unit_for(agency=tree["health"]) == provincial
    assert main_one_stop_unit_for(agency=tree["ministry"]) is None


def test_main_one_stop_unit_for_passes_over_a_closed_unit(tree: dict[str, Agency]) -> None:
    provincial = OneStopUnitFactory(agency=tree["province"])
    closed = OneStopUnitFactory(agency=tree["justice"], is_active=False)
    Agency.objects.filter(pk=tree["province"].pk).update(one_stop_unit=provincial)
    Agency.objects.filter(pk=tree["justice"].pk).update(one_stop_unit=closed)
    tree["justice"].refresh_from_db()
    assert main_one_stop_unit_for(agency=tree["justice"]) == provincial


def test_staff_roles_lists_active_assignments_only(tree: dict[str, Agency]) -> None:
    officer = UserFactory()
    kept = StaffAssignmentFactory(user=officer, agency=tree["justice"])
    StaffAssignmentFactory(user=officer, agency=tree["health"], revoked=True)
    closed = AgencyFactory(is_active=False)
    StaffAssignmentFactory(user=officer, agency=closed)
    StaffAssignmentFactory(agency=tree["justice"])
    assert list(staff_roles(user=officer)) == [kept]


def test_staff_has_role_at_the_assigned_agency(tree: dict[str, Agency]) -> None:
    officer = UserFactory()
    StaffAssignmentFactory(user=officer, agency=tree["justice"], role=role(RoleCode.LEADER))
    assert staff_has_role(user=officer, role_code=RoleCode.LEADER)
    assert staff_has_role(user=officer, role_code=RoleCode.LEADER, agency=tree["justice"])
    assert not staff_has_role(user=officer, role_code=RoleCode.SPECIALIST)
    assert not staff_has_role(user=officer, role_code=RoleCode.LEADER, agency=tree["health"])


def test_staff_has_role_handling_roles_are_not_inherited(tree: dict[str, Agency]) -> None:
    leader = UserFactory()
    StaffAssignmentFactory(user=leader, agency=tree["province"], role=role(RoleCode.LEADER))
    assert not staff_has_role(user=leader, role_code=RoleCode.LEADER, agency=tree["justice"])


@pytest.mark.parametrize("code", [RoleCode.ADMINISTRATOR, RoleCode.INSPECTOR])
def test_staff_has_role_oversight_roles_reach_below(tree: dict[str, Agency], code: str) -> None:
    person = UserFactory()
    StaffAssignmentFactory(user=person, agency=tree["province"], role=role(code))
    assert staff_has_role(user=person, role_code=code, agency=tree["notary"])
    assert staff_has_role(user=person, role_code=code, agency=tree["province"])
    assert not staff_has_role(user=person, role_code=code, agency=tree["ministry"])


def test_staff_has_role_no_role_without_assignment() -> None:
    root = UserFactory(superuser=True)
    assert not staff_has_role(user=root, role_code=RoleCode.ADMINISTRATOR)
    assert not staff_has_role(user=AnonymousUser(), role_code=RoleCode.ADMINISTRATOR)  # type: ignore[arg-type]


def test_staff_agencies_with_role(tree: dict[str, Agency]) -> None:
    person = UserFactory()
    StaffAssignmentFactory(user=person, agency=tree["justice"], role=role(RoleCode.INSPECTOR))
    StaffAssignmentFactory(user=person, agency=tree["health"], role=role(RoleCode.SPECIALIST))
    assert _codes(staff_agencies_with_role(user=person, role_code=RoleCode.INSPECTOR)) == {
        "H62.22",
        "H62.22.01",
    }
    assert _codes(staff_agencies_with_role(user=person, role_code=RoleCode.SPECIALIST)) == {
        "H62.18"
    }
    assert not staff_agencies_with_role(user=person, role_code=RoleCode.LEADER).exists()


def test_administrative_unit_get_by_code_current_or_on_a_date() -> None:
    new = ProvinceFactory(code="30", name="Tỉnh mới")
    old = ProvinceFactory(code="30", name="Tỉnh cũ", valid_from=None, valid_to=REFORM)
    assert administrative_unit_get_by_code(code="30") == new
    assert administrative_unit_get_by_code(code="30", on=dt.date(2024, 12, 31)) == old
    assert administrative_unit_get_by_code(code="30", on=REFORM) == new
    with pytest.raises(NotFoundError) as exc:
        administrative_unit_get_by_code(code="31")
    assert exc.value.code == "administrative_unit_not_found"
    ProvinceFactory(code="32")  # in force from 1/7/2025 only
    with pytest.raises(NotFoundError):
        administrative_unit_get_by_code(code="32", on=dt.date(2025, 6, 30))


def test_provinces_and_communes() -> None:
    current = ProvinceFactory(code="30")
    old = ProvinceFactory(code="29", valid_from=None, valid_to=REFORM)
    commune = CommuneFactory(parent=current)
    CommuneFactory(parent=current, valid_from=None, valid_to=REFORM)
    assert list(provinces()) == [current]
    assert set(provinces(on=dt.date(2025, 1, 1))) == {old}
    assert list(communes_of(province=current)) == [commune]


def test_province_of() -> None:
    province = ProvinceFactory()
    commune = CommuneFactory(parent=province)
    district = DistrictFactory(parent=province)
    old_commune = CommuneFactory(parent=district, valid_from=None, valid_to=REFORM)
    assert province_of(unit=province) == province
    assert province_of(unit=commune) == province
    assert province_of(unit=district) == province
    assert province_of(unit=old_commune) == province
