"""The dossier code ``<agency e-ID>-<YYMMDD>-<NNNN>`` (DOMAIN.md §3; Circular
01/2018 and 03/2025): a daily running number per deciding agency, without gaps or
duplicates, also when receipts arrive at the same moment. These tests call the
allocator itself; the receipts through the workflow services (local date, numbers
given back by a refused receipt, 8 × 25 receipts at once) are in
``motcua/workflow/tests/test_receipt_codes.py``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from motcua.catalog.tests.published import published_catalog
from motcua.dossiers.models import DossierCodeSequence
from motcua.dossiers.services import dossier_code_allocate
from motcua.dossiers.tests.concurrency import SameMoment

MONDAY = dt.date(2026, 3, 2)


@pytest.fixture
def c(db):
    return published_catalog()


def allocate(agency, on=MONDAY):
    with transaction.atomic():
        return dossier_code_allocate(agency=agency, on=on)


def test_format_and_running_number(c):
    assert allocate(c.construction) == "000.00.12.H62-260302-0001"
    assert allocate(c.construction) == "000.00.12.H62-260302-0002"
    assert allocate(c.construction) == "000.00.12.H62-260302-0003"


def test_the_number_restarts_each_day(c):
    assert allocate(c.construction) == "000.00.12.H62-260302-0001"
    assert allocate(c.construction) == "000.00.12.H62-260302-0002"
    assert allocate(c.construction, dt.date(2026, 3, 3)) == "000.00.12.H62-260303-0001"
    # A replayed receipt of the earlier day continues that day's sequence.
    assert allocate(c.construction) == "000.00.12.H62-260302-0003"
    assert allocate(c.construction, dt.date(2027, 3, 2)) == "000.00.12.H62-270302-0001"


def test_each_agency_has_its_own_sequence(c):
    assert allocate(c.construction) == "000.00.12.H62-260302-0001"
    assert allocate(c.justice) == "000.00.11.H62-260302-0001"
    assert allocate(c.construction) == "000.00.12.H62-260302-0002"
    assert allocate(c.province) == "000.00.00.H62-260302-0001"
    assert allocate(c.justice) == "000.00.11.H62-260302-0002"


@pytest.mark.parametrize(
    ("last", "code"),
    [
        (998, "000.00.12.H62-260302-0999"),
        (9998, "000.00.12.H62-260302-9999"),
        (9999, "000.00.12.H62-260302-10000"),
        (99999, "000.00.12.H62-260302-100000"),
    ],
)
def test_at_least_four_digits_then_more(c, last, code):
    DossierCodeSequence.objects.create(agency=c.construction, day=MONDAY, last=last)
    assert allocate(c.construction) == code


def test_a_rolled_back_receipt_gives_its_number_back(c):
    assert allocate(c.construction) == "000.00.12.H62-260302-0001"
    with pytest.raises(RuntimeError, match="receipt failed"), transaction.atomic():
        assert dossier_code_allocate(agency=c.construction, on=MONDAY) == (
            "000.00.12.H62-260302-0002"
        )
        raise RuntimeError("receipt failed")
    assert allocate(c.construction) == "000.00.12.H62-260302-0002"
    assert DossierCodeSequence.objects.get(agency=c.construction, day=MONDAY).last == 2


def test_first_number_of_a_day_rolled_back_leaves_no_row(c):
    with pytest.raises(RuntimeError), transaction.atomic():
        dossier_code_allocate(agency=c.justice, on=MONDAY)
        raise RuntimeError("receipt failed")
    assert not DossierCodeSequence.objects.filter(agency=c.justice).exists()
    assert allocate(c.justice) == "000.00.11.H62-260302-0001"


# --- at the same moment (each thread its own connection; see SameMoment) -------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_a_transaction_the_allocator_refuses():
    c = published_catalog()
    with pytest.raises(RuntimeError, match="inside the receipt transaction"):
        dossier_code_allocate(agency=c.construction, on=MONDAY)
    assert not DossierCodeSequence.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_allocations_have_no_gap_and_no_duplicate(tmp_path):
    c = published_catalog()

    def receipts(agency, count):
        def run():
            return [allocate(agency) for _ in range(count)]

        return run

    # Eight workers: six for Sở Xây dựng (6 × 25 = 150), two for Sở Tư pháp (2 × 25).
    calls = [receipts(c.construction, 25) for _ in range(6)] + [
        receipts(c.justice, 25) for _ in range(2)
    ]
    outcomes = SameMoment(tmp_path).run(*calls)

    assert [outcome.error for outcome in outcomes] == [None] * 8
    construction = [code for outcome in outcomes[:6] for code in outcome.result]
    justice = [code for outcome in outcomes[6:] for code in outcome.result]
    assert sorted(construction) == [f"000.00.12.H62-260302-{n:04d}" for n in range(1, 151)]
    assert sorted(justice) == [f"000.00.11.H62-260302-{n:04d}" for n in range(1, 51)]
    # Each worker saw its own numbers rise.
    for outcome in outcomes:
        assert outcome.result == sorted(outcome.result)
    assert dict(DossierCodeSequence.objects.values_list("agency__code", "last")) == {
        "000.00.12.H62": 150,
        "000.00.11.H62": 50,
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_rollbacks_leave_no_gap(tmp_path):
    """Half the workers' receipts fail after taking a number: the numbers come back and
    the committed codes still run 1..N without a gap."""
    c = published_catalog()

    def worker(fail_every_other):
        def run():
            kept = []
            for index in range(20):
                try:
                    with transaction.atomic():
                        code = dossier_code_allocate(agency=c.construction, on=MONDAY)
                        if fail_every_other and index % 2:
                            raise ValueError("receipt failed")
                        kept.append(code)
                except ValueError:
                    pass
            return kept

        return run

    outcomes = SameMoment(tmp_path).run(*(worker(index % 2 == 0) for index in range(6)))
    assert [outcome.error for outcome in outcomes] == [None] * 6
    kept = sorted(code for outcome in outcomes for code in outcome.result)
    # Three workers keep 20 each, three keep 10 each: 90 numbers, 1..90.
    assert kept == [f"000.00.12.H62-260302-{n:04d}" for n in range(1, 91)]
    assert DossierCodeSequence.objects.get(agency=c.construction).last == 90
