"""An officer signs in and reads an in-app notice on the portal: the header counts the
unread ones, the notice page lists it, and marking it read clears the count."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from playwright.sync_api import expect

from motcua.accounts.models import User
from motcua.notifications.constants import TemplateKey
from motcua.notifications.models import Message

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_reads_a_notice_and_marks_it_read(page):
    officer = User.objects.create(
        username="chuyenvien.xd",
        password=make_password("Mật-khẩu-dài-2026"),
        kind="staff",
        is_staff=False,  # an officer without admin access signs in on the portal
        full_name="Trần Thị Bình",
    )
    Message.objects.create(
        event_key="e2e:step-due:1",
        channel="in_app",
        recipient=str(officer.pk),
        user=officer,
        template=TemplateKey.STEP_DUE_SOON,
        reference="000.00.12.H62-260302-0001",
        subject="Hồ sơ 000.00.12.H62-260302-0001 sắp đến hạn",
        body="Bước Thẩm định hồ sơ đến hạn lúc 13:30 ngày 05/03/2026.",
        next_attempt_at=timezone.now(),
    )
    page.goto("/thong-bao/")
    page.get_by_role("link", name="đăng nhập", exact=True).click()
    page.get_by_label("Tên đăng nhập").fill("chuyenvien.xd")
    page.get_by_label("Mật khẩu").fill("Mật-khẩu-dài-2026")
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page.get_by_role("heading", name="Thông báo", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Thông báo 1 chưa xem")).to_be_visible()
    expect(
        page.get_by_text("Bước Thẩm định hồ sơ đến hạn lúc 13:30 ngày 05/03/2026.")
    ).to_be_visible()
    page.get_by_role("button", name="Đánh dấu đã xem").click()

    expect(page.get_by_role("button", name="Đánh dấu đã xem")).to_have_count(0)
    expect(page.get_by_role("link", name="Thông báo", exact=True)).to_be_visible()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("link", name="Đăng nhập", exact=True)).to_be_visible()
    assert Message.objects.get().read_at is not None
