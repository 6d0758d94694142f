"""The processing buttons of the dossier page: what each does to the database and what
the officer reads after it, and every refusal (wrong role, another agency, forbidden
transition, a page out of date, bad input) writing nothing."""

from __future__ import annotations

import re

import pytest

from motcua.workflow import services
from motcua.workflow.models import Handoff, SupplementItem, SupplementRequest, Task
from motcua.workflow.tests.states import FEE, dossier_in, snapshot
from motcua.workflow.tests.world import fresh, local, paper

pytestmark = pytest.mark.django_db

STALE = "Hồ sơ đã thay đổi từ lúc bạn mở trang này."
NOT_NOW = "Bạn không thể thực hiện thao tác này với hồ sơ ở trạng thái hiện tại."


def _post(client, dossier, action, data=None, *, seen=None):
    body = {"seen": seen if seen is not None else fresh(dossier).updated_at.isoformat()}
    body.update({f"{action}-{key}": value for key, value in (data or {}).items()})
    return client.post(f"/office/ho-so/{dossier.code}/thao-tac/{action}/", body)


def _buttons(client, dossier):
    html = client.get(f"/office/ho-so/{dossier.code}/").content.decode()
    return re.findall(r'<summary class="button \w+">([^<]+)</summary>', html)


def _karaoke(w):
    dossier = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.karaoke_version,
        one_stop_unit=w.centre,
        applicant=w.cuong,
        components=[paper(w.karaoke_form)],
        at=local(2026, 3, 2, 8, 0),
    )
    return services.dossier_start_processing(
        dossier=dossier, actor=w.counter, assignee=w.police_officer, at=local(2026, 3, 2, 8, 10)
    )


# --- what each button does ------------------------------------------------------------


def test_the_specialist_sees_the_buttons_of_the_step(client, w):
    dossier = dossier_in(w, "in_progress")
    client.force_login(w.specialist)
    # Step 2 of 3: the next is the last, the approval; the specialist does not assign.
    assert _buttons(client, dossier) == [
        "Trình phê duyệt",
        "Yêu cầu bổ sung hồ sơ",
        "Yêu cầu nộp phí, lệ phí",
    ]
    client.force_login(w.unit_head)
    assert "Phân công xử lý" in _buttons(client, dossier)


def test_start_processing_with_an_assignee(client, w):
    dossier = dossier_in(w, "received")
    client.force_login(w.counter)
    assert "Chuyển xử lý" in _buttons(client, dossier)
    response = _post(client, dossier, "start_processing", {"assignee": w.specialist.pk})
    assert response.status_code == 302
    after = fresh(dossier)
    assert (after.status, after.current_step, after.current_assignee_id) == (
        "in_progress",
        2,
        w.specialist.pk,
    )
    page = client.get(response["Location"]).content.decode()
    assert "Đã chuyển hồ sơ sang bước xử lý tiếp theo." in page


def test_assign_the_step(client, w):
    dossier = dossier_in(w, "in_progress")
    client.force_login(w.unit_head)
    html = client.get(f"/office/ho-so/{dossier.code}/").content.decode()
    # Only officers who may hold the step are offered (not the counter, not other agencies).
    assert "Đỗ Thị Hoa (chuyenvien2.xd)" in html
    assert "(chuyenvien.tp)" not in html.split('id="id_assign-assignee"')[1].split("</select>")[0]
    response = _post(client, dossier, "assign", {"assignee": w.specialist2.pk, "note": "Gấp"})
    assert response.status_code == 302
    assert Task.objects.get(dossier=dossier, order=2).assignee_id == w.specialist2.pk
    assert fresh(dossier).current_assignee_id == w.specialist2.pk
    assert (
        "Đã phân công cán bộ xử lý bước hiện tại."
        in client.get(response["Location"]).content.decode()
    )


def test_assign_an_officer_who_cannot_hold_the_step(client, w):
    dossier = dossier_in(w, "in_progress")
    client.force_login(w.unit_head)
    before = snapshot(dossier)
    response = _post(client, dossier, "assign", {"assignee": w.justice_specialist.pk})
    assert response.status_code == 400
    assert "Cán bộ này không xử lý được bước này" in response.content.decode()
    assert snapshot(dossier) == before


def test_propose_the_decision(client, w):
    dossier = dossier_in(w, "in_progress")
    client.force_login(w.specialist)
    response = _post(client, dossier, "hand_off", {"to_step": 3, "note": "Đủ điều kiện cấp phép"})
    assert response.status_code == 302
    after = fresh(dossier)
    assert (after.current_step, after.current_step_name) == (3, "Phê duyệt")
    handoff = Handoff.objects.filter(dossier=dossier).latest("sent_at")
    assert (handoff.note, handoff.sent_by_id) == ("Đủ điều kiện cấp phép", w.specialist.pk)
    page = client.get(response["Location"]).content.decode()
    assert "Đã chuyển hồ sơ; phiếu kiểm soát quá trình đã ghi lượt giao nhận." in page
    # At the last step there is nothing to hand off to: no such button.
    client.force_login(w.leader)
    assert not {"Chuyển bước", "Trình phê duyệt"} & set(_buttons(client, dossier))


def test_a_step_at_another_agency_is_a_liên_thông_transfer(client, w):
    dossier = _karaoke(w)
    client.force_login(w.police_officer)
    assert _buttons(client, dossier)[0] == "Chuyển cơ quan phối hợp"
    html = client.get(f"/office/ho-so/{dossier.code}/").content.decode()
    assert "3. Thẩm định – Sở Văn hóa, Thể thao và Du lịch tỉnh Vĩnh Long (liên thông)" in html
    response = _post(client, dossier, "hand_off", {"to_step": 3, "assignee": w.culture_officer.pk})
    assert response.status_code == 302
    after = fresh(dossier)
    assert (after.current_agency_id, after.current_assignee_id) == (
        w.culture.pk,
        w.culture_officer.pk,
    )
    assert Handoff.objects.filter(dossier=dossier, inter_agency=True).count() == 2


def test_request_a_supplement_with_several_items(client, w):
    dossier = dossier_in(w, "in_progress")
    client.force_login(w.specialist)
    response = _post(
        client,
        dossier,
        "request_supplement",
        {
            "reason": "Hồ sơ chưa đủ để thẩm định",
            "legal_basis": "Nghị định 118/2025/NĐ-CP, Điều 11",
            "item1_component": w.permit_form.pk,
            "item1_reason": "Thiếu chữ ký của chủ đầu tư",
            "item2_name": "Bản vẽ mặt bằng công trình",
            "item2_reason": "Bản vẽ không đúng tỷ lệ",
        },
    )
    assert response.status_code == 302
    assert fresh(dossier).status == "awaiting_supplement"
    request = SupplementRequest.objects.get(dossier=dossier)
    assert (request.stage, request.legal_basis) == (
        "appraisal",
        "Nghị định 118/2025/NĐ-CP, Điều 11",
    )
    assert list(
        SupplementItem.objects.filter(request=request).values_list("name", "reason", "component")
    ) == [
        ("Tờ khai theo mẫu", "Thiếu chữ ký của chủ đầu tư", w.permit_form.pk),
        ("Bản vẽ mặt bằng công trình", "Bản vẽ không đúng tỷ lệ", None),
    ]
    assert (
        "Đã gửi yêu cầu bổ sung hồ sơ (Mẫu 02) cho người nộp."
        in client.get(response["Location"]).content.decode()
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "Thiếu", "item1_name": "Bản vẽ"}, "Hãy ghi lý do của mục này."),
        ({"reason": "Thiếu", "item1_reason": "Sai"}, "Hãy chọn giấy tờ hoặc ghi tên giấy tờ."),
        ({"reason": "Thiếu"}, "Hãy liệt kê ít nhất một giấy tờ cần bổ sung, kèm lý do."),
        (
            {"reason": "Thiếu", "item1_component": "999999", "item1_reason": "Sai"},
            "Lựa chọn không hợp lệ",
        ),
        ({"reason": "x" * 2001, "item1_name": "Bản vẽ", "item1_reason": "Sai"}, "2000"),
    ],
)
def test_a_supplement_request_that_is_not_complete(client, w, data, message):
    dossier = dossier_in(w, "in_progress")
    client.force_login(w.specialist)
    before = snapshot(dossier)
    response = _post(client, dossier, "request_supplement", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    # What was typed is still there.
    if "item1_name" in data:
        assert 'value="Bản vẽ"' in html
    assert snapshot(dossier) == before


def test_request_payment_in_dong(client, w):
    dossier = dossier_in(w, "in_progress")
    client.force_login(w.specialist)
    response = _post(client, dossier, "request_payment", {"amount": FEE, "note": "Lệ phí"})
    assert response.status_code == 302
    after = fresh(dossier)
    assert (after.status, after.fee_requested) == ("awaiting_payment", FEE)


def test_a_payment_amount_with_thousands_dots(client, w):
    dossier = dossier_in(w, "in_progress")
    client.force_login(w.specialist)
    assert _post(client, dossier, "request_payment", {"amount": "1.500.000"}).status_code == 302
    assert fresh(dossier).fee_requested == 1_500_000


@pytest.mark.parametrize("amount", ["abc", "1,5", "1.5", "1.0000", "0", "-5", str(10**13), ""])
def test_a_payment_amount_that_is_not_đồng(client, w, amount):
    dossier = dossier_in(w, "in_progress")
    client.force_login(w.specialist)
    before = snapshot(dossier)
    response = _post(client, dossier, "request_payment", {"amount": amount})
    assert response.status_code == 400
    assert snapshot(dossier) == before


# --- refusals -------------------------------------------------------------------------


def test_a_forged_post_without_the_role_is_refused(client, w):
    dossier = dossier_in(w, "in_progress")
    client.force_login(w.specialist)  # assigns nothing: that is the unit head's
    assert "Phân công xử lý" not in _buttons(client, dossier)
    before = snapshot(dossier)
    response = _post(client, dossier, "assign", {"assignee": w.specialist2.pk})
    assert response.status_code == 403
    assert NOT_NOW in response.content.decode()
    assert snapshot(dossier) == before


def test_the_counter_may_not_hand_off_the_departments_step(client, w):
    dossier = dossier_in(w, "in_progress")
    client.force_login(w.counter)  # sees the dossier it received; the step is Sở Xây dựng's
    assert "Trình phê duyệt" not in _buttons(client, dossier)
    before = snapshot(dossier)
    response = _post(client, dossier, "hand_off", {"to_step": 3})
    assert response.status_code == 403
    assert snapshot(dossier) == before


def test_a_forbidden_transition_is_refused(client, w):
    dossier = dossier_in(w, "in_progress")
    client.force_login(w.counter)
    before = snapshot(dossier)
    response = _post(client, dossier, "start_processing", {})
    assert response.status_code == 403
    assert NOT_NOW in response.content.decode()
    assert snapshot(dossier) == before


def test_another_agency_gets_not_found(client, w):
    dossier = dossier_in(w, "in_progress")
    client.force_login(w.justice_leader)
    before = snapshot(dossier)
    assert _post(client, dossier, "hand_off", {"to_step": 3}).status_code == 404
    assert snapshot(dossier) == before


def test_anonymous_and_citizen_posts_write_nothing(client, w):
    dossier = dossier_in(w, "in_progress")
    before = snapshot(dossier)
    assert _post(client, dossier, "hand_off", {"to_step": 3}).status_code == 302
    client.force_login(w.an.user)
    assert _post(client, dossier, "hand_off", {"to_step": 3}).status_code == 403
    assert snapshot(dossier) == before


def test_the_same_page_submitted_twice(client, w):
    dossier = dossier_in(w, "in_progress")
    client.force_login(w.specialist)
    seen = fresh(dossier).updated_at.isoformat()
    assert _post(client, dossier, "request_payment", {"amount": FEE}, seen=seen).status_code == 302
    after_first = snapshot(dossier)
    response = _post(client, dossier, "request_payment", {"amount": FEE}, seen=seen)
    assert response.status_code == 409
    html = response.content.decode()
    assert STALE in html and "chưa có gì được ghi" in html
    assert snapshot(dossier) == after_first


def test_an_unknown_later_step(client, w):
    dossier = dossier_in(w, "in_progress")
    client.force_login(w.specialist)
    before = snapshot(dossier)
    response = _post(client, dossier, "hand_off", {"to_step": 9})
    assert response.status_code == 400
    assert "Lựa chọn không hợp lệ" in response.content.decode()
    assert snapshot(dossier) == before


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("x" * 501, "500"),
        ("dòng\x01lạ", "ghi chú chứa ký tự điều khiển không hợp lệ."),
        ("có\x00NUL", "Null"),
    ],
)
def test_bad_notes_are_refused(client, w, note, message):
    dossier = dossier_in(w, "in_progress")
    client.force_login(w.specialist)
    before = snapshot(dossier)
    response = _post(client, dossier, "hand_off", {"to_step": 3, "note": note})
    assert 400 <= response.status_code < 500
    assert message.lower() in response.content.decode().lower()
    assert snapshot(dossier) == before


def test_a_script_in_a_note_is_kept_as_text(client, w):
    dossier = dossier_in(w, "in_progress")
    client.force_login(w.specialist)
    note = "<script>alert('x')</script>"
    assert _post(client, dossier, "hand_off", {"to_step": 3, "note": note}).status_code == 302
    assert Handoff.objects.filter(dossier=dossier).latest("sent_at").note == note
    client.force_login(w.leader)
    html = client.get(f"/office/ho-so/{dossier.code}/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
