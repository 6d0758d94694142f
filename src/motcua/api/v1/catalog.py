"""Public catalog endpoints: search, a procedure's full description, and the
appointment the deadline engine gives. No login needed (DOMAIN.md §5: publication)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field as PydanticField

from motcua.agencies.selectors import one_stop_unit_get_by_code
from motcua.api.v1.base import Error
from motcua.catalog.appointments import Channel, appointment_estimate
from motcua.catalog.constants import (
    ComponentForm,
    FeeCollectionPoint,
    FeeKind,
    OnlineMode,
    ParticipantRole,
    ProcedureLevel,
    ResultType,
    TimeUnit,
)
from motcua.catalog.eforms import EformFieldType
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.selectors import procedure_get_public, procedure_search_page
from motcua.core.exceptions import InvalidInputError

router = Router(tags=["Thủ tục hành chính"])

PAGE_SIZE = 20


class Choice(Schema):
    value: str
    label: str


class FieldOut(Schema):
    code: str
    name: str


class TimeLimitOut(Schema):
    value: Decimal
    unit: Choice
    text: str = PydanticField(description="Ví dụ: '10 ngày làm việc', 'Trong ngày'")
    note: str


class ProcedureSummary(Schema):
    code: str
    name: str
    field: FieldOut
    level: Choice
    online_mode: Choice
    on_the_spot: bool
    time_limit: TimeLimitOut


class ProcedurePage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[ProcedureSummary]


class AgencyOut(Schema):
    code: str
    name: str


class ComponentOut(Schema):
    name: str
    form: Choice
    count: int
    mandatory: bool
    note: str
    template_name: str
    template_url: str | None


class ExemptionOut(Schema):
    code: str
    name: str


class FeeOut(Schema):
    name: str
    kind: Choice
    amount: int = PydanticField(description="Đồng")
    online_amount: int | None
    unit_note: str
    legal_basis: str
    exemptions: list[ExemptionOut]


class LegalBasisOut(Schema):
    number: str
    title: str
    issued_on: dt.date | None
    effective_from: dt.date | None


class ParticipantOut(Schema):
    role: Choice
    agency: AgencyOut | None
    description: str
    budget: Decimal


class StepOut(Schema):
    order: int
    name: str
    performer: str
    role: str | None
    budget: Decimal


class EformChoiceOut(Schema):
    value: str
    label: str


class EformFieldOut(Schema):
    """One field of the procedure's e-form (tờ khai điện tử), in display order."""

    name: str = PydanticField(description="Khóa của trường trong dữ liệu tờ khai")
    label: str
    type: EformFieldType
    required: bool = PydanticField(
        description="Bắt buộc nhập; với kiểu boolean là phải đánh dấu (ví dụ ô cam đoan)"
    )
    max_length: int | None = PydanticField(None, description="Chỉ với text, textarea")
    choices: list[EformChoiceOut] | None = PydanticField(None, description="Chỉ với choice")
    min: int | None = PydanticField(None, description="Chỉ với integer")
    max: int | None = PydanticField(None, description="Chỉ với integer")


class VersionOut(Schema):
    number: int
    publication_decision: str
    publication_date: dt.date | None
    effective_from: dt.date | None
    effective_to: dt.date | None
    updated_at: dt.datetime | None = PydanticField(description="Công bố trên hệ thống lúc")


class ProcedureDetail(Schema):
    code: str
    name: str
    field: FieldOut
    level: Choice
    version: VersionOut
    deciding_authority: str
    agencies: list[AgencyOut]
    applicants: str
    requirements: str
    steps_description: str
    time_limit: TimeLimitOut
    online_mode: Choice
    on_the_spot: bool
    result_type: Choice
    result_name: str
    fee_collection_point: Choice
    components: list[ComponentOut]
    fees: list[FeeOut]
    legal_bases: list[LegalBasisOut]
    participants: list[ParticipantOut]
    steps: list[StepOut]
    eform: list[EformFieldOut] = PydanticField(
        description="Tờ khai điện tử của phiên bản; rỗng nếu thủ tục không có"
    )


class OneStopUnitOut(Schema):
    code: str
    name: str


class AppointmentOut(Schema):
    procedure_code: str
    version: int
    channel: Choice
    one_stop_unit: OneStopUnitOut
    received_at: dt.datetime
    clock_start: dt.datetime = PydanticField(description="Thời điểm bắt đầu tính thời hạn")
    appointment_at: dt.datetime = PydanticField(description="Ngày giờ hẹn trả kết quả")
    time_limit: TimeLimitOut


class SearchParams(Schema):
    q: str = PydanticField("", max_length=200, description="Tìm không cần dấu")
    field: str | None = PydanticField(None, max_length=40, description="Mã lĩnh vực")
    level: ProcedureLevel | None = None
    agency: str | None = PydanticField(None, max_length=40, description="Mã định danh cơ quan")
    page: int = PydanticField(1, ge=1, le=10_000)


class AppointmentParams(Schema):
    received_at: dt.datetime | None = PydanticField(
        None, description="ISO 8601; không có múi giờ thì hiểu là giờ Việt Nam; mặc định: bây giờ"
    )
    channel: Channel = Channel.COUNTER
    unit: str | None = PydanticField(None, max_length=40, description="Mã bộ phận một cửa")


def _choice(value: str, choices: Any) -> dict[str, str]:
    return {"value": value, "label": str(choices(value).label)}


def _time_limit(version: ProcedureVersion) -> dict[str, Any]:
    return {
        "value": version.time_limit_value,
        "unit": _choice(version.time_limit_unit, TimeUnit),
        "text": version.time_limit_text,
        "note": version.time_limit_note,
    }


def _summary(procedure: Procedure, version: ProcedureVersion) -> dict[str, Any]:
    return {
        "code": procedure.code,
        "name": procedure.name,
        "field": procedure.field,
        "level": _choice(procedure.level, ProcedureLevel),
        "online_mode": _choice(version.online_mode, OnlineMode),
        "on_the_spot": version.on_the_spot,
        "time_limit": _time_limit(version),
    }


@router.get("", response={200: ProcedurePage, 422: Error}, summary="Tìm thủ tục hành chính")
def procedure_list(request: HttpRequest, params: Query[SearchParams]) -> dict[str, Any]:
    result = procedure_search_page(
        q=params.q,
        field=params.field,
        level=params.level.value if params.level else None,
        agency=params.agency,
        page=params.page,
        page_size=PAGE_SIZE,
    )
    return {
        "count": result.count,
        "page": result.page,
        "pages": result.pages,
        "page_size": result.page_size,
        "items": [_summary(procedure, version) for procedure, version in result.rows],
    }


@router.get(
    "/{code}", response={200: ProcedureDetail, 404: Error}, summary="Thông tin đầy đủ một thủ tục"
)
def procedure_detail(request: HttpRequest, code: str) -> dict[str, Any]:
    procedure, version = procedure_get_public(code=code)
    return {
        **_summary(procedure, version),
        "version": {
            "number": version.number,
            "publication_decision": version.publication_decision,
            "publication_date": version.publication_date,
            "effective_from": version.effective_from,
            "effective_to": version.effective_to,
            "updated_at": version.published_at,
        },
        "deciding_authority": version.deciding_authority,
        "agencies": list(version.agencies.all()),
        "applicants": version.applicants,
        "requirements": version.requirements,
        "steps_description": version.steps_description,
        "result_type": _choice(version.result_type, ResultType),
        "result_name": version.result_name,
        "fee_collection_point": _choice(version.fee_collection_point, FeeCollectionPoint),
        "components": [
            {
                "name": c.name,
                "form": _choice(c.form, ComponentForm),
                "count": c.count,
                "mandatory": c.mandatory,
                "note": c.note,
                "template_name": c.template_name,
                "template_url": c.template_file.url if c.template_file else None,
            }
            for c in version.components.all()
        ],
        "fees": [
            {
                "name": f.name,
                "kind": _choice(f.kind, FeeKind),
                "amount": f.amount,
                "online_amount": f.online_amount,
                "unit_note": f.unit_note,
                "legal_basis": f.legal_basis,
                "exemptions": list(f.exemptions.all()),
            }
            for f in version.fees.all()
        ],
        "legal_bases": list(version.legal_bases.all()),
        "participants": [
            {
                "role": _choice(p.role, ParticipantRole),
                "agency": p.agency,
                "description": p.agency_description,
                "budget": p.budget,
            }
            for p in version.participants.all()
        ],
        "steps": [
            {
                "order": s.order,
                "name": s.name,
                "performer": s.performer,
                "role": s.role.name if s.role else None,
                "budget": s.budget,
            }
            for s in version.steps.all()
        ],
        "eform": version.eform_schema,
    }


@router.get(
    "/{code}/appointment",
    response={200: AppointmentOut, 404: Error, 422: Error},
    summary="Ngày hẹn trả nếu nộp hồ sơ vào thời điểm đã cho",
)
def procedure_appointment(
    request: HttpRequest, code: str, params: Query[AppointmentParams]
) -> dict[str, Any]:
    received_at = params.received_at or timezone.now()
    if timezone.is_naive(received_at):
        received_at = timezone.make_aware(received_at, timezone.get_default_timezone())
    if (
        not dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
        <= received_at
        <= dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
    ):
        raise InvalidInputError(
            "Thời điểm nộp phải trong khoảng năm 2000–2100 (received_at out of range).",
            code="received_at_out_of_range",
            detail={"received_at": received_at.isoformat()},
        )
    procedure, version = procedure_get_public(
        code=code, at=timezone.localdate(received_at), full=False
    )
    unit = one_stop_unit_get_by_code(code=params.unit) if params.unit else None
    appointment = appointment_estimate(
        version=version, received_at=received_at, channel=params.channel, one_stop_unit=unit
    )
    local = timezone.get_default_timezone()
    return {
        "procedure_code": procedure.code,
        "version": version.number,
        "channel": _choice(params.channel, Channel),
        "one_stop_unit": appointment.one_stop_unit,
        "received_at": timezone.localtime(received_at, local),
        "clock_start": timezone.localtime(appointment.clock_start, local),
        "appointment_at": timezone.localtime(appointment.appointment_at, local),
        "time_limit": _time_limit(version),
    }
