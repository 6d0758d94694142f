"""Admin of agencies: divisions, agencies and their units, one-stop units, staff roles.

Forms call the same checks as the services (``agency_parent_check``,
``staff_scope_check``) and the models' constraints carry Vietnamese messages, so the
admin refuses what the services refuse. After assignments change, the person's access
to this admin is brought in line with the administrator role.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from motcua.accounts.admin import UserAdmin
from motcua.accounts.models import User
from motcua.agencies.models import AdministrativeUnit, Agency, OneStopUnit, StaffAssignment, Unit
from motcua.agencies.services import (
    agency_parent_check,
    staff_revoke_role,
    staff_scope_check,
    staff_sync_admin_access,
)
from motcua.core.exceptions import ApplicationError


class CurrentFilter(admin.SimpleListFilter):
    title = "hiệu lực"
    parameter_name = "current"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Đang hiệu lực"), ("no", "Đã hết hiệu lực")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(valid_to__isnull=True)
        if self.value() == "no":
            return queryset.filter(valid_to__isnull=False)
        return queryset


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "division_type", "parent", "valid_from", "valid_to")
    list_filter = (CurrentFilter, "level", "division_type")
    search_fields = ("code", "name")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent", "predecessors")


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0
    fields = ("code", "name", "is_active")


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = (
            "code",
            "name",
            "short_name",
            "kind",
            "level",
            "parent",
            "administrative_unit",
            "one_stop_unit",
            "address",
            "phone",
            "email",
            "is_active",
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.instance.pk is not None and data.get("parent") is not None:
            try:
                agency_parent_check(agency=self.instance, parent=data["parent"])
            except ApplicationError as exc:
                raise forms.ValidationError({"parent": exc.message}) from exc
        return data


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    form = AgencyForm
    list_display = ("code", "name", "kind", "level", "parent", "one_stop_unit", "is_active")
    list_filter = ("kind", "level", "is_active")
    search_fields = ("code", "name", "short_name")
    list_select_related = ("parent", "one_stop_unit")
    autocomplete_fields = ("parent", "administrative_unit", "one_stop_unit")
    readonly_fields = ("created_at", "updated_at")
    inlines = [UnitInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "agency", "is_active")
    list_filter = ("is_active", "agency__kind")
    search_fields = ("code", "name", "agency__name", "agency__code")
    list_select_related = ("agency",)
    autocomplete_fields = ("agency",)


@admin.register(OneStopUnit)
class OneStopUnitAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "kind",
        "agency",
        "morning_start",
        "afternoon_end",
        "saturday_morning",
        "is_active",
    )
    list_filter = ("kind", "saturday_morning", "is_active")
    search_fields = ("code", "name", "agency__name")
    list_select_related = ("agency",)
    autocomplete_fields = ("agency", "parent", "administrative_unit")
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("code", "name", "kind", "agency", "parent", "administrative_unit")}),
        ("Liên hệ", {"fields": ("address", "phone")}),
        (
            "Giờ tiếp nhận",
            {
                "fields": (
                    ("morning_start", "morning_end"),
                    ("afternoon_start", "afternoon_end"),
                    "saturday_morning",
                )
            },
        ),
        ("Trạng thái", {"fields": ("is_active", "created_at", "updated_at")}),
    )


class StaffAssignmentForm(forms.ModelForm):
    class Meta:
        model = StaffAssignment
        fields = ("user", "role", "agency", "unit", "one_stop_unit", "is_active")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        user = data.get("user") or getattr(self.instance, "user", None)
        if user is not None and data.get("agency") is not None:
            try:
                staff_scope_check(user=user, agency=data["agency"], unit=data.get("unit"))
            except ApplicationError as exc:
                raise forms.ValidationError(exc.message, code=exc.code) from exc
        return data


class StaffAssignmentInline(admin.TabularInline):
    model = StaffAssignment
    form = StaffAssignmentForm
    fk_name = "user"
    extra = 0
    fields = ("role", "agency", "unit", "one_stop_unit", "is_active")
    autocomplete_fields = ("agency", "unit", "one_stop_unit")


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = [StaffAssignmentInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        staff_sync_admin_access(actor=request.user, user=form.instance)  # type: ignore[arg-type]


@admin.register(StaffAssignment)
class StaffAssignmentAdmin(admin.ModelAdmin):
    form = StaffAssignmentForm
    list_display = ("user", "role", "agency", "unit", "one_stop_unit", "is_active")
    list_filter = ("is_active", "role", "agency__kind", "agency__level")
    search_fields = ("user__username", "user__full_name", "agency__code", "agency__name")
    list_select_related = ("user", "role", "agency", "unit", "one_stop_unit")
    autocomplete_fields = ("user", "agency", "unit", "one_stop_unit")
    actions = ["revoke"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        staff_sync_admin_access(actor=request.user, user=obj.user)  # type: ignore[arg-type]

    @admin.action(description="Thu hồi vai trò đã chọn")
    def revoke(self, request: HttpRequest, queryset: QuerySet[StaffAssignment]) -> None:
        revoked = 0
        for assignment in queryset.filter(is_active=True).select_related("role"):
            staff_revoke_role(
                actor=request.user,  # type: ignore[arg-type]
                user=assignment.user,
                role_code=assignment.role.code,
                agency=assignment.agency,
                unit=assignment.unit,
                one_stop_unit=assignment.one_stop_unit,
            )
            revoked += 1
        self.message_user(request, f"Đã thu hồi {revoked} phân công.")
