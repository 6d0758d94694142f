"""/dang-nhap/ and /dang-xuat/: any account signs in on the portal (an officer without
admin access included) and is sent back where it was going, never off the site."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client

from motcua.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "Mật-khẩu-dài-2026"


@pytest.fixture
def officer():
    return User.objects.create(
        username="chuyenvien.xd", password=make_password(PASSWORD), kind="staff", is_staff=False
    )


def test_the_page_is_in_vietnamese(client):
    html = client.get("/dang-nhap/").content.decode()
    assert "<h1>Đăng nhập</h1>" in html
    assert '<label for="id_username">Tên đăng nhập' in html


def test_an_officer_signs_in_and_goes_where_they_were_going(client, officer):
    response = client.post(
        "/dang-nhap/", {"username": "chuyenvien.xd", "password": PASSWORD, "next": "/thong-bao/"}
    )
    assert (response.status_code, response["Location"]) == (302, "/thong-bao/")
    assert "Đăng xuất" in client.get("/thong-bao/").content.decode()


def test_without_next_the_notices_open(client, officer):
    response = client.post("/dang-nhap/", {"username": "chuyenvien.xd", "password": PASSWORD})
    assert response["Location"] == "/thong-bao/"


def test_a_wrong_password_signs_nobody_in(client, officer):
    response = client.post("/dang-nhap/", {"username": "chuyenvien.xd", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
def test_next_never_leaves_the_site(client, officer, target):
    response = client.post(
        "/dang-nhap/", {"username": "chuyenvien.xd", "password": PASSWORD, "next": target}
    )
    assert response["Location"] == "/thong-bao/"


def test_an_inactive_account_cannot_sign_in(client, officer):
    officer.is_active = False
    officer.save()
    response = client.post("/dang-nhap/", {"username": "chuyenvien.xd", "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_signing_in_needs_the_csrf_token(officer):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/dang-nhap/", {"username": "chuyenvien.xd", "password": PASSWORD})
    assert response.status_code == 403


def test_signing_out(client, officer):
    client.force_login(officer)
    response = client.post("/dang-xuat/")
    assert (response.status_code, response["Location"]) == (302, "/")
    assert "_auth_user_id" not in client.session
    assert client.get("/dang-xuat/").status_code == 405  # only by the form's POST
