"""The intake buttons of the dossier page (DOMAIN.md §2.2): receive an online dossier
(or a walk-in registered incomplete, once complete), refuse with reason and legal
basis, record a supplement brought to the counter (with its scans), and the fee paid at the
counter. The supplement
request (either stage) and the transfer to the deciding agency are the processing
module's buttons (office/actions/processing.py); deciding and returning on the spot is
the counter's own page (office/views/counter.py, ``counter_on_the_spot``). Each form
only parses; the one service of the action decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from motcua.catalog.models import RequiredComponent
from motcua.core.exceptions import ApplicationError
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import ComponentInput, UploadedFile, file_check
from motcua.office.actions import OfficeAction, register, text_field
from motcua.office.actions.processing import AmountField
from motcua.office.pages import error_text
from motcua.workflow import services
from motcua.workflow.constants import Action


def _papers(dossier: Dossier) -> list[RequiredComponent]:
    return list(dossier.version.components.all())


# --- receive an online dossier --------------------------------------------------------


class ReceiveForm(forms.Form):
    ghi_chu = text_field()


register(
    OfficeAction(
        action=Action.RECEIVE,
        label="Tiếp nhận",
        form=ReceiveForm,
        perform=lambda *, dossier, actor, data, form: services.dossier_receive(
            dossier=dossier, actor=actor, note=data["ghi_chu"]
        ),
        done="Đã tiếp nhận hồ sơ; giấy tiếp nhận và hẹn trả kết quả (Mẫu 01) đã sẵn sàng để in.",
    )
)


# --- refusal (Mẫu 03) -----------------------------------------------------------------


class RefuseForm(forms.Form):
    ly_do = text_field("Lý do từ chối", required=True)
    can_cu = forms.CharField(
        label="Căn cứ pháp lý",
        max_length=500,
        error_messages={"required": "Cần nêu căn cứ pháp lý của việc từ chối."},
    )


register(
    OfficeAction(
        action=Action.REFUSE,
        label="Từ chối tiếp nhận",
        form=RefuseForm,
        perform=lambda *, dossier, actor, data, form: services.dossier_refuse(
            dossier=dossier, actor=actor, reason=data["ly_do"], legal_basis=data["can_cu"]
        ),
        done="Đã từ chối tiếp nhận hồ sơ (Mẫu 03); người nộp được thông báo.",
        style="danger",
    )
)


# --- supplement brought to the counter ------------------------------------------------


class RecordSupplementForm(forms.Form):
    """The papers brought, each with its scan (digitised at the counter, Circular
    01/2023 Art. 8): PDF, JPEG or PNG, checked by content."""

    def __init__(self, *args: Any, papers: list[RequiredComponent], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.papers = papers
        for paper in papers:
            self.fields[f"co_{paper.pk}"] = forms.BooleanField(
                label=f"Đã nộp: {paper.name}", required=False
            )
            self.fields[f"tep_{paper.pk}"] = forms.FileField(
                label=f"Bản quét: {paper.name}",
                required=False,
                widget=forms.ClearableFileInput(
                    attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
                ),
            )
        self.fields["ghi_chu"] = text_field()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        components = []
        for paper in self.papers:
            upload = data.get(f"tep_{paper.pk}")
            files: tuple[UploadedFile, ...] = ()
            if upload:
                limit = settings.UPLOAD_MAX_BYTES
                if upload.size is not None and upload.size > limit:
                    self.add_error(
                        f"tep_{paper.pk}",
                        f"Tệp vượt quá dung lượng cho phép {limit // 1_048_576} MB.",
                    )
                    continue
                candidate = UploadedFile(name=(upload.name or "tep")[:200], content=upload.read())
                try:
                    file_check(candidate)
                except ApplicationError as exc:
                    self.add_error(f"tep_{paper.pk}", error_text(exc.message))
                    continue
                files = (candidate,)
            if data.get(f"co_{paper.pk}") or files:
                components.append(
                    ComponentInput(
                        required=paper, name=paper.name, form=paper.form, count=1, files=files
                    )
                )
        if not components and not self.errors:
            raise forms.ValidationError("Đánh dấu ít nhất một giấy tờ người nộp mang đến.")
        data["components"] = components
        return data


register(
    OfficeAction(
        action=Action.RECORD_SUPPLEMENT,
        label="Ghi nhận hồ sơ bổ sung",
        form=RecordSupplementForm,
        form_kwargs=lambda dossier, user: {"papers": _papers(dossier)},
        perform=lambda *, dossier, actor, data, form: services.dossier_record_supplement(
            dossier=dossier, actor=actor, components=data["components"], note=data["ghi_chu"]
        ),
        done="Đã ghi nhận giấy tờ bổ sung.",
    )
)


# --- the fee collected at the counter (Decree 118/2025 Art. 8: the centre collects fees) ---


class RecordPaymentForm(forms.Form):
    def __init__(self, *args: Any, due: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"] = AmountField(
            label="Số tiền đã thu (đồng)",
            initial=f"{due:,}".replace(",", "."),
            help_text=f"Còn phải nộp: {due:,} đồng.".replace(",", "."),
            error_messages={"required": "Hãy nhập số tiền đã thu."},
            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        )
        self.fields["reference"] = forms.CharField(
            label="Số biên lai", required=False, max_length=200
        )


register(
    OfficeAction(
        action=Action.RECORD_PAYMENT,
        label="Ghi nhận đã nộp phí, lệ phí",
        form=RecordPaymentForm,
        perform=lambda *, dossier, actor, data, form: services.dossier_record_payment(
            dossier=dossier, actor=actor, amount=data["amount"], reference=data["reference"]
        ),
        done="Đã ghi nhận khoản phí, lệ phí; hồ sơ tiếp tục được xử lý.",
        form_kwargs=lambda dossier, user: {"due": dossier.fee_requested - dossier.fee_paid},
    )
)
