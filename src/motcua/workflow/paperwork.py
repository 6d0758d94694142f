"""The statutory forms of a dossier (Circular 03/2025/TT-VPCP Annex I, DOMAIN.md §3):
which apply to it, and the plain data each needs, read from the dossier and its notices
and rendered by ``documents``. The tracking ledger (Mẫu 07) is in ``workflow.ledger``.

Every value is formatted here (times in Asia/Ho_Chi_Minh, "08 giờ 30 phút, ngày
02/03/2026"), so a template only lays text out. The caller has already checked that the
reader may see the dossier (``selectors.dossier_get_for_user``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from motcua.agencies.models import Agency, OneStopUnit
from motcua.calendar.constants import Outcome
from motcua.catalog.constants import ComponentForm
from motcua.core.exceptions import NotFoundError
from motcua.documents.qr import qr_svg
from motcua.documents.render import pdf_render
from motcua.documents.text import day_text, moment_text, place_date, short_moment
from motcua.dossiers.constants import DossierStatus, ResultDelivery, SupplementStage
from motcua.dossiers.models import Dossier
from motcua.notifications.rendering import format_dong
from motcua.workflow.messages import tracking_url
from motcua.workflow.models import (
    ApologyNotice,
    DossierParticipant,
    Handoff,
    Refusal,
    StopNotice,
    SupplementRequest,
)

# The forms of Circular 03/2025 Annex I a dossier can carry (07, the ledger, is a
# unit's, not a dossier's).
FORM_TITLES: dict[int, str] = {
    1: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    2: "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    3: "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    4: "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
    5: "Thông báo dừng giải quyết hồ sơ",
    6: "Phiếu kiểm soát quá trình giải quyết hồ sơ",
    7: "Sổ theo dõi hồ sơ",
}


def form_available(dossier: Dossier) -> list[int]:
    """The numbers of the forms that apply to ``dossier`` now: 01 and 06 once received,
    02 once a supplement was requested, 03 when refused, 04 once an apology was issued,
    05 when stopped. One query."""
    flags = (
        Dossier.objects.filter(pk=dossier.pk)
        .annotate(
            has_supplement=Exists(SupplementRequest.objects.filter(dossier=OuterRef("pk"))),
            has_refusal=Exists(Refusal.objects.filter(dossier=OuterRef("pk"))),
            has_apology=Exists(ApologyNotice.objects.filter(dossier=OuterRef("pk"))),
            has_stop=Exists(StopNotice.objects.filter(dossier=OuterRef("pk"))),
        )
        .values("received_at", "has_supplement", "has_refusal", "has_apology", "has_stop")
        .first()
    )
    if flags is None:
        return []
    received = flags["received_at"] is not None
    applies = {
        1: received,
        2: flags["has_supplement"],
        3: flags["has_refusal"],
        4: flags["has_apology"],
        5: flags["has_stop"],
        6: received,
    }
    return [number for number, yes in applies.items() if yes]


def dossier_form_pdf(*, dossier: Dossier, number: int) -> bytes:
    """The PDF of form ``number`` for ``dossier``; ``NotFoundError`` when that form does
    not apply to it (yet)."""
    if number not in form_available(dossier):
        raise NotFoundError(
            f"Hồ sơ này chưa có {FORM_TITLES.get(number, 'biểu mẫu này').lower()} "
            "(form does not apply).",
            code="form_not_available",
        )
    dossier = _full(dossier)
    return pdf_render(template=f"mau_{number:02d}", data=BUILDERS[number](dossier))


def _full(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_related(
        "version__procedure",
        "receiving_unit__agency__parent",
        "receiving_unit__administrative_unit",
        "deciding_agency",
        "received_by",
    ).get(pk=dossier.pk)


# --- shared pieces --------------------------------------------------------------------

_PLACE_PREFIX = re.compile(r"^(tỉnh|thành phố|xã|phường|đặc khu|thị trấn)\s+", re.IGNORECASE)
_PLACE_IN_NAME = re.compile(r"\b(?:tỉnh|thành phố)\s+(.+)$", re.IGNORECASE)


def place_of(unit: OneStopUnit) -> str:
    """Where a form is issued, for "Vĩnh Long, ngày ...": the unit's (else its agency's)
    administrative unit without its kind; else the province named in the agency's name
    ("Ủy ban nhân dân tỉnh Vĩnh Long" → "Vĩnh Long")."""
    agency: Agency | None = unit.agency
    division = unit.administrative_unit or (agency.administrative_unit if agency else None)
    if division is not None:
        return _PLACE_PREFIX.sub("", division.name)
    for _ in range(4):  # a commune's office, its committee, the province: a short chain
        if agency is None:
            break
        found = _PLACE_IN_NAME.search(agency.name)
        if found:
            return found.group(1)
        agency = agency.parent
    return ""


def _issuer_parent(agency: Agency | None) -> str:
    # The governing body as the annex heads it: "UBND TỈNH VĨNH LONG".
    if agency is None:
        return ""
    return re.sub(r"^Ủy ban nhân dân", "UBND", agency.name, flags=re.IGNORECASE)


def header(*, unit: OneStopUnit, number: str, day: dt.date) -> dict[str, str]:
    return {
        "parent": _issuer_parent(unit.agency),
        "issuer": unit.name,
        "number": number,
        "place_date": place_date(place_of(unit), day),
    }


def _today(moment: dt.datetime | None) -> dt.date:
    return timezone.localtime(moment or timezone.now()).date()


def _person(user: Any) -> str:
    return "" if user is None else (user.full_name or user.username)


def _applicant(dossier: Dossier) -> dict[str, str]:
    return {
        "name": dossier.applicant_name,
        "id_number": dossier.applicant_id_number,
        "address": dossier.applicant_address,
        "phone": dossier.applicant_phone,
        "email": dossier.applicant_email,
    }


def _common(dossier: Dossier, *, suffix: str, day: dt.date) -> dict[str, Any]:
    return {
        "header": header(unit=dossier.receiving_unit, number=f"{dossier.code}/{suffix}", day=day),
        "code": dossier.code,
        "unit": dossier.receiving_unit.name,
        "applicant": _applicant(dossier),
        "procedure": dossier.version.procedure.name,
    }


def _delivery(dossier: Dossier) -> str:
    text = ResultDelivery(dossier.result_delivery).label
    if dossier.result_delivery == ResultDelivery.POST and dossier.delivery_address:
        text = f"{text} ({dossier.delivery_address})"
    return text


# --- the forms ------------------------------------------------------------------------


def receipt_data(dossier: Dossier) -> dict[str, Any]:
    """Mẫu 01: what was received, when, and when the result is due."""
    url = tracking_url(dossier.code)
    components = [
        {"name": c.name, "form": ComponentForm(c.form).label, "count": c.count}
        for c in dossier.components.order_by("pk")
    ]
    return {
        **_common(dossier, suffix="TNHS", day=_today(dossier.received_at)),
        "representative": dossier.representative_name,
        "components": components,
        "sets": f"{dossier.sets_count:02d}",
        "time_limit": dossier.version.time_limit_text,
        "received_at": moment_text(dossier.received_at),
        "appointment_at": moment_text(dossier.appointment_at),
        "delivery": _delivery(dossier),
        "qr": qr_svg(url),
        "tracking_url": url,
        "submitter": dossier.representative_name or dossier.applicant_name,
        "officer": _person(dossier.received_by),
    }


def supplement_data(dossier: Dossier) -> dict[str, Any]:
    """Mẫu 02 of the latest supplement request, every item with its reason."""
    request = (
        SupplementRequest.objects.filter(dossier=dossier)
        .select_related("requested_by")
        .order_by("-requested_at", "-pk")
        .first()
    )
    if request is None:  # form_available checked; a concurrent delete is not a thing
        raise NotFoundError("Hồ sơ chưa có yêu cầu bổ sung (no supplement request).")
    unit = dossier.receiving_unit
    return {
        **_common(dossier, suffix="BSHS", day=_today(request.requested_at)),
        "stage": SupplementStage(request.stage).label,
        "requested_at": moment_text(request.requested_at),
        "items": [{"name": i.name, "reason": i.reason} for i in request.items.order_by("pk")],
        "reason": request.reason,
        "legal_basis": request.legal_basis,
        "contact": " – ".join(part for part in (unit.name, unit.phone) if part),
        "catalog_url": f"{settings.PUBLIC_BASE_URL}/thu-tuc/{dossier.version.procedure.code}/",
        "officer": _person(request.requested_by),
    }


def refusal_data(dossier: Dossier) -> dict[str, Any]:
    """Mẫu 03: the reasons and the legal basis of the refusal."""
    refusal = Refusal.objects.select_related("refused_by").get(dossier=dossier)
    return {
        **_common(dossier, suffix="TCHS", day=_today(refusal.refused_at)),
        "reason": refusal.reason,
        "legal_basis": refusal.legal_basis,
        "refused_at": moment_text(refusal.refused_at),
        "officer": _person(refusal.refused_by),
    }


def apology_data(dossier: Dossier) -> dict[str, Any]:
    """Mẫu 04, issued by the agency that caused the delay and signed by its head."""
    apology = ApologyNotice.objects.select_related("responsible_agency__parent", "signed_by").get(
        dossier=dossier
    )
    agency = apology.responsible_agency
    day = _today(apology.issued_at)
    data = _common(dossier, suffix="XLHS", day=day)
    data["header"] = {
        "parent": _issuer_parent(agency.parent),
        "issuer": agency.name,
        "number": f"{dossier.code}/XLHS",
        "place_date": place_date(place_of(dossier.receiving_unit), day),
    }
    return {
        **data,
        "agency": agency.name,
        "received_at": day_text(dossier.received_at),
        "previous_appointment_at": moment_text(apology.previous_appointment_at),
        "new_appointment_at": moment_text(apology.new_appointment_at),
        "reason": apology.reason,
        "signer_title": "Thủ trưởng cơ quan",
        "signer": _person(apology.signed_by),
    }


def stop_data(dossier: Dossier) -> dict[str, Any]:
    """Mẫu 05: the stop, the stage reached, and the fees already paid."""
    notice = StopNotice.objects.select_related("issued_by").get(dossier=dossier)
    try:
        stage = DossierStatus(notice.stage).label
    except ValueError:
        stage = notice.stage
    fee_note = ""
    if dossier.fee_paid:
        fee_note = f"đã nộp {format_dong(dossier.fee_paid)}"
    return {
        **_common(dossier, suffix="DGQ", day=_today(notice.issued_at)),
        "received_at": day_text(dossier.received_at or dossier.submitted_at),
        "at_applicant_request": notice.at_applicant_request,
        "issued_at": moment_text(notice.issued_at),
        "reason": notice.reason,
        "stage": stage,
        "fee_note": fee_note,
        "officer": _person(notice.issued_by),
    }


def control_sheet_data(dossier: Dossier) -> dict[str, Any]:
    """Mẫu 06: one row per hand-off, from the one-stop unit to the agency and back."""
    rows = [
        {
            "from_label": h.from_label,
            "to_label": h.to_label,
            "sent_at": short_moment(h.sent_at),
            "received_at": short_moment(h.received_at),
            "sent_by": _person(h.sent_by),
            "received_by": _person(h.received_by),
            "outcome": Outcome(h.outcome).label if h.outcome else "",
            "note": h.note,
        }
        for h in Handoff.objects.filter(dossier=dossier)
        .select_related("sent_by", "received_by")
        .order_by("sent_at", "pk")
    ]
    coordinating = list(
        DossierParticipant.objects.filter(dossier=dossier, inter_agency=True)
        .order_by("participant__order", "pk")
        .values_list("agency__name", flat=True)
    )
    data = _common(dossier, suffix="", day=_today(dossier.received_at))
    data["header"]["number"] = ""
    return {
        **data,
        "lead_agency": dossier.deciding_agency.name,
        "coordinating": coordinating,
        "received_at": moment_text(dossier.received_at),
        "appointment_at": moment_text(dossier.appointment_at),
        "rows": rows,
    }


BUILDERS: dict[int, Callable[[Dossier], dict[str, Any]]] = {
    1: receipt_data,
    2: supplement_data,
    3: refusal_data,
    4: apology_data,
    5: stop_data,
    6: control_sheet_data,
}
