"""Dossier codes as the receipt services give them (project issue 3, point 2):
``<agency e-ID>-<YYMMDD>-<NNNN>`` with the Vietnamese date of the receipt (or the
online submission), one daily sequence per deciding agency shared by every channel,
and a number given back when the receipt fails. The allocator alone is tested in
``motcua/dossiers/tests/test_code_sequence.py``; receipts at the same moment in
``test_concurrency.py``."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.core.exceptions import ApplicationError, InvalidInputError
from motcua.dossiers.models import Dossier, DossierCodeSequence
from motcua.dossiers.services import ComponentInput, UploadedFile
from motcua.workflow import services
from motcua.workflow.tests.states import snapshot, world_for_module
from motcua.workflow.tests.world import local, paper

UTC = dt.UTC


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    with world_for_module(django_db_blocker) as built:
        yield built


@pytest.fixture
def w(module_world, db):
    return module_world


def at_counter(w, at, *, version=None, components=None):
    version = version or w.permit_version
    return services.dossier_receive_at_counter(
        actor=w.counter,
        version=version,
        one_stop_unit=w.centre,
        applicant=w.cuong,
        components=components if components is not None else [paper(version.components.get())],
        at=at,
    )


def online(w, at, **extra):
    dossier, _created = services.dossier_submit_online(
        actor=w.an.user,
        version=w.permit_version,
        components=[paper(w.permit_form, with_file=True)],
        at=at,
        **extra,
    )
    return dossier


def test_counter_and_online_share_the_agency_sequence(w):
    assert at_counter(w, local(2026, 3, 2, 9, 0)).code == "000.00.12.H62-260302-0001"
    assert online(w, local(2026, 3, 2, 9, 5)).code == "000.00.12.H62-260302-0002"
    assert at_counter(w, local(2026, 3, 2, 9, 10)).code == "000.00.12.H62-260302-0003"


@pytest.mark.parametrize(
    ("moment", "code"),
    [
        # 23:30 UTC on 1 March is 06:30 on 2 March in Việt Nam (UTC+7).
        (dt.datetime(2026, 3, 1, 23, 30, tzinfo=UTC), "000.00.12.H62-260302-0001"),
        # 16:59 UTC is 23:59 the same day; 17:00 UTC is already the next day.
        (dt.datetime(2026, 3, 1, 16, 59, tzinfo=UTC), "000.00.12.H62-260301-0001"),
        (dt.datetime(2026, 3, 1, 17, 0, tzinfo=UTC), "000.00.12.H62-260302-0001"),
        # New Year's Eve, 17:30 UTC: 00:30 on 1 January 2027 in Việt Nam.
        (dt.datetime(2026, 12, 31, 17, 30, tzinfo=UTC), "000.00.12.H62-270101-0001"),
    ],
    ids=["2330utc", "1659utc", "1700utc", "new-year"],
)
def test_online_code_carries_the_vietnamese_date(w, moment, code):
    assert online(w, moment).code == code


def test_counter_code_carries_the_vietnamese_date(w):
    # A counter receipt replayed at 23:30 UTC on Sunday 1 March: Monday in Việt Nam.
    dossier = at_counter(w, dt.datetime(2026, 3, 1, 23, 30, tzinfo=UTC))
    assert dossier.code == "000.00.12.H62-260302-0001"


def test_the_code_is_kept_when_an_online_dossier_is_received(w):
    dossier = online(w, dt.datetime(2026, 3, 1, 23, 30, tzinfo=UTC))
    dossier = services.dossier_receive(dossier=dossier, actor=w.counter, at=local(2026, 3, 3, 9))
    assert dossier.code == "000.00.12.H62-260302-0001"


def test_daily_reset_and_per_agency(w):
    assert at_counter(w, local(2026, 3, 2, 9, 0)).code == "000.00.12.H62-260302-0001"
    assert at_counter(w, local(2026, 3, 2, 16, 0)).code == "000.00.12.H62-260302-0002"
    assert at_counter(w, local(2026, 3, 3, 8, 0)).code == "000.00.12.H62-260303-0001"
    # Sở Tư pháp (copy from the register) and Sở Văn hóa (karaoke, received at the same
    # centre) count their own.
    copy = at_counter(w, local(2026, 3, 2, 10, 0), version=w.copy_version)
    assert copy.code == "000.00.11.H62-260302-0001"
    karaoke = at_counter(w, local(2026, 3, 2, 10, 5), version=w.karaoke_version)
    assert karaoke.code == "000.00.13.H62-260302-0001"
    assert at_counter(w, local(2026, 3, 2, 10, 10)).code == "000.00.12.H62-260302-0003"


def test_five_digits_after_9999(w):
    DossierCodeSequence.objects.create(agency=w.construction, day=dt.date(2026, 3, 2), last=9998)
    assert at_counter(w, local(2026, 3, 2, 9, 0)).code == "000.00.12.H62-260302-9999"
    assert online(w, local(2026, 3, 2, 9, 1)).code == "000.00.12.H62-260302-10000"
    assert at_counter(w, local(2026, 3, 2, 9, 2)).code == "000.00.12.H62-260302-10001"


def test_a_receipt_failing_after_its_number_gives_it_back(w):
    # The file is checked inside the receipt transaction, after the code is taken.
    bad = ComponentInput(
        required=w.permit_form,
        name=w.permit_form.name,
        form=w.permit_form.form,
        files=(UploadedFile(name="scan.pdf", content=b"MZ\x90\x00 not a scan"),),
    )
    before = snapshot()
    with pytest.raises(InvalidInputError) as refused:
        at_counter(w, local(2026, 3, 2, 9, 0), components=[bad])
    assert refused.value.code == "file_type_not_allowed"
    assert snapshot() == before
    assert at_counter(w, local(2026, 3, 2, 9, 5)).code == "000.00.12.H62-260302-0001"


def test_an_incomplete_receipt_takes_no_number(w):
    before = snapshot()
    with pytest.raises(ApplicationError) as refused:
        at_counter(w, local(2026, 3, 2, 9, 0), components=[])
    assert refused.value.code == "dossier_incomplete"
    assert snapshot() == before
    assert online(w, local(2026, 3, 2, 9, 5)).code == "000.00.12.H62-260302-0001"


def test_a_retried_submission_takes_no_second_number(w):
    first = online(w, local(2026, 3, 2, 9, 0), idempotency_key="k-1", fingerprint="f")
    again = online(w, local(2026, 3, 2, 9, 1), idempotency_key="k-1", fingerprint="f")
    assert (again.pk, again.code) == (first.pk, "000.00.12.H62-260302-0001")
    assert online(w, local(2026, 3, 2, 9, 2)).code == "000.00.12.H62-260302-0002"
    assert Dossier.objects.count() == 2
