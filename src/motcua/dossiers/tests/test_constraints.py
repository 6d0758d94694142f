"""The invariants the database holds for dossiers (DESIGN.md, State: "Invariants the
database can hold are CheckConstraints"): rows written directly with the ORM, past
every service, are refused with IntegrityError. One valid row per status first, so
each refusal is caused by the one field the test breaks. The constraints of the
workflow's rows (tasks, hand-offs, notices) are in
``motcua/workflow/tests/test_constraints.py``."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings

from motcua.accounts.services import citizen_register, organisation_register
from motcua.accounts.tests.factories import verified
from motcua.catalog.tests.published import published_catalog
from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import Dossier, DossierCodeSequence, DossierComponent

S = DossierStatus
VN = ZoneInfo("Asia/Ho_Chi_Minh")
T = dt.datetime(2026, 3, 2, 9, 0, tzinfo=VN)
DUE = dt.datetime(2026, 3, 9, 9, 0, tzinfo=VN)
RECEIVED_STATUSES = [S.RECEIVED, S.IN_PROGRESS, S.AWAITING_PAYMENT, S.DECIDED, S.RETURNED]
_numbers = itertools.count(1)


PASSWORD = "Mật-khẩu-dài-2026"


@pytest.fixture(scope="module")
def catalog(django_db_setup, django_db_blocker) -> Iterator[SimpleNamespace]:
    """One catalog and two applicants for the module, rolled back at its end; each
    test runs in a savepoint inside it."""
    # Hashing passwords with the production hasher would dominate the run.
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        built = published_catalog()
        built.citizen = verified(
            citizen_register(
                citizen_id="086099012345", full_name="Nguyễn Văn An", password=PASSWORD
            )
        )
        built.other = verified(
            citizen_register(
                citizen_id="086199054321", full_name="Trần Thị Bình", password=PASSWORD
            )
        )
        built.organisation = organisation_register(
            tax_code="0100107518", name="Công ty TNHH Sông Tiền"
        )
        built.form = built.permit_version.components.get()
        yield built
        transaction.set_rollback(True)


@pytest.fixture
def c(catalog, db) -> SimpleNamespace:
    return catalog


def valid(c: SimpleNamespace, status: str = S.SUBMITTED, **fields: Any) -> dict[str, Any]:
    """The fields of a well-formed dossier in ``status``; ``fields`` override them."""
    row: dict[str, Any] = {
        "code": f"000.00.12.H62-260302-{next(_numbers):04d}",
        "version": c.permit_version,
        "procedure_id": c.permit_version.procedure_id,
        "channel": "counter",
        "receiving_unit": c.centre,
        "deciding_agency": c.construction,
        "applicant_kind": "citizen",
        "citizen": c.citizen,
        "owner_id": c.citizen.user_id,
        "applicant_name": "Nguyễn Văn An",
        "applicant_id_number": "086099012345",
        "result_delivery": "counter",
        "status": status,
        "status_changed_at": T,
        "submitted_at": T,
    }
    if status in RECEIVED_STATUSES:
        row |= {
            "received_at": T,
            "clock_start": T,
            "appointment_at": DUE,
            "original_appointment_at": DUE,
        }
    if status in (S.DECIDED, S.RETURNED):
        row |= {"decision": "approved", "decided_at": T}
    if status == S.RETURNED:
        row |= {"returned_at": T, "ended_at": T}
    if status in (S.STOPPED, S.REFUSED):
        row |= {"ended_at": T}
    if status == S.AWAITING_SUPPLEMENT:
        row |= {"supplement_stage": "appraisal", "paused_at": T}
    return row | fields


def refused(**row: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Dossier.objects.create(**row)


@pytest.mark.parametrize("status", S.values)
def test_a_well_formed_row_in_every_status_is_accepted(c, status):
    dossier = Dossier.objects.create(**valid(c, status))
    assert Dossier.objects.get(pk=dossier.pk).status == status


def test_unknown_status_or_channel(c):
    refused(**valid(c, status="archived"))
    refused(**valid(c, channel="fax"))


def test_one_applicant_either_citizen_or_organisation(c):
    refused(**valid(c, organisation=c.organisation))  # a citizen's dossier with a company
    refused(**valid(c, applicant_kind="organisation"))  # a company's dossier with a citizen
    accepted = Dossier.objects.create(
        **valid(c, applicant_kind="organisation", citizen=None, organisation=c.organisation)
    )
    assert accepted.organisation == c.organisation


@pytest.mark.parametrize("status", RECEIVED_STATUSES)
@pytest.mark.parametrize(
    "missing", ["received_at", "clock_start", "appointment_at", "original_appointment_at"]
)
def test_received_dossier_has_its_appointment(c, status, missing):
    refused(**valid(c, status, **{missing: None}))


@pytest.mark.parametrize("status", [S.SUBMITTED, S.AWAITING_SUPPLEMENT, S.WITHDRAWAL_REQUESTED])
def test_not_yet_received_needs_no_appointment(c, status):
    intake = {"supplement_stage": "intake", "paused_at": None}
    fields = valid(c, status, **(intake if status == S.AWAITING_SUPPLEMENT else {}))
    assert Dossier.objects.create(**fields).appointment_at is None


@pytest.mark.parametrize("status", [S.DECIDED, S.RETURNED])
def test_decided_dossier_has_decision_and_time(c, status):
    refused(**valid(c, status, decision=""))
    refused(**valid(c, status, decided_at=None))


def test_returned_dossier_has_returned_at_and_ended_at(c):
    refused(**valid(c, S.RETURNED, returned_at=None))
    refused(**valid(c, S.RETURNED, ended_at=None))


def test_returned_at_cannot_be_erased_later(c):
    dossier = Dossier.objects.create(**valid(c, S.RETURNED))
    with pytest.raises(IntegrityError), transaction.atomic():
        Dossier.objects.filter(pk=dossier.pk).update(returned_at=None)
    dossier.refresh_from_db()
    assert dossier.returned_at == T


@pytest.mark.parametrize("status", [S.STOPPED, S.REFUSED])
def test_stopped_or_refused_dossier_has_ended_at(c, status):
    refused(**valid(c, status, ended_at=None))


@pytest.mark.parametrize(
    "status", [s for s in S.values if s not in (S.AWAITING_SUPPLEMENT, S.AWAITING_PAYMENT)]
)
def test_clock_paused_only_while_waiting_for_the_applicant(c, status):
    refused(**valid(c, status, paused_at=T))


@pytest.mark.parametrize("status", [S.AWAITING_SUPPLEMENT, S.AWAITING_PAYMENT])
def test_clock_may_pause_in_status_5_and_6(c, status):
    dossier = Dossier.objects.create(**valid(c, status, paused_at=T))
    assert dossier.paused_at == T


def test_awaiting_supplement_names_its_stage(c):
    refused(**valid(c, S.AWAITING_SUPPLEMENT, supplement_stage=""))


def test_reschedule_at_most_once(c):
    assert Dossier.objects.create(**valid(c, S.IN_PROGRESS, reschedule_count=1))
    refused(**valid(c, S.IN_PROGRESS, reschedule_count=2))
    dossier = Dossier.objects.create(**valid(c, S.IN_PROGRESS))
    with pytest.raises(IntegrityError), transaction.atomic():
        Dossier.objects.filter(pk=dossier.pk).update(reschedule_count=2)


def test_supplement_at_most_once_per_stage(c):
    assert Dossier.objects.create(**valid(c, S.IN_PROGRESS, supplement_count=2))
    refused(**valid(c, S.IN_PROGRESS, supplement_count=3))


def test_counts_and_money_are_never_negative(c):
    refused(**valid(c, S.IN_PROGRESS, supplement_count=-1))
    refused(**valid(c, S.IN_PROGRESS, reschedule_count=-1))
    refused(**valid(c, S.IN_PROGRESS, fee_requested=-1))


def test_appointment_not_before_the_clock_starts(c):
    refused(**valid(c, S.RECEIVED, appointment_at=T - dt.timedelta(minutes=1)))
    assert Dossier.objects.create(**valid(c, S.RECEIVED, appointment_at=T))


def test_paid_no_more_than_requested(c):
    assert Dossier.objects.create(**valid(c, S.IN_PROGRESS, fee_requested=8000, fee_paid=8000))
    refused(**valid(c, S.IN_PROGRESS, fee_requested=8000, fee_paid=8001))


def test_code_is_unique(c):
    Dossier.objects.create(**valid(c, code="000.00.12.H62-260302-9000"))
    refused(**valid(c, code="000.00.12.H62-260302-9000"))


def test_idempotency_key_unique_per_owner(c):
    Dossier.objects.create(**valid(c, idempotency_key="k-1"))
    refused(**valid(c, idempotency_key="k-1"))
    # Another owner may use the same key; dossiers without a key are not compared.
    assert Dossier.objects.create(**valid(c, idempotency_key="k-1", owner_id=c.other.user_id))
    assert Dossier.objects.create(**valid(c))
    assert Dossier.objects.create(**valid(c))


def test_one_sequence_row_per_agency_and_day(c):
    DossierCodeSequence.objects.create(agency=c.construction, day=T.date(), last=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        DossierCodeSequence.objects.create(agency=c.construction, day=T.date(), last=4)
    assert DossierCodeSequence.objects.create(agency=c.justice, day=T.date())
    assert DossierCodeSequence.objects.create(agency=c.construction, day=dt.date(2026, 3, 3))


def test_a_paper_counts_at_least_one(c):
    dossier = Dossier.objects.create(**valid(c))
    paper = {"dossier": dossier, "required": c.form, "name": c.form.name, "form": c.form.form}
    with pytest.raises(IntegrityError), transaction.atomic():
        DossierComponent.objects.create(**paper, count=0, added_at=T)
    assert DossierComponent.objects.create(**paper, count=1, added_at=T).count == 1
