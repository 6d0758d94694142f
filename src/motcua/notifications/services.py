"""The outbox: messages written with the change that causes them, then delivered by the
worker through the channel plugins (issue 6 §1, §6).

Writing (``message_enqueue``, ``person_notify``) happens inside the caller's
transaction: the message exists if and only if the change committed, and one event
gives at most one message per channel and recipient (``message_once_per_event``).

Delivering (``outbox_deliver``) takes a batch of due messages and *leases* them: in one
short transaction it moves their next attempt time to the end of the lease
(``MOTCUA_OUTBOX_CLAIM_SECONDS``) and counts the attempt, with ``FOR UPDATE SKIP LOCKED``
so concurrent workers take disjoint batches. It then sends them, outside any
transaction, and records each outcome in a second transaction, but only for the rows
still holding its lease: the lease time is the claim's fencing token. A worker killed
mid-batch leaves its messages queued with a next attempt at the lease's end, when any
worker takes them again. Every attempt of one message carries the same client
reference (``motcua-<id>``), so a gateway that deduplicates on it accepts a message
once even when the first attempt reached it and its answer was lost with the worker.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.constants import RoleCode
from motcua.accounts.models import User
from motcua.core.services import audit_record
from motcua.notifications.channels import (
    Delivery,
    Outgoing,
    PermanentError,
    TransientError,
    UnknownChannelError,
    channel_get,
    channel_keys,
)
from motcua.notifications.constants import MessageStatus, TemplateKey
from motcua.notifications.models import Message
from motcua.notifications.preferences import IN_APP, contact_channels
from motcua.notifications.rendering import template_render

logger = logging.getLogger(__name__)

_DUE_STATUSES = (MessageStatus.QUEUED, MessageStatus.FAILED)
# Error text longer than this is cut: a gateway's HTML error page is not worth keeping.
_ERROR_MAX = 2000


# --- writing -------------------------------------------------------------------------


def message_enqueue(
    *,
    event_key: str,
    template: str,
    channel: str,
    recipient: str,
    context: Mapping[str, Any],
    user: User | None = None,
    reference: str = "",
    at: datetime | None = None,
) -> Message | None:
    """Write one message to the outbox, in the caller's transaction.

    ``event_key`` names the event that causes it (``dossier:42:received``); the same
    event, channel and recipient never give a second message, so a replayed or retried
    event is harmless. Returns the new message, or None when the event already has it.
    ``at`` delays the first attempt (a reminder due at 07:00).
    """
    existing = Message.objects.filter(event_key=event_key, channel=channel, recipient=recipient)
    if existing.exists():
        return None
    rendered = template_render(key=template, channel=channel, context=context)
    message = Message(
        event_key=event_key,
        channel=channel,
        recipient=recipient,
        user=user,
        template=template,
        reference=reference,
        subject=rendered.subject,
        body=rendered.body,
        next_attempt_at=at or timezone.now(),
    )
    try:
        # A savepoint: a concurrent transaction that wrote the same event first makes
        # this insert fail on the unique constraint (after waiting for it to commit),
        # which must not abort the caller's transaction.
        with transaction.atomic():
            message.save(force_insert=True)
    except IntegrityError:
        if existing.exists():
            return None
        raise
    return message


def person_notify(
    *,
    event_key: str,
    template: str,
    context: Mapping[str, Any],
    user: User | None = None,
    phone: str = "",
    email: str = "",
    reference: str = "",
    at: datetime | None = None,
) -> list[Message]:
    """Tell one person about one event on every channel they receive on
    (``preferences.contact_channels``). Returns the messages written now (none for an
    event already told)."""
    messages = []
    for channel, recipient in contact_channels(user=user, phone=phone, email=email):
        message = message_enqueue(
            event_key=event_key,
            template=template,
            channel=channel,
            recipient=recipient,
            context=context,
            user=user,
            reference=reference,
            at=at,
        )
        if message is not None:
            messages.append(message)
    return messages


@transaction.atomic
def message_retry(*, actor: User, messages: Iterable[Message]) -> int:
    """Queue dead or failed messages again, for a full round of attempts (the
    administrator's "Gửi lại"). Sent and queued messages are left alone. Returns how
    many were queued again."""
    ids = [message.pk for message in messages]
    now = timezone.now()
    retried = 0
    locked = Message.objects.select_for_update().filter(
        pk__in=ids, status__in=[MessageStatus.DEAD, MessageStatus.FAILED]
    )
    for message in locked.order_by("pk"):
        before = {"status": message.status, "attempts": message.attempts, "error": message.error}
        message.status = MessageStatus.QUEUED
        message.attempts = 0
        message.next_attempt_at = now
        message.save(update_fields=["status", "attempts", "next_attempt_at"])
        audit_record(actor=actor, action="message_retry", obj=message, detail={"before": before})
        retried += 1
    return retried


def outbox_purge(*, now: datetime | None = None, chunk: int = 5000) -> int:
    """Delete sent messages older than ``OUTBOX_RETENTION_DAYS`` (the nightly
    clean-up). Dead, failed and queued ones stay until someone deals with them.
    Deletes in chunks so no transaction holds many locks for long."""
    before = (now or timezone.now()) - timedelta(days=settings.OUTBOX_RETENTION_DAYS)
    old = Message.objects.filter(status=MessageStatus.SENT, sent_at__lt=before)
    deleted = 0
    while True:
        ids = list(old.values_list("pk", flat=True)[:chunk])
        if not ids:
            return deleted
        count, _ = Message.objects.filter(pk__in=ids).delete()
        deleted += count


# --- delivering ----------------------------------------------------------------------


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: the base, doubled after each
    further failure (60 s, 2, 4, 8, 16 min with the defaults)."""
    exponent = min(max(attempts - 1, 0), 30)
    return timedelta(seconds=settings.OUTBOX_RETRY_BASE_SECONDS * 2**exponent)


@dataclass
class _Outcome:
    message: Message
    delivery: Delivery | None = None
    error: str = ""
    permanent: bool = False


_pool_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None


def _send_pool() -> ThreadPoolExecutor:
    """One pool per process: its threads keep their HTTP keep-alive connections (the
    SMS plugin holds one per thread) from batch to batch."""
    global _pool  # one pool per process, created on first use
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(
                max_workers=settings.OUTBOX_SEND_THREADS, thread_name_prefix="outbox-send"
            )
        return _pool


def _send(message: Message) -> _Outcome:
    outcome = _Outcome(message=message)
    try:
        outcome.delivery = channel_get(message.channel).send(Outgoing.of(message))
    except PermanentError as exc:
        outcome.error, outcome.permanent = str(exc), True
    except UnknownChannelError as exc:
        # The channel was turned off after the message was written: retrying cannot
        # help until an administrator turns it on again and retries by hand.
        outcome.error, outcome.permanent = str(exc), True
    except TransientError as exc:
        outcome.error = str(exc)
    except Exception as exc:
        # A bug in a plugin must not lose the message or stop the batch: retried like a
        # provider failure, and logged with its traceback.
        logger.exception("channel plugin raised", extra={"message_id": message.pk})
        outcome.error = f"{type(exc).__name__}: {exc}"
    outcome.error = outcome.error[:_ERROR_MAX]
    return outcome


def _claim(*, limit: int, now: datetime, lease_until: datetime) -> list[Message]:
    """Lease up to ``limit`` due messages to this worker (see the module docstring).
    PostgreSQL: ``SKIP LOCKED`` lets concurrent workers take disjoint batches. SQLite:
    the transaction takes the single write lock at BEGIN (settings.py), so claims are
    serialised and the plain select is enough."""
    with transaction.atomic():
        batch = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(status__in=_DUE_STATUSES, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "id")[:limit]
        )
        if batch:
            Message.objects.filter(pk__in=[message.pk for message in batch]).update(
                attempts=F("attempts") + 1, next_attempt_at=lease_until
            )
    for message in batch:
        message.attempts += 1
        message.next_attempt_at = lease_until
    return batch


def _mark_sent(
    *, deliveries: list[tuple[int, Delivery]], lease_until: datetime, now: datetime
) -> int:
    """Record a batch's deliveries in one statement per 500 rows; only rows still under
    this claim's lease change. Returns how many did.

    One ``UPDATE … FROM (VALUES …)`` (PostgreSQL, and SQLite since 3.33) instead of the
    ORM's ``bulk_update``, whose CASE expressions cost ~3 ms a row in Python and capped
    the drain far below the 500 messages/s of issue 6 (docs/benchmarks.md)."""
    table = connection.ops.quote_name(Message._meta.db_table)
    adapt = connection.ops.adapt_datetimefield_value
    updated = 0
    for start in range(0, len(deliveries), 500):
        chunk = deliveries[start : start + 500]
        values: list[Any] = []
        for message_id, delivery in chunk:
            values += [message_id, delivery.provider_ref[:200], delivery.cost, delivery.segments]
        rows = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} AS m SET status = %s, sent_at = %s, error = '', "  # noqa: S608 - table name from the model
                "provider_ref = v.column2, cost = v.column3, segments = v.column4 "
                f"FROM (VALUES {rows}) AS v "
                "WHERE m.id = v.column1 AND m.next_attempt_at = %s",
                [MessageStatus.SENT, adapt(now), *values, adapt(lease_until)],
            )
            updated += cursor.rowcount
    return updated


def _record(*, outcomes: list[_Outcome], lease_until: datetime, now: datetime) -> list[Message]:
    """Write the outcomes of a batch; returns the messages that went dead.

    Only rows still holding this claim's lease are written (``next_attempt_at`` equal
    to it): if the lease ran out and another worker took a message, that worker's
    outcome is the one to keep."""
    delivered = [(o.message.pk, o.delivery) for o in outcomes if o.delivery is not None]
    dead: list[Message] = []
    with transaction.atomic():
        written = _mark_sent(deliveries=delivered, lease_until=lease_until, now=now)
        if written != len(delivered):
            logger.warning(
                "message leases lost before their outcome was written",
                extra={"lost": len(delivered) - written},
            )
        for outcome in outcomes:
            if outcome.delivery is not None:
                continue
            message = outcome.message
            if outcome.permanent or message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                message.status = MessageStatus.DEAD
            else:
                message.status = MessageStatus.FAILED
                message.next_attempt_at = now + retry_delay(message.attempts)
            message.error = outcome.error
            held = Message.objects.filter(pk=message.pk, next_attempt_at=lease_until).update(
                status=message.status, error=message.error, next_attempt_at=message.next_attempt_at
            )
            if not held:
                logger.warning(
                    "message lease lost before its outcome was written",
                    extra={"message_id": message.pk},
                )
            elif message.status == MessageStatus.DEAD:
                dead.append(message)
        if dead:
            _dead_letters_alert(dead=dead, now=now)
    return dead


def outbox_deliver(
    *, limit: int | None = None, worker_id: str = "", now: datetime | None = None
) -> int:
    """Send one batch of due messages; returns how many were taken (0: nothing due).

    Call it outside any transaction: the lease must be committed before the first
    message leaves. ``now`` is for tests that walk through an hour of retries.
    """
    limit = limit or settings.OUTBOX_BATCH_SIZE
    claimed_at = now or timezone.now()
    lease_until = claimed_at + timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS)
    batch = _claim(limit=limit, now=claimed_at, lease_until=lease_until)
    if not batch:
        return 0
    if len(batch) == 1 or settings.OUTBOX_SEND_THREADS == 1:
        outcomes = [_send(message) for message in batch]
    else:
        outcomes = list(_send_pool().map(_send, batch))
    dead = _record(outcomes=outcomes, lease_until=lease_until, now=now or timezone.now())
    sent = sum(1 for outcome in outcomes if outcome.delivery is not None)
    logger.info(
        "outbox batch delivered",
        extra={
            "worker": worker_id,
            "taken": len(batch),
            "sent": sent,
            "failed": len(batch) - sent - len(dead),
            "dead": len(dead),
        },
    )
    return len(batch)


# --- dead letters --------------------------------------------------------------------


def _administrators() -> list[User]:
    """Who is told about dead letters: active superusers and holders of the
    administrator role (accounts.RoleCode.ADMINISTRATOR) through an active assignment."""
    return list(
        User.objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(
                assignments__role__code=RoleCode.ADMINISTRATOR,
                assignments__is_active=True,
            )
        )
        .distinct()
        .order_by("pk")
    )


def _dead_letters_alert(*, dead: list[Message], now: datetime) -> None:
    """Tell the administrators in-app and by e-mail that messages went dead.

    At most one alert per channel an hour (the event key names the hour): a gateway
    down for an hour kills hundreds of messages, and one alert naming the first, with
    the count, says what is needed; the admin's outbox page lists them all. An alert
    that itself dies is never alerted about, so a broken mail server cannot loop."""
    dead = [message for message in dead if message.template != TemplateKey.DEAD_LETTER_ALERT]
    if not dead:
        return
    enabled = set(channel_keys())
    admins = _administrators()
    hour = now.astimezone(timezone.get_current_timezone()).strftime("%Y%m%d%H")
    admin_url = reverse("admin:notifications_message_changelist") + "?status__exact=dead"
    by_channel: dict[str, list[Message]] = {}
    for message in dead:
        by_channel.setdefault(message.channel, []).append(message)
    for channel, messages in by_channel.items():
        first = messages[0]
        context = {
            "channel": channel,
            "recipient": first.recipient,
            "template": first.get_template_display(),
            "reference": first.reference or "—",
            "attempts": first.attempts,
            "error": first.error,
            "admin_url": admin_url,
            "dead_count": len(messages),
        }
        event_key = f"outbox_dead:{channel}:{hour}"
        for admin in admins:
            targets = [(IN_APP, str(admin.pk))]
            if admin.email:
                targets.append(("email", admin.email))
            for alert_channel, recipient in targets:
                if alert_channel not in enabled:
                    continue
                message_enqueue(
                    event_key=event_key,
                    template=TemplateKey.DEAD_LETTER_ALERT,
                    channel=alert_channel,
                    recipient=recipient,
                    context=context,
                    user=admin,
                    reference=first.reference,
                    at=now,
                )
    logger.error(
        "messages could not be delivered",
        extra={"dead": [message.pk for message in dead]},
    )
