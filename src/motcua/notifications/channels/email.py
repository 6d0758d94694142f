"""E-mail through Django's email backend: SMTP in production, the file or console
backend in development (``MOTCUA_EMAIL_BACKEND``)."""

from __future__ import annotations

import smtplib
from typing import ClassVar

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.message import make_msgid

from motcua.notifications.channels.base import (
    AddressKind,
    Channel,
    Delivery,
    Outgoing,
    PermanentError,
    TransientError,
)


class EmailChannel(Channel):
    key: ClassVar[str] = "email"
    label: ClassVar[str] = "Thư điện tử"
    address_kind: ClassVar[AddressKind] = "email"
    preference: ClassVar[str | None] = "email"

    def __init__(self, *, from_email: str = "") -> None:
        self.from_email = from_email

    @classmethod
    def from_settings(cls) -> EmailChannel:
        return cls(from_email=settings.DEFAULT_FROM_EMAIL)

    def send(self, outgoing: Outgoing) -> Delivery:
        # Our own Message-ID is the provider reference: it is what a bounce or a
        # complaint quotes back. The client reference goes along for tracing.
        message_id = make_msgid(idstring=outgoing.client_ref, domain=_domain(self.from_email))
        mail = EmailMessage(
            subject=outgoing.subject,
            body=outgoing.body,
            from_email=self.from_email or None,
            to=[outgoing.recipient],
            headers={"Message-ID": message_id, "X-Motcua-Ref": outgoing.client_ref},
        )
        try:
            get_connection(fail_silently=False).send_messages([mail])
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _text in exc.recipients.values()]
            reason = "; ".join(
                f"{address}: {code} {text!r}" for address, (code, text) in exc.recipients.items()
            )
            # RFC 5321 §4.2.1: 5yz is a permanent failure (no such mailbox), 4yz a
            # temporary one (mailbox busy, greylisting).
            if all(500 <= code < 600 for code in codes):
                raise PermanentError(f"Máy chủ thư từ chối địa chỉ nhận: {reason}") from exc
            raise TransientError(f"Máy chủ thư tạm thời không nhận: {reason}") from exc
        except smtplib.SMTPResponseException as exc:
            if 500 <= exc.smtp_code < 600:  # RFC 5321 §4.2.1: 5yz is a permanent failure
                raise PermanentError(
                    f"Máy chủ thư từ chối ({exc.smtp_code}): {exc.smtp_error!r}"
                ) from exc
            raise TransientError(
                f"Máy chủ thư tạm thời không nhận ({exc.smtp_code}): {exc.smtp_error!r}"
            ) from exc
        except (smtplib.SMTPException, OSError) as exc:
            # Connection refused, timeout, TLS failure, disk full for the file backend.
            raise TransientError(f"Không gửi được thư: {exc}") from exc
        return Delivery(provider_ref=message_id)


def _domain(from_email: str) -> str:
    _, _, domain = from_email.rpartition("@")
    return domain.strip("> ") or "motcua.local"
