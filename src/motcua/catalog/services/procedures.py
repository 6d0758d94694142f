"""Writes of procedures: the national code and name of a TTHC (DOMAIN.md §3)."""

from __future__ import annotations

import re
from typing import Any

from django.db import IntegrityError, transaction

from motcua.catalog.constants import ProcedureLevel
from motcua.catalog.models import Field, Procedure
from motcua.core.exceptions import ApplicationError
from motcua.core.services import audit_record
from motcua.core.text import nfc

# Codes of the National TTHC Database: digits, a dot, digits (1.001776, 2.000635).
PROCEDURE_CODE = re.compile(r"^[0-9]+\.[0-9]+$")


def _check_procedure(*, code: str, level: str) -> None:
    if not PROCEDURE_CODE.match(code):
        raise ApplicationError(
            f"Mã thủ tục '{code}' không đúng dạng của CSDL quốc gia (ví dụ 1.001776).",
            code="procedure_code_invalid",
            detail={"code": code},
        )
    if level not in ProcedureLevel.values:
        raise ApplicationError(
            f"Cấp thực hiện '{level}' không hợp lệ.",
            code="invalid",
            detail={"level": level, "allowed": list(ProcedureLevel.values)},
        )


@transaction.atomic
def procedure_create(*, actor: Any, code: str, name: str, field: Field, level: str) -> Procedure:
    """Register a procedure of the National TTHC Database by its code (DOMAIN.md §3)."""
    code = nfc(code)
    name = nfc(name)
    _check_procedure(code=code, level=level)
    if not name:
        raise ApplicationError("Tên thủ tục không được để trống.", code="invalid")
    if Procedure.objects.filter(code=code).exists():
        raise ApplicationError(
            f"Mã thủ tục {code} đã có trong danh mục.",
            code="procedure_code_taken",
            detail={"code": code},
        )
    try:
        # A savepoint: a concurrent insert of the same code loses here, not later.
        with transaction.atomic():
            procedure = Procedure.objects.create(code=code, name=name, field=field, level=level)
    except IntegrityError as exc:
        raise ApplicationError(
            f"Mã thủ tục {code} đã có trong danh mục.",
            code="procedure_code_taken",
            detail={"code": code},
        ) from exc
    audit_record(actor=actor, action="catalog.procedure_created", obj=procedure)
    return procedure


@transaction.atomic
def procedure_update(
    *,
    actor: Any,
    procedure: Procedure,
    name: str | None = None,
    field: Field | None = None,
    level: str | None = None,
) -> Procedure:
    """Rename or reclassify a procedure. The code never changes: it is the national key."""
    locked = Procedure.objects.select_for_update().get(pk=procedure.pk)
    changed: list[str] = []
    if name is not None and nfc(name) != locked.name:
        if not nfc(name):
            raise ApplicationError("Tên thủ tục không được để trống.", code="invalid")
        locked.name = nfc(name)
        changed.append("name")
    if field is not None and field.pk != locked.field_id:
        locked.field = field
        changed.append("field")
    if level is not None and level != locked.level:
        _check_procedure(code=locked.code, level=level)
        locked.level = level
        changed.append("level")
    if changed:
        locked.save()
        audit_record(
            actor=actor,
            action="catalog.procedure_updated",
            obj=locked,
            detail={"fields": changed},
        )
    return locked
