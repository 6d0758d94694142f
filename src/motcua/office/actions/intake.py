"""The intake buttons of the dossier page (DOMAIN.md §2.2, §2.3, §2.9): receive an
online dossier, ask once for a supplement (every item with its reason), refuse with
reason and legal basis, record a supplement brought to the counter (with its scans),
and transfer to the deciding agency, or, for an on-the-spot procedure, decide and
return right at the counter ("5 tại chỗ"). Each form only parses; the one service of
the action decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from motcua.catalog.models import RequiredComponent
from motcua.core.exceptions import ApplicationError
from motcua.dossiers.constants import Decision
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import ComponentInput, UploadedFile, file_check
from motcua.office.actions import OfficeAction, register
from motcua.office.pages import error_text
from motcua.workflow import permissions, services
from motcua.workflow.constants import Action

_NOTE = {"rows": 2}


def _note(label: str = "Ghi chú", *, required: bool = False, max_length: int = 2000) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs=_NOTE),
        error_messages={"required": f"Cần nhập {label.lower()}."},
    )


def _papers(dossier: Dossier) -> list[RequiredComponent]:
    return list(dossier.version.components.all())


# --- receive an online dossier --------------------------------------------------------


class ReceiveForm(forms.Form):
    ghi_chu = _note()


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


# --- supplement request (Mẫu 02) ------------------------------------------------------


class SupplementForm(forms.Form):
    """Every paper to complete, each with its reason, and one more not in the list:
    asked once, in one go (Decree 118 Art. 11)."""

    def __init__(self, *args: Any, papers: list[RequiredComponent], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.papers = papers
        for paper in papers:
            self.fields[f"can_{paper.pk}"] = forms.BooleanField(
                label=f"Cần bổ sung: {paper.name}", required=False
            )
            self.fields[f"ly_do_{paper.pk}"] = forms.CharField(
                label=f"Lý do: {paper.name}", required=False, max_length=1000
            )
        self.fields["khac"] = forms.CharField(
            label="Giấy tờ khác cần bổ sung (nếu có)", required=False, max_length=500
        )
        self.fields["khac_ly_do"] = forms.CharField(
            label="Lý do: giấy tờ khác", required=False, max_length=1000
        )
        self.fields["ly_do"] = _note("Nội dung hướng dẫn chung", required=True)
        self.fields["can_cu"] = forms.CharField(
            label="Căn cứ pháp lý (nếu có)", required=False, max_length=500
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        items = []
        for paper in self.papers:
            if data.get(f"can_{paper.pk}"):
                reason = data.get(f"ly_do_{paper.pk}", "")
                if not reason:
                    self.add_error(f"ly_do_{paper.pk}", "Cần nêu lý do cho giấy tờ này.")
                items.append(
                    services.SupplementItemInput(name=paper.name, reason=reason, component=paper)
                )
        if data.get("khac"):
            if not data.get("khac_ly_do"):
                self.add_error("khac_ly_do", "Cần nêu lý do cho giấy tờ này.")
            items.append(
                services.SupplementItemInput(name=data["khac"], reason=data.get("khac_ly_do", ""))
            )
        if not items:
            raise forms.ValidationError(
                "Đánh dấu mọi giấy tờ cần bổ sung (hoặc ghi giấy tờ khác), mỗi giấy tờ một lý do."
            )
        data["items"] = items
        return data


register(
    OfficeAction(
        action=Action.REQUEST_SUPPLEMENT,
        label="Yêu cầu bổ sung hồ sơ",
        form=SupplementForm,
        form_kwargs=lambda dossier, user: {"papers": _papers(dossier)},
        perform=lambda *, dossier, actor, data, form: services.dossier_request_supplement(
            dossier=dossier,
            actor=actor,
            items=data["items"],
            reason=data["ly_do"],
            legal_basis=data["can_cu"],
        ),
        done="Đã lập phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02); người nộp được thông báo.",
        style="secondary",
    )
)


# --- refusal (Mẫu 03) -----------------------------------------------------------------


class RefuseForm(forms.Form):
    ly_do = _note("Lý do từ chối", required=True)
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
        self.fields["ghi_chu"] = _note()

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


# --- transfer, or decide and return on the spot ----------------------------------------

TRANSFER = "chuyen"
ON_THE_SPOT = "tai_cho"


class StartProcessingForm(forms.Form):
    """Transfer to the deciding agency (Decree 118 Art. 18). For an on-the-spot
    procedure the counter officer may instead decide and return the result now
    (DOMAIN.md §2.9; ``dossier_resolve_on_the_spot``)."""

    def __init__(self, *args: Any, on_the_spot: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.on_the_spot = on_the_spot
        if on_the_spot:
            self.fields["cach"] = forms.ChoiceField(
                label="Cách xử lý",
                choices=[
                    (ON_THE_SPOT, "Giải quyết, trả kết quả ngay tại quầy (5 tại chỗ)"),
                    (TRANSFER, "Chuyển cơ quan giải quyết"),
                ],
                initial=ON_THE_SPOT,
                widget=forms.RadioSelect,
            )
            self.fields["quyet_dinh"] = forms.ChoiceField(
                label="Kết quả giải quyết",
                choices=[
                    (Decision.APPROVED, "Đồng ý giải quyết"),
                    (Decision.REFUSED, "Từ chối giải quyết"),
                ],
                initial=Decision.APPROVED,
            )
        self.fields["ghi_chu"] = _note("Ghi chú, lý do")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if (
            data.get("cach") == ON_THE_SPOT
            and data.get("quyet_dinh") == Decision.REFUSED
            and not data.get("ghi_chu")
        ):
            self.add_error("ghi_chu", "Cần nêu lý do từ chối giải quyết.")
        return data


def _start_kwargs(dossier: Dossier, user: Any) -> dict[str, Any]:
    unit = dossier.receiving_unit
    counter = permissions.is_counter_officer_at(
        user, one_stop_unit_id=unit.pk, agency_id=unit.agency_id
    )
    return {"on_the_spot": bool(dossier.version.on_the_spot and counter)}


def _start(*, dossier: Dossier, actor: Any, data: dict[str, Any], form: Any) -> Dossier:
    if data.get("cach") == ON_THE_SPOT:
        return services.dossier_resolve_on_the_spot(
            dossier=dossier, actor=actor, decision=data["quyet_dinh"], note=data["ghi_chu"]
        )
    return services.dossier_start_processing(dossier=dossier, actor=actor, note=data["ghi_chu"])


register(
    OfficeAction(
        action=Action.START_PROCESSING,
        label="Chuyển xử lý",
        form=StartProcessingForm,
        form_kwargs=_start_kwargs,
        perform=_start,
        done="Đã thực hiện: hồ sơ đã chuyển cơ quan giải quyết, hoặc đã giải quyết và trả kết "
        "quả tại quầy nếu bạn chọn giải quyết tại chỗ (xem trạng thái ở trên).",
    )
)
