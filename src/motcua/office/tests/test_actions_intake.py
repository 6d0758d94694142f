"""The intake buttons of the dossier page (office/actions/intake.py): receive an online
dossier, refuse it, record a supplement at the counter. Refusals write nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.constants import SupplementStage
from motcua.dossiers.models import Dossier, DossierFile
from motcua.office.tests.counter_helpers import EXE, signed_in
from motcua.workflow.models import Refusal
from motcua.workflow.tests.states import dossier_in, snapshot
from motcua.workflow.tests.world import PDF
from motcua.workflow.tests.world import world as build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build_world()


def act(client, dossier, action, data=None, *, seen=None):
    dossier = Dossier.objects.get(pk=dossier.pk) if seen is None else dossier
    body = {"seen": seen or dossier.updated_at.isoformat(), **(data or {})}
    return client.post(f"/office/ho-so/{dossier.code}/thao-tac/{action}/", body)


def page(client, dossier):
    return client.get(f"/office/ho-so/{dossier.code}/").content.decode()


def test_the_counter_officer_sees_the_intake_buttons_of_an_online_dossier(w):
    dossier = dossier_in(w, "submitted")
    html = page(signed_in(w.counter), dossier)
    for label in ("Tiếp nhận", "Từ chối tiếp nhận"):
        assert f">{label}</summary>" in html


def test_receive_an_online_dossier(w):
    dossier = dossier_in(w, "submitted")
    client = signed_in(w.counter)
    response = act(client, dossier, "receive", {"receive-ghi_chu": "Đủ giấy tờ"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.status, dossier.received_by) == ("received", w.counter)
    assert "Đã tiếp nhận hồ sơ; giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)" in page(client, dossier)


def test_refuse_with_reason_and_legal_basis(w):
    dossier = dossier_in(w, "submitted")
    client = signed_in(w.counter)
    before = snapshot(dossier)
    response = act(client, dossier, "refuse", {"refuse-ly_do": "Không thuộc thẩm quyền"})
    assert response.status_code == 400
    assert "Cần nêu căn cứ pháp lý của việc từ chối." in response.content.decode()
    assert snapshot(dossier) == before
    response = act(
        client,
        dossier,
        "refuse",
        {"refuse-ly_do": "Không thuộc thẩm quyền", "refuse-can_cu": "Nghị định 118/2025, Điều 17"},
    )
    assert response.status_code == 302
    assert Refusal.objects.get(dossier=dossier).legal_basis == "Nghị định 118/2025, Điều 17"


def test_record_a_supplement_brought_to_the_counter_with_its_scan(w):
    dossier = dossier_in(w, "awaiting_supplement", stage=SupplementStage.INTAKE)
    form = w.permit_form.pk
    client = signed_in(w.counter)
    before = snapshot(dossier)
    bad = act(
        client,
        dossier,
        "record_supplement",
        {f"record_supplement-tep_{form}": SimpleUploadedFile("to-khai.pdf", EXE)},
    )
    assert bad.status_code == 400
    assert "Chỉ nhận tệp PDF, PNG hoặc JPEG." in bad.content.decode()
    assert snapshot(dossier) == before
    files = DossierFile.objects.count()
    response = act(
        client,
        dossier,
        "record_supplement",
        {
            f"record_supplement-co_{form}": "on",
            f"record_supplement-tep_{form}": SimpleUploadedFile("to-khai.pdf", PDF),
        },
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == "submitted"
    assert DossierFile.objects.count() == files + 1


# --- refusals ---------------------------------------------------------------------------


def test_a_forbidden_transition_is_refused(w):
    dossier = dossier_in(w, "received")
    before = snapshot(dossier)
    response = act(signed_in(w.counter), dossier, "receive", {})
    assert response.status_code == 403
    assert "không thể thực hiện thao tác này với hồ sơ ở trạng thái hiện tại" in (
        response.content.decode()
    )
    assert snapshot(dossier) == before


def test_a_stale_page_submitted_twice_acts_once(w):
    dossier = dossier_in(w, "submitted")
    seen = dossier.updated_at.isoformat()
    client = signed_in(w.counter)
    assert act(client, dossier, "receive", {}, seen=seen).status_code == 302
    dossier.refresh_from_db()
    before = snapshot(dossier)
    response = act(client, dossier, "receive", {}, seen=seen)
    assert response.status_code == 409
    assert "Hồ sơ đã thay đổi từ lúc bạn mở trang này" in response.content.decode()
    assert snapshot(dossier) == before


@pytest.mark.parametrize(
    ("who", "status"),
    # Sở Xây dựng's leader sees the dossier it decides, without the button; Sở Tư pháp's
    # does not see it at all; a citizen has no office role.
    [("leader", 403), ("justice_leader", 404), ("citizen", 403)],
)
def test_people_without_the_counter_role_cannot_receive(w, who, status):
    user = {"leader": w.leader, "justice_leader": w.justice_leader, "citizen": w.binh.user}
    dossier = dossier_in(w, "submitted")
    before = snapshot(dossier)
    assert act(signed_in(user[who]), dossier, "receive", {}).status_code == status
    assert snapshot(dossier) == before


def test_anonymous_is_sent_to_sign_in(w):
    dossier = dossier_in(w, "submitted")
    before = snapshot(dossier)
    assert act(signed_in(None), dossier, "receive", {}).status_code == 302
    assert snapshot(dossier) == before


def test_script_in_a_reason_comes_back_escaped(w):
    dossier = dossier_in(w, "submitted")
    response = act(
        signed_in(w.counter), dossier, "refuse", {"refuse-ly_do": "<script>alert(1)</script>"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


# --- the fee paid at the counter ------------------------------------------------------------


def test_the_counter_records_the_fee_with_its_receipt_number(w):
    dossier = dossier_in(w, "awaiting_payment")
    due = dossier.fee_requested - dossier.fee_paid
    client = signed_in(w.counter)
    html = page(client, dossier)
    assert ">Ghi nhận đã nộp phí, lệ phí</summary>" in html
    written = f"{due:,}".replace(",", ".")
    assert f"Còn phải nộp: {written} đồng." in html
    response = act(
        client,
        dossier,
        "record_payment",
        {"record_payment-amount": written, "record_payment-reference": "BL-0001234"},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.status, dossier.fee_paid) == ("in_progress", dossier.fee_requested)
    assert dossier.events.order_by("-pk").first().note == "BL-0001234"
    assert "Đã ghi nhận khoản phí, lệ phí; hồ sơ tiếp tục được xử lý." in page(client, dossier)


@pytest.mark.parametrize(
    ("amount", "status", "message"),
    [
        # The form reads it; the service wants exactly what is due.
        ("1", 422, "Số tiền phải đúng bằng số còn phải nộp"),
        ("abc", 400, "Số tiền là số nguyên đồng, ví dụ 500000 hoặc 500.000."),
        ("-5", 400, "Số tiền là số nguyên đồng, ví dụ 500000 hoặc 500.000."),
        ("9" * 40, 400, "Số tiền quá dài."),
    ],
)
def test_a_wrong_amount_is_refused_and_nothing_is_written(w, amount, status, message):
    dossier = dossier_in(w, "awaiting_payment")
    before = snapshot(dossier)
    response = act(
        signed_in(w.counter), dossier, "record_payment", {"record_payment-amount": amount}
    )
    assert response.status_code == status
    assert message in response.content.decode()
    assert snapshot(dossier) == before


def test_a_specialist_cannot_record_the_fee(w):
    dossier = dossier_in(w, "awaiting_payment")
    before = snapshot(dossier)
    response = act(
        signed_in(w.specialist), dossier, "record_payment", {"record_payment-amount": "1"}
    )
    assert response.status_code == 403
    assert snapshot(dossier) == before
