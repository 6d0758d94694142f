"""Feedback and complaints walked in Chromium (issue 5 §7): a person sends a PAKN from
a phone and keeps its code; the agency's feedback handler answers and publishes it in
the office; the person finds the published answer by typing without diacritics, and
likes it after looking it up with the code and their phone number."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from motcua.feedback.models import Complaint
from motcua.feedback.tests.complaint_helpers import handler
from motcua.workflow.tests.world import PASSWORD, world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        locale="vi-VN",
        base_url=live_server.url,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_a_person_sends_feedback_and_likes_the_published_answer(phone, page, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    w = world()
    handler(w.construction, username="pakn.xd")

    # On the phone: the portal's menu → send a PAKN without an account.
    phone.goto("/")
    phone.get_by_role("link", name="Phản ánh, kiến nghị").click()
    phone.get_by_role("link", name="Gửi phản ánh, kiến nghị").click()
    phone.get_by_label("Về hành vi, thái độ của cán bộ, công chức").check()
    phone.get_by_label("Cơ quan nhận phản ánh *").select_option(label="Sở Xây dựng tỉnh Vĩnh Long")
    phone.get_by_label("Tiêu đề *").fill("Cán bộ một cửa hẹn lại nhiều lần")
    phone.get_by_label("Nội dung *").fill("Tôi nộp hồ sơ xây dựng ba lần mà vẫn bị hẹn lại.")
    phone.get_by_label("Họ và tên *").fill("Lâm Văn Cường")
    phone.get_by_label("Số điện thoại").fill("0987 654 321")
    phone.get_by_role("button", name="Gửi phản ánh").click()
    expect(phone.get_by_role("heading", name="Đã gửi phản ánh, kiến nghị")).to_be_visible()
    code = Complaint.objects.get().code
    expect(phone.get_by_text(code)).to_be_visible()
    assert re.fullmatch(r"PAKN-\d{6}-0001", code)

    # In the office: the handler signs in, opens it from the menu, accepts, answers, publishes.
    page.goto("/office/")
    page.get_by_label("Tên đăng nhập").fill("pakn.xd")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("navigation", name="Chức năng").get_by_role(
        "link", name="Phản ánh, kiến nghị"
    ).click()
    page.get_by_role("link", name=code).click()
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()
    expect(page.get_by_text("Đã tiếp nhận phản ánh.")).to_be_visible()
    page.get_by_label("Nội dung trả lời").fill(
        "Sở đã nhắc nhở cán bộ và trả kết quả hồ sơ cho ông ngày 06/3/2026."
    )
    page.get_by_role("button", name="Trả lời", exact=True).click()
    page.get_by_role("button", name="Công khai câu trả lời").click()
    expect(page.get_by_text("Đã công khai câu trả lời")).to_be_visible()

    # Back on the phone: the published answers, searched without diacritics.
    phone.goto("/phan-anh-kien-nghi/")
    phone.get_by_label("Tìm theo nội dung, tiêu đề hoặc số phản ánh").fill("can bo mot cua hen lai")
    phone.get_by_role("button", name="Tìm kiếm").click()
    expect(phone.get_by_text("Có 1 câu trả lời khớp")).to_be_visible()
    phone.get_by_role("link", name="Cán bộ một cửa hẹn lại nhiều lần").click()
    expect(phone.get_by_text("Sở đã nhắc nhở cán bộ")).to_be_visible()
    expect(phone.get_by_text("Lâm V** C****")).to_be_visible()

    # The sender looks it up with the code and the phone number, and likes the answer.
    phone.get_by_role("link", name="Tra cứu để đánh giá câu trả lời").click()
    expect(phone.get_by_label("Số phản ánh")).to_have_value(code)
    phone.get_by_label("Số điện thoại hoặc thư điện tử đã khai").fill("0987654321")
    phone.get_by_role("button", name="Tra cứu").click()
    phone.get_by_role("button", name="Hài lòng", exact=True).click()
    expect(phone.get_by_text("Cảm ơn ông/bà đã đánh giá câu trả lời.")).to_be_visible()
    expect(phone.get_by_role("button", name="Không hài lòng")).to_have_count(0)
    assert Complaint.objects.get().vote == "like"
