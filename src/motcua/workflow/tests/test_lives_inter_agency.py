"""An inter-agency (liên thông) dossier's whole life (DOMAIN.md §2.4): the karaoke
licence of the test world, Decree 297/2025's e-liên thông chain.

Centre (Tiếp nhận 0.5) → Công an tỉnh, coordinating, 2 working days (Xác nhận ANTT 2)
→ Sở Văn hóa, lead, 2.5 working days (Thẩm định 2, Phê duyệt 0.5) → decision: 5 working
days. Each agency's own due time runs from when the dossier reaches it; every hop is a
Mẫu 05 row. Office hours 07:30-11:30 and 13:00-17:00, Monday to Friday (8 hours a
day); the week of 6 April 2026 has no public holiday (Hùng Kings' day is observed on
Monday 27 April).
"""

from __future__ import annotations

import pytest

from motcua.calendar.constants import Outcome
from motcua.core.exceptions import PermissionDeniedError
from motcua.dossiers.constants import ApplicantKind, Decision, DossierStatus
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.workflow import services
from motcua.workflow.models import DossierParticipant, Handoff, Task
from motcua.workflow.services import SupplementItemInput
from motcua.workflow.tests.world import fresh, local, paper


def participants(dossier: Dossier, w) -> dict[str, list]:
    names = {w.police.pk: "police", w.culture.pk: "culture"}
    return {
        names[agency]: row
        for agency, *row in DossierParticipant.objects.filter(dossier=dossier).values_list(
            "agency", "participant__role", "started_at", "due_at", "finished_at", "outcome"
        )
    }


def tasks(dossier: Dossier) -> list[tuple]:
    return list(
        Task.objects.filter(dossier=dossier).values_list(
            "order", "agency", "status", "started_at", "due_at", "finished_at", "outcome"
        )
    )


def test_karaoke_licence_through_police_and_culture(w):
    company = services.counter_applicant(
        actor=w.counter,
        one_stop_unit=w.centre,
        tax_code="0100107518",
        name="Công ty TNHH Dịch vụ Giải trí Hòa Bình",
        address="Số 12 đường Phạm Thái Bường, Phường 4, Vĩnh Long",
    )
    # Monday 6 April 2026, 08:00 at the centre. 40 hours: Monday 3.5 + 4 = 7.5,
    # Tuesday to Friday 32 (39.5), Monday 13 April 07:30 + 0.5 = 08:00.
    dossier = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.karaoke_version,
        one_stop_unit=w.centre,
        applicant=company,
        components=[paper(w.karaoke_form)],
        at=local(2026, 4, 6, 8, 0),
    )
    assert dossier.code == "000.00.13.H62-260406-0001"  # Sở Văn hóa decides
    assert dossier.applicant_kind == ApplicantKind.ORGANISATION
    assert (dossier.status, dossier.sync_status) == (DossierStatus.RECEIVED, 2)
    assert dossier.clock_start == local(2026, 4, 6, 8, 0)
    assert dossier.appointment_at == dossier.original_appointment_at == local(2026, 4, 13, 8, 0)
    # Tiếp nhận 4 hours: 08:00-11:30 (3.5), 13:00 + 0.5 = 13:30. No agency has the
    # dossier yet: no participant due time.
    assert tasks(dossier) == [
        (1, w.province.pk, "active", local(2026, 4, 6, 8), local(2026, 4, 6, 13, 30), None, ""),
        (2, w.police.pk, "pending", None, None, None, ""),
        (3, w.culture.pk, "pending", None, None, None, ""),
        (4, w.culture.pk, "pending", None, None, None, ""),
    ]
    assert participants(dossier, w) == {
        "police": ["coordinating", None, None, None, ""],
        "culture": ["lead", None, None, None, ""],
    }

    # 10:00: sent to the police. Their 2 days (16 hours) from now: Monday 1.5 + 4 =
    # 5.5, Tuesday 8 (13.5), Wednesday 07:30 + 2.5 = 10:00 on 8 April.
    dossier = services.dossier_start_processing(
        dossier=dossier, actor=w.counter, at=local(2026, 4, 6, 10, 0)
    )
    assert fresh(dossier).current_agency == w.police
    assert participants(dossier, w)["police"] == [
        "coordinating",
        local(2026, 4, 6, 10, 0),
        local(2026, 4, 8, 10, 0),
        None,
        "",
    ]
    # The culture officer cannot act at the police's step.
    with pytest.raises(PermissionDeniedError):
        services.dossier_hand_off(
            dossier=dossier, actor=w.culture_officer, at=local(2026, 4, 7, 9, 0)
        )

    # Thursday 9 April, 09:00: the police confirm, 23 hours after their due time: late.
    # Sở Văn hóa's 2.5 days (20 hours) start now: Thursday 2.5 + 4 = 6.5, Friday 8
    # (14.5), Monday 07:30-11:30 (18.5), 13:00 + 1.5 = 14:30 on 13 April. Thẩm định 2
    # days: Thursday 6.5, Friday 8 (14.5), Monday 07:30 + 1.5 = 09:00.
    dossier = services.dossier_hand_off(
        dossier=dossier, actor=w.police_officer, at=local(2026, 4, 9, 9, 0)
    )
    assert fresh(dossier).current_agency == w.culture
    assert participants(dossier, w)["culture"] == [
        "lead",
        local(2026, 4, 9, 9, 0),
        local(2026, 4, 13, 14, 30),
        None,
        "",
    ]

    # Friday 10 April, 14:00: appraisal done; Phê duyệt 4 hours: Friday 14:00-17:00
    # (3), Monday 07:30 + 1 = 08:30. Still the lead agency: its clock keeps running.
    dossier = services.dossier_hand_off(
        dossier=dossier, actor=w.culture_officer, at=local(2026, 4, 10, 14, 0)
    )
    # Only a leader of Sở Văn hóa decides; the police leader may not.
    with pytest.raises(PermissionDeniedError):
        services.dossier_decide(
            dossier=dossier,
            actor=w.police_leader,
            decision=Decision.APPROVED,
            at=local(2026, 4, 13, 7, 40),
        )
    # Monday 13 April, 07:45: approved; the result reaches the centre at 07:50, before
    # the 08:00 appointment: the dossier is on time although the police were late.
    dossier = services.dossier_decide(
        dossier=dossier,
        actor=w.culture_leader,
        decision=Decision.APPROVED,
        at=local(2026, 4, 13, 7, 45),
    )
    dossier = services.dossier_mark_result_ready(
        dossier=dossier, actor=w.culture_officer, at=local(2026, 4, 13, 7, 50)
    )
    dossier = services.dossier_return_result(
        dossier=dossier, actor=w.counter, at=local(2026, 4, 13, 10, 0)
    )
    dossier = fresh(dossier)
    assert (dossier.status, dossier.sync_status) == (DossierStatus.RETURNED, 10)
    assert dossier.appointment_at == local(2026, 4, 13, 8, 0)
    assert dossier.current_agency == w.province

    # One agency late, the other on time.
    assert participants(dossier, w) == {
        "police": [
            "coordinating",
            local(2026, 4, 6, 10, 0),
            local(2026, 4, 8, 10, 0),
            local(2026, 4, 9, 9, 0),
            Outcome.LATE,
        ],
        "culture": [
            "lead",
            local(2026, 4, 9, 9, 0),
            local(2026, 4, 13, 14, 30),
            local(2026, 4, 13, 7, 45),
            Outcome.ON_TIME,
        ],
    }
    assert tasks(dossier) == [
        (
            1,
            w.province.pk,
            "done",
            local(2026, 4, 6, 8, 0),
            local(2026, 4, 6, 13, 30),
            local(2026, 4, 6, 10, 0),
            Outcome.ON_TIME,
        ),
        (
            2,
            w.police.pk,
            "done",
            local(2026, 4, 6, 10, 0),
            local(2026, 4, 8, 10, 0),
            local(2026, 4, 9, 9, 0),
            Outcome.LATE,
        ),
        (
            3,
            w.culture.pk,
            "done",
            local(2026, 4, 9, 9, 0),
            local(2026, 4, 13, 9, 0),
            local(2026, 4, 10, 14, 0),
            Outcome.EARLY,
        ),
        (
            4,
            w.culture.pk,
            "done",
            local(2026, 4, 10, 14, 0),
            local(2026, 4, 13, 8, 30),
            local(2026, 4, 13, 7, 45),
            Outcome.ON_TIME,
        ),
    ]
    # Mẫu 05: one row per hop; the inter-agency ones flagged.
    assert list(
        Handoff.objects.filter(dossier=dossier).values_list(
            "from_label", "to_label", "sent_at", "due_at", "outcome", "inter_agency"
        )
    ) == [
        (
            w.centre.name,
            w.police.name,
            local(2026, 4, 6, 10, 0),
            local(2026, 4, 6, 13, 30),
            Outcome.ON_TIME,
            True,
        ),
        (
            w.police.name,
            w.culture.name,
            local(2026, 4, 9, 9, 0),
            local(2026, 4, 8, 10, 0),
            Outcome.LATE,
            True,
        ),
        (
            w.culture.name,
            w.culture.name,
            local(2026, 4, 10, 14, 0),
            local(2026, 4, 13, 9, 0),
            Outcome.EARLY,
            False,
        ),
        (
            w.culture.name,
            w.centre.name,
            local(2026, 4, 13, 7, 50),
            local(2026, 4, 13, 8, 0),
            Outcome.ON_TIME,
            True,
        ),
    ]
    assert list(
        DossierEvent.objects.filter(dossier=dossier).values_list(
            "action", "from_status", "to_status"
        )
    ) == [
        ("receive_counter", "", "received"),
        ("start_processing", "received", "in_progress"),
        ("hand_off", "in_progress", "in_progress"),
        ("hand_off", "in_progress", "in_progress"),
        ("decide", "in_progress", "decided"),
        ("mark_result_ready", "decided", "decided"),
        ("return_result", "decided", "returned"),
    ]
    hops = DossierEvent.objects.filter(dossier=dossier, action="hand_off").order_by("at")
    assert [(e.detail["outcome"], e.detail["inter_agency"]) for e in hops] == [
        (Outcome.LATE, True),
        (Outcome.EARLY, False),
    ]
    # Returned: every participation is marked finished; the police still find the
    # dossier among all they may see, and no longer among unfinished ones.
    assert set(
        DossierParticipant.objects.filter(dossier=dossier).values_list("dossier_open", flat=True)
    ) == {False}
    from motcua.workflow.selectors import dossier_list_for_user

    assert [d.code for d in dossier_list_for_user(user=w.police_leader)] == [dossier.code]
    assert not dossier_list_for_user(user=w.police_leader, active_only=True)
    assert [
        d.code for d in dossier_list_for_user(user=w.police_leader, status=DossierStatus.RETURNED)
    ] == [dossier.code]


def test_the_late_agency_apologises_in_a_liên_thông_dossier(w):
    # DOMAIN.md §2.5: in liên thông the agency that caused the delay issues the apology;
    # the police leader signs for the police, a coordinating agency of this dossier.
    dossier = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.karaoke_version,
        one_stop_unit=w.centre,
        applicant=w.cuong,
        components=[paper(w.karaoke_form)],
        at=local(2026, 4, 6, 8, 0),
    )
    dossier = services.dossier_start_processing(
        dossier=dossier, actor=w.counter, at=local(2026, 4, 6, 10, 0)
    )
    dossier = services.dossier_reschedule(
        dossier=dossier,
        actor=w.police_leader,
        responsible_agency=w.police,
        reason="Chờ kết quả kiểm tra thực tế về phòng cháy, chữa cháy",
        new_appointment_at=local(2026, 4, 15, 17, 0),
        at=local(2026, 4, 9, 9, 0),
    )
    dossier = fresh(dossier)
    assert dossier.appointment_at == local(2026, 4, 15, 17, 0)
    assert dossier.original_appointment_at == local(2026, 4, 13, 8, 0)
    assert dossier.apology.responsible_agency == w.police
    assert dossier.apology.signed_by == w.police_leader


def test_a_pause_at_the_police_step_moves_only_the_running_due_times(w):
    # Received Monday 6 April 08:00 (appointment Monday 13 April 08:00), at the police
    # from 10:00 (their due time Wednesday 8 April 10:00).
    dossier = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.karaoke_version,
        one_stop_unit=w.centre,
        applicant=w.cuong,
        components=[paper(w.karaoke_form)],
        at=local(2026, 4, 6, 8, 0),
    )
    services.dossier_start_processing(dossier=dossier, actor=w.counter, at=local(2026, 4, 6, 10, 0))
    # Tuesday 7 April 10:00 the police ask for the fire-safety papers; Cường brings
    # them Wednesday 8 April 10:00: waited Tuesday 1.5 + 4 and Wednesday 2.5 = 8 hours.
    services.dossier_request_supplement(
        dossier=dossier,
        actor=w.police_officer,
        items=[
            SupplementItemInput(
                name="Biên bản kiểm tra về phòng cháy, chữa cháy",
                reason="Chưa có biên bản kiểm tra của cơ quan có thẩm quyền",
            )
        ],
        reason="Thiếu điều kiện về an ninh, trật tự",
        at=local(2026, 4, 7, 10, 0),
    )
    services.dossier_record_supplement(
        dossier=dossier,
        actor=w.counter,
        components=[paper(w.karaoke_form)],
        at=local(2026, 4, 8, 10, 0),
    )
    dossier = fresh(dossier)
    # Each running due time moves on 8 hours (one working day); Sở Văn hóa has not
    # received the dossier yet and has no due time to move.
    assert dossier.appointment_at == local(2026, 4, 14, 8, 0)
    assert dossier.original_appointment_at == local(2026, 4, 13, 8, 0)
    assert Task.objects.get(dossier=dossier, order=2).due_at == local(2026, 4, 9, 10, 0)
    assert participants(dossier, w) == {
        "police": [
            "coordinating",
            local(2026, 4, 6, 10, 0),
            local(2026, 4, 9, 10, 0),
            None,
            "",
        ],
        "culture": ["lead", None, None, None, ""],
    }
    # Thursday 9 April 09:00: the police finish on the date of their moved due time,
    # before it: on time (without the pause they would have been late).
    services.dossier_hand_off(dossier=dossier, actor=w.police_officer, at=local(2026, 4, 9, 9, 0))
    assert participants(dossier, w)["police"][3:] == [local(2026, 4, 9, 9, 0), Outcome.ON_TIME]
    assert Handoff.objects.filter(dossier=dossier).values_list("outcome", flat=True)[1] == (
        Outcome.ON_TIME
    )


def test_the_coordinating_agency_keeps_seeing_the_dossier_it_handed_on(w):
    from motcua.workflow.selectors import dossier_list_for_user

    company = services.counter_applicant(
        actor=w.counter, one_stop_unit=w.centre, tax_code="0100107518", name="Công ty Hòa Bình"
    )
    dossier = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.karaoke_version,
        one_stop_unit=w.centre,
        applicant=company,
        components=[paper(w.karaoke_form)],
        at=local(2026, 4, 6, 8, 0),
    )
    # Only the police's row widens who sees it: Sở Văn hóa decides it anyway.
    flags = dict(
        DossierParticipant.objects.filter(dossier=dossier).values_list("agency", "inter_agency")
    )
    assert flags == {w.police.pk: True, w.culture.pk: False}
    services.dossier_start_processing(dossier=dossier, actor=w.counter, at=local(2026, 4, 6, 10))
    services.dossier_hand_off(dossier=dossier, actor=w.police_officer, at=local(2026, 4, 7, 9))
    assert fresh(dossier).current_agency == w.culture
    # The police neither decide it nor hold it now; their participation shows it.
    listed = dossier_list_for_user(user=w.police_leader, status=DossierStatus.IN_PROGRESS)
    assert [d.code for d in listed] == [dossier.code]
    # An agency with no part in it does not.
    assert not dossier_list_for_user(user=w.justice_leader, status=DossierStatus.IN_PROGRESS)
