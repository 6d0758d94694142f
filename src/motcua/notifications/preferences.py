"""Where a person is told things: their channels and addresses, their choices, and
their in-app notices (issue 6 §2, §3)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from motcua.accounts.models import User
from motcua.core.exceptions import NotFoundError, PermissionDeniedError
from motcua.core.services import audit_record
from motcua.notifications.channels import channel_get, channel_keys
from motcua.notifications.models import ContactPreference, Message

IN_APP = "in_app"


def _user_addresses(user: User) -> tuple[str, str]:
    """The phone and e-mail on file for ``user``: the account's own, else those of the
    citizen or organisation the account belongs to (registration puts them there)."""
    phone, email = user.phone, user.email
    for related in ("citizen", "organisation"):
        holder = getattr(user, related, None) if not (phone and email) else None
        if holder is not None:
            phone = phone or holder.phone
            email = email or holder.email
    return phone.strip(), email.strip()


def contact_preference_get(*, user: User) -> ContactPreference:
    """The person's choices; an unsaved row with the defaults when they made none."""
    try:
        return ContactPreference.objects.get(user=user)
    except ContactPreference.DoesNotExist:
        return ContactPreference(user=user)


def contact_channels(
    *, user: User | None = None, phone: str = "", email: str = ""
) -> list[tuple[str, str]]:
    """The (channel, recipient) pairs to tell this person on, in the order of
    ``MOTCUA_NOTIFY_CHANNELS``.

    ``phone``/``email`` are the addresses the caller knows (those written on the
    dossier win over the account's: the applicant asked to be told there); the account's
    addresses fill the gaps. A channel is left out when the address is missing or the
    person turned it off; in-app needs an account. A person without an account (a
    walk-in applicant) gets the defaults: SMS and e-mail where known.
    """
    preference: ContactPreference | None = None
    if user is not None:
        user_phone, user_email = _user_addresses(user)
        phone = phone.strip() or user_phone
        email = email.strip() or user_email
        preference = contact_preference_get(user=user)
    addresses = {
        "phone": phone.strip(),
        "email": email.strip(),
        "user": str(user.pk) if user is not None and user.is_active else "",
        "none": "",
    }
    result: list[tuple[str, str]] = []
    for key in channel_keys():
        channel = channel_get(key)
        address = addresses[channel.address_kind]
        if not address:
            continue
        if (
            preference is not None
            and channel.preference is not None
            and not getattr(preference, channel.preference, True)
        ):
            continue
        result.append((key, address))
    return result


@transaction.atomic
def contact_preference_set(*, actor: User, user: User, sms: bool, email: bool) -> ContactPreference:
    """A person chooses whether to be told by SMS and by e-mail (in-app always stays:
    it costs nothing and is where the portal shows the history)."""
    if actor.pk != user.pk:
        raise PermissionDeniedError(
            "Chỉ chủ tài khoản được chọn kênh nhận thông báo của mình.",
            code="preference_not_own",
        )
    preference, created = ContactPreference.objects.select_for_update().get_or_create(
        user=user, defaults={"sms": sms, "email": email}
    )
    before = {"sms": preference.sms, "email": preference.email}
    if not created:
        preference.sms, preference.email = sms, email
        preference.save(update_fields=["sms", "email", "updated_at"])
    audit_record(
        actor=actor,
        action="contact_preference_set",
        obj=preference,
        detail={"sms": sms, "email": email, "before": None if created else before},
    )
    return preference


def notice_list_for_user(*, user: User, unread_only: bool = False) -> QuerySet[Message]:
    """The person's in-app notices, newest first. The outbox row is the notice, so it
    shows from the moment its transaction commits, whether or not the worker has
    passed it yet (nothing has to travel)."""
    notices = Message.objects.filter(user=user, channel=IN_APP).order_by("-created_at", "-id")
    if unread_only:
        notices = notices.filter(read_at__isnull=True)
    return notices


def notice_get_for_user(*, user: User, notice_id: int) -> Message:
    """One of the person's notices; another person's is "not found" (never 403, which
    would confirm it exists)."""
    try:
        return notice_list_for_user(user=user).get(pk=notice_id)
    except Message.DoesNotExist as exc:
        raise NotFoundError("Không tìm thấy thông báo.", code="notice_not_found") from exc


@transaction.atomic
def notice_mark_read(*, actor: Any, message: Message) -> Message:
    """Mark one in-app notice read. Marking it again keeps the first time."""
    locked = Message.objects.select_for_update().get(pk=message.pk)
    if locked.channel != IN_APP or locked.user_id is None or locked.user_id != actor.pk:
        raise NotFoundError("Không tìm thấy thông báo.", code="notice_not_found")
    if locked.read_at is None:
        locked.read_at = timezone.now()
        locked.save(update_fields=["read_at"])
    return locked
