"""The invariants the database holds for the work on a dossier (workflow/models.py)
and for dossiers the services have really moved through their lives: rows changed or
written directly with the ORM, past every service, are refused with IntegrityError
(the ORM-only checks of every dossier constraint are in
``motcua/dossiers/tests/test_constraints.py``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import IntegrityError, transaction

from motcua.dossiers.constants import DossierStatus, SupplementStage
from motcua.dossiers.models import Dossier
from motcua.workflow import services
from motcua.workflow.models import (
    ApologyNotice,
    DossierParticipant,
    Handoff,
    Refusal,
    StopNotice,
    SupplementRequest,
    Task,
)
from motcua.workflow.tests.states import AFTER, LIFECYCLE, START, dossier_in, world_for_module
from motcua.workflow.tests.world import paper

S = DossierStatus


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    with world_for_module(django_db_blocker) as built:
        yield built


@pytest.fixture
def w(module_world, db):
    return module_world


def refused(write: Callable[[], object]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


# --- dossiers the services made, broken afterwards ------------------------------------


@pytest.mark.parametrize(
    ("state", "change"),
    [
        ("returned", {"returned_at": None}),
        ("returned", {"ended_at": None}),
        ("returned", {"decided_at": None}),
        ("stopped", {"ended_at": None}),
        ("refused", {"ended_at": None}),
        ("received", {"appointment_at": None}),
        ("in_progress", {"received_at": None}),
        ("awaiting_payment", {"clock_start": None}),
        ("decided-result_ready", {"decision": ""}),
        ("in_progress", {"reschedule_count": 2}),
        ("in_progress", {"supplement_count": 3}),
        ("in_progress", {"paused_at": START}),
        ("received", {"paused_at": START}),
        ("decided-result_pending", {"paused_at": START}),
        ("withdrawal_requested", {"paused_at": START}),
        ("awaiting_supplement-appraisal", {"supplement_stage": ""}),
        ("in_progress", {"status": "received", "appointment_at": None}),
        ("submitted", {"status": "received"}),  # received status without appointment
        ("submitted", {"status": "returned"}),
        ("awaiting_payment", {"fee_paid": 500_001}),
        ("received", {"appointment_at": START - dt.timedelta(days=1)}),
    ],
    ids=lambda value: value if isinstance(value, str) else "-".join(value),
)
def test_a_real_dossier_cannot_be_bent_out_of_shape(w, state, change):
    status, options = LIFECYCLE[state]
    dossier = dossier_in(w, status, **options)
    refused(lambda: Dossier.objects.filter(pk=dossier.pk).update(**change))
    assert Dossier.objects.filter(pk=dossier.pk).values_list("status", flat=True).get() == status


@pytest.mark.parametrize("state", ["awaiting_supplement-appraisal", "awaiting_payment"])
def test_the_clock_pauses_in_status_5_and_6(w, state):
    status, options = LIFECYCLE[state]
    dossier = dossier_in(w, status, **options)
    assert dossier.paused_at is not None


# --- tasks ----------------------------------------------------------------------------


def test_only_one_active_task(w):
    dossier = dossier_in(w, S.IN_PROGRESS)
    pending = Task.objects.get(dossier=dossier, order=3)
    assert pending.status == "pending"
    refused(
        lambda: Task.objects.filter(pk=pending.pk).update(
            status="active", started_at=AFTER, due_at=AFTER
        )
    )


def test_a_step_appears_once(w):
    dossier = dossier_in(w, S.IN_PROGRESS)
    step = Task.objects.get(dossier=dossier, order=3)
    refused(
        lambda: Task.objects.create(
            dossier=dossier, order=3, name=step.name, agency=step.agency, budget=step.budget
        )
    )


def test_a_started_task_has_a_due_time(w):
    dossier = dossier_in(w, S.IN_PROGRESS)
    active = Task.objects.get(dossier=dossier, status="active")
    refused(lambda: Task.objects.filter(pk=active.pk).update(due_at=None))
    refused(lambda: Task.objects.filter(pk=active.pk).update(started_at=None))


def test_a_finished_task_has_its_outcome(w):
    dossier = dossier_in(w, S.IN_PROGRESS)
    done = Task.objects.get(dossier=dossier, order=1)
    assert (done.status, done.outcome) == ("done", "on_time")
    refused(lambda: Task.objects.filter(pk=done.pk).update(outcome=""))
    refused(lambda: Task.objects.filter(pk=done.pk).update(finished_at=None))


# --- hand-offs and liên thông agencies ------------------------------------------------


def test_a_hand_off_is_received_after_it_is_sent(w):
    dossier = dossier_in(w, S.IN_PROGRESS)
    handoff = Handoff.objects.get(dossier=dossier)
    refused(
        lambda: Handoff.objects.filter(pk=handoff.pk).update(
            received_at=handoff.sent_at - dt.timedelta(minutes=1)
        )
    )


def _karaoke(w) -> Dossier:
    dossier = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.karaoke_version,
        one_stop_unit=w.centre,
        applicant=w.an,
        components=[paper(w.karaoke_form)],
        at=START,
    )
    return services.dossier_start_processing(dossier=dossier, actor=w.counter, at=START)


def test_each_liên_thông_agency_once_per_dossier(w):
    dossier = _karaoke(w)
    police = DossierParticipant.objects.get(dossier=dossier, agency=w.police)
    refused(
        lambda: DossierParticipant.objects.create(
            dossier=dossier, participant=police.participant, agency=w.police
        )
    )


def test_a_liên_thông_agency_started_has_its_due_time(w):
    dossier = _karaoke(w)
    police = DossierParticipant.objects.get(dossier=dossier, agency=w.police)
    assert police.started_at == START and police.due_at is not None
    refused(lambda: DossierParticipant.objects.filter(pk=police.pk).update(due_at=None))


# --- notices --------------------------------------------------------------------------


def test_one_supplement_request_per_stage(w):
    dossier = dossier_in(w, S.AWAITING_SUPPLEMENT)
    first = SupplementRequest.objects.get(dossier=dossier)

    def second(stage: str) -> SupplementRequest:
        return SupplementRequest.objects.create(
            dossier=dossier, stage=stage, reason="Lần hai", requested_at=AFTER
        )

    refused(lambda: second(SupplementStage.APPRAISAL))
    assert second(SupplementStage.INTAKE).stage == "intake"  # the other stage may have one
    refused(
        lambda: SupplementRequest.objects.filter(pk=first.pk).update(
            fulfilled_at=first.requested_at - dt.timedelta(minutes=1)
        )
    )


def test_one_refusal_notice(w):
    dossier = dossier_in(w, S.REFUSED)
    refused(
        lambda: Refusal.objects.create(
            dossier=dossier, reason="Lần hai", legal_basis="—", refused_at=AFTER
        )
    )


def test_one_stop_notice(w):
    dossier = dossier_in(w, S.STOPPED)
    refused(
        lambda: StopNotice.objects.create(
            dossier=dossier,
            at_applicant_request=False,
            reason="Lần hai",
            stage="received",
            issued_at=AFTER,
        )
    )


def test_apology_once_before_the_appointment_with_a_later_date(w):
    dossier = dossier_in(w, S.IN_PROGRESS)
    appointment = dossier.appointment_at

    def apology(**fields: object) -> ApologyNotice:
        row = {
            "dossier": dossier,
            "responsible_agency": w.construction,
            "reason": "Chờ ý kiến",
            "previous_appointment_at": appointment,
            "new_appointment_at": appointment + dt.timedelta(days=2),
            "issued_at": AFTER,
        }
        return ApologyNotice.objects.create(**(row | fields))

    refused(lambda: apology(new_appointment_at=appointment))
    refused(lambda: apology(new_appointment_at=appointment - dt.timedelta(days=1)))
    refused(lambda: apology(issued_at=appointment + dt.timedelta(minutes=1)))
    assert apology(issued_at=appointment).pk  # on the appointment itself, still in time
    refused(apology)  # a second Mẫu 04 for the same dossier
