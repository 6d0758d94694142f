"""What a person reads of their own dossier (issue 5 §4): where it stands now, in one
sentence and what they may have to do, and its history in plain Vietnamese, from the
applicant's side (no internal codes, no officers' names). Built from the history rows
and the notices issued to the applicant (Mẫu 02 supplement request, 03 refusal, 04
apology, 05 stop), read once each; wording of what they were told follows
``workflow.messages`` (the where-to-pick-up text is its own)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from motcua.dossiers.constants import DossierStatus, ResultDelivery
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.notifications.rendering import format_dong
from motcua.workflow.constants import Action
from motcua.workflow.messages import applicant_message
from motcua.workflow.models import (
    ApologyNotice,
    Refusal,
    ResultReturn,
    StopNotice,
    SupplementRequest,
)
from motcua.workflow.selectors import DossierDetail, late_q


@dataclass(frozen=True)
class Entry:
    at: dt.datetime
    title: str
    lines: list[str] = field(default_factory=list)
    items: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Notices:
    """The notices issued on one dossier, each read once."""

    supplements: dict[str, SupplementRequest]
    apology: ApologyNotice | None
    refusal: Refusal | None
    stop: StopNotice | None
    result_return: ResultReturn | None


@dataclass(frozen=True)
class Now:
    """Where the dossier stands, for the top of the page."""

    headline: str
    lines: list[str]
    late: bool
    waiting_for_you: bool


def notices_of(dossier: Dossier) -> Notices:
    requests = SupplementRequest.objects.filter(dossier=dossier).prefetch_related("items")
    return Notices(
        supplements={request.stage: request for request in requests},
        apology=ApologyNotice.objects.filter(dossier=dossier)
        .select_related("responsible_agency")
        .first(),
        refusal=Refusal.objects.filter(dossier=dossier).first(),
        stop=StopNotice.objects.filter(dossier=dossier).first(),
        result_return=ResultReturn.objects.filter(dossier=dossier).first(),
    )


def moment(value: dt.datetime | None) -> str:
    """ "08:30 ngày 09/03/2026" in Vietnamese time, or "—"."""
    if value is None:
        return "—"
    return timezone.localtime(value).strftime("%H:%M ngày %d/%m/%Y")


def open_supplement(dossier: Dossier, notices: Notices) -> SupplementRequest | None:
    """The request the applicant must answer now, if the dossier waits for them."""
    if dossier.status != DossierStatus.AWAITING_SUPPLEMENT:
        return None
    return notices.supplements.get(dossier.supplement_stage)


def _pickup(dossier: Dossier, event: DossierEvent) -> str:
    found = applicant_message(dossier, event)
    return str(found[1]["pickup"]) if found else ""


def _apology_lines(apology: ApologyNotice) -> list[str]:
    return [
        f"{apology.responsible_agency.name} xin lỗi vì hồ sơ chưa có kết quả đúng hẹn "
        f"{moment(apology.previous_appointment_at)}.",
        f"Lý do: {apology.reason}",
        f"Ngày hẹn trả kết quả mới: {moment(apology.new_appointment_at)}.",
    ]


def _entry(dossier: Dossier, event: DossierEvent, notices: Notices) -> Entry:
    """One history row as the applicant reads it."""
    step = event.step_name
    match event.action:
        case Action.SUBMIT_ONLINE:
            return Entry(event.at, "Bạn đã nộp hồ sơ trực tuyến", ["Chờ cán bộ kiểm tra hồ sơ."])
        case Action.RECEIVE_COUNTER | Action.RECEIVE:
            return Entry(
                event.at,
                f"Hồ sơ đã được tiếp nhận tại {dossier.receiving_unit.name}",
                [f"Hẹn trả kết quả: {moment(dossier.original_appointment_at)}."],
            )
        case Action.REGISTER_COUNTER:
            return Entry(event.at, "Hồ sơ đã được đăng ký tại bộ phận một cửa")
        case Action.REQUEST_SUPPLEMENT:
            request = notices.supplements.get(str(event.detail.get("stage", "")))
            items = [(i.name, i.reason) for i in request.items.all()] if request else []
            return Entry(
                event.at,
                "Cơ quan yêu cầu bổ sung, hoàn thiện hồ sơ",
                [f"Lý do: {event.note}"] if event.note else [],
                items,
            )
        case Action.RECORD_SUPPLEMENT:
            return Entry(event.at, "Hồ sơ đã được bổ sung", [event.note] if event.note else [])
        case Action.REFUSE:
            lines = []
            if notices.refusal is not None:
                lines = [
                    f"Lý do: {notices.refusal.reason}",
                    f"Căn cứ: {notices.refusal.legal_basis}",
                ]
            return Entry(event.at, "Hồ sơ không được tiếp nhận", lines)
        case Action.START_PROCESSING:
            return Entry(
                event.at,
                f"Hồ sơ được chuyển đến {dossier.deciding_agency.name} để giải quyết",
                [f"Bước: {step}."] if step else [],
            )
        case Action.ASSIGN:
            return Entry(event.at, "Hồ sơ đã được phân công cán bộ xử lý")
        case Action.HAND_OFF:
            if event.to_status == DossierStatus.IN_PROGRESS and step:
                return Entry(event.at, f"Hồ sơ chuyển sang bước “{step}”")
            return Entry(event.at, "Hồ sơ chuyển sang bước tiếp theo")
        case Action.DECIDE:
            return Entry(
                event.at, "Hồ sơ đã được giải quyết xong", ["Kết quả đang được chuyển trả."]
            )
        case Action.REQUEST_PAYMENT:
            amount = format_dong(int(event.detail.get("amount", 0)))
            return Entry(event.at, f"Đề nghị nộp phí, lệ phí: {amount}")
        case Action.RECORD_PAYMENT:
            amount = format_dong(int(event.detail.get("amount", 0)))
            return Entry(event.at, f"Đã ghi nhận nộp phí, lệ phí: {amount}")
        case Action.MARK_RESULT_READY:
            pickup = _pickup(dossier, event)
            return Entry(event.at, "Đã có kết quả", [f"Nhận kết quả: {pickup}."] if pickup else [])
        case Action.RETURN_RESULT:
            return Entry(event.at, "Đã trả kết quả")
        case Action.WITHDRAW:
            return Entry(
                event.at, "Bạn đã đề nghị rút hồ sơ", [f"Lý do: {event.note}"] if event.note else []
            )
        case Action.STOP:
            lines = [f"Lý do: {notices.stop.reason}"] if notices.stop is not None else []
            return Entry(event.at, "Hồ sơ đã dừng giải quyết", lines)
        case Action.RESCHEDULE:
            lines = _apology_lines(notices.apology) if notices.apology is not None else []
            return Entry(event.at, "Xin lỗi và hẹn lại ngày trả kết quả", lines)
    return Entry(event.at, "Hồ sơ được cập nhật")


def timeline(detail: DossierDetail, notices: Notices) -> list[Entry]:
    """The history, newest first (what happened last is what the person looks for)."""
    entries = [_entry(detail.dossier, event, notices) for event in detail.history]
    return list(reversed(entries))


def _is_late(dossier: Dossier, now: dt.datetime) -> bool:
    # The one definition of "late" (workflow.selectors.late_q), on this one row.
    return Dossier.objects.filter(late_q(now), pk=dossier.pk).exists()


def now_of(detail: DossierDetail, notices: Notices, *, now: dt.datetime) -> Now:
    """The sentence at the top: where the dossier is, and what the person may do."""
    dossier = detail.dossier
    late = _is_late(dossier, now)
    lines: list[str] = []
    waiting = False
    match dossier.status:
        case DossierStatus.SUBMITTED:
            headline = "Đang chờ cán bộ kiểm tra hồ sơ trực tuyến"
        case DossierStatus.RECEIVED:
            headline = f"Đã tiếp nhận, hẹn trả kết quả {moment(dossier.appointment_at)}"
        case DossierStatus.IN_PROGRESS:
            agency = dossier.current_agency.name if dossier.current_agency else ""
            headline = f"Đang xử lý tại {agency or dossier.deciding_agency.name}"
            if dossier.current_step_name:
                lines.append(f"Bước đang thực hiện: {dossier.current_step_name}.")
            lines.append(f"Hẹn trả kết quả: {moment(dossier.appointment_at)}.")
        case DossierStatus.AWAITING_SUPPLEMENT:
            headline = "Đang chờ bạn bổ sung hồ sơ"
            waiting = True
            lines.append(
                "Thời gian chờ bổ sung không tính vào thời hạn giải quyết. "
                "Bạn có thể nộp bổ sung trực tuyến ngay trên trang này hoặc tại "
                f"{dossier.receiving_unit.name}."
            )
        case DossierStatus.AWAITING_PAYMENT:
            headline = (
                "Đang chờ bạn nộp phí, lệ phí: "
                f"{format_dong(max(dossier.fee_requested - dossier.fee_paid, 0))}"
            )
            waiting = True
        case DossierStatus.WITHDRAWAL_REQUESTED:
            headline = "Bạn đã đề nghị rút hồ sơ"
            lines.append("Bộ phận một cửa sẽ gửi bạn thông báo dừng giải quyết hồ sơ.")
        case DossierStatus.STOPPED:
            headline = "Hồ sơ đã dừng giải quyết"
            if notices.stop is not None:
                lines.append(f"Lý do: {notices.stop.reason}")
        case DossierStatus.REFUSED:
            headline = "Hồ sơ không được tiếp nhận"
            if notices.refusal is not None:
                lines.append(f"Lý do: {notices.refusal.reason}")
        case DossierStatus.DECIDED if dossier.result_ready_at is not None:
            headline = "Đã có kết quả, mời bạn nhận kết quả"
            ready = next((e for e in detail.history if e.action == Action.MARK_RESULT_READY), None)
            if ready is not None and (pickup := _pickup(dossier, ready)):
                lines.append(f"Nhận kết quả: {pickup}.")
        case DossierStatus.DECIDED:
            headline = "Đã giải quyết xong, kết quả đang được chuyển về bộ phận một cửa"
        case _:
            headline = f"Đã trả kết quả {moment(dossier.returned_at)}"
            result = notices.result_return
            if result is not None and result.way == ResultDelivery.ONLINE:
                lines.append("Kết quả điện tử của bạn có thể tải về bên dưới.")
    if late:
        lines.insert(0, f"Hồ sơ đã quá hạn hẹn trả kết quả ({moment(dossier.appointment_at)}).")
    if notices.apology is not None and dossier.status not in (
        DossierStatus.RETURNED,
        DossierStatus.REFUSED,
        DossierStatus.STOPPED,
    ):
        lines.extend(_apology_lines(notices.apology))
    return Now(headline=headline, lines=lines, late=late, waiting_for_you=waiting)


def context_of(detail: DossierDetail, notices: Notices, *, now: dt.datetime) -> dict[str, Any]:
    return {
        "now": now_of(detail, notices, now=now),
        "timeline": timeline(detail, notices),
        "supplement": open_supplement(detail.dossier, notices),
    }
