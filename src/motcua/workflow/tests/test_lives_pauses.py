"""The clock stops while a dossier waits for the applicant (DOMAIN.md §4, §13): an
appraisal-stage supplement (Mẫu 02), and a payment request (status 6) while
MOTCUA_PAYMENT_PAUSES_CLOCK is on. When it resumes, the appointment and the running
due times move on by exactly the working time spent waiting.

Office hours 07:30-11:30 and 13:00-17:00, Monday to Friday: 8 working hours a day.
The permit procedure (1.009794) takes 40 working hours: Tiếp nhận 4 (at the centre),
Thẩm định 28, Phê duyệt 8. 1 March 2026 is a Sunday; March has no public holiday.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from motcua.calendar import engine
from motcua.calendar.constants import Outcome
from motcua.calendar.selectors import working_calendar_for
from motcua.core.exceptions import ApplicationError, ConflictError, InvalidInputError
from motcua.dossiers.constants import Decision, DossierStatus, SupplementStage
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.workflow import services
from motcua.workflow.models import Handoff, SupplementRequest, Task
from motcua.workflow.services import SupplementItemInput
from motcua.workflow.tests.world import fresh, history, local, paper


def due_of(dossier: Dossier, order: int) -> dt.datetime | None:
    return Task.objects.get(dossier=dossier, order=order).due_at


def receive_and_start(w, *, received: dt.datetime, started: dt.datetime) -> Dossier:
    dossier = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.permit_version,
        one_stop_unit=w.centre,
        applicant=w.cuong,
        components=[paper(w.permit_form)],
        at=received,
    )
    return services.dossier_start_processing(
        dossier=dossier, actor=w.counter, assignee=w.specialist, at=started
    )


DRAWINGS = [
    SupplementItemInput(
        name="Bản vẽ kết cấu công trình",
        reason="Bản vẽ chưa có chữ ký của chủ nhiệm thiết kế",
    )
]


def test_appraisal_supplement_pauses_the_clock_across_a_weekend(w):
    # Tuesday 3 March 2026, 08:00 at the counter: 40 hours. Tuesday 3.5 + 4 = 7.5,
    # Wednesday to Monday 32 (39.5), Tuesday 10 March 07:30 + 0.5 = 08:00.
    # 10:00, transferred; Thẩm định 28 hours: Tuesday 1.5 + 4 = 5.5, Wednesday and
    # Thursday 16 (21.5), Friday 07:30-11:30 (25.5), 13:00 + 2.5 = 15:30 on Friday 6.
    dossier = receive_and_start(w, received=local(2026, 3, 3, 8, 0), started=local(2026, 3, 3, 10))
    assert fresh(dossier).appointment_at == local(2026, 3, 10, 8, 0)
    assert due_of(dossier, 2) == local(2026, 3, 6, 15, 30)

    # Thursday 5 March, 16:00: the specialist asks for a corrected drawing.
    dossier = services.dossier_request_supplement(
        dossier=dossier,
        actor=w.specialist,
        items=DRAWINGS,
        reason="Hồ sơ thiết kế chưa hợp lệ",
        legal_basis="Luật Xây dựng 2014, Điều 95",
        at=local(2026, 3, 5, 16, 0),
    )
    dossier = fresh(dossier)
    assert (dossier.status, dossier.sync_status) == (DossierStatus.AWAITING_SUPPLEMENT, 5)
    assert dossier.supplement_stage == SupplementStage.APPRAISAL
    assert dossier.paused_at == local(2026, 3, 5, 16, 0)
    # Nothing moves while waiting; the task stays with the specialist.
    assert dossier.appointment_at == local(2026, 3, 10, 8, 0)
    assert due_of(dossier, 2) == local(2026, 3, 6, 15, 30)
    assert Task.objects.get(dossier=dossier, order=2).status == "active"
    # One request per stage: no second one while it is open.
    with pytest.raises(ConflictError):
        services.dossier_request_supplement(
            dossier=dossier,
            actor=w.specialist,
            items=DRAWINGS,
            reason="Còn thiếu",
            at=local(2026, 3, 6, 9, 0),
        )

    # Monday 9 March, 10:00: Cường (no login) brings the drawing to the counter.
    # Waited: Thursday 16:00-17:00 (1), Friday (8), Monday 07:30-10:00 (2.5) = 11.5
    # working hours = 690 minutes, over a weekend.
    dossier = services.dossier_record_supplement(
        dossier=dossier,
        actor=w.counter,
        components=[paper(w.permit_form)],
        at=local(2026, 3, 9, 10, 0),
    )
    dossier = fresh(dossier)
    assert (dossier.status, dossier.paused_at, dossier.supplement_stage) == (
        DossierStatus.IN_PROGRESS,
        None,
        "",
    )
    # Appointment Tuesday 10 March 08:00 + 11.5: Tuesday 08:00-11:30 (3.5) and
    # 13:00-17:00 (7.5), Wednesday 07:30-11:30 (11.5): it ends at the session's end,
    # 11:30 on Wednesday 11 March (not at 13:00).
    assert dossier.appointment_at == local(2026, 3, 11, 11, 30)
    assert dossier.original_appointment_at == local(2026, 3, 10, 8, 0)
    # Thẩm định, Friday 15:30 + 11.5: Friday 1.5, Monday 8 (9.5) across the lunch
    # break, Tuesday 07:30 + 2 = 09:30 on Tuesday 10 March.
    assert due_of(dossier, 2) == local(2026, 3, 10, 9, 30)
    event = DossierEvent.objects.filter(dossier=dossier, action="record_supplement").get()
    assert event.detail == {"stage": "appraisal", "paused_working_minutes": 690}
    request = SupplementRequest.objects.get(dossier=dossier)
    assert (request.stage, request.requested_at, request.fulfilled_at) == (
        SupplementStage.APPRAISAL,
        local(2026, 3, 5, 16, 0),
        local(2026, 3, 9, 10, 0),
    )
    assert list(request.items.values_list("name", "reason")) == [
        ("Bản vẽ kết cấu công trình", "Bản vẽ chưa có chữ ký của chủ nhiệm thiết kế")
    ]

    # Tuesday 10 March, 09:00: passed on, before the moved due time (09:30 today).
    # Phê duyệt 8 hours: Tuesday 2.5 + 4 = 6.5, Wednesday 07:30 + 1.5 = 09:00.
    dossier = services.dossier_hand_off(
        dossier=dossier, actor=w.specialist, at=local(2026, 3, 10, 9, 0)
    )
    assert due_of(dossier, 3) == local(2026, 3, 11, 9, 0)
    dossier = services.dossier_decide(
        dossier=dossier, actor=w.leader, decision=Decision.APPROVED, at=local(2026, 3, 11, 8, 30)
    )
    # Wednesday 10:00: on time against the moved appointment (11:30 today); against the
    # first one (Tuesday 08:00) it would be late.
    dossier = services.dossier_mark_result_ready(
        dossier=dossier, actor=w.specialist, at=local(2026, 3, 11, 10, 0)
    )
    dossier = services.dossier_return_result(
        dossier=dossier, actor=w.counter, at=local(2026, 3, 11, 14, 0)
    )
    assert (dossier.status, dossier.sync_status) == (DossierStatus.RETURNED, 10)

    assert list(
        Task.objects.filter(dossier=dossier).values_list("order", "status", "due_at", "outcome")
    ) == [
        (1, "done", local(2026, 3, 3, 13, 30), Outcome.ON_TIME),
        (2, "done", local(2026, 3, 10, 9, 30), Outcome.ON_TIME),
        (3, "done", local(2026, 3, 11, 9, 0), Outcome.ON_TIME),
    ]
    assert list(
        Handoff.objects.filter(dossier=dossier).values_list(
            "from_label", "to_label", "due_at", "outcome"
        )
    ) == [
        (w.centre.name, w.construction.name, local(2026, 3, 3, 13, 30), Outcome.ON_TIME),
        (w.construction.name, w.construction.name, local(2026, 3, 10, 9, 30), Outcome.ON_TIME),
        (w.construction.name, w.centre.name, local(2026, 3, 11, 11, 30), Outcome.ON_TIME),
    ]
    assert history(dossier) == [
        ("receive_counter", "", "received"),
        ("start_processing", "received", "in_progress"),
        ("request_supplement", "in_progress", "awaiting_supplement"),
        ("record_supplement", "awaiting_supplement", "in_progress"),
        ("hand_off", "in_progress", "in_progress"),
        ("decide", "in_progress", "decided"),
        ("mark_result_ready", "decided", "decided"),
        ("return_result", "decided", "returned"),
    ]


# (asked at, completed at, working minutes waited, appointment after, Thẩm định due
# after) for a dossier received Tuesday 3 March 08:00 (appointment Tuesday 10 March
# 08:00) and transferred at 10:00 (Thẩm định due Friday 6 March 15:30).
PAUSES = [
    # Over the lunch break: 11:00-11:30 and 13:00-13:30, one hour, not 2.5.
    pytest.param(
        local(2026, 3, 3, 11, 0),
        local(2026, 3, 3, 13, 30),
        60,
        local(2026, 3, 10, 9, 0),
        local(2026, 3, 6, 16, 30),
        id="lunch-break",
    ),
    # From closing time to the next opening: no working time, nothing moves.
    pytest.param(
        local(2026, 3, 4, 17, 0),
        local(2026, 3, 5, 7, 30),
        0,
        local(2026, 3, 10, 8, 0),
        local(2026, 3, 6, 15, 30),
        id="overnight",
    ),
    # Friday 11:30 to Monday 13:00: Friday afternoon 4 and Monday morning 4 = 8 hours.
    # Appointment Tuesday 08:00 + 8: Tuesday 3.5 + 4 = 7.5, Wednesday 07:30 + 0.5.
    # Thẩm định Friday 15:30 + 8: Friday 1.5, Monday 4 (5.5) and 13:00 + 2.5 = 15:30.
    pytest.param(
        local(2026, 3, 6, 11, 30),
        local(2026, 3, 9, 13, 0),
        480,
        local(2026, 3, 11, 8, 0),
        local(2026, 3, 9, 15, 30),
        id="weekend-between-sessions",
    ),
]


@pytest.mark.parametrize(("asked", "completed", "minutes", "appointment", "task_due"), PAUSES)
def test_appraisal_pause_moves_due_times_by_the_working_time(
    w, asked, completed, minutes, appointment, task_due
):
    dossier = receive_and_start(w, received=local(2026, 3, 3, 8, 0), started=local(2026, 3, 3, 10))
    services.dossier_request_supplement(
        dossier=dossier, actor=w.specialist, items=DRAWINGS, reason="Thiếu bản vẽ", at=asked
    )
    services.dossier_record_supplement(
        dossier=dossier, actor=w.counter, components=[paper(w.permit_form)], at=completed
    )
    dossier = fresh(dossier)
    assert dossier.appointment_at == appointment
    assert dossier.original_appointment_at == local(2026, 3, 10, 8, 0)
    assert due_of(dossier, 2) == task_due
    event = DossierEvent.objects.get(dossier=dossier, action="record_supplement")
    assert event.detail["paused_working_minutes"] == minutes


def test_payment_pauses_the_clock_by_default(w):
    # Monday 2 March 2026, 09:00: appointment Monday 9 March 09:00 (Monday 6.5,
    # Tuesday-Friday 32, Monday 1.5). Transferred 10:00: Thẩm định due Thursday 5
    # March 15:30 (Monday 5.5, Tuesday-Wednesday 16, Thursday 4 + 2.5).
    dossier = receive_and_start(w, received=local(2026, 3, 2, 9, 0), started=local(2026, 3, 2, 10))
    assert fresh(dossier).appointment_at == local(2026, 3, 9, 9, 0)
    assert due_of(dossier, 2) == local(2026, 3, 5, 15, 30)

    # Tuesday 3 March, 14:00: the specialist asks for the charge (status 6).
    dossier = services.dossier_request_payment(
        dossier=dossier,
        actor=w.specialist,
        amount=75_000,
        note="Lệ phí cấp giấy phép xây dựng",
        at=local(2026, 3, 3, 14, 0),
    )
    dossier = fresh(dossier)
    assert (dossier.status, dossier.sync_status) == (DossierStatus.AWAITING_PAYMENT, 6)
    assert dossier.paused_at == local(2026, 3, 3, 14, 0)
    assert (dossier.fee_requested, dossier.fee_paid) == (75_000, 0)

    # The whole amount, not part of it.
    with pytest.raises(InvalidInputError) as refused:
        services.dossier_record_payment(
            dossier=dossier, actor=w.counter, amount=50_000, at=local(2026, 3, 4, 13, 0)
        )
    assert (refused.value.code, refused.value.detail) == ("invalid_amount", {"due": 75_000})
    assert fresh(dossier).status == DossierStatus.AWAITING_PAYMENT

    # Wednesday 4 March, 14:00: paid, 1 working day later: Tuesday 14:00-17:00 (3),
    # Wednesday 07:30-11:30 (7) and 13:00-14:00 (8) = 480 minutes.
    dossier = services.dossier_record_payment(
        dossier=dossier,
        actor=w.counter,
        amount=75_000,
        reference="BL-2026-000123",
        at=local(2026, 3, 4, 14, 0),
    )
    dossier = fresh(dossier)
    assert (dossier.status, dossier.paused_at) == (DossierStatus.IN_PROGRESS, None)
    assert dossier.fee_paid == 75_000
    # Monday 9 March 09:00 + 8: Monday 2.5 + 4 = 6.5, Tuesday 07:30 + 1.5 = 09:00.
    assert dossier.appointment_at == local(2026, 3, 10, 9, 0)
    assert dossier.original_appointment_at == local(2026, 3, 9, 9, 0)
    # Thursday 5 March 15:30 + 8: Thursday 1.5, Friday 4 (5.5) and 13:00 + 2.5.
    assert due_of(dossier, 2) == local(2026, 3, 6, 15, 30)
    event = DossierEvent.objects.get(dossier=dossier, action="record_payment")
    assert event.detail == {"amount": 75_000, "paused_working_minutes": 480}
    assert event.note == "BL-2026-000123"
    assert history(dossier) == [
        ("receive_counter", "", "received"),
        ("start_processing", "received", "in_progress"),
        ("request_payment", "in_progress", "awaiting_payment"),
        ("record_payment", "awaiting_payment", "in_progress"),
    ]


def test_payment_does_not_pause_when_the_setting_is_off(w, settings):
    settings.PAYMENT_PAUSES_CLOCK = False
    dossier = receive_and_start(w, received=local(2026, 3, 2, 9, 0), started=local(2026, 3, 2, 10))
    dossier = services.dossier_request_payment(
        dossier=dossier, actor=w.specialist, amount=75_000, at=local(2026, 3, 3, 14, 0)
    )
    dossier = fresh(dossier)
    assert (dossier.status, dossier.paused_at) == (DossierStatus.AWAITING_PAYMENT, None)
    dossier = services.dossier_record_payment(
        dossier=dossier, actor=w.counter, amount=75_000, at=local(2026, 3, 4, 14, 0)
    )
    dossier = fresh(dossier)
    assert dossier.status == DossierStatus.IN_PROGRESS
    # The day spent waiting for the payment counts: nothing moves.
    assert dossier.appointment_at == local(2026, 3, 9, 9, 0)
    assert due_of(dossier, 2) == local(2026, 3, 5, 15, 30)
    event = DossierEvent.objects.get(dossier=dossier, action="record_payment")
    assert event.detail["paused_working_minutes"] == 0


# Property: for any pause (start within 20 days of the transfer, length up to 40 days,
# to the minute; across weekends, lunch breaks, Hùng Kings' day, 30/4 and 1/5), the
# appointment and the running due time move on by exactly the working time paused.
_TRANSFERRED = local(2026, 3, 3, 10, 0)


@hsettings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    after_transfer=st.integers(min_value=0, max_value=20 * 24 * 60),
    paused=st.integers(min_value=0, max_value=40 * 24 * 60),
)
def test_pause_moves_appointment_by_exactly_the_working_time_paused(w, after_transfer, paused):
    asked = _TRANSFERRED + dt.timedelta(minutes=after_transfer)
    completed = asked + dt.timedelta(minutes=paused)
    calendar = working_calendar_for(w.centre)
    # Each example in its own savepoint, rolled back: a fresh dossier every time.
    with transaction.atomic():
        dossier = receive_and_start(w, received=local(2026, 3, 3, 8, 0), started=_TRANSFERRED)
        before = fresh(dossier).appointment_at
        task_before = due_of(dossier, 2)
        services.dossier_request_supplement(
            dossier=dossier, actor=w.specialist, items=DRAWINGS, reason="Thiếu", at=asked
        )
        services.dossier_record_supplement(
            dossier=dossier, actor=w.counter, components=[paper(w.permit_form)], at=completed
        )
        after = fresh(dossier).appointment_at
        task_after = due_of(dossier, 2)
        transaction.set_rollback(True)
    assert before is not None and after is not None
    assert task_before is not None and task_after is not None
    waited = engine.working_time_between(asked, completed, calendar=calendar)
    assert engine.working_time_between(before, after, calendar=calendar) == waited
    assert engine.working_time_between(task_before, task_after, calendar=calendar) == waited
    if waited == Decimal(0):
        assert (after, task_after) == (before, task_before)
    else:
        assert after > before and task_after > task_before


def test_one_supplement_at_intake_and_one_at_appraisal_then_no_more(w):
    # Monday 2 March 2026, 09:00 online; at 10:00 the counter asks for a corrected
    # form; An uploads it at 14:00 (not in the last hour): the clock starts at 14:00.
    dossier, _created = services.dossier_submit_online(
        actor=w.an.user,
        version=w.permit_version,
        components=[paper(w.permit_form, with_file=True)],
        at=local(2026, 3, 2, 9, 0),
    )
    items = [SupplementItemInput(name="Đơn đề nghị", reason="Chưa ký", component=w.permit_form)]
    services.dossier_request_supplement(
        dossier=dossier, actor=w.counter, items=items, reason="Thiếu", at=local(2026, 3, 2, 10)
    )
    services.dossier_record_supplement(
        dossier=dossier,
        actor=w.an.user,
        components=[paper(w.permit_form, with_file=True)],
        at=local(2026, 3, 2, 14, 0),
    )
    # Accepted at 14:30; 40 hours from 14:00: Monday 3, Tuesday-Friday 32 (35), Monday
    # 9 March 07:30-11:30 (39), 13:00 + 1 = 14:00. Transferred 15:00: Thẩm định 28
    # hours: Monday 2, Tuesday-Thursday 24 (26), Friday 6 March 07:30 + 2 = 09:30.
    services.dossier_receive(dossier=dossier, actor=w.counter, at=local(2026, 3, 2, 14, 30))
    services.dossier_start_processing(
        dossier=dossier, actor=w.counter, assignee=w.specialist, at=local(2026, 3, 2, 15, 0)
    )
    dossier = fresh(dossier)
    assert dossier.clock_start == local(2026, 3, 2, 14, 0)
    assert dossier.appointment_at == local(2026, 3, 9, 14, 0)
    assert due_of(dossier, 2) == local(2026, 3, 6, 9, 30)

    # Tuesday 3 March, 09:00: the appraisal stage has its own one request.
    dossier = services.dossier_request_supplement(
        dossier=dossier,
        actor=w.specialist,
        items=DRAWINGS,
        reason="Bản vẽ chưa hợp lệ",
        at=local(2026, 3, 3, 9, 0),
    )
    assert fresh(dossier).supplement_count == 2
    # An uploads it at 20:00: waited Tuesday 09:00-11:30 and 13:00-17:00 = 6.5 hours.
    services.dossier_record_supplement(
        dossier=dossier,
        actor=w.an.user,
        components=[paper(w.permit_form, with_file=True)],
        at=local(2026, 3, 3, 20, 0),
    )
    dossier = fresh(dossier)
    # Monday 9 March 14:00 + 6.5: Monday 3, Tuesday 10 March 07:30 + 3.5 = 11:00.
    assert dossier.appointment_at == local(2026, 3, 10, 11, 0)
    # Friday 6 March 09:30 + 6.5: Friday 2 and 13:00-17:00 (6), Monday 07:30 + 0.5.
    assert due_of(dossier, 2) == local(2026, 3, 9, 8, 0)
    assert DossierEvent.objects.get(
        dossier=dossier,
        action="record_supplement",
        from_status="awaiting_supplement",
        to_status="in_progress",
    ).detail == {"stage": "appraisal", "paused_working_minutes": 390}

    # A third request is refused and changes nothing.
    with pytest.raises(ApplicationError) as refused:
        services.dossier_request_supplement(
            dossier=dossier,
            actor=w.specialist,
            items=DRAWINGS,
            reason="Còn thiếu",
            at=local(2026, 3, 4, 9, 0),
        )
    assert (refused.value.code, refused.value.detail) == (
        "supplement_already_requested",
        {"stage": "appraisal"},
    )
    dossier = fresh(dossier)
    assert (dossier.status, dossier.supplement_count, dossier.paused_at) == (
        DossierStatus.IN_PROGRESS,
        2,
        None,
    )
    assert list(
        SupplementRequest.objects.filter(dossier=dossier).values_list(
            "stage", "requested_at", "fulfilled_at"
        )
    ) == [
        (SupplementStage.INTAKE, local(2026, 3, 2, 10, 0), local(2026, 3, 2, 14, 0)),
        (SupplementStage.APPRAISAL, local(2026, 3, 3, 9, 0), local(2026, 3, 3, 20, 0)),
    ]
    assert history(dossier) == [
        ("submit_online", "", "submitted"),
        ("request_supplement", "submitted", "awaiting_supplement"),
        ("record_supplement", "awaiting_supplement", "submitted"),
        ("receive", "submitted", "received"),
        ("start_processing", "received", "in_progress"),
        ("request_supplement", "in_progress", "awaiting_supplement"),
        ("record_supplement", "awaiting_supplement", "in_progress"),
    ]
