"""The counter officer prints the receipt (Mẫu 01) from the dossier page, then reads the
tracking ledger for a date range and downloads it as .xlsx, in real Chromium."""

from __future__ import annotations

import openpyxl
import pytest
from playwright.sync_api import expect

from motcua.documents.tests.reading import pdf_text
from motcua.workflow.tests.states import FAST_HASHERS, dossier_in
from motcua.workflow.tests.world import PASSWORD, world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username: str) -> None:
    page.goto("/office/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Trang làm việc")).to_be_visible()


def test_the_officer_prints_the_receipt_and_downloads_the_ledger(page, settings, tmp_path):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    w = world()
    dossier = dossier_in(w, "received")
    returned = dossier_in(w, "returned")
    sign_in(page, "tiepnhan")

    page.goto(f"/office/ho-so/{dossier.code}/")
    expect(page.get_by_role("heading", name="Biểu mẫu (Thông tư 03/2025/TT-VPCP)")).to_be_visible()
    with page.context.expect_event(
        "response", predicate=lambda response: "/mau-01." in response.url
    ) as answer:
        page.get_by_role("link", name="Mẫu 01").click()
    response = answer.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    # Chromium's PDF viewer takes the stream; the same request, with the officer's
    # session, gives the bytes to read back.
    text = pdf_text(page.context.request.get(response.url).body())
    assert f"Mã hồ sơ: {dossier.code}" in text
    assert "tiếp nhận hồ sơ của: Nguyễn Văn An" in text

    page.goto("/office/")
    page.get_by_role("link", name="Sổ theo dõi hồ sơ").first.click()
    expect(page.get_by_role("heading", name="Sổ theo dõi hồ sơ (Mẫu 07)")).to_be_visible()
    page.get_by_label("Từ ngày").fill("2026-03-02")
    page.get_by_label("Đến ngày").fill("2026-03-02")
    page.get_by_label("Đến ngày").press("Enter")
    expect(
        page.get_by_text("2 hồ sơ tiếp nhận từ 02/03/2026 đến 02/03/2026", exact=False)
    ).to_be_visible()
    rows = page.locator("table.ledger tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(dossier.code)
    expect(rows.nth(1)).to_contain_text(returned.code)

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải Excel (.xlsx)").click()
    assert download.value.suggested_filename == "so-theo-doi-TTPVHCC-VL-20260302-20260302.xlsx"
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    sheet = openpyxl.load_workbook(saved).active
    assert [sheet.cell(5, 2).value, sheet.cell(6, 2).value] == [dossier.code, returned.code]
    assert sheet.cell(5, 5).value == "Nguyễn Văn An"
