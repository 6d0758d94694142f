"""/office/dang-nhap/: staff sign in, repeated failures lock the username for a while,
citizens and strangers are kept out of every office page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client, override_settings
from django.utils import timezone

from motcua.accounts.models import SignInFailure, User
from motcua.accounts.services import citizen_register
from motcua.agencies.services import staff_assign_role
from motcua.agencies.tests.factories import AgencyFactory
from motcua.workflow.tests.world import _roles_seeded

pytestmark = pytest.mark.django_db

PASSWORD = "Mật-khẩu-dài-2026"


@pytest.fixture
def officer():
    _roles_seeded()
    user = User.objects.create(
        username="tiepnhan", password=make_password(PASSWORD), kind="staff", full_name="Lê Thị Hoa"
    )
    staff_assign_role(actor=None, user=user, role_code="counter_officer", agency=AgencyFactory())
    return user


def _sign_in(client: Client, password: str = PASSWORD, **extra: str):
    return client.post(
        "/office/dang-nhap/", {"username": "tiepnhan", "password": password, **extra}
    )


def test_an_officer_signs_in_and_sees_their_role(client, officer):
    response = _sign_in(client)
    assert (response.status_code, response["Location"]) == (302, "/office/")
    html = client.get("/office/").content.decode()
    assert "Lê Thị Hoa" in html
    assert "Cán bộ một cửa" in html


def test_anonymous_is_sent_to_the_sign_in_and_back(client, officer):
    response = client.get("/office/")
    assert response.status_code == 302
    assert response["Location"] == "/office/dang-nhap/?next=/office/"
    response = _sign_in(client, next="/office/")
    assert response["Location"] == "/office/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/admin/"])
def test_next_stays_in_the_office(client, officer, target):
    assert _sign_in(client, next=target)["Location"] == "/office/"


def test_a_wrong_password_is_refused_in_vietnamese_and_counted(client, officer):
    response = _sign_in(client, password="sai-mat-khau")
    assert response.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert SignInFailure.objects.filter(username="tiepnhan").count() == 1


@override_settings(SIGN_IN_MAX_FAILURES=3, SIGN_IN_LOCKOUT_MINUTES=15)
def test_three_failures_lock_the_username_even_with_the_right_password(client, officer):
    for _ in range(3):
        assert _sign_in(client, password="sai").status_code == 401
    response = _sign_in(client)
    assert response.status_code == 401
    assert "Tài khoản tạm khóa do đăng nhập sai nhiều lần; thử lại sau 15 phút." in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session


@override_settings(SIGN_IN_MAX_FAILURES=3, SIGN_IN_LOCKOUT_MINUTES=15)
def test_the_lock_ends_when_the_failures_leave_the_window(client, officer):
    sixteen_minutes_ago = timezone.now() - dt.timedelta(minutes=16)
    SignInFailure.objects.bulk_create(
        [SignInFailure(username="tiepnhan", at=sixteen_minutes_ago) for _ in range(3)]
    )
    assert _sign_in(client).status_code == 302
    # A success wipes the count.
    assert not SignInFailure.objects.filter(username="tiepnhan").exists()


def test_a_citizen_account_gets_a_403_page(client):
    _roles_seeded()
    citizen = citizen_register(
        citizen_id="086099012345",
        full_name="Nguyễn Văn An",
        password=PASSWORD,
        phone="0912345678",
    )
    client.force_login(citizen.user)
    response = client.get("/office/")
    assert response.status_code == 403
    assert "Tài khoản này không có vai trò cán bộ trong hệ thống." in response.content.decode()


def test_an_officer_without_any_role_gets_a_403_page(client):
    user = User.objects.create(username="nghihuu", kind="staff")
    client.force_login(user)
    assert client.get("/office/").status_code == 403


def test_sign_out_needs_post(client, officer):
    client.force_login(officer)
    assert client.get("/office/dang-xuat/").status_code == 405
    assert client.post("/office/dang-xuat/")["Location"] == "/office/dang-nhap/"
    assert client.get("/office/").status_code == 302


def test_an_oversized_username_is_a_form_error_not_a_500(client, officer):
    response = client.post("/office/dang-nhap/", {"username": "x" * 5000, "password": "y"})
    assert response.status_code == 200
    assert not SignInFailure.objects.exists()
