"""Admin of the notifications app: the outbox (here) and the message templates and
people's channel choices (``admin_templates``)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from motcua.core.admin_readonly import ReadOnlyAdmin
from motcua.notifications import admin_templates  # noqa: F401 - templates and preferences (helper channels)
from motcua.notifications.models import Message
from motcua.notifications.selectors import outbox_counts
from motcua.notifications.services import message_retry


# Messages change only through the outbox services (DESIGN.md, the one rule): the admin
# reads them and can queue dead or failed ones again (issue 6 §6).
@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "channel",
        "recipient",
        "template",
        "reference",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
    )
    list_filter = ("status", "channel", "template")
    search_fields = ("reference", "recipient")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    show_full_result_count = False
    actions = ["retry"]
    fields = (
        "status",
        "channel",
        "recipient",
        "user",
        "template",
        "reference",
        "event_key",
        "subject",
        "body",
        "attempts",
        "next_attempt_at",
        "created_at",
        "sent_at",
        "provider_ref",
        "cost",
        "segments",
        "error",
        "read_at",
    )
    readonly_fields = fields
    raw_id_fields = ("user",)

    def has_retry_permission(self, request: HttpRequest) -> bool:
        # Retrying changes the row's status, so it needs the change permission that
        # ReadOnlyAdmin takes away from the form.
        return request.user.has_perm("notifications.change_message")

    @admin.action(description="Gửi lại các tin không gửi được", permissions=["retry"])
    def retry(self, request: HttpRequest, queryset: QuerySet[Message]) -> None:
        retried = message_retry(actor=request.user, messages=queryset)  # type: ignore[arg-type]
        skipped = queryset.count() - retried
        self.message_user(
            request,
            f"Đã đưa {retried} tin vào hàng đợi để gửi lại."
            + (f" Bỏ qua {skipped} tin đã gửi hoặc đang chờ gửi." if skipped else ""),
            messages.SUCCESS if retried else messages.WARNING,
        )

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> TemplateResponse:
        extra_context = {**(extra_context or {}), "outbox_counts": outbox_counts()}
        return super().changelist_view(request, extra_context)  # type: ignore[return-value]
