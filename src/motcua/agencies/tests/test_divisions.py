"""Loading the administrative divisions in force since 1/7/2025 from
``vietnam-provinces`` (2025.10.1). Every count and code below was read by hand from the
package's data and checks against Resolution 202/2025/QH15 (34 provinces) and the
3,321 commune-level units (2,621 xã, 687 phường, 13 đặc khu)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from motcua.agencies.constants import DivisionLevel, DivisionType
from motcua.agencies.models import AdministrativeUnit
from motcua.agencies.services import divisions_load
from motcua.core.exceptions import ApplicationError

pytestmark = pytest.mark.django_db

REFORM = dt.date(2025, 7, 1)


def _current(**filters: object) -> int:
    return AdministrativeUnit.objects.filter(valid_to__isnull=True, **filters).count()


def test_divisions_load_all() -> None:
    assert divisions_load() == 3355
    assert _current(level=DivisionLevel.PROVINCE) == 34
    assert _current(level=DivisionLevel.COMMUNE) == 3321
    assert _current(division_type=DivisionType.PROVINCE) == 28
    assert _current(division_type=DivisionType.CENTRAL_CITY) == 6
    assert _current(division_type=DivisionType.COMMUNE) == 2621
    assert _current(division_type=DivisionType.WARD) == 687
    assert _current(division_type=DivisionType.SPECIAL_ZONE) == 13
    assert not AdministrativeUnit.objects.exclude(valid_from=REFORM).exists()
    assert not AdministrativeUnit.objects.filter(
        level=DivisionLevel.COMMUNE, parent__isnull=True
    ).exists()


def test_divisions_load_official_codes() -> None:
    divisions_load()
    hanoi = AdministrativeUnit.objects.get(code="01")
    assert (hanoi.name, hanoi.division_type, hanoi.parent) == (
        "Thành phố Hà Nội",
        DivisionType.CENTRAL_CITY,
        None,
    )
    hoan_kiem = AdministrativeUnit.objects.get(code="00070")
    assert (hoan_kiem.name, hoan_kiem.division_type, hoan_kiem.parent) == (
        "Phường Hoàn Kiếm",
        DivisionType.WARD,
        hanoi,
    )
    vinh_long = AdministrativeUnit.objects.get(code="86")
    assert (vinh_long.name, vinh_long.division_type) == ("Vĩnh Long", DivisionType.PROVINCE)
    assert vinh_long.children.count() == 124
    assert AdministrativeUnit.objects.get(code="29641").name == "Xã Cái Nhum"
    assert AdministrativeUnit.objects.get(code="29551").parent == vinh_long
    con_dao = AdministrativeUnit.objects.get(code="26732")
    assert (con_dao.name, con_dao.division_type, con_dao.parent.code) == (
        "Đặc khu Côn Đảo",
        DivisionType.SPECIAL_ZONE,
        "79",
    )
    assert AdministrativeUnit.objects.get(code="31078").name == "Đặc khu Phú Quốc"


def test_divisions_load_is_idempotent() -> None:
    assert divisions_load() == 3355
    assert divisions_load() == 0
    assert AdministrativeUnit.objects.count() == 3355


def test_divisions_load_is_bulk(django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    # 3,355 rows in batches (500 on PostgreSQL; SQLite's 999-parameter limit makes it
    # 142): a few dozen statements, not one per unit.
    with django_assert_max_num_queries(40):
        divisions_load()


def test_divisions_load_one_province_then_the_rest() -> None:
    assert divisions_load(province_codes=[86]) == 125
    assert _current(level=DivisionLevel.PROVINCE) == 1
    assert AdministrativeUnit.objects.get(code="86").children.count() == 124
    assert divisions_load() == 3230


def test_divisions_load_corrects_a_renamed_unit() -> None:
    divisions_load(province_codes=[86])
    AdministrativeUnit.objects.filter(code="29641").update(name="Xã Cái Nhum cũ")
    assert divisions_load(province_codes=[86]) == 0
    assert AdministrativeUnit.objects.get(code="29641").name == "Xã Cái Nhum"


def test_divisions_load_beside_the_pre_merger_unit_with_the_same_code() -> None:
    # The old Vĩnh Long (86) ended on 1/7/2025; the new one kept its code.
    old = AdministrativeUnit.objects.create(
        code="86",
        name="Tỉnh Vĩnh Long (trước sáp nhập)",
        level=DivisionLevel.PROVINCE,
        division_type=DivisionType.PROVINCE,
        valid_to=REFORM,
    )
    assert divisions_load(province_codes=[86]) == 125
    new = AdministrativeUnit.objects.get(code="86", valid_to__isnull=True)
    assert new != old
    assert AdministrativeUnit.objects.filter(code="86").count() == 2


def test_divisions_load_refuses_an_unknown_province() -> None:
    with pytest.raises(ApplicationError) as exc:
        divisions_load(province_codes=[86, 3])
    assert exc.value.code == "province_code_unknown"
    assert exc.value.detail == {"province_codes": [3]}
    assert not AdministrativeUnit.objects.exists()


def test_load_divisions_command() -> None:
    out = StringIO()
    # Vĩnh Long: 1 + 124 communes; Hà Nội: 1 + 126 (51 phường, 75 xã).
    call_command("load_divisions", "--province", "86", "--province", "1", stdout=out)
    assert out.getvalue() == "Đã tạo 252 đơn vị hành chính mới.\n"
    out = StringIO()
    call_command("load_divisions", "--province", "86", stdout=out)
    assert out.getvalue() == "Đã tạo 0 đơn vị hành chính mới.\n"


def test_load_divisions_command_refuses_an_unknown_province() -> None:
    with pytest.raises(CommandError, match=r"^Không có tỉnh mang mã 3\.$"):
        call_command("load_divisions", "--province", "3", stdout=StringIO())
