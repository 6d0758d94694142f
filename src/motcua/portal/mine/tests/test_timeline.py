"""The detail page read as the applicant would: where the dossier is now and its
history in plain Vietnamese, hand-checked against the dossiers of
workflow/tests/states.py (lived from Monday 2 March 2026, 08:00, one action every ten
minutes; appointment Monday 9 March 08:00)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from motcua.workflow.tests.states import AFTER, act, dossier_in
from motcua.workflow.tests.world import local

pytestmark = pytest.mark.django_db


def text_of(user, dossier) -> str:
    client = Client()
    client.force_login(user)
    html = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def now_at(monkeypatch, moment: dt.datetime) -> None:
    monkeypatch.setattr("motcua.portal.mine.views.timezone.now", lambda: moment)


def test_late_with_an_apology_says_so_with_the_reason_and_the_new_date(w, monkeypatch):
    dossier = dossier_in(w, "in_progress")
    act(w, dossier, "reschedule", actor=w.leader, at=AFTER)
    now_at(monkeypatch, local(2026, 3, 13, 9, 0))  # past the new date too
    text = text_of(w.an.user, dossier)
    assert "Đang xử lý tại Sở Xây dựng tỉnh Vĩnh Long" in text
    assert "Hồ sơ đã quá hạn hẹn trả kết quả (08:00 ngày 12/03/2026)." in text
    assert (
        "Sở Xây dựng tỉnh Vĩnh Long xin lỗi vì hồ sơ chưa có kết quả đúng hẹn "
        "08:00 ngày 09/03/2026."
    ) in text
    assert "Lý do: Cần xác minh thêm hiện trạng công trình" in text
    assert "Ngày hẹn trả kết quả mới: 08:00 ngày 12/03/2026." in text
    # The history, newest first.
    history = text[text.index("Quá trình giải quyết") :]
    assert history.index("Xin lỗi và hẹn lại ngày trả kết quả") < history.index(
        "Hồ sơ đã được tiếp nhận tại Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long"
    )
    assert "Hẹn trả kết quả: 08:00 ngày 09/03/2026." in history


def test_the_apology_letter_is_the_owners_to_download(w):
    dossier = dossier_in(w, "in_progress")
    act(w, dossier, "reschedule", actor=w.leader, at=AFTER)
    owner, other = Client(), Client()
    owner.force_login(w.an.user)
    other.force_login(w.binh.user)
    url = f"/ho-so-cua-toi/{dossier.code}/mau/4/"
    assert "Mẫu 04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (PDF)" in text_of(
        w.an.user, dossier
    )
    letter = owner.get(url)
    assert letter["Content-Type"] == "application/pdf"
    assert letter.content.startswith(b"%PDF-")
    assert other.get(url).status_code == 404


def test_before_the_new_date_an_apology_is_shown_without_late(w, monkeypatch):
    dossier = dossier_in(w, "in_progress")
    act(w, dossier, "reschedule", actor=w.leader, at=AFTER)
    now_at(monkeypatch, local(2026, 3, 10, 9, 0))
    text = text_of(w.an.user, dossier)
    assert "quá hạn" not in text
    assert "Ngày hẹn trả kết quả mới: 08:00 ngày 12/03/2026." in text


def test_late_without_apology(w, monkeypatch):
    dossier = dossier_in(w, "in_progress")
    now_at(monkeypatch, local(2026, 3, 9, 9, 0))
    text = text_of(w.an.user, dossier)
    assert "Hồ sơ đã quá hạn hẹn trả kết quả (08:00 ngày 09/03/2026)." in text
    assert "xin lỗi" not in text


def test_not_late_before_the_appointment(w, monkeypatch):
    dossier = dossier_in(w, "in_progress")
    now_at(monkeypatch, AFTER)
    text = text_of(w.an.user, dossier)
    assert "quá hạn" not in text
    assert "Bước đang thực hiện: Thẩm định. Hẹn trả kết quả: 08:00 ngày 09/03/2026." in text
    assert "Hồ sơ được chuyển đến Sở Xây dựng tỉnh Vĩnh Long để giải quyết Bước: Thẩm định." in text
    assert "Hẹn trả kết quả: 08:00 ngày 09/03/2026." in text


def test_waiting_for_the_applicant_is_not_late(w, monkeypatch):
    dossier = dossier_in(w, "awaiting_supplement")
    now_at(monkeypatch, local(2026, 4, 1, 9, 0))
    text = text_of(w.an.user, dossier)
    assert "Đang chờ bạn bổ sung hồ sơ" in text
    assert "Thời gian chờ bổ sung không tính vào thời hạn giải quyết." in text
    assert "quá hạn" not in text
    assert "Cơ quan yêu cầu bổ sung, hoàn thiện hồ sơ" in text
    assert "Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (PDF)" in text


def test_refused_with_its_reason(w):
    text = text_of(w.an.user, dossier_in(w, "refused"))
    assert "Hồ sơ không được tiếp nhận" in text
    assert "Lý do: Thủ tục không thuộc thẩm quyền giải quyết" in text
    assert "Căn cứ: Nghị định 118/2025/NĐ-CP, Điều 17" in text
    assert "Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ (PDF)" in text


def test_stopped_with_its_reason(w):
    text = text_of(w.an.user, dossier_in(w, "stopped"))
    assert "Hồ sơ đã dừng giải quyết" in text
    assert "Lý do: Người yêu cầu đề nghị dừng giải quyết" in text


def test_result_ready_says_where_to_get_it(w):
    text = text_of(w.an.user, dossier_in(w, "decided", result_ready=True))
    assert "Đã có kết quả, mời bạn nhận kết quả" in text
    assert "Nhận kết quả: Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long" in text


def test_returned(w):
    text = text_of(w.an.user, dossier_in(w, "returned"))
    assert "Đã trả kết quả 08:" in text
    assert "Hồ sơ đã được giải quyết xong" in text
