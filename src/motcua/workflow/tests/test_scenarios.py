"""Whole lives of dossiers, replayed through the services with hand-checked times.
Office hours 07:30-11:30 and 13:00-17:00, Monday to Friday (8 working hours a day)."""

from __future__ import annotations

from motcua.calendar.constants import Outcome
from motcua.dossiers.constants import Decision, DossierStatus
from motcua.dossiers.models import DossierEvent
from motcua.workflow import services
from motcua.workflow.models import Handoff, Task
from motcua.workflow.tests.world import local, paper


def test_counter_dossier_through_its_steps_to_return(w):
    # Monday 2 March 2026, 09:00: 5 working days = 40 working hours. Monday keeps 6.5,
    # Tuesday to Friday 32, the last 1.5 run to 09:00 the next Monday.
    dossier = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.permit_version,
        one_stop_unit=w.centre,
        applicant=w.cuong,
        components=[paper(w.permit_form)],
        at=local(2026, 3, 2, 9, 0),
    )
    assert dossier.code == "000.00.12.H62-260302-0001"
    assert dossier.status == DossierStatus.RECEIVED
    assert dossier.appointment_at == local(2026, 3, 9, 9, 0)
    assert dossier.original_appointment_at == local(2026, 3, 9, 9, 0)
    intake = Task.objects.get(dossier=dossier, order=1)
    # Tiếp nhận 0.5 day = 4 hours: 09:00-11:30 then 13:00-14:30.
    assert (intake.status, intake.due_at) == ("active", local(2026, 3, 2, 14, 30))
    assert intake.assignee == w.counter

    dossier = services.dossier_start_processing(
        dossier=dossier, actor=w.counter, at=local(2026, 3, 2, 10, 0)
    )
    assert dossier.status == DossierStatus.IN_PROGRESS
    assert dossier.current_step == 2
    assert dossier.current_agency == w.construction
    dossier = services.dossier_assign(
        dossier=dossier, actor=w.unit_head, assignee=w.specialist, at=local(2026, 3, 2, 10, 30)
    )
    appraisal = Task.objects.get(dossier=dossier, order=2)
    # Thẩm định 3.5 days = 28 hours from Monday 10:00: Monday 5.5, Tue-Wed 16, Thursday
    # 6.5 more: 07:30 + 4 = 11:30, 13:00 + 2.5 = 15:30.
    assert appraisal.due_at == local(2026, 3, 5, 15, 30)
    assert appraisal.assignee == w.specialist
    assert dossier.current_assignee == w.specialist

    dossier = services.dossier_hand_off(
        dossier=dossier, actor=w.specialist, at=local(2026, 3, 4, 16, 0)
    )
    dossier = services.dossier_decide(
        dossier=dossier, actor=w.leader, decision=Decision.APPROVED, at=local(2026, 3, 5, 9, 0)
    )
    assert dossier.status == DossierStatus.DECIDED
    dossier = services.dossier_mark_result_ready(
        dossier=dossier, actor=w.specialist, at=local(2026, 3, 5, 10, 0)
    )
    dossier = services.dossier_return_result(
        dossier=dossier, actor=w.counter, at=local(2026, 3, 6, 8, 0)
    )
    assert dossier.status == DossierStatus.RETURNED
    assert dossier.returned_at == local(2026, 3, 6, 8, 0)

    rows = list(
        Handoff.objects.filter(dossier=dossier).values_list("from_label", "to_label", "outcome")
    )
    assert rows == [
        (w.centre.name, w.construction.name, Outcome.ON_TIME),
        (w.construction.name, w.construction.name, Outcome.EARLY),
        (w.construction.name, w.centre.name, Outcome.EARLY),
    ]
    assert list(
        DossierEvent.objects.filter(dossier=dossier).values_list("action", "to_status")
    ) == [
        ("receive_counter", "received"),
        ("start_processing", "in_progress"),
        ("assign", "in_progress"),
        ("hand_off", "in_progress"),
        ("decide", "decided"),
        ("mark_result_ready", "decided"),
        ("return_result", "returned"),
    ]
