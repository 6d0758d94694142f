"""Catalog factories, one trait per lifecycle state of a version. Agency, Role and User
rows are made here with the fewest fields, so these tests depend on no other app's
factories."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from motcua.accounts.constants import UserKind
from motcua.accounts.models import Role, User
from motcua.agencies.constants import AgencyKind, DivisionLevel
from motcua.agencies.models import Agency
from motcua.catalog.constants import (
    ComponentForm,
    FeeKind,
    ParticipantRole,
    ProcedureLevel,
    TimeUnit,
    VersionStatus,
)
from motcua.catalog.models import (
    ExemptionCategory,
    FeeLine,
    Field,
    LegalBasis,
    Participant,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    RequiredComponent,
)

PUBLISHED_AT = dt.datetime(2025, 12, 20, 2, 0, tzinfo=dt.UTC)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"catalog-admin-{n}")
    kind = UserKind.STAFF
    full_name = "Nguyễn Văn Quản Trị"


class RoleFactory(DjangoModelFactory):
    class Meta:
        model = Role

    code = factory.Sequence(lambda n: f"catalog-role-{n}")
    name = factory.Sequence(lambda n: f"Vai trò thử {n}")


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"H99.{n}")
    name = factory.Sequence(lambda n: f"Sở thử nghiệm {n}")
    kind = AgencyKind.PROVINCIAL_DEPARTMENT
    level = DivisionLevel.PROVINCE


class FieldFactory(DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"field-{n}")
    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")


class ExemptionCategoryFactory(DjangoModelFactory):
    class Meta:
        model = ExemptionCategory

    code = factory.Sequence(lambda n: f"exempt-{n}")
    name = factory.Sequence(lambda n: f"Đối tượng miễn {n}")


class ProcedureFactory(DjangoModelFactory):
    class Meta:
        model = Procedure

    code = factory.Sequence(lambda n: f"9.{n:06d}")
    name = factory.Sequence(lambda n: f"Thủ tục thử {n}")
    field = factory.SubFactory(FieldFactory)
    level = ProcedureLevel.PROVINCE


class ProcedureVersionFactory(DjangoModelFactory):
    """A draft of 10 working days by default. Traits: ``published`` (in force from
    1/1/2026), ``superseded`` (1/1/2025 to 1/1/2026), ``abolished`` (1/1/2025 to
    1/7/2025). ``complete=True`` adds what publishing needs: one component and two
    steps splitting the time limit (0.5 + the rest)."""

    class Meta:
        model = ProcedureVersion
        skip_postgeneration_save = True

    procedure = factory.SubFactory(ProcedureFactory)
    number = factory.LazyAttribute(lambda o: o.procedure.versions.count() + 1)
    time_limit_value = Decimal(10)
    time_limit_unit = TimeUnit.WORKING_DAYS

    class Params:
        published = factory.Trait(
            status=VersionStatus.PUBLISHED,
            effective_from=dt.date(2026, 1, 1),
            published_at=PUBLISHED_AT,
        )
        superseded = factory.Trait(
            status=VersionStatus.SUPERSEDED,
            effective_from=dt.date(2025, 1, 1),
            effective_to=dt.date(2026, 1, 1),
            published_at=dt.datetime(2024, 12, 20, 2, 0, tzinfo=dt.UTC),
        )
        abolished = factory.Trait(
            status=VersionStatus.ABOLISHED,
            effective_from=dt.date(2025, 1, 1),
            effective_to=dt.date(2025, 7, 1),
            published_at=dt.datetime(2024, 12, 20, 2, 0, tzinfo=dt.UTC),
        )

    @factory.post_generation
    def complete(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if not (create and extracted):
            return
        RequiredComponent.objects.create(
            version=self, order=1, name="Tờ khai", form=ComponentForm.ORIGINAL
        )
        ProcessStep.objects.create(
            version=self,
            order=1,
            name="Tiếp nhận hồ sơ",
            performer="Bộ phận một cửa",
            budget=Decimal("0.5"),
        )
        ProcessStep.objects.create(
            version=self,
            order=2,
            name="Thẩm định, trình ký",
            performer="Phòng chuyên môn",
            budget=self.time_limit_value - Decimal("0.5"),
        )


class LegalBasisFactory(DjangoModelFactory):
    class Meta:
        model = LegalBasis

    version = factory.SubFactory(ProcedureVersionFactory)
    order = factory.Sequence(lambda n: n + 1)
    number = "60/2014/QH13"
    title = "Luật Hộ tịch"


class RequiredComponentFactory(DjangoModelFactory):
    class Meta:
        model = RequiredComponent

    version = factory.SubFactory(ProcedureVersionFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = "Tờ khai đăng ký"
    form = ComponentForm.ORIGINAL


class FeeLineFactory(DjangoModelFactory):
    class Meta:
        model = FeeLine

    version = factory.SubFactory(ProcedureVersionFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = "Lệ phí cấp giấy phép"
    kind = FeeKind.CHARGE
    amount = 75_000


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = Participant

    version = factory.SubFactory(ProcedureVersionFactory)
    order = factory.Sequence(lambda n: n + 1)
    role = ParticipantRole.COORDINATING
    agency = factory.SubFactory(AgencyFactory)
    budget = Decimal(3)


class ProcessStepFactory(DjangoModelFactory):
    class Meta:
        model = ProcessStep

    version = factory.SubFactory(ProcedureVersionFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = "Thẩm định hồ sơ"
    performer = "Phòng chuyên môn"
    budget = Decimal(1)
