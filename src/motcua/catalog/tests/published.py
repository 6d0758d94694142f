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

# The e-form of birth registration (1.001193): what the paper "Tờ khai đăng ký khai
# sinh" asks (Law on Civil Status 2014 Art. 14: the child's name, date and place of
# birth, sex, ethnicity, nationality, hometown, and the parents; Art. 15: who declares).
# The parents are optional: a child whose father or mother is not yet determined is
# registered with that part left empty (Decree 123/2015 Art. 15).
BIRTH_REGISTRATION_EFORM = [
    {
        "name": "ho_ten",
        "label": "Họ, chữ đệm và tên người được khai sinh",
        "type": "text",
        "required": True,
        "max_length": 100,
    },
    {"name": "ngay_sinh", "label": "Ngày, tháng, năm sinh", "type": "date", "required": True},
    {
        "name": "gioi_tinh",
        "label": "Giới tính",
        "type": "choice",
        "required": True,
        "choices": [{"value": "nam", "label": "Nam"}, {"value": "nu", "label": "Nữ"}],
    },
    {"name": "dan_toc", "label": "Dân tộc", "type": "text", "required": True, "max_length": 50},
    {"name": "quoc_tich", "label": "Quốc tịch", "type": "text", "required": True, "max_length": 50},
    {"name": "noi_sinh", "label": "Nơi sinh", "type": "text", "required": True, "max_length": 300},
    {"name": "que_quan", "label": "Quê quán", "type": "text", "max_length": 300},
    {
        "name": "ho_ten_me",
        "label": "Họ, chữ đệm và tên người mẹ",
        "type": "text",
        "max_length": 100,
    },
    {
        "name": "ho_ten_cha",
        "label": "Họ, chữ đệm và tên người cha",
        "type": "text",
        "max_length": 100,
    },
    {
        "name": "nguoi_yeu_cau",
        "label": "Họ, chữ đệm và tên người yêu cầu",
        "type": "text",
        "required": True,
        "max_length": 100,
    },
    {
        "name": "so_dinh_danh_nguoi_yeu_cau",
        "label": "Số định danh cá nhân của người yêu cầu",
        "type": "citizen_id",
        "required": True,
    },
    {
        "name": "quan_he",
        "label": "Quan hệ với người được khai sinh",
        "type": "choice",
        "required": True,
        "choices": [
            {"value": "cha", "label": "Cha"},
            {"value": "me", "label": "Mẹ"},
            {"value": "ong_ba", "label": "Ông, bà"},
            {"value": "nguoi_than", "label": "Người thân thích khác"},
            {"value": "nguoi_nuoi_duong", "label": "Cá nhân, tổ chức đang nuôi dưỡng trẻ em"},
        ],
    },
    {"name": "dien_thoai", "label": "Số điện thoại liên hệ", "type": "phone"},
    {"name": "email", "label": "Thư điện tử", "type": "email"},
    {
        "name": "cam_doan",
        "label": "Tôi cam đoan nội dung khai trên đây là đúng sự thật và chịu trách nhiệm "
        "trước pháp luật về cam đoan của mình.",
        "type": "boolean",
        "required": True,
    },
]


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
        eform_schema=BIRTH_REGISTRATION_EFORM,
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
