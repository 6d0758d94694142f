"""Paper dossiers at the counter and by post: the same-day on-the-spot procedure, the
15:00 cut-off, public holidays and swapped days, postal filing by a representative
(DOMAIN.md §2.1-§2.3, §2.9, §4, §11).

Office hours 07:30-11:30 and 13:00-17:00, Monday to Friday: 8 working hours a day.
Paper received after 15:00 starts its clock at the next working day's opening. The
permit procedure (1.009794) takes 40 working hours: Tiếp nhận 4 (at the centre),
Thẩm định 28, Phê duyệt 8.
"""

from __future__ import annotations

import datetime as dt

import holidays
import pytest

from motcua.calendar.constants import Outcome
from motcua.core.exceptions import InvalidInputError, PermissionDeniedError
from motcua.dossiers.constants import (
    CHANNEL_SYNC_CODES,
    Channel,
    Decision,
    DossierStatus,
    ResultDelivery,
)
from motcua.dossiers.models import Dossier
from motcua.workflow import services
from motcua.workflow.models import Handoff, Task
from motcua.workflow.services import Representative
from motcua.workflow.tests.world import fresh, history, local, paper


def handoffs(dossier: Dossier) -> list[tuple]:
    return list(
        Handoff.objects.filter(dossier=dossier).values_list(
            "from_label", "to_label", "due_at", "outcome"
        )
    )


def tasks(dossier: Dossier) -> list[tuple]:
    return list(
        Task.objects.filter(dossier=dossier).values_list(
            "order", "status", "started_at", "due_at", "finished_at", "outcome"
        )
    )


def receive(w, at, *, version=None, form=None, **extra) -> Dossier:
    return services.dossier_receive_at_counter(
        actor=w.counter,
        version=version or w.permit_version,
        one_stop_unit=w.centre,
        applicant=extra.pop("applicant", w.cuong),
        components=[paper(form or w.permit_form)],
        at=at,
        **extra,
    )


# --- 2.000908 "Cấp bản sao từ sổ gốc": same day, decided at the counter ---------------


def test_same_day_copy_decided_at_the_counter(w):
    # Tuesday 3 March 2026, 10:00: "trong ngày" ends at today's closing, 17:00. The one
    # step (Cấp bản sao) is done at the centre, due at the same closing.
    dossier = receive(w, local(2026, 3, 3, 10, 0), version=w.copy_version, form=w.copy_form)
    assert dossier.code == "000.00.11.H62-260303-0001"  # Sở Tư pháp's e-ID
    assert dossier.deciding_agency == w.justice
    assert dossier.clock_start == local(2026, 3, 3, 10, 0)
    assert dossier.appointment_at == dossier.original_appointment_at == local(2026, 3, 3, 17)
    assert tasks(dossier) == [
        (1, "active", local(2026, 3, 3, 10, 0), local(2026, 3, 3, 17, 0), None, ""),
    ]
    intake = Task.objects.get(dossier=dossier, order=1)
    assert (intake.assignee, intake.one_stop_unit) == (w.counter, w.centre)

    # The counter officer finishes the step, then decides under delegated authority
    # (Decree 118 Art. 8; DOMAIN.md §2.9), and hands the copy over.
    dossier = services.dossier_start_processing(
        dossier=dossier, actor=w.counter, at=local(2026, 3, 3, 10, 5)
    )
    assert (dossier.status, dossier.current_step) == (DossierStatus.IN_PROGRESS, None)
    dossier = services.dossier_decide(
        dossier=dossier,
        actor=w.counter,
        decision=Decision.APPROVED,
        at=local(2026, 3, 3, 10, 10),
    )
    assert (dossier.status, dossier.sync_status) == (DossierStatus.DECIDED, 9)
    assert dossier.decided_at == local(2026, 3, 3, 10, 10)
    dossier = services.dossier_mark_result_ready(
        dossier=dossier, actor=w.counter, at=local(2026, 3, 3, 10, 12)
    )
    dossier = services.dossier_return_result(
        dossier=dossier, actor=w.counter, at=local(2026, 3, 3, 10, 15)
    )
    dossier = fresh(dossier)
    assert (dossier.status, dossier.sync_status) == (DossierStatus.RETURNED, 10)
    assert dossier.returned_at == dossier.ended_at == local(2026, 3, 3, 10, 15)
    assert tasks(dossier) == [
        (
            1,
            "done",
            local(2026, 3, 3, 10, 0),
            local(2026, 3, 3, 17, 0),
            local(2026, 3, 3, 10, 5),
            Outcome.ON_TIME,
        ),
    ]
    # Returned the same day, before 17:00: on time ("đúng hạn" is read by date).
    assert handoffs(dossier) == [
        (w.justice.name, w.centre.name, local(2026, 3, 3, 17, 0), Outcome.ON_TIME),
    ]
    assert history(dossier) == [
        ("receive_counter", "", "received"),
        ("start_processing", "received", "in_progress"),
        ("decide", "in_progress", "decided"),
        ("mark_result_ready", "decided", "decided"),
        ("return_result", "decided", "returned"),
    ]


def test_the_counter_may_not_decide_an_ordinary_procedure(w):
    dossier = receive(w, local(2026, 3, 3, 10, 0))
    dossier = services.dossier_start_processing(
        dossier=dossier, actor=w.counter, at=local(2026, 3, 3, 10, 5)
    )
    with pytest.raises(PermissionDeniedError):
        services.dossier_decide(
            dossier=dossier,
            actor=w.counter,
            decision=Decision.APPROVED,
            at=local(2026, 3, 3, 10, 10),
        )
    assert fresh(dossier).status == DossierStatus.IN_PROGRESS


@pytest.mark.parametrize(
    ("received", "clock_start", "due"),
    [
        # Before the cut-off: today, closing at 17:00.
        pytest.param(
            local(2026, 3, 3, 10, 0),
            local(2026, 3, 3, 10, 0),
            local(2026, 3, 3, 17, 0),
            id="10:00",
        ),
        # 15:00 itself is not "after 15:00".
        pytest.param(
            local(2026, 3, 3, 15, 0),
            local(2026, 3, 3, 15, 0),
            local(2026, 3, 3, 17, 0),
            id="15:00",
        ),
        # After 15:00: the next working day, until its closing (Decree 23/2015 Art. 21).
        pytest.param(
            local(2026, 3, 3, 15, 30),
            local(2026, 3, 4, 7, 30),
            local(2026, 3, 4, 17, 0),
            id="15:30",
        ),
        # Friday 15:30: the next working day is Monday.
        pytest.param(
            local(2026, 3, 6, 15, 30),
            local(2026, 3, 9, 7, 30),
            local(2026, 3, 9, 17, 0),
            id="friday-15:30",
        ),
        # In the lunch break: from 13:00, the same afternoon.
        pytest.param(
            local(2026, 3, 3, 12, 0),
            local(2026, 3, 3, 13, 0),
            local(2026, 3, 3, 17, 0),
            id="lunch-break",
        ),
    ],
)
def test_same_day_cut_off(w, received, clock_start, due):
    dossier = receive(w, received, version=w.copy_version, form=w.copy_form)
    dossier = fresh(dossier)
    assert (dossier.received_at, dossier.clock_start) == (received, clock_start)
    assert dossier.appointment_at == dossier.original_appointment_at == due
    assert tasks(dossier) == [(1, "active", received, due, None, "")]


# --- public holidays and swapped days ---------------------------------------------------


def test_2026_days_off_in_the_holidays_package():
    """The premise of the vectors below, from ``holidays.VN`` (DOMAIN.md §11)."""
    days_off = holidays.VN(years=2026)
    for day in (
        dt.date(2026, 2, 16),  # Tết: Monday 16 to Friday 20 February
        dt.date(2026, 2, 20),
        dt.date(2026, 4, 27),  # Hùng Kings: Sunday 26 April, observed Monday 27
        dt.date(2026, 4, 30),  # Thursday, Reunification Day
        dt.date(2026, 5, 1),  # Friday, Labour Day
        dt.date(2026, 8, 31),  # Monday, swapped with Saturday 22 August
        dt.date(2026, 9, 1),  # Tuesday, National Day (adjacent day)
        dt.date(2026, 9, 2),  # Wednesday, National Day
    ):
        assert day in days_off, day
    for day in (dt.date(2026, 4, 28), dt.date(2026, 4, 29), dt.date(2026, 9, 3)):
        assert day not in days_off, day
    assert dt.date(2026, 8, 22) in days_off.weekend_workdays


# (received at the counter, appointment) of a 5-working-day (40-hour) permit.
HOLIDAY_VECTORS = [
    # Wednesday 29 April 14:00: Wednesday 3 hours; Thursday 30 April, Friday 1 May and
    # the weekend off; Monday 4 to Thursday 7 May 32 (35); Friday 8 May 07:30-11:30 (39),
    # 13:00 + 1 = 14:00.
    pytest.param(local(2026, 4, 29, 14, 0), local(2026, 5, 8, 14, 0), id="eve-of-30/4"),
    # The same day after the 15:00 cut-off: from Monday 4 May 07:30, 40 hours end at
    # Friday 8 May 17:00.
    pytest.param(local(2026, 4, 29, 15, 30), local(2026, 5, 8, 17, 0), id="eve-of-30/4-15:30"),
    # Friday 24 April 10:00: Friday 1.5 + 4 = 5.5; Monday 27 (Hùng Kings observed) off;
    # Tuesday 28 and Wednesday 29 (21.5); 30/4, 1/5 and the weekend off; Monday 4 and
    # Tuesday 5 May (37.5); Wednesday 6 May 07:30 + 2.5 = 10:00.
    pytest.param(local(2026, 4, 24, 10, 0), local(2026, 5, 6, 10, 0), id="hung-kings-and-30/4"),
    # Friday 28 August 10:00: Friday 5.5; Monday 31 August, Tuesday 1 and Wednesday 2
    # September off; Thursday 3 to Tuesday 8 September 32 (37.5); Wednesday 9 September
    # 07:30 + 2.5 = 10:00.
    pytest.param(local(2026, 8, 28, 10, 0), local(2026, 9, 9, 10, 0), id="national-day-2/9"),
    # Friday 21 August 14:00: Friday 3; Saturday 22 August is a make-up working day (for
    # Monday 31 August): 8 (11); Monday 24 to Wednesday 26 24 (35); Thursday 27 August
    # 07:30-11:30 (39), 13:00 + 1 = 14:00.
    pytest.param(local(2026, 8, 21, 14, 0), local(2026, 8, 27, 14, 0), id="make-up-saturday"),
    # Friday 13 February 10:00: Friday 5.5; Tết Monday 16 to Friday 20 February off;
    # Monday 23 to Thursday 26 February 32 (37.5); Friday 27 February 07:30 + 2.5.
    pytest.param(local(2026, 2, 13, 10, 0), local(2026, 2, 27, 10, 0), id="tet"),
]


@pytest.mark.parametrize(("received", "appointment"), HOLIDAY_VECTORS)
def test_appointment_around_holidays(w, received, appointment):
    dossier = fresh(receive(w, received))
    assert dossier.appointment_at == dossier.original_appointment_at == appointment


def test_dossier_received_before_30_april_and_its_steps(w):
    # Wednesday 29 April 2026, 14:00 (see the vector above): appointment Friday 8 May
    # 14:00. Tiếp nhận 4 hours: Wednesday 14:00-17:00 (3), Monday 4 May 07:30 + 1.
    dossier = receive(w, local(2026, 4, 29, 14, 0))
    assert dossier.code == "000.00.12.H62-260429-0001"
    assert dossier.clock_start == local(2026, 4, 29, 14, 0)
    assert dossier.appointment_at == local(2026, 5, 8, 14, 0)
    assert tasks(dossier)[0] == (
        1,
        "active",
        local(2026, 4, 29, 14, 0),
        local(2026, 5, 4, 8, 30),
        None,
        "",
    )
    # 16:00, transferred. Thẩm định 28 hours: Wednesday 1; Monday to Wednesday 24 (25);
    # Thursday 7 May 07:30 + 3 = 10:30.
    dossier = services.dossier_start_processing(
        dossier=dossier, actor=w.counter, assignee=w.specialist, at=local(2026, 4, 29, 16, 0)
    )
    assert Task.objects.get(dossier=dossier, order=2).due_at == local(2026, 5, 7, 10, 30)
    # Tiếp nhận ended on 29 April, before its due date (4 May): early.
    assert handoffs(dossier) == [
        (w.centre.name, w.construction.name, local(2026, 5, 4, 8, 30), Outcome.EARLY),
    ]


# --- by post, filed by a representative ----------------------------------------------


AUTHORISED = Representative(
    name="Trần Văn Tư",
    id_number="086095000777",
    authorisation="Giấy ủy quyền số 12/2026/UQ, chứng thực ngày 02/3/2026 tại UBND Phường 1",
)
ADDRESS = "Số 5 đường Trần Phú, Phường 1, tỉnh Vĩnh Long"


def test_postal_dossier_filed_by_a_representative(w):
    # Returning the result by post needs an address: nothing is written without it.
    with pytest.raises(InvalidInputError) as refused:
        receive(
            w,
            local(2026, 3, 9, 15, 10),
            applicant=w.an,
            channel=Channel.POSTAL,
            representative=AUTHORISED,
            result_delivery=ResultDelivery.POST,
        )
    assert (refused.value.code, refused.value.detail) == (
        "required",
        {"field": "địa chỉ nhận kết quả"},
    )
    # Filing under an authorisation names the authorising document.
    with pytest.raises(InvalidInputError) as refused:
        receive(
            w,
            local(2026, 3, 9, 15, 10),
            applicant=w.an,
            channel=Channel.POSTAL,
            representative=Representative(
                name="Trần Văn Tư", id_number="086095000777", authorisation=""
            ),
            result_delivery=ResultDelivery.POST,
            delivery_address=ADDRESS,
        )
    assert refused.value.detail == {"field": "văn bản ủy quyền"}
    assert not Dossier.objects.exists()

    # Monday 9 March 2026, 15:10: the parcel is opened at the centre. Paper after
    # 15:00: the clock starts Tuesday 10 March 07:30; 40 hours end Monday 16 March
    # 17:00. Tiếp nhận: Tuesday 07:30-11:30.
    dossier = receive(
        w,
        local(2026, 3, 9, 15, 10),
        applicant=w.an,
        channel=Channel.POSTAL,
        representative=AUTHORISED,
        result_delivery=ResultDelivery.POST,
        delivery_address=ADDRESS,
    )
    dossier = fresh(dossier)
    assert dossier.code == "000.00.12.H62-260309-0001"
    assert (dossier.channel, CHANNEL_SYNC_CODES[Channel(dossier.channel)]) == (Channel.POSTAL, 3)
    assert (dossier.status, dossier.sync_status) == (DossierStatus.RECEIVED, 2)
    assert (dossier.applicant_name, dossier.owner) == ("Nguyễn Văn An", w.an.user)
    assert (
        dossier.representative_name,
        dossier.representative_id_number,
        dossier.authorisation_note,
    ) == (AUTHORISED.name, AUTHORISED.id_number, AUTHORISED.authorisation)
    assert (dossier.result_delivery, dossier.delivery_address) == (ResultDelivery.POST, ADDRESS)
    assert dossier.received_at == local(2026, 3, 9, 15, 10)
    assert dossier.clock_start == local(2026, 3, 10, 7, 30)
    assert dossier.appointment_at == dossier.original_appointment_at == local(2026, 3, 16, 17)
    assert tasks(dossier)[0] == (
        1,
        "active",
        local(2026, 3, 9, 15, 10),
        local(2026, 3, 10, 11, 30),
        None,
        "",
    )

    # Tuesday 08:00, transferred. Thẩm định 28 hours: Tuesday 3.5 + 4 = 7.5, Wednesday
    # and Thursday 16 (23.5), Friday 07:30-11:30 (27.5), 13:00 + 0.5 = 13:30.
    dossier = services.dossier_start_processing(
        dossier=dossier, actor=w.counter, assignee=w.specialist, at=local(2026, 3, 10, 8, 0)
    )
    # Thursday 12 March 15:00, passed on a day early. Phê duyệt 8 hours: Thursday 2,
    # Friday 07:30-11:30 (6), 13:00 + 2 = 15:00.
    dossier = services.dossier_hand_off(
        dossier=dossier, actor=w.specialist, at=local(2026, 3, 12, 15, 0)
    )
    dossier = services.dossier_decide(
        dossier=dossier, actor=w.leader, decision=Decision.APPROVED, at=local(2026, 3, 13, 9, 0)
    )
    dossier = services.dossier_mark_result_ready(
        dossier=dossier, actor=w.specialist, at=local(2026, 3, 13, 10, 0)
    )
    # Friday 13 March 14:00: posted to the address given.
    dossier = services.dossier_return_result(
        dossier=dossier, actor=w.counter, note="Gửi qua bưu chính", at=local(2026, 3, 13, 14, 0)
    )
    dossier = fresh(dossier)
    assert (dossier.status, dossier.sync_status) == (DossierStatus.RETURNED, 10)
    assert dossier.returned_at == local(2026, 3, 13, 14, 0)
    assert tasks(dossier) == [
        (
            1,
            "done",
            local(2026, 3, 9, 15, 10),
            local(2026, 3, 10, 11, 30),
            local(2026, 3, 10, 8, 0),
            Outcome.ON_TIME,
        ),
        (
            2,
            "done",
            local(2026, 3, 10, 8, 0),
            local(2026, 3, 13, 13, 30),
            local(2026, 3, 12, 15, 0),
            Outcome.EARLY,
        ),
        (
            3,
            "done",
            local(2026, 3, 12, 15, 0),
            local(2026, 3, 13, 15, 0),
            local(2026, 3, 13, 9, 0),
            Outcome.ON_TIME,
        ),
    ]
    assert handoffs(dossier) == [
        (w.centre.name, w.construction.name, local(2026, 3, 10, 11, 30), Outcome.ON_TIME),
        (w.construction.name, w.construction.name, local(2026, 3, 13, 13, 30), Outcome.EARLY),
        (w.construction.name, w.centre.name, local(2026, 3, 16, 17, 0), Outcome.EARLY),
    ]
    assert history(dossier) == [
        ("receive_counter", "", "received"),
        ("start_processing", "received", "in_progress"),
        ("hand_off", "in_progress", "in_progress"),
        ("decide", "in_progress", "decided"),
        ("mark_result_ready", "decided", "decided"),
        ("return_result", "decided", "returned"),
    ]
