"""Shapes of the demo data: plain frozen dataclasses, read by ``motcua.demo.loader``.

Everything is keyed by a stable code or username so that loading twice finds the rows
the first load made instead of creating new ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from motcua.accounts.constants import Gender, RoleCode
from motcua.agencies.constants import AgencyKind, DivisionLevel, OneStopUnitKind
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


@dataclass(frozen=True)
class UnitSpec:
    """A phòng/ban inside an agency."""

    code: str
    name: str


@dataclass(frozen=True)
class AgencySpec:
    code: str
    name: str
    kind: AgencyKind
    level: DivisionLevel
    short_name: str = ""
    parent_code: str | None = None
    # Code of the administrative unit in ``vietnam-provinces`` (86, or a commune code).
    division_code: str | None = None
    one_stop_unit_code: str | None = None
    address: str = ""
    phone: str = ""
    email: str = ""
    units: tuple[UnitSpec, ...] = ()


@dataclass(frozen=True)
class OneStopUnitSpec:
    code: str
    name: str
    kind: OneStopUnitKind
    agency_code: str
    division_code: str | None = None
    parent_code: str | None = None
    address: str = ""
    saturday_morning: bool = False


@dataclass(frozen=True)
class StaffSpec:
    username: str
    full_name: str
    role: str  # a RoleCode, or a role another app seeds (feedback's PAKN handler)
    agency_code: str
    unit_code: str | None = None
    one_stop_unit_code: str | None = None
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class CitizenSpec:
    citizen_id: str
    full_name: str
    date_of_birth: dt.date
    gender: Gender
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass(frozen=True)
class OrganisationSpec:
    tax_code: str
    name: str
    representative: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class LegalBasisSpec:
    number: str
    title: str
    issued_on: dt.date | None = None
    effective_from: dt.date | None = None


@dataclass(frozen=True)
class ComponentSpec:
    name: str
    form: ComponentForm
    count: int = 1
    mandatory: bool = True
    note: str = ""
    template_name: str = ""


@dataclass(frozen=True)
class FeeSpec:
    """A fee line in integer đồng; ``exemptions`` are ExemptionCategory codes."""

    name: str
    kind: FeeKind
    amount: int
    online_amount: int | None = None
    unit_note: str = ""
    legal_basis: str = ""
    exemptions: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParticipantSpec:
    """An agency of an inter-agency (liên thông) procedure. ``key`` ties steps to it;
    its budget is the sum of its steps' budgets."""

    key: str
    role: ParticipantRole
    agency_code: str | None = None
    agency_description: str = ""


@dataclass(frozen=True)
class StepSpec:
    """One step of the internal procedure, its budget in the version's time unit (in
    working hours for a same-day procedure)."""

    name: str
    budget: Decimal
    performer: str
    role: RoleCode | None = None
    participant: str | None = None


@dataclass(frozen=True)
class ProcedureSpec:
    code: str
    name: str
    field_code: str
    level: ProcedureLevel
    deciding_authority: str
    applicants: str
    time_limit_value: Decimal
    time_limit_unit: TimeUnit
    result_name: str
    steps: tuple[StepSpec, ...]
    components: tuple[ComponentSpec, ...] = ()
    fees: tuple[FeeSpec, ...] = ()
    legal_bases: tuple[LegalBasisSpec, ...] = ()
    participants: tuple[ParticipantSpec, ...] = ()
    # Deciding agencies (department or branch codes). Empty for a commune-level
    # procedure: every demo commune People's Committee decides it.
    agency_codes: tuple[str, ...] = ()
    time_limit_note: str = ""
    requirements: str = ""
    steps_description: str = ""
    online_mode: OnlineMode = OnlineMode.NONE
    on_the_spot: bool = False
    result_type: ResultType = ResultType.PAPER
    fee_collection_point: FeeCollectionPoint = FeeCollectionPoint.AT_RECEIPT
    publication_decision: str = ""
    publication_date: dt.date | None = None
    effective_from: dt.date = field(default=dt.date(2025, 7, 1))
