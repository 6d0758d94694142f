"""A citizen, on a phone, registers on the portal, reads the code sent to their e-mail,
verifies the account, signs out, and signs in again with the e-mail address."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from motcua.notifications.models import Message

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mật-khẩu-dài-2026"
# The label, not "Nhập lại mật khẩu"; a required field's label ends with an asterisk.
PASSWORD_LABEL = re.compile(r"^Mật khẩu( \*)?$")


@pytest.fixture(autouse=True)
def _channels(settings):
    settings.NOTIFY_CHANNELS = ["sms", "email", "in_app"]


def test_a_citizen_registers_verifies_and_signs_in_on_a_phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    page.get_by_role("link", name="Đăng ký", exact=True).click()
    expect(page.get_by_role("heading", name="Đăng ký tài khoản công dân")).to_be_visible()

    page.get_by_label("Số định danh cá nhân (CCCD)").fill("001090012345")
    page.get_by_label("Họ và tên").fill("Nguyễn Văn An")
    page.get_by_label("Số điện thoại").fill("0912 345 678")
    page.get_by_label("Thư điện tử").fill("an@example.vn")
    page.get_by_label(PASSWORD_LABEL).fill("12345678")
    page.get_by_label("Nhập lại mật khẩu").fill("12345678")
    page.get_by_role("button", name="Đăng ký").click()
    # A weak password is refused on its field, the rest kept.
    expect(page.get_by_text("Mật khẩu chưa đủ mạnh")).to_be_visible()
    expect(page.get_by_label("Họ và tên")).to_have_value("Nguyễn Văn An")
    expect(page.get_by_label(PASSWORD_LABEL)).to_have_attribute("aria-invalid", "true")

    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_role("heading", name="Xác minh tài khoản")).to_be_visible()
    expect(
        page.get_by_text("Tài khoản chưa xác minh chưa thể nộp hồ sơ trực tuyến")
    ).to_be_visible()

    # The e-mail the outbox would deliver.
    message = Message.objects.get(channel="email", recipient="an@example.vn")
    code = re.search(r"\b(\d{6})\b", message.body).group(1)
    email = page.locator(".verify-target").filter(has_text="thư điện tử an@example.vn")
    email.get_by_label("Mã xác thực").fill(code)
    email.get_by_role("button", name="Xác minh").click()
    expect(page.get_by_text("Đã xác minh. Tài khoản có thể nộp hồ sơ trực tuyến.")).to_be_visible()
    expect(page.get_by_role("heading", name="Tài khoản")).to_be_visible()
    expect(page.get_by_text("001090012345")).to_be_visible()

    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_role("link", name="Đăng nhập").click()
    page.get_by_label("Tên đăng nhập").fill("an@example.vn")
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    page.get_by_role("link", name="Tài khoản").click()
    expect(page.get_by_text("Nguyễn Văn An")).to_be_visible()
