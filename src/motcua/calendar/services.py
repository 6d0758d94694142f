"""Writes of the calendar app: the override table of days off and make-up working days."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from motcua.agencies.constants import DivisionLevel
from motcua.agencies.models import AdministrativeUnit
from motcua.calendar.constants import ExceptionKind
from motcua.calendar.models import CalendarException
from motcua.calendar.selectors import calendar_day_status
from motcua.core.exceptions import ApplicationError
from motcua.core.services import audit_record
from motcua.core.text import nfc


def calendar_exception_check(
    *,
    date: dt.date,
    kind: str,
    province: AdministrativeUnit | None,
    name: str,
    exception: CalendarException | None = None,
) -> None:
    """Refuse an override that is invalid or changes nothing; ``exception`` is the row
    being edited, if any. Called by the writes below, and by the admin form so that it
    can show the refusal next to the fields."""
    if kind not in ExceptionKind.values:
        raise ApplicationError(
            "Loại ngày không hợp lệ.", code="calendar_exception_kind_invalid", detail={"kind": kind}
        )
    if not nfc(name):
        raise ApplicationError(
            "Vui lòng nhập tên ngày nghỉ hoặc ngày làm bù.", code="calendar_exception_name_missing"
        )
    if province is not None and province.level != DivisionLevel.PROVINCE:
        raise ApplicationError(
            f"“{province.name}” không phải đơn vị hành chính cấp tỉnh; ngày nghỉ riêng chỉ "
            "áp dụng cho toàn quốc hoặc cho một tỉnh, thành phố.",
            code="calendar_exception_not_province",
            detail={"province": province.code},
        )
    same_place = CalendarException.objects.filter(date=date, province=province)
    if exception is not None:
        same_place = same_place.exclude(pk=exception.pk)
    if same_place.exists():
        where = f"tỉnh {province.name}" if province is not None else "toàn quốc"
        raise ApplicationError(
            f"Ngày {date:%d/%m/%Y} đã có điều chỉnh áp dụng cho {where}; hãy sửa điều chỉnh đó.",
            code="calendar_exception_duplicate",
            detail={"date": date.isoformat()},
        )
    # A row must change the day it overrides (DOMAIN.md §11): a province row overrides
    # the national calendar, the package with the national rows; a national row
    # overrides the package (no other national row can share its date).
    status = calendar_day_status(date, province=None, exclude=exception)
    if kind == ExceptionKind.WORKING_DAY and status.is_working:
        raise ApplicationError(
            f"Ngày {date:%d/%m/%Y} ({status.reason}) đã là ngày làm việc; không cần khai báo "
            "ngày làm bù.",
            code="calendar_exception_already_working",
            detail={"date": date.isoformat()},
        )
    if kind == ExceptionKind.DAY_OFF and not status.is_working:
        raise ApplicationError(
            f"Ngày {date:%d/%m/%Y} ({status.reason}) đã là ngày nghỉ; không cần khai báo "
            "thêm ngày nghỉ.",
            code="calendar_exception_already_off",
            detail={"date": date.isoformat()},
        )


def _snapshot(exception: CalendarException) -> dict[str, Any]:
    return {
        "date": exception.date.isoformat(),
        "kind": exception.kind,
        "province": exception.province.code if exception.province is not None else None,
        "name": exception.name,
        "legal_basis": exception.legal_basis,
    }


@transaction.atomic
def calendar_exception_create(
    *,
    actor: Any,
    date: dt.date,
    kind: str,
    name: str,
    province: AdministrativeUnit | None = None,
    legal_basis: str = "",
) -> CalendarException:
    """Declare an extra day off or a make-up working day, national or for a province."""
    calendar_exception_check(date=date, kind=kind, province=province, name=name)
    exception = CalendarException.objects.create(
        date=date, kind=kind, province=province, name=nfc(name), legal_basis=nfc(legal_basis)
    )
    audit_record(
        actor=actor,
        action="calendar_exception_create",
        obj=exception,
        detail=_snapshot(exception),
    )
    return exception


@transaction.atomic
def calendar_exception_update(
    *,
    actor: Any,
    exception: CalendarException,
    date: dt.date,
    kind: str,
    name: str,
    province: AdministrativeUnit | None,
    legal_basis: str,
) -> CalendarException:
    """Replace every field of an override row."""
    calendar_exception_check(
        date=date, kind=kind, province=province, name=name, exception=exception
    )
    # Read the stored row: a model form has already written the new values on ``exception``.
    before = _snapshot(CalendarException.objects.select_for_update().get(pk=exception.pk))
    exception.date = date
    exception.kind = kind
    exception.province = province
    exception.name = nfc(name)
    exception.legal_basis = nfc(legal_basis)
    exception.save()
    audit_record(
        actor=actor,
        action="calendar_exception_update",
        obj=exception,
        detail={"before": before, "after": _snapshot(exception)},
    )
    return exception


@transaction.atomic
def calendar_exception_delete(*, actor: Any, exception: CalendarException) -> None:
    """Remove an override row; the day falls back to the package or national rule."""
    audit_record(
        actor=actor,
        action="calendar_exception_delete",
        obj=exception,
        detail=_snapshot(exception),
    )
    exception.delete()
