"""Reads of the ratings: what a kiosk shows now, whether an officer may invite the
person in front of them, who handled a dossier, and the applicant's online rating."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils import timezone

from motcua.accounts.constants import UserKind
from motcua.accounts.models import User
from motcua.agencies.models import OneStopUnit
from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.feedback.constants import PROMPT_LIFETIME, Occasion, RatingChannel
from motcua.feedback.models import KioskPrompt, Rating
from motcua.workflow.models import Task
from motcua.workflow.permissions import is_counter_officer_at

# Received and still being handled, decided or stopped later: the visit at receipt
# may still be rated (a refusal at intake never received the dossier).
_RECEIVED = (
    DossierStatus.RECEIVED,
    DossierStatus.IN_PROGRESS,
    DossierStatus.AWAITING_SUPPLEMENT,
    DossierStatus.AWAITING_PAYMENT,
    DossierStatus.WITHDRAWAL_REQUESTED,
    DossierStatus.STOPPED,
    DossierStatus.DECIDED,
)


def occasion_of(dossier: Dossier) -> str | None:
    """The counter visit the dossier's state follows: the return once the result was
    handed over, else the receipt once received; None before receipt."""
    if dossier.status == DossierStatus.RETURNED:
        return Occasion.RETURN
    if dossier.status in _RECEIVED and dossier.received_at is not None:
        return Occasion.RECEIPT
    return None


def kiosk_prompt_current(
    *, one_stop_unit: OneStopUnit, now: dt.datetime | None = None
) -> KioskPrompt | None:
    """What the unit's kiosk shows now: its latest prompt, unless answered or older
    than ``PROMPT_LIFETIME`` (then nothing: an older unanswered prompt is never shown
    again). One read of the index on (unit, opened_at)."""
    now = now or timezone.now()
    latest = (
        KioskPrompt.objects.filter(one_stop_unit=one_stop_unit, opened_at__gt=now - PROMPT_LIFETIME)
        .select_related("dossier__procedure")
        .order_by("-opened_at", "-pk")
        .first()
    )
    if latest is None or latest.answered_at is not None:
        return None
    return latest


def kiosk_invite_for(*, user: Any, dossier: Dossier) -> str | None:
    """The occasion ``user`` may invite a rating for on this dossier now: a counter
    officer of its receiving unit, after receipt or return, not yet rated."""
    unit = dossier.receiving_unit
    if not is_counter_officer_at(user, one_stop_unit_id=unit.pk, agency_id=unit.agency_id):
        return None
    occasion = occasion_of(dossier)
    if occasion is None:
        return None
    rated = Rating.objects.filter(
        dossier=dossier, occasion=occasion, channel=RatingChannel.COUNTER
    ).exists()
    return None if rated else occasion


def kiosk_prompt_get(*, pk: int) -> KioskPrompt | None:
    return KioskPrompt.objects.filter(pk=pk).first()


def dossier_handlers(*, dossier: Dossier) -> list[int]:
    """The ids of the officers who handled ``dossier``: the assignees of its steps and
    the staff who acted on it (receipt, hand-offs, decision, return), in id order."""
    assignees = Task.objects.filter(dossier=dossier, assignee__isnull=False).values("assignee_id")
    actors = DossierEvent.objects.filter(dossier=dossier, actor__isnull=False).values("actor_id")
    return list(
        User.objects.filter(kind=UserKind.STAFF)
        .filter(Q(pk__in=assignees) | Q(pk__in=actors))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def online_rating_of(*, dossier: Dossier) -> Rating | None:
    """The applicant's online rating of ``dossier``, if they gave one."""
    return Rating.objects.filter(dossier=dossier, channel=RatingChannel.ONLINE).first()
