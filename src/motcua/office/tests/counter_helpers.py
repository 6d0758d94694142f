"""What the counter and intake tests share: the test world (workflow/tests/world.py),
a client signed in as one of its people, a three-paper procedure, and scans."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.test import Client

from motcua.catalog import services as catalog
from motcua.catalog.constants import ComponentForm, TimeUnit
from motcua.catalog.models import Procedure, ProcedureVersion

EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 32


def signed_in(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def three_paper_permit(w: Any, *also_deciding: Any) -> ProcedureVersion:
    """ "Cấp giấy phép sửa chữa, cải tạo công trình" of Sở Xây dựng (and of
    ``also_deciding``): three mandatory papers, five working days."""
    procedure = catalog.procedure_create(
        actor=None,
        code="1.009795",
        name="Cấp giấy phép sửa chữa, cải tạo đối với nhà ở riêng lẻ",
        field=Procedure.objects.get(code="1.009794").field,
        level="province",
    )
    draft = catalog.procedure_version_create_draft(
        actor=None,
        procedure=procedure,
        time_limit_value=Decimal(5),
        time_limit_unit=TimeUnit.WORKING_DAYS,
    )
    draft.agencies.add(w.construction, *also_deciding)
    for name, form, count in (
        ("Đơn đề nghị cấp giấy phép sửa chữa, cải tạo", ComponentForm.ORIGINAL, 1),
        ("Bản vẽ hiện trạng công trình", ComponentForm.COPY, 2),
        ("Giấy chứng nhận quyền sử dụng đất", ComponentForm.CERTIFIED_COPY, 1),
    ):
        catalog.version_add_component(version=draft, name=name, form=form, count=count)
    for name, budget in (("Tiếp nhận", "0.5"), ("Thẩm định", "3.5"), ("Phê duyệt", "1")):
        catalog.version_add_step(
            version=draft, name=name, budget=Decimal(budget), performer="Sở Xây dựng"
        )
    return catalog.procedure_version_publish(
        actor=None, version=draft, effective_from=dt.date(2025, 7, 1)
    )


def counter_post(w: Any, version: ProcedureVersion, **changes: Any) -> dict[str, Any]:
    """A complete counter form for ``version``: Cường (on record) brings every paper."""
    data: dict[str, Any] = {
        "don_vi": w.centre.code,
        "thu_tuc": version.procedure.code,
        "so_dinh_danh": "086088011111",
        "ho_ten": "",
        "dien_thoai": "",
        "dia_chi": "",
        "email": "",
        "so_bo": "1",
        "nhan_ket_qua": "counter",
        "dia_chi_nhan": "",
        "ly_do_bo_sung": "",
        "ly_do_tu_choi": "",
        "can_cu": "",
        "ket_qua": "receive",
        "phieu": "phieu-1",
    }
    for component in version.components.all():
        key = f"p{component.pk}"
        data[f"{key}-co"] = "1"
        data[f"{key}-hinh-thuc"] = component.form
        data[f"{key}-so-luong"] = str(component.count)
        data[f"{key}-ly-do"] = ""
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
