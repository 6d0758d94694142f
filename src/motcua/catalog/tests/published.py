"""A small published catalog built through the real services, shared by the tests of
the interface layers (api, portal, browser walks)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from motcua.agencies.constants import AgencyKind, DivisionLevel, OneStopUnitKind
from motcua.agencies.services import (
    agency_create,
    agency_set_one_stop_unit,
    one_stop_unit_create,
)
from motcua.catalog import services as catalog
from motcua.catalog.constants import (
    ComponentForm,
    FeeKind,
    OnlineMode,
    ProcedureLevel,
    TimeUnit,
)
from motcua.catalog.models import Field


def _published(*, procedure, agency, value, unit, steps, effective_from, **fields):
    version = catalog.procedure_version_create_draft(
        actor=None,
        procedure=procedure,
        time_limit_value=Decimal(value),
        time_limit_unit=unit,
        **fields,
    )
    version.agencies.add(agency)
    catalog.version_add_component(
        version=version, name="Tờ khai theo mẫu", form=ComponentForm.ORIGINAL
    )
    for name, budget in steps:
        catalog.version_add_step(
            version=version, name=name, budget=Decimal(budget), performer="Sở chuyên ngành"
        )
    return catalog.procedure_version_publish(
        actor=None, version=version, effective_from=effective_from
    )


def published_catalog() -> SimpleNamespace:
    """One province, its service centre, two departments and three published
    procedures (plus one draft-only), built through the real services."""
    province = agency_create(
        actor=None,
        code="000.00.00.H62",
        name="Ủy ban nhân dân tỉnh Vĩnh Long",
        kind=AgencyKind.PROVINCIAL_COMMITTEE,
        level=DivisionLevel.PROVINCE,
    )
    centre = one_stop_unit_create(
        actor=None,
        code="TTPVHCC-VL",
        name="Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long",
        kind=OneStopUnitKind.PROVINCIAL_CENTRE,
        agency=province,
    )
    agency_set_one_stop_unit(actor=None, agency=province, one_stop_unit=centre)
    justice = agency_create(
        actor=None,
        code="000.00.11.H62",
        name="Sở Tư pháp tỉnh Vĩnh Long",
        kind=AgencyKind.PROVINCIAL_DEPARTMENT,
        level=DivisionLevel.PROVINCE,
        parent=province,
    )
    construction = agency_create(
        actor=None,
        code="000.00.12.H62",
        name="Sở Xây dựng tỉnh Vĩnh Long",
        kind=AgencyKind.PROVINCIAL_DEPARTMENT,
        level=DivisionLevel.PROVINCE,
        parent=province,
    )
    civil = Field.objects.create(code="HOTICH", name="Hộ tịch")
    building = Field.objects.create(code="XAYDUNG", name="Xây dựng")
    start = dt.date(2025, 7, 1)

    birth = catalog.procedure_create(
        actor=None,
        code="1.001193",
        name="Đăng ký khai sinh",
        field=civil,
        level=ProcedureLevel.COMMUNE,
    )
    _published(
        procedure=birth,
        agency=justice,
        value="1",
        unit=TimeUnit.WORKING_DAYS,
        steps=[("Tiếp nhận", "0.5"), ("Thẩm định, ký", "0.5")],
        effective_from=start,
        online_mode=OnlineMode.FULL,
    )
    permit = catalog.procedure_create(
        actor=None,
        code="1.009794",
        name="Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
        field=building,
        level=ProcedureLevel.PROVINCE,
    )
    permit_version = _published(
        procedure=permit,
        agency=construction,
        value="5",
        unit=TimeUnit.WORKING_DAYS,
        steps=[("Tiếp nhận", "0.5"), ("Thẩm định", "3.5"), ("Phê duyệt", "1")],
        effective_from=start,
        online_mode=OnlineMode.PARTIAL,
    )
    copy = catalog.procedure_create(
        actor=None,
        code="2.000908",
        name="Cấp bản sao từ sổ gốc",
        field=civil,
        level=ProcedureLevel.PROVINCE,
    )
    draft = catalog.procedure_version_create_draft(
        actor=None,
        procedure=copy,
        time_limit_value=Decimal(0),
        time_limit_unit=TimeUnit.SAME_DAY,
        on_the_spot=True,
    )
    draft.agencies.add(justice)
    catalog.version_add_component(
        version=draft, name="Giấy tờ tùy thân", form=ComponentForm.PRESENTED
    )
    catalog.version_add_fee(
        version=draft, name="Phí cấp bản sao", kind=FeeKind.FEE, amount=8000, unit_note="bản"
    )
    catalog.version_add_step(
        version=draft, name="Cấp bản sao", budget=Decimal(2), performer="Bộ phận một cửa"
    )
    catalog.procedure_version_publish(actor=None, version=draft, effective_from=start)

    unpublished = catalog.procedure_create(
        actor=None,
        code="1.000001",
        name="Thủ tục đang dự thảo",
        field=civil,
        level=ProcedureLevel.PROVINCE,
    )
    catalog.procedure_version_create_draft(actor=None, procedure=unpublished)

    return SimpleNamespace(
        province=province,
        centre=centre,
        justice=justice,
        construction=construction,
        permit_version=permit_version,
    )
