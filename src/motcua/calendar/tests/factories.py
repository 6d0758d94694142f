"""Factories for the calendar tests: override rows, and the places they apply to."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from motcua.accounts.constants import UserKind
from motcua.accounts.models import User
from motcua.agencies.constants import AgencyKind, DivisionLevel, DivisionType, OneStopUnitKind
from motcua.agencies.models import AdministrativeUnit, Agency, OneStopUnit
from motcua.calendar.constants import ExceptionKind
from motcua.calendar.models import CalendarException


class StaffUserFactory(DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"canbo{n}")
    kind = UserKind.STAFF
    full_name = factory.Sequence(lambda n: f"Cán bộ {n}")


class AdministrativeUnitFactory(DjangoModelFactory):
    """A province by default; ``commune=True`` for a commune of a new province,
    ``district=True`` for a pre-2025 district."""

    class Meta:
        model = AdministrativeUnit

    code = factory.Sequence(lambda n: f"9{n:04d}")
    name = factory.Sequence(lambda n: f"Tỉnh Thử {n}")
    level = DivisionLevel.PROVINCE
    division_type = DivisionType.PROVINCE

    class Params:
        commune = factory.Trait(
            name=factory.Sequence(lambda n: f"Xã Thử {n}"),
            level=DivisionLevel.COMMUNE,
            division_type=DivisionType.COMMUNE,
            parent=factory.SubFactory("motcua.calendar.tests.factories.AdministrativeUnitFactory"),
        )
        district = factory.Trait(
            name=factory.Sequence(lambda n: f"Huyện Thử {n}"),
            level=DivisionLevel.DISTRICT,
            division_type=DivisionType.DISTRICT,
            parent=factory.SubFactory("motcua.calendar.tests.factories.AdministrativeUnitFactory"),
            valid_to=dt.date(2025, 7, 1),
        )


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"H99.{n}")
    name = factory.Sequence(lambda n: f"UBND Tỉnh Thử {n}")
    kind = AgencyKind.PROVINCIAL_COMMITTEE
    level = DivisionLevel.PROVINCE


class OneStopUnitFactory(DjangoModelFactory):
    """A provincial service centre with the default office hours (07:30-11:30,
    13:00-17:00) and no Saturday reception."""

    class Meta:
        model = OneStopUnit

    code = factory.Sequence(lambda n: f"TTPVHCC-{n}")
    name = factory.Sequence(lambda n: f"Trung tâm Phục vụ hành chính công {n}")
    kind = OneStopUnitKind.PROVINCIAL_CENTRE
    agency = factory.SubFactory(AgencyFactory)
    administrative_unit = factory.SubFactory(AdministrativeUnitFactory)


class CalendarExceptionFactory(DjangoModelFactory):
    """A national extra day off; ``make_up=True`` for a make-up working day."""

    class Meta:
        model = CalendarException

    date = dt.date(2026, 3, 13)
    kind = ExceptionKind.DAY_OFF
    name = "Nghỉ thêm"
    legal_basis = "Thông báo thử nghiệm"

    class Params:
        make_up = factory.Trait(kind=ExceptionKind.WORKING_DAY, name="Làm bù")
