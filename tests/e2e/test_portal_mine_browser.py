"""On a phone, a citizen follows their own dossiers: one waits for a paper, which they
upload (after a wrong file is refused) and see the dossier move on; a returned one they
rate."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from motcua.feedback.models import Rating
from motcua.workflow.tests.states import dossier_in
from motcua.workflow.tests.world import PASSWORD, PDF, world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def sign_in(page, username: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/ho-so-cua-toi/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Hồ sơ của tôi")).to_be_visible()


def test_a_citizen_uploads_the_missing_paper_from_a_phone(page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w = world()
    dossier = dossier_in(w, "awaiting_supplement")
    sign_in(page, w.an.citizen_id)

    page.get_by_role("link", name=dossier.code).click()
    now = page.get_by_role("region", name="Đang chờ bạn bổ sung hồ sơ")
    expect(now).to_be_visible()
    expect(now.get_by_role("listitem")).to_have_text(
        "Tờ khai theo mẫu: Bản vẽ thiếu chữ ký của chủ đầu tư"
    )
    page.get_by_role("link", name="Nộp bổ sung trực tuyến").click()

    upload = page.get_by_label("Tờ khai theo mẫu")
    upload.set_input_files(
        {"name": "to-khai.pdf", "mimeType": "application/pdf", "buffer": b"<html>x</html>"}
    )
    page.get_by_role("button", name="Nộp bổ sung").click()
    expect(page.get_by_role("alert")).to_contain_text("Chưa nộp được")
    expect(page.get_by_text("Chỉ nhận tệp PDF, PNG hoặc JPEG.")).to_be_visible()

    page.get_by_label("Tờ khai theo mẫu").set_input_files(
        {"name": "to-khai.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_label("Ghi chú cho cán bộ (không bắt buộc)").fill("Đã ký đủ")
    page.get_by_role("button", name="Nộp bổ sung").click()

    expect(page.get_by_role("status")).to_contain_text("Đã nộp bổ sung hồ sơ.")
    expect(
        page.get_by_role("heading", name="Đang xử lý tại Sở Xây dựng tỉnh Vĩnh Long")
    ).to_be_visible()
    timeline = page.locator(".mine-timeline li")
    expect(timeline.first).to_contain_text("Hồ sơ đã được bổ sung")
    expect(timeline.nth(1)).to_contain_text("Cơ quan yêu cầu bổ sung, hoàn thiện hồ sơ")
    expect(page.get_by_role("link", name="Nộp bổ sung trực tuyến")).to_have_count(0)
    # Nothing sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_citizen_rates_a_returned_dossier_from_a_phone(page):
    w = world()
    dossier = dossier_in(w, "returned")
    sign_in(page, w.an.citizen_id)

    page.get_by_role("link", name=dossier.code).click()
    expect(page.get_by_role("heading", name="Đã trả kết quả")).to_be_visible()
    page.get_by_role("link", name="Đánh giá mức độ hài lòng").click()
    page.get_by_label("Rất hài lòng").check()
    page.get_by_label("Góp ý (không bắt buộc)").fill("Cán bộ hướng dẫn tận tình")
    page.get_by_role("button", name="Gửi đánh giá").click()

    expect(page.get_by_role("status")).to_contain_text("Cảm ơn bạn đã đánh giá.")
    expect(page.get_by_text("Bạn đã đánh giá: Rất hài lòng.")).to_be_visible()
    expect(page.get_by_role("link", name="Đánh giá mức độ hài lòng")).to_have_count(0)
    rating = Rating.objects.get(dossier=dossier)
    assert (rating.level, rating.channel) == ("very_satisfied", "online")
    assert rating.officers.count() == 3
