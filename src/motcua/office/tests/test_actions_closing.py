"""The closing buttons of the dossier page (office/actions/closing.py): decide, the
apology with a new appointment (Mẫu 04), the result at the counter and its return,
withdrawal and stop. Each refusal shows a Vietnamese message, answers 4xx and writes
nothing."""

from __future__ import annotations

import re

import pytest

from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.office.tests import closing_helpers
from motcua.office.tests.closing_helpers import client_for, clock_at
from motcua.workflow.models import ApologyNotice, ResultReturn, StopNotice
from motcua.workflow.reminders import deadline_sweep
from motcua.workflow.tests.states import dossier_in, snapshot
from motcua.workflow.tests.world import fresh, local

w = closing_helpers.w  # the test world fixture

FRIDAY = local(2026, 3, 6, 9, 0)  # 7 working hours before Monday 9 March 08:00
HINT = "Đề xuất: hồ sơ có nguy cơ trễ hẹn"


def has_button(html: str, label: str) -> bool:
    """Whether the dossier page has a button so labelled (the history table names the
    actions too, so the text alone would not do)."""
    return any(
        label in found for found in re.findall(r'<summary class="button[^"]*">([^<]*)', html)
    )


def page(user, dossier: Dossier) -> str:
    response = client_for(user).get(f"/office/ho-so/{dossier.code}/")
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def act(user, dossier: Dossier, action: str, *, seen: str | None = None, **fields):
    data = {f"{action}-{name}": value for name, value in fields.items()}
    data["seen"] = seen if seen is not None else fresh(dossier).updated_at.isoformat()
    client = client_for(user)
    return client, client.post(f"/office/ho-so/{dossier.code}/thao-tac/{action}/", data)


def refused(response, status: int, text: str) -> None:
    assert response.status_code == status, response.content.decode()[:2000]
    assert text in response.content.decode()


# --- decide -------------------------------------------------------------------------


def test_the_leader_approves(w):
    dossier = dossier_in(w, DossierStatus.IN_PROGRESS)
    assert "Phê duyệt" in page(w.leader, dossier)
    client, response = act(w.leader, dossier, "decide", decision="approved", note="")
    assert response.status_code == 302
    assert "Đã ghi kết quả giải quyết hồ sơ." in client.get(response["Location"]).content.decode()
    assert (fresh(dossier).status, fresh(dossier).decision) == ("decided", "approved")


def test_a_refusal_needs_a_reason_and_keeps_the_input(w):
    dossier = dossier_in(w, DossierStatus.IN_PROGRESS)
    before = snapshot(dossier)
    _client, response = act(w.leader, dossier, "decide", decision="refused", note="")
    refused(response, 422, "Cần nhập lý do")
    assert 'value="refused" required id="id_decide-decision_1" checked' in response.content.decode()
    assert snapshot(dossier) == before


def test_a_specialist_pressing_decide_is_refused(w):
    dossier = dossier_in(w, DossierStatus.IN_PROGRESS)
    assert "decide-decision" not in page(w.specialist, dossier)
    before = snapshot(dossier)
    _client, response = act(w.specialist, dossier, "decide", decision="approved")
    refused(response, 403, "Bạn không thể thực hiện thao tác này")
    assert snapshot(dossier) == before


def test_a_stale_page_submitted_twice_is_refused(w):
    dossier = dossier_in(w, DossierStatus.IN_PROGRESS)
    seen = dossier.updated_at.isoformat()
    _client, first = act(w.leader, dossier, "decide", seen=seen, decision="approved")
    assert first.status_code == 302
    before = snapshot(dossier)
    _client, second = act(w.leader, dossier, "decide", seen=seen, decision="approved")
    refused(second, 409, "Hồ sơ đã thay đổi từ lúc bạn mở trang này.")
    assert snapshot(dossier) == before


@pytest.mark.parametrize("who", ["anonymous", "citizen", "justice_leader"])
def test_strangers_cannot_decide(w, who):
    dossier = dossier_in(w, DossierStatus.IN_PROGRESS)
    user = {"anonymous": None, "citizen": w.an.user}.get(who) or getattr(w, who, None)
    before = snapshot(dossier)
    _client, response = act(user, dossier, "decide", decision="approved")
    assert response.status_code == {"anonymous": 302, "citizen": 403, "justice_leader": 404}[who]
    assert snapshot(dossier) == before


def test_malformed_decision_writes_nothing(w):
    dossier = dossier_in(w, DossierStatus.IN_PROGRESS)
    before = snapshot(dossier)
    _client, response = act(w.leader, dossier, "decide", decision="<script>", note="x" * 5000)
    assert response.status_code == 400
    assert "&lt;script&gt;" in response.content.decode() or "Hãy chọn" in response.content.decode()
    assert snapshot(dossier) == before


# --- apology and new appointment (Mẫu 04) ---------------------------------------------


def _at_risk(w, monkeypatch) -> Dossier:
    dossier = dossier_in(w, DossierStatus.IN_PROGRESS)
    deadline_sweep(now=FRIDAY)
    clock_at(monkeypatch, FRIDAY)
    return dossier


def test_the_page_proposes_the_apology_once_then_the_button_is_gone(w, monkeypatch):
    dossier = _at_risk(w, monkeypatch)
    assert HINT in page(w.leader, dossier)
    client, response = act(
        w.leader,
        dossier,
        "reschedule",
        reason="Cần xác minh thêm hiện trạng công trình",
        new_appointment_at="2026-03-12T17:00",
        responsible_agency=w.construction.pk,
    )
    assert response.status_code == 302
    shown = client.get(response["Location"]).content.decode()
    assert "Đã ban hành văn bản xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)." in shown
    assert "17:00 12/03/2026" in shown
    assert not has_button(shown, "Xin lỗi và hẹn lại ngày trả")
    apology = ApologyNotice.objects.get()
    assert (apology.new_appointment_at, apology.signed_by) == (local(2026, 3, 12, 17, 0), w.leader)
    # A second one, forged from a fresh page: refused with a clear message.
    before = snapshot(dossier)
    _client, again = act(
        w.leader,
        dossier,
        "reschedule",
        reason="Lần hai",
        new_appointment_at="2026-03-20T17:00",
        responsible_agency=w.construction.pk,
    )
    refused(again, 400, "Chỉ được hẹn lại ngày trả kết quả một lần.")
    assert snapshot(dossier) == before


def test_no_hint_when_the_dossier_is_on_time(w, monkeypatch):
    dossier = dossier_in(w, DossierStatus.IN_PROGRESS)
    clock_at(monkeypatch, local(2026, 3, 3, 9, 0))
    shown = page(w.leader, dossier)
    assert has_button(shown, "Xin lỗi và hẹn lại ngày trả")
    assert HINT not in shown


def test_an_apology_after_the_appointment_passed_is_refused(w, monkeypatch):
    dossier = dossier_in(w, DossierStatus.IN_PROGRESS)
    clock_at(monkeypatch, local(2026, 3, 10, 9, 0))
    assert not has_button(page(w.leader, dossier), "Xin lỗi và hẹn lại ngày trả")
    before = snapshot(dossier)
    _client, response = act(
        w.leader,
        dossier,
        "reschedule",
        reason="Chậm",
        new_appointment_at="2026-03-20T17:00",
        responsible_agency=w.construction.pk,
    )
    refused(response, 400, "Đã quá ngày hẹn; văn bản xin lỗi phải gửi trước khi hết hạn.")
    assert snapshot(dossier) == before


def test_an_apology_needs_a_later_date(w, monkeypatch):
    dossier = _at_risk(w, monkeypatch)
    before = snapshot(dossier)
    _client, response = act(
        w.leader,
        dossier,
        "reschedule",
        reason="Chậm",
        new_appointment_at="2026-03-09T07:30",
        responsible_agency=w.construction.pk,
    )
    refused(response, 422, "Ngày hẹn mới phải sau ngày hẹn cũ.")
    assert "Chậm</textarea>" in response.content.decode()  # the input is kept
    assert snapshot(dossier) == before


def test_a_specialist_cannot_apologise(w, monkeypatch):
    dossier = _at_risk(w, monkeypatch)
    assert not has_button(page(w.specialist, dossier), "Xin lỗi và hẹn lại ngày trả")
    before = snapshot(dossier)
    _client, response = act(
        w.specialist,
        dossier,
        "reschedule",
        reason="Chậm",
        new_appointment_at="2026-03-12T17:00",
        responsible_agency=w.construction.pk,
    )
    assert response.status_code == 403
    assert snapshot(dossier) == before


# --- the result: at the counter, then to the applicant --------------------------------


def test_the_result_comes_to_the_counter_then_goes_by_post(w):
    dossier = dossier_in(w, DossierStatus.DECIDED)
    assert "Trả kết quả</summary>" not in page(w.counter, dossier)
    _client, response = act(w.specialist, dossier, "mark_result_ready", note="")
    assert response.status_code == 302
    assert fresh(dossier).result_ready_at is not None
    shown = page(w.counter, dossier)
    assert not has_button(shown, "Chuyển kết quả về bộ phận một cửa")
    assert "Người nhận đã ký sổ theo dõi" in shown
    client, response = act(
        w.counter, dossier, "return_result", way="post", tracking_number="EB123456789VN"
    )
    assert response.status_code == 302
    assert "Đã trả kết quả cho người dân." in client.get(response["Location"]).content.decode()
    row = ResultReturn.objects.get()
    assert (row.way, row.tracking_number, row.returned_by) == ("post", "EB123456789VN", w.counter)
    assert fresh(dossier).status == DossierStatus.RETURNED


def test_a_post_return_without_a_tracking_number_writes_nothing(w):
    dossier = dossier_in(w, DossierStatus.DECIDED, result_ready=True)
    before = snapshot(dossier)
    _client, response = act(w.counter, dossier, "return_result", way="post", receiver_name="An")
    refused(response, 422, "Cần nhập số hiệu bưu gửi")
    assert 'value="An"' in response.content.decode()  # the input is kept
    assert snapshot(dossier) == before
    assert not ResultReturn.objects.exists()


def test_at_the_counter_the_ledger_tick_is_required(w):
    dossier = dossier_in(w, DossierStatus.DECIDED, result_ready=True)
    before = snapshot(dossier)
    _client, response = act(
        w.counter, dossier, "return_result", way="counter", receiver_name="Nguyễn Văn An"
    )
    refused(response, 422, "Người nhận phải ký sổ theo dõi khi nhận kết quả tại quầy.")
    assert snapshot(dossier) == before
    _client, response = act(
        w.counter,
        dossier,
        "return_result",
        way="counter",
        receiver_name="Nguyễn Văn An",
        signed_ledger="on",
    )
    assert response.status_code == 302
    assert ResultReturn.objects.get().signed_ledger is True


def test_the_leader_cannot_return_a_result(w):
    dossier = dossier_in(w, DossierStatus.DECIDED, result_ready=True)
    before = snapshot(dossier)
    _client, response = act(w.leader, dossier, "return_result", way="post", tracking_number="EB1")
    assert response.status_code == 403
    assert snapshot(dossier) == before


# --- withdrawal and stop ---------------------------------------------------------------


def test_the_counter_records_a_withdrawal_then_stops(w):
    dossier = dossier_in(w, DossierStatus.IN_PROGRESS)
    _client, response = act(w.counter, dossier, "withdraw", reason="Người dân có đơn xin rút hồ sơ")
    assert response.status_code == 302
    assert fresh(dossier).status == DossierStatus.WITHDRAWAL_REQUESTED
    client, response = act(
        w.counter, dossier, "stop", reason="Dừng theo đề nghị của người yêu cầu <b>"
    )
    assert response.status_code == 302
    shown = client.get(response["Location"]).content.decode()
    assert "Đã dừng giải quyết hồ sơ và lập thông báo dừng (Mẫu 05)." in shown
    notice = StopNotice.objects.get()
    assert (notice.at_applicant_request, notice.reason) == (
        True,
        "Dừng theo đề nghị của người yêu cầu <b>",
    )


def test_a_stop_needs_a_reason(w):
    dossier = dossier_in(w, DossierStatus.IN_PROGRESS)
    before = snapshot(dossier)
    _client, response = act(w.counter, dossier, "stop", reason="")
    assert response.status_code == 400
    assert "Cần nhập lý do dừng giải quyết (ghi trên thông báo Mẫu 05)." in (
        response.content.decode()
    )
    assert snapshot(dossier) == before
