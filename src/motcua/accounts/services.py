"""Writes of the accounts app: staff accounts and the applicants' identities.

Staff accounts get into the Django admin (``is_staff``) only while they hold the
administrator role: ``agencies.services.staff_assign_role`` and ``staff_revoke_role``
call :func:`user_set_admin_access`. Every other officer works in the office UI.

API tokens (:func:`api_token_issue`, :func:`api_token_revoke`) let staff and applicants
call API v1 without a browser session; only their SHA-256 is stored.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from motcua.accounts.constants import Gender, UserKind
from motcua.accounts.models import ApiToken, Citizen, Organisation, SignInFailure, User
from motcua.accounts.selectors import sign_in_username
from motcua.accounts.validators import (
    citizen_id_birth,
    normalise_phone,
    validate_citizen_id,
    validate_phone,
    validate_tax_code,
)
from motcua.core.exceptions import ApplicationError, InvalidInputError, validated
from motcua.core.services import audit_record
from motcua.core.text import nfc


def _bounded_text(value: str, *, field: str, label: str, max_length: int) -> str:
    """NFC text no longer than its column (PostgreSQL would refuse it with a 500)."""
    text = nfc(value or "")
    if len(text) > max_length:
        raise ApplicationError(
            f"{label[:1].upper()}{label[1:]} dài quá {max_length} ký tự.",
            code=f"{field}_too_long",
            detail={"max_length": max_length},
        )
    return text


def _required_text(value: str, *, field: str, label: str, max_length: int = 200) -> str:
    text = _bounded_text(value, field=field, label=label, max_length=max_length)
    if not text:
        raise ApplicationError(f"Chưa nhập {label}.", code=f"{field}_required")
    return text


EMAIL_MAX = 254
ADDRESS_MAX = 300


def _contact(*, email: str, phone: str) -> tuple[str, str]:
    email = BaseUserManager.normalize_email(email.strip()) if email else ""
    if len(email) > EMAIL_MAX:
        raise ApplicationError(
            f"Địa chỉ thư điện tử dài quá {EMAIL_MAX} ký tự.", code="email_too_long"
        )
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise ApplicationError(
                "Địa chỉ thư điện tử không hợp lệ.", code="email_invalid", detail={"email": email}
            ) from exc
    phone = normalise_phone(phone)
    if phone:
        validated(validate_phone, phone)
    return email, phone


def _refuse_taken_username(username: str) -> None:
    if User.objects.filter(username__iexact=username).exists():
        raise ApplicationError(
            f"Tên đăng nhập {username} đã được sử dụng.",
            code="username_taken",
            detail={"username": username},
        )


def password_set(user: User, password: str) -> None:
    """Set (not save) a password that passes Django's validators (length, common,
    numeric, similar to the name); raise ``password_weak`` otherwise."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(
            "Mật khẩu chưa đủ mạnh: " + " ".join(exc.messages),
            code="password_weak",
            detail={"errors": exc.messages},
        ) from exc
    user.set_password(password)


def _login_for(
    *, username: str, kind: str, full_name: str, email: str, phone: str, password: str
) -> User:
    """A login for an applicant whose username is their identity number."""
    _refuse_taken_username(username)
    user = User(username=username, kind=kind, full_name=full_name, email=email, phone=phone)
    password_set(user, password)
    user.save()
    return user


@transaction.atomic
def staff_user_create(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    password: str,
    email: str = "",
    phone: str = "",
) -> User:
    """A login for an officer. Roles come separately, by agency
    (``agencies.services.staff_assign_role``)."""
    username = (username or "").strip()
    if not username:
        raise ApplicationError("Chưa nhập tên đăng nhập.", code="username_required")
    validated(User.username_validator, username)
    # Applicants log in with their citizen ID or tax code; a staff login made of digits
    # could take the identity number of a future applicant.
    if username.replace("-", "").isdigit():
        raise ApplicationError(
            "Tên đăng nhập của cán bộ không được chỉ gồm chữ số "
            "(dành cho số định danh và mã số thuế).",
            code="username_reserved",
            detail={"username": username},
        )
    _refuse_taken_username(username)
    full_name = _required_text(full_name, field="full_name", label="họ và tên")
    email, phone = _contact(email=email, phone=phone)
    user = User(
        username=username,
        kind=UserKind.STAFF,
        full_name=full_name,
        email=email,
        phone=phone,
        is_staff=False,
    )
    password_set(user, password)
    user.save()
    audit_record(actor=actor, action="staff_user_create", obj=user, detail={"username": username})
    return user


@transaction.atomic
def user_set_admin_access(*, actor: User | None, user: User, allowed: bool) -> User:
    """Open or close the Django admin to a staff account (``is_staff``). Superusers keep
    their access; applicants never get it."""
    if allowed and user.kind != UserKind.STAFF:
        raise ApplicationError(
            "Chỉ tài khoản cán bộ mới được vào trang quản trị.",
            code="user_not_staff",
            detail={"user": user.pk},
        )
    if user.is_superuser or user.is_staff == allowed:
        return user
    user.is_staff = allowed
    user.save(update_fields=["is_staff"])
    audit_record(actor=actor, action="user_set_admin_access", obj=user, detail={"allowed": allowed})
    return user


def citizen_identity_check(*, citizen_id: str, date_of_birth: dt.date | None, gender: str) -> None:
    """Gender and date of birth must agree with what the citizen ID encodes (Circular
    59/2021/TT-BCA Art. 7(2)): a mismatch is a typing error in one of them. Also used by
    the admin form."""
    encoded_gender, encoded_year = citizen_id_birth(citizen_id)
    if gender and gender not in Gender.values:
        raise ApplicationError("Giới tính không hợp lệ.", code="gender_invalid")
    if gender and gender != encoded_gender:
        raise ApplicationError(
            "Giới tính không khớp với số định danh cá nhân (chữ số thứ 4).",
            code="citizen_id_gender_mismatch",
            detail={"citizen_id": citizen_id, "gender": gender},
        )
    if date_of_birth is None:
        return
    if date_of_birth > timezone.localdate():
        raise ApplicationError("Ngày sinh không thể sau ngày hôm nay.", code="birth_future")
    if date_of_birth.year != encoded_year:
        raise ApplicationError(
            f"Năm sinh {date_of_birth.year} không khớp với số định danh cá nhân "
            f"(chữ số thứ 4–6 cho năm {encoded_year}).",
            code="citizen_id_birth_mismatch",
            detail={"citizen_id": citizen_id, "year": date_of_birth.year},
        )


@transaction.atomic
def citizen_register(
    *,
    citizen_id: str,
    full_name: str,
    phone: str = "",
    email: str = "",
    address: str = "",
    date_of_birth: dt.date | None = None,
    gender: str = "",
    password: str | None = None,
    actor: User | None = None,
) -> Citizen:
    """Record a citizen (at the counter, or self-registration on the portal). With a
    password the citizen also gets a login whose username is the citizen ID.
    ``actor`` is the counter officer who registered them, if any."""
    citizen_id = validated(validate_citizen_id, (citizen_id or "").strip())
    if Citizen.objects.filter(citizen_id=citizen_id).exists():
        raise ApplicationError(
            f"Công dân có số định danh {citizen_id} đã được đăng ký.",
            code="citizen_id_taken",
            detail={"citizen_id": citizen_id},
        )
    full_name = _required_text(full_name, field="full_name", label="họ và tên")
    email, phone = _contact(email=email, phone=phone)
    address = _bounded_text(address, field="address", label="địa chỉ", max_length=ADDRESS_MAX)
    citizen_identity_check(citizen_id=citizen_id, date_of_birth=date_of_birth, gender=gender)
    user = None
    if password is not None:
        user = _login_for(
            username=citizen_id,
            kind=UserKind.CITIZEN,
            full_name=full_name,
            email=email,
            phone=phone,
            password=password,
        )
    citizen = Citizen.objects.create(
        citizen_id=citizen_id,
        full_name=full_name,
        date_of_birth=date_of_birth,
        gender=gender,
        phone=phone,
        email=email,
        address=address,
        user=user,
    )
    audit_record(
        actor=actor,
        action="citizen_register",
        obj=citizen,
        detail={"citizen_id": citizen_id, "with_login": user is not None},
    )
    return citizen


@transaction.atomic
def organisation_register(
    *,
    tax_code: str,
    name: str,
    address: str = "",
    phone: str = "",
    email: str = "",
    representative: str = "",
    password: str | None = None,
    actor: User | None = None,
) -> Organisation:
    """Record an organisation or business by its tax code; with a password it also gets
    a login whose username is the tax code."""
    tax_code = validated(validate_tax_code, (tax_code or "").strip())
    if Organisation.objects.filter(tax_code=tax_code).exists():
        raise ApplicationError(
            f"Tổ chức có mã số thuế {tax_code} đã được đăng ký.",
            code="tax_code_taken",
            detail={"tax_code": tax_code},
        )
    name = _required_text(name, field="name", label="tên tổ chức", max_length=300)
    email, phone = _contact(email=email, phone=phone)
    address = _bounded_text(address, field="address", label="địa chỉ", max_length=ADDRESS_MAX)
    representative = _bounded_text(
        representative, field="representative", label="người đại diện", max_length=200
    )
    user = None
    if password is not None:
        user = _login_for(
            username=tax_code,
            kind=UserKind.ORGANISATION,
            full_name=name,
            email=email,
            phone=phone,
            password=password,
        )
    organisation = Organisation.objects.create(
        tax_code=tax_code,
        name=name,
        address=address,
        phone=phone,
        email=email,
        representative=representative,
        user=user,
    )
    audit_record(
        actor=actor,
        action="organisation_register",
        obj=organisation,
        detail={"tax_code": tax_code, "with_login": user is not None},
    )
    return organisation


# 32 random bytes: 43 URL-safe characters, 256 bits, beyond any guessing.
API_TOKEN_BYTES = 32
API_TOKEN_NAME_MAX = ApiToken._meta.get_field("name").max_length or 100
# last_used_at is for people reading the admin ("is this token still in use?"), not for
# security decisions; one write a minute per token keeps reads from turning into writes.
API_TOKEN_TOUCH_INTERVAL = dt.timedelta(minutes=1)


@transaction.atomic
def api_token_issue(
    *,
    user: User,
    password_checked: bool = True,
    name: str = "",
    lifetime: dt.timedelta | None = None,
    actor: User | None = None,
) -> tuple[ApiToken, str]:
    """Issue a bearer token to ``user``; return the row and the raw token, which is
    never stored and cannot be shown again.

    ``password_checked`` says how the caller made sure of the person: ``True`` when
    they just gave their password (``POST /api/v1/auth/token``), ``False`` when someone
    else issues the token for them (an administrator, a management command). It goes
    into the audit entry. ``actor`` defaults to the user themselves when the password
    was checked. The lifetime defaults to ``MOTCUA_API_TOKEN_LIFETIME_HOURS``."""
    if not user.is_active:
        raise ApplicationError(
            "Tài khoản đã bị khóa, không thể cấp mã truy cập (account inactive).",
            code="user_inactive",
            detail={"user": user.pk},
        )
    if lifetime is None:
        lifetime = dt.timedelta(hours=settings.API_TOKEN_LIFETIME_HOURS)
    if lifetime <= dt.timedelta(0):
        raise InvalidInputError(
            "Thời hạn của mã truy cập phải dương (token lifetime must be positive).",
            code="token_lifetime_invalid",
            detail={"seconds": lifetime.total_seconds()},
        )
    name = nfc(name or "")
    if len(name) > API_TOKEN_NAME_MAX:
        raise InvalidInputError(
            f"Tên gợi nhớ dài quá {API_TOKEN_NAME_MAX} ký tự (token name too long).",
            code="token_name_too_long",
            detail={"max_length": API_TOKEN_NAME_MAX},
        )
    raw = secrets.token_urlsafe(API_TOKEN_BYTES)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        key_hash=ApiToken.hash_of(raw),
        prefix=raw[:8],
        name=name,
        created_at=now,
        expires_at=now + lifetime,
    )
    if actor is None and password_checked:
        actor = user
    audit_record(
        actor=actor,
        action="api_token_issue",
        obj=token,
        detail={
            "user": user.pk,
            "prefix": token.prefix,
            "name": name,
            "expires_at": token.expires_at.isoformat(),
            "password_checked": password_checked,
        },
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User | None) -> ApiToken:
    """Revoke a token from now on. Idempotent: revoking a revoked token changes nothing
    and writes no second audit entry. The row is locked so two concurrent revocations
    record one time. Who may revoke whose token is the caller's check."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="api_token_revoke",
            obj=locked,
            detail={"user": locked.user_id, "prefix": locked.prefix},
        )
    token.revoked_at = locked.revoked_at
    return locked


def api_token_touch(*, token: ApiToken, now: dt.datetime | None = None) -> bool:
    """Record that a token was just used, at most once per ``API_TOKEN_TOUCH_INTERVAL``.
    One conditional UPDATE, no transaction of its own and no audit entry: concurrent
    requests on several nodes write at most once per interval between them. Returns
    whether this call wrote."""
    now = now or timezone.now()
    threshold = now - API_TOKEN_TOUCH_INTERVAL
    if token.last_used_at is not None and token.last_used_at > threshold:
        return False
    written = (
        ApiToken.objects.filter(pk=token.pk)
        .filter(models.Q(last_used_at__isnull=True) | models.Q(last_used_at__lte=threshold))
        .update(last_used_at=now)
    )
    if written:
        token.last_used_at = now
    return bool(written)


class SignInLockedError(ApplicationError):
    code = "sign_in_locked"
    http_status = 429


class SignInFailedError(ApplicationError):
    code = "sign_in_failed"
    http_status = 401


def sign_in(
    *, request: HttpRequest | None, username: str, password: str, ip: str | None = None
) -> User:
    """Check a username and password for a sign-in page; return the user, or raise.

    After ``MOTCUA_SIGN_IN_MAX_FAILURES`` failures of one username inside
    ``MOTCUA_SIGN_IN_LOCKOUT_MINUTES`` the username is refused, right password or not,
    until the oldest of those failures leaves the window: guessing a password then
    takes weeks, and the owner waits minutes. ``username`` may also be a verified
    e-mail or phone (``selectors.sign_in_username``); failures count against the
    account it stands for, whichever way it was named. The message is the same whether or not
    the username exists, so the page tells nobody which accounts there are."""
    username = sign_in_username(identifier=(username or "")[:254])[:150]
    now = timezone.now()
    window = dt.timedelta(minutes=settings.SIGN_IN_LOCKOUT_MINUTES)
    recent = SignInFailure.objects.filter(username=username, at__gt=now - window).count()
    if recent >= settings.SIGN_IN_MAX_FAILURES:
        raise SignInLockedError(
            f"Tài khoản tạm khóa do đăng nhập sai nhiều lần; thử lại sau "
            f"{settings.SIGN_IN_LOCKOUT_MINUTES} phút (too many failed sign-ins).",
            detail={"minutes": settings.SIGN_IN_LOCKOUT_MINUTES},
        )
    user = authenticate(request, username=username, password=password)
    if user is None:
        SignInFailure.objects.create(username=username, at=now, ip=ip)
        raise SignInFailedError(
            "Tên đăng nhập hoặc mật khẩu không đúng (wrong username or password)."
        )
    SignInFailure.objects.filter(username=username).delete()
    assert isinstance(user, User)  # noqa: S101 - AUTH_USER_MODEL is accounts.User
    return user
