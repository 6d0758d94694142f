"""The dossier page's buttons that close a dossier (project issue 4, points 5 and 6):
the leader's decision and apology with a new appointment (Mẫu 04), the result's
arrival at the one-stop unit and its return to the applicant, and the withdrawal and
stop (Mẫu 05). Each form only parses; its service decides and writes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone

from motcua.accounts.constants import RoleCode
from motcua.agencies.models import Agency
from motcua.dossiers.constants import Decision, ResultDelivery
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import UploadedFile
from motcua.office.actions import OfficeAction, register, text_field
from motcua.workflow import services
from motcua.workflow.constants import Action, TaskStatus
from motcua.workflow.models import DossierParticipant, Task
from motcua.workflow.permissions import holds_at
from motcua.workflow.reminders import apology_due

AT_RISK_HINT = "Đề xuất: hồ sơ có nguy cơ trễ hẹn"


# --- decide -----------------------------------------------------------------------------


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="Kết quả giải quyết",
        choices=Decision.choices,
        initial=Decision.APPROVED,
        widget=forms.RadioSelect,
    )
    note = text_field("Nội dung, lý do (bắt buộc khi từ chối)", max_length=4000, rows=3)


def _decide(*, dossier: Dossier, actor: Any, data: dict[str, Any], **_: Any) -> Any:
    return services.dossier_decide(
        dossier=dossier, actor=actor, decision=data["decision"], note=data["note"]
    )


register(
    OfficeAction(
        action=Action.DECIDE,
        label="Phê duyệt",
        form=DecideForm,
        perform=_decide,
        done="Đã ghi kết quả giải quyết hồ sơ.",
    )
)


# --- apology and new appointment (Mẫu 04) ----------------------------------------------


class RescheduleForm(forms.Form):
    reason = text_field("Lý do chậm trả kết quả", max_length=2000, required=True, rows=3)
    new_appointment_at = forms.DateTimeField(
        label="Ngày hẹn trả mới",
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    responsible_agency = forms.ModelChoiceField(
        label="Cơ quan chịu trách nhiệm (ký văn bản xin lỗi)",
        queryset=Agency.objects.none(),
        empty_label=None,
    )

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["responsible_agency"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 (declared above)
        field.queryset = agencies if agencies is not None else Agency.objects.none()


def _signing_agencies(dossier: Dossier, user: Any) -> dict[str, Any]:
    """The agencies of the dossier (deciding, liên thông) where ``user`` is a leader:
    the one responsible for the delay signs (DOMAIN.md §2.5)."""
    involved = {dossier.deciding_agency_id} | set(
        DossierParticipant.objects.filter(dossier=dossier).values_list("agency_id", flat=True)
    )
    mine = [pk for pk in involved if holds_at(user, (RoleCode.LEADER,), pk)]
    return {"agencies": Agency.objects.filter(pk__in=mine).order_by("name")}


def _reschedule(*, dossier: Dossier, actor: Any, data: dict[str, Any], **_: Any) -> Any:
    return services.dossier_reschedule(
        dossier=dossier,
        actor=actor,
        responsible_agency=data["responsible_agency"],
        reason=data["reason"],
        new_appointment_at=data["new_appointment_at"],
    )


def _may_reschedule(dossier: Dossier) -> bool:
    """Once per dossier, before the appointment passes (DOMAIN.md §2.5)."""
    return (
        dossier.reschedule_count == 0
        and dossier.appointment_at is not None
        and dossier.appointment_at > timezone.now()
    )


def _at_risk_hint(dossier: Dossier) -> str:
    """The deadline watch's rule (``reminders.apology_due``): from one working day
    before an appointment the dossier will miss, Mẫu 04 is proposed."""
    task = Task.objects.filter(dossier=dossier, status=TaskStatus.ACTIVE).first()
    return AT_RISK_HINT if apology_due(dossier=dossier, task=task, now=timezone.now()) else ""


register(
    OfficeAction(
        action=Action.RESCHEDULE,
        label="Xin lỗi và hẹn lại ngày trả (Mẫu 04)",
        form=RescheduleForm,
        perform=_reschedule,
        done="Đã ban hành văn bản xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04).",
        form_kwargs=_signing_agencies,
        style="secondary",
        shown=_may_reschedule,
        hint=_at_risk_hint,
    )
)


# --- the result at the one-stop unit, and its return ---------------------------------


class NoteForm(forms.Form):
    note = text_field("Ghi chú", max_length=500, rows=0)


def _mark_ready(*, dossier: Dossier, actor: Any, data: dict[str, Any], **_: Any) -> Any:
    return services.dossier_mark_result_ready(dossier=dossier, actor=actor, note=data["note"])


register(
    OfficeAction(
        action=Action.MARK_RESULT_READY,
        label="Chuyển kết quả về bộ phận một cửa",
        form=NoteForm,
        perform=_mark_ready,
        done="Đã chuyển kết quả về bộ phận một cửa; kết quả chờ trả cho người dân.",
        shown=lambda dossier: dossier.result_ready_at is None,
    )
)


class ReturnForm(forms.Form):
    way = forms.ChoiceField(
        label="Hình thức trả kết quả", choices=ResultDelivery.choices, widget=forms.RadioSelect
    )
    receiver_name = text_field("Họ tên người nhận", max_length=200, rows=0)
    signed_ledger = forms.BooleanField(label="Người nhận đã ký sổ theo dõi", required=False)
    tracking_number = text_field("Số hiệu bưu gửi", max_length=40, rows=0)
    result_file = forms.FileField(label="Tệp kết quả điện tử (PDF)", required=False)

    def __init__(self, *args: Any, delivery: str = ResultDelivery.COUNTER, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The applicant's chosen way (DOMAIN.md §2.1) comes first.
        self.fields["way"].initial = delivery


def _upload(file: Any) -> UploadedFile | None:
    """The uploaded file's bytes; past the size limit only enough to be refused as too
    large by the service's check (never the whole of an oversized upload)."""
    if file is None:
        return None
    return UploadedFile(name=file.name, content=file.read(settings.UPLOAD_MAX_BYTES + 1))


def _return(*, dossier: Dossier, actor: Any, data: dict[str, Any], **_: Any) -> Any:
    record = services.ReturnRecord(
        way=data["way"],
        receiver_name=data["receiver_name"],
        signed_ledger=data["signed_ledger"],
        tracking_number=data["tracking_number"],
        result_file=_upload(data["result_file"]),
    )
    return services.dossier_return_result(dossier=dossier, actor=actor, record=record)


register(
    OfficeAction(
        action=Action.RETURN_RESULT,
        label="Trả kết quả",
        form=ReturnForm,
        perform=_return,
        done="Đã trả kết quả cho người dân.",
        form_kwargs=lambda dossier, _user: {"delivery": dossier.result_delivery},
        shown=lambda dossier: dossier.result_ready_at is not None,
    )
)


# --- withdrawal and stop (Decree 118/2025 Art. 21) -------------------------------------


class WithdrawForm(forms.Form):
    reason = text_field(
        "Lý do rút hồ sơ (theo đề nghị của người yêu cầu)", max_length=2000, required=True, rows=2
    )


def _withdraw(*, dossier: Dossier, actor: Any, data: dict[str, Any], **_: Any) -> Any:
    return services.dossier_withdraw(dossier=dossier, actor=actor, reason=data["reason"])


register(
    OfficeAction(
        action=Action.WITHDRAW,
        label="Ghi nhận yêu cầu rút hồ sơ",
        form=WithdrawForm,
        perform=_withdraw,
        done="Đã ghi nhận yêu cầu rút hồ sơ; hồ sơ chờ dừng giải quyết.",
        style="secondary",
    )
)


class StopForm(forms.Form):
    reason = text_field(
        "Lý do dừng giải quyết (ghi trên thông báo Mẫu 05)", max_length=2000, required=True, rows=2
    )


def _stop(*, dossier: Dossier, actor: Any, data: dict[str, Any], **_: Any) -> Any:
    return services.dossier_stop(dossier=dossier, actor=actor, reason=data["reason"])


register(
    OfficeAction(
        action=Action.STOP,
        label="Dừng giải quyết",
        form=StopForm,
        perform=_stop,
        done="Đã dừng giải quyết hồ sơ và lập thông báo dừng (Mẫu 05).",
        style="danger",
    )
)
