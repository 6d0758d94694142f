"""Services of accounts: staff logins, admin access, citizens and organisations."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest

from motcua.accounts.constants import Gender, UserKind
from motcua.accounts.models import Citizen, Organisation, User
from motcua.accounts.services import (
    citizen_identity_check,
    citizen_register,
    organisation_register,
    staff_user_create,
    user_set_admin_access,
)
from motcua.accounts.tests.factories import CitizenFactory, OrganisationFactory, UserFactory
from motcua.core.exceptions import ApplicationError
from motcua.core.models import AuditEntry

pytestmark = pytest.mark.django_db

STRONG = "Một-Cửa-Vĩnh-Long-2025"


def _refused(expected: str, func: Callable[..., Any], /, **kwargs: Any) -> ApplicationError:
    with pytest.raises(ApplicationError) as exc:
        func(**kwargs)
    assert exc.value.code == expected, exc.value.message
    return exc.value


# --- staff_user_create -----------------------------------------------------------------


def test_staff_user_create() -> None:
    admin = UserFactory(superuser=True)
    decomposed = unicodedata.normalize("NFD", "Nguyễn  Thị Hồng")
    user = staff_user_create(
        actor=admin,
        username="hong.nt",
        full_name=decomposed,
        password=STRONG,
        email="Hong.NT@VinhLong.GOV.VN",
        phone="0912 345 678",
    )
    user.refresh_from_db()
    assert user.kind == UserKind.STAFF
    assert user.full_name == "Nguyễn Thị Hồng"
    assert unicodedata.is_normalized("NFC", user.full_name)
    assert user.email == "Hong.NT@vinhlong.gov.vn"
    assert user.phone == "0912345678"
    assert user.is_staff is False
    assert user.check_password(STRONG)
    entry = AuditEntry.objects.get(action="staff_user_create")
    assert (entry.actor, entry.object_id) == (admin, str(user.pk))


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"username": "  "}, "username_required"),
        ({"username": "hong nt"}, "invalid"),
        ({"username": "001099012345"}, "username_reserved"),
        ({"username": "0100107518-001"}, "username_reserved"),
        ({"full_name": " "}, "full_name_required"),
        ({"email": "hong@"}, "email_invalid"),
        ({"phone": "12345"}, "phone_format"),
        ({"password": "12345678"}, "password_weak"),
    ],
)
def test_staff_user_create_refused(fields: dict[str, str], code: str) -> None:
    kwargs = {"actor": None, "username": "hong.nt", "full_name": "Nguyễn Thị Hồng"}
    kwargs["password"] = STRONG
    kwargs.update(fields)
    _refused(code, staff_user_create, **kwargs)
    assert not User.objects.filter(full_name="Nguyễn Thị Hồng").exists()


def test_staff_user_create_refuses_taken_username_whatever_the_case() -> None:
    UserFactory(username="hong.nt")
    error = _refused(
        "username_taken",
        staff_user_create,
        actor=None,
        username="Hong.NT",
        full_name="Nguyễn Thị Hồng",
        password=STRONG,
    )
    assert error.message == "Tên đăng nhập Hong.NT đã được sử dụng."


# --- user_set_admin_access -------------------------------------------------------------


def test_user_set_admin_access_opens_and_closes() -> None:
    user = UserFactory()
    user_set_admin_access(actor=None, user=user, allowed=True)
    user.refresh_from_db()
    assert user.is_staff is True
    user_set_admin_access(actor=None, user=user, allowed=True)
    assert AuditEntry.objects.filter(action="user_set_admin_access").count() == 1
    user_set_admin_access(actor=None, user=user, allowed=False)
    user.refresh_from_db()
    assert user.is_staff is False
    assert AuditEntry.objects.filter(action="user_set_admin_access").count() == 2


def test_user_set_admin_access_refused_to_applicants() -> None:
    citizen = UserFactory(citizen=True)
    _refused("user_not_staff", user_set_admin_access, actor=None, user=citizen, allowed=True)


def test_user_set_admin_access_leaves_superusers_alone() -> None:
    root = UserFactory(superuser=True)
    user_set_admin_access(actor=None, user=root, allowed=False)
    root.refresh_from_db()
    assert root.is_staff is True
    assert not AuditEntry.objects.filter(action="user_set_admin_access").exists()


# --- citizens --------------------------------------------------------------------------


def test_citizen_register_without_login() -> None:
    officer = UserFactory()
    citizen = citizen_register(
        actor=officer,
        citizen_id=" 001099012345 ",
        full_name=unicodedata.normalize("NFD", "Lê Văn Hùng"),
        phone="0912.345.678",
        email="hung@example.vn",
        address="Số 1 Tràng Tiền, Phường Hoàn Kiếm",
        date_of_birth=dt.date(1999, 3, 15),
        gender=Gender.MALE,
    )
    citizen.refresh_from_db()
    assert citizen.citizen_id == "001099012345"
    assert citizen.full_name == "Lê Văn Hùng"
    assert unicodedata.is_normalized("NFC", citizen.full_name)
    assert citizen.phone == "0912345678"
    assert citizen.user is None
    entry = AuditEntry.objects.get(action="citizen_register")
    assert entry.actor == officer
    assert entry.detail == {"citizen_id": "001099012345", "with_login": False}


def test_citizen_register_with_login() -> None:
    citizen = citizen_register(citizen_id="086185000123", full_name="Trần Thị Mai", password=STRONG)
    user = citizen.user
    assert user is not None
    assert (user.username, user.kind, user.full_name) == (
        "086185000123",
        UserKind.CITIZEN,
        "Trần Thị Mai",
    )
    assert user.is_staff is False
    assert user.check_password(STRONG)


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"citizen_id": "003099012345"}, "citizen_id_province"),
        ({"citizen_id": "00109901234"}, "citizen_id_format"),
        ({"citizen_id": "00109901234A"}, "citizen_id_format"),
        ({"full_name": ""}, "full_name_required"),
        ({"gender": "other"}, "gender_invalid"),
        ({"gender": Gender.FEMALE}, "citizen_id_gender_mismatch"),
        ({"date_of_birth": dt.date(1998, 12, 31)}, "citizen_id_birth_mismatch"),
        ({"citizen_id": "001299000001", "date_of_birth": dt.date(2099, 1, 1)}, "birth_future"),
        ({"email": "hung@@example.vn"}, "email_invalid"),
        ({"password": "hung"}, "password_weak"),
    ],
)
def test_citizen_register_refused(fields: dict[str, object], code: str) -> None:
    kwargs: dict[str, object] = {"citizen_id": "001099012345", "full_name": "Lê Văn Hùng"}
    kwargs.update(fields)
    _refused(code, citizen_register, **kwargs)
    assert not Citizen.objects.exists()
    assert not User.objects.filter(kind=UserKind.CITIZEN).exists()


def test_citizen_register_refuses_a_registered_id() -> None:
    CitizenFactory(citizen_id="001099012345")
    error = _refused(
        "citizen_id_taken", citizen_register, citizen_id="001099012345", full_name="Lê Văn Hùng"
    )
    assert error.message == "Công dân có số định danh 001099012345 đã được đăng ký."


def test_citizen_register_refuses_a_login_name_in_use() -> None:
    UserFactory(username="001099012345", kind=UserKind.CITIZEN)
    _refused(
        "username_taken",
        citizen_register,
        citizen_id="001099012345",
        full_name="Lê Văn Hùng",
        password=STRONG,
    )
    assert not Citizen.objects.exists()


def test_citizen_identity_check_accepts_matching_facts() -> None:
    citizen_identity_check(
        citizen_id="079203001234", date_of_birth=dt.date(2003, 9, 2), gender=Gender.MALE
    )
    citizen_identity_check(citizen_id="079203001234", date_of_birth=None, gender="")


# --- organisations ---------------------------------------------------------------------


def test_organisation_register() -> None:
    organisation = organisation_register(
        tax_code="0100107518",
        name="Tổng công ty Hàng không Việt Nam",
        address="200 Nguyễn Sơn, Long Biên, Hà Nội",
        representative="Đặng Ngọc Hòa",
        phone="024 3827 2289",
    )
    organisation.refresh_from_db()
    assert organisation.tax_code == "0100107518"
    assert organisation.phone == "02438272289"
    assert organisation.user is None
    assert AuditEntry.objects.filter(action="organisation_register").count() == 1


def test_organisation_register_branch_and_personal_codes() -> None:
    branch = organisation_register(tax_code="0100107518-001", name="Chi nhánh Vietnam Airlines")
    household = organisation_register(tax_code="001099012345", name="Hộ kinh doanh Lê Văn Hùng")
    assert branch.tax_code == "0100107518-001"
    assert household.tax_code == "001099012345"


def test_organisation_register_with_login() -> None:
    organisation = organisation_register(
        tax_code="0100109106", name="Tập đoàn Công nghiệp - Viễn thông Quân đội", password=STRONG
    )
    assert organisation.user is not None
    assert organisation.user.username == "0100109106"
    assert organisation.user.kind == UserKind.ORGANISATION


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"tax_code": "0100107519"}, "tax_code_check"),
        ({"tax_code": "010010751"}, "tax_code_format"),
        ({"name": "  "}, "name_required"),
        ({"phone": "0912"}, "phone_format"),
    ],
)
def test_organisation_register_refused(fields: dict[str, str], code: str) -> None:
    kwargs = {"tax_code": "0100107518", "name": "Tổng công ty Hàng không Việt Nam"}
    kwargs.update(fields)
    _refused(code, organisation_register, **kwargs)
    assert not Organisation.objects.exists()


def test_organisation_register_refuses_a_registered_tax_code() -> None:
    OrganisationFactory(tax_code="0100109106")
    error = _refused("tax_code_taken", organisation_register, tax_code="0100109106", name="Viettel")
    assert error.message == "Tổ chức có mã số thuế 0100109106 đã được đăng ký."
