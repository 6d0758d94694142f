"""Admin of accounts: logins, roles, and the applicants' identities.

The identity forms show the same refusals as the services: field validators (citizen
ID, tax code) and ``citizen_identity_check`` run in the form's ``clean``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest

from motcua.accounts.models import Citizen, ExternalIdentity, Organisation, Role, User
from motcua.accounts.services import citizen_identity_check
from motcua.core.exceptions import ApplicationError


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "full_name", "kind", "email", "phone", "is_staff", "is_active")
    list_filter = ("kind", "is_staff", "is_superuser", "is_active")
    search_fields = ("username", "full_name", "email", "phone")
    ordering = ("username",)
    # ``is_staff`` follows the administrator role (agencies.services.staff_sync_admin_access)
    # so it is shown, not edited.
    readonly_fields = (
        "is_staff", "last_login", "date_joined", "email_verified_at", "phone_verified_at",
    )  # fmt: skip
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Thông tin cá nhân", {"fields": ("kind", "full_name", "email", "phone")}),
        (
            "Quyền",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (
            "Thời điểm",
            {"fields": ("last_login", "date_joined", "email_verified_at", "phone_verified_at")},
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "kind", "full_name", "usable_password", "password1",
                           "password2"),
            },
        ),
    )  # fmt: skip


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "description")
    search_fields = ("code", "name")
    filter_horizontal = ("permissions",)


class CitizenForm(forms.ModelForm):
    class Meta:
        model = Citizen
        fields = (
            "citizen_id",
            "full_name",
            "date_of_birth",
            "gender",
            "phone",
            "email",
            "address",
            "user",
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("citizen_id") and not self.has_error("citizen_id"):
            try:
                citizen_identity_check(
                    citizen_id=data["citizen_id"],
                    date_of_birth=data.get("date_of_birth"),
                    gender=data.get("gender") or "",
                )
            except ApplicationError as exc:
                raise forms.ValidationError(exc.message, code=exc.code) from exc
        return data


@admin.register(Citizen)
class CitizenAdmin(admin.ModelAdmin):
    form = CitizenForm
    list_display = ("citizen_id", "full_name", "date_of_birth", "gender", "phone", "user")
    list_filter = ("gender",)
    search_fields = ("citizen_id", "full_name", "phone", "email")
    autocomplete_fields = ("user",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("tax_code", "name", "representative", "phone", "email", "user")
    search_fields = ("tax_code", "name", "representative", "email")
    autocomplete_fields = ("user",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    """Which provider logins (VNeID) are linked to which account. Read-only but
    deletable: unlinking lets a person whose link went wrong link again."""

    list_display = ("user", "issuer", "subject", "created_at", "last_login_at")
    search_fields = ("user__username", "subject")
    readonly_fields = ("user", "issuer", "subject", "created_at", "last_login_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
