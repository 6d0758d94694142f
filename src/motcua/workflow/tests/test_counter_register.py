"""A walk-in dossier that fails the completeness check is registered with its code
(Decree 118 Art. 11) and, in the same transaction, gets its supplement request (Mẫu
02) or its refusal (Mẫu 03); and "5 tại chỗ": an on-the-spot procedure decided and
returned at the counter in one go (DOMAIN.md §2.2, §2.9).

Office hours 07:30-11:30 and 13:00-17:00, Monday to Friday; paper after 15:00 starts
its clock the next working day. The permit procedure (1.009794) takes 5 working days.
"""

from __future__ import annotations

import pytest
from django.db import transaction

from motcua.core.exceptions import (
    ApplicationError,
    ConflictError,
    InvalidInputError,
    PermissionDeniedError,
)
from motcua.dossiers.constants import Channel, Decision, DossierStatus
from motcua.dossiers.models import DossierComponent
from motcua.workflow import services
from motcua.workflow.models import Refusal, SupplementRequest, Task
from motcua.workflow.services import SupplementItemInput
from motcua.workflow.tests.states import snapshot
from motcua.workflow.tests.world import fresh, history, local, paper


def register(w, at, *, actor=None, components=None, **extra):
    return services.dossier_register_at_counter(
        actor=actor or w.counter,
        version=extra.pop("version", w.permit_version),
        one_stop_unit=w.centre,
        applicant=extra.pop("applicant", w.cuong),
        components=components if components is not None else [],
        at=at,
        **extra,
    )


def test_an_incomplete_walk_in_is_registered_then_asked_once_for_what_is_missing(w):
    at = local(2026, 3, 3, 9, 0)
    with transaction.atomic():
        dossier = register(w, at, sets_count=2)
        dossier = services.dossier_request_supplement(
            dossier=dossier,
            actor=w.counter,
            items=[
                SupplementItemInput(
                    name="Tờ khai theo mẫu", reason="Chưa có chữ ký", component=w.permit_form
                )
            ],
            reason="Hồ sơ chưa đầy đủ",
            at=at,
        )
    dossier = fresh(dossier)
    assert dossier.code == "000.00.12.H62-260303-0001"
    assert (dossier.status, dossier.supplement_stage) == ("awaiting_supplement", "intake")
    assert (dossier.channel, dossier.receiving_unit, dossier.sets_count) == (
        Channel.COUNTER,
        w.centre,
        2,
    )
    assert (dossier.applicant_name, dossier.applicant_id_number) == (
        "Lâm Văn Cường",
        "086088011111",
    )
    # Not received: no clock, no appointment, no tasks (Mẫu 01 is not issued).
    assert (dossier.received_at, dossier.clock_start, dossier.appointment_at) == (None, None, None)
    assert not Task.objects.filter(dossier=dossier).exists()
    assert history(dossier) == [
        ("register_counter", "", "submitted"),
        ("request_supplement", "submitted", "awaiting_supplement"),
    ]
    request = SupplementRequest.objects.get(dossier=dossier)
    assert (request.stage, request.reason) == ("intake", "Hồ sơ chưa đầy đủ")
    assert list(request.items.values_list("name", "reason")) == [
        ("Tờ khai theo mẫu", "Chưa có chữ ký")
    ]


def test_the_completed_walk_in_starts_its_clock_at_the_paper_cut_off(w):
    # Registered Tuesday 09:00; the missing paper comes Wednesday 15:30, after the 15:00
    # cut-off: the clock starts Thursday 07:30; five working days end Wednesday 11
    # March at closing (Thu, Fri, Mon, Tue, Wed: 40 working hours).
    with transaction.atomic():
        dossier = register(w, local(2026, 3, 3, 9, 0))
        services.dossier_request_supplement(
            dossier=dossier,
            actor=w.counter,
            items=[SupplementItemInput(name="Tờ khai theo mẫu", reason="Chưa nộp")],
            reason="Hồ sơ chưa đầy đủ",
            at=local(2026, 3, 3, 9, 0),
        )
    services.dossier_record_supplement(
        dossier=fresh(dossier),
        actor=w.counter,
        components=[paper(w.permit_form, with_file=True)],
        at=local(2026, 3, 4, 15, 30),
    )
    received = services.dossier_receive(
        dossier=fresh(dossier), actor=w.counter, at=local(2026, 3, 4, 15, 35)
    )
    received = fresh(received)
    assert received.status == DossierStatus.RECEIVED
    assert received.received_at == local(2026, 3, 4, 15, 35)
    assert received.clock_start == local(2026, 3, 5, 7, 30)
    assert received.appointment_at == local(2026, 3, 11, 17, 0)


def test_an_online_dossier_keeps_the_online_cut_off(w):
    # Submitted Wednesday 15:30, more than an hour before closing: its clock starts then.
    dossier, _created = services.dossier_submit_online(
        actor=w.an.user,
        version=w.permit_version,
        components=[paper(w.permit_form, with_file=True)],
        at=local(2026, 3, 4, 15, 30),
    )
    received = services.dossier_receive(
        dossier=dossier, actor=w.counter, at=local(2026, 3, 5, 8, 0)
    )
    assert fresh(received).clock_start == local(2026, 3, 4, 15, 30)


def test_a_walk_in_out_of_scope_is_registered_and_refused(w):
    at = local(2026, 3, 3, 9, 0)
    with transaction.atomic():
        dossier = register(w, at, components=[paper(w.permit_form)])
        services.dossier_refuse(
            dossier=dossier,
            actor=w.counter,
            reason="Công trình thuộc thẩm quyền cấp xã",
            legal_basis="Luật Xây dựng 2014, Điều 103",
            at=at,
        )
    dossier = fresh(dossier)
    assert (dossier.status, dossier.ended_at) == ("refused", at)
    assert history(dossier) == [
        ("register_counter", "", "submitted"),
        ("refuse", "submitted", "refused"),
    ]
    refusal = Refusal.objects.get(dossier=dossier)
    assert (refusal.reason, refusal.legal_basis) == (
        "Công trình thuộc thẩm quyền cấp xã",
        "Luật Xây dựng 2014, Điều 103",
    )
    assert list(DossierComponent.objects.filter(dossier=dossier).values_list("name")) == [
        ("Tờ khai theo mẫu",)
    ]


@pytest.mark.parametrize("who", ["specialist", "leader", "no_role"])
def test_only_a_counter_officer_of_the_unit_registers(w, who):
    before = snapshot()
    with pytest.raises(PermissionDeniedError):
        register(w, local(2026, 3, 3, 9, 0), actor=getattr(w, who))
    assert snapshot() == before


def test_a_paper_of_another_procedure_is_refused(w):
    before = snapshot()
    with pytest.raises(InvalidInputError) as refused:
        register(w, local(2026, 3, 3, 9, 0), components=[paper(w.birth_form)])
    assert refused.value.code == "component_unknown"
    assert snapshot() == before


def test_a_post_delivery_needs_an_address(w):
    before = snapshot()
    with pytest.raises(InvalidInputError) as refused:
        register(w, local(2026, 3, 3, 9, 0), result_delivery="post")
    assert refused.value.detail == {"field": "địa chỉ nhận kết quả"}
    assert snapshot() == before


# --- "5 tại chỗ" ----------------------------------------------------------------------


def receive_copy(w, at):
    return services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.copy_version,
        one_stop_unit=w.centre,
        applicant=w.cuong,
        components=[paper(w.copy_form)],
        at=at,
    )


def test_an_on_the_spot_dossier_is_decided_and_returned_at_the_counter(w):
    dossier = receive_copy(w, local(2026, 3, 3, 10, 0))
    done = services.dossier_resolve_on_the_spot(
        dossier=dossier, actor=w.counter, at=local(2026, 3, 3, 10, 5)
    )
    done = fresh(done)
    assert (done.status, done.decision) == ("returned", "approved")
    assert done.decided_at == done.result_ready_at == done.returned_at == local(2026, 3, 3, 10, 5)
    assert history(done) == [
        ("receive_counter", "", "received"),
        ("start_processing", "received", "in_progress"),
        ("decide", "in_progress", "decided"),
        ("mark_result_ready", "decided", "decided"),
        ("return_result", "decided", "returned"),
    ]
    # Finished on its due day: on time (the 766 comparison is by day, DOMAIN.md §4).
    assert list(Task.objects.filter(dossier=done).values_list("status", "outcome")) == [
        ("done", "on_time")
    ]


def test_a_refusal_on_the_spot_needs_its_reason_and_is_returned(w):
    dossier = receive_copy(w, local(2026, 3, 3, 10, 0))
    before = snapshot(dossier)
    with pytest.raises(InvalidInputError):
        services.dossier_resolve_on_the_spot(
            dossier=dossier, actor=w.counter, decision=Decision.REFUSED
        )
    assert snapshot(dossier) == before
    done = services.dossier_resolve_on_the_spot(
        dossier=dossier,
        actor=w.counter,
        decision=Decision.REFUSED,
        note="Sổ gốc không còn lưu bản này",
        at=local(2026, 3, 3, 10, 5),
    )
    done = fresh(done)
    assert (done.status, done.decision, done.decision_note) == (
        "returned",
        "refused",
        "Sổ gốc không còn lưu bản này",
    )


def test_a_procedure_not_on_the_spot_is_not_resolved_at_the_counter(w):
    dossier = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.permit_version,
        one_stop_unit=w.centre,
        applicant=w.cuong,
        components=[paper(w.permit_form)],
        at=local(2026, 3, 3, 10, 0),
    )
    before = snapshot(dossier)
    with pytest.raises(ApplicationError) as refused:
        services.dossier_resolve_on_the_spot(dossier=dossier, actor=w.counter)
    assert refused.value.code == "not_on_the_spot"
    assert snapshot(dossier) == before


def test_someone_without_the_delegated_authority_writes_nothing(w):
    # Sở Tư pháp's specialist may transfer the dossier but not decide it: the whole
    # chain is rolled back.
    dossier = receive_copy(w, local(2026, 3, 3, 10, 0))
    before = snapshot(dossier)
    with pytest.raises(PermissionDeniedError):
        services.dossier_resolve_on_the_spot(dossier=dossier, actor=w.justice_specialist)
    assert snapshot(dossier) == before


def test_a_dossier_already_transferred_is_not_resolved_again(w):
    dossier = receive_copy(w, local(2026, 3, 3, 10, 0))
    services.dossier_start_processing(dossier=dossier, actor=w.counter)
    dossier = fresh(dossier)
    before = snapshot(dossier)
    with pytest.raises(ConflictError) as refused:
        services.dossier_resolve_on_the_spot(dossier=dossier, actor=w.counter)
    assert refused.value.code == "transition_not_allowed"
    assert "“Đang xử lý”" in refused.value.message
    assert snapshot(dossier) == before
