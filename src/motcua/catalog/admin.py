"""Admin of the procedure catalog. Procedures and versions are written through
``services`` (rules, audit); a published version and everything it asks for is
read-only here, because dossiers were received under it."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from motcua.catalog.constants import VersionStatus
from motcua.catalog.eforms import eform_schema_check
from motcua.catalog.models import (
    ExemptionCategory,
    FeeLine,
    Field,
    LegalBasis,
    Participant,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    RequiredComponent,
)
from motcua.catalog.services import (
    PROCEDURE_CODE,
    VERSION_FIELDS,
    procedure_create,
    procedure_update,
    procedure_version_create_draft,
    procedure_version_delete_draft,
    procedure_version_publish,
    procedure_version_update_draft,
)
from motcua.core.exceptions import ApplicationError


def _is_draft(version: ProcedureVersion | None) -> bool:
    """None is the add page: a version being created is a draft."""
    return version is None or version.status == VersionStatus.DRAFT


class ServiceAdmin(admin.ModelAdmin):
    """A service refusal while saving rolls the whole page back (the admin saves the
    form and its inlines in one transaction) and comes back as a message."""

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ApplicationError as error:
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(ExemptionCategory)
class ExemptionCategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


# --- procedures ------------------------------------------------------------------------


class ProcedureForm(forms.ModelForm):
    class Meta:
        model = Procedure
        fields = ("code", "name", "field", "level")

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not PROCEDURE_CODE.match(code):
            raise forms.ValidationError(
                "Mã thủ tục phải theo dạng của CSDL quốc gia, ví dụ 1.001776.",
                code="procedure_code_invalid",
            )
        return code


class VersionListInline(admin.TabularInline):
    """The versions of a procedure, read-only; each opens in its own page."""

    model = ProcedureVersion
    fields = ("number", "status", "effective_from", "effective_to", "published_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ("-number",)
    verbose_name_plural = "các phiên bản"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Procedure)
class ProcedureAdmin(ServiceAdmin):
    form = ProcedureForm
    list_display = ("code", "name", "field", "level")
    list_filter = ("level", "field")
    list_select_related = ("field",)
    search_fields = ("code", "name")

    def get_readonly_fields(self, request: HttpRequest, obj: Procedure | None = None) -> Any:
        # The code is the national key of the procedure: never edited.
        return ("code",) if obj is not None else ()

    def get_inlines(self, request: HttpRequest, obj: Procedure | None) -> Any:
        return [VersionListInline] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Procedure, form: Any, change: bool) -> None:
        if change:
            procedure_update(
                actor=request.user,
                procedure=obj,
                name=obj.name,
                field=obj.field,
                level=obj.level,
            )
        else:
            created = procedure_create(
                actor=request.user, code=obj.code, name=obj.name, field=obj.field, level=obj.level
            )
            # The admin reads ``obj`` afterwards for its messages and redirect.
            obj.pk = created.pk
            obj.refresh_from_db()


# --- versions --------------------------------------------------------------------------


class DraftOnlyInline(admin.TabularInline):
    """Rows a version asks for: editable while it is a draft, read-only afterwards."""

    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_delete_permission(request, obj)


class LegalBasisInline(DraftOnlyInline):
    model = LegalBasis
    fields = ("order", "number", "title", "issued_on", "effective_from")


class RequiredComponentInline(DraftOnlyInline):
    model = RequiredComponent
    fields = (
        "order",
        "name",
        "form",
        "count",
        "mandatory",
        "template_name",
        "template_file",
        "reusable_from_database",
        "note",
    )


class FeeLineInline(DraftOnlyInline):
    model = FeeLine
    fields = (
        "order",
        "name",
        "kind",
        "amount",
        "online_amount",
        "unit_note",
        "legal_basis",
        "exemptions",
    )


class ParticipantInline(DraftOnlyInline):
    model = Participant
    fields = ("order", "role", "agency", "agency_description", "budget")


class ProcessStepInline(DraftOnlyInline):
    model = ProcessStep
    fields = ("order", "name", "role", "performer", "participant", "budget")

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        participant = formset.form.base_fields.get("participant")
        if isinstance(participant, forms.ModelChoiceField):
            # Only the liên thông agencies of this version (a new formset class per
            # request, so the narrowing does not leak to other pages).
            participant.queryset = Participant.objects.filter(version=obj)
        return formset


class EformSchemaField(forms.JSONField):
    """The e-form shown indented, with Vietnamese letters as they are and each field's
    keys in the documented order (PostgreSQL's jsonb does not keep key order), so an
    administrator can read and edit it in the text box."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        # An invalid entry is shown back as typed, beside its errors.
        with contextlib.suppress(ApplicationError):
            value = eform_schema_check(value)
        return json.dumps(value, ensure_ascii=False, indent=2, cls=self.encoder)


class ProcedureVersionForm(forms.ModelForm):
    class Meta:
        model = ProcedureVersion
        fields = ("eform_schema",)  # the admin passes the fields of its fieldsets
        field_classes = {"eform_schema": EformSchemaField}
        widgets = {"eform_schema": forms.Textarea(attrs={"rows": 16, "cols": 100})}
        help_texts = {
            "eform_schema": (
                "Danh sách các trường của tờ khai, dạng JSON, ví dụ: "
                '[{"name": "ho_ten", "label": "Họ và tên", "type": "text", "required": true}]. '
                "Kiểu: text, textarea, integer, date, choice (kèm choices: "
                '[{"value": ..., "label": ...}]), boolean, citizen_id, phone, email. '
                "Để trống nếu thủ tục không có tờ khai điện tử."
            )
        }

    def clean_eform_schema(self) -> list[dict[str, Any]]:
        schema = self.cleaned_data.get("eform_schema")
        if schema is None:  # an empty text box: no e-form
            return []
        # The same check the service runs, here so that the administrator sees each
        # problem beside the field instead of one message after a rolled-back save.
        try:
            return eform_schema_check(schema)
        except ApplicationError as error:
            raise forms.ValidationError(
                [
                    forms.ValidationError(
                        f"{problem['field']}: {problem['message']}", code=error.code
                    )
                    for problem in error.detail["errors"]
                ]
            ) from error


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(ServiceAdmin):
    form = ProcedureVersionForm
    list_display = (
        "__str__",
        "procedure_name",
        "status",
        "effective_from",
        "effective_to",
        "published_at",
    )
    list_filter = ("status", "procedure__field", "time_limit_unit", "online_mode")
    list_select_related = ("procedure",)
    search_fields = ("procedure__code", "procedure__name", "publication_decision")
    filter_horizontal = ("agencies",)
    actions = ("publish_versions", "create_draft_from")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "procedure",
                    "number",
                    "status",
                    "publication_decision",
                    "publication_date",
                    "effective_from",
                    "effective_to",
                    "published_at",
                )
            },
        ),
        ("Cơ quan thực hiện", {"fields": ("agencies", "deciding_authority")}),
        (
            "Nội dung thủ tục",
            {
                "fields": (
                    "applicants",
                    "requirements",
                    "steps_description",
                    "result_type",
                    "result_name",
                )
            },
        ),
        (
            "Thời hạn giải quyết",
            {
                "fields": (
                    "time_limit_value",
                    "time_limit_unit",
                    "time_limit_note",
                    "counter_cutoff",
                    "online_cutoff_minutes",
                )
            },
        ),
        (
            "Trực tuyến và phí",
            {"fields": ("online_mode", "on_the_spot", "fee_collection_point")},
        ),
        ("Tờ khai điện tử", {"fields": ("eform_schema",)}),
    )

    @admin.display(description="tên thủ tục", ordering="procedure__name")
    def procedure_name(self, obj: ProcedureVersion) -> str:
        return obj.procedure.name

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Number, status and the end of the effective range are set by the services.
        fixed = ("number", "status", "effective_to", "published_at")
        return fixed if obj is None else ("procedure", *fixed)

    def get_inlines(self, request: HttpRequest, obj: ProcedureVersion | None) -> Any:
        # The lists are entered once the draft exists (it gets its number first).
        if obj is None:
            return []
        return [
            RequiredComponentInline,
            FeeLineInline,
            LegalBasisInline,
            ParticipantInline,
            ProcessStepInline,
        ]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_draft(obj) and super().has_delete_permission(request, obj)

    def save_model(
        self, request: HttpRequest, obj: ProcedureVersion, form: Any, change: bool
    ) -> None:
        names = set(form.changed_data) if change else set(form.cleaned_data)
        fields = {name: form.cleaned_data[name] for name in names & VERSION_FIELDS}
        if "agencies" in names:
            fields["agencies"] = form.cleaned_data["agencies"]
        if change:
            # Called even with nothing changed: it locks the row and checks it is still
            # a draft before the inlines below are written in the same transaction.
            procedure_version_update_draft(actor=request.user, version=obj, **fields)
        else:
            created = procedure_version_create_draft(
                actor=request.user, procedure=obj.procedure, **fields
            )
            obj.pk = created.pk
            obj.refresh_from_db()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The agencies went through the service in save_model; only the inlines remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request: HttpRequest, obj: ProcedureVersion) -> None:
        procedure_version_delete_draft(actor=request.user, version=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ProcedureVersion]) -> None:
        for version in queryset:
            procedure_version_delete_draft(actor=request.user, version=version)

    @admin.action(description="Công bố phiên bản", permissions=["change"])
    def publish_versions(self, request: HttpRequest, queryset: QuerySet[ProcedureVersion]) -> None:
        for version in queryset.select_related("procedure").order_by("procedure__code", "number"):
            try:
                published = procedure_version_publish(actor=request.user, version=version)
            except ApplicationError as error:
                self.message_user(
                    request, f"Không công bố được {version}: {error.message}", messages.ERROR
                )
            else:
                self.message_user(
                    request,
                    f"Đã công bố {published}, áp dụng từ ngày {published.effective_from:%d/%m/%Y}.",
                    messages.SUCCESS,
                )

    @admin.action(description="Tạo dự thảo mới từ phiên bản này", permissions=["add"])
    def create_draft_from(
        self, request: HttpRequest, queryset: QuerySet[ProcedureVersion]
    ) -> HttpResponse | None:
        drafts = [
            procedure_version_create_draft(
                actor=request.user, procedure=version.procedure, copy_from=version
            )
            for version in queryset.select_related("procedure").order_by("procedure__code")
        ]
        if len(drafts) == 1:
            # One draft: open it for editing straight away.
            return HttpResponseRedirect(
                reverse("admin:catalog_procedureversion_change", args=[drafts[0].pk])
            )
        self.message_user(
            request,
            "Đã tạo các dự thảo: " + ", ".join(str(draft) for draft in drafts),
            messages.SUCCESS,
        )
        return None
