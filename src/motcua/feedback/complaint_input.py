"""What the PAKN services accept from the portal and the office: text, contact
details, and how often one network address may send or fail a lookup (the portal has no
captcha; the counts are rows, so they hold across server processes)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from motcua.accounts.validators import validate_phone
from motcua.core.exceptions import ApplicationError, InvalidInputError
from motcua.feedback.complaint_selectors import phone_key
from motcua.feedback.models import ComplaintAttempt

_HOUR = dt.timedelta(hours=1)


class RateLimitedError(ApplicationError):
    code = "rate_limited"
    http_status = 429


def text_clean(value: str, *, label: str, max_length: int) -> str:
    """NFC text with its line breaks kept, refused when empty, longer than
    ``max_length`` or holding control characters."""
    text = unicodedata.normalize("NFC", (value or "").replace("\r\n", "\n")).strip()
    if not text:
        raise InvalidInputError(f"Chưa nhập {label} (required).", code="required")
    if len(text) > max_length:
        raise InvalidInputError(
            f"{label[:1].upper()}{label[1:]} dài quá {max_length:,} ký tự (too long).".replace(
                ",", "."
            ),
            code="too_long",
            detail={"max_length": max_length},
        )
    if any(ord(c) < 32 and c not in "\n\t" for c in text):
        raise InvalidInputError(
            f"{label[:1].upper()}{label[1:]} chứa ký tự không hợp lệ (control characters).",
            code="invalid_characters",
        )
    return text


def contact_clean(phone: str, email: str) -> tuple[str, str]:
    phone, email = (phone or "").strip(), (email or "").strip()
    if not phone and not email:
        raise InvalidInputError(
            "Hãy để lại số điện thoại hoặc thư điện tử để nhận trả lời (contact required).",
            code="contact_required",
        )
    if phone:
        try:
            validate_phone(phone)
        except ValidationError as exc:
            raise InvalidInputError(exc.messages[0], code="phone_format") from exc
        phone = phone_key(phone)
    if email:
        try:
            if len(email) > 254:
                raise ValidationError("too long")
            validate_email(email)
        except ValidationError as exc:
            raise InvalidInputError(
                "Địa chỉ thư điện tử không hợp lệ (invalid e-mail).", code="email_format"
            ) from exc
    return phone, email


def source_key(address: str) -> str:
    """A keyed hash of a network address: enough to count its attempts, useless to
    anyone who reads the table."""
    return hmac.new(
        settings.SECRET_KEY.encode(), (address or "").encode(), hashlib.sha256
    ).hexdigest()


def _attempts(*, source: str, kind: str, at: dt.datetime) -> int:
    return ComplaintAttempt.objects.filter(source=source, kind=kind, at__gt=at - _HOUR).count()


def lookup_allowed(*, source: str, at: dt.datetime | None = None) -> bool:
    at = at or timezone.now()
    failed = _attempts(source=source, kind=ComplaintAttempt.Kind.LOOKUP_FAILED, at=at)
    return failed < settings.PAKN_LOOKUP_FAILURES_PER_HOUR


def lookup_failure_record(*, source: str, at: dt.datetime | None = None) -> None:
    ComplaintAttempt.objects.create(
        kind=ComplaintAttempt.Kind.LOOKUP_FAILED, source=source, at=at or timezone.now()
    )


def sends_allowed(source: str, at: dt.datetime) -> None:
    if _attempts(source=source, kind=ComplaintAttempt.Kind.SEND, at=at) >= (
        settings.PAKN_SENDS_PER_HOUR
    ):
        raise RateLimitedError(
            "Đã gửi quá nhiều phản ánh từ địa chỉ này trong một giờ; xin thử lại sau "
            "(too many sends).",
            detail={"per_hour": settings.PAKN_SENDS_PER_HOUR},
        )
