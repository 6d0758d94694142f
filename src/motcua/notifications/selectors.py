"""Reads of the outbox for the administrator and for monitoring (issue 6 §6)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Min
from django.utils import timezone

from motcua.notifications.constants import MessageStatus
from motcua.notifications.models import Message


@dataclass(frozen=True)
class OutboxCounts:
    queued: int
    failed: int
    dead: int
    #: How long the longest-waiting message has been due (queued or failed, its next
    #: attempt time passed), in seconds; None when nothing is due. Messages planned for
    #: later, waiting out a retry delay or held by a worker do not count, so a growing
    #: age means delivery is stuck, not that reminders are planned for tomorrow.
    oldest_queued_age_seconds: float | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def outbox_counts(*, now: datetime | None = None) -> OutboxCounts:
    """How many messages wait, wait after a failure, or are dead. Reads only the
    unsent rows, through the status and due-time indexes, however many were sent."""
    now = now or timezone.now()
    waiting = (MessageStatus.QUEUED, MessageStatus.FAILED)
    counts = dict(
        Message.objects.filter(status__in=[*waiting, MessageStatus.DEAD])
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    oldest = Message.objects.filter(status__in=waiting, next_attempt_at__lte=now).aggregate(
        oldest=Min("next_attempt_at")
    )["oldest"]
    return OutboxCounts(
        queued=counts.get(MessageStatus.QUEUED, 0),
        failed=counts.get(MessageStatus.FAILED, 0),
        dead=counts.get(MessageStatus.DEAD, 0),
        oldest_queued_age_seconds=(
            None if oldest is None else round(max((now - oldest).total_seconds(), 0.0), 1)
        ),
    )
