"""A second one-stop unit with its own counter officer, for ratings forged across
units."""

from __future__ import annotations

from typing import Any

from motcua.accounts.constants import RoleCode
from motcua.accounts.services import staff_user_create
from motcua.agencies.constants import OneStopUnitKind
from motcua.agencies.services import one_stop_unit_create, staff_assign_role
from motcua.workflow.tests.world import PASSWORD


def other_counter(w: Any) -> tuple[Any, Any]:
    unit = one_stop_unit_create(
        actor=None,
        code="TTPVHCC-VL-2",
        name="Điểm tiếp nhận Phường 4",
        kind=OneStopUnitKind.RECEPTION_POINT,
        agency=w.province,
        parent=w.centre,
    )
    officer = staff_user_create(
        actor=None, username="tiepnhan.p4", full_name="Hồ Thị Mai", password=PASSWORD
    )
    staff_assign_role(
        actor=None,
        user=officer,
        role_code=RoleCode.COUNTER_OFFICER,
        agency=w.province,
        one_stop_unit=unit,
    )
    return unit, officer
