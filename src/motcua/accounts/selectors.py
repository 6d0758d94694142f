"""Reads of the accounts app: applicants by identity number, roles by code, the user
behind an API token."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from motcua.accounts.constants import UserKind
from motcua.accounts.models import ApiToken, Citizen, Organisation, Role, User
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


def staff_get_by_username(*, username: str) -> User | None:
    """An active staff account by its username, or None."""
    return User.objects.filter(
        username=username.strip(), is_active=True, kind=UserKind.STAFF
    ).first()


def role_get_by_code(*, code: str) -> Role:
    try:
        return Role.objects.get(code=code)
    except Role.DoesNotExist as exc:
        raise NotFoundError(
            f"Không có vai trò mã {code}.", code="role_not_found", detail={"role_code": code}
        ) from exc


# What ``secrets.token_urlsafe`` makes; anything else is refused before a query. The
# upper bound leaves room for longer tokens later, not for megabyte headers.
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,128}")


def api_token_get_active(*, raw: str, now: dt.datetime | None = None) -> ApiToken | None:
    """The token whose secret is ``raw``, with its user, if it is neither revoked nor
    expired and its user is active; otherwise ``None``. One query on the unique
    ``key_hash`` index; writes nothing."""
    if not raw or not _TOKEN_SHAPE.fullmatch(raw):
        return None
    now = now or timezone.now()
    try:
        # The applicant profiles come in the same statement: an online submission
        # needs the one its user has (a missing one reads as None, no second query).
        return ApiToken.objects.select_related("user__citizen", "user__organisation").get(
            key_hash=ApiToken.hash_of(raw),
            revoked_at__isnull=True,
            expires_at__gt=now,
            user__is_active=True,
        )
    except ApiToken.DoesNotExist:
        return None


def api_token_authenticate(*, raw: str) -> User | None:
    """The active user a raw bearer token stands for, or ``None``. Writes nothing."""
    token = api_token_get_active(raw=raw)
    return token.user if token is not None else None
