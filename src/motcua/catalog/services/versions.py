"""Writes of procedure versions: draft, publish, supersede, abolish.

A version is entered as a draft, checked and published; once published it never
changes (DESIGN.md: a dossier keeps the version it was received under). A change of the
rules is a new version, which supersedes the one in force from its effective date.
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import Any, cast

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from motcua.agencies.models import Agency
from motcua.catalog.constants import TimeUnit, VersionStatus
from motcua.catalog.eforms import eform_schema_check
from motcua.catalog.models import (
    FeeLine,
    LegalBasis,
    Participant,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    RequiredComponent,
)
from motcua.catalog.services._shared import (
    clean_text,
    full_clean,
    lock_draft,
    plain_number,
    to_number,
)
from motcua.core.exceptions import ApplicationError
from motcua.core.services import audit_record
from motcua.core.text import nfc

# A same-day procedure (thời hạn "trong ngày") has its steps budgeted in working hours
# within one working day; provincial systems count 8 working hours a day (DOMAIN.md §4,
# [S] Thanh Hóa).
SAME_DAY_HOURS = Decimal(8)

# The fields of a version a draft may set. Status, number, publication time and the end
# of the effective range belong to publish/abolish.
VERSION_FIELDS = frozenset(
    {
        "publication_decision",
        "publication_date",
        "effective_from",
        "deciding_authority",
        "applicants",
        "requirements",
        "steps_description",
        "time_limit_value",
        "time_limit_unit",
        "time_limit_note",
        "counter_cutoff",
        "online_cutoff_minutes",
        "online_mode",
        "on_the_spot",
        "result_type",
        "result_name",
        "fee_collection_point",
        "eform_schema",
    }
)
# Free text: NFC, but its line breaks kept (core.text.nfc collapses all white space).
_MULTILINE_FIELDS = frozenset({"applicants", "requirements", "steps_description"})


def _clean_value(name: str, value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value) if name in _MULTILINE_FIELDS else nfc(value)
    return value


def _split_version_fields(fields: dict[str, Any]) -> tuple[dict[str, Any], list[Agency] | None]:
    unknown = set(fields) - VERSION_FIELDS - {"agencies"}
    if unknown:
        raise TypeError(f"not a draft field of a procedure version: {sorted(unknown)}")
    agencies = fields.pop("agencies", None)
    values = {name: _clean_value(name, value) for name, value in fields.items()}
    if "time_limit_value" in values:
        values["time_limit_value"] = to_number(values["time_limit_value"], what="time_limit_value")
    if "eform_schema" in values:
        # Stored only checked and normalised, so every reader (API, dossier intake) can
        # rely on its shape (catalog.eforms).
        values["eform_schema"] = eform_schema_check(values["eform_schema"])
    return values, list(agencies) if agencies is not None else None


def _copy_children(*, source: ProcedureVersion, target: ProcedureVersion) -> None:
    """Deep copy of what a version asks for; the copy is a new draft, edited freely."""
    LegalBasis.objects.bulk_create(
        LegalBasis(
            version=target,
            order=basis.order,
            number=basis.number,
            title=basis.title,
            issued_on=basis.issued_on,
            effective_from=basis.effective_from,
        )
        for basis in source.legal_bases.all()
    )
    RequiredComponent.objects.bulk_create(
        RequiredComponent(
            version=target,
            order=component.order,
            name=component.name,
            form=component.form,
            count=component.count,
            mandatory=component.mandatory,
            note=component.note,
            template_name=component.template_name,
            template_file=component.template_file.name,
            reusable_from_database=component.reusable_from_database,
        )
        for component in source.components.all()
    )
    for fee in source.fees.prefetch_related("exemptions"):
        copy = FeeLine.objects.create(
            version=target,
            order=fee.order,
            name=fee.name,
            kind=fee.kind,
            amount=fee.amount,
            online_amount=fee.online_amount,
            unit_note=fee.unit_note,
            legal_basis=fee.legal_basis,
        )
        copy.exemptions.set(fee.exemptions.all())
    participants: dict[int, Participant] = {}
    for participant in source.participants.all():
        participants[participant.pk] = Participant.objects.create(
            version=target,
            order=participant.order,
            role=participant.role,
            agency_id=participant.agency_id,
            agency_description=participant.agency_description,
            budget=participant.budget,
        )
    ProcessStep.objects.bulk_create(
        ProcessStep(
            version=target,
            order=step.order,
            name=step.name,
            role_id=step.role_id,
            performer=step.performer,
            participant=participants[step.participant_id] if step.participant_id else None,
            budget=step.budget,
        )
        for step in source.steps.all()
    )


@transaction.atomic
def procedure_version_create_draft(
    *,
    actor: Any,
    procedure: Procedure,
    copy_from: ProcedureVersion | None = None,
    **fields: Any,
) -> ProcedureVersion:
    """A new draft with the next number. ``copy_from`` (a version of the same procedure)
    gives its fields, agencies, components, fees with exemptions, legal bases,
    participants and steps; ``fields`` override the copied values. ``agencies`` is an
    iterable of Agency. ``eform_schema`` is stored as ``eforms.eform_schema_check``
    returns it (refused with code "eform_schema_invalid")."""
    values, agencies = _split_version_fields(dict(fields))
    # The procedure row serialises numbering between two concurrent drafts.
    locked = Procedure.objects.select_for_update().get(pk=procedure.pk)
    if copy_from is not None and copy_from.procedure_id != locked.pk:
        raise ApplicationError(
            "Chỉ sao chép được từ một phiên bản của cùng thủ tục.",
            code="version_other_procedure",
            detail={"procedure": locked.code, "copy_from": copy_from.pk},
        )
    number = (locked.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    if copy_from is not None:
        copied = {name: getattr(copy_from, name) for name in VERSION_FIELDS}
        # The planned date of the old text is no plan for the new one.
        copied["effective_from"] = None
        copied["eform_schema"] = copy.deepcopy(copy_from.eform_schema)
        values = {**copied, **values}
    version = ProcedureVersion(procedure=locked, number=number, **values)
    full_clean(version)
    version.save()
    if agencies is not None:
        version.agencies.set(agencies)
    elif copy_from is not None:
        version.agencies.set(copy_from.agencies.all())
    if copy_from is not None:
        _copy_children(source=copy_from, target=version)
    audit_record(
        actor=actor,
        action="catalog.version_draft_created",
        obj=version,
        detail={"copy_from": copy_from.number if copy_from is not None else None},
    )
    return version


@transaction.atomic
def procedure_version_update_draft(
    *, actor: Any, version: ProcedureVersion, **fields: Any
) -> ProcedureVersion:
    """Change fields of a draft (names as in VERSION_FIELDS, plus ``agencies``);
    ``eform_schema`` is checked as on creation."""
    values, agencies = _split_version_fields(dict(fields))
    locked = lock_draft(version)
    for name, value in values.items():
        setattr(locked, name, value)
    full_clean(locked)
    locked.save()
    if agencies is not None:
        locked.agencies.set(agencies)
    changed = sorted(values) + (["agencies"] if agencies is not None else [])
    audit_record(
        actor=actor, action="catalog.version_draft_updated", obj=locked, detail={"fields": changed}
    )
    return locked


def _refuse_budgets(message: str, *, expected: Decimal, actual: Decimal, **extra: Any) -> None:
    raise ApplicationError(
        message,
        code="budgets_do_not_add_up",
        detail={"expected": plain_number(expected), "actual": plain_number(actual), **extra},
    )


def _check_publishable(version: ProcedureVersion) -> None:
    """What a published version must hold for deadlines to be computed from it: a time
    limit, a checklist, and step budgets that split the time limit exactly (DOMAIN.md
    §2.4: internal procedures split the total; each liên thông agency has its own)."""
    same_day = version.time_limit_unit == TimeUnit.SAME_DAY
    if not same_day and version.time_limit_value <= 0:
        raise ApplicationError(
            "Chưa nhập thời hạn giải quyết.", code="time_limit_missing", detail={}
        )
    if not version.components.exists():
        raise ApplicationError(
            "Phiên bản chưa có thành phần hồ sơ nào.", code="components_missing", detail={}
        )
    if not version.steps.exists():
        raise ApplicationError(
            "Phiên bản chưa có bước xử lý nào trong quy trình nội bộ.",
            code="steps_missing",
            detail={},
        )
    total = version.steps.aggregate(total=Sum("budget"))["total"] or Decimal(0)
    if same_day:
        if total > SAME_DAY_HOURS:
            _refuse_budgets(
                f"Thủ tục giải quyết trong ngày: tổng thời gian các bước là {plain_number(total)} "
                f"giờ làm việc, vượt quá {plain_number(SAME_DAY_HOURS)} giờ.",
                expected=SAME_DAY_HOURS,
                actual=total,
                unit=TimeUnit.WORKING_HOURS.value,
            )
    elif total != version.time_limit_value:
        unit_label = TimeUnit(version.time_limit_unit).label
        _refuse_budgets(
            f"Tổng thời gian các bước là {plain_number(total)} {unit_label}, không bằng thời hạn "
            f"giải quyết {plain_number(version.time_limit_value)} {unit_label}.",
            expected=version.time_limit_value,
            actual=total,
            unit=version.time_limit_unit,
        )
    participants = version.participants.annotate(steps_total=Sum("steps__budget")).order_by(
        "order", "pk"
    )
    for participant in participants:
        spent = participant.steps_total or Decimal(0)
        if spent != participant.budget:
            _refuse_budgets(
                f"Cơ quan liên thông '{participant}': tổng thời gian các bước là "
                f"{plain_number(spent)}, không bằng thời hạn của cơ quan "
                f"{plain_number(participant.budget)}.",
                expected=participant.budget,
                actual=spent,
                participant=participant.pk,
            )


@transaction.atomic
def procedure_version_publish(
    *,
    actor: Any,
    version: ProcedureVersion,
    effective_from: dt.date | None = None,
    published_at: dt.datetime | None = None,
) -> ProcedureVersion:
    """Publish a draft from ``effective_from`` (else the date planned on the draft, else
    today in local time). The version in force before that date ends there and becomes
    superseded; so does a published version not yet in force that the new one overtakes
    (it never takes effect). Refused if it would replace, from an earlier date, a
    version that has already taken effect."""
    procedure = Procedure.objects.select_for_update().get(pk=version.procedure_id)
    others = list(
        ProcedureVersion.objects.select_for_update()
        .filter(procedure=procedure)
        .exclude(pk=version.pk)
        .exclude(status=VersionStatus.DRAFT)
        .order_by("number")
    )
    locked = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
    if locked.status != VersionStatus.DRAFT:
        raise ApplicationError(
            f"Phiên bản {locked.number} ({locked.get_status_display().lower()}) không phải "
            "dự thảo; chỉ công bố được phiên bản dự thảo.",
            code="version_not_draft",
            detail={"version": locked.number, "status": locked.status},
        )
    _check_publishable(locked)
    now = published_at or timezone.now()
    start = effective_from or locked.effective_from or timezone.localdate()
    today = timezone.localdate()

    superseded: list[int] = []
    for other in others:
        # Not null outside drafts (procedure_version_published_has_effective_from).
        other_from = cast(dt.date, other.effective_from)
        if other.effective_to is not None and other.effective_to <= start:
            continue  # ended before the new version starts
        if other_from < start:
            other.effective_to = start
        elif other_from > today:
            # Published but not yet in force: overtaken before it takes effect.
            other.effective_to = other_from
        else:
            raise ApplicationError(
                f"Phiên bản {other.number} đã áp dụng từ ngày {other_from:%d/%m/%Y}; "
                "phiên bản mới phải áp dụng sau ngày đó.",
                code="effective_from_too_early",
                detail={
                    "version": other.number,
                    "effective_from": other_from.isoformat(),
                    "requested": start.isoformat(),
                },
            )
        other.status = VersionStatus.SUPERSEDED
        other.save(update_fields=["effective_to", "status", "updated_at"])
        superseded.append(other.number)
        audit_record(
            actor=actor,
            action="catalog.version_superseded",
            obj=other,
            detail={"by": locked.number, "effective_to": other.effective_to.isoformat()},
        )

    locked.status = VersionStatus.PUBLISHED
    locked.published_at = now
    locked.effective_from = start
    locked.effective_to = None
    locked.save(
        update_fields=["status", "published_at", "effective_from", "effective_to", "updated_at"]
    )
    audit_record(
        actor=actor,
        action="catalog.version_published",
        obj=locked,
        detail={"effective_from": start.isoformat(), "superseded": superseded},
    )
    return locked


@transaction.atomic
def procedure_version_abolish(
    *, actor: Any, version: ProcedureVersion, effective_to: dt.date
) -> ProcedureVersion:
    """The procedure is abolished (bãi bỏ) from ``effective_to``: the published version
    stops being in force that day. ``effective_to`` equal to its ``effective_from``
    withdraws a version that has not yet taken effect."""
    locked = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
    if locked.status != VersionStatus.PUBLISHED:
        raise ApplicationError(
            f"Chỉ bãi bỏ được phiên bản đã công bố; phiên bản {locked.number} "
            f"({locked.get_status_display().lower()}) thì không.",
            code="version_not_published",
            detail={"version": locked.number, "status": locked.status},
        )
    effective_from = cast(dt.date, locked.effective_from)  # not null once published
    if effective_to < effective_from:
        raise ApplicationError(
            f"Ngày bãi bỏ phải từ ngày {effective_from:%d/%m/%Y} trở đi.",
            code="effective_to_before_from",
            detail={
                "effective_from": effective_from.isoformat(),
                "effective_to": effective_to.isoformat(),
            },
        )
    locked.status = VersionStatus.ABOLISHED
    locked.effective_to = effective_to
    locked.save(update_fields=["status", "effective_to", "updated_at"])
    audit_record(
        actor=actor,
        action="catalog.version_abolished",
        obj=locked,
        detail={"effective_to": effective_to.isoformat()},
    )
    return locked


@transaction.atomic
def procedure_version_delete_draft(*, actor: Any, version: ProcedureVersion) -> None:
    """Discard a draft with what it asks for. A published text is never deleted: it
    stays the rule its dossiers were handled under."""
    locked = lock_draft(version)
    audit_record(
        actor=actor,
        action="catalog.version_draft_deleted",
        obj=locked,
        detail={"procedure": locked.procedure.code, "number": locked.number},
    )
    locked.delete()
