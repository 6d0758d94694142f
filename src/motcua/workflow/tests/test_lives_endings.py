"""Dossiers that end without a result: withdrawn by the applicant and stopped (status 7
→ 8, Decree 118/2025 Art. 21; Mẫu 05 of Circular 03/2025), stopped by the deciding
agency, and refused at intake (status 3, Mẫu 03) (DOMAIN.md §2.2, §2.6).

Office hours 07:30-11:30 and 13:00-17:00, Monday to Friday: 8 working hours a day.
The permit procedure (1.009794) takes 40 working hours: Tiếp nhận 4 (at the centre),
Thẩm định 28, Phê duyệt 8. No public holiday falls in the weeks used here.
"""

from __future__ import annotations

import pytest

from motcua.calendar.constants import Outcome
from motcua.core.exceptions import ConflictError, InvalidInputError, PermissionDeniedError
from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.workflow import services
from motcua.workflow.models import Handoff, Refusal, StopNotice, Task
from motcua.workflow.tests.world import fresh, history, local, paper


def tasks(dossier: Dossier) -> list[tuple]:
    return list(
        Task.objects.filter(dossier=dossier).values_list(
            "order", "status", "due_at", "finished_at", "outcome"
        )
    )


def submit(w, at):
    dossier, _created = services.dossier_submit_online(
        actor=w.an.user,
        version=w.permit_version,
        components=[paper(w.permit_form, with_file=True)],
        at=at,
    )
    return dossier


def test_owner_withdraws_online_while_in_progress_and_the_counter_stops_it(w):
    # Tuesday 12 May 2026, 09:00 online, accepted 10:00: the clock runs from 09:00.
    # 40 hours: Tuesday 2.5 + 4 = 6.5, Wednesday to Monday 32 (38.5), Tuesday 19 May
    # 07:30 + 1.5 = 09:00. Tiếp nhận 4 hours: 09:00-11:30, 13:00 + 1.5 = 14:30.
    dossier = submit(w, local(2026, 5, 12, 9, 0))
    dossier = services.dossier_receive(
        dossier=dossier, actor=w.counter, at=local(2026, 5, 12, 10, 0)
    )
    assert fresh(dossier).appointment_at == local(2026, 5, 19, 9, 0)
    # 11:00, transferred: Thẩm định 28 hours: Tuesday 0.5 + 4 = 4.5, Wednesday and
    # Thursday 16 (20.5), Friday 07:30-11:30 (24.5), 13:00 + 3.5 = 16:30 on 15 May.
    dossier = services.dossier_start_processing(
        dossier=dossier, actor=w.counter, assignee=w.specialist, at=local(2026, 5, 12, 11, 0)
    )
    assert Task.objects.get(dossier=dossier, order=2).due_at == local(2026, 5, 15, 16, 30)

    # Another citizen cannot withdraw An's dossier.
    with pytest.raises(PermissionDeniedError):
        services.dossier_withdraw(
            dossier=dossier, actor=w.binh.user, reason="Không cần nữa", at=local(2026, 5, 13, 8)
        )
    # Wednesday 13 May, 20:00: An (the owner) asks online to withdraw (status 7). The
    # work is not closed yet: the one-stop unit answers with a stop notice.
    dossier = services.dossier_withdraw(
        dossier=dossier,
        actor=w.an.user,
        reason="Gia đình thay đổi phương án xây dựng",
        at=local(2026, 5, 13, 20, 0),
    )
    dossier = fresh(dossier)
    assert (dossier.status, dossier.sync_status) == (DossierStatus.WITHDRAWAL_REQUESTED, 7)
    assert dossier.ended_at is None
    assert Task.objects.get(dossier=dossier, order=2).status == "active"
    # Processing may not go on meanwhile.
    with pytest.raises(ConflictError) as refused:
        services.dossier_hand_off(dossier=dossier, actor=w.specialist, at=local(2026, 5, 14, 7))
    assert refused.value.code == "transition_not_allowed"

    # Thursday 14 May, 08:00: the counter officer stops it.
    dossier = services.dossier_stop(
        dossier=dossier,
        actor=w.counter,
        reason="Dừng giải quyết theo đề nghị rút hồ sơ của người yêu cầu",
        at=local(2026, 5, 14, 8, 0),
    )
    dossier = fresh(dossier)
    assert (dossier.status, dossier.sync_status) == (DossierStatus.STOPPED, 8)
    assert dossier.ended_at == local(2026, 5, 14, 8, 0)
    assert (dossier.returned_at, dossier.decided_at) == (None, None)
    assert (dossier.current_step, dossier.current_assignee) == (None, None)
    notice = StopNotice.objects.get(dossier=dossier)
    assert (notice.at_applicant_request, notice.reason, notice.issued_by, notice.issued_at) == (
        True,
        "Dừng giải quyết theo đề nghị rút hồ sơ của người yêu cầu",
        w.counter,
        local(2026, 5, 14, 8, 0),
    )
    # The running step is closed where it stood (a day before its due date: early),
    # the step never reached is skipped.
    assert tasks(dossier) == [
        (1, "done", local(2026, 5, 12, 14, 30), local(2026, 5, 12, 11, 0), Outcome.ON_TIME),
        (2, "done", local(2026, 5, 15, 16, 30), local(2026, 5, 14, 8, 0), Outcome.EARLY),
        (3, "skipped", None, None, ""),
    ]
    assert list(
        Handoff.objects.filter(dossier=dossier).values_list("from_label", "to_label", "outcome")
    ) == [(w.centre.name, w.construction.name, Outcome.ON_TIME)]
    assert history(dossier) == [
        ("submit_online", "", "submitted"),
        ("receive", "submitted", "received"),
        ("start_processing", "received", "in_progress"),
        ("withdraw", "in_progress", "withdrawal_requested"),
        ("stop", "withdrawal_requested", "stopped"),
    ]
    # Stopped is final.
    with pytest.raises(ConflictError):
        services.dossier_withdraw(
            dossier=dossier, actor=w.an.user, reason="Lần nữa", at=local(2026, 5, 14, 9)
        )


def test_withdrawal_of_a_submitted_online_dossier(w):
    # Filed and withdrawn before the officer looked at it: no clock, no tasks.
    dossier = submit(w, local(2026, 5, 12, 9, 0))
    dossier = services.dossier_withdraw(
        dossier=dossier, actor=w.an.user, reason="Nộp nhầm thủ tục", at=local(2026, 5, 12, 9, 30)
    )
    assert (dossier.status, dossier.sync_status) == (DossierStatus.WITHDRAWAL_REQUESTED, 7)
    dossier = services.dossier_stop(
        dossier=dossier,
        actor=w.counter,
        reason="Người yêu cầu rút hồ sơ",
        at=local(2026, 5, 12, 10, 0),
    )
    dossier = fresh(dossier)
    assert (dossier.status, dossier.sync_status) == (DossierStatus.STOPPED, 8)
    assert dossier.ended_at == local(2026, 5, 12, 10, 0)
    assert (dossier.received_at, dossier.clock_start, dossier.appointment_at) == (None,) * 3
    assert not Task.objects.filter(dossier=dossier).exists()
    notice = StopNotice.objects.get(dossier=dossier)
    assert (notice.at_applicant_request, notice.issued_by, notice.issued_at) == (
        True,
        w.counter,
        local(2026, 5, 12, 10, 0),
    )
    assert history(dossier) == [
        ("submit_online", "", "submitted"),
        ("withdraw", "submitted", "withdrawal_requested"),
        ("stop", "withdrawal_requested", "stopped"),
    ]


def test_stop_notice_after_a_withdrawal_names_the_stage_reached(w):
    dossier = submit(w, local(2026, 5, 12, 9, 0))
    services.dossier_receive(dossier=dossier, actor=w.counter, at=local(2026, 5, 12, 10, 0))
    services.dossier_start_processing(
        dossier=dossier, actor=w.counter, assignee=w.specialist, at=local(2026, 5, 12, 11, 0)
    )
    services.dossier_withdraw(
        dossier=dossier, actor=w.an.user, reason="Thay đổi phương án", at=local(2026, 5, 13, 8)
    )
    services.dossier_stop(
        dossier=dossier, actor=w.counter, reason="Rút hồ sơ", at=local(2026, 5, 13, 9)
    )
    assert StopNotice.objects.get(dossier=dossier).stage == DossierStatus.IN_PROGRESS


def test_leader_of_the_deciding_agency_stops_a_dossier(w):
    # Monday 2 March 2026, 09:00 at the counter; transferred 10:00 (Thẩm định due
    # Thursday 5 March 15:30: Monday 5.5, Tuesday-Wednesday 16, Thursday 4 + 2.5).
    dossier = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.permit_version,
        one_stop_unit=w.centre,
        applicant=w.cuong,
        components=[paper(w.permit_form)],
        at=local(2026, 3, 2, 9, 0),
    )
    dossier = services.dossier_start_processing(
        dossier=dossier, actor=w.counter, assignee=w.specialist, at=local(2026, 3, 2, 10, 0)
    )
    reason = "Thửa đất đang có tranh chấp, Tòa án đã thụ lý; không thể tiếp tục giải quyết"
    # Neither the specialist nor another agency's leader may stop it.
    for outsider in (w.specialist, w.justice_leader):
        with pytest.raises(PermissionDeniedError):
            services.dossier_stop(
                dossier=dossier, actor=outsider, reason=reason, at=local(2026, 3, 4, 15)
            )
    assert not StopNotice.objects.exists()

    # Wednesday 4 March, 15:00: the leader of Sở Xây dựng stops it (no withdrawal).
    dossier = services.dossier_stop(
        dossier=dossier, actor=w.leader, reason=reason, at=local(2026, 3, 4, 15, 0)
    )
    dossier = fresh(dossier)
    assert (dossier.status, dossier.sync_status) == (DossierStatus.STOPPED, 8)
    assert dossier.ended_at == local(2026, 3, 4, 15, 0)
    notice = StopNotice.objects.get(dossier=dossier)
    assert (
        notice.at_applicant_request,
        notice.stage,
        notice.reason,
        notice.issued_by,
        notice.issued_at,
    ) == (False, DossierStatus.IN_PROGRESS, reason, w.leader, local(2026, 3, 4, 15, 0))
    assert tasks(dossier) == [
        (1, "done", local(2026, 3, 2, 14, 30), local(2026, 3, 2, 10, 0), Outcome.ON_TIME),
        (2, "done", local(2026, 3, 5, 15, 30), local(2026, 3, 4, 15, 0), Outcome.EARLY),
        (3, "skipped", None, None, ""),
    ]
    assert history(dossier) == [
        ("receive_counter", "", "received"),
        ("start_processing", "received", "in_progress"),
        ("stop", "in_progress", "stopped"),
    ]
    with pytest.raises(ConflictError):
        services.dossier_decide(
            dossier=dossier, actor=w.leader, decision="approved", at=local(2026, 3, 4, 16)
        )


def test_refusal_at_intake_of_an_online_dossier(w):
    dossier = submit(w, local(2026, 3, 2, 9, 0))
    reason = "Công trình thuộc trường hợp được miễn giấy phép xây dựng"
    legal_basis = "Luật Xây dựng 2014, Điều 89, khoản 2 (sửa đổi năm 2020)"
    # Mẫu 03 needs the legal basis: without it nothing is written.
    with pytest.raises(InvalidInputError) as refused:
        services.dossier_refuse(
            dossier=dossier,
            actor=w.counter,
            reason=reason,
            legal_basis="  ",
            at=local(2026, 3, 2, 10, 0),
        )
    assert (refused.value.code, refused.value.detail) == ("required", {"field": "căn cứ pháp lý"})
    assert fresh(dossier).status == DossierStatus.SUBMITTED
    assert not Refusal.objects.exists()
    # A specialist of the deciding agency does not refuse at intake: the counter does.
    with pytest.raises(PermissionDeniedError):
        services.dossier_refuse(
            dossier=dossier,
            actor=w.specialist,
            reason=reason,
            legal_basis=legal_basis,
            at=local(2026, 3, 2, 10, 0),
        )

    dossier = services.dossier_refuse(
        dossier=dossier,
        actor=w.counter,
        reason=reason,
        legal_basis=legal_basis,
        at=local(2026, 3, 2, 10, 0),
    )
    dossier = fresh(dossier)
    assert (dossier.status, dossier.sync_status) == (DossierStatus.REFUSED, 3)
    assert dossier.ended_at == local(2026, 3, 2, 10, 0)
    assert (dossier.received_at, dossier.clock_start, dossier.appointment_at) == (None,) * 3
    refusal = Refusal.objects.get(dossier=dossier)
    assert (refusal.reason, refusal.legal_basis, refusal.refused_by, refusal.refused_at) == (
        reason,
        legal_basis,
        w.counter,
        local(2026, 3, 2, 10, 0),
    )
    assert not Task.objects.filter(dossier=dossier).exists()
    assert history(dossier) == [
        ("submit_online", "", "submitted"),
        ("refuse", "submitted", "refused"),
    ]
    # Refused is final: it can be neither received nor withdrawn.
    with pytest.raises(ConflictError):
        services.dossier_receive(dossier=dossier, actor=w.counter, at=local(2026, 3, 2, 11))
    with pytest.raises(ConflictError):
        services.dossier_withdraw(
            dossier=dossier, actor=w.an.user, reason="Rút", at=local(2026, 3, 2, 11)
        )
