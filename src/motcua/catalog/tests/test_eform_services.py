"""The e-form of a procedure version (``ProcedureVersion.eform_schema``) through the
draft services and the administrator's version page: checked and normalised on the way
in, copied to a new draft, frozen once published."""

from __future__ import annotations

import json
import unicodedata

import pytest
from django.urls import reverse

from motcua.accounts.models import User
from motcua.catalog.constants import ComponentForm
from motcua.catalog.eforms import eform_validate
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.services import (
    procedure_version_create_draft,
    procedure_version_publish,
    procedure_version_update_draft,
    version_add_component,
    version_add_step,
)
from motcua.catalog.tests.factories import (
    ProcedureFactory,
    ProcedureVersionFactory,
    UserFactory,
)
from motcua.core.exceptions import ApplicationError, InvalidInputError
from motcua.core.models import AuditEntry

pytestmark = pytest.mark.django_db

FORM = [
    {"name": "ho_ten", "label": unicodedata.normalize("NFD", "Họ  và tên"), "type": "text"},
    {
        "name": "gioi_tinh",
        "label": "Giới tính",
        "type": "choice",
        "required": True,
        "choices": [{"value": "nam", "label": "Nam"}, {"value": "nu", "label": "Nữ"}],
    },
]
# FORM as the service stores it: NFC, white space collapsed, defaults filled in.
STORED = [
    {"name": "ho_ten", "label": "Họ và tên", "type": "text", "required": False, "max_length": 200},
    {
        "name": "gioi_tinh",
        "label": "Giới tính",
        "type": "choice",
        "required": True,
        "choices": [{"value": "nam", "label": "Nam"}, {"value": "nu", "label": "Nữ"}],
    },
]
BAD = [{"name": "Ho ten", "label": "Họ tên", "type": "text"}, {"name": "x", "type": "file"}]
BAD_ERRORS = [
    {
        "field": "[0].name",
        "message": "Tên trường phải bắt đầu bằng chữ thường, chỉ gồm a–z, 0–9 và dấu gạch "
        "dưới, tối đa 40 ký tự (ví dụ: ho_ten).",
    },
    {"field": "[1].label", "message": "Nhãn phải là chuỗi ký tự."},
    {
        "field": "[1].type",
        "message": "Kiểu trường phải là một trong: text, textarea, integer, date, choice, "
        "boolean, citizen_id, phone, email.",
    },
]


# --- services ---------------------------------------------------------------------------


def test_a_new_draft_has_no_eform():
    draft = procedure_version_create_draft(actor=None, procedure=ProcedureFactory())
    draft.refresh_from_db()
    assert draft.eform_schema == []


def test_create_draft_stores_the_eform_checked_and_normalised():
    draft = procedure_version_create_draft(
        actor=UserFactory(), procedure=ProcedureFactory(), eform_schema=FORM
    )
    draft.refresh_from_db()
    assert draft.eform_schema == STORED


def test_create_draft_refuses_an_invalid_eform_and_writes_nothing():
    with pytest.raises(ApplicationError) as error:
        procedure_version_create_draft(actor=None, procedure=ProcedureFactory(), eform_schema=BAD)
    assert error.value.code == "eform_schema_invalid"
    assert error.value.detail == {"errors": BAD_ERRORS}
    assert not ProcedureVersion.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("schema", [None, {}, "[]"])
def test_an_eform_that_is_not_a_list_is_refused(schema):
    with pytest.raises(ApplicationError) as error:
        procedure_version_create_draft(
            actor=None, procedure=ProcedureFactory(), eform_schema=schema
        )
    assert error.value.code == "eform_schema_invalid"


def test_update_draft_changes_the_eform_and_audits():
    draft = ProcedureVersionFactory()
    actor = UserFactory()

    procedure_version_update_draft(actor=actor, version=draft, eform_schema=FORM)

    draft.refresh_from_db()
    assert draft.eform_schema == STORED
    entry = AuditEntry.objects.get(action="catalog.version_draft_updated")
    assert entry.actor == actor
    assert entry.detail == {"fields": ["eform_schema"]}

    procedure_version_update_draft(actor=actor, version=draft, eform_schema=[])
    draft.refresh_from_db()
    assert draft.eform_schema == []


def test_update_draft_refuses_an_invalid_eform_and_keeps_the_old_one():
    draft = ProcedureVersionFactory(eform_schema=STORED)
    with pytest.raises(ApplicationError) as error:
        procedure_version_update_draft(
            actor=None, version=draft, eform_schema=BAD, time_limit_value=3
        )
    assert error.value.code == "eform_schema_invalid"
    draft.refresh_from_db()
    assert draft.eform_schema == STORED
    assert draft.time_limit_value == 10
    assert not AuditEntry.objects.exists()


def test_the_eform_of_a_published_version_cannot_change():
    published = ProcedureVersionFactory(published=True, complete=True, eform_schema=STORED)
    with pytest.raises(ApplicationError) as error:
        procedure_version_update_draft(actor=None, version=published, eform_schema=[])
    assert error.value.code == "version_immutable"
    published.refresh_from_db()
    assert published.eform_schema == STORED


def test_publishing_keeps_the_eform():
    draft = procedure_version_create_draft(
        actor=None, procedure=ProcedureFactory(), eform_schema=FORM, time_limit_value=2
    )
    version_add_component(version=draft, name="Tờ khai", form=ComponentForm.ORIGINAL)
    version_add_step(version=draft, name="Giải quyết", budget=2, performer="Phòng")
    published = procedure_version_publish(actor=None, version=draft)
    published.refresh_from_db()
    assert (published.status, published.eform_schema) == ("published", STORED)


def test_a_new_draft_copies_the_eform_of_its_source_deeply():
    source = ProcedureVersionFactory(published=True, complete=True, eform_schema=STORED)

    draft = procedure_version_create_draft(actor=None, procedure=source.procedure, copy_from=source)
    draft.eform_schema[0]["label"] = "Đổi trong bộ nhớ"  # the copy shares no object

    draft.refresh_from_db()
    source.refresh_from_db()
    assert draft.eform_schema == STORED
    assert source.eform_schema == STORED
    assert source.eform_schema is not draft.eform_schema


def test_a_new_draft_may_replace_the_copied_eform():
    source = ProcedureVersionFactory(published=True, complete=True, eform_schema=STORED)
    draft = procedure_version_create_draft(
        actor=None,
        procedure=source.procedure,
        copy_from=source,
        eform_schema=[{"name": "ly_do", "label": "Lý do", "type": "textarea"}],
    )
    draft.refresh_from_db()
    assert draft.eform_schema == [
        {
            "name": "ly_do",
            "label": "Lý do",
            "type": "textarea",
            "required": False,
            "max_length": 2000,
        }
    ]
    source.refresh_from_db()
    assert source.eform_schema == STORED


def test_data_is_validated_against_the_version_it_was_filed_under():
    first = ProcedureVersionFactory(superseded=True, eform_schema=STORED)
    second = procedure_version_create_draft(
        actor=None,
        procedure=first.procedure,
        copy_from=first,
        eform_schema=[
            *FORM,
            {"name": "noi_sinh", "label": "Nơi sinh", "type": "text", "required": True},
        ],
    )
    first.refresh_from_db()
    second.refresh_from_db()
    answers = {"ho_ten": "Nguyễn Văn An", "gioi_tinh": "nam"}

    assert eform_validate(first.eform_schema, answers) == answers
    with pytest.raises(InvalidInputError) as error:
        eform_validate(second.eform_schema, answers)
    assert error.value.detail == {
        "errors": [{"field": "noi_sinh", "message": "Chưa nhập thông tin bắt buộc: Nơi sinh."}]
    }


# --- admin ------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser(
        username="quantri-eform", email="quantri@example.vn", password="x", kind="staff"
    )
    client.force_login(user)
    client.user = user
    return client


def _change_url(version):
    return reverse("admin:catalog_procedureversion_change", args=[version.pk])


INLINE_PREFIXES = ("components", "fees", "legal_bases", "participants", "steps")


def _post(version, eform_schema: str) -> dict[str, str]:
    """The change form as a browser posts it, with empty inline formsets. A field with a
    callable default (``default=list``) also posts its initial value in a hidden input,
    which is what Django compares to tell whether it changed."""
    data = {
        "publication_decision": version.publication_decision,
        "publication_date": "",
        "effective_from": "",
        "deciding_authority": version.deciding_authority,
        "applicants": version.applicants,
        "requirements": version.requirements,
        "steps_description": version.steps_description,
        "result_type": version.result_type,
        "result_name": version.result_name,
        "time_limit_value": str(version.time_limit_value),
        "time_limit_unit": version.time_limit_unit,
        "time_limit_note": version.time_limit_note,
        "counter_cutoff": "15:00",
        "online_cutoff_minutes": "60",
        "online_mode": version.online_mode,
        "fee_collection_point": version.fee_collection_point,
        "eform_schema": eform_schema,
        "initial-eform_schema": json.dumps(version.eform_schema, ensure_ascii=False, indent=2),
        "_save": "Lưu",
    }
    for prefix in INLINE_PREFIXES:
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data


def test_the_admin_shows_the_eform_as_readable_indented_json(admin_client):
    draft = ProcedureVersionFactory(eform_schema=STORED)
    response = admin_client.get(_change_url(draft))
    assert response.status_code == 200
    shown = response.context["adminform"].form["eform_schema"].value()
    assert shown == json.dumps(STORED, ensure_ascii=False, indent=2)
    assert "&quot;label&quot;: &quot;Giới tính&quot;" in response.content.decode()


def test_the_admin_shows_a_published_eform_read_only(admin_client):
    published = ProcedureVersionFactory(published=True, complete=True, eform_schema=STORED)
    response = admin_client.get(_change_url(published))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert "Giới tính" in response.content.decode()


def test_the_admin_saves_the_eform_through_the_service(admin_client):
    draft = ProcedureVersionFactory()
    response = admin_client.post(_change_url(draft), _post(draft, json.dumps(FORM)))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.eform_schema == STORED
    entry = AuditEntry.objects.get(action="catalog.version_draft_updated")
    assert entry.actor == admin_client.user
    assert entry.detail == {"fields": ["eform_schema"]}


def test_an_unchanged_eform_is_not_among_the_changed_fields(admin_client):
    draft = ProcedureVersionFactory(eform_schema=STORED)
    shown = json.dumps(STORED, ensure_ascii=False, indent=2)
    response = admin_client.post(_change_url(draft), _post(draft, shown))
    assert response.status_code == 302
    assert AuditEntry.objects.get(action="catalog.version_draft_updated").detail == {"fields": []}


def test_the_admin_shows_each_problem_of_an_invalid_eform_beside_the_field(admin_client):
    draft = ProcedureVersionFactory(eform_schema=STORED)
    response = admin_client.post(_change_url(draft), _post(draft, json.dumps(BAD)))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["eform_schema"]
    assert errors == [f"{e['field']}: {e['message']}" for e in BAD_ERRORS]
    shown = response.context["adminform"].form["eform_schema"].value()
    assert shown == json.dumps(BAD, ensure_ascii=False, indent=2)  # as typed, to fix
    draft.refresh_from_db()
    assert draft.eform_schema == STORED
    assert not AuditEntry.objects.exists()


def test_the_admin_refuses_text_that_is_not_json(admin_client):
    draft = ProcedureVersionFactory(eform_schema=STORED)
    response = admin_client.post(_change_url(draft), _post(draft, "[{'name': 'ho_ten'"))
    assert response.status_code == 200
    assert "eform_schema" in response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.eform_schema == STORED


def test_an_empty_text_box_removes_the_eform(admin_client):
    draft = ProcedureVersionFactory(eform_schema=STORED)
    response = admin_client.post(_change_url(draft), _post(draft, ""))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.eform_schema == []


def test_adding_a_version_with_an_eform(admin_client):
    procedure = ProcedureFactory()
    data = _post(ProcedureVersion(), json.dumps(FORM))
    # The add page has no inlines (a draft gets its number first).
    data = {k: v for k, v in data.items() if not k.startswith(INLINE_PREFIXES)}
    data |= {"procedure": str(procedure.pk), "time_limit_value": "5"}

    response = admin_client.post(reverse("admin:catalog_procedureversion_add"), data)

    assert response.status_code == 302
    assert procedure.versions.get(number=1).eform_schema == STORED
