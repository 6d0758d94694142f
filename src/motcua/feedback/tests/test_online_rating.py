"""The applicant's own rating of a returned dossier on the portal (project issue 5 §6):
once per dossier (a database constraint), only the owner, only after the return, and
linked to every officer who handled the dossier."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from motcua.core.exceptions import ConflictError, InvalidInputError, PermissionDeniedError
from motcua.core.models import AuditEntry
from motcua.feedback.models import Rating, RatingOfficer
from motcua.feedback.selectors import dossier_handlers, online_rating_of
from motcua.feedback.services import rating_record_online
from motcua.workflow.tests.states import AFTER, dossier_in


def _rows() -> tuple[int, int, int]:
    return Rating.objects.count(), RatingOfficer.objects.count(), AuditEntry.objects.count()


def test_the_owner_rates_once_and_the_handlers_are_linked(w):
    dossier = dossier_in(w, "returned")
    rating = rating_record_online(
        actor=w.an.user, dossier=dossier, level="satisfied", comment=" Tốt ", at=AFTER
    )
    assert (rating.channel, rating.level, rating.comment, rating.occasion) == (
        "online",
        "satisfied",
        "Tốt",
        "",
    )
    assert (rating.officer, rating.prompt, rating.one_stop_unit) == (None, None, None)
    assert set(rating.officers.all()) == {w.counter, w.specialist, w.leader}
    assert online_rating_of(dossier=dossier) == rating
    assert AuditEntry.objects.filter(action="rating.record").count() == 1
    before = _rows()
    with pytest.raises(ConflictError) as again:
        rating_record_online(actor=w.an.user, dossier=dossier, level="neutral", at=AFTER)
    assert again.value.code == "already_rated"
    assert _rows() == before


def test_the_handlers_are_the_staff_of_the_steps_and_the_history(w):
    dossier = dossier_in(w, "returned")
    assert dossier_handlers(dossier=dossier) == sorted([w.counter.pk, w.specialist.pk, w.leader.pk])
    submitted = dossier_in(w, "submitted")
    assert dossier_handlers(dossier=submitted) == []  # only the applicant acted


@pytest.mark.parametrize("who", ["binh", "counter", "leader"])
def test_nobody_but_the_owner_rates(w, who):
    dossier = dossier_in(w, "returned")
    actor = w.binh.user if who == "binh" else getattr(w, who)
    before = _rows()
    with pytest.raises(PermissionDeniedError):
        rating_record_online(actor=actor, dossier=dossier, level="satisfied", at=AFTER)
    assert _rows() == before


@pytest.mark.parametrize("status", ["submitted", "received", "in_progress", "stopped", "refused"])
def test_nothing_to_rate_before_the_return(w, status):
    dossier = dossier_in(w, status)
    before = _rows()
    with pytest.raises(ConflictError) as refused:
        rating_record_online(actor=w.an.user, dossier=dossier, level="satisfied", at=AFTER)
    assert refused.value.code == "nothing_to_rate"
    assert _rows() == before


@pytest.mark.parametrize(
    ("level", "comment", "code"),
    [
        ("excellent", "", "invalid_level"),
        ("", "", "invalid_level"),
        ("satisfied", "x" * 5000, "invalid_comment"),
        ("satisfied", "a\x00b", "invalid_comment"),
    ],
)
def test_a_wrong_answer_is_refused(w, level, comment, code):
    dossier = dossier_in(w, "returned")
    before = _rows()
    with pytest.raises(InvalidInputError) as refused:
        rating_record_online(
            actor=w.an.user, dossier=dossier, level=level, comment=comment, at=AFTER
        )
    assert refused.value.code == code
    assert _rows() == before


def test_the_database_holds_one_online_rating_per_dossier(w):
    dossier = dossier_in(w, "returned")
    Rating.objects.create(dossier=dossier, level="satisfied", channel="online", created_at=AFTER)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(dossier=dossier, level="neutral", channel="online", created_at=AFTER)
