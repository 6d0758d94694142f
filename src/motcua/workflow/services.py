"""Every action on a dossier, one service each (project issue 3; DOMAIN.md §2).

Each service, inside one transaction: locks the dossier row, checks who is acting
(``permissions``) and whether the transition table allows the action in the current
status (``transitions``), validates its input, then writes: the dossier's new state,
its tasks and hand-offs, the notice issued (Mẫu 02-05), one history row and one audit
entry. A refusal raises ``ApplicationError`` before anything is written.

``at`` is the moment of the action; interfaces leave it to default to now (tests and
the demo data pass it to replay a dossier's life)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.accounts.constants import RoleCode
from motcua.accounts.models import Citizen, Organisation
from motcua.accounts.selectors import user_is_verified
from motcua.accounts.services import citizen_register, organisation_register
from motcua.agencies.models import Agency, OneStopUnit
from motcua.agencies.selectors import main_one_stop_unit_for
from motcua.calendar import engine
from motcua.calendar.engine import WorkingCalendar
from motcua.calendar.selectors import working_calendar_for
from motcua.catalog.appointments import appointment_estimate
from motcua.catalog.constants import OnlineMode
from motcua.catalog.eforms import eform_validate
from motcua.catalog.models import ProcedureVersion, RequiredComponent
from motcua.core.exceptions import (
    ApplicationError,
    ConflictError,
    InvalidInputError,
    PermissionDeniedError,
)
from motcua.core.inserts import rows_insert
from motcua.core.prefetch import prefetch_cache_set
from motcua.core.services import audit_record
from motcua.core.text import nfc
from motcua.dossiers.constants import (
    FINAL_STATUSES,
    ApplicantKind,
    Channel,
    Decision,
    DossierStatus,
    ResultDelivery,
    SupplementStage,
)
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services import (
    ComponentInput,
    UploadedFile,
    dossier_code_allocate,
    dossier_components_add,
    dossier_event_append,
    dossier_files_store,
    file_check,
)
from motcua.workflow import permissions
from motcua.workflow.constants import Action, TaskStatus
from motcua.workflow.messages import dossier_event_notify
from motcua.workflow.models import (
    ApologyNotice,
    DossierParticipant,
    Handoff,
    Refusal,
    ResultReturn,
    StopNotice,
    SupplementItem,
    SupplementRequest,
    Task,
)
from motcua.workflow.transitions import target_of

MAX_FEE = 10**12


@dataclass(frozen=True)
class SupplementItemInput:
    name: str
    reason: str
    component: RequiredComponent | None = None


@dataclass(frozen=True)
class Representative:
    """A person filing under an authorisation (ủy quyền)."""

    name: str
    id_number: str
    authorisation: str


# --- reading and checking -------------------------------------------------------------


def _now(at: dt.datetime | None) -> dt.datetime:
    return at if at is not None else timezone.now()


def _text(value: str, *, field: str, required: bool = True, max_length: int = 2000) -> str:
    value = nfc(value or "").strip()
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in value):
        raise InvalidInputError(
            f"{field} chứa ký tự điều khiển không hợp lệ (control characters).",
            code="invalid_character",
            detail={"field": field},
        )
    if required and not value:
        raise InvalidInputError(
            f"Cần nhập {field} (required: {field}).", code="required", detail={"field": field}
        )
    if len(value) > max_length:
        raise InvalidInputError(
            f"{field} dài quá {max_length} ký tự (too long).",
            code="too_long",
            detail={"field": field, "max_length": max_length},
        )
    return value


def _locked(dossier: Dossier) -> Dossier:
    """The dossier row, locked until the transaction ends: a second officer acting at
    the same moment waits here, then sees the first one's result."""
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("version", "receiving_unit", "deciding_agency")
        .get(pk=dossier.pk)
    )


def _active_task(dossier: Dossier) -> Task | None:
    return (
        Task.objects.select_related("role", "agency")
        .filter(dossier=dossier, status=TaskStatus.ACTIVE)
        .first()
    )


def _begin(
    dossier: Dossier, *, action: Action, actor: Any
) -> tuple[Dossier, Task | None, DossierStatus]:
    """Lock, check the transition, check the actor; returns the locked dossier, its
    active task and the target status. The table speaks first: an action the status
    does not allow is a 409 naming the status, whoever asks (the dossier is already
    visible to the caller, or the interface answered 404)."""
    locked = _locked(dossier)
    target = target_of(locked.status, action, supplement_stage=locked.supplement_stage)
    if target is None:
        status = DossierStatus(locked.status)
        raise ConflictError(
            f"Hồ sơ đang ở trạng thái “{status.label}”, không thể “{action.label}” "
            f"(action {action.value} not allowed in status {status.value}).",
            code="transition_not_allowed",
            detail={"status": status.value, "action": action.value},
        )
    task = _active_task(locked)
    if not permissions.may(actor, locked, action, task=task):
        raise PermissionDeniedError(
            f"Bạn không có quyền thực hiện thao tác “{action.label}” với hồ sơ này "
            "(not allowed for this dossier).",
            detail={"action": action.value},
        )
    return locked, task, target


def _finish(
    dossier: Dossier,
    *,
    action: Action,
    actor: Any,
    at: dt.datetime,
    source: str,
    target: str,
    note: str = "",
    detail: dict[str, Any] | None = None,
) -> Dossier:
    if source:  # a created dossier is already saved as it stands
        dossier.status = target
        if target != source:
            dossier.status_changed_at = at
        dossier.save()
    event = dossier_event_append(
        dossier=dossier,
        at=at,
        actor=actor,
        action=action,
        from_status=source,
        note=note,
        detail=detail,
    )
    if not source:  # a new dossier: its whole history is this row
        prefetch_cache_set(dossier, "events", [event])
    if target in FINAL_STATUSES and source not in FINAL_STATUSES:
        # Finished: visibility of unfinished dossiers no longer reads its rows.
        DossierParticipant.objects.filter(dossier=dossier).update(dossier_open=False)
        Task.objects.filter(dossier=dossier).update(dossier_open=False)
    audit_record(
        actor=actor,
        action=f"dossier.{action.value}",
        obj=dossier,
        detail={"code": dossier.code, "from": source, "to": target, **(detail or {})},
    )
    # The applicant's message and the deadline check, in this transaction (issue 6 §3, §4).
    dossier_event_notify(dossier=dossier, event=event, actor=actor)
    return dossier


# --- calendars and tasks --------------------------------------------------------------


class _Calendars:
    """Working calendars of the agencies a dossier passes through, read once per
    service call: an agency works on its one-stop unit's calendar, else on the
    receiving unit's."""

    def __init__(self, dossier: Dossier) -> None:
        self.dossier = dossier
        self._by_agency: dict[int, WorkingCalendar] = {}

    def receiving(self) -> WorkingCalendar:
        return self.for_agency(self.dossier.receiving_unit.agency_id, self.dossier.receiving_unit)

    def for_agency(self, agency_id: int, unit: OneStopUnit | None = None) -> WorkingCalendar:
        if agency_id not in self._by_agency:
            if unit is None:
                unit = main_one_stop_unit_for(agency=Agency.objects.get(pk=agency_id))
            self._by_agency[agency_id] = working_calendar_for(unit or self.dossier.receiving_unit)
        return self._by_agency[agency_id]


def _task_due(task: Task, *, start: dt.datetime, calendars: _Calendars) -> dt.datetime:
    version = calendars.dossier.version
    return engine.due_at(
        start,
        value=task.budget,
        unit=version.time_limit_unit,
        calendar=calendars.for_agency(task.agency_id),
    )


def _classify(end: dt.datetime, due: dt.datetime | None) -> str:
    if due is None:
        return engine.Outcome.ON_TIME
    return engine.classify(end, due, tz=timezone.get_default_timezone())


def _tasks_create(dossier: Dossier, *, actor: Any, at: dt.datetime, calendars: _Calendars) -> None:
    """One task per process step of the version (DOMAIN.md §2.4). The first step is
    the intake at the receiving one-stop unit, started at receipt by the officer who
    received; steps of a liên thông participant belong to its agency."""
    version = dossier.version
    participants = {
        part.participant_id: part
        for part in DossierParticipant.objects.bulk_create(
            DossierParticipant(
                dossier=dossier,
                participant=participant,
                agency=participant.agency or dossier.deciding_agency,
                inter_agency=(participant.agency_id or dossier.deciding_agency_id)
                != dossier.deciding_agency_id,
            )
            for participant in version.participants.all()
        )
    }
    tasks = []
    steps = list(version.steps.select_related("role").order_by("order"))
    for index, step in enumerate(steps):
        at_counter = index == 0 or (
            step.role is not None and step.role.code == RoleCode.COUNTER_OFFICER
        )
        part = participants.get(step.participant_id) if step.participant_id else None
        if at_counter:
            agency, unit = dossier.receiving_unit.agency, dossier.receiving_unit
        else:
            agency, unit = (part.agency if part else dossier.deciding_agency), None
        tasks.append(
            Task(
                dossier=dossier,
                step=step,
                order=step.order,
                name=step.name,
                role=step.role,
                agency=agency,
                one_stop_unit=unit,
                participant=part,
                budget=step.budget,
            )
        )
    if tasks:
        first = tasks[0]
        first.status = TaskStatus.ACTIVE
        first.started_at = at
        first.assignee = actor if getattr(actor, "pk", None) else None
        first.due_at = _task_due(first, start=dossier.clock_start or at, calendars=calendars)
    Task.objects.bulk_create(tasks)
    _point_at(dossier, tasks[0] if tasks else None)


def _point_at(dossier: Dossier, task: Task | None) -> None:
    """Copy the active task onto the dossier (for inboxes)."""
    if task is None:
        dossier.current_step = None
        dossier.current_step_name = ""
        dossier.current_assignee = None
        return
    dossier.current_step = task.order
    dossier.current_step_name = task.name
    dossier.current_agency_id = task.agency_id
    dossier.current_assignee_id = task.assignee_id


def _label(task: Task) -> str:
    if task.one_stop_unit is not None:
        return task.one_stop_unit.name
    return task.agency.name


def _close_task(task: Task, *, at: dt.datetime) -> None:
    task.status = TaskStatus.DONE
    task.finished_at = at
    task.outcome = _classify(at, task.due_at)
    task.save(update_fields=["status", "finished_at", "outcome"])


def _close_participant(part: DossierParticipant | None, *, at: dt.datetime) -> None:
    if part is not None and part.started_at is not None and part.finished_at is None:
        part.finished_at = at
        part.outcome = _classify(at, part.due_at)
        part.save(update_fields=["finished_at", "outcome"])


def _move(
    dossier: Dossier,
    *,
    current: Task | None,
    target: Task | None,
    actor: Any,
    at: dt.datetime,
    calendars: _Calendars,
    assignee: Any = None,
    note: str = "",
) -> Handoff | None:
    """Close ``current``, skip the steps between, start ``target``; one hand-off row
    (Mẫu 05) from the giver to the receiver, judged against the giver's due time."""
    if current is not None:
        _close_task(current, at=at)
    if target is None:
        _point_at(dossier, None)
        return None
    lower = current.order if current is not None else -1
    Task.objects.filter(
        dossier=dossier, status=TaskStatus.PENDING, order__gt=lower, order__lt=target.order
    ).update(status=TaskStatus.SKIPPED)
    part = target.participant
    if part is not None and part.started_at is None:
        # Each liên thông agency has its own due time from when the dossier reaches it
        # (DOMAIN.md §2.4).
        part.started_at = at
        part.due_at = engine.due_at(
            at,
            value=part.participant.budget,
            unit=dossier.version.time_limit_unit,
            calendar=calendars.for_agency(part.agency_id),
        )
        part.save(update_fields=["started_at", "due_at"])
    if (
        current is not None
        and current.participant_id
        and current.participant_id != target.participant_id
    ):
        _close_participant(current.participant, at=at)
    target.status = TaskStatus.ACTIVE
    target.started_at = at
    target.due_at = _task_due(target, start=at, calendars=calendars)
    if assignee is not None:
        target.assignee = assignee
        target.unit_id = _unit_of(assignee, target.agency_id)
    target.save()
    _point_at(dossier, target)
    giver_agency = current.agency if current is not None else dossier.receiving_unit.agency
    return Handoff.objects.create(
        dossier=dossier,
        from_agency=giver_agency,
        from_unit=current.one_stop_unit if current is not None else dossier.receiving_unit,
        from_label=_label(current) if current is not None else dossier.receiving_unit.name,
        to_agency=target.agency,
        to_unit=target.one_stop_unit,
        to_label=_label(target),
        sent_by=actor,
        sent_at=at,
        # Electronic transfer: received when sent (DOMAIN.md §2.3, online data).
        received_at=at,
        received_by=target.assignee,
        due_at=current.due_at if current is not None else None,
        outcome=current.outcome if current is not None else engine.Outcome.ON_TIME,
        inter_agency=giver_agency.pk != target.agency_id,
        note=note,
    )


def _unit_of(user: Any, agency_id: int) -> int | None:
    for post in permissions.posts_of(user):
        if post.agency_id == agency_id and post.unit_id is not None:
            return post.unit_id
    return None


def _shift_for_pause(dossier: Dossier, *, resumed_at: dt.datetime, calendars: _Calendars) -> int:
    """Move every running due time on by the working time the dossier waited for the
    applicant (DOMAIN.md §4), and end the pause. Returns the paused working minutes."""
    paused_at, appointment = dossier.paused_at, dossier.appointment_at
    if paused_at is None or appointment is None:
        return 0
    calendar = calendars.receiving()
    dossier.appointment_at = engine.due_after_pause(
        appointment, paused_at=paused_at, resumed_at=resumed_at, calendar=calendar
    )
    for task in Task.objects.filter(
        dossier=dossier, status=TaskStatus.ACTIVE, due_at__isnull=False
    ):
        assert task.due_at is not None  # noqa: S101 (filtered above; for the type checker)
        task.due_at = engine.due_after_pause(
            task.due_at,
            paused_at=paused_at,
            resumed_at=resumed_at,
            calendar=calendars.for_agency(task.agency_id),
        )
        task.save(update_fields=["due_at"])
    for part in DossierParticipant.objects.filter(
        dossier=dossier, due_at__isnull=False, finished_at__isnull=True
    ):
        assert part.due_at is not None  # noqa: S101 (filtered above; for the type checker)
        part.due_at = engine.due_after_pause(
            part.due_at,
            paused_at=paused_at,
            resumed_at=resumed_at,
            calendar=calendars.for_agency(part.agency_id),
        )
        part.save(update_fields=["due_at"])
    dossier.paused_at = None
    minutes = engine.working_time_between(paused_at, resumed_at, calendar=calendar) * 60
    return int(minutes)


def _close_all(dossier: Dossier, task: Task | None, *, at: dt.datetime) -> None:
    """End the work: the active task closes, steps not reached are skipped."""
    if task is not None:
        _close_task(task, at=at)
        _close_participant(task.participant, at=at)
    Task.objects.filter(dossier=dossier, status=TaskStatus.PENDING).update(
        status=TaskStatus.SKIPPED
    )
    _point_at(dossier, None)


# --- creating a dossier ---------------------------------------------------------------


def _version_and_agency(
    *, version: ProcedureVersion, agency: Agency | None
) -> tuple[ProcedureVersion, Agency]:
    agencies = list(version.agencies.all())
    if agency is None:
        if len(agencies) != 1:
            raise InvalidInputError(
                "Thủ tục do nhiều cơ quan giải quyết; hãy chọn cơ quan giải quyết "
                "(choose the deciding agency).",
                code="agency_required",
                detail={"agencies": [a.code for a in agencies]},
            )
        agency = agencies[0]
    elif agency.pk not in {a.pk for a in agencies}:
        raise InvalidInputError(
            "Cơ quan này không giải quyết thủ tục đã chọn (agency does not handle this procedure).",
            code="agency_not_competent",
            detail={"agency": agency.code},
        )
    return version, agency


def _check_components(
    version: ProcedureVersion, components: list[ComponentInput], *, online: bool
) -> None:
    """Every mandatory paper present (at the counter: the completeness check of Decree
    118 Art. 17(1); online: a file for each, unless it can be taken from a database)."""
    required = {c.pk: c for c in version.components.all()}
    seen: set[int] = set()
    for item in components:
        if item.required is not None:
            if item.required.pk not in required:
                raise InvalidInputError(
                    "Giấy tờ không thuộc thủ tục này (component not of this procedure).",
                    code="component_unknown",
                    detail={"component": item.required.pk},
                )
            if online and not item.files and not item.reused_from_repository:
                continue
            seen.add(item.required.pk)
    missing = [
        {"id": c.pk, "name": c.name}
        for c in required.values()
        if c.mandatory and c.pk not in seen and not (online and c.reusable_from_database)
    ]
    if missing:
        raise ApplicationError(
            "Hồ sơ chưa đủ thành phần bắt buộc; chưa thể tiếp nhận "
            "(mandatory components missing): " + "; ".join(str(m["name"]) for m in missing),
            code="dossier_incomplete",
            detail={"missing": missing},
        )


def _applicant_fields(applicant: Citizen | Organisation) -> dict[str, Any]:
    if isinstance(applicant, Citizen):
        return {
            "applicant_kind": ApplicantKind.CITIZEN,
            "citizen": applicant,
            "applicant_name": applicant.full_name,
            "applicant_id_number": applicant.citizen_id,
            "applicant_address": applicant.address,
            "applicant_phone": applicant.phone,
            "applicant_email": applicant.email,
            "owner_id": applicant.user_id,
        }
    return {
        "applicant_kind": ApplicantKind.ORGANISATION,
        "organisation": applicant,
        "applicant_name": applicant.name,
        "applicant_id_number": applicant.tax_code,
        "applicant_address": applicant.address,
        "applicant_phone": applicant.phone,
        "applicant_email": applicant.email,
        "owner_id": applicant.user_id,
    }


def _delivery(result_delivery: str, delivery_address: str) -> tuple[str, str]:
    if result_delivery not in ResultDelivery.values:
        raise InvalidInputError(
            "Hình thức nhận kết quả không hợp lệ (invalid result delivery).",
            code="invalid_result_delivery",
        )
    address = _text(
        delivery_address,
        field="địa chỉ nhận kết quả",
        required=result_delivery == ResultDelivery.POST,
        max_length=300,
    )
    return result_delivery, address


def _representative_fields(representative: Representative | None) -> dict[str, str]:
    if representative is None:
        return {}
    return {
        "representative_name": _text(
            representative.name, field="người được ủy quyền", max_length=200
        ),
        "representative_id_number": _text(
            representative.id_number, field="số định danh người được ủy quyền", max_length=12
        ),
        "authorisation_note": _text(
            representative.authorisation, field="văn bản ủy quyền", max_length=300
        ),
    }


def _dossier_create(
    *,
    version: ProcedureVersion,
    agency: Agency,
    receiving: OneStopUnit,
    channel: str,
    status: str,
    at: dt.datetime,
    **fields: Any,
) -> Dossier:
    """The dossier row with its code, numbered in the caller's transaction."""
    dossier = Dossier(
        code=dossier_code_allocate(agency=agency, on=timezone.localdate(at)),
        version=version,
        procedure_id=version.procedure_id,
        channel=channel,
        receiving_unit=receiving,
        deciding_agency=agency,
        status=status,
        status_changed_at=at,
        submitted_at=at,
        **fields,
    )
    rows_insert([dossier])
    return dossier


def dossier_submit_online(
    *,
    actor: Any,
    version: ProcedureVersion,
    agency: Agency | None = None,
    components: list[ComponentInput],
    eform_data: Any = None,
    result_delivery: str = ResultDelivery.ONLINE,
    delivery_address: str = "",
    representative: Representative | None = None,
    idempotency_key: str = "",
    fingerprint: str = "",
    at: dt.datetime | None = None,
) -> tuple[Dossier, bool]:
    """An applicant files online (status 1, Mới đăng ký). The dossier gets its code
    now, the one the applicant tracks it by. Returns ``(dossier, created)``: a retry
    with the same ``idempotency_key`` returns the first dossier, never a second."""
    at = _now(at)
    applicant = _applicant_of(actor)
    # No read of the key up front: nearly every key is new, and the unique index
    # (owner, idempotency_key) refuses a second dossier anyway. A retry is recognised
    # when it fails, whether on that index or on a check that no longer passes
    # (the version changed since the first attempt): it gets the first dossier.
    try:
        return _submit_online(
            actor=actor,
            applicant=applicant,
            version=version,
            agency=agency,
            components=components,
            eform_data=eform_data,
            result_delivery=result_delivery,
            delivery_address=delivery_address,
            representative=representative,
            idempotency_key=idempotency_key,
            fingerprint=fingerprint,
            at=at,
        ), True
    except (ApplicationError, IntegrityError):
        if not idempotency_key:
            raise
        existing = _idempotent_replay(actor, idempotency_key, fingerprint)
        if existing is None:
            raise
        return existing, False


def _submit_online(
    *,
    actor: Any,
    applicant: Citizen | Organisation,
    version: ProcedureVersion,
    agency: Agency | None,
    components: list[ComponentInput],
    eform_data: Any,
    result_delivery: str,
    delivery_address: str,
    representative: Representative | None,
    idempotency_key: str,
    fingerprint: str,
    at: dt.datetime,
) -> Dossier:
    if version.online_mode == OnlineMode.NONE:
        raise ApplicationError(
            "Thủ tục này chưa cung cấp dịch vụ công trực tuyến (no online service).",
            code="online_not_available",
        )
    version, agency = _version_and_agency(version=version, agency=agency)
    cleaned = eform_validate(version.eform_schema, eform_data if eform_data is not None else {})
    _check_components(version, components, online=True)
    delivery, address = _delivery(result_delivery, delivery_address)
    # The agency row as it stands now (the version's list may come from a cache), with
    # its own one-stop unit in the same statement.
    agency = Agency.objects.select_related("one_stop_unit__agency").get(pk=agency.pk)
    receiving = main_one_stop_unit_for(agency=agency)
    if receiving is None:
        raise ApplicationError(
            "Cơ quan giải quyết chưa có bộ phận một cửa tiếp nhận (no one-stop unit).",
            code="no_one_stop_unit",
        )
    fields = _applicant_fields(applicant)
    fields["owner_id"] = actor.pk
    # Written before the transaction: the code counter row it takes stays locked until
    # COMMIT, and another submission to the same agency today waits on it.
    dossier_files_store(components=components)
    with transaction.atomic():
        dossier = _dossier_create(
            version=version,
            agency=agency,
            receiving=receiving,
            channel=Channel.ONLINE,
            status=DossierStatus.SUBMITTED,
            at=at,
            current_agency=receiving.agency,
            eform_data=cleaned,
            result_delivery=delivery,
            delivery_address=address,
            idempotency_key=idempotency_key,
            idempotency_fingerprint=fingerprint,
            **fields,
            **_representative_fields(representative),
        )
        rows = dossier_components_add(dossier=dossier, components=components, at=at)
        # Everything the new dossier holds, for the answer built right after.
        prefetch_cache_set(dossier, "components", rows)
        for relation in ("tasks", "participants", "handoffs"):
            prefetch_cache_set(dossier, relation, [])
        _finish(
            dossier,
            action=Action.SUBMIT_ONLINE,
            actor=actor,
            at=at,
            source="",
            target=DossierStatus.SUBMITTED,
            detail={"channel": Channel.ONLINE.value},
        )
    return dossier


def _applicant_of(actor: Any) -> Citizen | Organisation:
    if getattr(actor, "pk", None) and actor.is_active:
        for attribute in ("citizen", "organisation"):
            try:
                profile = getattr(actor, attribute)
            except (Citizen.DoesNotExist, Organisation.DoesNotExist):
                continue
            if profile is not None:
                if not user_is_verified(actor):
                    # Issue 5 §2: an account files only once its e-mail or phone was
                    # proven by a code (or it came through VNeID), so a dossier and its
                    # messages reach the person who owns the citizen ID.
                    raise PermissionDeniedError(
                        "Tài khoản chưa được xác minh: hãy xác minh thư điện tử hoặc số "
                        "điện thoại trước khi nộp hồ sơ (account not verified).",
                        code="account_not_verified",
                    )
                return profile
    raise PermissionDeniedError(
        "Chỉ công dân, tổ chức có tài khoản mới nộp hồ sơ trực tuyến (applicants only).",
        code="not_an_applicant",
    )


def _idempotent_replay(actor: Any, key: str, fingerprint: str) -> Dossier | None:
    # Two columns first: nearly every key is new, and a whole row costs 2x to read.
    found = (
        Dossier.objects.filter(owner=actor, idempotency_key=key)
        .values_list("pk", "idempotency_fingerprint")
        .first()
    )
    if found is None:
        return None
    if found[1] != fingerprint:
        raise ConflictError(
            "Khóa Idempotency-Key đã được dùng cho một hồ sơ khác (idempotency key reused "
            "with a different request).",
            code="idempotency_key_reused",
        )
    return Dossier.objects.get(pk=found[0])


def counter_applicant(
    *,
    actor: Any,
    one_stop_unit: OneStopUnit,
    citizen_id: str = "",
    tax_code: str = "",
    name: str = "",
    phone: str = "",
    address: str = "",
    email: str = "",
) -> Citizen | Organisation:
    """The applicant standing at the counter of ``one_stop_unit`` (the actor must be a
    counter officer there): the citizen (by citizen ID) or the organisation (by tax
    code) already on record, else recorded now without a login (the officer may help
    them register one later, DOMAIN.md §1)."""
    allowed = permissions.is_counter_officer_at(
        actor, one_stop_unit_id=one_stop_unit.pk, agency_id=one_stop_unit.agency_id
    )
    if not allowed:
        raise PermissionDeniedError(
            "Chỉ cán bộ một cửa mới ghi nhận người nộp hồ sơ (counter officers only).",
        )
    phone = _text(phone, field="điện thoại", required=False, max_length=20)
    address = _text(address, field="địa chỉ", required=False, max_length=300)
    email = _text(email, field="thư điện tử", required=False, max_length=254)
    if bool(citizen_id) == bool(tax_code):
        raise InvalidInputError(
            "Nhập số định danh cá nhân hoặc mã số thuế của người yêu cầu (one of citizen_id "
            "or tax_code).",
            code="applicant_required",
        )
    if citizen_id:
        found = Citizen.objects.filter(citizen_id=citizen_id.strip()).first()
        if found is not None:
            return found
        return citizen_register(
            citizen_id=citizen_id,
            full_name=_text(name, field="họ và tên", max_length=200),
            phone=phone,
            address=address,
            email=email,
            actor=actor,
        )
    found_org = Organisation.objects.filter(tax_code=tax_code.strip()).first()
    if found_org is not None:
        return found_org
    return organisation_register(
        tax_code=tax_code,
        name=_text(name, field="tên tổ chức", max_length=300),
        phone=phone,
        address=address,
        email=email,
    )


def _counter_checks(
    *,
    actor: Any,
    version: ProcedureVersion,
    one_stop_unit: OneStopUnit,
    agency: Agency | None,
    channel: str,
    sets_count: int,
) -> tuple[ProcedureVersion, Agency]:
    """What every paper dossier at the counter is checked for before its papers: the
    channel, the officer (a counter officer of this one-stop unit), the deciding
    agency and the number of sets."""
    if channel not in (Channel.COUNTER, Channel.POSTAL):
        raise InvalidInputError(
            "Kênh tiếp nhận không hợp lệ (invalid channel).", code="invalid_channel"
        )
    if not permissions.is_counter_officer_at(
        actor, one_stop_unit_id=one_stop_unit.pk, agency_id=one_stop_unit.agency_id
    ):
        raise PermissionDeniedError(
            "Chỉ cán bộ một cửa của bộ phận này mới tiếp nhận hồ sơ (counter officers only).",
        )
    version, agency = _version_and_agency(version=version, agency=agency)
    if not 1 <= sets_count <= 20:
        raise InvalidInputError("Số bộ hồ sơ từ 1 đến 20 (sets 1-20).", code="invalid_sets_count")
    return version, agency


def dossier_receive_at_counter(
    *,
    actor: Any,
    version: ProcedureVersion,
    one_stop_unit: OneStopUnit,
    applicant: Citizen | Organisation,
    components: list[ComponentInput],
    agency: Agency | None = None,
    channel: str = Channel.COUNTER,
    eform_data: Any = None,
    result_delivery: str = ResultDelivery.COUNTER,
    delivery_address: str = "",
    representative: Representative | None = None,
    sets_count: int = 1,
    at: dt.datetime | None = None,
) -> Dossier:
    """A counter officer receives a paper dossier brought in person or by post
    (Decree 118 Art. 17(1)): every mandatory paper present or no receipt; the
    dossier gets its code, receipt and appointment times (Mẫu 01) and its tasks."""
    at = _now(at)
    version, agency = _counter_checks(
        actor=actor,
        version=version,
        one_stop_unit=one_stop_unit,
        agency=agency,
        channel=channel,
        sets_count=sets_count,
    )
    cleaned = eform_validate(version.eform_schema, eform_data if eform_data is not None else {})
    _check_components(version, components, online=False)
    delivery, address = _delivery(result_delivery, delivery_address)
    appointment = appointment_estimate(
        version=version, received_at=at, channel=channel, one_stop_unit=one_stop_unit
    )
    with transaction.atomic():
        dossier = _dossier_create(
            version=version,
            agency=agency,
            receiving=one_stop_unit,
            channel=channel,
            status=DossierStatus.RECEIVED,
            at=at,
            eform_data=cleaned,
            result_delivery=delivery,
            delivery_address=address,
            sets_count=sets_count,
            received_at=at,
            received_by=actor,
            clock_start=appointment.clock_start,
            appointment_at=appointment.appointment_at,
            original_appointment_at=appointment.appointment_at,
            **_applicant_fields(applicant),
            **_representative_fields(representative),
        )
        dossier_components_add(dossier=dossier, components=components, at=at)
        _tasks_create(dossier, actor=actor, at=at, calendars=_Calendars(dossier))
        dossier.save(
            update_fields=[
                "current_step",
                "current_step_name",
                "current_agency",
                "current_assignee",
            ]
        )
        return _finish(
            dossier,
            action=Action.RECEIVE_COUNTER,
            actor=actor,
            at=at,
            source="",
            target=DossierStatus.RECEIVED,
            detail={"channel": channel, "appointment_at": appointment.appointment_at.isoformat()},
        )


def dossier_register_at_counter(
    *,
    actor: Any,
    version: ProcedureVersion,
    one_stop_unit: OneStopUnit,
    applicant: Citizen | Organisation,
    components: list[ComponentInput],
    agency: Agency | None = None,
    channel: str = Channel.COUNTER,
    result_delivery: str = ResultDelivery.COUNTER,
    delivery_address: str = "",
    representative: Representative | None = None,
    sets_count: int = 1,
    at: dt.datetime | None = None,
) -> Dossier:
    """A paper dossier that fails the completeness check at the counter is registered
    all the same: every dossier handled at the counter is entered in the software with
    its code (Decree 118 Art. 11). It stands as "Mới đăng ký" with the papers the
    applicant did bring, no clock and no appointment. The caller then, in the same
    transaction, asks for what is missing (``dossier_request_supplement``, Mẫu 02) or
    refuses it (``dossier_refuse``, Mẫu 03); when the papers come,
    ``dossier_record_supplement`` and ``dossier_receive`` take it on as for an online
    dossier, its clock starting from the paper that completed it."""
    at = _now(at)
    version, agency = _counter_checks(
        actor=actor,
        version=version,
        one_stop_unit=one_stop_unit,
        agency=agency,
        channel=channel,
        sets_count=sets_count,
    )
    known = {c.pk for c in version.components.all()}
    if any(item.required is not None and item.required.pk not in known for item in components):
        raise InvalidInputError(
            "Giấy tờ không thuộc thủ tục này (component not of this procedure).",
            code="component_unknown",
        )
    delivery, address = _delivery(result_delivery, delivery_address)
    with transaction.atomic():
        dossier = _dossier_create(
            version=version,
            agency=agency,
            receiving=one_stop_unit,
            channel=channel,
            status=DossierStatus.SUBMITTED,
            at=at,
            current_agency=one_stop_unit.agency,
            result_delivery=delivery,
            delivery_address=address,
            sets_count=sets_count,
            **_applicant_fields(applicant),
            **_representative_fields(representative),
        )
        dossier_components_add(dossier=dossier, components=components, at=at)
        return _finish(
            dossier,
            action=Action.REGISTER_COUNTER,
            actor=actor,
            at=at,
            source="",
            target=DossierStatus.SUBMITTED,
            detail={"channel": channel},
        )


# --- intake ---------------------------------------------------------------------------


@transaction.atomic
def dossier_receive(
    *, dossier: Dossier, actor: Any, note: str = "", at: dt.datetime | None = None
) -> Dossier:
    """The officer accepts an online dossier, or a walk-in one registered incomplete
    (``dossier_register_at_counter``) once its papers are complete. Its clock starts
    from when it was complete: its submission, or the supplement that completed it
    (the time limit restarts from zero, Decree 297/2025), with its channel's cut-off
    (DOMAIN.md §4)."""
    at = _now(at)
    dossier, _task, target = _begin(dossier, action=Action.RECEIVE, actor=actor)
    source = dossier.status
    complete_at = (
        SupplementRequest.objects.filter(dossier=dossier, stage=SupplementStage.INTAKE)
        .values_list("fulfilled_at", flat=True)
        .first()
        or dossier.submitted_at
    )
    # The cut-off of the dossier's channel: online (Decree 297/2025), or paper for a
    # walk-in registered incomplete and completed at the counter (DOMAIN.md §4).
    appointment = appointment_estimate(
        version=dossier.version,
        received_at=complete_at,
        channel=dossier.channel,
        one_stop_unit=dossier.receiving_unit,
    )
    dossier.received_at = at
    dossier.received_by = actor
    dossier.clock_start = appointment.clock_start
    dossier.appointment_at = dossier.original_appointment_at = appointment.appointment_at
    dossier.status = target
    _tasks_create(dossier, actor=actor, at=at, calendars=_Calendars(dossier))
    return _finish(
        dossier,
        action=Action.RECEIVE,
        actor=actor,
        at=at,
        source=source,
        target=target,
        note=_text(note, field="ghi chú", required=False),
        detail={"appointment_at": appointment.appointment_at.isoformat()},
    )


@transaction.atomic
def dossier_request_supplement(
    *,
    dossier: Dossier,
    actor: Any,
    items: list[SupplementItemInput],
    reason: str,
    legal_basis: str = "",
    at: dt.datetime | None = None,
) -> Dossier:
    """Mẫu 02: ask once, listing every missing or wrong paper with its reason (Decree
    118 Art. 11). At intake the clock has not started; at appraisal it pauses."""
    at = _now(at)
    dossier, _task, target = _begin(dossier, action=Action.REQUEST_SUPPLEMENT, actor=actor)
    source = dossier.status
    stage = (
        SupplementStage.INTAKE if source == DossierStatus.SUBMITTED else SupplementStage.APPRAISAL
    )
    reason = _text(reason, field="lý do")
    legal_basis = _text(legal_basis, field="căn cứ", required=False, max_length=500)
    if not items:
        raise InvalidInputError(
            "Cần liệt kê đầy đủ giấy tờ cần bổ sung (list every item).", code="items_required"
        )
    if len(items) > 50:
        raise InvalidInputError("Tối đa 50 mục (at most 50 items).", code="too_many_items")
    component_ids = set(dossier.version.components.values_list("pk", flat=True))
    cleaned: list[SupplementItem] = []
    for item in items:
        if item.component is not None and item.component.pk not in component_ids:
            raise InvalidInputError(
                "Giấy tờ không thuộc thủ tục này (component not of this procedure).",
                code="component_unknown",
            )
        cleaned.append(
            SupplementItem(
                component=item.component,
                name=_text(item.name, field="tên giấy tờ", max_length=500),
                reason=_text(item.reason, field="lý do của từng mục", max_length=1000),
            )
        )
    if SupplementRequest.objects.filter(dossier=dossier, stage=stage).exists():
        raise ApplicationError(
            "Chỉ được yêu cầu bổ sung hồ sơ một lần (Nghị định 118/2025, Điều 11) "
            "(a supplement may be requested only once).",
            code="supplement_already_requested",
            detail={"stage": stage.value},
        )
    request = SupplementRequest.objects.create(
        dossier=dossier,
        stage=stage,
        reason=reason,
        legal_basis=legal_basis,
        requested_by=actor,
        requested_at=at,
    )
    for row in cleaned:
        row.request = request
    SupplementItem.objects.bulk_create(cleaned)
    dossier.supplement_count += 1
    dossier.supplement_stage = stage
    if stage == SupplementStage.APPRAISAL:
        dossier.paused_at = at
    return _finish(
        dossier,
        action=Action.REQUEST_SUPPLEMENT,
        actor=actor,
        at=at,
        source=source,
        target=target,
        note=reason,
        detail={"stage": stage.value, "items": [i.name for i in cleaned]},
    )


@transaction.atomic
def dossier_record_supplement(
    *,
    dossier: Dossier,
    actor: Any,
    components: list[ComponentInput],
    note: str = "",
    at: dt.datetime | None = None,
) -> Dossier:
    """The applicant brings or uploads what was asked for. Intake: back to the
    officer's check, the clock to start from now. Appraisal: processing resumes and
    every due time moves on by the working time spent waiting (DOMAIN.md §4)."""
    at = _now(at)
    dossier, _task, target = _begin(dossier, action=Action.RECORD_SUPPLEMENT, actor=actor)
    source, stage = dossier.status, dossier.supplement_stage
    if not components:
        raise InvalidInputError(
            "Cần nộp ít nhất một giấy tờ bổ sung (at least one paper).", code="components_required"
        )
    for item in components:
        if item.required is not None and item.required.version_id != dossier.version_id:
            raise InvalidInputError(
                "Giấy tờ không thuộc thủ tục này (component not of this procedure).",
                code="component_unknown",
            )
    dossier_components_add(dossier=dossier, components=components, at=at, stage=stage)
    SupplementRequest.objects.filter(dossier=dossier, stage=stage).update(fulfilled_at=at)
    paused_minutes = 0
    if stage == SupplementStage.APPRAISAL:
        paused_minutes = _shift_for_pause(dossier, resumed_at=at, calendars=_Calendars(dossier))
    dossier.supplement_stage = ""
    return _finish(
        dossier,
        action=Action.RECORD_SUPPLEMENT,
        actor=actor,
        at=at,
        source=source,
        target=target,
        note=_text(note, field="ghi chú", required=False),
        detail={"stage": stage, "paused_working_minutes": paused_minutes},
    )


@transaction.atomic
def dossier_refuse(
    *, dossier: Dossier, actor: Any, reason: str, legal_basis: str, at: dt.datetime | None = None
) -> Dossier:
    """Mẫu 03: the dossier is outside scope or not eligible; refused with reasons
    and the legal basis (Decree 118 Art. 17(1))."""
    at = _now(at)
    dossier, _task, target = _begin(dossier, action=Action.REFUSE, actor=actor)
    source = dossier.status
    reason = _text(reason, field="lý do từ chối")
    legal_basis = _text(legal_basis, field="căn cứ pháp lý", max_length=500)
    Refusal.objects.create(
        dossier=dossier, reason=reason, legal_basis=legal_basis, refused_by=actor, refused_at=at
    )
    dossier.ended_at = at
    return _finish(
        dossier,
        action=Action.REFUSE,
        actor=actor,
        at=at,
        source=source,
        target=target,
        note=reason,
        detail={"legal_basis": legal_basis},
    )


# --- processing -----------------------------------------------------------------------


def _assignee_check(dossier: Dossier, task: Task, assignee: Any) -> None:
    roles: tuple[str, ...] = (RoleCode.SPECIALIST, RoleCode.UNIT_HEAD, RoleCode.LEADER)
    if task.role is not None:
        roles += (task.role.code,)
    ok = permissions.holds_at(assignee, roles, task.agency_id) or (
        task.one_stop_unit_id is not None
        and permissions.is_counter_officer_at(
            assignee, one_stop_unit_id=task.one_stop_unit_id, agency_id=task.agency_id
        )
    )
    if not ok:
        raise InvalidInputError(
            "Cán bộ được phân công không thuộc cơ quan hoặc không có vai trò xử lý bước này "
            "(assignee cannot work on this step).",
            code="assignee_not_eligible",
            detail={"step": task.order},
        )


@transaction.atomic
def dossier_start_processing(
    *,
    dossier: Dossier,
    actor: Any,
    assignee: Any = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> Dossier:
    """The one-stop unit transfers the dossier to the deciding agency (Decree 118
    Art. 18): the intake step ends, the next starts; the first row of Mẫu 05."""
    at = _now(at)
    dossier, task, target = _begin(dossier, action=Action.START_PROCESSING, actor=actor)
    source = dossier.status
    following = (
        Task.objects.select_related("agency", "one_stop_unit", "participant__participant", "role")
        .filter(dossier=dossier, status=TaskStatus.PENDING)
        .order_by("order")
        .first()
    )
    if assignee is not None:
        if following is None:
            raise InvalidInputError(
                "Không còn bước nào để phân công (no step left).", code="no_next_step"
            )
        _assignee_check(dossier, following, assignee)
    handoff = _move(
        dossier,
        current=task,
        target=following,
        actor=actor,
        at=at,
        calendars=_Calendars(dossier),
        assignee=assignee,
        note=note,
    )
    if following is None:
        dossier.current_agency = dossier.deciding_agency
    return _finish(
        dossier,
        action=Action.START_PROCESSING,
        actor=actor,
        at=at,
        source=source,
        target=target,
        note=_text(note, field="ghi chú", required=False),
        detail={"handoff": handoff.pk if handoff else None},
    )


@transaction.atomic
def dossier_assign(
    *, dossier: Dossier, actor: Any, assignee: Any, note: str = "", at: dt.datetime | None = None
) -> Dossier:
    """The unit head or leader gives the current step to an officer (DOMAIN.md §2.4)."""
    at = _now(at)
    dossier, task, target = _begin(dossier, action=Action.ASSIGN, actor=actor)
    if task is None:  # permissions.may refuses ASSIGN without an active task
        raise ConflictError(
            "Hồ sơ không có bước đang xử lý (no active step).", code="no_active_step"
        )
    _assignee_check(dossier, task, assignee)
    task.assignee = assignee
    task.unit_id = _unit_of(assignee, task.agency_id)
    task.save(update_fields=["assignee", "unit"])
    _point_at(dossier, task)
    return _finish(
        dossier,
        action=Action.ASSIGN,
        actor=actor,
        at=at,
        source=dossier.status,
        target=target,
        note=_text(note, field="ghi chú", required=False),
        detail={"assignee": assignee.username, "step": task.order},
    )


@transaction.atomic
def dossier_hand_off(
    *,
    dossier: Dossier,
    actor: Any,
    to_step: int | None = None,
    assignee: Any = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> Dossier:
    """The current step is done; the next one (or ``to_step``, later in the
    procedure) starts, possibly at another agency (liên thông). One Mẫu 05 row."""
    at = _now(at)
    dossier, task, target = _begin(dossier, action=Action.HAND_OFF, actor=actor)
    if task is None:
        raise ConflictError(
            "Hồ sơ không có bước đang xử lý (no active step).", code="no_active_step"
        )
    pending = Task.objects.select_related(
        "agency", "one_stop_unit", "participant__participant", "role"
    ).filter(dossier=dossier, status=TaskStatus.PENDING, order__gt=task.order)
    following = (
        pending.filter(order=to_step).first()
        if to_step is not None
        else pending.order_by("order").first()
    )
    if following is None:
        raise InvalidInputError(
            "Không có bước tiếp theo phù hợp; hồ sơ ở bước cuối thì trình phê duyệt "
            "(no such later step).",
            code="no_next_step",
            detail={"to_step": to_step},
        )
    if assignee is not None:
        _assignee_check(dossier, following, assignee)
    handoff = _move(
        dossier,
        current=task,
        target=following,
        actor=actor,
        at=at,
        calendars=_Calendars(dossier),
        assignee=assignee,
        note=nfc(note)[:500],
    )
    if handoff is None:  # _move returns None only without a target
        raise ConflictError("Không chuyển được bước (no step to hand to).", code="no_next_step")
    return _finish(
        dossier,
        action=Action.HAND_OFF,
        actor=actor,
        at=at,
        source=dossier.status,
        target=target,
        note=_text(note, field="ghi chú", required=False, max_length=500),
        detail={
            "from_step": task.order,
            "to_step": following.order,
            "outcome": handoff.outcome,
            "inter_agency": handoff.inter_agency,
        },
    )


@transaction.atomic
def dossier_decide(
    *, dossier: Dossier, actor: Any, decision: str, note: str = "", at: dt.datetime | None = None
) -> Dossier:
    """The competent person approves, or refuses with a written reason (DOMAIN.md
    §2.4): status 9, processing ends."""
    at = _now(at)
    dossier, task, target = _begin(dossier, action=Action.DECIDE, actor=actor)
    if decision not in Decision.values:
        raise InvalidInputError("Kết quả phải là approved hoặc refused.", code="invalid_decision")
    note = _text(note, field="lý do", required=decision == Decision.REFUSED, max_length=4000)
    source = dossier.status
    _close_all(dossier, task, at=at)
    dossier.decision = decision
    dossier.decision_note = note
    dossier.decided_at = at
    dossier.current_agency = dossier.deciding_agency
    return _finish(
        dossier,
        action=Action.DECIDE,
        actor=actor,
        at=at,
        source=source,
        target=target,
        note=note,
        detail={"decision": decision, "outcome": _classify(at, dossier.appointment_at)},
    )


@transaction.atomic
def dossier_request_payment(
    *, dossier: Dossier, actor: Any, amount: int, note: str = "", at: dt.datetime | None = None
) -> Dossier:
    """Status 6: the applicant must pay (fees, charges or other obligations,
    DOMAIN.md §12). By default the clock stops meanwhile (PAYMENT_PAUSES_CLOCK)."""
    at = _now(at)
    dossier, _task, target = _begin(dossier, action=Action.REQUEST_PAYMENT, actor=actor)
    if not isinstance(amount, int) or isinstance(amount, bool) or not 0 < amount <= MAX_FEE:
        raise InvalidInputError(
            "Số tiền phải là số nguyên dương (đồng) (amount must be a positive integer).",
            code="invalid_amount",
        )
    source = dossier.status
    dossier.fee_requested += amount
    if settings.PAYMENT_PAUSES_CLOCK:
        dossier.paused_at = at
    return _finish(
        dossier,
        action=Action.REQUEST_PAYMENT,
        actor=actor,
        at=at,
        source=source,
        target=target,
        note=_text(note, field="nội dung", required=False),
        detail={"amount": amount},
    )


@transaction.atomic
def dossier_record_payment(
    *, dossier: Dossier, actor: Any, amount: int, reference: str = "", at: dt.datetime | None = None
) -> Dossier:
    """The applicant has paid the whole amount asked; processing resumes."""
    at = _now(at)
    dossier, _task, target = _begin(dossier, action=Action.RECORD_PAYMENT, actor=actor)
    due = dossier.fee_requested - dossier.fee_paid
    if not isinstance(amount, int) or isinstance(amount, bool) or amount != due:
        raise InvalidInputError(
            f"Số tiền phải đúng bằng số còn phải nộp: {due:,} đồng (amount must equal {due}).",
            code="invalid_amount",
            detail={"due": due},
        )
    source = dossier.status
    dossier.fee_paid += amount
    paused = _shift_for_pause(dossier, resumed_at=at, calendars=_Calendars(dossier))
    return _finish(
        dossier,
        action=Action.RECORD_PAYMENT,
        actor=actor,
        at=at,
        source=source,
        target=target,
        note=_text(reference, field="số biên lai", required=False, max_length=200),
        detail={"amount": amount, "paused_working_minutes": paused},
    )


@transaction.atomic
def dossier_mark_result_ready(
    *, dossier: Dossier, actor: Any, note: str = "", at: dt.datetime | None = None
) -> Dossier:
    """The result reaches the one-stop unit for return: the last row of Mẫu 05,
    deciding agency → one-stop unit, judged against the appointment."""
    at = _now(at)
    dossier, _task, target = _begin(dossier, action=Action.MARK_RESULT_READY, actor=actor)
    if dossier.result_ready_at is not None:
        raise ConflictError(
            "Kết quả đã được chuyển về bộ phận một cửa (result already at the one-stop unit).",
            code="result_already_ready",
        )
    dossier.result_ready_at = at
    Handoff.objects.create(
        dossier=dossier,
        from_agency=dossier.deciding_agency,
        from_label=dossier.deciding_agency.name,
        to_agency=dossier.receiving_unit.agency,
        to_unit=dossier.receiving_unit,
        to_label=dossier.receiving_unit.name,
        sent_by=actor,
        sent_at=at,
        received_at=at,
        due_at=dossier.appointment_at,
        outcome=_classify(at, dossier.appointment_at),
        inter_agency=dossier.deciding_agency_id != dossier.receiving_unit.agency_id,
        note=nfc(note)[:500],
    )
    dossier.current_agency = dossier.receiving_unit.agency
    return _finish(
        dossier,
        action=Action.MARK_RESULT_READY,
        actor=actor,
        at=at,
        source=dossier.status,
        target=target,
        note=_text(note, field="ghi chú", required=False, max_length=500),
    )


@dataclass(frozen=True)
class ReturnRecord:
    """How the result is handed over (``ResultReturn``): at the counter, the receiver's
    name and their signature in the tracking ledger; by post, the postal tracking
    number; online, the electronic result file."""

    way: str
    receiver_name: str = ""
    signed_ledger: bool = False
    tracking_number: str = ""
    result_file: UploadedFile | None = None


def _return_record_check(record: ReturnRecord) -> dict[str, Any]:
    """The ``ResultReturn`` fields of a valid record (DOMAIN.md §2.7); refuses a record
    that misses what its way requires."""
    if record.way not in ResultDelivery.values:
        raise InvalidInputError(
            "Hình thức trả kết quả không hợp lệ (unknown way of return).",
            code="invalid_return_way",
            detail={"way": record.way},
        )
    fields: dict[str, Any] = {"way": record.way}
    if record.way == ResultDelivery.COUNTER:
        fields["receiver_name"] = _text(
            record.receiver_name, field="họ tên người nhận", max_length=200
        )
        if not record.signed_ledger:
            raise InvalidInputError(
                "Người nhận phải ký sổ theo dõi khi nhận kết quả tại quầy "
                "(the receiver signs the ledger).",
                code="ledger_not_signed",
            )
        fields["signed_ledger"] = True
    elif record.way == ResultDelivery.POST:
        number = _text(record.tracking_number, field="số hiệu bưu gửi", max_length=40)
        if not all(ch.isascii() and (ch.isalnum() or ch in "-") for ch in number):
            raise InvalidInputError(
                "Số hiệu bưu gửi chỉ gồm chữ cái không dấu, chữ số và dấu gạch ngang "
                "(tracking number: letters, digits, dashes).",
                code="invalid_tracking_number",
            )
        fields["tracking_number"] = number.upper()
        fields["receiver_name"] = _text(
            record.receiver_name, field="họ tên người nhận", required=False, max_length=200
        )
    else:
        if record.result_file is None:
            raise InvalidInputError(
                "Cần đính kèm tệp kết quả điện tử (result file required).",
                code="result_file_required",
            )
        file_check(record.result_file)
    return fields


def _result_file_store(upload: UploadedFile) -> str:
    """Store the electronic result under its content hash (as the dossier's scans are,
    ``dossiers.services``); returns the stored name."""
    digest = hashlib.sha256(upload.content).hexdigest()
    name = f"results/{digest[:2]}/{digest}"
    storage = ResultReturn._meta.get_field("file").storage
    if not storage.exists(name):
        saved = storage.save(name, ContentFile(upload.content))
        if saved != name:  # the same content written at the same moment by another request
            storage.delete(saved)
    return name


@transaction.atomic
def dossier_return_result(
    *,
    dossier: Dossier,
    actor: Any,
    note: str = "",
    record: ReturnRecord | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """The applicant receives the result (status 10; Mẫu 06/07 ledger, DOMAIN.md
    §2.7). With ``record``, how it was handed over is kept (``ResultReturn``) in the
    same transaction."""
    at = _now(at)
    dossier, _task, target = _begin(dossier, action=Action.RETURN_RESULT, actor=actor)
    if dossier.result_ready_at is None:
        raise ApplicationError(
            "Kết quả chưa về bộ phận một cửa (result not yet at the one-stop unit).",
            code="result_not_ready",
        )
    source = dossier.status
    note = _text(note, field="ghi chú", required=False)
    if record is not None:
        fields = _return_record_check(record)
        if record.result_file is not None and record.way == ResultDelivery.ONLINE:
            fields["file"] = _result_file_store(record.result_file)
            fields["file_name"] = nfc(record.result_file.name)[:200] or "ket-qua"
        ResultReturn.objects.create(dossier=dossier, returned_by=actor, returned_at=at, **fields)
    dossier.returned_at = dossier.ended_at = at
    return _finish(
        dossier,
        action=Action.RETURN_RESULT,
        actor=actor,
        at=at,
        source=source,
        target=target,
        note=note,
        detail={"way": record.way} if record is not None else None,
    )


# --- "5 tại chỗ" ----------------------------------------------------------------------


@transaction.atomic
def dossier_resolve_on_the_spot(
    *,
    dossier: Dossier,
    actor: Any,
    decision: str = Decision.APPROVED,
    note: str = "",
    at: dt.datetime | None = None,
) -> Dossier:
    """Decide and return a received dossier of an on-the-spot procedure right at the
    counter ("5 tại chỗ", DOMAIN.md §2.9; authority delegated to the one-stop unit's
    officers, Decree 118 Art. 8): the transfer, the decision (which closes the steps
    not reached), the result at the one-stop unit and its return, each through its own
    service and table edge, all or nothing."""
    at = _now(at)
    dossier = _locked(dossier)
    if not dossier.version.on_the_spot:
        raise ApplicationError(
            "Thủ tục này không giải quyết tại chỗ (not an on-the-spot procedure).",
            code="not_on_the_spot",
        )
    if dossier.status != DossierStatus.RECEIVED:
        status = DossierStatus(dossier.status)
        raise ConflictError(
            f"Hồ sơ đang ở trạng thái “{status.label}”, không thể giải quyết tại chỗ "
            f"(on-the-spot resolution needs status received, not {status.value}).",
            code="transition_not_allowed",
            detail={"status": status.value, "action": "resolve_on_the_spot"},
        )
    dossier = dossier_start_processing(dossier=dossier, actor=actor, at=at)
    dossier = dossier_decide(dossier=dossier, actor=actor, decision=decision, note=note, at=at)
    dossier = dossier_mark_result_ready(dossier=dossier, actor=actor, at=at)
    return dossier_return_result(dossier=dossier, actor=actor, at=at)


# --- withdrawal, stop, apology --------------------------------------------------------


@transaction.atomic
def dossier_withdraw(
    *, dossier: Dossier, actor: Any, reason: str, at: dt.datetime | None = None
) -> Dossier:
    """The applicant asks to withdraw before a decision (status 7; Decree 118 Art.
    21). The one-stop unit then stops the dossier with a stop notice."""
    at = _now(at)
    dossier, _task, target = _begin(dossier, action=Action.WITHDRAW, actor=actor)
    source = dossier.status
    dossier.paused_at = None
    dossier.supplement_stage = ""
    return _finish(
        dossier,
        action=Action.WITHDRAW,
        actor=actor,
        at=at,
        source=source,
        target=target,
        note=_text(reason, field="lý do rút hồ sơ"),
    )


@transaction.atomic
def dossier_stop(
    *, dossier: Dossier, actor: Any, reason: str, at: dt.datetime | None = None
) -> Dossier:
    """Mẫu 05 (Circular 03/2025): handling stops, at the applicant's request or
    because it cannot go on (Decree 118 Art. 21)."""
    at = _now(at)
    dossier, task, target = _begin(dossier, action=Action.STOP, actor=actor)
    source = dossier.status
    reason = _text(reason, field="lý do dừng")
    withdrawn = source == DossierStatus.WITHDRAWAL_REQUESTED
    stage = source
    if withdrawn:
        # The stage reached is where the dossier stood when the applicant withdrew.
        stage = (
            DossierEvent.objects.filter(dossier=dossier, action=Action.WITHDRAW)
            .order_by("-at", "-pk")
            .values_list("from_status", flat=True)
            .first()
            or source
        )
    StopNotice.objects.create(
        dossier=dossier,
        at_applicant_request=withdrawn,
        reason=reason,
        stage=stage,
        issued_by=actor,
        issued_at=at,
    )
    _close_all(dossier, task, at=at)
    dossier.paused_at = None
    dossier.supplement_stage = ""
    dossier.ended_at = at
    return _finish(
        dossier, action=Action.STOP, actor=actor, at=at, source=source, target=target, note=reason
    )


@transaction.atomic
def dossier_reschedule(
    *,
    dossier: Dossier,
    actor: Any,
    responsible_agency: Agency,
    reason: str,
    new_appointment_at: dt.datetime,
    at: dt.datetime | None = None,
) -> Dossier:
    """Mẫu 04: apology and a new return date, once, before the appointment passes,
    signed by a leader of the agency responsible for the delay (DOMAIN.md §2.5)."""
    at = _now(at)
    dossier, _task, target = _begin(dossier, action=Action.RESCHEDULE, actor=actor)
    involved = {dossier.deciding_agency_id} | set(
        DossierParticipant.objects.filter(dossier=dossier).values_list("agency_id", flat=True)
    )
    if responsible_agency.pk not in involved:
        raise InvalidInputError(
            "Cơ quan chịu trách nhiệm phải là cơ quan giải quyết hoặc cơ quan liên thông của hồ sơ "
            "(responsible agency not involved).",
            code="agency_not_involved",
        )
    if not permissions.holds_at(actor, (RoleCode.LEADER,), responsible_agency.pk):
        raise PermissionDeniedError(
            "Văn bản xin lỗi do lãnh đạo cơ quan chịu trách nhiệm ký (a leader of the "
            "responsible agency signs).",
        )
    reason = _text(reason, field="lý do chậm")
    if dossier.reschedule_count >= 1:
        raise ApplicationError(
            "Chỉ được hẹn lại ngày trả kết quả một lần (rescheduling allowed once).",
            code="reschedule_once",
        )
    current = dossier.appointment_at
    if current is None:  # the table allows rescheduling only once received
        raise ConflictError("Hồ sơ chưa có ngày hẹn (no appointment yet).", code="no_appointment")
    if at >= current:
        raise ApplicationError(
            "Đã quá ngày hẹn; văn bản xin lỗi phải gửi trước khi hết hạn "
            "(the appointment has passed).",
            code="appointment_passed",
        )
    lead = settings.APOLOGY_MIN_LEAD_WORKING_HOURS
    if lead and engine.working_time_between(
        at, current, calendar=_Calendars(dossier).receiving()
    ) < Decimal(lead):
        raise ApplicationError(
            f"Văn bản xin lỗi phải gửi trước hạn ít nhất {lead} giờ làm việc (apology too late).",
            code="apology_too_late",
        )
    if timezone.is_naive(new_appointment_at) or new_appointment_at <= current:
        raise InvalidInputError(
            "Ngày hẹn mới phải sau ngày hẹn cũ (new date must be after the current one).",
            code="invalid_new_appointment",
        )
    if new_appointment_at > current + dt.timedelta(days=366):
        raise InvalidInputError(
            "Ngày hẹn mới quá xa (new date too far).", code="invalid_new_appointment"
        )
    ApologyNotice.objects.create(
        dossier=dossier,
        responsible_agency=responsible_agency,
        reason=reason,
        previous_appointment_at=current,
        new_appointment_at=new_appointment_at,
        signed_by=actor,
        issued_at=at,
    )
    dossier.appointment_at = new_appointment_at
    dossier.reschedule_count += 1
    return _finish(
        dossier,
        action=Action.RESCHEDULE,
        actor=actor,
        at=at,
        source=dossier.status,
        target=target,
        note=reason,
        detail={
            "previous_appointment_at": current.isoformat(),
            "new_appointment_at": new_appointment_at.isoformat(),
            "responsible_agency": responsible_agency.code,
        },
    )
