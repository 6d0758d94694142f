"""Dossiers lived through the real services at chosen moments, for the KPI tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from motcua.dossiers.models import Dossier
from motcua.feedback.models import Rating
from motcua.feedback.services import kiosk_prompt_open, rating_record
from motcua.workflow.tests.states import act, dossier_in


def decided(
    w: Any, *, start: dt.datetime, at: dt.datetime, handed_off: dt.datetime | None = None
) -> Dossier:
    """A building permit received at the counter at ``start`` (appointment five
    working days later), the appraisal done, decided by the leader at ``at``."""
    dossier = dossier_in(w, "in_progress", start=start)
    dossier = act(
        w, dossier, "hand_off", actor=w.specialist, at=handed_off or at - dt.timedelta(minutes=10)
    )
    return act(w, dossier, "decide", actor=w.leader, at=at)


def rated(w: Any, dossier: Dossier, level: str, *, at: dt.datetime) -> Rating:
    """The applicant's answer on the kiosk of the centre, a minute after the prompt."""
    prompt = kiosk_prompt_open(actor=w.counter, dossier=dossier, at=at)
    return rating_record(
        actor=w.counter, prompt=prompt, level=level, at=at + dt.timedelta(minutes=1)
    )
