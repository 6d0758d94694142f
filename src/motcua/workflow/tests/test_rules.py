"""The rules a service checks beyond the transition table (DOMAIN.md §2; project issue
3): supplement once per stage, complete Mẫu 02 and Mẫu 03, reasons for a refusal,
payment amounts, the result at the counter before return, the apology (once, in time,
by the right leader, a later date), and the completeness check at the counter. Each
refusal raises a clear ApplicationError and writes nothing (not even a code number)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from motcua.core.exceptions import (
    ApplicationError,
    ConflictError,
    InvalidInputError,
    PermissionDeniedError,
)
from motcua.dossiers.constants import Decision, DossierStatus, SupplementStage
from motcua.dossiers.models import DossierEvent
from motcua.workflow import services
from motcua.workflow.models import ApologyNotice, SupplementRequest
from motcua.workflow.services import MAX_FEE, SupplementItemInput
from motcua.workflow.tests.states import (
    AFTER,
    FEE,
    START,
    act,
    dossier_in,
    snapshot,
    supplement_items,
    world_for_module,
)
from motcua.workflow.tests.world import local, paper

S = DossierStatus

# Receipt at the counter on Monday 2 March 2026, 08:00; five working days of eight
# hours: Monday 7.5 (08:00-11:30, 13:00-17:00), Tuesday-Friday 32, the last 0.5 runs
# to 08:00 on Monday 9 March.
APPOINTMENT = local(2026, 3, 9, 8, 0)


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    with world_for_module(django_db_blocker) as built:
        yield built


@pytest.fixture
def w(module_world, db):
    return module_world


def refused_without_writing(error_class, call, *dossiers):
    """Run ``call``, expect ``error_class``, check nothing was written; the error."""
    before = snapshot(*dossiers)
    with pytest.raises(error_class) as refused:
        call()
    assert snapshot(*dossiers) == before
    return refused.value


# --- supplement once per stage (Decree 118/2025 Art. 11; Decree 297/2025) -----------


def test_second_intake_supplement_request_is_refused(w):
    dossier = dossier_in(w, S.AWAITING_SUPPLEMENT, stage=SupplementStage.INTAKE)
    dossier = act(w, dossier, "record_supplement", actor=w.an.user)
    assert (dossier.status, dossier.supplement_count) == (S.SUBMITTED, 1)

    error = refused_without_writing(
        ApplicationError,
        lambda: act(w, dossier, "request_supplement", actor=w.counter),
        dossier,
    )
    assert (error.code, error.http_status, error.detail) == (
        "supplement_already_requested",
        400,
        {"stage": "intake"},
    )
    assert error.message == (
        "Chỉ được yêu cầu bổ sung hồ sơ một lần (Nghị định 118/2025, Điều 11) "
        "(a supplement may be requested only once)."
    )


def test_second_appraisal_supplement_request_is_refused(w):
    dossier = dossier_in(w, S.AWAITING_SUPPLEMENT)
    dossier = act(w, dossier, "record_supplement", actor=w.an.user)
    assert (dossier.status, dossier.supplement_count) == (S.IN_PROGRESS, 1)

    error = refused_without_writing(
        ApplicationError,
        lambda: act(w, dossier, "request_supplement", actor=w.unit_head),
        dossier,
    )
    assert (error.code, error.detail) == ("supplement_already_requested", {"stage": "appraisal"})


def test_one_request_at_intake_and_one_at_appraisal(w):
    dossier = dossier_in(w, S.AWAITING_SUPPLEMENT, stage=SupplementStage.INTAKE)
    dossier = act(w, dossier, "record_supplement", actor=w.an.user, at=local(2026, 3, 2, 10, 0))
    dossier = act(w, dossier, "receive", actor=w.counter, at=local(2026, 3, 2, 10, 30))
    dossier = act(w, dossier, "start_processing", actor=w.counter, at=local(2026, 3, 2, 11, 0))
    dossier = act(w, dossier, "request_supplement", actor=w.specialist)
    assert (dossier.status, dossier.supplement_stage, dossier.supplement_count) == (
        S.AWAITING_SUPPLEMENT,
        "appraisal",
        2,
    )
    assert sorted(
        SupplementRequest.objects.filter(dossier=dossier).values_list("stage", flat=True)
    ) == ["appraisal", "intake"]


# --- Mẫu 02: every item, each with its reason, in one go -----------------------------


@pytest.mark.parametrize(
    ("items", "reason", "code", "field"),
    [
        (
            [SupplementItemInput(name="Bản vẽ thiết kế", reason="")],
            "Thiếu",
            "required",
            "lý do của từng mục",
        ),
        (
            [SupplementItemInput(name="Bản vẽ thiết kế", reason="   ")],
            "Thiếu",
            "required",
            "lý do của từng mục",
        ),
        ([SupplementItemInput(name="", reason="Thiếu chữ ký")], "Thiếu", "required", "tên giấy tờ"),
        ([], "Thiếu giấy tờ", "items_required", None),
        ([SupplementItemInput(name="Bản vẽ", reason="Thiếu chữ ký")], "", "required", "lý do"),
        (
            [SupplementItemInput(name=f"Giấy tờ {n}", reason="Thiếu") for n in range(51)],
            "Thiếu",
            "too_many_items",
            None,
        ),
    ],
    ids=[
        "item-without-reason",
        "item-blank-reason",
        "item-without-name",
        "no-items",
        "no-reason",
        "51-items",
    ],
)
def test_supplement_request_must_be_complete(w, items, reason, code, field):
    dossier = dossier_in(w, S.SUBMITTED)
    error = refused_without_writing(
        InvalidInputError,
        lambda: services.dossier_request_supplement(
            dossier=dossier, actor=w.counter, items=items, reason=reason, at=AFTER
        ),
        dossier,
    )
    assert (error.code, error.http_status) == (code, 422)
    if field is not None:
        assert error.detail == {"field": field}


def test_supplement_item_of_another_procedure_is_refused(w):
    dossier = dossier_in(w, S.SUBMITTED)
    items = [SupplementItemInput(name=w.birth_form.name, reason="Thiếu", component=w.birth_form)]
    error = refused_without_writing(
        InvalidInputError,
        lambda: services.dossier_request_supplement(
            dossier=dossier, actor=w.counter, items=items, reason="Thiếu", at=AFTER
        ),
        dossier,
    )
    assert error.code == "component_unknown"


def test_every_item_is_kept_with_its_reason(w):
    dossier = dossier_in(w, S.SUBMITTED)
    items = [
        SupplementItemInput(name="Bản vẽ thiết kế", reason="Thiếu chữ ký của chủ đầu tư"),
        SupplementItemInput(
            name=w.permit_form.name, reason="Kê khai sai diện tích", component=w.permit_form
        ),
    ]
    services.dossier_request_supplement(
        dossier=dossier, actor=w.counter, items=items, reason="Hồ sơ chưa hợp lệ", at=AFTER
    )
    request = SupplementRequest.objects.get(dossier=dossier)
    assert list(request.items.values_list("name", "reason", "component")) == [
        ("Bản vẽ thiết kế", "Thiếu chữ ký của chủ đầu tư", None),
        ("Tờ khai theo mẫu", "Kê khai sai diện tích", w.permit_form.pk),
    ]


def test_recording_a_supplement_needs_a_paper(w):
    dossier = dossier_in(w, S.AWAITING_SUPPLEMENT)
    error = refused_without_writing(
        InvalidInputError,
        lambda: services.dossier_record_supplement(
            dossier=dossier, actor=w.an.user, components=[], at=AFTER
        ),
        dossier,
    )
    assert error.code == "components_required"


# --- Mẫu 03: reasons and legal basis --------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "legal_basis", "field"),
    [
        ("", "Nghị định 118/2025/NĐ-CP", "lý do từ chối"),
        ("Không thuộc thẩm quyền", "", "căn cứ pháp lý"),
        ("  ", "  ", "lý do từ chối"),
    ],
)
def test_refusal_needs_reason_and_legal_basis(w, reason, legal_basis, field):
    dossier = dossier_in(w, S.SUBMITTED)
    error = refused_without_writing(
        InvalidInputError,
        lambda: services.dossier_refuse(
            dossier=dossier, actor=w.counter, reason=reason, legal_basis=legal_basis, at=AFTER
        ),
        dossier,
    )
    assert (error.code, error.detail) == ("required", {"field": field})
    assert error.message == f"Cần nhập {field} (required: {field})."


def test_refusal_keeps_reason_and_legal_basis(w):
    dossier = dossier_in(w, S.SUBMITTED)
    # Typed in decomposed Unicode, stored NFC.
    dossier = services.dossier_refuse(
        dossier=dossier,
        actor=w.counter,
        reason="Không thuô\u0323c thẩm quyền",
        legal_basis="Nghị định 118/2025/NĐ-CP, Điều 17",
        at=AFTER,
    )
    assert (dossier.status, dossier.ended_at) == (S.REFUSED, AFTER)
    assert (dossier.refusal.reason, dossier.refusal.legal_basis) == (
        "Không thuộc thẩm quyền",
        "Nghị định 118/2025/NĐ-CP, Điều 17",
    )


# --- the decision ---------------------------------------------------------------------


def test_refusing_to_decide_favourably_needs_a_reason(w):
    dossier = dossier_in(w, S.IN_PROGRESS)
    error = refused_without_writing(
        InvalidInputError,
        lambda: services.dossier_decide(
            dossier=dossier, actor=w.leader, decision=Decision.REFUSED, note=" ", at=AFTER
        ),
        dossier,
    )
    assert (error.code, error.detail) == ("required", {"field": "lý do"})
    dossier = services.dossier_decide(
        dossier=dossier,
        actor=w.leader,
        decision=Decision.REFUSED,
        note="Công trình nằm trong hành lang bảo vệ đê điều",
        at=AFTER,
    )
    assert (dossier.status, dossier.decision, dossier.decision_note) == (
        S.DECIDED,
        "refused",
        "Công trình nằm trong hành lang bảo vệ đê điều",
    )


def test_approval_needs_no_reason(w):
    dossier = dossier_in(w, S.IN_PROGRESS)
    dossier = services.dossier_decide(
        dossier=dossier, actor=w.leader, decision=Decision.APPROVED, at=AFTER
    )
    assert (dossier.decision, dossier.decision_note, dossier.decided_at) == (
        "approved",
        "",
        AFTER,
    )


def test_unknown_decision_is_refused(w):
    dossier = dossier_in(w, S.IN_PROGRESS)
    error = refused_without_writing(
        InvalidInputError,
        lambda: services.dossier_decide(
            dossier=dossier, actor=w.leader, decision="maybe", note="?", at=AFTER
        ),
        dossier,
    )
    assert error.code == "invalid_decision"


# --- payment (DOMAIN.md §12) ----------------------------------------------------------


@pytest.mark.parametrize(
    "amount",
    [0, -1, True, 1.5, "500000", MAX_FEE + 1],
    ids=["zero", "negative", "bool", "float", "text", "above-max"],
)
def test_payment_request_amount_is_a_positive_whole_number(w, amount):
    dossier = dossier_in(w, S.IN_PROGRESS)
    error = refused_without_writing(
        InvalidInputError,
        lambda: services.dossier_request_payment(
            dossier=dossier, actor=w.specialist, amount=amount, at=AFTER
        ),
        dossier,
    )
    assert (error.code, error.http_status) == ("invalid_amount", 422)


def test_largest_payment_request(w):
    dossier = dossier_in(w, S.IN_PROGRESS)
    dossier = services.dossier_request_payment(
        dossier=dossier, actor=w.specialist, amount=MAX_FEE, at=AFTER
    )
    assert (dossier.status, dossier.fee_requested) == (S.AWAITING_PAYMENT, 1_000_000_000_000)


@pytest.mark.parametrize(
    "amount", [FEE - 1, FEE + 1, 0, True], ids=["less", "more", "zero", "bool"]
)
def test_payment_recorded_is_exactly_what_is_due(w, amount):
    dossier = dossier_in(w, S.AWAITING_PAYMENT)
    error = refused_without_writing(
        InvalidInputError,
        lambda: services.dossier_record_payment(
            dossier=dossier, actor=w.counter, amount=amount, at=AFTER
        ),
        dossier,
    )
    assert (error.code, error.detail) == ("invalid_amount", {"due": 500_000})
    assert error.message == (
        "Số tiền phải đúng bằng số còn phải nộp: 500,000 đồng (amount must equal 500000)."
    )


def test_payment_pauses_the_clock(w):
    # Asked for on Tuesday 09:00, paid Wednesday 09:00: eight working hours waited, so
    # the appointment moves from Monday 9 March 08:00 to Tuesday 10 March 08:00.
    dossier = dossier_in(w, S.IN_PROGRESS)
    assert dossier.appointment_at == APPOINTMENT
    dossier = services.dossier_request_payment(
        dossier=dossier, actor=w.specialist, amount=FEE, at=AFTER
    )
    assert dossier.paused_at == AFTER
    dossier = services.dossier_record_payment(
        dossier=dossier,
        actor=w.counter,
        amount=FEE,
        reference="BL-0042",
        at=local(2026, 3, 4, 9, 0),
    )
    assert (dossier.status, dossier.fee_paid, dossier.paused_at) == (S.IN_PROGRESS, FEE, None)
    assert dossier.appointment_at == local(2026, 3, 10, 8, 0)


# --- the result (DOMAIN.md §2.7) ------------------------------------------------------


def test_result_returned_only_once_at_the_counter(w):
    dossier = dossier_in(w, S.DECIDED)
    error = refused_without_writing(
        ApplicationError,
        lambda: services.dossier_return_result(dossier=dossier, actor=w.counter, at=AFTER),
        dossier,
    )
    assert (type(error), error.code, error.http_status) == (
        ApplicationError,
        "result_not_ready",
        400,
    )
    assert error.message == "Kết quả chưa về bộ phận một cửa (result not yet at the one-stop unit)."

    dossier = services.dossier_mark_result_ready(dossier=dossier, actor=w.specialist, at=AFTER)
    error = refused_without_writing(
        ConflictError,
        lambda: services.dossier_mark_result_ready(dossier=dossier, actor=w.counter, at=AFTER),
        dossier,
    )
    assert error.code == "result_already_ready"
    dossier = services.dossier_return_result(dossier=dossier, actor=w.counter, at=AFTER)
    assert (dossier.status, dossier.returned_at, dossier.ended_at) == (S.RETURNED, AFTER, AFTER)


# --- apology and a new date (Mẫu 04; DOMAIN.md §2.5) ----------------------------------


def reschedule(w, dossier, *, actor=None, agency=None, new=None, at=AFTER, reason="Chờ ý kiến"):
    return services.dossier_reschedule(
        dossier=dossier,
        actor=actor or w.leader,
        responsible_agency=agency or w.construction,
        reason=reason,
        new_appointment_at=new or local(2026, 3, 12, 8, 0),
        at=at,
    )


def test_reschedule_once(w):
    dossier = dossier_in(w, S.IN_PROGRESS)
    dossier = reschedule(w, dossier)
    assert (dossier.appointment_at, dossier.original_appointment_at, dossier.reschedule_count) == (
        local(2026, 3, 12, 8, 0),
        APPOINTMENT,
        1,
    )
    apology = ApologyNotice.objects.get(dossier=dossier)
    assert (apology.previous_appointment_at, apology.signed_by, apology.issued_at) == (
        APPOINTMENT,
        w.leader,
        AFTER,
    )
    error = refused_without_writing(
        ApplicationError,
        lambda: reschedule(w, dossier, new=local(2026, 3, 20, 8, 0)),
        dossier,
    )
    assert (error.code, error.http_status) == ("reschedule_once", 400)


@pytest.mark.parametrize(
    ("at", "allowed"),
    [
        (local(2026, 3, 9, 7, 59), True),  # a minute before the appointment
        (APPOINTMENT, False),
        (local(2026, 3, 9, 8, 1), False),
        (local(2026, 3, 10, 9, 0), False),
    ],
    ids=["minute-before", "at-appointment", "minute-after", "day-after"],
)
def test_reschedule_only_before_the_appointment_passes(w, at, allowed):
    dossier = dossier_in(w, S.IN_PROGRESS)
    new = local(2026, 3, 16, 8, 0)
    if allowed:
        assert reschedule(w, dossier, at=at, new=new).appointment_at == new
        return
    error = refused_without_writing(
        ApplicationError, lambda: reschedule(w, dossier, at=at, new=new), dossier
    )
    assert error.code == "appointment_passed"


@override_settings(APOLOGY_MIN_LEAD_WORKING_HOURS=8)
@pytest.mark.parametrize(
    ("at", "allowed"),
    [
        # Friday 6 March 08:00 → Monday 08:00: 7.5 + 0.5 = 8 working hours left.
        (local(2026, 3, 6, 8, 0), True),
        # Friday 09:00: 6.5 + 0.5 = 7 working hours left.
        (local(2026, 3, 6, 9, 0), False),
    ],
    ids=["8h-ahead", "7h-ahead"],
)
def test_province_may_require_a_lead_time(w, at, allowed):
    dossier = dossier_in(w, S.IN_PROGRESS)
    if allowed:
        assert reschedule(w, dossier, at=at).reschedule_count == 1
        return
    error = refused_without_writing(
        ApplicationError, lambda: reschedule(w, dossier, at=at), dossier
    )
    assert error.code == "apology_too_late"


@pytest.mark.parametrize(
    "new",
    [
        APPOINTMENT,
        local(2026, 3, 8, 8, 0),
        dt.datetime(2026, 3, 12, 8, 0),  # naive: no time zone
        APPOINTMENT + dt.timedelta(days=367),
    ],
    ids=["same", "earlier", "naive", "too-far"],
)
def test_new_date_must_be_later(w, new):
    dossier = dossier_in(w, S.IN_PROGRESS)
    error = refused_without_writing(
        InvalidInputError, lambda: reschedule(w, dossier, new=new), dossier
    )
    assert (error.code, error.http_status) == ("invalid_new_appointment", 422)


def test_reschedule_needs_a_reason(w):
    dossier = dossier_in(w, S.IN_PROGRESS)
    error = refused_without_writing(
        InvalidInputError, lambda: reschedule(w, dossier, reason=""), dossier
    )
    assert (error.code, error.detail) == ("required", {"field": "lý do chậm"})


@pytest.mark.parametrize(
    ("who", "agency", "error_class", "code"),
    [
        ("unit_head", "construction", PermissionDeniedError, "permission_denied"),
        ("specialist", "construction", PermissionDeniedError, "permission_denied"),
        ("justice_leader", "construction", PermissionDeniedError, "permission_denied"),
        ("justice_leader", "justice", InvalidInputError, "agency_not_involved"),
        ("leader", "justice", InvalidInputError, "agency_not_involved"),
    ],
)
def test_reschedule_by_a_leader_of_the_deciding_agency(w, who, agency, error_class, code):
    dossier = dossier_in(w, S.IN_PROGRESS)
    error = refused_without_writing(
        error_class,
        lambda: reschedule(w, dossier, actor=getattr(w, who), agency=getattr(w, agency)),
        dossier,
    )
    assert error.code == code


# --- completeness at the counter (Decree 118/2025 Art. 17(1)) -------------------------


def receive(w, components, *, at=START):
    return services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.permit_version,
        one_stop_unit=w.centre,
        applicant=w.cuong,
        components=components,
        at=at,
    )


def test_incomplete_dossier_is_not_received_and_takes_no_number(w):
    error = refused_without_writing(ApplicationError, lambda: receive(w, []))
    assert (error.code, error.http_status) == ("dossier_incomplete", 400)
    assert error.detail == {"missing": [{"id": w.permit_form.pk, "name": "Tờ khai theo mẫu"}]}
    assert error.message == (
        "Hồ sơ chưa đủ thành phần bắt buộc; chưa thể tiếp nhận "
        "(mandatory components missing): Tờ khai theo mẫu"
    )
    # The next complete receipt of the day is still the first number.
    dossier = receive(w, [paper(w.permit_form)], at=local(2026, 3, 2, 8, 30))
    assert dossier.code == "000.00.12.H62-260302-0001"


def test_paper_of_another_procedure_is_not_counted(w):
    error = refused_without_writing(InvalidInputError, lambda: receive(w, [paper(w.birth_form)]))
    assert error.code == "component_unknown"


def test_online_dossier_needs_a_file_for_each_mandatory_paper(w):
    before = snapshot()
    with pytest.raises(ApplicationError) as refused:
        services.dossier_submit_online(
            actor=w.an.user,
            version=w.permit_version,
            components=[paper(w.permit_form)],  # declared, but no file
            at=START,
        )
    assert refused.value.code == "dossier_incomplete"
    assert snapshot() == before


def test_history_has_one_row_per_action(w):
    dossier = dossier_in(w, S.RETURNED)
    assert list(
        DossierEvent.objects.filter(dossier=dossier).values_list(
            "action", "from_status", "to_status"
        )
    ) == [
        ("receive_counter", "", "received"),
        ("start_processing", "received", "in_progress"),
        ("hand_off", "in_progress", "in_progress"),
        ("decide", "in_progress", "decided"),
        ("mark_result_ready", "decided", "decided"),
        ("return_result", "decided", "returned"),
    ]


def test_supplement_items_helper_lists_the_permit_form(w):
    assert [(item.name, item.component) for item in supplement_items(w)] == [
        ("Tờ khai theo mẫu", w.permit_form)
    ]
