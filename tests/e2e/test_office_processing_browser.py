"""Officers at work in the processing inbox, in real Chromium at 1366×768:

(a) a specialist opens their inbox, reads which step is late, due today or early
    (dossiers built at hand-chosen times; the inbox's clock set to Thursday 5 March
    2026, 10:00), opens the dossier due today and proposes the decision;
(b) the liên thông karaoke licence (police step, then culture): each agency's officer
    finds it in their inbox in turn and hands it on; the process-control sheet then
    shows each hand-off judged against the giver's due time.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from motcua.dossiers.models import Dossier
from motcua.office.views import inbox as inbox_view
from motcua.workflow import services
from motcua.workflow.tests.states import FAST_HASHERS, dossier_in
from motcua.workflow.tests.world import PASSWORD, local, paper, world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOW = local(2026, 3, 5, 10, 0)


@pytest.fixture
def w(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    return world()


def _sign_in(page, username, then="/office/xu-ly/"):
    page.goto(then)
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Hồ sơ cần xử lý")).to_be_visible()


def test_a_specialist_reads_the_inbox_and_proposes_the_decision(page, w, monkeypatch):
    monkeypatch.setattr(inbox_view, "timezone", SimpleNamespace(now=lambda: NOW))
    late = dossier_in(w, "in_progress", start=local(2026, 2, 27, 8, 0))  # due Wed 04/03 13:40
    today = dossier_in(w, "in_progress", start=local(2026, 3, 2, 8, 0))  # due Thu 05/03 13:40
    early = dossier_in(w, "in_progress", start=local(2026, 3, 3, 8, 0))  # due Fri 06/03 13:40

    _sign_in(page, "chuyenvien.xd")
    rows = page.locator("table.inbox tbody tr")
    expect(rows).to_have_count(3)
    expected = [
        (late.code, "state-late", "Quá hạn", "13:40 04/03/2026"),
        (today.code, "state-due", "Đến hạn hôm nay", "13:40 05/03/2026"),
        (early.code, "state-early", "Trước hạn", "13:40 06/03/2026"),
    ]
    for index, (code, css, label, due) in enumerate(expected):
        row = rows.nth(index)
        expect(row).to_have_class(css)
        expect(row.get_by_role("link", name=code)).to_be_visible()
        expect(row.locator("td").last).to_have_text(label)
        expect(row).to_contain_text(due)

    page.get_by_label("Chỉ bước quá hạn").check()
    page.get_by_role("button", name="Lọc").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(late.code)
    page.get_by_role("link", name="Việc của tôi").click()

    page.get_by_role("link", name=today.code).click()
    expect(page.get_by_role("heading", name=f"Hồ sơ {today.code}")).to_be_visible()
    expect(page.get_by_text("Hạn của bước: 13:40 05/03/2026")).to_be_visible()
    page.get_by_text("Trình phê duyệt", exact=True).click()
    page.get_by_label("Ghi chú").last.fill("Đủ điều kiện cấp phép")
    page.get_by_role("button", name="Xác nhận: trình phê duyệt").click()
    expect(
        page.get_by_text("Đã chuyển hồ sơ; phiếu kiểm soát quá trình đã ghi lượt giao nhận.")
    ).to_be_visible()
    expect(
        page.get_by_text("3. Phê duyệt – Sở Xây dựng tỉnh Vĩnh Long, chưa phân công")
    ).to_be_visible()
    moved = Dossier.objects.get(pk=today.pk)
    assert (moved.current_step, moved.current_assignee_id) == (3, None)

    page.get_by_role("link", name="Hồ sơ cần xử lý").click()
    expect(rows).to_have_count(2)
    expect(page.get_by_role("link", name=today.code)).to_have_count(0)


def test_a_liên_thông_chain_across_two_agencies(page, w):
    dossier = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.karaoke_version,
        one_stop_unit=w.centre,
        applicant=w.cuong,
        components=[paper(w.karaoke_form)],
        at=local(2026, 3, 2, 8, 0),
    )
    # The centre transfers ten minutes later (intake due 13:30 that day: on time); the
    # police step (2 working days) is due Wed 04/03/2026 08:10, long past now.
    services.dossier_start_processing(
        dossier=dossier, actor=w.counter, assignee=w.police_officer, at=local(2026, 3, 2, 8, 10)
    )

    _sign_in(page, "canbo.ca")
    page.get_by_role("link", name=dossier.code).click()
    page.get_by_text("Chuyển cơ quan phối hợp", exact=True).click()
    page.get_by_label("Giao cho cán bộ (bước 3)").select_option(
        label="Mai Thanh Hà (chuyenvien.vh)"
    )
    page.get_by_role("button", name="Xác nhận: chuyển cơ quan phối hợp").click()
    expect(page.get_by_text("Đã chuyển hồ sơ;")).to_be_visible()
    page.get_by_role("link", name="Hồ sơ cần xử lý").click()
    expect(page.get_by_role("link", name=dossier.code)).to_have_count(0)
    page.get_by_role("button", name="Đăng xuất").click()

    _sign_in(page, "chuyenvien.vh")
    row = page.locator("table.inbox tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Thẩm định")
    page.get_by_role("link", name=dossier.code).click()
    # Culture's step started now, 2 working days: handed on today, before its due date.
    page.get_by_text("Trình phê duyệt", exact=True).click()
    page.get_by_role("button", name="Xác nhận: trình phê duyệt").click()
    expect(page.get_by_text("Đã chuyển hồ sơ;")).to_be_visible()

    sheet = page.locator("table.control-sheet tbody tr")
    expect(sheet).to_have_count(3)
    expect(sheet.nth(0)).to_contain_text("Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long")
    expect(sheet.nth(0)).to_contain_text("Công an tỉnh Vĩnh Long")
    expect(sheet.nth(0)).to_contain_text("13:30 02/03/2026")
    expect(sheet.nth(0).locator("td").nth(5)).to_have_text("Đúng hạn")
    expect(sheet.nth(1)).to_contain_text(
        "Sở Văn hóa, Thể thao và Du lịch tỉnh Vĩnh Long (liên thông)"
    )
    expect(sheet.nth(1)).to_contain_text("08:10 04/03/2026")
    expect(sheet.nth(1).locator("td").nth(5)).to_have_text("Quá hạn")
    expect(sheet.nth(2).locator("td").nth(5)).to_have_text("Trước hạn")
    participants = page.locator("section[aria-labelledby=participants-title] tbody tr")
    expect(participants.nth(1)).to_contain_text("Quá hạn")  # police finished late
    page.get_by_role("button", name="Đăng xuất").click()

    # The approval step is the culture leader's: in their agency's tab.
    _sign_in(page, "lanhdao.vh", then="/office/xu-ly/?tab=cua-don-vi")
    expect(page.locator("table.inbox tbody tr")).to_contain_text("Phê duyệt")
    moved = Dossier.objects.get(pk=dossier.pk)
    assert (moved.current_agency_id, moved.current_step) == (w.culture.pk, 4)
