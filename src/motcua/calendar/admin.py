"""Admin of the override table. Every write goes through ``services`` (rules, audit)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from motcua.agencies.constants import DivisionLevel
from motcua.calendar.models import CalendarException
from motcua.calendar.services import (
    calendar_exception_check,
    calendar_exception_create,
    calendar_exception_delete,
    calendar_exception_update,
)
from motcua.core.exceptions import ApplicationError

_WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


class CalendarExceptionForm(forms.ModelForm):
    class Meta:
        model = CalendarException
        fields = ("date", "kind", "province", "name", "legal_basis")

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if self.errors:
            return cleaned
        try:
            calendar_exception_check(
                date=cleaned["date"],
                kind=cleaned["kind"],
                province=cleaned.get("province"),
                name=cleaned["name"],
                exception=self.instance if self.instance.pk else None,
            )
        except ApplicationError as error:
            raise forms.ValidationError(error.message, code=error.code) from error
        return cleaned


@admin.register(CalendarException)
class CalendarExceptionAdmin(admin.ModelAdmin):
    form = CalendarExceptionForm
    list_display = ("date", "weekday", "kind", "name", "province_name", "legal_basis")
    list_filter = ("kind", ("province", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "legal_basis")
    date_hierarchy = "date"
    ordering = ("-date",)
    list_select_related = ("province",)

    @admin.display(description="thứ")
    def weekday(self, obj: CalendarException) -> str:
        return _WEEKDAYS[obj.date.weekday()]

    @admin.display(description="phạm vi", ordering="province__name")
    def province_name(self, obj: CalendarException) -> str:
        return obj.province.name if obj.province is not None else "Toàn quốc"

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "province":
            kwargs["queryset"] = db_field.related_model.objects.filter(
                level=DivisionLevel.PROVINCE
            ).order_by("name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(
        self, request: HttpRequest, obj: CalendarException, form: Any, change: bool
    ) -> None:
        if change:
            calendar_exception_update(
                actor=request.user,
                exception=obj,
                date=obj.date,
                kind=obj.kind,
                name=obj.name,
                province=obj.province,
                legal_basis=obj.legal_basis,
            )
            return
        created = calendar_exception_create(
            actor=request.user,
            date=obj.date,
            kind=obj.kind,
            name=obj.name,
            province=obj.province,
            legal_basis=obj.legal_basis,
        )
        # The admin goes on with ``obj`` (change message, redirect): make it the saved row.
        obj.pk = created.pk
        obj.refresh_from_db()

    def delete_model(self, request: HttpRequest, obj: CalendarException) -> None:
        calendar_exception_delete(actor=request.user, exception=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarException]) -> None:
        for exception in queryset:
            calendar_exception_delete(actor=request.user, exception=exception)
