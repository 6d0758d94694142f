"""Helpers shared by the catalog's services; not for other apps."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max

from motcua.catalog.constants import VersionStatus
from motcua.catalog.models import ProcedureVersion
from motcua.core.exceptions import ApplicationError


def clean_text(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


def to_number(value: Decimal | int | float | str, *, what: str) -> Decimal:
    if isinstance(value, bool):
        raise TypeError(f"{what} must be a number, not a bool")
    try:
        # A float through str(): 0.5 stays 0.5, not its binary expansion, so budgets
        # typed as floats still add up exactly.
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation as exc:
        raise ApplicationError(
            f"Giá trị '{value}' không phải là số.", code="invalid", detail={what: str(value)}
        ) from exc
    if not number.is_finite() or number < 0:
        raise ApplicationError(
            "Thời gian không được âm.", code="invalid", detail={what: str(value)}
        )
    return number


def plain_number(number: Decimal) -> str:
    """10.00 → "10", 0.50 → "0.5": how a budget reads in a message and in detail."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def full_clean(obj: models.Model, *, exclude: Iterable[str] = ()) -> None:
    """Model validation (choices, lengths, constraints) as an ApplicationError, so that
    every caller gets the one error shape."""
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        raise ApplicationError(
            "Dữ liệu không hợp lệ: " + "; ".join(exc.messages),
            code="invalid",
            detail={"fields": exc.message_dict} if hasattr(exc, "error_dict") else {},
        ) from exc


def lock_draft(version: ProcedureVersion) -> ProcedureVersion:
    """The version row, locked, if it is still a draft."""
    locked = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
    if locked.status != VersionStatus.DRAFT:
        raise ApplicationError(
            f"Phiên bản {locked.number} ({locked.get_status_display().lower()}) không thể "
            "sửa; hãy tạo phiên bản dự thảo mới.",
            code="version_immutable",
            detail={"version": locked.number, "status": locked.status},
        )
    return locked


def next_order(related: models.Manager[Any]) -> int:
    return (related.aggregate(last=Max("order"))["last"] or 0) + 1
