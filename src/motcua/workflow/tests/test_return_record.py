"""How a result reached the applicant (``ResultReturn``, DOMAIN.md §2.7): written by
``dossier_return_result`` with a ``ReturnRecord`` in the same transaction; a record
missing what its way requires is refused and nothing is written."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from motcua.core.exceptions import InvalidInputError
from motcua.dossiers.constants import DossierStatus, ResultDelivery
from motcua.dossiers.services import UploadedFile
from motcua.workflow.models import ResultReturn
from motcua.workflow.services import ReturnRecord, dossier_return_result
from motcua.workflow.tests.states import AFTER, dossier_in, snapshot
from motcua.workflow.tests.world import PDF, fresh


@pytest.fixture
def ready(w):
    return dossier_in(w, DossierStatus.DECIDED, result_ready=True)


def test_at_the_counter_the_receiver_signs_the_ledger(w, ready):
    record = ReturnRecord(
        way=ResultDelivery.COUNTER, receiver_name="  Nguyễn Văn An ", signed_ledger=True
    )
    dossier_return_result(dossier=ready, actor=w.counter, record=record, at=AFTER)
    row = ResultReturn.objects.get()
    assert (row.dossier_id, row.way, row.receiver_name, row.signed_ledger) == (
        ready.pk,
        "counter",
        "Nguyễn Văn An",
        True,
    )
    assert (row.tracking_number, row.file.name, row.returned_by, row.returned_at) == (
        "",
        "",
        w.counter,
        AFTER,
    )
    dossier = fresh(ready)
    assert (dossier.status, dossier.returned_at) == (DossierStatus.RETURNED, AFTER)
    assert dossier.events.last().detail == {"way": "counter"}


def test_by_post_the_tracking_number_is_kept(w, ready):
    record = ReturnRecord(way=ResultDelivery.POST, tracking_number="eb123456789vn")
    dossier_return_result(dossier=ready, actor=w.counter, record=record, at=AFTER)
    row = ResultReturn.objects.get()
    assert (row.way, row.tracking_number, row.signed_ledger) == ("post", "EB123456789VN", False)


def test_online_the_result_file_is_stored(w, ready):
    record = ReturnRecord(
        way=ResultDelivery.ONLINE, result_file=UploadedFile(name="giấy phép.pdf", content=PDF)
    )
    dossier_return_result(dossier=ready, actor=w.counter, record=record, at=AFTER)
    row = ResultReturn.objects.get()
    assert row.way == "online"
    assert row.file_name == "giấy phép.pdf"
    assert row.file.name.startswith("results/")
    assert row.file.read() == PDF


def test_without_a_record_the_api_call_still_returns(w, ready):
    dossier_return_result(dossier=ready, actor=w.counter, at=AFTER)
    assert fresh(ready).status == DossierStatus.RETURNED
    assert not ResultReturn.objects.exists()


@pytest.mark.parametrize(
    ("record", "code"),
    [
        (ReturnRecord(way=ResultDelivery.POST), "required"),
        (
            ReturnRecord(way=ResultDelivery.POST, tracking_number="EB 12<script>"),
            "invalid_tracking_number",
        ),
        (
            ReturnRecord(way=ResultDelivery.COUNTER, receiver_name="Nguyễn Văn An"),
            "ledger_not_signed",
        ),
        (ReturnRecord(way=ResultDelivery.COUNTER, signed_ledger=True), "required"),
        (ReturnRecord(way=ResultDelivery.ONLINE), "result_file_required"),
        (
            ReturnRecord(
                way=ResultDelivery.ONLINE, result_file=UploadedFile(name="a.exe", content=b"MZ")
            ),
            "file_type_not_allowed",
        ),
        (ReturnRecord(way="pigeon"), "invalid_return_way"),
    ],
)
def test_a_record_missing_what_its_way_requires_writes_nothing(w, ready, record, code):
    before = snapshot(ready)
    with pytest.raises(InvalidInputError) as refused:
        dossier_return_result(dossier=ready, actor=w.counter, record=record, at=AFTER)
    assert refused.value.code == code
    assert snapshot(ready) == before
    assert not ResultReturn.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"way": "post"},
        {"way": "counter", "receiver_name": "An", "signed_ledger": False},
        {"way": "counter", "signed_ledger": True},
        {"way": "online"},
        {"way": "fax", "tracking_number": "X"},
    ],
)
def test_the_database_holds_the_rules_too(w, ready, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        ResultReturn.objects.create(dossier=ready, returned_at=AFTER, **fields)
