"""The applicant's forms on their own dossier: parse and bound the input; the services
decide (DESIGN.md, the one rule)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile as DjangoUpload

from motcua.core.exceptions import InvalidInputError
from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.services import UploadedFile, file_check
from motcua.feedback.constants import COMMENT_MAX_LENGTH, RatingLevel
from motcua.workflow.models import SupplementRequest

NOTE_MAX_LENGTH = 2000


def plain(message: str) -> str:
    """Service messages read "Vietnamese text (English gloss)."; the applicant reads
    the Vietnamese text."""
    head, sep, tail = message.rstrip(".").rpartition(" (")
    if sep and tail.endswith(")") and tail.isascii():
        return head + "."
    return message


class StatusFilterForm(forms.Form):
    trang_thai = forms.ChoiceField(
        label="Trạng thái",
        required=False,
        choices=[("", "Tất cả"), *DossierStatus.choices],
    )


class SupplementForm(forms.Form):
    """One file per requested item (Mẫu 02 lists them), each checked by its content
    (PDF, PNG, JPEG; size limit) before anything is stored."""

    note = forms.CharField(
        label="Ghi chú cho cán bộ (không bắt buộc)",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": NOTE_MAX_LENGTH}),
        error_messages={"max_length": f"Ghi chú dài quá {NOTE_MAX_LENGTH} ký tự."},
    )

    def __init__(self, *args: Any, request: SupplementRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request_items = list(request.items.all())
        for item in self.request_items:
            self.fields[f"item_{item.pk}"] = forms.FileField(
                label=item.name,
                help_text=f"Lý do: {item.reason}",
                widget=forms.ClearableFileInput(
                    attrs={"accept": "application/pdf,image/png,image/jpeg"}
                ),
                error_messages={
                    "required": f"Hãy chọn tệp cho “{item.name}”.",
                    "empty": "Tệp rỗng.",
                },
            )

    def _clean_file(self, name: str) -> UploadedFile:
        upload: DjangoUpload = self.cleaned_data[name]
        # Read at most one byte past the limit: an oversized file is refused without
        # holding all of it in memory.
        content = upload.read(settings.UPLOAD_MAX_BYTES + 1)
        found = UploadedFile(name=upload.name or "tep", content=content)
        try:
            file_check(found)
        except InvalidInputError as exc:
            raise forms.ValidationError(plain(exc.message)) from exc
        return found

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for item in self.request_items:
            name = f"item_{item.pk}"
            if name in cleaned:
                try:
                    cleaned[name] = self._clean_file(name)
                except forms.ValidationError as exc:
                    self.add_error(name, exc)
        return cleaned

    def item_fields(self) -> list[Any]:
        return [self[f"item_{item.pk}"] for item in self.request_items]

    def uploads(self) -> list[tuple[Any, UploadedFile]]:
        return [(item, self.cleaned_data[f"item_{item.pk}"]) for item in self.request_items]


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Lý do rút hồ sơ",
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": NOTE_MAX_LENGTH}),
        error_messages={
            "required": "Hãy cho biết lý do rút hồ sơ.",
            "max_length": f"Lý do dài quá {NOTE_MAX_LENGTH} ký tự.",
        },
    )
    confirm = forms.BooleanField(
        label="Tôi hiểu rằng hồ sơ sẽ dừng giải quyết và muốn rút hồ sơ này.",
        error_messages={"required": "Hãy đánh dấu xác nhận để rút hồ sơ."},
    )


class RatingForm(forms.Form):
    level = forms.ChoiceField(
        label="Bạn hài lòng với việc giải quyết hồ sơ này ở mức nào?",
        choices=RatingLevel.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Hãy chọn một mức đánh giá.",
            "invalid_choice": "Mức đánh giá không hợp lệ; hãy chọn một trong bốn mức.",
        },
    )
    comment = forms.CharField(
        label="Góp ý (không bắt buộc)",
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX_LENGTH}),
        error_messages={"max_length": f"Góp ý dài quá {COMMENT_MAX_LENGTH} ký tự."},
    )
