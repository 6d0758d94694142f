"""What the applicant is told at each dossier event (workflow.messages): which events
are told and with what, which are not, once per event, and never for a refused action.
Messages are read from the outbox (one row per channel); the dossiers come from
``states.dossier_in`` (the permit, An with a login and phone 0912345678, from Monday 2
March 2026 08:00, one action every ten minutes)."""

from __future__ import annotations

import pytest

from motcua.core.exceptions import ApplicationError
from motcua.dossiers.constants import DossierStatus, ResultDelivery
from motcua.dossiers.models import DossierEvent
from motcua.notifications.models import Message
from motcua.workflow import services
from motcua.workflow.tests.states import AFTER, act, dossier_in
from motcua.workflow.tests.world import local, paper

BASE = "https://motcua.vinhlong.gov.vn"
S = DossierStatus


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.PUBLIC_BASE_URL = BASE


def applicant_messages(dossier, channel="in_app"):
    """(template, body) of the applicant's messages on ``channel``, oldest first."""
    return list(
        Message.objects.filter(reference=dossier.code, channel=channel)
        .exclude(template__in=["step_due_soon", "step_late", "apology_prompt"])
        .order_by("pk")
        .values_list("template", "body")
    )


def templates(dossier):
    return [template for template, _body in applicant_messages(dossier)]


def test_counter_receipt_is_told_on_every_channel_of_the_applicant(w):
    dossier = dossier_in(w, S.RECEIVED)
    event = DossierEvent.objects.get(dossier=dossier, action="receive_counter")
    rows = list(
        Message.objects.filter(reference=dossier.code)
        .order_by("pk")
        .values_list("event_key", "channel", "recipient", "user", "template")
    )
    # An has a phone and a login, no e-mail: SMS and in-app.
    assert rows == [
        (f"dossier-event:{event.pk}", "sms", "0912345678", w.an.user.pk, "dossier_received"),
        (
            f"dossier-event:{event.pk}",
            "in_app",
            str(w.an.user.pk),
            w.an.user.pk,
            "dossier_received",
        ),
    ]
    # Received Monday 08:00: 40 working hours end on Monday 9 March at 08:00.
    assert applicant_messages(dossier) == [
        (
            "dossier_received",
            "Kính gửi Nguyễn Văn An,\n\n"
            "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long đã tiếp nhận hồ sơ "
            f"{dossier.code} của thủ tục Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ "
            "lúc 08:00 02/03/2026.\n"
            "Ngày hẹn trả kết quả: 08:00 09/03/2026.\n"
            f"Tra cứu tình trạng hồ sơ: {BASE}/tra-cuu/?ma={dossier.code}\n\n"
            "Trân trọng.",
        )
    ]


def test_refusal_gives_the_reason_and_the_legal_basis(w):
    dossier = dossier_in(w, S.REFUSED)
    assert applicant_messages(dossier, channel="sms") == [
        (
            "dossier_refused",
            f"Hồ sơ {dossier.code} không được tiếp nhận. Lý do: Thủ tục không thuộc thẩm "
            "quyền giải quyết (căn cứ: Nghị định 118/2025/NĐ-CP, Điều 17)",
        )
    ]


def test_payment_request_gives_the_amount(w):
    dossier = dossier_in(w, S.AWAITING_PAYMENT)
    link = f"{BASE}/tra-cuu/?ma={dossier.code}"
    assert applicant_messages(dossier, channel="sms") == [
        (
            "dossier_received",
            f"Hồ sơ {dossier.code} đã được tiếp nhận, hẹn trả 08:00 09/03/2026. Tra cứu: {link}",
        ),
        (
            "payment_requested",
            f"Hồ sơ {dossier.code} cần nộp phí, lệ phí 500.000 đồng. Nộp tại: {link}",
        ),
    ]


def test_stop_after_a_withdrawal_is_told_once(w):
    # The withdrawal is An's own act (not told); the stop notice is.
    dossier = dossier_in(w, S.STOPPED, stopped_from=S.WITHDRAWAL_REQUESTED)
    assert templates(dossier) == ["dossier_received", "dossier_stopped"]
    assert applicant_messages(dossier, channel="sms")[-1] == (
        "dossier_stopped",
        f"Hồ sơ {dossier.code} đã dừng giải quyết. Lý do: Người yêu cầu đề nghị dừng giải quyết",
    )


def test_result_by_post_says_where_it_goes(w):
    dossier = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.permit_version,
        one_stop_unit=w.centre,
        applicant=w.an,
        components=[paper(w.permit_form)],
        result_delivery=ResultDelivery.POST,
        delivery_address="Số 12 đường 3/2, Phường 1, Vĩnh Long",
        at=local(2026, 3, 2, 8, 0),
    )
    dossier = services.dossier_start_processing(
        dossier=dossier, actor=w.counter, at=local(2026, 3, 2, 8, 10)
    )
    dossier = services.dossier_hand_off(
        dossier=dossier, actor=w.specialist, at=local(2026, 3, 2, 9)
    )
    dossier = services.dossier_decide(
        dossier=dossier, actor=w.leader, decision="approved", at=local(2026, 3, 2, 10)
    )
    services.dossier_mark_result_ready(
        dossier=dossier, actor=w.specialist, at=local(2026, 3, 2, 11)
    )
    assert applicant_messages(dossier, channel="sms")[-1] == (
        "result_ready",
        f"Hồ sơ {dossier.code} đã có kết quả. Nhận tại: gửi qua bưu chính công ích đến Số 12 "
        "đường 3/2, Phường 1, Vĩnh Long.",
    )


# Every state, and which of the actions on the way told the applicant.
LIVES = [
    pytest.param(S.SUBMITTED, {}, [], id="submitted"),
    pytest.param(S.REFUSED, {}, ["dossier_refused"], id="refused"),
    pytest.param(
        S.AWAITING_SUPPLEMENT, {"stage": "intake"}, ["supplement_requested"], id="supplement-intake"
    ),
    pytest.param(S.RECEIVED, {"channel": "online"}, ["dossier_received"], id="received-online"),
    pytest.param(S.IN_PROGRESS, {}, ["dossier_received"], id="in_progress"),
    pytest.param(
        S.AWAITING_SUPPLEMENT,
        {},
        ["dossier_received", "supplement_requested"],
        id="supplement-appraisal",
    ),
    pytest.param(S.WITHDRAWAL_REQUESTED, {}, ["dossier_received"], id="withdrawal"),
    pytest.param(S.DECIDED, {}, ["dossier_received"], id="decided"),
    pytest.param(
        S.DECIDED, {"result_ready": True}, ["dossier_received", "result_ready"], id="ready"
    ),
    pytest.param(
        S.RETURNED, {}, ["dossier_received", "result_ready", "result_returned"], id="returned"
    ),
]


@pytest.mark.parametrize(("status", "options", "told"), LIVES)
def test_which_events_are_told(w, status, options, told):
    assert templates(dossier_in(w, status, **options)) == told


@pytest.mark.parametrize(
    ("status", "action", "actor"),
    [
        pytest.param(S.AWAITING_SUPPLEMENT, "record_supplement", "an", id="supplement-received"),
        pytest.param(S.AWAITING_PAYMENT, "record_payment", "counter", id="payment-received"),
        pytest.param(S.IN_PROGRESS, "assign", "unit_head", id="assign"),
        pytest.param(S.IN_PROGRESS, "hand_off", "specialist", id="hand_off"),
        pytest.param(S.IN_PROGRESS, "decide", "leader", id="decide"),
    ],
)
def test_internal_and_own_acts_are_not_told(w, status, action, actor):
    dossier = dossier_in(w, status)
    before = Message.objects.count()
    person = w.an.user if actor == "an" else getattr(w, actor)
    act(w, dossier, action, actor=person)
    assert Message.objects.count() == before


def test_apology_names_the_old_and_new_dates_and_the_agency(w):
    dossier = act(w, dossier_in(w, S.IN_PROGRESS), "reschedule", actor=w.leader)
    # The appointment Monday 9 March 08:00 moves three days on, Thursday 12 March.
    assert applicant_messages(dossier, channel="sms")[-1] == (
        "apology",
        f"Sở Xây dựng tỉnh Vĩnh Long xin lỗi: hồ sơ {dossier.code} chậm so với hẹn 08:00 "
        "09/03/2026, hẹn lại ngày 08:00 12/03/2026.",
    )


def test_a_refused_action_tells_nobody(w):
    dossier = dossier_in(w, S.IN_PROGRESS)
    before = list(Message.objects.order_by("pk").values_list("pk", flat=True))
    with pytest.raises(ApplicationError):
        services.dossier_reschedule(
            dossier=dossier,
            actor=w.justice_leader,
            responsible_agency=w.construction,
            reason="Chờ ý kiến",
            new_appointment_at=local(2026, 3, 12, 8, 0),
            at=AFTER,
        )
    assert list(Message.objects.order_by("pk").values_list("pk", flat=True)) == before


def test_a_walk_in_without_phone_or_account_gets_nothing_and_the_action_goes_on(w):
    dossier = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.permit_version,
        one_stop_unit=w.centre,
        applicant=w.cuong,
        components=[paper(w.permit_form)],
        at=local(2026, 3, 2, 8, 0),
    )
    assert dossier.status == S.RECEIVED
    assert not Message.objects.filter(reference=dossier.code).exists()
