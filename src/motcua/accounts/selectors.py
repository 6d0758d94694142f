"""Reads of the accounts app: applicants by identity number, roles by code."""

from __future__ import annotations

from motcua.accounts.models import Citizen, Organisation, Role
from motcua.core.exceptions import NotFoundError


def citizen_get_by_id(*, citizen_id: str) -> Citizen:
    try:
        return Citizen.objects.select_related("user").get(citizen_id=citizen_id.strip())
    except Citizen.DoesNotExist as exc:
        raise NotFoundError(
            f"Không tìm thấy công dân có số định danh {citizen_id}.",
            code="citizen_not_found",
            detail={"citizen_id": citizen_id},
        ) from exc


def organisation_get_by_tax_code(*, tax_code: str) -> Organisation:
    try:
        return Organisation.objects.select_related("user").get(tax_code=tax_code.strip())
    except Organisation.DoesNotExist as exc:
        raise NotFoundError(
            f"Không tìm thấy tổ chức có mã số thuế {tax_code}.",
            code="organisation_not_found",
            detail={"tax_code": tax_code},
        ) from exc


def role_get_by_code(*, code: str) -> Role:
    try:
        return Role.objects.get(code=code)
    except Role.DoesNotExist as exc:
        raise NotFoundError(
            f"Không có vai trò mã {code}.", code="role_not_found", detail={"role_code": code}
        ) from exc
