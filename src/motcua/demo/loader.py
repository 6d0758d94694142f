"""Load the demo data (``motcua.demo.data``) through the apps' own services.

Idempotent: every row is looked up by its code or username first, so a second run
creates nothing and fails on nothing. The whole load is one transaction: a failure
leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from motcua.accounts.constants import UserKind
from motcua.accounts.models import Citizen, Organisation, Role, User
from motcua.accounts.services import citizen_register, organisation_register, staff_user_create
from motcua.agencies.models import AdministrativeUnit, Agency, OneStopUnit, Unit
from motcua.agencies.services import (
    agency_create,
    agency_set_one_stop_unit,
    divisions_load,
    one_stop_unit_create,
    staff_assign_role,
    unit_create,
)
from motcua.catalog.constants import ProcedureLevel
from motcua.catalog.models import ExemptionCategory, Field, Procedure, ProcedureVersion
from motcua.catalog.services import (
    procedure_create,
    procedure_version_create_draft,
    procedure_version_publish,
    version_add_component,
    version_add_fee,
    version_add_legal_basis,
    version_add_participant,
    version_add_step,
)
from motcua.demo.complaints import demo_complaints_load
from motcua.demo.data import organisation, people, reference
from motcua.demo.data.dossiers import demo_dossiers_load
from motcua.demo.data.procedures import PROCEDURES
from motcua.demo.data.types import AgencySpec, OneStopUnitSpec, ProcedureSpec, StaffSpec
from motcua.reports.services import reports_fold

logger = logging.getLogger(__name__)


@dataclass
class DemoSummary:
    """What one load created (all zero on a second run)."""

    divisions: int = 0
    agencies: int = 0
    units: int = 0
    one_stop_units: int = 0
    staff: int = 0
    citizens: int = 0
    organisations: int = 0
    procedures: int = 0
    dossiers: int = 0
    complaints: int = 0

    @property
    def total(self) -> int:
        return (
            self.divisions
            + self.agencies
            + self.units
            + self.one_stop_units
            + self.staff
            + self.citizens
            + self.organisations
            + self.procedures
            + self.dossiers
            + self.complaints
        )


@dataclass(frozen=True)
class DemoAccount:
    """A login to show on the demo banner and in ``motcua demo --accounts-json``."""

    username: str
    password: str
    role: str
    agency_code: str | None
    full_name: str

    def as_dict(self) -> dict[str, str | None]:
        return {
            "username": self.username,
            "password": self.password,
            "role": self.role,
            "agency_code": self.agency_code,
            "full_name": self.full_name,
        }


def demo_accounts() -> list[DemoAccount]:
    """Every demo login: staff by role, then citizens and the business (their username
    is the citizen ID or the tax code)."""
    accounts = [
        DemoAccount(s.username, people.DEMO_PASSWORD, str(s.role), s.agency_code, s.full_name)
        for s in people.STAFF
    ]
    accounts += [
        DemoAccount(c.citizen_id, people.DEMO_PASSWORD, UserKind.CITIZEN.value, None, c.full_name)
        for c in people.CITIZENS
    ]
    accounts += [
        DemoAccount(o.tax_code, people.DEMO_PASSWORD, UserKind.ORGANISATION.value, None, o.name)
        for o in people.ORGANISATIONS
    ]
    return accounts


def _division(code: str | None) -> AdministrativeUnit | None:
    if code is None:
        return None
    return AdministrativeUnit.objects.get(code=code, valid_to__isnull=True)


def _load_reference() -> None:
    # Plain reference rows: no service owns them (brief of the catalog app).
    for code, name in reference.FIELDS.items():
        Field.objects.get_or_create(code=code, defaults={"name": name})
    for code, name in reference.EXEMPTIONS.items():
        ExemptionCategory.objects.get_or_create(code=code, defaults={"name": name})


def _load_agency(spec: AgencySpec, summary: DemoSummary) -> Agency:
    agency = Agency.objects.filter(code=spec.code).first()
    if agency is None:
        agency = agency_create(
            actor=None,
            code=spec.code,
            name=spec.name,
            kind=spec.kind,
            level=spec.level,
            parent=Agency.objects.get(code=spec.parent_code) if spec.parent_code else None,
            administrative_unit=_division(spec.division_code),
            short_name=spec.short_name,
            address=spec.address,
            phone=spec.phone,
            email=spec.email,
        )
        summary.agencies += 1
    for unit in spec.units:
        if not Unit.objects.filter(agency=agency, code=unit.code).exists():
            unit_create(actor=None, agency=agency, code=unit.code, name=unit.name)
            summary.units += 1
    return agency


def _load_one_stop_unit(spec: OneStopUnitSpec, summary: DemoSummary) -> None:
    if OneStopUnit.objects.filter(code=spec.code).exists():
        return
    one_stop_unit_create(
        actor=None,
        code=spec.code,
        name=spec.name,
        kind=spec.kind,
        agency=Agency.objects.get(code=spec.agency_code),
        parent=OneStopUnit.objects.get(code=spec.parent_code) if spec.parent_code else None,
        administrative_unit=_division(spec.division_code),
        address=spec.address,
        saturday_morning=spec.saturday_morning,
    )
    summary.one_stop_units += 1


def _load_organisation(summary: DemoSummary) -> None:
    for agency_spec in organisation.AGENCIES:
        _load_agency(agency_spec, summary)
    for unit_spec in organisation.ONE_STOP_UNITS:
        _load_one_stop_unit(unit_spec, summary)
    for agency_spec in organisation.AGENCIES:
        agency = Agency.objects.get(code=agency_spec.code)
        wanted = OneStopUnit.objects.get(code=agency_spec.one_stop_unit_code)
        if agency.one_stop_unit_id != wanted.pk:
            agency_set_one_stop_unit(actor=None, agency=agency, one_stop_unit=wanted)


def _load_staff_member(spec: StaffSpec, summary: DemoSummary) -> None:
    user = User.objects.filter(username=spec.username).first()
    if user is None:
        user = staff_user_create(
            actor=None,
            username=spec.username,
            full_name=spec.full_name,
            password=people.DEMO_PASSWORD,
            email=spec.email,
            phone=spec.phone,
        )
        summary.staff += 1
    agency = Agency.objects.get(code=spec.agency_code)
    staff_assign_role(
        actor=None,
        user=user,
        role_code=spec.role,
        agency=agency,
        unit=Unit.objects.get(agency=agency, code=spec.unit_code) if spec.unit_code else None,
        one_stop_unit=(
            OneStopUnit.objects.get(code=spec.one_stop_unit_code)
            if spec.one_stop_unit_code
            else None
        ),
    )
    # Demo only: the administrator may open every page of Django's admin without being
    # granted each model permission. A real installation grants permissions to roles.
    if spec.role in people.ADMIN_SITE_ROLES and not user.is_superuser:
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])


def _load_people(summary: DemoSummary) -> None:
    for staff in people.STAFF:
        _load_staff_member(staff, summary)
    for citizen in people.CITIZENS:
        if Citizen.objects.filter(citizen_id=citizen.citizen_id).exists():
            continue
        registered = citizen_register(
            citizen_id=citizen.citizen_id,
            full_name=citizen.full_name,
            phone=citizen.phone,
            email=citizen.email,
            address=citizen.address,
            date_of_birth=citizen.date_of_birth,
            gender=citizen.gender,
            password=people.DEMO_PASSWORD,
        )
        # The demo people have proven their phones, so they may file online at once
        # (issue 5 §2); a real account does it with the code /xac-minh/ sends.
        User.objects.filter(citizen=registered).update(phone_verified_at=timezone.now())
        summary.citizens += 1
    for org in people.ORGANISATIONS:
        if Organisation.objects.filter(tax_code=org.tax_code).exists():
            continue
        business = organisation_register(
            tax_code=org.tax_code,
            name=org.name,
            address=org.address,
            phone=org.phone,
            email=org.email,
            representative=org.representative,
            password=people.DEMO_PASSWORD,
        )
        User.objects.filter(organisation=business).update(phone_verified_at=timezone.now())
        summary.organisations += 1


def _deciding_agencies(spec: ProcedureSpec) -> list[Agency]:
    # A commune-level procedure is decided by each commune People's Committee.
    codes = spec.agency_codes
    if not codes and spec.level == ProcedureLevel.COMMUNE:
        codes = organisation.COMMUNE_COMMITTEES
    return list(Agency.objects.filter(code__in=codes).order_by("code"))


def _version_children(version: ProcedureVersion, spec: ProcedureSpec) -> None:
    for basis in spec.legal_bases:
        version_add_legal_basis(
            version=version,
            number=basis.number,
            title=basis.title,
            issued_on=basis.issued_on,
            effective_from=basis.effective_from,
        )
    for component in spec.components:
        version_add_component(
            version=version,
            name=component.name,
            form=component.form,
            count=component.count,
            mandatory=component.mandatory,
            note=component.note,
            template_name=component.template_name,
        )
    for fee in spec.fees:
        version_add_fee(
            version=version,
            name=fee.name,
            kind=fee.kind,
            amount=fee.amount,
            online_amount=fee.online_amount,
            unit_note=fee.unit_note,
            legal_basis=fee.legal_basis,
            exemptions=fee.exemptions,
        )
    # A participant's budget is the time its own steps take (DOMAIN.md §2.4).
    budgets: dict[str, Decimal] = defaultdict(Decimal)
    for step in spec.steps:
        if step.participant is not None:
            budgets[step.participant] += step.budget
    participants = {
        p.key: version_add_participant(
            version=version,
            role=p.role,
            budget=budgets[p.key],
            agency=Agency.objects.get(code=p.agency_code) if p.agency_code else None,
            agency_description=p.agency_description,
        )
        for p in spec.participants
    }
    roles = {role.code: role for role in Role.objects.all()}
    for step in spec.steps:
        version_add_step(
            version=version,
            name=step.name,
            budget=step.budget,
            role=roles[step.role] if step.role else None,
            performer=step.performer,
            participant=participants[step.participant] if step.participant else None,
        )


def _load_procedure(spec: ProcedureSpec) -> bool:
    if Procedure.objects.filter(code=spec.code).exists():
        return False
    procedure = procedure_create(
        actor=None,
        code=spec.code,
        name=spec.name,
        field=Field.objects.get(code=spec.field_code),
        level=spec.level,
    )
    version = procedure_version_create_draft(
        actor=None,
        procedure=procedure,
        agencies=_deciding_agencies(spec),
        publication_decision=spec.publication_decision,
        publication_date=spec.publication_date,
        deciding_authority=spec.deciding_authority,
        applicants=spec.applicants,
        requirements=spec.requirements,
        steps_description=spec.steps_description,
        time_limit_value=spec.time_limit_value,
        time_limit_unit=spec.time_limit_unit,
        time_limit_note=spec.time_limit_note,
        online_mode=spec.online_mode,
        on_the_spot=spec.on_the_spot,
        result_type=spec.result_type,
        result_name=spec.result_name,
        fee_collection_point=spec.fee_collection_point,
    )
    _version_children(version, spec)
    procedure_version_publish(actor=None, version=version, effective_from=spec.effective_from)
    return True


@transaction.atomic
def demo_load() -> DemoSummary:
    """Load the demo province, its agencies, accounts and procedure catalogue, then
    replay the demo dossiers (``data.dossiers``) through the workflow services."""
    summary = DemoSummary()
    summary.divisions = divisions_load(province_codes=[organisation.PROVINCE_CODE])
    _load_reference()
    _load_organisation(summary)
    _load_people(summary)
    summary.procedures = sum(_load_procedure(spec) for spec in PROCEDURES)
    # Last: the dossiers need the people, the catalogue and the staff in place.
    summary.dossiers = demo_dossiers_load()
    summary.complaints = demo_complaints_load()
    # The report tables are folded from the history by the worker every minute; the
    # demo's history is written in one go, so fold it now, with no lag to wait out.
    reports_fold(lag=dt.timedelta(0))
    logger.info("demo data loaded", extra={"rows_created": summary.total})
    return summary


__all__ = ["DemoAccount", "DemoSummary", "demo_accounts", "demo_load"]
