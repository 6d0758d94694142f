"""The administrator signs in to /admin/ in Vietnamese and finds a procedure version;
a citizen account is kept out."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from playwright.sync_api import expect

from motcua.accounts.models import User
from motcua.catalog.tests.published import published_catalog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_administrator_reads_the_catalog_in_vietnamese(page):
    published_catalog()
    User.objects.create(
        username="quantri",
        password=make_password("Mật-khẩu-dài-2026"),
        kind="staff",
        is_staff=True,
        is_superuser=True,
    )
    page.goto("/admin/")
    page.get_by_label("Tên đăng nhập").fill("quantri")
    page.get_by_label("Mật khẩu").fill("Mật-khẩu-dài-2026")
    page.get_by_role("button", name="Đăng nhập").click()

    expect(
        page.get_by_role("heading", name="Quản trị danh mục, cơ quan và tài khoản")
    ).to_be_visible()
    page.get_by_role("link", name="Phiên bản thủ tục").first.click()
    expect(page.get_by_role("link", name="1.009794 v1")).to_be_visible()
    expect(page.get_by_text("Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ")).to_be_visible()


def test_citizen_cannot_enter_the_admin(page):
    User.objects.create(
        username="086099012345", password=make_password("Mật-khẩu-dài-2026"), kind="citizen"
    )
    page.goto("/admin/")
    page.get_by_label("Tên đăng nhập").fill("086099012345")
    page.get_by_label("Mật khẩu").fill("Mật-khẩu-dài-2026")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Bạn hãy nhập đúng Tên đăng nhập và mật khẩu")).to_be_visible()
    assert "/admin/login/" in page.url
