"""The tracking ledger (Sổ theo dõi hồ sơ, Mẫu 07 of Circular 03/2025 Annex I; Mẫu 06
of Circular 01/2018): the dossiers received at one one-stop unit in a date range, with
their receipt, appointment, transfer, result and return dates (DOMAIN.md §3, §2.7).

Who may read a unit's ledger: its counter officers, and the leaders of the agency that
runs it (``ledger_units_for_user``). The book is the unit's, so its rows are every
dossier received there, not only those the reader would see one by one.

Bounded: a range of at most ``MAX_DAYS`` days; the PDF holds at most ``PDF_MAX_ROWS``
rows and the spreadsheet ``XLSX_MAX_ROWS`` (each says when it was cut).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from motcua.accounts.constants import RoleCode
from motcua.agencies.models import OneStopUnit
from motcua.core.exceptions import InvalidInputError
from motcua.documents.render import pdf_render
from motcua.documents.text import day_text, local
from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.workflow.models import Handoff
from motcua.workflow.paperwork import header
from motcua.workflow.permissions import posts_of
from motcua.workflow.queues import counter_units_q

MAX_DAYS = 366
PDF_MAX_ROWS = 2000
XLSX_MAX_ROWS = 50_000

# The columns of Mẫu 07, in the order the PDF and the spreadsheet print them.
COLUMNS = (
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Số lượng hồ sơ (bộ)",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Chuyển hồ sơ đến cơ quan giải quyết",
    "Nhận kết quả từ cơ quan giải quyết",
    "Trả kết quả cho cá nhân, tổ chức",
    "Ký nhận",
    "Ghi chú",
)

# A ledger note for a dossier that did not end with a returned result.
_NOTES = {
    DossierStatus.STOPPED: "Dừng giải quyết",
    DossierStatus.WITHDRAWAL_REQUESTED: "Đề nghị rút hồ sơ",
    DossierStatus.AWAITING_SUPPLEMENT: "Chờ bổ sung",
    DossierStatus.AWAITING_PAYMENT: "Chờ nộp phí, lệ phí",
}


def ledger_units_for_user(user: Any) -> QuerySet[OneStopUnit]:
    """The one-stop units whose ledger ``user`` may read: a counter officer's own unit
    (or every unit of their agency when the post names none); a leader's agency's."""
    leading = {post.agency_id for post in posts_of(user) if post.role == RoleCode.LEADER}
    q = counter_units_q(user) | Q(agency_id__in=leading)
    return OneStopUnit.objects.filter(q, is_active=True).select_related("agency").order_by("name")


def ledger_range_check(date_from: dt.date, date_to: dt.date) -> None:
    if date_to < date_from:
        raise InvalidInputError(
            "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu (reversed range).",
            code="ledger_range_reversed",
        )
    if (date_to - date_from).days + 1 > MAX_DAYS:
        raise InvalidInputError(
            f"Chỉ xem được sổ trong tối đa {MAX_DAYS} ngày một lần (range too long).",
            code="ledger_range_too_long",
        )


def ledger_dossiers(
    *, unit: OneStopUnit, date_from: dt.date, date_to: dt.date
) -> QuerySet[Dossier]:
    """The dossiers received at ``unit`` from ``date_from`` to ``date_to`` (Vietnamese
    days, both included), in the order of receipt, with the first transfer from the unit
    to the deciding agency."""
    ledger_range_check(date_from, date_to)
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(date_from, dt.time(0), tzinfo=zone)
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    transfer = (
        Handoff.objects.filter(dossier=OuterRef("pk"), from_unit_id=OuterRef("receiving_unit_id"))
        .order_by("sent_at", "pk")
        .values("sent_at")[:1]
    )
    return (
        Dossier.objects.filter(receiving_unit=unit, received_at__gte=start, received_at__lt=end)
        .select_related("procedure", "deciding_agency")
        .annotate(transferred_at=Subquery(transfer))
        .order_by("received_at", "pk")
    )


@dataclass(frozen=True)
class LedgerRow:
    number: int
    code: str
    procedure: str
    sets: int
    applicant: str
    contact: str
    lead_agency: str
    received: dt.datetime | None
    appointment: dt.datetime | None
    transferred: dt.datetime | None
    result_back: dt.datetime | None
    returned: dt.datetime | None
    note: str


def ledger_rows(dossiers: Iterable[Dossier], *, first: int = 1) -> Iterator[LedgerRow]:
    for number, d in enumerate(dossiers, start=first):
        yield LedgerRow(
            number=number,
            code=d.code,
            procedure=d.procedure.name,
            sets=d.sets_count,
            applicant=d.applicant_name,
            contact=", ".join(part for part in (d.applicant_address, d.applicant_phone) if part),
            lead_agency=d.deciding_agency.name,
            received=d.received_at,
            appointment=d.appointment_at,
            transferred=getattr(d, "transferred_at", None),
            result_back=d.result_ready_at,
            returned=d.returned_at,
            note=_NOTES.get(DossierStatus(d.status), ""),
        )


def _title_range(date_from: dt.date, date_to: dt.date) -> tuple[str, str]:
    return day_text(date_from), day_text(date_to)


def ledger_pdf(*, unit: OneStopUnit, date_from: dt.date, date_to: dt.date) -> bytes:
    """Mẫu 07 as PDF (landscape A4), at most ``PDF_MAX_ROWS`` rows."""
    queryset = ledger_dossiers(unit=unit, date_from=date_from, date_to=date_to)
    dossiers = list(queryset[: PDF_MAX_ROWS + 1])
    truncated = len(dossiers) > PDF_MAX_ROWS
    rows = [
        {
            "number": row.number,
            "code": row.code,
            "procedure": row.procedure,
            "sets": row.sets,
            "applicant": row.applicant,
            "contact": row.contact,
            "lead_agency": row.lead_agency,
            "received": _short(row.received),
            "appointment": _short(row.appointment),
            "transferred": _short(row.transferred),
            "result_back": _short(row.result_back),
            "returned": _short(row.returned),
            "note": row.note,
        }
        for row in ledger_rows(dossiers[:PDF_MAX_ROWS])
    ]
    start, end = _title_range(date_from, date_to)
    data = {
        "header": header(unit=unit, number="", day=timezone.localdate()),
        "from": start,
        "to": end,
        "rows": rows,
        "truncated": truncated,
    }
    return pdf_render(template="mau_07", data=data)


def _short(moment: dt.datetime | None) -> str:
    return "" if moment is None else f"{local(moment):%H:%M %d/%m/%Y}"


def ledger_xlsx(*, unit: OneStopUnit, date_from: dt.date, date_to: dt.date) -> bytes:
    """Mẫu 07 as an Excel workbook, the same columns, times as real Excel date-times
    (Vietnamese time), at most ``XLSX_MAX_ROWS`` rows read in chunks."""
    queryset = ledger_dossiers(unit=unit, date_from=date_from, date_to=date_to)
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True, "remove_timezone": True})
    sheet = book.add_worksheet("Sổ theo dõi hồ sơ")
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1})
    moment = book.add_format({"num_format": "dd/mm/yyyy hh:mm", "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    start, end = _title_range(date_from, date_to)
    sheet.write(0, 0, f"SỔ THEO DÕI HỒ SƠ – {unit.name}", book.add_format({"bold": True}))
    sheet.write(1, 0, f"Từ ngày {start} đến ngày {end}")
    for column, title in enumerate(COLUMNS):
        sheet.write(3, column, title, bold)
    widths = (6, 28, 45, 8, 26, 34, 34, 16, 16, 16, 16, 16, 12, 18)
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width, wrap if column in (2, 4, 5, 6) else None)
    line = 4
    for row in ledger_rows(queryset[:XLSX_MAX_ROWS].iterator(chunk_size=500)):
        values = (row.number, row.code, row.procedure, row.sets, row.applicant, row.contact)
        for column, value in enumerate(values):
            sheet.write(line, column, value)
        sheet.write(line, 6, row.lead_agency)
        moments = (row.received, row.appointment, row.transferred, row.result_back, row.returned)
        for column, at in enumerate(moments, start=7):
            if at is not None:
                sheet.write_datetime(line, column, local(at).replace(tzinfo=None), moment)
        sheet.write(line, 13, row.note)
        line += 1
    if line - 4 >= XLSX_MAX_ROWS and queryset[XLSX_MAX_ROWS : XLSX_MAX_ROWS + 1].exists():
        sheet.write(
            line, 0, f"Chỉ xuất {XLSX_MAX_ROWS} hồ sơ đầu tiên; hãy chọn khoảng thời gian ngắn hơn."
        )
    sheet.freeze_panes(4, 2)
    book.close()
    return output.getvalue()
