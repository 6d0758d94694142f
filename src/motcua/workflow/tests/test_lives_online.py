"""Whole lives of online dossiers, replayed through the services with every time
written by hand from the rules (DOMAIN.md §2.2, §2.5, §4, §11).

Office hours 07:30-11:30 and 13:00-17:00, Monday to Friday: 8 working hours a day.
The permit procedure (1.009794, Sở Xây dựng) takes 5 working days = 40 hours, in
steps Tiếp nhận 0.5 (4 h, at the centre) → Thẩm định 3.5 (28 h) → Phê duyệt 1 (8 h).
An online dossier starts its clock at the next opening when it arrives outside office
hours or within the last 60 minutes before closing (Decree 297/2025). March 2026 has
no public holiday; 1 March 2026 is a Sunday.
"""

from __future__ import annotations

import pytest

from motcua.calendar.constants import Outcome
from motcua.core.exceptions import (
    ApplicationError,
    ConflictError,
    PermissionDeniedError,
)
from motcua.dossiers.constants import Channel, Decision, DossierStatus, SupplementStage
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.workflow import services
from motcua.workflow.models import ApologyNotice, Handoff, SupplementRequest, Task
from motcua.workflow.services import SupplementItemInput
from motcua.workflow.tests.world import fresh, history, local, paper

PERMIT_CODE = "000.00.12.H62"  # Sở Xây dựng's e-ID: the dossier code's prefix


def handoffs(dossier: Dossier) -> list[tuple]:
    return list(
        Handoff.objects.filter(dossier=dossier).values_list(
            "from_label", "to_label", "outcome", "due_at", "inter_agency"
        )
    )


def tasks(dossier: Dossier) -> list[tuple]:
    return list(
        Task.objects.filter(dossier=dossier).values_list(
            "order", "status", "started_at", "due_at", "finished_at", "outcome"
        )
    )


def submit(w, at):
    dossier, created = services.dossier_submit_online(
        actor=w.an.user,
        version=w.permit_version,
        components=[paper(w.permit_form, with_file=True)],
        at=at,
    )
    assert created
    return dossier


def test_online_supplement_reschedule_and_return(w):
    # Monday 9 March 2026, 10:00: An files online. Status 1, code of the filing date;
    # no clock yet: an online dossier's clock starts when the officer accepts it.
    dossier = submit(w, local(2026, 3, 9, 10, 0))
    assert dossier.code == f"{PERMIT_CODE}-260309-0001"
    assert (dossier.status, dossier.sync_status) == (DossierStatus.SUBMITTED, 1)
    assert dossier.channel == Channel.ONLINE
    assert dossier.receiving_unit == w.centre
    assert (dossier.received_at, dossier.clock_start, dossier.appointment_at) == (None,) * 3
    assert not Task.objects.filter(dossier=dossier).exists()

    # 14:00: the counter officer asks, once and completely (Mẫu 02), for every item.
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
                name="Bản vẽ thiết kế xây dựng",
                reason="Thiếu bản vẽ mặt bằng, mặt cắt và mặt đứng công trình",
            ),
        ],
        reason="Hồ sơ chưa đầy đủ, hợp lệ",
        legal_basis="Nghị định 118/2025/NĐ-CP, Điều 17",
        at=local(2026, 3, 9, 14, 0),
    )
    assert (dossier.status, dossier.sync_status) == (DossierStatus.AWAITING_SUPPLEMENT, 5)
    assert (dossier.supplement_stage, dossier.supplement_count) == (SupplementStage.INTAKE, 1)
    # At intake there is no clock to pause.
    assert (dossier.paused_at, dossier.clock_start) == (None, None)
    request = SupplementRequest.objects.get(dossier=dossier)
    assert (request.stage, request.requested_by, request.requested_at, request.fulfilled_at) == (
        SupplementStage.INTAKE,
        w.counter,
        local(2026, 3, 9, 14, 0),
        None,
    )
    assert (request.reason, request.legal_basis) == (
        "Hồ sơ chưa đầy đủ, hợp lệ",
        "Nghị định 118/2025/NĐ-CP, Điều 17",
    )
    assert list(request.items.values_list("name", "reason", "component")) == [
        (
            "Đơn đề nghị cấp giấy phép xây dựng",
            "Đơn chưa có chữ ký của chủ đầu tư",
            w.permit_form.pk,
        ),
        (
            "Bản vẽ thiết kế xây dựng",
            "Thiếu bản vẽ mặt bằng, mặt cắt và mặt đứng công trình",
            None,
        ),
    ]

    # Tuesday 10 March, 16:20: An uploads the supplement, within the last hour before
    # 17:00. Back to the officer's check (status 1).
    dossier = services.dossier_record_supplement(
        dossier=dossier,
        actor=w.an.user,
        components=[paper(w.permit_form, with_file=True)],
        note="Đã bổ sung theo Phiếu yêu cầu",
        at=local(2026, 3, 10, 16, 20),
    )
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.supplement_stage == ""
    assert fresh(dossier).supplement_count == 1
    assert SupplementRequest.objects.get(dossier=dossier).fulfilled_at == local(2026, 3, 10, 16, 20)

    # The officer may not ask a second time at intake (Decree 118 Art. 11).
    with pytest.raises(ApplicationError) as refused:
        services.dossier_request_supplement(
            dossier=dossier,
            actor=w.counter,
            items=[SupplementItemInput(name="Giấy tờ khác", reason="Thiếu")],
            reason="Còn thiếu",
            at=local(2026, 3, 11, 7, 45),
        )
    assert refused.value.code == "supplement_already_requested"
    assert SupplementRequest.objects.filter(dossier=dossier).count() == 1
    assert fresh(dossier).status == DossierStatus.SUBMITTED

    # Wednesday 11 March, 08:00: accepted. The time limit restarts from zero when the
    # dossier became complete (Decree 297/2025): the supplement at Tuesday 16:20, in the
    # last hour, so from Wednesday's opening 07:30 (not from Monday 10:00, which would
    # give Monday 16 March 10:00). 40 hours: Wednesday to Friday 24, Monday 8, Tuesday
    # 8 ending exactly at 17:00 on Tuesday 17 March.
    dossier = services.dossier_receive(
        dossier=dossier, actor=w.counter, at=local(2026, 3, 11, 8, 0)
    )
    dossier = fresh(dossier)
    assert (dossier.status, dossier.sync_status) == (DossierStatus.RECEIVED, 2)
    assert (dossier.received_at, dossier.received_by) == (local(2026, 3, 11, 8, 0), w.counter)
    assert dossier.clock_start == local(2026, 3, 11, 7, 30)
    assert dossier.appointment_at == local(2026, 3, 17, 17, 0)
    assert dossier.original_appointment_at == local(2026, 3, 17, 17, 0)
    # Tiếp nhận 4 hours from the clock start: 07:30-11:30.
    assert tasks(dossier) == [
        (1, "active", local(2026, 3, 11, 8, 0), local(2026, 3, 11, 11, 30), None, ""),
        (2, "pending", None, None, None, ""),
        (3, "pending", None, None, None, ""),
    ]
    assert Task.objects.get(dossier=dossier, order=1).assignee == w.counter

    # 09:00: transferred to Sở Xây dựng. Thẩm định 28 hours from Wednesday 09:00:
    # Wednesday 6.5, Thursday and Friday 16 (22.5), Monday 07:30-11:30 (26.5), then
    # 13:00 + 1.5 = 14:30 on Monday 16 March.
    dossier = services.dossier_start_processing(
        dossier=dossier, actor=w.counter, at=local(2026, 3, 11, 9, 0)
    )
    assert (dossier.status, dossier.sync_status) == (DossierStatus.IN_PROGRESS, 4)
    dossier = services.dossier_assign(
        dossier=dossier, actor=w.unit_head, assignee=w.specialist, at=local(2026, 3, 11, 9, 30)
    )
    assert Task.objects.get(dossier=dossier, order=2).due_at == local(2026, 3, 16, 14, 30)

    # Monday 16 March, 16:00: the specialist passes it on, 1.5 hours late. Phê duyệt
    # 8 hours from Monday 16:00: Monday 1, Tuesday 07:30-11:30 (5), 13:00 + 3 = 16:00.
    dossier = services.dossier_hand_off(
        dossier=dossier, actor=w.specialist, at=local(2026, 3, 16, 16, 0)
    )
    assert Task.objects.get(dossier=dossier, order=3).due_at == local(2026, 3, 17, 16, 0)

    # Tuesday 17 March, 10:00: the decision will miss 17:00 today. A leader of another
    # agency may not sign the apology for Sở Xây dựng ...
    with pytest.raises(PermissionDeniedError):
        services.dossier_reschedule(
            dossier=dossier,
            actor=w.justice_leader,
            responsible_agency=w.construction,
            reason="Chờ ý kiến cơ quan quản lý đất đai",
            new_appointment_at=local(2026, 3, 19, 17, 0),
            at=local(2026, 3, 17, 10, 0),
        )
    # ... its own leader does, before the appointment passes (Mẫu 04, DOMAIN.md §2.5).
    dossier = services.dossier_reschedule(
        dossier=dossier,
        actor=w.leader,
        responsible_agency=w.construction,
        reason="Chờ ý kiến cơ quan quản lý đất đai",
        new_appointment_at=local(2026, 3, 19, 17, 0),
        at=local(2026, 3, 17, 10, 0),
    )
    dossier = fresh(dossier)
    assert dossier.status == DossierStatus.IN_PROGRESS
    assert dossier.appointment_at == local(2026, 3, 19, 17, 0)
    assert dossier.original_appointment_at == local(2026, 3, 17, 17, 0)
    assert dossier.reschedule_count == 1
    apology = ApologyNotice.objects.get(dossier=dossier)
    assert (
        apology.responsible_agency,
        apology.reason,
        apology.previous_appointment_at,
        apology.new_appointment_at,
        apology.signed_by,
        apology.issued_at,
    ) == (
        w.construction,
        "Chờ ý kiến cơ quan quản lý đất đai",
        local(2026, 3, 17, 17, 0),
        local(2026, 3, 19, 17, 0),
        w.leader,
        local(2026, 3, 17, 10, 0),
    )

    # 11:00: a second apology is refused: rescheduling at most once.
    with pytest.raises(ApplicationError) as refused:
        services.dossier_reschedule(
            dossier=dossier,
            actor=w.leader,
            responsible_agency=w.construction,
            reason="Cần thêm thời gian",
            new_appointment_at=local(2026, 3, 20, 17, 0),
            at=local(2026, 3, 17, 11, 0),
        )
    assert refused.value.code == "reschedule_once"
    assert ApologyNotice.objects.filter(dossier=dossier).count() == 1
    assert fresh(dossier).appointment_at == local(2026, 3, 19, 17, 0)

    # Wednesday 18 March, 10:00: decided, after the first appointment (Tuesday 17:00)
    # but a day before the new one: early against the appointment in force.
    dossier = services.dossier_decide(
        dossier=dossier, actor=w.leader, decision=Decision.APPROVED, at=local(2026, 3, 18, 10, 0)
    )
    assert (dossier.status, dossier.sync_status) == (DossierStatus.DECIDED, 9)
    decide_event = DossierEvent.objects.get(dossier=dossier, action="decide")
    assert decide_event.detail["outcome"] == Outcome.EARLY
    # Once decided it can no longer be withdrawn (Decree 118 Art. 21: before a result).
    with pytest.raises(ConflictError):
        services.dossier_withdraw(
            dossier=dossier, actor=w.an.user, reason="Không cần nữa", at=local(2026, 3, 18, 11)
        )

    # Thursday 19 March, 09:00: the result reaches the centre, on the new appointment's
    # date before its time: on time (it would be late against Tuesday 17:00).
    dossier = services.dossier_mark_result_ready(
        dossier=dossier, actor=w.specialist, at=local(2026, 3, 19, 9, 0)
    )
    dossier = services.dossier_return_result(
        dossier=dossier, actor=w.counter, at=local(2026, 3, 19, 10, 0)
    )
    dossier = fresh(dossier)
    assert (dossier.status, dossier.sync_status) == (DossierStatus.RETURNED, 10)
    assert (dossier.returned_at, dossier.ended_at) == (local(2026, 3, 19, 10, 0),) * 2
    assert dossier.decided_at == local(2026, 3, 18, 10, 0)
    assert dossier.result_ready_at == local(2026, 3, 19, 9, 0)

    assert tasks(dossier) == [
        (
            1,
            "done",
            local(2026, 3, 11, 8, 0),
            local(2026, 3, 11, 11, 30),
            local(2026, 3, 11, 9, 0),
            Outcome.ON_TIME,
        ),
        (
            2,
            "done",
            local(2026, 3, 11, 9, 0),
            local(2026, 3, 16, 14, 30),
            local(2026, 3, 16, 16, 0),
            Outcome.LATE,
        ),
        (
            3,
            "done",
            local(2026, 3, 16, 16, 0),
            local(2026, 3, 17, 16, 0),
            local(2026, 3, 18, 10, 0),
            Outcome.LATE,
        ),
    ]
    assert handoffs(dossier) == [
        (w.centre.name, w.construction.name, Outcome.ON_TIME, local(2026, 3, 11, 11, 30), True),
        (
            w.construction.name,
            w.construction.name,
            Outcome.LATE,
            local(2026, 3, 16, 14, 30),
            False,
        ),
        # The last row is judged against the NEW appointment.
        (w.construction.name, w.centre.name, Outcome.ON_TIME, local(2026, 3, 19, 17, 0), True),
    ]
    assert history(dossier) == [
        ("submit_online", "", "submitted"),
        ("request_supplement", "submitted", "awaiting_supplement"),
        ("record_supplement", "awaiting_supplement", "submitted"),
        ("receive", "submitted", "received"),
        ("start_processing", "received", "in_progress"),
        ("assign", "in_progress", "in_progress"),
        ("hand_off", "in_progress", "in_progress"),
        ("reschedule", "in_progress", "in_progress"),
        ("decide", "in_progress", "decided"),
        ("mark_result_ready", "decided", "decided"),
        ("return_result", "decided", "returned"),
    ]


def test_apology_after_the_appointment_passed_is_refused(w):
    # Received online Monday 9 March 10:00 (complete at once): 40 hours from 10:00 end
    # Monday 16 March 10:00.
    dossier = submit(w, local(2026, 3, 9, 10, 0))
    dossier = services.dossier_receive(
        dossier=dossier, actor=w.counter, at=local(2026, 3, 9, 10, 30)
    )
    dossier = services.dossier_start_processing(
        dossier=dossier, actor=w.counter, assignee=w.specialist, at=local(2026, 3, 9, 11, 0)
    )
    assert fresh(dossier).appointment_at == local(2026, 3, 16, 10, 0)
    # At the appointment itself it has passed: the apology had to come before.
    with pytest.raises(ApplicationError) as refused:
        services.dossier_reschedule(
            dossier=dossier,
            actor=w.leader,
            responsible_agency=w.construction,
            reason="Chậm thẩm định",
            new_appointment_at=local(2026, 3, 18, 17, 0),
            at=local(2026, 3, 16, 10, 0),
        )
    assert refused.value.code == "appointment_passed"
    assert not ApologyNotice.objects.filter(dossier=dossier).exists()
    # One minute earlier it is accepted.
    services.dossier_reschedule(
        dossier=dossier,
        actor=w.leader,
        responsible_agency=w.construction,
        reason="Chậm thẩm định",
        new_appointment_at=local(2026, 3, 18, 17, 0),
        at=local(2026, 3, 16, 9, 59),
    )
    assert fresh(dossier).appointment_at == local(2026, 3, 18, 17, 0)


def test_a_supplement_cannot_be_asked_again_while_one_is_open(w):
    # The counter officer who asked is the right person; the status is what forbids a
    # second request while the first is open: 409, not 403 (common.md, Errors).
    dossier = submit(w, local(2026, 3, 9, 10, 0))
    items = [SupplementItemInput(name="Bản vẽ", reason="Thiếu bản vẽ")]
    dossier = services.dossier_request_supplement(
        dossier=dossier, actor=w.counter, items=items, reason="Thiếu", at=local(2026, 3, 9, 11)
    )
    with pytest.raises(ConflictError) as refused:
        services.dossier_request_supplement(
            dossier=dossier, actor=w.counter, items=items, reason="Thiếu", at=local(2026, 3, 9, 12)
        )
    assert refused.value.code == "transition_not_allowed"


# (filed at, accepted at, code, clock start, appointment, Tiếp nhận due). Each
# appointment is 40 working hours from the clock start; Tiếp nhận is 4 hours.
CUTOFF_VECTORS = [
    # 15:30, before the last hour: the clock starts at once. Tuesday 1.5, Wednesday to
    # Friday 24 (25.5), Monday 8 (33.5), Tuesday 17 March 07:30-11:30 (37.5) and
    # 13:00 + 2.5 = 15:30. Tiếp nhận: Tuesday 1.5, Wednesday 07:30 + 2.5 = 10:00.
    pytest.param(
        local(2026, 3, 10, 15, 30),
        local(2026, 3, 11, 8, 0),
        "260310",
        local(2026, 3, 10, 15, 30),
        local(2026, 3, 17, 15, 30),
        local(2026, 3, 11, 10, 0),
        id="tuesday-15:30-before-the-last-hour",
    ),
    # 16:00 is exactly 60 minutes before closing: the boundary belongs to the last
    # hour, so Wednesday 07:30; 40 hours end Tuesday 17 March at 17:00.
    pytest.param(
        local(2026, 3, 10, 16, 0),
        local(2026, 3, 11, 8, 0),
        "260310",
        local(2026, 3, 11, 7, 30),
        local(2026, 3, 17, 17, 0),
        local(2026, 3, 11, 11, 30),
        id="tuesday-16:00-boundary",
    ),
    pytest.param(
        local(2026, 3, 10, 16, 30),
        local(2026, 3, 11, 8, 0),
        "260310",
        local(2026, 3, 11, 7, 30),
        local(2026, 3, 17, 17, 0),
        local(2026, 3, 11, 11, 30),
        id="tuesday-16:30-last-hour",
    ),
    # Friday 20:00, after hours: the next working day is Monday 16 March.
    pytest.param(
        local(2026, 3, 13, 20, 0),
        local(2026, 3, 16, 8, 0),
        "260313",
        local(2026, 3, 16, 7, 30),
        local(2026, 3, 20, 17, 0),
        local(2026, 3, 16, 11, 30),
        id="friday-20:00-after-hours",
    ),
    # Monday 06:00 local is Sunday 23:00 UTC: the code carries the Vietnamese date.
    pytest.param(
        local(2026, 3, 16, 6, 0),
        local(2026, 3, 16, 8, 0),
        "260316",
        local(2026, 3, 16, 7, 30),
        local(2026, 3, 20, 17, 0),
        local(2026, 3, 16, 11, 30),
        id="monday-06:00-before-opening",
    ),
    # Lunch break: the afternoon opening. 40 hours from Tuesday 13:00: Tuesday 4,
    # Wednesday to Monday 32 (36), Tuesday 17 March 07:30-11:30 ends at the session's
    # end, 11:30. Tiếp nhận: 13:00-17:00 exactly, 17:00.
    pytest.param(
        local(2026, 3, 10, 12, 0),
        local(2026, 3, 10, 13, 30),
        "260310",
        local(2026, 3, 10, 13, 0),
        local(2026, 3, 17, 11, 30),
        local(2026, 3, 10, 17, 0),
        id="tuesday-12:00-lunch-break",
    ),
]


@pytest.mark.parametrize(
    ("filed", "accepted", "day", "clock_start", "appointment", "intake_due"), CUTOFF_VECTORS
)
def test_online_clock_start(w, filed, accepted, day, clock_start, appointment, intake_due):
    dossier = submit(w, filed)
    assert dossier.code == f"{PERMIT_CODE}-{day}-0001"
    services.dossier_receive(dossier=dossier, actor=w.counter, at=accepted)
    dossier = fresh(dossier)
    assert dossier.submitted_at == filed
    assert dossier.received_at == accepted
    assert dossier.clock_start == clock_start
    assert dossier.appointment_at == dossier.original_appointment_at == appointment
    assert tasks(dossier)[0] == (1, "active", accepted, intake_due, None, "")
    assert history(dossier) == [
        ("submit_online", "", "submitted"),
        ("receive", "submitted", "received"),
    ]


def test_apology_lead_time_when_a_province_requires_one(w, settings):
    # A province may require the apology a working day ahead (Lai Châu 2025, DOMAIN.md
    # §2.5): MOTCUA_APOLOGY_MIN_LEAD_WORKING_HOURS = 8.
    settings.APOLOGY_MIN_LEAD_WORKING_HOURS = 8
    # Online Monday 9 March 10:00, accepted at once: appointment Monday 16 March 10:00.
    dossier = submit(w, local(2026, 3, 9, 10, 0))
    services.dossier_receive(dossier=dossier, actor=w.counter, at=local(2026, 3, 9, 10, 30))
    services.dossier_start_processing(
        dossier=dossier, actor=w.counter, assignee=w.specialist, at=local(2026, 3, 9, 11, 0)
    )
    apology = {
        "dossier": dossier,
        "actor": w.leader,
        "responsible_agency": w.construction,
        "reason": "Chậm thẩm định",
        "new_appointment_at": local(2026, 3, 18, 17, 0),
    }
    # Friday 13 March 10:30: Friday 1 + 4 and Monday 07:30-10:00 2.5 = 7.5 < 8: too late.
    with pytest.raises(ApplicationError) as refused:
        services.dossier_reschedule(**apology, at=local(2026, 3, 13, 10, 30))
    assert refused.value.code == "apology_too_late"
    assert not ApologyNotice.objects.filter(dossier=dossier).exists()
    # Friday 10:00: 1.5 + 4 + 2.5 = exactly 8 hours ahead: in time.
    services.dossier_reschedule(**apology, at=local(2026, 3, 13, 10, 0))
    assert fresh(dossier).appointment_at == local(2026, 3, 18, 17, 0)
