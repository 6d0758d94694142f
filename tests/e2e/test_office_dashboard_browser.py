"""The leader's dashboard walked in Chromium (issue 7 §4): Sở Xây dựng's leader opens
it, picks the province's centre and March 2026, reads the on-time rate, follows a late
dossier to its page, and downloads the KPI table as .xlsx, which holds the same
numbers. The data is the KPI tests' March (``reports.tests.test_kpis._march``): nine
permits received, seven decided (3 early, 3 on time, 1 late)."""

from __future__ import annotations

import re

import openpyxl
import pytest
from playwright.sync_api import expect

from motcua.reports.tests.test_kpis import _march
from motcua.workflow.tests.world import PASSWORD, world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def w(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    w = world()
    _march(w)
    return w


def kpi(page, label: str):
    return (
        page.locator(
            "table.dash-kpis tr", has=page.get_by_role("rowheader", name=label, exact=True)
        )
        .locator("td")
        .first
    )


def test_a_leader_filters_follows_a_late_dossier_and_exports(page, w, tmp_path):
    page.goto("/office/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("lanhdao.xd")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("navigation", name="Chức năng").get_by_role(
        "link", name="Bảng điều hành"
    ).click()
    expect(page.get_by_role("heading", name="Bảng điều hành")).to_be_visible()

    page.get_by_label("Bộ phận một cửa").select_option(
        label="Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long"
    )
    page.get_by_label("Kỳ báo cáo").select_option(label="Tháng")
    page.get_by_label("Tháng", exact=True).fill("2026-03")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_text("Tháng 03/2026")).to_be_visible()
    expect(kpi(page, "Tiếp nhận mới trong kỳ")).to_have_text("9")
    expect(kpi(page, "Giải quyết quá hạn")).to_have_text("1")
    expect(kpi(page, "Tỷ lệ đúng hạn")).to_have_text("85,71")
    expect(page.get_by_role("img", name="Tỷ lệ đúng hạn theo tháng (%)")).to_be_visible()

    late = page.locator("section", has=page.get_by_role("heading", name="Trễ hạn và có nguy cơ"))
    first = late.locator("tbody tr").first
    expect(first).to_contain_text("Trễ hạn")
    code = first.locator("a.code").inner_text()
    first.locator("a.code").click()
    expect(page).to_have_url(re.compile(rf"/office/ho-so/{re.escape(code)}/$"))
    expect(page.get_by_text(code).first).to_be_visible()
    page.go_back()

    with page.expect_download() as info:
        page.get_by_role("link", name="Excel (.xlsx)").first.click()
    path = tmp_path / "chi-so.xlsx"
    info.value.save_as(path)
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    values = {row[0]: row[1] for row in rows[2:]}
    assert values["Tiếp nhận mới trong kỳ"] == 9
    assert values["Giải quyết quá hạn"] == 1
    assert values["Tỷ lệ đúng hạn"] == 85.71
    assert "Trung tâm Phục vụ hành chính công" in rows[0][0]
