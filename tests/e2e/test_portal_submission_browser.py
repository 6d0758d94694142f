"""A citizen on a phone signs in, files a birth registration online with two scans,
and reads the receipt with the dossier code (issue 5 §3)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from motcua.dossiers.models import Dossier
from motcua.workflow.tests.world import PASSWORD, world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n% to khai\n"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture
def phone(browser, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
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


def test_citizen_submits_online_with_two_files_and_sees_the_receipt(phone):
    world()
    page = phone
    page.goto("/nop-ho-so/1.001193/")
    page.get_by_label("Tên đăng nhập").fill("086099012345")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page.get_by_role("heading", name="Bước 1/5: Người nộp hồ sơ")).to_be_visible()
    expect(page.get_by_text("Nguyễn Văn An")).to_be_visible()
    page.get_by_label("Tôi là người yêu cầu, tự nộp hồ sơ").check()
    page.get_by_role("button", name="Tiếp tục").click()

    expect(page.get_by_role("heading", name="Bước 2/5: Tờ khai")).to_be_visible()
    page.get_by_role("button", name="Tiếp tục").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Chưa nhập thông tin bắt buộc: Ngày, tháng, năm sinh.")
    summary.get_by_role("link", name=re.compile("Họ, chữ đệm và tên người được khai sinh")).click()
    expect(page.get_by_label("Họ, chữ đệm và tên người được khai sinh")).to_be_focused()
    page.get_by_label("Họ, chữ đệm và tên người được khai sinh").fill("Nguyễn Minh Khang")
    page.get_by_label("Ngày, tháng, năm sinh").fill("2026-03-01")
    page.get_by_label("Giới tính").select_option("nam")
    page.get_by_label("Dân tộc").fill("Kinh")
    page.get_by_label("Quốc tịch").fill("Việt Nam")
    page.get_by_label("Nơi sinh").fill("Bệnh viện Đa khoa tỉnh Vĩnh Long")
    page.get_by_label("Họ, chữ đệm và tên người yêu cầu").fill("Nguyễn Văn An")
    page.get_by_label("Số định danh cá nhân của người yêu cầu").fill("086099012345")
    page.get_by_label("Quan hệ với người được khai sinh").select_option("cha")
    page.get_by_label(re.compile("Tôi cam đoan")).check()
    page.get_by_role("button", name="Tiếp tục").click()

    expect(page.get_by_role("heading", name="Bước 3/5: Giấy tờ, tệp đính kèm")).to_be_visible()
    page.get_by_label("Chọn tệp cho “Tờ khai theo mẫu”").set_input_files(
        [
            {"name": "to-khai.pdf", "mimeType": "application/pdf", "buffer": PDF},
            {"name": "giay-chung-sinh.jpg", "mimeType": "image/jpeg", "buffer": JPEG},
        ]
    )
    page.get_by_role("button", name="Tiếp tục").click()

    expect(page.get_by_role("heading", name="Bước 4/5: Nhận kết quả")).to_be_visible()
    page.get_by_label("Nhận trực tiếp tại bộ phận một cửa").check()
    page.get_by_role("button", name="Tiếp tục").click()

    expect(page.get_by_role("heading", name="Bước 5/5: Xem lại và nộp")).to_be_visible()
    expect(page.get_by_text("to-khai.pdf, giay-chung-sinh.jpg")).to_be_visible()
    expect(page.get_by_text("Nguyễn Minh Khang")).to_be_visible()
    page.get_by_role("button", name="Nộp hồ sơ").click()

    expect(page.get_by_role("heading", name="Đã nộp hồ sơ trực tuyến")).to_be_visible()
    dossier = Dossier.objects.get()
    expect(page.get_by_text(dossier.code, exact=True)).to_be_visible()
    expect(page.get_by_text("Mới đăng ký")).to_be_visible()
    expect(
        page.get_by_text(re.compile("Ngày hẹn được ghi khi bộ phận một cửa tiếp nhận"))
    ).to_be_visible()
    assert dossier.components.get().files.count() == 2
    # Nothing overflows the phone's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("link", name=f"Tra cứu tình trạng hồ sơ {dossier.code}").click()
    expect(page.get_by_role("heading", name=f"Hồ sơ {dossier.code}")).to_be_visible()
