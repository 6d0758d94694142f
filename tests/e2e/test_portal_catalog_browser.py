"""On a phone, a citizen finds a procedure typing without diacritics and reads it; at
the centre, a person tracks a dossier on the lookup kiosk's keypad and walks away, and
the kiosk clears itself."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from motcua.catalog.tests.published import published_catalog
from motcua.dossiers.constants import DossierStatus as S
from motcua.workflow.tests.states import dossier_in
from motcua.workflow.tests.world import world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(
        viewport=PHONE, locale="vi-VN", base_url=live_server.url, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_on_a_phone_a_citizen_finds_the_building_permit_and_reads_it(phone):
    published_catalog()
    phone.goto("/thu-tuc/")
    phone.get_by_label("Tên hoặc mã thủ tục").fill("giay phep xay dung")
    phone.get_by_label("Lĩnh vực").select_option(label="Xây dựng")
    phone.get_by_role("button", name="Tìm kiếm").click()

    phone.wait_for_url(re.compile(r"q=giay\+phep\+xay\+dung&linh_vuc=XAYDUNG"))
    expect(phone.get_by_text("Có 1 thủ tục khớp với “giay phep xay dung”.")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for control in ("#q", "#linh_vuc", "#co_quan"):  # nothing sticks out of the screen
        box = phone.locator(control).bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"]
        assert box["height"] < 80
    phone.get_by_role("link", name="Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ"
    )
    expect(phone.locator("dl.facts")).to_contain_text("5 ngày làm việc")
    expect(phone.locator("ol.papers")).to_contain_text("Tờ khai theo mẫu")
    expect(phone.get_by_text("Nộp tại quầy: ngày hẹn trả kết quả dự kiến")).to_be_visible()
    expect(phone.get_by_text(re.compile(r"Cập nhật lần cuối: \d\d/\d\d/\d{4}"))).to_be_visible()
    online = phone.get_by_role("link", name="Nộp trực tuyến")
    expect(online).to_have_attribute("href", "/nop-ho-so/1.009794/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_person_tracks_on_the_kiosk_and_it_clears_itself(page, settings):
    settings.KIOSK_IDLE_SECONDS = 2
    dossier = dossier_in(world(), S.RECEIVED)
    page.goto("/kiosk/")
    box = page.get_by_label("Nhập mã hồ sơ trên Giấy tiếp nhận")
    for key in dossier.code + "9":
        page.locator(f'button.key[data-key="{key}"]').click()
    page.get_by_role("button", name="Xóa một ký tự").click()
    expect(box).to_have_value(dossier.code)
    page.get_by_role("button", name="Tra cứu").click()

    expect(page.get_by_role("heading", name=f"Hồ sơ {dossier.code}")).to_be_visible()
    expect(page.get_by_text("Được tiếp nhận")).to_be_visible()
    expect(page.get_by_text("Nguyễn V** A*")).to_be_visible()
    assert page.locator("a").count() == 0

    # Walked away: after the idle time the blank lookup is back, the dossier gone.
    page.wait_for_url(re.compile(r"/kiosk/$"), timeout=6_000)
    expect(page.get_by_role("heading", name=f"Hồ sơ {dossier.code}")).to_have_count(0)
    expect(page.get_by_label("Nhập mã hồ sơ trên Giấy tiếp nhận")).to_have_value("")
