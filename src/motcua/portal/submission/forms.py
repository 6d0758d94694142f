"""The forms of the online submission steps (parsing and per-field messages only; the
rules are the services'). The e-form step is built from the version's schema
(``catalog.eforms``) and the papers step from its components, in ``views``."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError

from motcua.accounts.validators import validate_citizen_id
from motcua.catalog.constants import ResultType
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.constants import ResultDelivery

SELF = "tu-nop"
AUTHORISED = "uy-quyen"


def _no_control_characters(value: str) -> None:
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in value):
        raise ValidationError("Có ký tự không hợp lệ (ký tự điều khiển).")


def _text(label: str, max_length: int) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        validators=[_no_control_characters],
        error_messages={"max_length": f"{label} tối đa {max_length} ký tự."},
    )


class ApplicantForm(forms.Form):
    """Step 1: the deciding agency when several decide the procedure (a commune's
    procedure, in every commune), and whether an authorised person files
    (``workflow.services.Representative``: Decree 118/2025 Art. 13 lets the applicant
    act through one)."""

    co_quan = forms.ChoiceField(
        label="Cơ quan giải quyết",
        required=False,
        error_messages={"invalid_choice": "Hãy chọn một cơ quan giải quyết trong danh sách."},
    )
    nguoi_nop = forms.ChoiceField(
        label="Ai nộp hồ sơ",
        choices=[
            (SELF, "Tôi là người yêu cầu, tự nộp hồ sơ"),
            (AUTHORISED, "Người được tôi ủy quyền nộp và theo dõi hồ sơ"),
        ],
        initial=SELF,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Hãy chọn ai nộp hồ sơ.",
            "invalid_choice": "Hãy chọn ai nộp hồ sơ.",
        },
    )
    uq_ho_ten = _text("Họ và tên người được ủy quyền", 200)
    uq_so_dinh_danh = forms.CharField(
        label="Số định danh cá nhân của người được ủy quyền",
        required=False,
        max_length=12,
        error_messages={"max_length": "Số định danh cá nhân gồm 12 chữ số."},
    )
    uq_van_ban = _text("Văn bản ủy quyền (số, ngày)", 300)

    def __init__(self, *args: Any, version: ProcedureVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = list(version.agencies.order_by("name"))
        if len(self.agencies) > 1:
            self.fields["co_quan"].required = True
            self.fields["co_quan"].error_messages["required"] = "Hãy chọn cơ quan giải quyết."
            field = cast(forms.ChoiceField, self.fields["co_quan"])
            field.choices = [("", "— Chọn cơ quan —")] + [(a.code, a.name) for a in self.agencies]
        else:
            del self.fields["co_quan"]

    def clean_uq_so_dinh_danh(self) -> str:
        value = self.cleaned_data.get("uq_so_dinh_danh", "").strip()
        if value:
            validate_citizen_id(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("nguoi_nop") == AUTHORISED:
            for name in ("uq_ho_ten", "uq_so_dinh_danh", "uq_van_ban"):
                if name not in self.errors and not (data.get(name) or "").strip():
                    self.add_error(name, f"Cần nhập {str(self.fields[name].label).lower()}.")
        return data

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        representative = None
        if data["nguoi_nop"] == AUTHORISED:
            representative = {
                "name": data["uq_ho_ten"].strip(),
                "id_number": data["uq_so_dinh_danh"],
                "authorisation": data["uq_van_ban"].strip(),
            }
        return {"agency": data.get("co_quan", ""), "representative": representative}

    @staticmethod
    def initial_from(answers: dict[str, Any]) -> dict[str, Any]:
        representative = answers.get("representative") or {}
        return {
            "co_quan": answers.get("agency", ""),
            "nguoi_nop": AUTHORISED if representative else SELF,
            "uq_ho_ten": representative.get("name", ""),
            "uq_so_dinh_danh": representative.get("id_number", ""),
            "uq_van_ban": representative.get("authorisation", ""),
        }


def delivery_choices(version: ProcedureVersion) -> list[tuple[str, str]]:
    """The ways the result may reach the applicant, at their choice (DOMAIN.md §2.1);
    online only when the result is issued electronically."""
    ways = [ResultDelivery.COUNTER, ResultDelivery.POST]
    if version.result_type != ResultType.PAPER:
        ways.append(ResultDelivery.ONLINE)
    return [(way.value, way.label) for way in ways]


class DeliveryForm(forms.Form):
    """Step 4: how the result is returned; by post, to which address."""

    cach_nhan = forms.ChoiceField(
        label="Hình thức nhận kết quả",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Hãy chọn hình thức nhận kết quả.",
            "invalid_choice": "Hãy chọn một hình thức nhận kết quả trong danh sách.",
        },
    )
    dia_chi = _text("Địa chỉ nhận kết quả qua bưu chính", 300)

    def __init__(self, *args: Any, version: ProcedureVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["cach_nhan"])
        field.choices = delivery_choices(version)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        address = (data.get("dia_chi") or "").strip()
        wants_post = data.get("cach_nhan") == ResultDelivery.POST
        if wants_post and not address and "dia_chi" not in self.errors:
            self.add_error("dia_chi", "Cần nhập địa chỉ nhận kết quả qua bưu chính.")
        return data

    def answers(self) -> dict[str, Any]:
        way = self.cleaned_data["cach_nhan"]
        address = self.cleaned_data["dia_chi"].strip() if way == ResultDelivery.POST else ""
        return {"delivery": {"way": way, "address": address}}
