"""The processing buttons of the dossier page (project issue 4, point 4): start
processing, assign the step, hand off to the next step (to another agency: a liên
thông transfer; to the approval step: a proposal of the decision), request a
supplement at appraisal, request payment. Each form parses what the officer typed and
``perform`` calls the one service; who may press which button, and whether the
status allows it, is ``workflow.permissions`` and the transition table's, checked
again by the service under the row lock (DESIGN.md, The one rule)."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from motcua.accounts.constants import RoleCode
from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.office.actions import OfficeAction, register, text_field
from motcua.workflow import services
from motcua.workflow.constants import Action, TaskStatus
from motcua.workflow.inbox import step_holders
from motcua.workflow.models import Task

NOTE_MAX = 2000
HAND_OFF_NOTE_MAX = 500  # Handoff.note
SUPPLEMENT_ROWS = 5
_CHOICE_ERRORS = {"invalid_choice": "Lựa chọn không hợp lệ; hãy chọn lại trong danh sách."}


def _tasks(dossier: Dossier) -> list[Task]:
    # The dossier page's detail has prefetched the tasks (with agency, unit, role,
    # assignee): building the forms reads nothing more.
    return sorted(dossier.tasks.all(), key=lambda task: task.order)


def _active(dossier: Dossier) -> Task | None:
    return next((t for t in _tasks(dossier) if t.status == TaskStatus.ACTIVE), None)


def _pending_after(dossier: Dossier, task: Task | None) -> list[Task]:
    lower = task.order if task is not None else -1
    return [t for t in _tasks(dossier) if t.status == TaskStatus.PENDING and t.order > lower]


def _where(task: Task) -> str:
    if task.one_stop_unit is not None:
        return task.one_stop_unit.name
    return task.agency.name


class _Officer(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name or obj.username} ({obj.username})"


def _officer_field(task: Task | None, *, label: str, required: bool) -> forms.Field:
    queryset = step_holders(task=task) if task is not None else User.objects.none()
    return _Officer(
        queryset=queryset,
        label=label,
        required=required,
        empty_label="— Chưa phân công —" if not required else "— Chọn cán bộ —",
        error_messages={
            "required": "Hãy chọn cán bộ.",
            "invalid_choice": "Cán bộ này không xử lý được bước này; hãy chọn trong danh sách.",
        },
    )


# --- start processing -----------------------------------------------------------------


class StartProcessingForm(forms.Form):
    def __init__(self, *args: Any, next_task: Task | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        where = f" ({next_task.order}. {next_task.name} – {_where(next_task)})" if next_task else ""
        self.fields["assignee"] = _officer_field(
            next_task, label=f"Giao cho cán bộ{where}", required=False
        )
        self.fields["note"] = text_field(max_length=NOTE_MAX)


def _start_kwargs(dossier: Dossier, user: Any) -> dict[str, Any]:
    pending = _pending_after(dossier, _active(dossier))
    return {"next_task": pending[0] if pending else None}


def _start(*, dossier: Dossier, actor: Any, data: dict[str, Any], form: Any) -> Any:
    return services.dossier_start_processing(
        dossier=dossier, actor=actor, assignee=data.get("assignee"), note=data.get("note", "")
    )


# --- assign ---------------------------------------------------------------------------


class AssignForm(forms.Form):
    def __init__(self, *args: Any, task: Task | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"] = _officer_field(task, label="Cán bộ xử lý bước", required=True)
        self.fields["note"] = text_field(max_length=NOTE_MAX)


def _assign_kwargs(dossier: Dossier, user: Any) -> dict[str, Any]:
    return {"task": _active(dossier)}


def _assign(*, dossier: Dossier, actor: Any, data: dict[str, Any], form: Any) -> Any:
    return services.dossier_assign(
        dossier=dossier, actor=actor, assignee=data["assignee"], note=data.get("note", "")
    )


# --- hand off -------------------------------------------------------------------------


def hand_off_label(current: Task | None, following: Task | None, *, last_order: int) -> str:
    """What the hand-off button does: a step at another agency is a liên thông
    transfer (DOMAIN.md §2.4); the approval step (the leader's, or the last) receives a
    proposal of the decision."""
    if current is None or following is None:
        return "Chuyển bước"
    if following.agency_id != current.agency_id:
        return "Chuyển cơ quan phối hợp"
    if (following.role is not None and following.role.code == RoleCode.LEADER) or (
        following.order == last_order
    ):
        return "Trình phê duyệt"
    return "Chuyển bước tiếp theo"


class HandOffForm(forms.Form):
    def __init__(
        self,
        *args: Any,
        current: Task | None = None,
        pending: list[Task] | None = None,
        last_order: int = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        pending = pending or []
        following = pending[0] if pending else None
        self.button_label = hand_off_label(current, following, last_order=last_order)
        # At the last step there is nothing to hand to (the leader decides): no button.
        self.unavailable = following is None
        choices = []
        for task in pending:
            text = f"{task.order}. {task.name} – {_where(task)}"
            if current is not None and task.agency_id != current.agency_id:
                text += " (liên thông)"
            choices.append((str(task.order), text))
        self.fields["to_step"] = forms.TypedChoiceField(
            label="Chuyển đến bước",
            choices=choices,
            coerce=int,
            required=True,
            error_messages={
                **_CHOICE_ERRORS,
                "required": "Hồ sơ không còn bước tiếp theo; hãy trình phê duyệt.",
            },
        )
        where = f" (bước {following.order})" if following is not None else ""
        self.fields["assignee"] = _officer_field(
            following, label=f"Giao cho cán bộ{where}", required=False
        )
        self.fields["note"] = text_field(max_length=HAND_OFF_NOTE_MAX)


def _hand_off_kwargs(dossier: Dossier, user: Any) -> dict[str, Any]:
    current = _active(dossier)
    tasks = _tasks(dossier)
    return {
        "current": current,
        "pending": _pending_after(dossier, current),
        "last_order": tasks[-1].order if tasks else 0,
    }


def _hand_off(*, dossier: Dossier, actor: Any, data: dict[str, Any], form: Any) -> Any:
    return services.dossier_hand_off(
        dossier=dossier,
        actor=actor,
        to_step=data["to_step"],
        assignee=data.get("assignee"),
        note=data.get("note", ""),
    )


# --- request a supplement -------------------------------------------------------------


class SupplementForm(forms.Form):
    """Mẫu 02: every missing or wrong paper with its reason, in one go (Decree 118/2025
    Art. 11): up to five rows, each a paper of the procedure (or another, named) and
    why."""

    reason = forms.CharField(
        label="Lý do chung", max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    legal_basis = forms.CharField(label="Căn cứ", required=False, max_length=500)

    def __init__(self, *args: Any, components: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.components = {str(c.pk): c for c in components or []}
        choices = [("", "— Giấy tờ khác (ghi tên) —")]
        choices += [(key, c.name) for key, c in self.components.items()]
        for row in range(1, SUPPLEMENT_ROWS + 1):
            self.fields[f"item{row}_component"] = forms.ChoiceField(
                label=f"Mục {row}: giấy tờ",
                choices=choices,
                required=False,
                error_messages=_CHOICE_ERRORS,
            )
            self.fields[f"item{row}_name"] = forms.CharField(
                label=f"Mục {row}: tên giấy tờ khác", required=False, max_length=500
            )
            self.fields[f"item{row}_reason"] = forms.CharField(
                label=f"Mục {row}: lý do", required=False, max_length=1000
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        items = []
        for row in range(1, SUPPLEMENT_ROWS + 1):
            key = data.get(f"item{row}_component") or ""
            name = (data.get(f"item{row}_name") or "").strip()
            reason = (data.get(f"item{row}_reason") or "").strip()
            component = self.components.get(key)
            if component is None and not name and not reason:
                continue
            if not reason:
                self.add_error(f"item{row}_reason", "Hãy ghi lý do của mục này.")
                continue
            if component is None and not name:
                self.add_error(f"item{row}_name", "Hãy chọn giấy tờ hoặc ghi tên giấy tờ.")
                continue
            if component is not None and not name:
                name = component.name
            items.append(
                services.SupplementItemInput(name=name, reason=reason, component=component)
            )
        if not items and not self.errors:
            raise forms.ValidationError("Hãy liệt kê ít nhất một giấy tờ cần bổ sung, kèm lý do.")
        data["items"] = items
        return data


def _supplement_kwargs(dossier: Dossier, user: Any) -> dict[str, Any]:
    return {"components": list(dossier.version.components.order_by("order", "pk"))}


def _supplement(*, dossier: Dossier, actor: Any, data: dict[str, Any], form: Any) -> Any:
    return services.dossier_request_supplement(
        dossier=dossier,
        actor=actor,
        items=data["items"],
        reason=data["reason"],
        legal_basis=data.get("legal_basis", ""),
    )


# --- request payment ------------------------------------------------------------------


# Đồng as officers write them: 500000 or 500.000 (dots, or spaces, between thousands).
_DONG = re.compile(r"[0-9]{1,3}(?:([. ])[0-9]{3}(?:\1[0-9]{3})*)?|[0-9]+")


class AmountField(forms.CharField):
    """A whole number of đồng. Django's IntegerField would read "1.000" as 1 (it drops
    a trailing ".000"), so the thousands dots are parsed here."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=30, **kwargs)
        # Django's Vietnamese catalogue has no text for the length check.
        self.error_messages["max_length"] = "Số tiền quá dài."

    def clean(self, value: Any) -> int | None:
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        if not _DONG.fullmatch(text):
            raise forms.ValidationError(
                "Số tiền là số nguyên đồng, ví dụ 500000 hoặc 500.000.", code="invalid"
            )
        amount = int(text.replace(".", "").replace(" ", ""))
        if not 0 < amount <= services.MAX_FEE:
            raise forms.ValidationError(
                "Số tiền phải lớn hơn 0 và không quá 1.000.000.000.000 đồng.", code="range"
            )
        return amount


class PaymentForm(forms.Form):
    amount = AmountField(
        label="Số tiền (đồng)",
        error_messages={"required": "Hãy nhập số tiền."},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    note = forms.CharField(
        label="Nội dung", required=False, max_length=NOTE_MAX, widget=forms.Textarea({"rows": 2})
    )


def _payment(*, dossier: Dossier, actor: Any, data: dict[str, Any], form: Any) -> Any:
    return services.dossier_request_payment(
        dossier=dossier, actor=actor, amount=data["amount"], note=data.get("note", "")
    )


register(
    OfficeAction(
        action=Action.START_PROCESSING,
        label="Chuyển xử lý",
        form=StartProcessingForm,
        perform=_start,
        done="Đã chuyển hồ sơ sang bước xử lý tiếp theo.",
        form_kwargs=_start_kwargs,
    )
)
register(
    OfficeAction(
        action=Action.ASSIGN,
        label="Phân công xử lý",
        form=AssignForm,
        perform=_assign,
        done="Đã phân công cán bộ xử lý bước hiện tại.",
        form_kwargs=_assign_kwargs,
        style="secondary",
    )
)
register(
    OfficeAction(
        action=Action.HAND_OFF,
        label="Chuyển bước",
        form=HandOffForm,
        perform=_hand_off,
        done="Đã chuyển hồ sơ; phiếu kiểm soát quá trình đã ghi lượt giao nhận.",
        form_kwargs=_hand_off_kwargs,
    )
)
register(
    OfficeAction(
        action=Action.REQUEST_SUPPLEMENT,
        label="Yêu cầu bổ sung hồ sơ",
        form=SupplementForm,
        perform=_supplement,
        done="Đã gửi yêu cầu bổ sung hồ sơ (Mẫu 02) cho người nộp.",
        form_kwargs=_supplement_kwargs,
        style="secondary",
    )
)
register(
    OfficeAction(
        action=Action.REQUEST_PAYMENT,
        label="Yêu cầu nộp phí, lệ phí",
        form=PaymentForm,
        perform=_payment,
        done="Đã gửi yêu cầu thực hiện nghĩa vụ tài chính.",
        style="secondary",
    )
)
