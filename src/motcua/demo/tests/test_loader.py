"""``demo_load`` on an empty database, and again. One load serves the whole module; it
runs in a transaction rolled back at the module's end, so no other test sees it. The
demo dossiers are left out here (``test_demo_dossiers`` loads them): replaying them is
most of the load's time."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from unittest import mock

import pytest
from django.db import transaction
from django.db.models import Sum
from django.test import override_settings

from motcua.accounts.constants import RoleCode, UserKind
from motcua.accounts.models import Citizen, Organisation, User
from motcua.agencies.constants import AgencyKind, OneStopUnitKind
from motcua.agencies.models import AdministrativeUnit, Agency, OneStopUnit, StaffAssignment
from motcua.catalog.constants import TimeUnit, VersionStatus
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.demo.loader import DemoSummary, demo_load
from motcua.feedback.constants import FEEDBACK_HANDLER
from motcua.feedback.models import Complaint

pytestmark = pytest.mark.django_db

# Hashing 19 passwords with the production hasher would dominate the run.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

COMMUNE_CODES = [
    "000.00.51.H62",
    "000.00.52.H62",
    "000.00.53.H62",
    "000.00.54.H62",
    "000.00.55.H62",
]


@pytest.fixture(scope="module")
def first_load(django_db_setup, django_db_blocker) -> Iterator[DemoSummary]:
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        mock.patch("motcua.demo.loader.demo_dossiers_load", return_value=0),
        transaction.atomic(),
    ):
        yield demo_load()
        transaction.set_rollback(True)


def test_first_load_creates_the_whole_demo(first_load):
    assert first_load == DemoSummary(
        divisions=125,  # Vĩnh Long and its 124 communes and wards
        agencies=16,
        units=36,
        one_stop_units=8,
        staff=17,
        citizens=5,
        organisations=1,
        procedures=29,
        complaints=3,
    )
    assert AdministrativeUnit.objects.get(code="86", valid_to__isnull=True).name == "Vĩnh Long"


def test_second_load_creates_nothing(first_load):
    again = demo_load()
    assert again.total == 0
    assert Procedure.objects.count() == 29
    assert ProcedureVersion.objects.count() == 29
    assert User.objects.count() == 23
    assert StaffAssignment.objects.count() == 17
    assert Complaint.objects.count() == 3


def test_the_construction_department_has_feedback_to_handle(first_load):
    """Issue 5 §7: its handler finds one item to accept, one accepted, and one answered
    and published that anyone can read on the portal."""
    statuses = Counter(
        Complaint.objects.filter(agency__code="000.00.04.H62").values_list("status", flat=True)
    )
    assert statuses == {"received": 1, "accepted": 1, "published": 1}
    handler = StaffAssignment.objects.get(user__username="phananh.xaydung")
    assert (handler.role.code, handler.agency.code) == (FEEDBACK_HANDLER, "000.00.04.H62")
    published = Complaint.objects.get(status="published")
    assert published.code.startswith("PAKN-")
    assert "15 ngày làm việc" in published.answer


def test_province_departments_branches_and_communes(first_load):
    province = Agency.objects.get(code="000.00.00.H62")
    assert province.kind == AgencyKind.PROVINCIAL_COMMITTEE
    departments = Agency.objects.filter(kind=AgencyKind.PROVINCIAL_DEPARTMENT, parent=province)
    assert departments.count() >= 5
    assert {"Sở Tư pháp", "Sở Xây dựng", "Sở Tài chính", "Sở Y tế"} <= set(
        departments.values_list("short_name", flat=True)
    )
    branches = set(
        Agency.objects.filter(kind=AgencyKind.VERTICAL_BRANCH).values_list("name", flat=True)
    )
    assert branches == {
        "Công an tỉnh Vĩnh Long",
        "Thuế tỉnh Vĩnh Long",
        "Bảo hiểm xã hội tỉnh Vĩnh Long",
    }
    communes = Agency.objects.filter(kind=AgencyKind.COMMUNE_COMMITTEE)
    assert sorted(communes.values_list("code", flat=True)) == COMMUNE_CODES
    assert communes.get(code="000.00.51.H62").administrative_unit.name == "Phường Long Châu"


def test_each_agency_is_served_by_a_one_stop_unit(first_load):
    centre = OneStopUnit.objects.get(code="TTPVHCC-VL")
    assert centre.kind == OneStopUnitKind.PROVINCIAL_CENTRE
    assert set(centre.reception_points.values_list("code", flat=True)) == {
        "TTPVHCC-VL-BENTRE",
        "TTPVHCC-VL-TRAVINH",
    }
    commune_centres = OneStopUnit.objects.filter(kind=OneStopUnitKind.COMMUNE_CENTRE)
    assert commune_centres.count() == 5
    assert {"Phường Long Châu", "Phường Phước Hậu", "Phường Thanh Đức"} <= set(
        commune_centres.values_list("administrative_unit__name", flat=True)
    )
    assert not Agency.objects.filter(one_stop_unit__isnull=True).exists()
    assert Agency.objects.get(code="000.00.04.H62").one_stop_unit == centre
    long_chau = Agency.objects.get(code="000.00.51.H62")
    assert long_chau.one_stop_unit.code == "TTPVHCC-LONGCHAU"


def test_there_is_an_account_for_every_role(first_load):
    held = set(StaffAssignment.objects.values_list("role__code", flat=True))
    assert held == set(RoleCode.values) | {FEEDBACK_HANDLER}
    counters = StaffAssignment.objects.filter(role__code=RoleCode.COUNTER_OFFICER)
    assert {"TTPVHCC-VL", "TTPVHCC-LONGCHAU"} <= set(
        counters.values_list("one_stop_unit__code", flat=True)
    )
    specialist = StaffAssignment.objects.get(user__username="chuyenvien.xd")
    assert (specialist.agency.code, specialist.unit.code) == ("000.00.04.H62", "QLXD")
    head = StaffAssignment.objects.get(user__username="truongphong.xd")
    assert (head.role.code, head.unit.code) == (RoleCode.UNIT_HEAD, "QLXD")


def test_only_the_administrator_gets_the_admin_site(first_load):
    admin = User.objects.get(username="quantri")
    assert admin.is_superuser and admin.is_staff
    others = User.objects.filter(kind=UserKind.STAFF).exclude(username="quantri")
    assert not others.filter(is_staff=True).exists()
    assert not others.filter(is_superuser=True).exists()


def test_every_demo_login_takes_the_demo_password(first_load):
    users = User.objects.all()
    assert users.count() == 23
    assert all(user.check_password("MotCua@2026") for user in users)


def test_citizens_and_the_business_log_in_with_their_numbers(first_load):
    citizen = Citizen.objects.get(citizen_id="084201007890")
    assert citizen.user.username == "084201007890"
    assert (citizen.full_name, citizen.date_of_birth) == ("Kim Hoàng Nam", dt.date(2001, 1, 9))
    assert Citizen.objects.filter(user__isnull=False).count() == 5
    business = Organisation.objects.get(tax_code="1500234569")
    assert business.user.kind == UserKind.ORGANISATION


def test_every_procedure_has_one_published_version_in_force(first_load):
    versions = ProcedureVersion.objects.all()
    assert versions.count() == Procedure.objects.count() == 29
    assert set(versions.values_list("status", flat=True)) == {VersionStatus.PUBLISHED}
    assert set(versions.values_list("effective_from", flat=True)) == {dt.date(2025, 7, 1)}
    assert not versions.filter(effective_to__isnull=False).exists()
    assert not versions.filter(agencies__isnull=True).exists()


def test_published_budgets_add_up(first_load):
    for version in ProcedureVersion.objects.all():
        total = version.steps.aggregate(total=Sum("budget"))["total"]
        if version.time_limit_unit == TimeUnit.SAME_DAY:
            assert total <= Decimal(8), version
        else:
            assert total == version.time_limit_value, version
        for participant in version.participants.all():
            spent = participant.steps.aggregate(total=Sum("budget"))["total"]
            assert spent == participant.budget, participant


def test_commune_procedures_are_decided_by_every_demo_commune(first_load):
    birth = ProcedureVersion.objects.get(procedure__code="1.001193")
    assert sorted(birth.agencies.values_list("code", flat=True)) == COMMUNE_CODES
    works = ProcedureVersion.objects.get(procedure__code="1.009974")
    assert list(works.agencies.values_list("short_name", flat=True)) == ["Sở Xây dựng"]


def test_fees_are_integer_dong_with_exemptions(first_load):
    copy = ProcedureVersion.objects.get(procedure__code="2.000815")
    assert copy.on_the_spot
    assert copy.time_limit_unit == TimeUnit.SAME_DAY
    assert list(copy.fees.values_list("amount", flat=True)) == [2_000, 1_000]
    record = ProcedureVersion.objects.get(procedure__code="2.000488").fees.get()
    assert record.amount == 200_000
    assert set(record.exemptions.values_list("code", flat=True)) == {
        "tre-em",
        "nguoi-cao-tuoi",
        "nguoi-khuyet-tat",
        "ho-ngheo",
    }
    house = ProcedureVersion.objects.get(procedure__code="1.013225").fees.get()
    assert house.amount == 75_000
    birth = ProcedureVersion.objects.get(procedure__code="1.001193").fees.get()
    assert birth.amount == 0
    residence = ProcedureVersion.objects.get(procedure__code="1.004222").fees.get()
    assert (residence.amount, residence.online_amount) == (20_000, 10_000)


def test_linked_procedures_name_their_agencies(first_load):
    birth_linked = ProcedureVersion.objects.get(procedure__code="2.000986")
    participants = list(birth_linked.participants.order_by("order"))
    assert [p.role for p in participants] == ["lead", "coordinating", "coordinating"]
    assert [p.budget for p in participants] == [Decimal("1.25"), Decimal(3), Decimal("0.75")]
    assert participants[2].agency.code == "000.00.83.H62"
    land = ProcedureVersion.objects.get(procedure__code="1.013978")
    tax = land.participants.get(agency__code="000.00.82.H62")
    assert tax.budget == Decimal(5)
