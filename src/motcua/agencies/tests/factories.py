"""Factories for agencies, with one trait per kind. Codes are made up but follow the
official shapes: province 2 digits, commune 5, agency e-ID dotted groups."""

from __future__ import annotations

import datetime as dt

import factory

from motcua.accounts.constants import RoleCode
from motcua.accounts.models import Role
from motcua.accounts.tests.factories import UserFactory
from motcua.agencies.constants import (
    TWO_TIER_REFORM_DATE,
    AgencyKind,
    DivisionLevel,
    DivisionType,
    OneStopUnitKind,
)
from motcua.agencies.models import AdministrativeUnit, Agency, OneStopUnit, StaffAssignment, Unit

# Two-digit codes that no current province uses (the 34 run from 01 to 96), so factory
# provinces never clash with the divisions loaded from the package.
_FREE_PROVINCE_CODES = [f"{c:02d}" for c in (
    2, 3, 5, 6, 7, 9, 10, 13, 16, 17, 18, 21, 23, 26, 27, 28, 29, 30, 32, 34, 35, 36, 39,
    41, 43, 45, 47, 49, 50, 53, 54, 55, 57, 58, 59, 60, 61, 62, 63, 64, 65, 67, 69, 70,
    71, 72, 73, 74, 76, 77, 78, 81, 83, 84, 85, 87, 88, 89, 90, 93, 94, 95, 97, 98, 99,
)]  # fmt: skip


class ProvinceFactory(factory.django.DjangoModelFactory):
    """A current province with a code no real province has."""

    class Meta:
        model = AdministrativeUnit

    code = factory.Sequence(lambda n: _FREE_PROVINCE_CODES[n % len(_FREE_PROVINCE_CODES)])
    name = factory.Sequence(lambda n: f"Tỉnh Thử Nghiệm {n}")
    level = DivisionLevel.PROVINCE
    division_type = DivisionType.PROVINCE
    valid_from = TWO_TIER_REFORM_DATE


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit

    code = factory.Sequence(lambda n: f"{90000 + n % 10000:05d}")  # real ones end at 32248
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    level = DivisionLevel.COMMUNE
    division_type = DivisionType.COMMUNE
    parent = factory.SubFactory(ProvinceFactory)
    valid_from = TWO_TIER_REFORM_DATE

    class Params:
        ward = factory.Trait(
            division_type=DivisionType.WARD, name=factory.Sequence(lambda n: f"Phường Mẫu {n}")
        )


class DistrictFactory(factory.django.DjangoModelFactory):
    """A district abolished on 1/7/2025, kept for historical dossiers."""

    class Meta:
        model = AdministrativeUnit

    code = factory.Sequence(lambda n: f"{800 + n % 200:03d}")
    name = factory.Sequence(lambda n: f"Huyện Cũ {n}")
    level = DivisionLevel.DISTRICT
    division_type = DivisionType.DISTRICT
    parent = factory.SubFactory(ProvinceFactory)
    valid_to = TWO_TIER_REFORM_DATE


class AgencyFactory(factory.django.DjangoModelFactory):
    """A provincial department (sở) by default; traits for the other kinds."""

    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"T{n:02d}.{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Sở Thử Nghiệm {n}")
    kind = AgencyKind.PROVINCIAL_DEPARTMENT
    level = DivisionLevel.PROVINCE

    class Params:
        ministry = factory.Trait(
            kind=AgencyKind.MINISTRY,
            level=DivisionLevel.CENTRAL,
            code=factory.Sequence(lambda n: f"G{n:02d}"),
            name=factory.Sequence(lambda n: f"Bộ Thử Nghiệm {n}"),
        )
        provincial_committee = factory.Trait(
            kind=AgencyKind.PROVINCIAL_COMMITTEE,
            level=DivisionLevel.PROVINCE,
            code=factory.Sequence(lambda n: f"000.00.00.T{n:02d}"),
            name=factory.Sequence(lambda n: f"UBND tỉnh Thử Nghiệm {n}"),
            administrative_unit=factory.SubFactory(ProvinceFactory),
        )
        commune_committee = factory.Trait(
            kind=AgencyKind.COMMUNE_COMMITTEE,
            level=DivisionLevel.COMMUNE,
            code=factory.Sequence(lambda n: f"X{n:02d}.01.T01"),
            name=factory.Sequence(lambda n: f"UBND xã Thử Nghiệm {n}"),
            administrative_unit=factory.SubFactory(CommuneFactory),
        )
        vertical_branch = factory.Trait(
            kind=AgencyKind.VERTICAL_BRANCH,
            level=DivisionLevel.PROVINCE,
            code=factory.Sequence(lambda n: f"G09.{n:02d}"),
            name=factory.Sequence(lambda n: f"Thuế tỉnh Thử Nghiệm {n}"),
        )


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"P{n:02d}")
    name = factory.Sequence(lambda n: f"Phòng Thử Nghiệm {n}")


class OneStopUnitFactory(factory.django.DjangoModelFactory):
    """A provincial Public Administration Service Centre by default."""

    class Meta:
        model = OneStopUnit

    code = factory.Sequence(lambda n: f"TTPVHCC-{n:02d}")
    name = factory.Sequence(lambda n: f"Trung tâm Phục vụ hành chính công tỉnh {n}")
    kind = OneStopUnitKind.PROVINCIAL_CENTRE
    agency = factory.SubFactory(AgencyFactory, provincial_committee=True)

    class Params:
        commune_centre = factory.Trait(
            kind=OneStopUnitKind.COMMUNE_CENTRE,
            agency=factory.SubFactory(AgencyFactory, commune_committee=True),
        )
        reception_point = factory.Trait(
            kind=OneStopUnitKind.RECEPTION_POINT,
            parent=factory.SubFactory("motcua.agencies.tests.factories.OneStopUnitFactory"),
            agency=factory.SelfAttribute("parent.agency"),
        )
        saturday = factory.Trait(saturday_morning=True, morning_start=dt.time(7, 0))


class StaffAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffAssignment

    user = factory.SubFactory(UserFactory)
    role = factory.LazyFunction(lambda: Role.objects.get(code=RoleCode.SPECIALIST))
    agency = factory.SubFactory(AgencyFactory)

    class Params:
        revoked = factory.Trait(is_active=False)
