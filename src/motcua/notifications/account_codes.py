"""Sending the one-time codes of applicants' accounts (issue 5 §2) through the outbox.

The codes are issued and checked in ``accounts.verification``; this module, one layer
above, writes the message in the same transaction, so a code exists if and only if its
message does. A verification code goes to exactly the address it proves (e-mail or
SMS), never to the other channels; a password-reset code goes to every address on file.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from motcua.accounts.constants import CodePurpose
from motcua.accounts.models import User
from motcua.accounts.selectors import applicant_get_by_identifier
from motcua.accounts.verification import CodeThrottledError, one_time_code_issue
from motcua.core.exceptions import ApplicationError
from motcua.notifications.channels import channel_get, channel_keys
from motcua.notifications.constants import TemplateKey
from motcua.notifications.models import Message
from motcua.notifications.services import message_enqueue

_ADDRESS_KIND = {CodePurpose.VERIFY_EMAIL: "email", CodePurpose.VERIFY_PHONE: "phone"}


def _channel_for(address_kind: str) -> str | None:
    """The first enabled channel that sends to this kind of address (``email``, or
    ``sms`` / a Zalo plugin for a phone), in the order of MOTCUA_NOTIFY_CHANNELS."""
    for key in channel_keys():
        if channel_get(key).address_kind == address_kind:
            return key
    return None


def verification_purposes(*, user: User) -> list[str]:
    """The verifications this account can be sent a code for: an address it has, not
    yet verified, with a channel enabled to reach it."""
    purposes: list[str] = []
    if user.email and user.email_verified_at is None and _channel_for("email"):
        purposes.append(CodePurpose.VERIFY_EMAIL)
    if user.phone and user.phone_verified_at is None and _channel_for("phone"):
        purposes.append(CodePurpose.VERIFY_PHONE)
    return purposes


@transaction.atomic
def verification_code_send(*, user: User, purpose: str) -> Message:
    """Send a code proving the account's e-mail (``verify_email``) or phone
    (``verify_phone``). Refused when there is no such address, it is already verified,
    no channel reaches it, or a code was sent too recently (``code_throttled``)."""
    if purpose not in verification_purposes(user=user):
        raise ApplicationError(
            "Không có địa chỉ nào cần xác minh theo cách này.", code="nothing_to_verify"
        )
    kind = _ADDRESS_KIND[CodePurpose(purpose)]
    channel = _channel_for(kind)
    address = user.email if kind == "email" else user.phone
    code, raw = one_time_code_issue(user=user, purpose=purpose, address=address)
    message = message_enqueue(
        event_key=f"one_time_code:{code.pk}",
        template=TemplateKey.VERIFICATION_CODE,
        channel=str(channel),
        recipient=address,
        context={"otp": raw, "minutes": settings.ACCOUNT_CODE_MINUTES},
        user=user,
    )
    assert message is not None  # noqa: S101 - the event key is new
    return message


def password_reset_request(*, identifier: str, reset_url: str) -> list[Message]:
    """Send a password-reset code to every address on file of the account
    ``identifier`` names (citizen ID, tax code, or a verified e-mail or phone).

    Whether an account exists is never revealed: an unknown identifier, an account with
    no address and a throttled request all return quietly (an empty list), so the page
    says the same thing in every case."""
    user = applicant_get_by_identifier(identifier=(identifier or "")[:254])
    if user is None:
        return []
    targets = [
        (channel, address)
        for kind, address in (("email", user.email), ("phone", user.phone))
        if address and (channel := _channel_for(kind))
    ]
    if not targets:
        return []
    try:
        with transaction.atomic():
            code, raw = one_time_code_issue(user=user, purpose=CodePurpose.PASSWORD_RESET)
            context = {
                "otp": raw,
                "minutes": settings.ACCOUNT_CODE_MINUTES,
                "reset_url": reset_url,
            }
            messages = [
                message_enqueue(
                    event_key=f"one_time_code:{code.pk}",
                    template=TemplateKey.PASSWORD_RESET_CODE,
                    channel=channel,
                    recipient=address,
                    context=context,
                    user=user,
                )
                for channel, address in targets
            ]
    except CodeThrottledError:
        return []
    return [message for message in messages if message is not None]
