"""The admin pages of agencies and accounts load for a superuser, and their forms show
the services' refusals."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from motcua.accounts.constants import RoleCode
from motcua.accounts.tests.factories import CitizenFactory, OrganisationFactory, UserFactory, role
from motcua.agencies.constants import AgencyKind, DivisionLevel, OneStopUnitKind
from motcua.agencies.models import Agency, OneStopUnit, StaffAssignment
from motcua.agencies.tests.factories import (
    AgencyFactory,
    CommuneFactory,
    OneStopUnitFactory,
    StaffAssignmentFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    client = Client()
    client.force_login(UserFactory(superuser=True))
    return client


@pytest.fixture
def objects() -> dict[str, object]:
    assignment = StaffAssignmentFactory(unit=None)
    return {
        "administrativeunit": CommuneFactory(),
        "agency": assignment.agency,
        "unit": UnitFactory(agency=assignment.agency),
        "onestopunit": OneStopUnitFactory(reception_point=True),
        "staffassignment": assignment,
        "user": assignment.user,
        "role": role(RoleCode.LEADER),
        "citizen": CitizenFactory(),
        "organisation": OrganisationFactory(),
    }


MODELS = [
    ("agencies", "administrativeunit"),
    ("agencies", "agency"),
    ("agencies", "unit"),
    ("agencies", "onestopunit"),
    ("agencies", "staffassignment"),
    ("accounts", "user"),
    ("accounts", "role"),
    ("accounts", "citizen"),
    ("accounts", "organisation"),
]


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_admin_pages_load(client: Client, objects: dict[str, object], app: str, model: str) -> None:
    obj = objects[model]
    for url in (
        reverse(f"admin:{app}_{model}_changelist"),
        reverse(f"admin:{app}_{model}_changelist") + "?q=a",
        reverse(f"admin:{app}_{model}_add"),
        reverse(f"admin:{app}_{model}_change", args=[obj.pk]),  # type: ignore[attr-defined]
    ):
        assert client.get(url).status_code == 200, url


def test_admin_filters(client: Client, objects: dict[str, object]) -> None:
    changelist = reverse("admin:agencies_administrativeunit_changelist")
    for query in ("?current=yes", "?current=no", "?level__exact=commune"):
        assert client.get(changelist + query).status_code == 200
    agencies = reverse("admin:agencies_agency_changelist")
    assert client.get(agencies + "?kind__exact=provincial_department").status_code == 200


def test_admin_user_page_shows_assignments(client: Client, objects: dict[str, object]) -> None:
    assignment = objects["staffassignment"]
    page = client.get(reverse("admin:accounts_user_change", args=[assignment.user.pk]))  # type: ignore[attr-defined]
    content = page.content.decode()
    assert "Phân công vai trò" in content
    assert f'value="{assignment.pk}"' in content  # type: ignore[attr-defined]


def test_admin_agency_form_refuses_bad_codes_and_cycles(client: Client) -> None:
    url = reverse("admin:agencies_agency_add")
    data = {
        "code": "H62..22",
        "name": "Sở Tư pháp",
        "kind": AgencyKind.PROVINCIAL_DEPARTMENT,
        "level": DivisionLevel.PROVINCE,
        "is_active": "on",
        "units-TOTAL_FORMS": "0",
        "units-INITIAL_FORMS": "0",
    }
    page = client.post(url, data)
    assert page.status_code == 200
    assert "Mã định danh cơ quan gồm 2–40 ký tự" in page.content.decode()
    page = client.post(url, data | {"level": DivisionLevel.COMMUNE, "code": "H62.22"})
    assert "Loại cơ quan không phù hợp với cấp đã chọn." in page.content.decode()
    assert not Agency.objects.exists()

    parent = AgencyFactory()
    child = AgencyFactory(parent=parent)
    page = client.post(
        reverse("admin:agencies_agency_change", args=[parent.pk]),
        data | {"code": parent.code, "parent": child.pk},
    )
    assert page.status_code == 200
    assert "Không thể đặt cơ quan trực thuộc chính nó" in page.content.decode()


def test_admin_one_stop_unit_form_refuses_disordered_hours(client: Client) -> None:
    agency = AgencyFactory(provincial_committee=True)
    page = client.post(
        reverse("admin:agencies_onestopunit_add"),
        {
            "code": "TTPVHCC-86",
            "name": "Trung tâm",
            "kind": OneStopUnitKind.PROVINCIAL_CENTRE,
            "agency": agency.pk,
            "morning_start": "11:30",
            "morning_end": "07:30",
            "afternoon_start": "13:00",
            "afternoon_end": "17:00",
            "is_active": "on",
        },
    )
    assert page.status_code == 200
    assert "Giờ làm việc phải theo thứ tự" in page.content.decode()
    assert not OneStopUnit.objects.exists()


def test_admin_staff_assignment_refuses_a_foreign_unit_and_syncs_admin_access(
    client: Client,
) -> None:
    person = UserFactory()
    agency = AgencyFactory()
    url = reverse("admin:agencies_staffassignment_add")
    base = {"user": person.pk, "agency": agency.pk, "is_active": "on"}
    page = client.post(url, base | {"role": role(RoleCode.SPECIALIST).pk, "unit": UnitFactory().pk})
    assert page.status_code == 200
    assert "không thuộc" in page.content.decode()
    page = client.post(url, base | {"role": role(RoleCode.ADMINISTRATOR).pk})
    assert page.status_code == 302
    person.refresh_from_db()
    assert person.is_staff is True


def test_admin_revoke_action(client: Client) -> None:
    person = UserFactory()
    assignment = StaffAssignmentFactory(user=person, role=role(RoleCode.ADMINISTRATOR))
    person.is_staff = True
    person.save()
    page = client.post(
        reverse("admin:agencies_staffassignment_changelist"),
        {"action": "revoke", "_selected_action": [assignment.pk]},
    )
    assert page.status_code == 302
    assignment.refresh_from_db()
    person.refresh_from_db()
    assert assignment.is_active is False
    assert person.is_staff is False
    assert StaffAssignment.objects.filter(is_active=True).count() == 0
