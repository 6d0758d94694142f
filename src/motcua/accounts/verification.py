"""One-time codes (issue 5 §2): proving an applicant holds an e-mail address or a phone
number, and letting them set a new password.

A code is six random digits, valid ``MOTCUA_ACCOUNT_CODE_MINUTES``, spent after
``MOTCUA_ACCOUNT_CODE_MAX_ATTEMPTS`` wrong entries; a new one can be had after
``MOTCUA_ACCOUNT_CODE_RESEND_SECONDS`` and at most ``MOTCUA_ACCOUNT_CODE_MAX_PER_HOUR``
an hour (each SMS costs the agency). Only the newest code of a purpose counts. Only
its HMAC is stored (``OneTimeCode``).

These services issue and check codes; sending one is ``notifications.account_codes``
(the layer above, which may write to the outbox).
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from motcua.accounts.constants import CodePurpose
from motcua.accounts.models import OneTimeCode, SignInFailure, User
from motcua.accounts.services import password_set
from motcua.core.exceptions import ApplicationError
from motcua.core.services import audit_record

CODE_DIGITS = 6
_HMAC_SALT = "motcua.accounts.one_time_code"


class CodeThrottledError(ApplicationError):
    code = "code_throttled"
    http_status = 429


class CodeInvalidError(ApplicationError):
    """Wrong, expired, spent or never sent: one message for all, so a guesser learns
    nothing about which."""

    code = "code_invalid"


def _digest(*, user_id: int, purpose: str, raw: str) -> str:
    return salted_hmac(_HMAC_SALT, f"{user_id}:{purpose}:{raw}", algorithm="sha256").hexdigest()


def _latest(*, user: User, purpose: str) -> OneTimeCode | None:
    return (
        OneTimeCode.objects.filter(user=user, purpose=purpose)
        .order_by("-created_at", "-pk")
        .first()
    )


def code_resend_wait(*, user: User, purpose: str, now: dt.datetime | None = None) -> int:
    """Seconds before another code of ``purpose`` may be sent to ``user`` (0: now)."""
    now = now or timezone.now()
    recent = OneTimeCode.objects.filter(
        user=user, purpose=purpose, created_at__gt=now - dt.timedelta(hours=1)
    ).order_by("created_at")
    times = list(recent.values_list("created_at", flat=True))
    waits = [0.0]
    if times:
        waits.append(
            (
                times[-1] + dt.timedelta(seconds=settings.ACCOUNT_CODE_RESEND_SECONDS) - now
            ).total_seconds()
        )
    if len(times) >= settings.ACCOUNT_CODE_MAX_PER_HOUR:
        oldest = times[len(times) - settings.ACCOUNT_CODE_MAX_PER_HOUR]
        waits.append((oldest + dt.timedelta(hours=1) - now).total_seconds())
    return max(0, int(max(waits) + 0.999))


@transaction.atomic
def one_time_code_issue(
    *, user: User, purpose: str, address: str = "", now: dt.datetime | None = None
) -> tuple[OneTimeCode, str]:
    """A new code for ``user``; returns the row and the raw code (never stored), for
    the caller to send. The user's row is locked, so two concurrent requests cannot both
    pass the resend limit."""
    if purpose not in CodePurpose.values:
        raise ApplicationError("Mục đích của mã không hợp lệ.", code="code_purpose_invalid")
    User.objects.select_for_update().filter(pk=user.pk).first()
    now = now or timezone.now()
    wait = code_resend_wait(user=user, purpose=purpose, now=now)
    if wait:
        raise CodeThrottledError(
            f"Mã vừa được gửi; ông/bà có thể yêu cầu mã mới sau {wait} giây.",
            detail={"seconds": wait},
        )
    raw = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    code = OneTimeCode.objects.create(
        user=user,
        purpose=purpose,
        address=address,
        code_hash=_digest(user_id=user.pk, purpose=purpose, raw=raw),
        created_at=now,
        expires_at=now + dt.timedelta(minutes=settings.ACCOUNT_CODE_MINUTES),
    )
    return code, raw


def one_time_code_check(
    *, user: User, purpose: str, raw: str, now: dt.datetime | None = None
) -> OneTimeCode:
    """Spend the newest code of ``purpose`` if ``raw`` is it; otherwise count the wrong
    entry (committed even though this raises: the limit must hold) and raise
    :class:`CodeInvalidError`. Call it inside the caller's transaction only when the
    caller's own write should roll back with a wrong code; the counter is kept apart."""
    now = now or timezone.now()
    raw = (raw or "").strip().replace(" ", "")
    refusal = CodeInvalidError(
        "Mã xác thực không đúng hoặc đã hết hạn. Kiểm tra lại, hoặc yêu cầu gửi mã mới."
    )
    with transaction.atomic():
        latest = _latest(user=user, purpose=purpose)
        code = (
            OneTimeCode.objects.select_for_update().filter(pk=latest.pk).first() if latest else None
        )
        if code is None or code.used_at is not None or code.expires_at <= now:
            raise refusal
        if code.attempts >= settings.ACCOUNT_CODE_MAX_ATTEMPTS:
            raise CodeInvalidError(
                "Đã nhập sai mã quá số lần cho phép; hãy yêu cầu gửi mã mới.",
                code="code_attempts_exceeded",
            )
        expected = _digest(user_id=user.pk, purpose=purpose, raw=raw)
        if (
            len(raw) == CODE_DIGITS
            and raw.isdigit()
            and constant_time_compare(expected, code.code_hash)
        ):
            code.used_at = now
            code.save(update_fields=["used_at"])
            return code
        code.attempts += 1
        code.save(update_fields=["attempts"])
    raise refusal


def contact_verify(*, user: User, purpose: str, raw: str) -> User:
    """Mark the e-mail or phone the code was sent to as verified, if the account still
    has that address (it may have changed since the code was sent). Call it outside a
    transaction: a wrong entry must stay counted."""
    field, attr = {
        CodePurpose.VERIFY_EMAIL: ("email_verified_at", "email"),
        CodePurpose.VERIFY_PHONE: ("phone_verified_at", "phone"),
    }[CodePurpose(purpose)]
    code = one_time_code_check(user=user, purpose=purpose, raw=raw)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if not code.address or code.address != getattr(locked, attr):
            raise CodeInvalidError(
                "Địa chỉ đã thay đổi sau khi gửi mã; hãy yêu cầu gửi mã mới.",
                code="code_address_changed",
            )
        setattr(locked, field, code.used_at)
        locked.save(update_fields=[field])
        audit_record(actor=locked, action="contact_verify", obj=locked, detail={"purpose": purpose})
    setattr(user, field, code.used_at)
    return locked


def password_reset_confirm(*, user: User, raw: str, password: str) -> User:
    """Set a new password with a reset code. The password is checked before the code,
    so a weak password does not spend a guess; a wrong code changes nothing but its
    counter. The account's failed sign-ins are forgotten: its owner just proved who
    they are. Call it outside a transaction (see :func:`contact_verify`)."""
    probe = User.objects.get(pk=user.pk)
    password_set(probe, password)
    one_time_code_check(user=user, purpose=CodePurpose.PASSWORD_RESET, raw=raw)
    with transaction.atomic():
        probe.save(update_fields=["password"])
        SignInFailure.objects.filter(username=probe.username).delete()
        audit_record(actor=probe, action="password_reset", obj=probe, detail={})
    return probe
