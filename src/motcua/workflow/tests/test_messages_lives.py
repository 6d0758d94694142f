"""Two dossiers' lives and every message the applicant and the officers received, in
order (issue 6, quality bar): written by the workflow services and the deadline sweep,
delivered by the outbox worker's own path (``outbox_deliver``) through the SMS plugin
to the fake gateway, a real HTTP server on 127.0.0.1.

Office hours 07:30-11:30 and 13:00-17:00, Monday to Friday (8 working hours a day).
The permit (1.009794, Sở Xây dựng) takes 5 working days: Tiếp nhận 0.5 (at the
centre), Thẩm định 3.5, Phê duyệt 1. Reminder lead: 4 working hours; apology prompt
lead: 8 working hours (the defaults). SMS are sent unsigned (``MOTCUA_SMS_UNSIGNED``).
"""

from __future__ import annotations

from typing import Any

import pytest

from motcua.dossiers.constants import Decision
from motcua.notifications.models import Message
from motcua.notifications.services import outbox_deliver
from motcua.notifications.testing.fake_gateway import FakeSmsGateway
from motcua.workflow import services
from motcua.workflow.reminders import deadline_watch
from motcua.workflow.services import SupplementItemInput
from motcua.workflow.tests.world import local, paper

BASE = "https://motcua.vinhlong.gov.vn"
AN = "0912345678"
CUONG = "0987654321"
SPECIALIST = "0901000001"
UNIT_HEAD = "0901000002"
LEADER = "0901000003"
COUNTER = "0901000004"


@pytest.fixture
def gateway(settings):
    with FakeSmsGateway() as fake:
        settings.SMS_GATEWAY_URL = fake.url
        settings.SMS_GATEWAY_API_KEY = fake.api_key
        settings.OUTBOX_SEND_THREADS = 1  # one at a time: the gateway sees them in order
        settings.PUBLIC_BASE_URL = BASE
        yield fake


@pytest.fixture
def phones(w):
    """The officers' mobile numbers (seed 001: the leader reminds by text message)."""
    for user, phone in (
        (w.specialist, SPECIALIST),
        (w.unit_head, UNIT_HEAD),
        (w.leader, LEADER),
        (w.counter, COUNTER),
    ):
        user.phone = phone
        user.save(update_fields=["phone"])
    w.cuong.phone = CUONG
    w.cuong.save(update_fields=["phone"])
    return w


class Inbox:
    """What the gateway accepted, taken as the worker delivers it."""

    def __init__(self, gateway: FakeSmsGateway) -> None:
        self.gateway = gateway
        self.seen = 0

    def deliver(self) -> list[tuple[str, str]]:
        while outbox_deliver():
            pass
        accepted = self.gateway.messages()
        new, self.seen = accepted[self.seen :], len(accepted)
        return [(m["to"], m["text"]) for m in new]


def notices(user: Any) -> list[tuple[str, str]]:
    """The person's in-app notices, oldest first: (template, subject)."""
    return list(
        Message.objects.filter(user=user, channel="in_app")
        .order_by("pk")
        .values_list("template", "subject")
    )


def test_counter_dossier_life(w, phones, gateway):
    inbox = Inbox(gateway)
    # Tuesday 3 March 2026, 09:00: Cường walks in. 40 working hours from 09:00: Tuesday
    # 6.5, Wednesday to Friday 24 (30.5), Monday 8 (38.5), Tuesday 10 March 07:30 + 1.5.
    # Tiếp nhận (4 hours, the counter officer's own step) ends at 14:30: no reminder to
    # the officer who just took it.
    dossier = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.permit_version,
        one_stop_unit=w.centre,
        applicant=w.cuong,
        components=[paper(w.permit_form)],
        at=local(2026, 3, 3, 9, 0),
    )
    code = dossier.code
    link = f"{BASE}/tra-cuu/?ma={code}"
    assert inbox.deliver() == [
        (CUONG, f"Ho so {code} da duoc tiep nhan, hen tra 09:00 10/03/2026. Tra cuu: {link}"),
    ]
    # 10:00: transferred to Sở Xây dựng, Thẩm định to the specialist: 28 hours from
    # 10:00, Tuesday 5.5, Wednesday and Thursday 16 (21.5), Friday 07:30-11:30 (25.5),
    # 13:00 + 2.5 = Friday 6 March 15:30. Nothing told: an internal step.
    dossier = services.dossier_start_processing(
        dossier=dossier, actor=w.counter, assignee=w.specialist, at=local(2026, 3, 3, 10, 0)
    )
    assert deadline_watch(now=local(2026, 3, 3, 10, 5)).messages == 0
    assert inbox.deliver() == []

    # Friday 09:55: 4h05 of working time left (09:55-11:30, 13:00-15:30): not yet.
    assert deadline_watch(now=local(2026, 3, 6, 9, 55)).messages == 0
    # 10:05: 3h55 left (1h25 before lunch, 2h30 after): within the 4-hour lead.
    result = deadline_watch(now=local(2026, 3, 6, 10, 5))
    assert (result.due_soon, result.late, result.apology) == (1, 0, 0)
    assert inbox.deliver() == [
        (SPECIALIST, f"Ho so {code}: buoc Tham dinh den han luc 15:30 06/03/2026."),
    ]
    # Running again, or later the same day, tells nobody again.
    assert deadline_watch(now=local(2026, 3, 6, 10, 5)).messages == 0
    assert deadline_watch(now=local(2026, 3, 6, 11, 0)).messages == 0

    # 15:00: passed on in time. Phê duyệt, nobody assigned: 8 hours from Friday 15:00,
    # Friday 2, Monday 07:30-11:30 (6), 13:00 + 2 = Monday 9 March 15:00.
    dossier = services.dossier_hand_off(
        dossier=dossier, actor=w.specialist, at=local(2026, 3, 6, 15, 0)
    )
    assert inbox.deliver() == []
    # Monday 09:35: 3h55 left (09:35-11:30, 13:00-15:00): the unit head, who assigns,
    # is told (nobody is assigned). The appointment, Tuesday 09:00, is 7h25 of working
    # time away, within the prompt lead, but the last step ends at 15:00 today: no prompt.
    result = deadline_watch(now=local(2026, 3, 9, 9, 35))
    assert (result.due_soon, result.late, result.apology) == (1, 0, 0)
    assert inbox.deliver() == [
        (UNIT_HEAD, f"Ho so {code}: buoc Phe duyet den han luc 15:00 09/03/2026."),
    ]

    # 14:00 decided (not told: the result is not at the centre yet); 14:30 the result is
    # at the centre; Tuesday 08:00 Cường takes it.
    dossier = services.dossier_decide(
        dossier=dossier, actor=w.leader, decision=Decision.APPROVED, at=local(2026, 3, 9, 14, 0)
    )
    assert inbox.deliver() == []
    dossier = services.dossier_mark_result_ready(
        dossier=dossier, actor=w.specialist, at=local(2026, 3, 9, 14, 30)
    )
    assert inbox.deliver() == [
        (
            CUONG,
            f"Ho so {code} da co ket qua. Nhan tai: Trung tam Phuc vu hanh chinh cong tinh "
            "Vinh Long, trong gio hanh chinh.",
        ),
    ]
    services.dossier_return_result(dossier=dossier, actor=w.counter, at=local(2026, 3, 10, 8, 0))
    assert inbox.deliver() == [
        (CUONG, f"Ho so {code} da tra ket qua ngay 10/03/2026. Danh gia: {link}"),
    ]
    # Nothing more, whenever the sweep runs.
    assert deadline_watch(now=local(2026, 3, 10, 9, 5)).messages == 0
    assert inbox.deliver() == []
    # In the office (in-app): the specialist's reminder and the unit head's; the walk-in
    # applicant has no account, so no in-app notice.
    assert notices(w.specialist) == [
        ("step_due_soon", f"Hồ sơ {code} sắp đến hạn xử lý"),
    ]
    assert notices(w.unit_head) == [
        ("step_due_soon", f"Hồ sơ {code} sắp đến hạn xử lý"),
    ]
    assert notices(w.leader) == []
    assert Message.objects.filter(user__isnull=True).count() == 3  # Cường's three SMS


def test_online_dossier_life_with_supplement_late_step_and_apology(w, phones, gateway):
    inbox = Inbox(gateway)
    # Monday 9 March 2026, 10:00: An files online. Not told: the portal shows the code.
    dossier, _created = services.dossier_submit_online(
        actor=w.an.user,
        version=w.permit_version,
        components=[paper(w.permit_form, with_file=True)],
        at=local(2026, 3, 9, 10, 0),
    )
    code = dossier.code
    link = f"{BASE}/tra-cuu/?ma={code}"
    # An has an account: the result and the rating are on their own dossier page.
    own = f"{BASE}/ho-so-cua-toi/{code}/"
    assert inbox.deliver() == []
    # 14:00: the counter officer asks for every item at once (Mẫu 02).
    dossier = services.dossier_request_supplement(
        dossier=dossier,
        actor=w.counter,
        items=[
            SupplementItemInput(
                name="Đơn đề nghị cấp giấy phép xây dựng",
                reason="Đơn chưa có chữ ký của chủ đầu tư",
                component=w.permit_form,
            ),
            SupplementItemInput(
                name="Bản vẽ thiết kế xây dựng", reason="Thiếu bản vẽ mặt bằng, mặt cắt"
            ),
        ],
        reason="Hồ sơ chưa đầy đủ, hợp lệ",
        at=local(2026, 3, 9, 14, 0),
    )
    assert inbox.deliver() == [
        (
            AN,
            f"Ho so {code} can bo sung: - Don de nghi cap giay phep xay dung: Don chua co chu "
            "ky cua chu dau tu\n- Ban ve thiet ke xay dung: Thieu ban ve mat bang, mat cat. "
            f"Chi tiet: {link}",
        ),
    ]
    # Tuesday 10 March 16:20: An uploads the papers (not told: An did it). Wednesday
    # 11 March 08:00 accepted: the clock restarts from Wednesday's opening (complete in
    # the last hour of Tuesday): 40 hours end on Tuesday 17 March at 17:00.
    dossier = services.dossier_record_supplement(
        dossier=dossier,
        actor=w.an.user,
        components=[paper(w.permit_form, with_file=True)],
        at=local(2026, 3, 10, 16, 20),
    )
    dossier = services.dossier_receive(dossier=dossier, actor=w.counter, at=local(2026, 3, 11, 8))
    assert inbox.deliver() == [
        (AN, f"Ho so {code} da duoc tiep nhan, hen tra 17:00 17/03/2026. Tra cuu: {link}"),
    ]
    # 09:00 transferred; 09:30 the unit head gives Thẩm định to the specialist: 28
    # hours from 09:00 end on Monday 16 March, 14:30.
    dossier = services.dossier_start_processing(
        dossier=dossier, actor=w.counter, at=local(2026, 3, 11, 9, 0)
    )
    dossier = services.dossier_assign(
        dossier=dossier, actor=w.unit_head, assignee=w.specialist, at=local(2026, 3, 11, 9, 30)
    )
    assert deadline_watch(now=local(2026, 3, 11, 9, 35)).messages == 0
    assert inbox.deliver() == []

    # Monday 16 March, 08:55: 4h05 left (08:55-11:30, 13:00-14:30): not yet; 09:05:
    # 3h55 left, the specialist is reminded.
    assert deadline_watch(now=local(2026, 3, 16, 8, 55)).messages == 0
    deadline_watch(now=local(2026, 3, 16, 9, 5))
    assert inbox.deliver() == [
        (SPECIALIST, f"Ho so {code}: buoc Tham dinh den han luc 14:30 16/03/2026."),
    ]
    # 14:35: late since 14:30: the head of the specialist's unit is told. The specialist
    # works in Phòng Quản lý xây dựng, which has no head of its own: the Sở's unit head.
    # The appointment (Tuesday 17:00) is 10h25 of working time away: no prompt yet.
    result = deadline_watch(now=local(2026, 3, 16, 14, 35))
    assert (result.due_soon, result.late, result.apology) == (0, 1, 0)
    assert inbox.deliver() == [
        (
            UNIT_HEAD,
            f"Ho so {code} qua han 5 phut lam viec o buoc Tham dinh (can bo Pham Van Dung).",
        ),
    ]
    # 16:55: 8h05 of working time to the appointment (Tuesday 17:00): not yet.
    assert deadline_watch(now=local(2026, 3, 16, 16, 55)).messages == 0
    # 17:05: one working day left (the office is closed until Tuesday 07:30), and Thẩm
    # định is still late: the dossier will miss 17:00 tomorrow. The leader of Sở Xây
    # dựng is asked to issue the apology (Mẫu 04).
    result = deadline_watch(now=local(2026, 3, 16, 17, 5))
    assert (result.due_soon, result.late, result.apology) == (0, 0, 1)
    assert inbox.deliver() == [
        (
            LEADER,
            f"Ho so {code} co nguy co tre hen 17:00 17/03/2026. De nghi ban hanh phieu xin "
            "loi va hen lai (Mau 04).",
        ),
    ]
    # Tuesday 09:00: the specialist passes it on. Phê duyệt, 8 hours: Wednesday 18 March
    # 09:00.
    # 10:00: the leader apologises, new date Thursday 19 March 17:00 (An is told).
    dossier = services.dossier_hand_off(
        dossier=dossier, actor=w.specialist, at=local(2026, 3, 17, 9, 0)
    )
    dossier = services.dossier_reschedule(
        dossier=dossier,
        actor=w.leader,
        responsible_agency=w.construction,
        reason="Chờ ý kiến cơ quan quản lý đất đai",
        new_appointment_at=local(2026, 3, 19, 17, 0),
        at=local(2026, 3, 17, 10, 0),
    )
    assert inbox.deliver() == [
        (
            AN,
            f"So Xay dung tinh Vinh Long xin loi: ho so {code} cham so voi hen 17:00 "
            "17/03/2026, hen lai ngay 17:00 19/03/2026.",
        ),
    ]
    # 14:25: Phê duyệt has 4h05 left (14:25-17:00, Wednesday 07:30-09:00): not yet.
    # 14:35: 3h55, within the lead. Nobody is assigned: the unit head.
    assert deadline_watch(now=local(2026, 3, 17, 14, 25)).messages == 0
    result = deadline_watch(now=local(2026, 3, 17, 14, 35))
    assert (result.due_soon, result.late, result.apology) == (1, 0, 0)
    assert inbox.deliver() == [
        (UNIT_HEAD, f"Ho so {code}: buoc Phe duyet den han luc 09:00 18/03/2026."),
    ]
    # Wednesday 08:30 decided; Thursday 09:00 the result is ready (online: on the
    # portal); 10:00 returned.
    dossier = services.dossier_decide(
        dossier=dossier, actor=w.leader, decision=Decision.APPROVED, at=local(2026, 3, 18, 8, 30)
    )
    dossier = services.dossier_mark_result_ready(
        dossier=dossier, actor=w.specialist, at=local(2026, 3, 19, 9, 0)
    )
    services.dossier_return_result(dossier=dossier, actor=w.counter, at=local(2026, 3, 19, 10))
    assert inbox.deliver() == [
        (AN, f"Ho so {code} da co ket qua. Nhan tai: truc tuyen tai {own}."),
        (AN, f"Ho so {code} da tra ket qua ngay 19/03/2026. Danh gia: {own}danh-gia/"),
    ]
    assert deadline_watch(now=local(2026, 3, 19, 10, 5)).messages == 0
    assert inbox.deliver() == []
    # An's account holds the same five messages as in-app notices, in order.
    assert notices(w.an.user) == [
        ("supplement_requested", f"Hồ sơ {code} cần bổ sung"),
        ("dossier_received", f"Đã tiếp nhận hồ sơ {code}"),
        ("apology", f"Xin lỗi và hẹn lại ngày trả kết quả hồ sơ {code}"),
        ("result_ready", f"Hồ sơ {code} đã có kết quả"),
        ("result_returned", f"Đã trả kết quả hồ sơ {code}"),
    ]
    assert notices(w.specialist) == [("step_due_soon", f"Hồ sơ {code} sắp đến hạn xử lý")]
    assert notices(w.unit_head) == [
        ("step_late", f"Hồ sơ {code} quá hạn ở bước Thẩm định"),
        ("step_due_soon", f"Hồ sơ {code} sắp đến hạn xử lý"),
    ]
    assert notices(w.leader) == [("apology_prompt", f"Hồ sơ {code} có nguy cơ trễ hẹn")]
