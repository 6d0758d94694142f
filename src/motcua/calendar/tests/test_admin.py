"""The override table in the admin: pages render in Vietnamese, writes go through the
services (audit rows), refusals show next to the form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from motcua.accounts.constants import UserKind
from motcua.accounts.models import User
from motcua.calendar.constants import ExceptionKind
from motcua.calendar.models import CalendarException
from motcua.calendar.tests.factories import AdministrativeUnitFactory, CalendarExceptionFactory
from motcua.core.models import AuditEntry

pytestmark = pytest.mark.django_db

ADD = reverse("admin:workcalendar_calendarexception_add")
CHANGELIST = reverse("admin:workcalendar_calendarexception_changelist")


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser(
        username="quantri", password="mat-khau-thu", kind=UserKind.STAFF
    )
    client.force_login(user)
    client.user = user
    return client


def form(**fields):
    data = {
        "date": "2026-03-13",
        "kind": ExceptionKind.DAY_OFF,
        "province": "",
        "name": "Nghỉ thêm",
        "legal_basis": "Thông báo thử nghiệm",
    }
    data.update(fields)
    return data


def test_changelist_shows_weekday_and_scope(admin_client):
    province = AdministrativeUnitFactory(name="Tỉnh Lào Cai")
    CalendarExceptionFactory(date=dt.date(2026, 3, 13))
    CalendarExceptionFactory(date=dt.date(2026, 3, 12), province=province)
    page = admin_client.get(CHANGELIST).content.decode()
    assert "Thứ Sáu" in page
    assert "Toàn quốc" in page
    assert "Tỉnh Lào Cai" in page


def test_add_goes_through_the_service(admin_client):
    response = admin_client.post(ADD, form())
    assert response.status_code == 302
    row = CalendarException.objects.get()
    assert (row.date, row.kind, row.province) == (dt.date(2026, 3, 13), "day_off", None)
    entry = AuditEntry.objects.get(action="calendar_exception_create")
    assert entry.actor == admin_client.user
    assert entry.object_id == str(row.pk)


def test_add_refused_shows_the_message_and_writes_nothing(admin_client):
    response = admin_client.post(ADD, form(date="2026-03-10", kind=ExceptionKind.WORKING_DAY))
    assert response.status_code == 200
    assert "đã là ngày làm việc; không cần khai báo ngày làm bù" in response.content.decode()
    assert not CalendarException.objects.exists()
    assert not AuditEntry.objects.filter(object_type="workcalendar.calendarexception").exists()


def test_province_choices_are_provinces_only(admin_client):
    province = AdministrativeUnitFactory(name="Tỉnh Điện Biên")
    AdministrativeUnitFactory(commune=True, parent=province, name="Xã Mường Phăng")
    page = admin_client.get(ADD).content.decode()
    assert "Tỉnh Điện Biên" in page
    assert "Xã Mường Phăng" not in page


def test_change_goes_through_the_service(admin_client):
    row = CalendarExceptionFactory(date=dt.date(2026, 3, 13))
    url = reverse("admin:workcalendar_calendarexception_change", args=[row.pk])
    response = admin_client.post(url, form(name="Nghỉ lễ kỷ niệm"))
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.name == "Nghỉ lễ kỷ niệm"
    entry = AuditEntry.objects.get(action="calendar_exception_update")
    assert entry.detail["before"]["name"] == "Nghỉ thêm"
    assert entry.detail["after"]["name"] == "Nghỉ lễ kỷ niệm"


def test_delete_goes_through_the_service(admin_client):
    row = CalendarExceptionFactory(date=dt.date(2026, 3, 13))
    url = reverse("admin:workcalendar_calendarexception_delete", args=[row.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not CalendarException.objects.exists()
    assert AuditEntry.objects.filter(action="calendar_exception_delete").count() == 1


def test_bulk_delete_goes_through_the_service(admin_client):
    rows = [
        CalendarExceptionFactory(date=dt.date(2026, 3, 13)),
        CalendarExceptionFactory(date=dt.date(2026, 3, 12)),
    ]
    response = admin_client.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [r.pk for r in rows], "post": "yes"},
    )
    assert response.status_code == 302
    assert not CalendarException.objects.exists()
    assert AuditEntry.objects.filter(action="calendar_exception_delete").count() == 2
