import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from motcua.accounts.models import User
from motcua.catalog import admin as catalog_admin
from motcua.catalog.constants import VersionStatus
from motcua.catalog.models import Procedure, ProcedureVersion, ProcessStep
from motcua.catalog.tests.factories import (
    ExemptionCategoryFactory,
    FieldFactory,
    ProcedureFactory,
    ProcedureVersionFactory,
    ProcessStepFactory,
    RequiredComponentFactory,
)
from motcua.core.exceptions import ApplicationError
from motcua.core.models import AuditEntry

pytestmark = pytest.mark.django_db

INLINE_PREFIXES = ("components", "fees", "legal_bases", "participants", "steps")


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser(
        username="quantri", email="quantri@example.vn", password="x", kind="staff"
    )
    client.force_login(user)
    client.user = user
    return client


def _change_url(version):
    return reverse("admin:catalog_procedureversion_change", args=[version.pk])


def _version_post(version, **overrides):
    """The change form as a browser posts it, with empty inline formsets."""
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
        "_save": "Lưu",
    }
    for prefix in INLINE_PREFIXES:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(overrides)
    return data


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_admin_pages_open(admin_client):
    draft = ProcedureVersionFactory(complete=True)
    published = ProcedureVersionFactory(published=True, complete=True)
    ExemptionCategoryFactory()
    urls = [
        reverse("admin:catalog_field_changelist"),
        reverse("admin:catalog_exemptioncategory_changelist"),
        reverse("admin:catalog_procedure_changelist"),
        reverse("admin:catalog_procedure_add"),
        reverse("admin:catalog_procedure_change", args=[published.procedure.pk]),
        reverse("admin:catalog_procedureversion_changelist"),
        reverse("admin:catalog_procedureversion_add"),
        _change_url(draft),
        _change_url(published),
    ]
    for url in urls:
        assert admin_client.get(url).status_code == 200, url


def test_a_published_version_is_shown_read_only(admin_client):
    published = ProcedureVersionFactory(published=True, complete=True)
    response = admin_client.get(_change_url(published))
    assert response.context["has_change_permission"] is False
    assert response.context["has_delete_permission"] is False
    for inline in response.context["inline_admin_formsets"]:
        assert (inline.has_add_permission, inline.has_change_permission) == (False, False)
        assert inline.has_delete_permission is False

    draft = ProcedureVersionFactory(procedure=published.procedure)
    response = admin_client.get(_change_url(draft))
    assert response.context["has_change_permission"] is True
    assert all(inline.has_add_permission for inline in response.context["inline_admin_formsets"])


def test_a_post_changing_a_published_version_changes_nothing(admin_client):
    published = ProcedureVersionFactory(published=True, complete=True)
    data = _version_post(
        published,
        time_limit_value="3",
        **{
            "steps-TOTAL_FORMS": "1",
            "steps-0-order": "9",
            "steps-0-name": "Bước chen vào",
            "steps-0-performer": "Ai đó",
            "steps-0-budget": "1",
        },
    )

    response = admin_client.post(_change_url(published), data)

    assert response.status_code == 403
    published.refresh_from_db()
    assert published.time_limit_value == Decimal(10)
    assert published.steps.count() == 2
    assert not AuditEntry.objects.exists()
    delete_url = reverse("admin:catalog_procedureversion_delete", args=[published.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert ProcedureVersion.objects.filter(pk=published.pk).exists()


def test_a_draft_is_saved_through_the_service_with_its_inlines(admin_client):
    draft = ProcedureVersionFactory(time_limit_value=Decimal(10))
    data = _version_post(
        draft,
        time_limit_value="7.5",
        **{
            "steps-TOTAL_FORMS": "1",
            "steps-0-order": "1",
            "steps-0-name": "Thẩm định hồ sơ",
            "steps-0-performer": "Phòng Quản lý xây dựng",
            "steps-0-budget": "7.5",
        },
    )

    response = admin_client.post(_change_url(draft), data)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.time_limit_value == Decimal("7.5")
    assert list(draft.steps.values_list("name", "budget")) == [("Thẩm định hồ sơ", Decimal("7.5"))]
    entry = AuditEntry.objects.get(action="catalog.version_draft_updated")
    assert entry.actor == admin_client.user
    assert "time_limit_value" in entry.detail["fields"]


def test_a_service_refusal_while_saving_rolls_back_and_shows_its_message(admin_client, monkeypatch):
    draft = ProcedureVersionFactory()

    def refuse(**kwargs):
        raise ApplicationError("Phiên bản vừa được công bố.", code="version_immutable")

    monkeypatch.setattr(catalog_admin, "procedure_version_update_draft", refuse)
    data = _version_post(
        draft,
        **{
            "steps-TOTAL_FORMS": "1",
            "steps-0-order": "1",
            "steps-0-name": "Thẩm định",
            "steps-0-performer": "Phòng",
            "steps-0-budget": "1",
        },
    )

    response = admin_client.post(_change_url(draft), data, follow=True)

    assert "Phiên bản vừa được công bố." in _messages(response)
    assert not ProcessStep.objects.exists()


def test_adding_a_version_creates_a_numbered_draft(admin_client):
    procedure = ProcedureFactory()
    ProcedureVersionFactory(procedure=procedure, published=True)
    data = _version_post(ProcedureVersion(), procedure=str(procedure.pk), time_limit_value="5")
    for prefix in INLINE_PREFIXES:
        for key in [key for key in data if key.startswith(prefix)]:
            del data[key]

    response = admin_client.post(reverse("admin:catalog_procedureversion_add"), data)

    assert response.status_code == 302
    draft = procedure.versions.get(number=2)
    assert (draft.status, draft.time_limit_value) == ("draft", Decimal(5))
    assert AuditEntry.objects.filter(
        action="catalog.version_draft_created", object_id=str(draft.pk)
    ).exists()


def _run_action(client, action, versions):
    return client.post(
        reverse("admin:catalog_procedureversion_changelist"),
        {"action": action, "_selected_action": [str(v.pk) for v in versions]},
        follow=True,
    )


def test_the_publish_action_publishes_a_complete_draft(admin_client):
    draft = ProcedureVersionFactory(complete=True, effective_from=dt.date(2026, 1, 1))

    response = _run_action(admin_client, "publish_versions", [draft])

    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    assert draft.effective_from == dt.date(2026, 1, 1)
    assert _messages(response) == [f"Đã công bố {draft}, áp dụng từ ngày 01/01/2026."]


def test_the_publish_action_shows_why_it_refused(admin_client):
    draft = ProcedureVersionFactory(time_limit_value=Decimal(10))
    RequiredComponentFactory(version=draft)
    ProcessStepFactory(version=draft, budget=Decimal("9.5"))

    response = _run_action(admin_client, "publish_versions", [draft])

    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT
    assert _messages(response) == [
        f"Không công bố được {draft}: Tổng thời gian các bước là 9.5 ngày làm việc, "
        "không bằng thời hạn giải quyết 10 ngày làm việc."
    ]


def test_the_new_draft_action_copies_and_opens_the_draft(admin_client):
    published = ProcedureVersionFactory(published=True, complete=True)

    response = admin_client.post(
        reverse("admin:catalog_procedureversion_changelist"),
        {"action": "create_draft_from", "_selected_action": [str(published.pk)]},
    )

    draft = published.procedure.versions.get(number=2)
    assert response.status_code == 302
    assert response["Location"] == _change_url(draft)
    assert (draft.status, draft.steps.count(), draft.components.count()) == ("draft", 2, 1)


def test_adding_a_procedure_goes_through_the_service(admin_client):
    field = FieldFactory()
    url = reverse("admin:catalog_procedure_add")
    data = {"name": "Đăng ký khai sinh", "field": str(field.pk), "level": "commune"}

    refused = admin_client.post(url, {**data, "code": "khai-sinh"})
    assert refused.status_code == 200
    assert "code" in refused.context["adminform"].form.errors
    assert not Procedure.objects.exists()

    response = admin_client.post(url, {**data, "code": "1.001193"})
    assert response.status_code == 302
    procedure = Procedure.objects.get(code="1.001193")
    assert procedure.search_text == "dang ky khai sinh 1.001193"
    assert AuditEntry.objects.get(action="catalog.procedure_created").actor == admin_client.user


def test_editing_a_procedure_keeps_its_code(admin_client):
    procedure = ProcedureFactory(code="1.000001", name="Tên cũ")
    url = reverse("admin:catalog_procedure_change", args=[procedure.pk])
    data = {
        "code": "2.000002",
        "name": "Tên mới",
        "field": str(procedure.field.pk),
        "level": procedure.level,
        "versions-TOTAL_FORMS": "0",
        "versions-INITIAL_FORMS": "0",
        "versions-MIN_NUM_FORMS": "0",
        "versions-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302
    procedure.refresh_from_db()
    assert (procedure.code, procedure.name) == ("1.000001", "Tên mới")
    assert AuditEntry.objects.filter(action="catalog.procedure_updated").count() == 1


def test_deleting_a_draft_goes_through_the_service(admin_client):
    draft = ProcedureVersionFactory(complete=True)
    url = reverse("admin:catalog_procedureversion_delete", args=[draft.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not ProcedureVersion.objects.filter(pk=draft.pk).exists()
    assert AuditEntry.objects.filter(action="catalog.version_draft_deleted").count() == 1
