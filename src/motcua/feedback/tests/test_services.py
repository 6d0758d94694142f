"""The counter's rating (project issue 4, point 8): the counter officer of the
receiving unit opens a prompt after receipt or return; the unit's kiosk shows it until
answered, replaced, or three minutes old; the answer is stored once per dossier and
occasion with the officer, the unit and the channel "counter"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from motcua.core.exceptions import ConflictError, InvalidInputError, PermissionDeniedError
from motcua.core.models import AuditEntry
from motcua.dossiers.constants import DossierStatus
from motcua.feedback.models import KioskPrompt, Rating
from motcua.feedback.selectors import kiosk_invite_for, kiosk_prompt_current
from motcua.feedback.services import kiosk_prompt_open, rating_record
from motcua.feedback.tests.helpers import other_counter
from motcua.workflow.tests.states import AFTER, dossier_in

SOON = AFTER + dt.timedelta(seconds=20)


def _rows() -> tuple[int, int, int, list]:
    return (
        KioskPrompt.objects.count(),
        Rating.objects.count(),
        AuditEntry.objects.count(),
        list(KioskPrompt.objects.values_list("pk", "answered_at")),
    )


def test_after_receipt_the_kiosk_shows_the_prompt_and_stores_the_answer(w):
    dossier = dossier_in(w, DossierStatus.RECEIVED)
    assert kiosk_invite_for(user=w.counter, dossier=dossier) == "receipt"
    prompt = kiosk_prompt_open(actor=w.counter, dossier=dossier, at=AFTER)
    assert (prompt.one_stop_unit, prompt.dossier, prompt.officer, prompt.occasion) == (
        w.centre,
        dossier,
        w.counter,
        "receipt",
    )
    assert kiosk_prompt_current(one_stop_unit=w.centre, now=SOON) == prompt
    rating = rating_record(
        actor=w.counter, prompt=prompt, level="very_satisfied", comment=" Nhanh ", at=SOON
    )
    stored = Rating.objects.get()
    assert stored == rating
    assert (stored.dossier, stored.level, stored.channel, stored.occasion) == (
        dossier,
        "very_satisfied",
        "counter",
        "receipt",
    )
    assert (stored.officer, stored.one_stop_unit, stored.comment, stored.created_at) == (
        w.counter,
        w.centre,
        "Nhanh",
        SOON,
    )
    assert KioskPrompt.objects.get().answered_at == SOON
    assert list(stored.officers.all()) == [w.counter]
    # Answered: the kiosk goes idle, and the officer cannot ask again for this visit.
    assert kiosk_prompt_current(one_stop_unit=w.centre, now=SOON) is None
    assert kiosk_invite_for(user=w.counter, dossier=dossier) is None
    with pytest.raises(ConflictError) as again:
        kiosk_prompt_open(actor=w.counter, dossier=dossier, at=SOON)
    assert again.value.code == "already_rated"


def test_the_return_is_another_occasion(w):
    dossier = dossier_in(w, DossierStatus.RETURNED)
    prompt = kiosk_prompt_open(actor=w.counter, dossier=dossier, at=AFTER)
    assert prompt.occasion == "return"
    rating_record(actor=w.counter, prompt=prompt, level="dissatisfied", at=SOON)
    assert list(Rating.objects.values_list("occasion", "level")) == [("return", "dissatisfied")]


@pytest.mark.parametrize("who", ["specialist", "leader", "an", "no_role"])
def test_only_the_receiving_units_counter_officer_invites(w, who):
    dossier = dossier_in(w, DossierStatus.RECEIVED)
    user = w.an.user if who == "an" else getattr(w, who)
    assert kiosk_invite_for(user=user, dossier=dossier) is None
    before = _rows()
    with pytest.raises(PermissionDeniedError):
        kiosk_prompt_open(actor=user, dossier=dossier, at=AFTER)
    assert _rows() == before


def test_the_counter_officer_of_another_unit_cannot_invite(w):
    _unit, officer = other_counter(w)
    dossier = dossier_in(w, DossierStatus.RECEIVED)
    with pytest.raises(PermissionDeniedError):
        kiosk_prompt_open(actor=officer, dossier=dossier, at=AFTER)
    assert not KioskPrompt.objects.exists()


@pytest.mark.parametrize("status", [DossierStatus.SUBMITTED, DossierStatus.REFUSED])
def test_nothing_to_rate_before_receipt(w, status):
    dossier = dossier_in(w, status)
    assert kiosk_invite_for(user=w.counter, dossier=dossier) is None
    with pytest.raises(ConflictError) as refused:
        kiosk_prompt_open(actor=w.counter, dossier=dossier, at=AFTER)
    assert refused.value.code == "nothing_to_rate"
    assert not KioskPrompt.objects.exists()


@pytest.mark.parametrize("level", ["", "great", "Rất hài lòng", "<script>", "x" * 500])
def test_a_level_that_is_not_one_of_the_four_is_refused(w, level):
    prompt = kiosk_prompt_open(actor=w.counter, dossier=dossier_in(w, "received"), at=AFTER)
    before = _rows()
    with pytest.raises(InvalidInputError) as refused:
        rating_record(actor=w.counter, prompt=prompt, level=level, at=SOON)
    assert refused.value.code == "invalid_level"
    assert _rows() == before


def test_a_comment_too_long_is_refused(w):
    prompt = kiosk_prompt_open(actor=w.counter, dossier=dossier_in(w, "received"), at=AFTER)
    with pytest.raises(InvalidInputError):
        rating_record(actor=w.counter, prompt=prompt, level="neutral", comment="x" * 1001, at=SOON)
    assert not Rating.objects.exists()


def test_a_forged_rating_for_another_units_prompt_is_refused(w):
    _unit, officer = other_counter(w)
    prompt = kiosk_prompt_open(actor=w.counter, dossier=dossier_in(w, "received"), at=AFTER)
    before = _rows()
    with pytest.raises(PermissionDeniedError):
        rating_record(actor=officer, prompt=prompt, level="very_satisfied", at=SOON)
    assert _rows() == before


def test_a_prompt_answered_twice_stores_one_rating(w):
    prompt = kiosk_prompt_open(actor=w.counter, dossier=dossier_in(w, "received"), at=AFTER)
    rating_record(actor=w.counter, prompt=prompt, level="satisfied", at=SOON)
    before = _rows()
    with pytest.raises(ConflictError) as again:
        rating_record(actor=w.counter, prompt=prompt, level="dissatisfied", at=SOON)
    assert again.value.code == "already_answered"
    assert _rows() == before
    assert Rating.objects.get().level == "satisfied"


def test_a_prompt_older_than_three_minutes_is_not_shown_again(w):
    prompt = kiosk_prompt_open(actor=w.counter, dossier=dossier_in(w, "received"), at=AFTER)
    assert kiosk_prompt_current(one_stop_unit=w.centre, now=AFTER + dt.timedelta(minutes=2))
    late = AFTER + dt.timedelta(minutes=3, seconds=1)
    assert kiosk_prompt_current(one_stop_unit=w.centre, now=late) is None
    with pytest.raises(ConflictError) as expired:
        rating_record(actor=w.counter, prompt=prompt, level="satisfied", at=late)
    assert expired.value.code == "prompt_expired"
    assert not Rating.objects.exists()


def test_a_newer_prompt_replaces_the_unanswered_one(w):
    first = kiosk_prompt_open(actor=w.counter, dossier=dossier_in(w, "received"), at=AFTER)
    second = kiosk_prompt_open(actor=w.counter, dossier=dossier_in(w, "received"), at=SOON)
    assert kiosk_prompt_current(one_stop_unit=w.centre, now=SOON) == second
    with pytest.raises(ConflictError):
        rating_record(actor=w.counter, prompt=first, level="satisfied", at=SOON)
    rating_record(actor=w.counter, prompt=second, level="satisfied", at=SOON)
    # The second was answered: the first is not shown again either.
    assert kiosk_prompt_current(one_stop_unit=w.centre, now=SOON) is None


def test_another_units_kiosk_shows_nothing_of_this_one(w):
    unit, _officer = other_counter(w)
    kiosk_prompt_open(actor=w.counter, dossier=dossier_in(w, "received"), at=AFTER)
    assert kiosk_prompt_current(one_stop_unit=unit, now=SOON) is None


def test_the_database_holds_one_counter_rating_per_occasion(w):
    dossier = dossier_in(w, "received")
    prompt = kiosk_prompt_open(actor=w.counter, dossier=dossier, at=AFTER)
    rating_record(actor=w.counter, prompt=prompt, level="satisfied", at=SOON)
    other = KioskPrompt.objects.create(
        one_stop_unit=w.centre,
        dossier=dossier,
        officer=w.counter,
        occasion="receipt",
        opened_at=SOON,
    )
    fields = {"dossier": dossier, "officer": w.counter, "one_stop_unit": w.centre}
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(
            level="neutral",
            channel="counter",
            occasion="receipt",
            prompt=other,
            created_at=SOON,
            **fields,
        )
    for bad in (
        {"level": "great", "channel": "online"},
        {"level": "neutral", "channel": "kiosk"},
        {"level": "neutral", "channel": "counter", "occasion": "return"},  # no prompt
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Rating.objects.create(dossier=dossier, created_at=SOON, **bad)
    Rating.objects.create(dossier=dossier, level="neutral", channel="online", created_at=SOON)
