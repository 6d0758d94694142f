"""POST /api/v1/dossiers (online submission) and POST /api/v1/dossiers/counter, by a
client holding a bearer token: what is created, idempotency, and every kind of bad
input refused with the one error shape and nothing written."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from motcua.accounts.models import Citizen
from motcua.accounts.services import citizen_register
from motcua.api.tests.dossier_helpers import (
    DOSSIERS,
    JSON,
    PDF_B64,
    assert_error,
    bearer,
    counter_body,
    module_world,
    online_body,
    post,
    prepared,
    snapshot,
    token_for,
)
from motcua.dossiers.models import Dossier, DossierFile
from motcua.workflow.tests.world import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world_of_module(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    with module_world(django_db_blocker) as built:
        yield built


@pytest.fixture
def w(world_of_module: Any, db: Any, settings: Any, tmp_path: Path) -> Any:
    return prepared(world_of_module, settings, tmp_path)


COUNTER = f"{DOSSIERS}/counter"


@pytest.fixture
def an(w: Any) -> dict[str, str]:
    """An's bearer token headers."""
    return bearer(token_for(w.an.user))


def submit(headers: dict[str, str], body: Any, **extra: Any) -> Any:
    return post(Client(), DOSSIERS, body, **headers, **extra)


def key(value: str) -> dict[str, str]:
    return {"HTTP_IDEMPOTENCY_KEY": value}


# --- what is created ------------------------------------------------------------------


def test_submission_creates_a_submitted_dossier_owned_by_the_caller(w: Any, an: Any) -> None:
    response = submit(an, online_body(w, delivery_address="Phường 1, Vĩnh Long"))
    assert response.status_code == 201, response.content
    body = response.json()
    dossier = Dossier.objects.get()
    assert body["code"] == dossier.code
    # Sở Xây dựng's e-ID, the day's date, the first number of the day.
    assert body["code"].startswith("000.00.12.H62-")
    assert body["code"].endswith("-0001")
    assert body["status"] == {"value": "submitted", "label": "Mới đăng ký", "sync_code": 1}
    assert body["procedure"] == {
        "code": "1.009794",
        "name": "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
    }
    assert body["channel"]["value"] == "online"
    assert body["receiving_unit"]["code"] == "TTPVHCC-VL"
    assert body["applicant"]["name"] == "Nguyễn Văn An"
    assert body["applicant"]["id_number"] == "086099012345"
    assert body["delivery_address"] == "Phường 1, Vĩnh Long"
    assert body["received_at"] is None and body["appointment_at"] is None
    assert body["submitted_at"].endswith("+07:00")
    assert body["actions"] == [{"value": "withdraw", "label": "Rút hồ sơ"}]
    [component] = body["components"]
    assert component["component_id"] == w.permit_form.pk
    assert component["files"] == [
        {
            "name": "to-khai.pdf",
            "size": len(base64.b64decode(PDF_B64)),
            "content_type": "application/pdf",
        }
    ]
    assert "content_base64" not in json.dumps(body)
    assert dossier.owner == w.an.user
    assert [e.action for e in dossier.events.all()] == ["submit_online"]


def test_the_answer_is_what_reading_the_dossier_returns(w: Any, an: Any) -> None:
    # The 201 body is built from the rows just written, not read back: it must say
    # exactly what a read of the new dossier says.
    response = submit(an, online_body(w))
    assert response.status_code == 201, response.content
    read = Client().get(f"{DOSSIERS}/{response.json()['code']}", **an)
    assert read.status_code == 200
    assert response.json() == read.json()


def test_the_same_scan_sent_twice_is_stored_once(w: Any, an: Any, settings: Any) -> None:
    scan = {"name": "to-khai.pdf", "content_base64": PDF_B64}
    copy = {"name": "ban-sao.pdf", "content_base64": PDF_B64}
    body = online_body(w, components=[{"component_id": w.permit_form.pk, "files": [scan, copy]}])
    response = submit(an, body)
    assert response.status_code == 201, response.content
    files = list(DossierFile.objects.order_by("pk"))
    assert [f.name for f in files] == ["to-khai.pdf", "ban-sao.pdf"]
    assert files[0].file.name == files[1].file.name  # one content, one stored blob
    stored = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert len(stored) == 1
    assert stored[0].read_bytes() == base64.b64decode(PDF_B64)


def test_the_acting_user_comes_from_the_token_never_from_the_body(w: Any, an: Any) -> None:
    before = snapshot()
    response = submit(an, {**online_body(w), "actor": "tiepnhan", "owner": "086199054321"})
    assert_error(response, 422, "invalid_input")
    assert snapshot() == before


def test_an_account_not_yet_verified_is_refused(w: Any) -> None:
    """Issue 5 §2: a registered account files only once its phone or e-mail is proven."""
    unproven = citizen_register(
        citizen_id="086099077777", full_name="Võ Thị Chưa Xác Minh", password=PASSWORD
    )
    headers = bearer(token_for(unproven.user))
    before = snapshot()
    response = submit(headers, online_body(w))
    body = assert_error(response, 403, "account_not_verified")
    assert "chưa được xác minh" in body["message"]
    assert snapshot() == before


def test_the_version_in_force_is_used(w: Any, an: Any) -> None:
    submit(an, online_body(w))
    assert Dossier.objects.get().version == w.permit_version


def test_an_agency_not_handling_the_procedure_is_refused(w: Any, an: Any) -> None:
    before = snapshot()
    response = submit(an, online_body(w, agency=w.justice.code))
    assert_error(response, 422, "agency_not_competent")
    assert snapshot() == before


def test_a_procedure_without_online_service_is_refused(w: Any, an: Any) -> None:
    before = snapshot()
    body = {"procedure": "2.000908", "components": [{"component_id": w.copy_form.pk}]}
    assert_error(submit(an, body), 400, "online_not_available")
    assert snapshot() == before


def test_an_incomplete_dossier_is_refused(w: Any, an: Any) -> None:
    before = snapshot()
    # The mandatory paper declared without a file is not submitted.
    body = online_body(w, components=[{"component_id": w.permit_form.pk}])
    response = submit(an, body)
    assert_error(response, 400, "dossier_incomplete")
    assert response.json()["detail"]["missing"] == [
        {"id": w.permit_form.pk, "name": w.permit_form.name}
    ]
    assert snapshot() == before


def test_eform_is_checked_against_the_procedure(w: Any, an: Any) -> None:
    before = snapshot()
    body = {
        "procedure": "1.001193",
        "components": [
            {
                "component_id": w.birth_form.pk,
                "files": [{"name": "a.pdf", "content_base64": PDF_B64}],
            }
        ],
        "eform": {"ho_ten": "Nguyễn Văn Bé", "khong_co": "x"},
    }
    response = submit(an, body)
    assert_error(response, 422, "eform_invalid")
    fields = {error["field"] for error in response.json()["detail"]["errors"]}
    assert {"ngay_sinh", "khong_co", "cam_doan"} <= fields
    assert snapshot() == before


# --- idempotency ----------------------------------------------------------------------


def test_a_retry_with_the_same_key_returns_the_same_dossier(w: Any, an: Any) -> None:
    first = submit(an, online_body(w), **key("3f1c2a9e-retry-1"))
    assert first.status_code == 201, first.content
    before = snapshot()
    again = submit(an, online_body(w), **key("3f1c2a9e-retry-1"))
    assert again.status_code == 200, again.content
    assert again.json()["code"] == first.json()["code"]
    assert Dossier.objects.count() == 1
    assert snapshot() == before


def test_the_same_key_with_another_body_is_a_conflict(w: Any, an: Any) -> None:
    submit(an, online_body(w), **key("k-1"))
    before = snapshot()
    response = submit(an, online_body(w, delivery_address="Khác"), **key("k-1"))
    assert_error(response, 409, "idempotency_key_reused")
    assert snapshot() == before


def test_keys_belong_to_their_owner(w: Any, an: Any) -> None:
    binh = bearer(token_for(w.binh.user))
    a = submit(an, online_body(w), **key("shared"))
    b = submit(binh, online_body(w), **key("shared"))
    assert (a.status_code, b.status_code) == (201, 201)
    assert a.json()["code"] != b.json()["code"]


def test_without_a_key_each_request_is_a_new_dossier(w: Any, an: Any) -> None:
    submit(an, online_body(w))
    submit(an, online_body(w))
    assert Dossier.objects.count() == 2


@pytest.mark.parametrize("value", ["x" * 101, "clé-é", "tab\there"])
def test_a_malformed_key_is_refused(w: Any, an: Any, value: str) -> None:
    before = snapshot()
    response = submit(an, online_body(w), **key(value))
    body = assert_error(response, 422, "invalid_input")
    assert body["detail"]["errors"][0]["field"] == "Idempotency-Key"
    assert snapshot() == before


def test_an_empty_key_is_refused(w: Any, an: Any) -> None:
    before = snapshot()
    assert_error(submit(an, online_body(w), **key("")), 422, "invalid_input")
    assert snapshot() == before


# --- bad input ------------------------------------------------------------------------


def raw(headers: dict[str, str], data: bytes | str, url: str = DOSSIERS) -> Any:
    return Client().post(url, data, content_type=JSON, **headers)


@pytest.mark.parametrize(
    "data",
    ["{", '{"procedure": "1.009794",', "[" * 100_000, b'{"a": "\xc3\x28"}', "nul"],
    ids=["open-brace", "truncated", "nested-deep", "not-utf8", "garbage"],
)
def test_malformed_json_is_400(w: Any, an: Any, data: Any) -> None:
    before = snapshot()
    assert_error(raw(an, data), 400, "invalid_json")
    assert snapshot() == before


@pytest.mark.parametrize(
    "change",
    [
        {"procedure": 1009794},
        {"components": "all"},
        {"components": [{"component_id": "một"}]},
        {"components": [{"component_id": 0}]},
        {"components": [{"component_id": 2**70}]},
        {"components": [{"component_id": 1, "count": 0}]},
        {"components": [{"component_id": 1, "count": 10**9}]},
        {"eform": ["not", "an", "object"]},
        {"result_delivery": "pigeon"},
        {"representative": {"name": "Lê Văn Tư"}},
        {"procedure": "x" * 41},
        {"delivery_address": "x" * 301},
        {"delivery_address": "Phường 1\x1b[31m"},
        {"delivery_address": "nửa\udc00cặp"},
        {"delivery_address": "tách\ndòng"},
        {"procedure": None},
        {"components": [{"component_id": 1, "files": [{"name": "a.pdf"}]}]},
        {
            "components": [
                {
                    "component_id": 1,
                    "files": [{"name": f"{i}.pdf", "content_base64": PDF_B64} for i in range(11)],
                }
            ]
        },
        {"components": [{"component_id": 1}] * 51},
        {"unexpected": True},
    ],
)
def test_wrong_types_missing_and_oversized_fields_are_422(
    w: Any, an: Any, change: dict[str, Any]
) -> None:
    before = snapshot()
    response = submit(an, online_body(w, **change))
    body = assert_error(response, 422, "invalid_input")
    assert body["detail"]["errors"], body
    assert snapshot() == before


@pytest.mark.parametrize("missing", ["procedure", "components"])
def test_missing_required_fields_are_422(w: Any, an: Any, missing: str) -> None:
    body = online_body(w)
    del body[missing]
    response = submit(an, body)
    errors = assert_error(response, 422, "invalid_input")["detail"]["errors"]
    assert any(error["field"].endswith(missing) for error in errors), errors


def test_a_non_object_body_is_422(w: Any, an: Any) -> None:
    for data in ("[1, 2]", '"text"', "42", "null"):
        assert_error(raw(an, data), 422, "invalid_input")


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("not base64!!", "file_invalid"),
        ("QUJ", "file_invalid"),
        (base64.b64encode(b"MZ\x90\x00 an executable").decode(), "file_type_not_allowed"),
        (base64.b64encode(b"<html><script>").decode(), "file_type_not_allowed"),
        ("====", "file_invalid"),
    ],
)
def test_bad_files_are_refused_before_anything_is_stored(
    w: Any, an: Any, content: str, code: str
) -> None:
    before = snapshot()
    files = [
        {"name": "ok.pdf", "content_base64": PDF_B64},
        {"name": "bad.pdf", "content_base64": content},
    ]
    response = submit(
        an, online_body(w, components=[{"component_id": w.permit_form.pk, "files": files}])
    )
    assert_error(response, 422, code)
    assert snapshot() == before
    assert DossierFile.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"procedure": "9.999999"}, "procedure_not_found", "procedure"),
        ({"procedure": "1.000001"}, "procedure_not_found", "procedure"),  # draft only
        ({"agency": "000.00.99.H62"}, "agency_not_found", "agency"),
        (
            {"components": [{"component_id": 987654}]},
            "component_unknown",
            "components.0.component_id",
        ),
    ],
)
def test_unknown_codes_in_the_body_are_422(
    w: Any, an: Any, change: dict[str, Any], code: str, field: str
) -> None:
    before = snapshot()
    body = assert_error(submit(an, online_body(w, **change)), 422, code)
    assert body["detail"]["field"] == field
    assert snapshot() == before


def test_a_component_of_another_procedure_is_422(w: Any, an: Any) -> None:
    before = snapshot()
    body = online_body(w, components=[{"component_id": w.birth_form.pk, "files": []}])
    assert_error(submit(an, body), 422, "component_unknown")
    assert snapshot() == before


def test_a_body_over_the_limit_is_413(w: Any, an: Any) -> None:
    before = snapshot()
    big = base64.b64encode(b"%PDF-" + b"0" * (10 * 1024 * 1024)).decode()  # ~13.3 MB
    data = json.dumps(
        online_body(
            w,
            components=[
                {
                    "component_id": w.permit_form.pk,
                    "files": [{"name": "a.pdf", "content_base64": big}],
                }
            ],
        )
    )
    assert len(data) > 13 * 1024 * 1024
    body = assert_error(raw(an, data), 413, "request_too_large")
    assert body["detail"] == {"max_bytes": 12 * 1024 * 1024}
    assert snapshot() == before


def test_a_bad_token_is_401_not_the_session(w: Any) -> None:
    client = Client()
    client.force_login(w.an.user)
    before = snapshot()
    response = post(client, DOSSIERS, online_body(w), HTTP_AUTHORIZATION="Bearer " + "x" * 43)
    assert_error(response, 401, "token_invalid")
    assert snapshot() == before


# --- counter receipt ------------------------------------------------------------------


def test_counter_receipt_with_a_token(w: Any) -> None:
    headers = bearer(token_for(w.counter))
    response = post(Client(), COUNTER, counter_body(w, sets_count=2, channel="postal"), **headers)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"]["value"] == "received"
    assert body["channel"]["value"] == "postal"
    assert body["sets_count"] == 2
    assert body["applicant"]["name"] == "Lâm Văn Cường"
    assert body["received_at"].endswith("+07:00")
    assert body["appointment_at"].endswith("+07:00")
    assert [t["order"] for t in body["tasks"]] == [1, 2, 3]
    assert body["tasks"][0]["status"]["value"] == "active"
    assert body["tasks"][0]["assignee"] == {"username": "tiepnhan", "full_name": "Lê Thị Thu"}


def test_counter_receipt_records_a_newcomer(w: Any) -> None:
    headers = bearer(token_for(w.counter))
    applicant = {
        "citizen_id": "086095000777",
        "name": "Phan Thị Mới",
        "phone": "0901234567",
        "address": "Xã Long Hồ",
    }
    response = post(Client(), COUNTER, counter_body(w, applicant=applicant), **headers)
    assert response.status_code == 201, response.content
    citizen = Citizen.objects.get(citizen_id="086095000777")
    assert (citizen.full_name, citizen.user) == ("Phan Thị Mới", None)


def test_a_refused_counter_receipt_keeps_no_newcomer(w: Any) -> None:
    """counter_applicant records the newcomer, then the completeness check refuses:
    both are undone together."""
    headers = bearer(token_for(w.counter))
    before = snapshot()
    applicant = {"citizen_id": "086095000888", "name": "Phan Văn Thiếu"}
    body = counter_body(w, applicant=applicant, components=[])
    assert_error(post(Client(), COUNTER, body, **headers), 400, "dossier_incomplete")
    assert snapshot() == before
    assert not Citizen.objects.filter(citizen_id="086095000888").exists()


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"one_stop_unit": "KHONG-CO"}, 422, "one_stop_unit_not_found"),
        ({"procedure": "9.999999"}, 422, "procedure_not_found"),
        ({"agency": "000.00.99.H62"}, 422, "agency_not_found"),
        ({"components": [{"component_id": 987654}]}, 422, "component_unknown"),
        ({"applicant": {}}, 422, "applicant_required"),
        (
            {"applicant": {"citizen_id": "086099012345", "tax_code": "1800000000"}},
            422,
            "applicant_required",
        ),
        ({"applicant": {"citizen_id": "12345"}}, 422, "required"),
        ({"applicant": {"citizen_id": "12345", "name": "Võ Văn Sai"}}, 400, "citizen_id_format"),
        ({"applicant": {"citizen_id": "0860950009999"}}, 422, "invalid_input"),
        ({"channel": "online"}, 422, "invalid_input"),
        ({"sets_count": 21}, 422, "invalid_input"),
        ({"result_delivery": "post"}, 422, "required"),
    ],
)
def test_counter_bad_input(w: Any, change: dict[str, Any], status: int, code: str | None) -> None:
    headers = bearer(token_for(w.counter))
    before = snapshot()
    assert_error(post(Client(), COUNTER, counter_body(w, **change), **headers), status, code)
    assert snapshot() == before
