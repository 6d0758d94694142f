"""Reads of the accounts app: applicants by identity number, roles by code, the user
behind an API token."""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import Q
from django.utils import timezone

from motcua.accounts.constants import UserKind
from motcua.accounts.models import ApiToken, Citizen, ExternalIdentity, Organisation, Role, User
from motcua.accounts.validators import normalise_phone
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


_APPLICANT_KINDS = (UserKind.CITIZEN, UserKind.ORGANISATION)
_PHONE = re.compile(r"(?:0|\+84)([0-9]{9,10})")


def user_is_verified(user: User) -> bool:
    """Whether an applicant's account may submit dossiers (issue 5 §2): its e-mail or
    phone was proven by a code, or it signs in through an identity provider (VNeID),
    which proved the person. Staff accounts are not applicants: always False for them
    and for anonymous visitors. No query when a contact is verified; else one."""
    if not getattr(user, "is_authenticated", False) or user.kind not in _APPLICANT_KINDS:
        return False
    if user.email_verified_at is not None or user.phone_verified_at is not None:
        return True
    return ExternalIdentity.objects.filter(user=user).exists()


def sign_in_username(*, identifier: str) -> str:
    """The username a sign-in form's entry stands for (issue 5 §2).

    Applicants sign in with their username (citizen ID or tax code), or with an e-mail
    address or phone number they verified, when exactly one active applicant account
    holds it verified: a family often shares one phone, and then only the citizen ID
    tells them apart. Anything else is taken as the username itself (staff)."""
    identifier = (identifier or "").strip()
    applicants = User.objects.filter(is_active=True, kind__in=_APPLICANT_KINDS)
    if "@" in identifier:
        found = applicants.filter(email__iexact=identifier, email_verified_at__isnull=False)
    elif match := _PHONE.fullmatch(normalise_phone(identifier)):
        national = match.group(1)
        found = applicants.filter(
            Q(phone=f"0{national}") | Q(phone=f"+84{national}"), phone_verified_at__isnull=False
        )
    else:
        return identifier
    usernames = list(found.values_list("username", flat=True)[:2])
    return usernames[0] if len(usernames) == 1 else identifier


def applicant_get_by_identifier(*, identifier: str) -> User | None:
    """The active applicant account a password-reset form's entry names, or None."""
    username = sign_in_username(identifier=identifier)
    return User.objects.filter(username=username, is_active=True, kind__in=_APPLICANT_KINDS).first()


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
