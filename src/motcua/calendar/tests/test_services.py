"""Writes of the override table: rules, refusals and audit rows."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from motcua.calendar.constants import ExceptionKind
from motcua.calendar.models import CalendarException
from motcua.calendar.services import (
    calendar_exception_create,
    calendar_exception_delete,
    calendar_exception_update,
)
from motcua.calendar.tests.factories import (
    AdministrativeUnitFactory,
    CalendarExceptionFactory,
    StaffUserFactory,
)
from motcua.core.exceptions import ApplicationError
from motcua.core.models import AuditEntry

pytestmark = pytest.mark.django_db

DAY_OFF = ExceptionKind.DAY_OFF
WORKING_DAY = ExceptionKind.WORKING_DAY


def create(**fields):
    fields.setdefault("name", "Ngày điều chỉnh")
    return calendar_exception_create(actor=StaffUserFactory(), **fields)


def refused(code: str, call) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        call()
    assert caught.value.code == code
    return caught.value


def test_create_a_national_day_off_writes_the_row_and_an_audit_entry():
    actor = StaffUserFactory()
    row = calendar_exception_create(
        actor=actor,
        date=dt.date(2026, 3, 13),
        kind=DAY_OFF,
        name="  Nghỉ  thêm ",
        legal_basis="Thông báo 01/TB-BNV",
    )
    assert (row.date, row.kind, row.province, row.name) == (
        dt.date(2026, 3, 13),
        DAY_OFF,
        None,
        "Nghỉ thêm",
    )
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.object_id) == (
        actor,
        "calendar_exception_create",
        str(row.pk),
    )
    assert entry.detail == {
        "date": "2026-03-13",
        "kind": "day_off",
        "province": None,
        "name": "Nghỉ thêm",
        "legal_basis": "Thông báo 01/TB-BNV",
    }


def test_names_are_stored_nfc():
    decomposed = unicodedata.normalize("NFD", "Lễ hội Đền Hùng")
    row = create(date=dt.date(2026, 3, 13), kind=DAY_OFF, name=decomposed)
    assert row.name == "Lễ hội Đền Hùng"
    assert unicodedata.is_normalized("NFC", row.name)


def test_create_a_make_up_saturday():
    row = create(date=dt.date(2026, 3, 14), kind=WORKING_DAY)
    assert row.kind == WORKING_DAY


def test_a_make_up_day_may_cancel_a_package_holiday():
    # Fri 1 May 2026 is a holiday in the package; a working-day row overrides it.
    assert create(date=dt.date(2026, 5, 1), kind=WORKING_DAY).pk


def test_a_day_off_may_cancel_a_package_make_up_saturday():
    # Sat 22 Aug 2026 is worked in the package (swap for Mon 31 Aug).
    assert create(date=dt.date(2026, 8, 22), kind=DAY_OFF).pk


def test_refuse_a_make_up_day_on_a_normal_weekday():
    error = refused(
        "calendar_exception_already_working",
        lambda: create(date=dt.date(2026, 3, 10), kind=WORKING_DAY),
    )
    assert error.message == (
        "Ngày 10/03/2026 (thứ Ba) đã là ngày làm việc; không cần khai báo ngày làm bù."
    )
    assert not CalendarException.objects.exists()
    assert not AuditEntry.objects.exists()


def test_refuse_a_day_off_on_a_day_that_already_is_one():
    error = refused(
        "calendar_exception_already_off",
        lambda: create(date=dt.date(2026, 2, 17), kind=DAY_OFF),
    )
    assert error.message == (
        "Ngày 17/02/2026 (Tết Nguyên Đán) đã là ngày nghỉ; không cần khai báo thêm ngày nghỉ."
    )
    refused(
        "calendar_exception_already_off",
        lambda: create(date=dt.date(2026, 3, 15), kind=DAY_OFF),
    )
    assert not CalendarException.objects.exists()


def test_a_province_row_is_checked_against_the_national_rows():
    province = AdministrativeUnitFactory()
    CalendarExceptionFactory(date=dt.date(2026, 3, 14), make_up=True, name="Làm bù toàn quốc")
    # Nationally worked, so the province may keep it off but not declare it worked.
    refused(
        "calendar_exception_already_working",
        lambda: create(date=dt.date(2026, 3, 14), kind=WORKING_DAY, province=province),
    )
    row = create(date=dt.date(2026, 3, 14), kind=DAY_OFF, province=province)
    assert row.province == province
    assert AuditEntry.objects.get().detail["province"] == province.code


def test_refuse_a_commune_as_province():
    commune = AdministrativeUnitFactory(commune=True)
    error = refused(
        "calendar_exception_not_province",
        lambda: create(date=dt.date(2026, 3, 13), kind=DAY_OFF, province=commune),
    )
    assert "không phải đơn vị hành chính cấp tỉnh" in error.message


def test_refuse_a_second_row_for_the_same_day_and_place():
    province = AdministrativeUnitFactory()
    CalendarExceptionFactory(date=dt.date(2026, 3, 13))
    CalendarExceptionFactory(date=dt.date(2026, 3, 12), province=province)
    error = refused(
        "calendar_exception_duplicate",
        lambda: create(date=dt.date(2026, 3, 13), kind=DAY_OFF),
    )
    assert error.message == (
        "Ngày 13/03/2026 đã có điều chỉnh áp dụng cho toàn quốc; hãy sửa điều chỉnh đó."
    )
    error = refused(
        "calendar_exception_duplicate",
        lambda: create(date=dt.date(2026, 3, 12), kind=DAY_OFF, province=province),
    )
    assert f"tỉnh {province.name}" in error.message


def test_refuse_a_blank_name_and_an_unknown_kind():
    refused(
        "calendar_exception_name_missing",
        lambda: create(date=dt.date(2026, 3, 13), kind=DAY_OFF, name="   "),
    )
    refused(
        "calendar_exception_kind_invalid",
        lambda: create(date=dt.date(2026, 3, 13), kind="holiday"),
    )


def test_update_replaces_the_fields_and_records_before_and_after():
    province = AdministrativeUnitFactory()
    row = CalendarExceptionFactory(date=dt.date(2026, 3, 13), name="Nghỉ thêm")
    actor = StaffUserFactory()
    calendar_exception_update(
        actor=actor,
        exception=row,
        date=dt.date(2026, 3, 14),
        kind=WORKING_DAY,
        name="Làm bù",
        province=province,
        legal_basis="Quyết định 12/QĐ-UBND",
    )
    row.refresh_from_db()
    assert (row.date, row.kind, row.province, row.name, row.legal_basis) == (
        dt.date(2026, 3, 14),
        WORKING_DAY,
        province,
        "Làm bù",
        "Quyết định 12/QĐ-UBND",
    )
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action) == (actor, "calendar_exception_update")
    assert entry.detail["before"] == {
        "date": "2026-03-13",
        "kind": "day_off",
        "province": None,
        "name": "Nghỉ thêm",
        "legal_basis": "Thông báo thử nghiệm",
    }
    assert entry.detail["after"]["date"] == "2026-03-14"
    assert entry.detail["after"]["province"] == province.code


def test_update_of_the_name_only_is_not_refused_by_its_own_row():
    row = CalendarExceptionFactory(date=dt.date(2026, 3, 13))
    calendar_exception_update(
        actor=StaffUserFactory(),
        exception=row,
        date=row.date,
        kind=row.kind,
        name="Nghỉ lễ kỷ niệm",
        province=None,
        legal_basis="",
    )
    row.refresh_from_db()
    assert row.name == "Nghỉ lễ kỷ niệm"


def test_update_is_refused_like_create():
    row = CalendarExceptionFactory(date=dt.date(2026, 3, 13))
    CalendarExceptionFactory(date=dt.date(2026, 3, 12))
    refused(
        "calendar_exception_duplicate",
        lambda: calendar_exception_update(
            actor=StaffUserFactory(),
            exception=row,
            date=dt.date(2026, 3, 12),
            kind=DAY_OFF,
            name="Nghỉ thêm",
            province=None,
            legal_basis="",
        ),
    )
    refused(
        "calendar_exception_already_working",
        lambda: calendar_exception_update(
            actor=StaffUserFactory(),
            exception=row,
            date=dt.date(2026, 3, 13),
            kind=WORKING_DAY,
            name="Làm bù",
            province=None,
            legal_basis="",
        ),
    )
    row.refresh_from_db()
    assert (row.date, row.kind) == (dt.date(2026, 3, 13), DAY_OFF)
    assert not AuditEntry.objects.exists()


def test_delete_removes_the_row_and_records_it():
    row = CalendarExceptionFactory(date=dt.date(2026, 3, 13))
    pk = row.pk
    actor = StaffUserFactory()
    calendar_exception_delete(actor=actor, exception=row)
    assert not CalendarException.objects.exists()
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.object_id) == (
        actor,
        "calendar_exception_delete",
        str(pk),
    )
    assert entry.detail["date"] == "2026-03-13"
