"""What a draft version asks for: components, fees, legal bases, liên thông
participants and internal steps. Each refuses a version that is no longer a draft; the
order of each list follows the order of entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction

from motcua.accounts.models import Role
from motcua.agencies.models import Agency
from motcua.catalog.constants import ParticipantRole
from motcua.catalog.models import (
    ExemptionCategory,
    FeeLine,
    LegalBasis,
    Participant,
    ProcedureVersion,
    ProcessStep,
    RequiredComponent,
)
from motcua.catalog.services._shared import (
    clean_text,
    full_clean,
    lock_draft,
    next_order,
    to_number,
)
from motcua.core.exceptions import ApplicationError
from motcua.core.text import nfc


@transaction.atomic
def version_add_component(
    *,
    version: ProcedureVersion,
    name: str,
    form: str,
    count: int = 1,
    mandatory: bool = True,
    note: str = "",
    template_name: str = "",
) -> RequiredComponent:
    locked = lock_draft(version)
    component = RequiredComponent(
        version=locked,
        order=next_order(locked.components),
        name=nfc(name),
        form=form,
        count=count,
        mandatory=mandatory,
        note=clean_text(note),
        template_name=nfc(template_name),
    )
    full_clean(component)
    component.save()
    return component


def _exemption_categories(
    exemptions: Iterable[ExemptionCategory | str],
) -> list[ExemptionCategory]:
    """Categories given as rows or by code."""
    items = list(exemptions)
    codes = {item for item in items if isinstance(item, str)}
    found = {
        category.code: category for category in ExemptionCategory.objects.filter(code__in=codes)
    }
    missing = sorted(codes - set(found))
    if missing:
        raise ApplicationError(
            "Không có đối tượng miễn, giảm với mã: " + ", ".join(missing),
            code="exemption_unknown",
            detail={"codes": missing},
        )
    return [found[item] if isinstance(item, str) else item for item in items]


@transaction.atomic
def version_add_fee(
    *,
    version: ProcedureVersion,
    name: str,
    kind: str,
    amount: int,
    online_amount: int | None = None,
    unit_note: str = "",
    legal_basis: str = "",
    exemptions: Iterable[ExemptionCategory | str] = (),
) -> FeeLine:
    """A fee line in integer đồng (DESIGN.md: money is integer đồng). ``exemptions``
    are ExemptionCategory rows or their codes."""
    for value in (amount, online_amount):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise TypeError("fee amounts are whole đồng (int)")
    if amount < 0 or (online_amount is not None and online_amount < 0):
        raise ApplicationError("Mức thu không được âm.", code="invalid", detail={})
    if online_amount is not None and online_amount > amount:
        raise ApplicationError(
            "Mức thu khi nộp trực tuyến không được cao hơn mức thu thông thường.",
            code="invalid",
            detail={"amount": amount, "online_amount": online_amount},
        )
    locked = lock_draft(version)
    categories = _exemption_categories(exemptions)
    fee = FeeLine(
        version=locked,
        order=next_order(locked.fees),
        name=nfc(name),
        kind=kind,
        amount=amount,
        online_amount=online_amount,
        unit_note=nfc(unit_note),
        legal_basis=nfc(legal_basis),
    )
    full_clean(fee)
    fee.save()
    fee.exemptions.set(categories)
    return fee


@transaction.atomic
def version_add_legal_basis(
    *,
    version: ProcedureVersion,
    number: str,
    title: str,
    issued_on: dt.date | None = None,
    effective_from: dt.date | None = None,
) -> LegalBasis:
    locked = lock_draft(version)
    basis = LegalBasis(
        version=locked,
        order=next_order(locked.legal_bases),
        number=nfc(number),
        title=nfc(title),
        issued_on=issued_on,
        effective_from=effective_from,
    )
    full_clean(basis)
    basis.save()
    return basis


@transaction.atomic
def version_add_participant(
    *,
    version: ProcedureVersion,
    role: str,
    budget: Decimal | int | float | str,
    agency: Agency | None = None,
    agency_description: str = "",
) -> Participant:
    """An agency of an inter-agency (liên thông) procedure with its own time budget, in
    the version's time unit (DOMAIN.md §2.4). One lead agency per version."""
    locked = lock_draft(version)
    description = nfc(agency_description)
    if agency is None and not description:
        raise ApplicationError(
            "Cần chọn cơ quan hoặc mô tả cơ quan liên thông.",
            code="participant_agency_missing",
            detail={},
        )
    if role == ParticipantRole.LEAD and locked.participants.filter(role=role).exists():
        raise ApplicationError(
            "Phiên bản đã có cơ quan chủ trì.", code="participant_lead_taken", detail={}
        )
    participant = Participant(
        version=locked,
        order=next_order(locked.participants),
        role=role,
        agency=agency,
        agency_description=description,
        budget=to_number(budget, what="budget"),
    )
    full_clean(participant)
    participant.save()
    return participant


@transaction.atomic
def version_add_step(
    *,
    version: ProcedureVersion,
    name: str,
    budget: Decimal | int | float | str,
    role: Role | None = None,
    performer: str = "",
    participant: Participant | None = None,
) -> ProcessStep:
    """A step of the internal procedure (quy trình nội bộ), performed by a role or a
    named unit, with its budget in the version's time unit (working hours for a
    same-day procedure). A step of a liên thông agency names that participant."""
    locked = lock_draft(version)
    performer = nfc(performer)
    if role is None and not performer:
        raise ApplicationError(
            "Cần chọn vai trò hoặc ghi đơn vị thực hiện bước.",
            code="step_performer_missing",
            detail={},
        )
    if participant is not None and participant.version_id != locked.pk:
        raise ApplicationError(
            "Cơ quan liên thông không thuộc phiên bản này.",
            code="participant_other_version",
            detail={"participant": participant.pk},
        )
    step = ProcessStep(
        version=locked,
        order=next_order(locked.steps),
        name=nfc(name),
        role=role,
        performer=performer,
        participant=participant,
        budget=to_number(budget, what="budget"),
    )
    full_clean(step)
    step.save()
    return step
