"""Reads of the counter's rating: what a kiosk shows now, and whether an officer may
invite the person in front of them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from motcua.agencies.models import OneStopUnit
from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.feedback.constants import PROMPT_LIFETIME, Occasion, RatingChannel
from motcua.feedback.models import KioskPrompt, Rating
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
