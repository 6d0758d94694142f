"""A citizen walks the public pages in real Chromium: from the home page, search a
procedure without diacritics, open it, read what to bring and when it will be ready."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from motcua.catalog.tests.published import published_catalog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_finds_a_procedure_and_its_appointment(page):
    published_catalog()
    page.goto("/")
    page.get_by_label("Tìm thủ tục hành chính").fill("dang ky khai sinh")
    page.get_by_role("button", name="Tìm kiếm").click()

    page.wait_for_url(re.compile(r"/thu-tuc/\?q=dang"))
    expect(page.get_by_text("Có 1 thủ tục khớp với")).to_be_visible()
    page.get_by_role("link", name="Đăng ký khai sinh").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký khai sinh")
    facts = page.locator("dl.facts").inner_text()
    assert "1 ngày làm việc" in facts
    assert "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long" in facts
    expect(page.locator("ol.papers")).to_contain_text("Tờ khai theo mẫu")


def test_citizen_looks_up_a_dossier_code(page):
    page.goto("/")
    page.get_by_label("Tra cứu hồ sơ").fill("000.00.00.H62-260101-0001")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_role("status")).to_contain_text("Không tìm thấy hồ sơ có mã")


def test_home_page_fits_a_phone(browser, live_server):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    phone = context.new_page()
    phone.goto(live_server.url + "/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360  # no sideways scrolling on a small phone
    context.close()
