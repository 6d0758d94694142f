"""Admin of the message templates (with a preview) and of people's channel choices.

Imported by ``notifications/admin.py``. Templates are written through
``rendering.message_template_save`` (validation, audit); the change page renders the
saved text with the sample values of its message, and for SMS shows what the gateway
will receive, its length and how many parts it costs (issue 6 §3).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from motcua.core.admin_readonly import ReadOnlyAdmin
from motcua.core.exceptions import ApplicationError
from motcua.notifications.channels import channel_classes
from motcua.notifications.models import ContactPreference, MessageTemplate
from motcua.notifications.rendering import (
    message_template_save,
    sms_fold,
    sms_segments,
    template_validate,
    text_render,
)
from motcua.notifications.template_defaults import VARIABLES, sample_context


def _channel_choices() -> list[tuple[str, str]]:
    return [("", "Mọi kênh")] + [(key, cls.label) for key, cls in channel_classes().items()]


class MessageTemplateForm(forms.ModelForm):
    channel = forms.ChoiceField(label="kênh", required=False, choices=_channel_choices)

    class Meta:
        model = MessageTemplate
        fields = ("key", "channel", "subject", "body", "is_active")
        widgets = {"body": forms.Textarea(attrs={"rows": 12, "cols": 90})}
        help_texts = {
            "body": (
                "Viết biến trong ngoặc nhọn kép, ví dụ {{ code }}. Biến dùng được của "
                "từng loại thông báo ở mục Xem trước và trong docs/notifications.md. "
                "Được dùng thẻ if, for, with, firstof."
            ),
            "channel": "Để trống: dùng cho mọi kênh. Mẫu của một kênh (SMS) thay mẫu chung.",
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        key = data.get("key") or (self.instance.key if self.instance.pk else "")
        if key and "body" in data:
            # The same check the service runs, here so the error sits beside its field.
            try:
                template_validate(key=key, subject=data.get("subject", ""), body=data["body"])
            except ApplicationError as error:
                field = error.detail.get("field")
                self.add_error(field if field in {"subject", "body"} else None, error.message)
        return data


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    form = MessageTemplateForm
    list_display = ("key", "channel_display", "subject", "is_active", "updated_at")
    list_filter = ("key", "channel", "is_active")
    search_fields = ("subject", "body")
    ordering = ("key", "channel")

    @admin.display(description="kênh", ordering="channel")
    def channel_display(self, obj: MessageTemplate) -> str:
        return obj.channel or "mọi kênh"

    def get_readonly_fields(self, request: HttpRequest, obj: MessageTemplate | None = None) -> Any:
        # Which message and channel a row is stays fixed; another pair is another row.
        return ("key", "channel", "variables", "preview") if obj is not None else ()

    def get_fields(self, request: HttpRequest, obj: MessageTemplate | None = None) -> Any:
        fields = ["key", "channel", "subject", "body", "is_active"]
        return [*fields, "variables", "preview"] if obj is not None else fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Switch a template off instead: the built-in text then applies, and the
        # history of what was sent keeps its meaning.
        return False

    @admin.display(description="biến dùng được")
    def variables(self, obj: MessageTemplate) -> str:
        rows = VARIABLES.get(obj.key, {})
        return format_html(
            "<table><tr><th>biến</th><th>ý nghĩa</th><th>ví dụ</th></tr>{}</table>",
            format_html_join(
                "",
                "<tr><td><code>{{{{ {} }}}}</code></td><td>{}</td><td>{}</td></tr>",
                ((name, meaning, sample) for name, (meaning, sample) in rows.items()),
            ),
        )

    @admin.display(description="xem trước (dữ liệu mẫu)")
    def preview(self, obj: MessageTemplate) -> str:
        try:
            rendered = text_render(
                subject=obj.subject, body=obj.body, context=sample_context(obj.key)
            )
        except ApplicationError as error:
            return format_html('<p class="errornote">{}</p>', error.message)
        parts = [
            format_html("<p><strong>Tiêu đề:</strong> {}</p>", rendered.subject or "(không có)"),
            format_html(
                '<pre style="white-space: pre-wrap" class="motcua-preview-body">{}</pre>',
                rendered.body,
            ),
        ]
        if obj.channel == "sms":
            sent = sms_fold(rendered.body) if settings.SMS_UNSIGNED else rendered.body
            label = "Nội dung gửi đi (không dấu)" if settings.SMS_UNSIGNED else "Nội dung gửi đi"
            parts.append(
                format_html(
                    '<p><strong>{}:</strong></p><pre style="white-space: pre-wrap" '
                    'class="motcua-preview-sms">{}</pre>'
                    "<p>{} ký tự, {} tin nhắn SMS</p>",
                    label,
                    sent,
                    len(sent),
                    sms_segments(sent),
                )
            )
        return format_html_join("", "{}", ((part,) for part in parts))

    def save_model(
        self, request: HttpRequest, obj: MessageTemplate, form: Any, change: bool
    ) -> None:
        saved = message_template_save(
            actor=request.user,
            key=obj.key,
            channel=obj.channel,
            subject=obj.subject,
            body=obj.body,
            is_active=obj.is_active,
            template=obj if change else None,
        )
        obj.pk = saved.pk
        obj.refresh_from_db()


@admin.register(ContactPreference)
class ContactPreferenceAdmin(ReadOnlyAdmin):
    """A person sets their own channels (portal, ``PUT /api/v1/me/contact-preferences``);
    the administrator only looks, for example to answer "why did I get no SMS?"."""

    list_display = ("user", "sms", "email", "updated_at")
    list_filter = ("sms", "email")
    search_fields = ("user__username", "user__full_name")
    list_select_related = ("user",)
