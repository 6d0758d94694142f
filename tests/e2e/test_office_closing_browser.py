"""The closing of a dossier in the office, walked in Chromium: the leader's desk and
the apology with a new appointment (Mẫu 04), the leader's approval, a result returned
by post, and the counter's rating kiosk on a second page.

The office's clock is set to Friday 6 March 2026, 09:00 (Vietnamese time) and runs on
from there: a permit received on Monday 2 March (``dossier_in``) is due back on Monday
9 March at 08:00, seven working hours later, and its appraisal step fell due on
Thursday 5 March at 13:40, so it will miss the appointment (DOMAIN.md §2.5)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from motcua.dossiers.constants import DossierStatus
from motcua.feedback.models import Rating
from motcua.workflow import services
from motcua.workflow.models import ApologyNotice, ResultReturn
from motcua.workflow.reminders import deadline_sweep
from motcua.workflow.tests.states import dossier_in
from motcua.workflow.tests.world import PASSWORD, fresh, local, world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FRIDAY = local(2026, 3, 6, 9, 0)


@pytest.fixture
def w(settings, monkeypatch):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    real_now = timezone.now
    started = real_now()
    monkeypatch.setattr(timezone, "now", lambda: FRIDAY + (real_now() - started))
    return world()


def sign_in(page, username: str) -> None:
    page.goto("/office/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Trang làm việc")).to_be_visible()


def menu(page, entry: str) -> None:
    page.get_by_role("navigation", name="Chức năng").get_by_role("link", name=entry).click()


def test_a_leader_apologises_for_a_dossier_at_risk_once(page, w):
    dossier = dossier_in(w, DossierStatus.IN_PROGRESS)
    deadline_sweep(now=FRIDAY)  # the worker's watch finds it
    sign_in(page, "lanhdao.xd")
    menu(page, "Lãnh đạo phê duyệt")
    expect(page.get_by_role("heading", name="Lãnh đạo phê duyệt", exact=True)).to_be_visible()
    watch = page.locator("section", has=page.get_by_role("heading", name="Trễ hạn và có nguy cơ"))
    rows = watch.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(dossier.code)
    expect(rows.first).to_contain_text("Có nguy cơ trễ hẹn")
    expect(rows.first).to_contain_text("08:00 09/03/2026")
    expect(rows.first).to_contain_text("Chưa")

    rows.first.get_by_role("link", name=dossier.code).click()
    expect(page.get_by_role("heading", name=f"Hồ sơ {dossier.code}")).to_be_visible()
    expect(page.get_by_text("Đề xuất: hồ sơ có nguy cơ trễ hẹn")).to_be_visible()
    page.locator("summary", has_text="Xin lỗi và hẹn lại ngày trả").click()
    page.get_by_label("Lý do chậm trả kết quả").fill("Cần xác minh thêm hiện trạng công trình")
    page.get_by_label("Ngày hẹn trả mới").fill("2026-03-12T17:00")
    expect(page.get_by_label("Cơ quan chịu trách nhiệm")).to_have_value(str(w.construction.pk))
    page.get_by_role("button", name="Xác nhận: xin lỗi và hẹn lại ngày trả").click()

    expect(
        page.get_by_text("Đã ban hành văn bản xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04).")
    ).to_be_visible()
    expect(page.get_by_text("17:00 12/03/2026")).to_be_visible()
    expect(page.locator("summary", has_text="Xin lỗi và hẹn lại ngày trả")).to_have_count(0)
    apology = ApologyNotice.objects.get()
    assert (apology.dossier_id, apology.signed_by, apology.new_appointment_at) == (
        dossier.pk,
        w.leader,
        local(2026, 3, 12, 17, 0),
    )
    assert apology.reason == "Cần xác minh thêm hiện trạng công trình"
    assert fresh(dossier).reschedule_count == 1

    menu(page, "Lãnh đạo phê duyệt")
    expect(page.get_by_text("Không có hồ sơ trễ hạn hoặc có nguy cơ trễ hẹn.")).to_be_visible()


def test_a_leader_approves_a_dossier_waiting_for_decision(page, w):
    dossier = services.dossier_hand_off(
        dossier=dossier_in(w, DossierStatus.IN_PROGRESS),
        actor=w.specialist,
        at=local(2026, 3, 3, 9, 0),
    )
    sign_in(page, "lanhdao.xd")
    menu(page, "Lãnh đạo phê duyệt")
    waiting = page.locator("section", has=page.get_by_role("heading", name="Chờ phê duyệt"))
    expect(waiting.locator("tbody tr")).to_have_count(1)
    expect(waiting.locator("tbody tr").first).to_contain_text("Phê duyệt")
    waiting.get_by_role("link", name=dossier.code).click()

    page.locator("summary", has_text="Phê duyệt").click()
    expect(page.get_by_label("Giải quyết", exact=True)).to_be_checked()
    page.get_by_role("button", name="Xác nhận: phê duyệt").click()
    expect(page.get_by_text("Đã ghi kết quả giải quyết hồ sơ.")).to_be_visible()
    expect(page.locator("h1").get_by_text("Đã xử lý xong")).to_be_visible()
    dossier = fresh(dossier)
    assert (dossier.status, dossier.decision, dossier.decided_at is not None) == (
        "decided",
        "approved",
        True,
    )


def test_a_counter_officer_returns_a_result_by_post(page, w):
    dossier = dossier_in(w, DossierStatus.DECIDED, result_ready=True)
    sign_in(page, "tiepnhan")
    menu(page, "Trả kết quả")
    expect(page.get_by_role("heading", name="Kết quả chờ trả")).to_be_visible()
    page.get_by_role("link", name=dossier.code).click()

    page.locator("summary", has_text="Trả kết quả").click()
    page.get_by_label("Qua dịch vụ bưu chính công ích").check()
    page.get_by_label("Số hiệu bưu gửi").fill("EB123456789VN")
    page.get_by_role("button", name="Xác nhận: trả kết quả").click()
    expect(page.get_by_text("Đã trả kết quả cho người dân.")).to_be_visible()
    expect(page.locator("h1").get_by_text("Đã trả kết quả", exact=True)).to_be_visible()
    row = ResultReturn.objects.get()
    assert (row.dossier_id, row.way, row.tracking_number, row.returned_by) == (
        dossier.pk,
        "post",
        "EB123456789VN",
        w.counter,
    )
    menu(page, "Trả kết quả")
    expect(page.get_by_text("Không có kết quả nào chờ trả.")).to_be_visible()


def test_the_kiosk_shows_the_dossier_and_stores_a_tap(page, w):
    dossier = dossier_in(w, DossierStatus.RECEIVED)
    sign_in(page, "tiepnhan")
    kiosk = page.context.new_page()  # the tablet at the counter, same officer signed in
    kiosk.set_default_timeout(10_000)
    kiosk.goto("/office/kiosk/TTPVHCC-VL/")
    expect(kiosk.get_by_text("Xin kính chào quý khách")).to_be_visible()

    page.goto(f"/office/ho-so/{dossier.code}/")
    page.get_by_role("button", name="Mời người dân đánh giá").click()
    expect(page.get_by_text("Đã mời người dân đánh giá trên màn hình tại quầy")).to_be_visible()

    expect(kiosk.get_by_text(dossier.code)).to_be_visible()
    expect(kiosk.get_by_text("Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ")).to_be_visible()
    expect(kiosk.get_by_text("Nguyễn V** A*")).to_be_visible()
    expect(kiosk.get_by_text("Nguyễn Văn An")).to_have_count(0)
    for label in ("Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng"):
        expect(kiosk.get_by_role("button", name=label, exact=True)).to_be_visible()
    kiosk.get_by_role("button", name="Rất hài lòng", exact=True).click()
    expect(kiosk.get_by_text("Cảm ơn quý khách đã đánh giá!")).to_be_visible()
    rating = Rating.objects.get()
    assert (rating.dossier_id, rating.level, rating.channel, rating.officer) == (
        dossier.pk,
        "very_satisfied",
        "counter",
        w.counter,
    )
    assert rating.one_stop_unit == w.centre
    # A few seconds later the screen is idle again; the dossier is not shown again.
    expect(kiosk.get_by_text("Xin kính chào quý khách")).to_be_visible(timeout=12_000)
    expect(kiosk.get_by_text(dossier.code)).to_have_count(0)
    assert dt.timedelta(0) <= timezone.now() - FRIDAY < dt.timedelta(minutes=5)
