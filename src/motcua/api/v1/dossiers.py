"""/api/v1/dossiers and /api/v1/track: dossiers for the people who handle or own them,
and public tracking by code (project issue 3, point 6).

    POST /api/v1/dossiers                         online submission (Idempotency-Key)
    POST /api/v1/dossiers/counter                 receipt at the counter
    GET  /api/v1/dossiers                         what the caller may see, filtered
    GET  /api/v1/dossiers/{code}                  detail: components, steps, history
    POST /api/v1/dossiers/{code}/actions/{name}   one route and one body per action
    GET  /api/v1/track/{code}                     public: status, times, masked name

The handlers parse and resolve what the body names (procedure, agency, one-stop unit,
components by id, staff by username), then call one workflow service with the caller
from authentication as ``actor`` (DESIGN.md, "The one rule"). Who may see a dossier is
decided in SQL by ``workflow.selectors``: a dossier the caller may not see is "not
found" (404), one they see but may not act on is 403. Times are shown in
Asia/Ho_Chi_Minh, ISO 8601 with the offset.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Header, Query, Router, Schema, Status
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from motcua.accounts.constants import RoleCode
from motcua.accounts.models import User
from motcua.accounts.selectors import staff_get_by_username
from motcua.agencies.models import Agency
from motcua.agencies.selectors import agency_get_by_code, one_stop_unit_get_by_code
from motcua.api.v1.base import Error, error_response
from motcua.api.v1.security import AUTH, current_user
from motcua.calendar.constants import Outcome
from motcua.catalog.constants import ComponentForm
from motcua.catalog.models import ProcedureVersion, RequiredComponent
from motcua.catalog.selectors import procedure_version_for_intake
from motcua.core.exceptions import (
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from motcua.dossiers.constants import (
    ApplicantKind,
    Channel,
    Decision,
    DossierStatus,
    ResultDelivery,
)
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import ComponentInput, UploadedFile, file_check, file_decode
from motcua.workflow import permissions, services
from motcua.workflow.constants import Action, TaskStatus
from motcua.workflow.selectors import (
    DossierDetail,
    dossier_detail,
    dossier_detail_for,
    dossier_get_for_user,
    dossier_list_for_user,
    dossier_page,
    dossier_track,
)
from motcua.workflow.transitions import CREATING_ACTIONS

router = Router(tags=["Hồ sơ"], auth=AUTH)
track_router = Router(tags=["Tra cứu hồ sơ"])

PAGE_SIZE = 20
COUNT_CAP = 1000
MAX_PAGE = 10_000
MAX_COMPONENTS = 50
MAX_FILES = 10
# Longer than any file the upload limit admits as base64; the request body limit
# (MOTCUA_REQUEST_MAX_BYTES, 413) binds first. A constant, so the committed OpenAPI
# schema does not change with the installation's settings.
MAX_BASE64 = 16 * 1024 * 1024
MAX_ID = 2**63 - 1

ERRORS: dict[int, type[Error]] = {
    400: Error,
    401: Error,
    403: Error,
    404: Error,
    409: Error,
    413: Error,
    422: Error,
}

# --- input types ------------------------------------------------------------------------

# Control characters have no place in a name or a note; lone surrogates cannot be
# stored as UTF-8. NUL (which PostgreSQL refuses in text) is already turned away by
# core.middleware for JSON bodies, paths and queries; a JSON body sent under another
# content type still ends here.
_CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_CONTROL_IN_LINE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


def _text_ok(value: str) -> str:
    if _CONTROL_IN_TEXT.search(value):
        raise ValueError("Không được chứa ký tự điều khiển (control characters not allowed).")
    return value


def _line_ok(value: str) -> str:
    if _CONTROL_IN_LINE.search(value):
        raise ValueError("Không được chứa ký tự điều khiển (control characters not allowed).")
    return value


#: Multi-line text (notes, reasons): newlines and tabs allowed.
Text = Annotated[str, AfterValidator(_text_ok)]
#: One line (codes, names, usernames).
Line = Annotated[str, AfterValidator(_line_ok)]


def _shown(value: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(value) if value is not None and timezone.is_aware(value) else value


#: A time as the API shows it: Asia/Ho_Chi_Minh (settings.TIME_ZONE) with its offset.
LocalTime = Annotated[dt.datetime, AfterValidator(_shown)]

# Dossier codes are <agency e-ID>-<YYMMDD>-<NNNN> (DOMAIN.md §3). Anything else cannot
# name a dossier: "not found" without a query (and no NUL byte reaches PostgreSQL).
_CODE = re.compile(r"[A-Za-z0-9._-]{1,40}")


def _dossier_code(code: str) -> str:
    if not _CODE.fullmatch(code):
        raise NotFoundError("Không tìm thấy hồ sơ (dossier not found).", code="dossier_not_found")
    return code


class In(Schema):
    """Request bodies refuse unknown fields: a misspelt field is an error, not a
    silently missing value."""

    model_config = ConfigDict(extra="forbid")


class FileIn(In):
    name: Line = Field(min_length=1, max_length=200, description="Tên tệp, ví dụ scan.pdf")
    content_base64: str = Field(
        min_length=1, max_length=MAX_BASE64, description="Nội dung tệp, base64 (PDF, PNG, JPEG)"
    )


class ComponentIn(In):
    component_id: int = Field(
        ge=1, le=MAX_ID, description="Mã (id) thành phần hồ sơ của phiên bản thủ tục"
    )
    count: int = Field(1, ge=1, le=100, description="Số lượng")
    files: list[FileIn] = Field(default_factory=list, max_length=MAX_FILES)
    reused_from_repository: bool = Field(
        False, description="Lấy từ kho dữ liệu (không cần tải tệp lên)"
    )


class RepresentativeIn(In):
    """A person filing under an authorisation (ủy quyền)."""

    name: Line = Field(min_length=1, max_length=200)
    id_number: Line = Field(min_length=1, max_length=12)
    authorisation: Line = Field(min_length=1, max_length=300, description="Văn bản ủy quyền")


class SubmitIn(In):
    procedure: Line = Field(min_length=1, max_length=40, description="Mã thủ tục")
    agency: Line | None = Field(
        None, max_length=40, description="Mã cơ quan giải quyết, khi thủ tục có nhiều cơ quan"
    )
    components: list[ComponentIn] = Field(max_length=MAX_COMPONENTS)
    eform: dict[str, Any] = Field(default_factory=dict, description="Tờ khai điện tử")
    result_delivery: ResultDelivery = ResultDelivery.ONLINE
    delivery_address: Line = Field("", max_length=300)
    representative: RepresentativeIn | None = None


class ApplicantIn(In):
    """The applicant at the counter: a citizen by ID number or an organisation by tax
    code; the other fields record a newcomer."""

    citizen_id: Line | None = Field(None, max_length=12, description="Số định danh cá nhân")
    tax_code: Line | None = Field(None, max_length=14, description="Mã số thuế")
    name: Line = Field("", max_length=300)
    phone: Line = Field("", max_length=20)
    address: Line = Field("", max_length=300)
    email: Line = Field("", max_length=254)


class CounterIn(In):
    one_stop_unit: Line = Field(min_length=1, max_length=40, description="Mã bộ phận một cửa")
    procedure: Line = Field(min_length=1, max_length=40)
    agency: Line | None = Field(None, max_length=40)
    applicant: ApplicantIn
    components: list[ComponentIn] = Field(max_length=MAX_COMPONENTS)
    channel: Literal["counter", "postal"] = "counter"
    result_delivery: ResultDelivery = ResultDelivery.COUNTER
    delivery_address: Line = Field("", max_length=300)
    eform: dict[str, Any] = Field(default_factory=dict)
    representative: RepresentativeIn | None = None
    sets_count: int = Field(1, ge=1, le=20, description="Số bộ hồ sơ")


class NoteIn(In):
    note: Text = Field("", max_length=2000)


class ShortNoteIn(In):
    note: Text = Field("", max_length=500)


class SupplementItemIn(In):
    name: Line = Field(min_length=1, max_length=500, description="Giấy tờ cần bổ sung")
    reason: Text = Field(min_length=1, max_length=1000)
    component_id: int | None = Field(None, ge=1, le=MAX_ID)


class RequestSupplementIn(In):
    reason: Text = Field(min_length=1, max_length=2000)
    legal_basis: Text = Field("", max_length=500)
    items: list[SupplementItemIn] = Field(min_length=1, max_length=50)


class RecordSupplementIn(In):
    components: list[ComponentIn] = Field(min_length=1, max_length=MAX_COMPONENTS)
    note: Text = Field("", max_length=2000)


class RefuseIn(In):
    reason: Text = Field(min_length=1, max_length=2000)
    legal_basis: Text = Field(min_length=1, max_length=500)


class StartProcessingIn(In):
    assignee: Line | None = Field(None, max_length=150, description="Tên đăng nhập cán bộ")
    note: Text = Field("", max_length=2000)


class AssignIn(In):
    assignee: Line = Field(min_length=1, max_length=150, description="Tên đăng nhập cán bộ")
    note: Text = Field("", max_length=2000)


class HandOffIn(In):
    to_step: int | None = Field(None, ge=1, le=1000, description="Bước nhận; mặc định bước kế")
    assignee: Line | None = Field(None, max_length=150)
    note: Text = Field("", max_length=500)


class DecideIn(In):
    decision: Decision
    note: Text = Field("", max_length=4000, description="Bắt buộc khi từ chối giải quyết")


class RequestPaymentIn(In):
    amount: int = Field(ge=1, le=services.MAX_FEE, description="Đồng")
    note: Text = Field("", max_length=2000)


class RecordPaymentIn(In):
    amount: int = Field(ge=1, le=services.MAX_FEE, description="Đồng")
    reference: Line = Field("", max_length=200, description="Số biên lai")


class ReasonIn(In):
    reason: Text = Field(min_length=1, max_length=2000)


class RescheduleIn(In):
    responsible_agency: Line = Field(min_length=1, max_length=40, description="Mã cơ quan")
    reason: Text = Field(min_length=1, max_length=2000)
    new_appointment_at: dt.datetime = Field(
        description="ISO 8601; không có múi giờ thì hiểu là giờ Việt Nam"
    )


class ListParams(Schema):
    status: DossierStatus | None = None
    procedure: Line | None = Field(None, max_length=40, description="Mã thủ tục")
    overdue: bool | None = Field(None, description="Chỉ hồ sơ quá hạn (true) hoặc không (false)")
    assigned_to_me: bool = False
    page: int = Field(1, ge=1, le=MAX_PAGE)


# --- output types -----------------------------------------------------------------------


class Out(BaseModel):
    """An answer's shape. Plain pydantic, not ninja's ``Schema``: handlers return dicts
    already, and ``Schema`` wraps every nested object in a Django attribute getter (a
    fifth of a list page's CPU, docs/benchmarks.md)."""


class Choice(Out):
    value: str
    label: str


class StatusOut(Out):
    value: DossierStatus
    label: str
    sync_code: int = Field(description="Mã trạng thái đồng bộ toàn quốc 1-10")


class CodeName(Out):
    code: str
    name: str


class PersonOut(Out):
    username: str
    full_name: str


class DossierSummary(Out):
    code: str
    procedure: CodeName
    status: StatusOut
    applicant_name: str
    deciding_agency: CodeName
    received_at: LocalTime | None
    appointment_at: LocalTime | None
    current_step_name: str
    current_assignee: PersonOut | None
    overdue: bool


class DossierPage(Out):
    count: int = Field(description=f"Số hồ sơ, tối đa {COUNT_CAP}")
    count_capped: bool = Field(description=f"Có hơn {COUNT_CAP} hồ sơ")
    page: int
    pages: int
    page_size: int
    items: list[DossierSummary]


class ApplicantOut(Out):
    kind: Choice
    name: str
    id_number: str
    address: str
    phone: str
    email: str


class RepresentativeOut(Out):
    name: str
    id_number: str
    authorisation: str


class FileOut(Out):
    name: str
    size: int
    content_type: str


class ComponentOut(Out):
    id: int
    component_id: int | None
    name: str
    form: Choice
    count: int
    supplement_stage: str
    reused_from_repository: bool
    added_at: LocalTime
    files: list[FileOut]


class TaskOut(Out):
    order: int
    name: str
    status: Choice
    agency: CodeName
    one_stop_unit: CodeName | None
    unit: CodeName | None
    role: CodeName | None
    assignee: PersonOut | None
    budget: Decimal
    started_at: LocalTime | None
    due_at: LocalTime | None
    finished_at: LocalTime | None
    outcome: Choice | None


class ParticipantOut(Out):
    agency: CodeName
    started_at: LocalTime | None
    due_at: LocalTime | None
    finished_at: LocalTime | None
    outcome: Choice | None


class HandoffOut(Out):
    from_label: str
    to_label: str
    sent_at: LocalTime
    received_at: LocalTime | None
    due_at: LocalTime | None
    outcome: Choice | None
    inter_agency: bool
    note: str


class EventOut(Out):
    at: LocalTime
    actor: PersonOut | None
    action: Choice
    from_status: StatusOut | None
    to_status: StatusOut
    step: int | None
    step_name: str
    note: str


class DossierDetailOut(DossierSummary):
    version: int
    channel: Choice
    receiving_unit: CodeName
    current_agency: CodeName | None
    current_step: int | None
    applicant: ApplicantOut
    representative: RepresentativeOut | None
    eform: dict[str, Any]
    result_delivery: Choice
    delivery_address: str
    sets_count: int
    supplement_stage: str
    supplement_count: int
    reschedule_count: int
    submitted_at: LocalTime
    clock_start: LocalTime | None
    original_appointment_at: LocalTime | None
    paused_at: LocalTime | None
    decision: Choice | None
    decision_note: str
    decided_at: LocalTime | None
    result_ready_at: LocalTime | None
    returned_at: LocalTime | None
    ended_at: LocalTime | None
    fee_requested: int
    fee_paid: int
    components: list[ComponentOut]
    tasks: list[TaskOut]
    participants: list[ParticipantOut]
    handoffs: list[HandoffOut]
    history: list[EventOut] = Field(description="Các dòng lịch sử mới nhất (có giới hạn)")
    history_count: int = Field(description="Tổng số dòng lịch sử")
    actions: list[Choice] = Field(description="Thao tác người gọi được thực hiện lúc này")


class TrackOut(Out):
    code: str
    status: StatusOut
    procedure_name: str
    deciding_agency: str
    received_at: LocalTime | None
    appointment_at: LocalTime | None
    returned_at: LocalTime | None
    applicant: str = Field(description="Tên người yêu cầu đã che (Nguyễn V** A*)")


# --- rendering --------------------------------------------------------------------------


def _choice(value: str, choices: Any) -> dict[str, str] | None:
    if not value:
        return None
    try:
        return {"value": value, "label": str(choices(value).label)}
    except ValueError:  # a value from an older release: shown as is
        return {"value": value, "label": value}


def _status(value: str) -> dict[str, Any]:
    status = DossierStatus(value)
    return {"value": status.value, "label": str(status.label), "sync_code": status.sync_code}


def _code_name(obj: Any) -> dict[str, str] | None:
    return {"code": obj.code, "name": obj.name} if obj is not None else None


def _person(user: Any) -> dict[str, str] | None:
    return {"username": user.username, "full_name": user.full_name} if user is not None else None


def _overdue(dossier: Dossier, now: dt.datetime) -> bool:
    """The rule of ``dossier_list_for_user(overdue=True)``: past the appointment and not
    yet decided, or decided and not yet returned (Decision 766 counts both as late)."""
    if dossier.appointment_at is None or dossier.appointment_at >= now:
        return False
    if dossier.status in (
        DossierStatus.RECEIVED,
        DossierStatus.IN_PROGRESS,
        DossierStatus.AWAITING_PAYMENT,
    ):
        return True
    return dossier.status == DossierStatus.DECIDED and dossier.returned_at is None


# The columns a list row shows (``_summary``), so a page reads no whole rows.
SUMMARY_FIELDS = (
    "code",
    "status",
    "applicant_name",
    "received_at",
    "appointment_at",
    "returned_at",
    "current_step_name",
    "procedure__code",
    "procedure__name",
    "deciding_agency__code",
    "deciding_agency__name",
    "current_assignee__username",
    "current_assignee__full_name",
)


def _summary(dossier: Dossier, now: dt.datetime) -> dict[str, Any]:
    return {
        "code": dossier.code,
        "procedure": _code_name(dossier.procedure),
        "status": _status(dossier.status),
        "applicant_name": dossier.applicant_name,
        "deciding_agency": _code_name(dossier.deciding_agency),
        "received_at": dossier.received_at,
        "appointment_at": dossier.appointment_at,
        "current_step_name": dossier.current_step_name,
        "current_assignee": _person(dossier.current_assignee),
        "overdue": _overdue(dossier, now),
    }


def _detail(detail: DossierDetail, now: dt.datetime) -> dict[str, Any]:
    d = detail.dossier
    # The version's procedure is fetched with the dossier; the same row as d.procedure.
    d.procedure = d.version.procedure
    representative = None
    if d.representative_name:
        representative = {
            "name": d.representative_name,
            "id_number": d.representative_id_number,
            "authorisation": d.authorisation_note,
        }
    return {
        **_summary(d, now),
        "version": d.version.number,
        "channel": _choice(d.channel, Channel),
        "receiving_unit": _code_name(d.receiving_unit),
        "current_agency": _code_name(d.current_agency),
        "current_step": d.current_step,
        "applicant": {
            "kind": _choice(d.applicant_kind, ApplicantKind),
            "name": d.applicant_name,
            "id_number": d.applicant_id_number,
            "address": d.applicant_address,
            "phone": d.applicant_phone,
            "email": d.applicant_email,
        },
        "representative": representative,
        "eform": d.eform_data,
        "result_delivery": _choice(d.result_delivery, ResultDelivery),
        "delivery_address": d.delivery_address,
        "sets_count": d.sets_count,
        "supplement_stage": d.supplement_stage,
        "supplement_count": d.supplement_count,
        "reschedule_count": d.reschedule_count,
        "submitted_at": d.submitted_at,
        "clock_start": d.clock_start,
        "original_appointment_at": d.original_appointment_at,
        "paused_at": d.paused_at,
        "decision": _choice(d.decision, Decision),
        "decision_note": d.decision_note,
        "decided_at": d.decided_at,
        "result_ready_at": d.result_ready_at,
        "returned_at": d.returned_at,
        "ended_at": d.ended_at,
        "fee_requested": d.fee_requested,
        "fee_paid": d.fee_paid,
        "components": [
            {
                "id": c.pk,
                "component_id": c.required_id,
                "name": c.name,
                "form": _choice(c.form, ComponentForm),
                "count": c.count,
                "supplement_stage": c.supplement_stage,
                "reused_from_repository": c.reused_from_repository,
                "added_at": c.added_at,
                # Names and sizes only: contents are downloaded, never inlined.
                "files": [
                    {"name": f.name, "size": f.size, "content_type": f.content_type}
                    for f in c.files.all()
                ],
            }
            for c in detail.components
        ],
        "tasks": [
            {
                "order": t.order,
                "name": t.name,
                "status": _choice(t.status, TaskStatus),
                "agency": _code_name(t.agency),
                "one_stop_unit": _code_name(t.one_stop_unit),
                "unit": _code_name(t.unit),
                "role": _code_name(t.role),
                "assignee": _person(t.assignee),
                "budget": t.budget,
                "started_at": t.started_at,
                "due_at": t.due_at,
                "finished_at": t.finished_at,
                "outcome": _choice(t.outcome, Outcome),
            }
            for t in detail.tasks
        ],
        "participants": [
            {
                "agency": _code_name(p.agency),
                "started_at": p.started_at,
                "due_at": p.due_at,
                "finished_at": p.finished_at,
                "outcome": _choice(p.outcome, Outcome),
            }
            for p in detail.participants
        ],
        "handoffs": [
            {
                "from_label": h.from_label,
                "to_label": h.to_label,
                "sent_at": h.sent_at,
                "received_at": h.received_at,
                "due_at": h.due_at,
                "outcome": _choice(h.outcome, Outcome),
                "inter_agency": h.inter_agency,
                "note": h.note,
            }
            for h in detail.handoffs
        ],
        "history": [
            {
                "at": e.at,
                "actor": _person(e.actor),
                "action": _choice(e.action, Action),
                "from_status": _status(e.from_status) if e.from_status else None,
                "to_status": _status(e.to_status),
                "step": e.step,
                "step_name": e.step_name,
                "note": e.note,
            }
            for e in detail.history
        ],
        "history_count": detail.history_count,
        "actions": [{"value": a.value, "label": str(a.label)} for a in detail.actions],
    }


def _detail_of(user: User, code: str) -> dict[str, Any]:
    return _detail(dossier_detail(user=user, code=code), timezone.now())


# --- resolving what a body names --------------------------------------------------------


def _named(field: str, lookup: Callable[..., Any], **kwargs: Any) -> Any:
    """What a body names by code, or 422 naming the field: the address exists, the
    body refers to something that does not."""
    try:
        return lookup(**kwargs)
    except NotFoundError as exc:
        raise InvalidInputError(
            exc.message, code=exc.code, detail={**exc.detail, "field": field}
        ) from exc


def _version_named(code: str) -> ProcedureVersion:
    """The version in force now of the procedure ``code`` (a dossier is handled under
    the text in force when it is filed, DESIGN.md State)."""
    return _named("procedure", procedure_version_for_intake, code=code)


def _agency_named(
    code: str | None, *, field: str = "agency", version: ProcedureVersion | None = None
) -> Agency | None:
    """The agency ``code`` names; one of ``version``'s competent agencies is taken from
    the version already read (the service refuses any other)."""
    if not code:
        return None
    if version is not None:
        for agency in version.agencies.all():
            if agency.code == code:
                return agency
    return _named(field, agency_get_by_code, code=code)


def _staff_named(username: str | None, *, field: str = "assignee") -> User | None:
    """An active staff account by username."""
    if username is None:
        return None
    user = staff_get_by_username(username=username)
    if user is None:
        raise InvalidInputError(
            f"Không tìm thấy cán bộ có tên đăng nhập {username} (unknown staff user).",
            code="user_not_found",
            detail={"field": field, "username": username},
        )
    return user


def _required_components(version: ProcedureVersion) -> dict[int, RequiredComponent]:
    return {c.pk: c for c in version.components.all()}


def _files(files: list[FileIn]) -> tuple[UploadedFile, ...]:
    """Decoded and checked before any service runs, so that a bad file refuses the
    request before anything, a stored file included, is written."""
    uploads = []
    for item in files:
        upload = file_decode(name=item.name, content_base64=item.content_base64)
        file_check(upload)
        uploads.append(upload)
    return tuple(uploads)


def _components(version: ProcedureVersion, items: list[ComponentIn]) -> list[ComponentInput]:
    known = _required_components(version)
    result = []
    for index, item in enumerate(items):
        required = known.get(item.component_id)
        if required is None:
            raise InvalidInputError(
                "Giấy tờ không thuộc thủ tục này (component not of this procedure).",
                code="component_unknown",
                detail={
                    "field": f"components.{index}.component_id",
                    "component": item.component_id,
                },
            )
        result.append(
            ComponentInput(
                required=required,
                name=required.name,
                form=required.form,
                count=item.count,
                files=_files(item.files),
                reused_from_repository=item.reused_from_repository,
            )
        )
    return result


def _representative(item: RepresentativeIn | None) -> services.Representative | None:
    if item is None:
        return None
    return services.Representative(
        name=item.name, id_number=item.id_number, authorisation=item.authorisation
    )


def _fingerprint(payload: In) -> str:
    """sha256 of the body as the service receives it, canonical JSON: a retry that
    differs in anything (a file, a field) is another request."""
    canonical = json.dumps(
        payload.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


# --- dossiers ---------------------------------------------------------------------------

IdempotencyKey = Annotated[
    str | None,
    Header(
        None,
        alias="Idempotency-Key",
        min_length=1,
        max_length=100,
        pattern=r"^[\x20-\x7e]+$",
        description="Khóa chống nộp trùng (≤ 100 ký tự ASCII in được): gửi lại cùng khóa "
        "và cùng nội dung thì nhận lại hồ sơ đã tạo.",
    ),
]


@router.post(
    "",
    response={200: DossierDetailOut, 201: DossierDetailOut, **ERRORS},
    summary="Nộp hồ sơ trực tuyến",
    description="201 khi tạo mới; 200 khi gửi lại với cùng Idempotency-Key và cùng nội "
    "dung (trả về hồ sơ đã tạo); 409 khi cùng khóa nhưng khác nội dung.",
)
def dossier_submit(
    request: HttpRequest, payload: SubmitIn, idempotency_key: IdempotencyKey = None
) -> Any:
    user = current_user(request)
    version = _version_named(payload.procedure)
    agency = _agency_named(payload.agency, version=version)
    components = _components(version, payload.components)
    dossier, created = services.dossier_submit_online(
        actor=user,
        version=version,
        agency=agency,
        components=components,
        eform_data=payload.eform,
        result_delivery=payload.result_delivery,
        delivery_address=payload.delivery_address,
        representative=_representative(payload.representative),
        idempotency_key=idempotency_key or "",
        fingerprint=_fingerprint(payload) if idempotency_key else "",
    )
    return Status(
        201 if created else 200,
        _detail(dossier_detail_for(user=user, dossier=dossier), timezone.now()),
    )


# Declared before "/{code}" so that "counter" is never read as a dossier code.
@router.post(
    "/counter",
    response={201: DossierDetailOut, **ERRORS},
    summary="Tiếp nhận hồ sơ tại quầy (trực tiếp hoặc qua bưu chính)",
)
def dossier_counter(request: HttpRequest, payload: CounterIn) -> Any:
    user = current_user(request)
    # Refuse people who receive nowhere before looking anything up for them.
    if not any(post.role == RoleCode.COUNTER_OFFICER for post in permissions.posts_of(user)):
        raise PermissionDeniedError(
            "Chỉ cán bộ một cửa mới tiếp nhận hồ sơ (counter officers only)."
        )
    unit = _named("one_stop_unit", one_stop_unit_get_by_code, code=payload.one_stop_unit)
    version = _version_named(payload.procedure)
    agency = _agency_named(payload.agency, version=version)
    components = _components(version, payload.components)
    applicant = payload.applicant
    # One transaction: a newcomer recorded by counter_applicant is not kept when the
    # receipt itself is refused (nothing written on refusal). counter_applicant refuses
    # an officer of another one-stop unit before looking anyone up.
    with transaction.atomic():
        person = services.counter_applicant(
            actor=user,
            one_stop_unit=unit,
            citizen_id=applicant.citizen_id or "",
            tax_code=applicant.tax_code or "",
            name=applicant.name,
            phone=applicant.phone,
            address=applicant.address,
            email=applicant.email,
        )
        dossier = services.dossier_receive_at_counter(
            actor=user,
            version=version,
            one_stop_unit=unit,
            applicant=person,
            components=components,
            agency=agency,
            channel=Channel(payload.channel),
            eform_data=payload.eform,
            result_delivery=payload.result_delivery,
            delivery_address=payload.delivery_address,
            representative=_representative(payload.representative),
            sets_count=payload.sets_count,
        )
    return Status(201, _detail(dossier_detail_for(user=user, dossier=dossier), timezone.now()))


@router.get(
    "",
    response={200: DossierPage, 401: Error, 422: Error},
    summary="Danh sách hồ sơ người gọi được xem",
    description="Công dân: hồ sơ của mình. Cán bộ một cửa: hồ sơ tiếp nhận tại bộ phận "
    "của mình. Lãnh đạo, trưởng phòng, chuyên viên: của cơ quan, hoặc chỉ của phòng khi "
    "được phân công theo phòng. 20 hồ sơ một trang.",
)
def dossier_list(request: HttpRequest, params: Query[ListParams]) -> dict[str, Any]:
    user = current_user(request)
    now = timezone.now()
    queryset = dossier_list_for_user(
        user=user,
        status=params.status.value if params.status else None,
        procedure_code=params.procedure,
        overdue=params.overdue,
        assigned_to_me=params.assigned_to_me,
        now=now,
    )
    # Counting every visible row of a busy status costs as much as the page itself at a
    # million dossiers (docs/benchmarks.md): count up to a cap and say so.
    count = queryset[: COUNT_CAP + 1].count()
    capped = count > COUNT_CAP
    count = min(count, COUNT_CAP)
    start = (params.page - 1) * PAGE_SIZE
    page = dossier_page(queryset.only(*SUMMARY_FIELDS), start=start, size=PAGE_SIZE)
    return {
        "count": count,
        "count_capped": capped,
        "page": params.page,
        "pages": max(1, math.ceil(count / PAGE_SIZE)),
        "page_size": PAGE_SIZE,
        "items": [_summary(d, now) for d in page],
    }


@router.get(
    "/{code}",
    response={200: DossierDetailOut, 401: Error, 404: Error},
    summary="Chi tiết hồ sơ: thành phần, các bước, lịch sử, bàn giao",
)
def dossier_get(request: HttpRequest, code: str) -> dict[str, Any]:
    return _detail_of(current_user(request), _dossier_code(code))


# --- actions: one route and one body each -----------------------------------------------


def _acting(request: HttpRequest, code: str) -> tuple[User, Dossier]:
    """The caller and the dossier, if they may see it (else 404, nothing learnt)."""
    user = current_user(request)
    return user, dossier_get_for_user(user=user, code=_dossier_code(code))


def _acted(dossier: Dossier) -> dict[str, Any]:
    # The summary, not the detail: after a hand-off to another agency the actor may
    # no longer see the dossier, and the write must still answer 200.
    return _summary(dossier, timezone.now())


def _action(action: Action, summary: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return router.post(
        f"/{{code}}/actions/{action.value}",
        response={200: DossierSummary, **ERRORS},
        summary=summary,
        operation_id=f"dossier_action_{action.value}",
    )


@_action(Action.RECEIVE, "Tiếp nhận hồ sơ nộp trực tuyến (cán bộ một cửa)")
def action_receive(request: HttpRequest, code: str, payload: NoteIn) -> dict[str, Any]:
    user, dossier = _acting(request, code)
    return _acted(services.dossier_receive(dossier=dossier, actor=user, note=payload.note))


@_action(Action.REQUEST_SUPPLEMENT, "Yêu cầu bổ sung hồ sơ (Mẫu 02), một lần mỗi giai đoạn")
def action_request_supplement(
    request: HttpRequest, code: str, payload: RequestSupplementIn
) -> dict[str, Any]:
    user, dossier = _acting(request, code)
    known = _required_components(dossier.version)
    items = []
    for index, item in enumerate(payload.items):
        component = None
        if item.component_id is not None:
            component = known.get(item.component_id)
            if component is None:
                raise InvalidInputError(
                    "Giấy tờ không thuộc thủ tục này (component not of this procedure).",
                    code="component_unknown",
                    detail={"field": f"items.{index}.component_id"},
                )
        items.append(
            services.SupplementItemInput(name=item.name, reason=item.reason, component=component)
        )
    return _acted(
        services.dossier_request_supplement(
            dossier=dossier,
            actor=user,
            items=items,
            reason=payload.reason,
            legal_basis=payload.legal_basis,
        )
    )


@_action(Action.RECORD_SUPPLEMENT, "Nộp bổ sung hồ sơ (người yêu cầu hoặc cán bộ một cửa)")
def action_record_supplement(
    request: HttpRequest, code: str, payload: RecordSupplementIn
) -> dict[str, Any]:
    user, dossier = _acting(request, code)
    components = _components(dossier.version, payload.components)
    return _acted(
        services.dossier_record_supplement(
            dossier=dossier, actor=user, components=components, note=payload.note
        )
    )


@_action(Action.REFUSE, "Từ chối tiếp nhận hồ sơ (Mẫu 03)")
def action_refuse(request: HttpRequest, code: str, payload: RefuseIn) -> dict[str, Any]:
    user, dossier = _acting(request, code)
    return _acted(
        services.dossier_refuse(
            dossier=dossier, actor=user, reason=payload.reason, legal_basis=payload.legal_basis
        )
    )


@_action(Action.START_PROCESSING, "Chuyển hồ sơ cho cơ quan giải quyết")
def action_start_processing(
    request: HttpRequest, code: str, payload: StartProcessingIn
) -> dict[str, Any]:
    user, dossier = _acting(request, code)
    assignee = _staff_named(payload.assignee)
    return _acted(
        services.dossier_start_processing(
            dossier=dossier, actor=user, assignee=assignee, note=payload.note
        )
    )


@_action(Action.ASSIGN, "Phân công cán bộ xử lý bước hiện tại")
def action_assign(request: HttpRequest, code: str, payload: AssignIn) -> dict[str, Any]:
    user, dossier = _acting(request, code)
    assignee = _staff_named(payload.assignee)
    return _acted(
        services.dossier_assign(dossier=dossier, actor=user, assignee=assignee, note=payload.note)
    )


@_action(Action.HAND_OFF, "Chuyển bước xử lý (Mẫu 05)")
def action_hand_off(request: HttpRequest, code: str, payload: HandOffIn) -> dict[str, Any]:
    user, dossier = _acting(request, code)
    assignee = _staff_named(payload.assignee)
    return _acted(
        services.dossier_hand_off(
            dossier=dossier,
            actor=user,
            to_step=payload.to_step,
            assignee=assignee,
            note=payload.note,
        )
    )


@_action(Action.DECIDE, "Phê duyệt hoặc từ chối giải quyết")
def action_decide(request: HttpRequest, code: str, payload: DecideIn) -> dict[str, Any]:
    user, dossier = _acting(request, code)
    return _acted(
        services.dossier_decide(
            dossier=dossier, actor=user, decision=payload.decision.value, note=payload.note
        )
    )


@_action(Action.REQUEST_PAYMENT, "Yêu cầu thực hiện nghĩa vụ tài chính")
def action_request_payment(
    request: HttpRequest, code: str, payload: RequestPaymentIn
) -> dict[str, Any]:
    user, dossier = _acting(request, code)
    return _acted(
        services.dossier_request_payment(
            dossier=dossier, actor=user, amount=payload.amount, note=payload.note
        )
    )


@_action(Action.RECORD_PAYMENT, "Ghi nhận đã nộp phí, lệ phí")
def action_record_payment(
    request: HttpRequest, code: str, payload: RecordPaymentIn
) -> dict[str, Any]:
    user, dossier = _acting(request, code)
    return _acted(
        services.dossier_record_payment(
            dossier=dossier, actor=user, amount=payload.amount, reference=payload.reference
        )
    )


@_action(Action.MARK_RESULT_READY, "Chuyển kết quả về bộ phận một cửa")
def action_mark_result_ready(
    request: HttpRequest, code: str, payload: ShortNoteIn
) -> dict[str, Any]:
    user, dossier = _acting(request, code)
    return _acted(
        services.dossier_mark_result_ready(dossier=dossier, actor=user, note=payload.note)
    )


@_action(Action.RETURN_RESULT, "Trả kết quả cho người yêu cầu")
def action_return_result(request: HttpRequest, code: str, payload: NoteIn) -> dict[str, Any]:
    user, dossier = _acting(request, code)
    return _acted(services.dossier_return_result(dossier=dossier, actor=user, note=payload.note))


@_action(Action.WITHDRAW, "Rút hồ sơ (người yêu cầu)")
def action_withdraw(request: HttpRequest, code: str, payload: ReasonIn) -> dict[str, Any]:
    user, dossier = _acting(request, code)
    return _acted(services.dossier_withdraw(dossier=dossier, actor=user, reason=payload.reason))


@_action(Action.STOP, "Dừng giải quyết hồ sơ")
def action_stop(request: HttpRequest, code: str, payload: ReasonIn) -> dict[str, Any]:
    user, dossier = _acting(request, code)
    return _acted(services.dossier_stop(dossier=dossier, actor=user, reason=payload.reason))


@_action(Action.RESCHEDULE, "Xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04), một lần")
def action_reschedule(request: HttpRequest, code: str, payload: RescheduleIn) -> dict[str, Any]:
    user, dossier = _acting(request, code)
    agency = _named("responsible_agency", agency_get_by_code, code=payload.responsible_agency)
    new_at = payload.new_appointment_at
    if timezone.is_naive(new_at):
        new_at = timezone.make_aware(new_at, timezone.get_default_timezone())
    return _acted(
        services.dossier_reschedule(
            dossier=dossier,
            actor=user,
            responsible_agency=agency,
            reason=payload.reason,
            new_appointment_at=new_at,
        )
    )


# Registered after every named action, so it only catches the names that are none.
@router.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"],  # every method: no 405 for unknown names
    "/{code}/actions/{action}",
    response={404: Error},
    include_in_schema=False,
)
def action_unknown(request: HttpRequest, code: str, action: str) -> Any:
    raise NotFoundError(
        "Không có thao tác này (unknown action).",
        code="action_not_found",
        detail={"actions": [a.value for a in _ACTIONS]},
    )


_ACTIONS = [a for a in Action if a not in CREATING_ACTIONS]
_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


def _no_such_address(request: HttpRequest, code: str, rest: str) -> Any:
    raise NotFoundError("Không có địa chỉ này (no such address).", code="not_found")


# Anything deeper under a dossier that no route names: 404 in the error shape rather
# than Django's HTML page. Registered last, so every named route comes first.
router.add_api_operation(
    "/{code}/{path:rest}",
    _METHODS,
    _no_such_address,
    response={404: Error},
    include_in_schema=False,
)


# --- public tracking --------------------------------------------------------------------


@track_router.get(
    "/{code}",
    response={200: TrackOut, 404: Error},
    summary="Tra cứu tình trạng hồ sơ theo mã (công khai)",
    description="Không cần đăng nhập. Chỉ trạng thái, thủ tục, thời điểm tiếp nhận và hẹn "
    "trả, tên người yêu cầu đã che; không có thông tin cá nhân.",
)
def track(request: HttpRequest, code: str) -> dict[str, Any]:
    found = dossier_track(code=_dossier_code(code))
    return {
        "code": found.code,
        "status": _status(found.status),
        "procedure_name": found.procedure_name,
        "deciding_agency": found.deciding_agency,
        "received_at": found.received_at,
        "appointment_at": found.appointment_at,
        "returned_at": found.returned_at,
        "applicant": found.applicant,
    }


track_router.add_api_operation(
    "/{code}/{path:rest}",
    _METHODS,
    _no_such_address,
    auth=None,
    response={404: Error},
    include_in_schema=False,
)


# --- wrong method: 405 in the one error shape -------------------------------------------


def _method_not_allowed(allowed: list[str], *, path: str) -> Callable[..., HttpResponse]:
    def refuse(request: HttpRequest) -> HttpResponse:
        response = error_response(
            request,
            405,
            "method_not_allowed",
            "Phương thức không được hỗ trợ tại địa chỉ này (method not allowed).",
            {"allowed": allowed},
        )
        response["Allow"] = ", ".join(allowed)
        return response

    if "{code}" not in path:
        return refuse

    # django-ninja wants each path parameter in the signature.
    def refuse_code(request: HttpRequest, code: str) -> HttpResponse:
        return refuse(request)

    return refuse_code


def _refuse_other_methods(target: Router) -> None:
    """django-ninja answers a method a path does not have with a bare 405; give it the
    error shape and the Allow header (RFC 9110 §15.5.6)."""
    for path, view in list(target.path_operations.items()):
        allowed = sorted({method for op in view.operations for method in op.methods})
        others = [method for method in _METHODS if method not in allowed]
        if others:
            target.add_api_operation(
                path,
                others,
                _method_not_allowed(allowed, path=path),
                auth=None,
                include_in_schema=False,
            )


_refuse_other_methods(router)
_refuse_other_methods(track_router)

__all__ = ["router", "track_router"]
