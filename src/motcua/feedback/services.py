"""Writes of the ratings: at the counter, the officer opens a prompt for the person in
front of them and the kiosk records their answer (project issue 4, point 8); on the
portal, the applicant rates their returned dossier once (project issue 5 §6)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.core.exceptions import ConflictError, InvalidInputError, PermissionDeniedError
from motcua.core.services import audit_record
from motcua.core.text import nfc
from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.feedback.constants import COMMENT_MAX_LENGTH, Occasion, RatingChannel, RatingLevel
from motcua.feedback.models import KioskPrompt, Rating, RatingOfficer
from motcua.feedback.selectors import dossier_handlers, kiosk_prompt_current, occasion_of
from motcua.workflow.permissions import is_counter_officer_at


def _answer_check(level: str, comment: str) -> str:
    """The comment as stored, once the level and the comment are acceptable."""
    if level not in RatingLevel.values:
        raise InvalidInputError(
            "Mức đánh giá phải là Rất hài lòng, Hài lòng, Bình thường hoặc Không hài lòng "
            "(unknown level).",
            code="invalid_level",
            detail={"level": level[:40]},
        )
    comment = nfc(comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH or any(ord(c) < 32 and c not in "\n\t" for c in comment):
        raise InvalidInputError(
            f"Góp ý dài quá {COMMENT_MAX_LENGTH} ký tự hoặc chứa ký tự không hợp lệ "
            "(comment too long or invalid).",
            code="invalid_comment",
        )
    return comment


def _counter_of(actor: Any, one_stop_unit: Any) -> bool:
    return is_counter_officer_at(
        actor, one_stop_unit_id=one_stop_unit.pk, agency_id=one_stop_unit.agency_id
    )


@transaction.atomic
def kiosk_prompt_open(
    *, actor: Any, dossier: Dossier, at: dt.datetime | None = None
) -> KioskPrompt:
    """Ask the person just served to rate it on the unit's kiosk screen: the counter
    officer of the receiving unit, after the receipt or the return of the dossier,
    once per occasion. A newer prompt of the unit replaces an unanswered one."""
    at = at or timezone.now()
    unit = dossier.receiving_unit
    if not _counter_of(actor, unit):
        raise PermissionDeniedError(
            "Chỉ cán bộ một cửa của bộ phận tiếp nhận hồ sơ mới mời đánh giá được "
            "(only the receiving unit's counter officer).",
        )
    occasion = occasion_of(dossier)
    if occasion is None:
        raise ConflictError(
            "Chỉ mời đánh giá sau khi tiếp nhận hoặc trả kết quả hồ sơ "
            "(only after receipt or return).",
            code="nothing_to_rate",
            detail={"status": dossier.status},
        )
    if Rating.objects.filter(
        dossier=dossier, occasion=occasion, channel=RatingChannel.COUNTER
    ).exists():
        raise ConflictError(
            f"Người dân đã đánh giá lần “{Occasion(occasion).label.lower()}” của hồ sơ này "
            "(already rated).",
            code="already_rated",
        )
    prompt = KioskPrompt.objects.create(
        one_stop_unit=unit, dossier=dossier, officer=actor, occasion=occasion, opened_at=at
    )
    audit_record(
        actor=actor,
        action="rating.prompt",
        obj=prompt,
        detail={"code": dossier.code, "occasion": occasion},
    )
    return prompt


@transaction.atomic
def rating_record(
    *,
    actor: Any,
    prompt: KioskPrompt,
    level: str,
    comment: str = "",
    at: dt.datetime | None = None,
) -> Rating:
    """The person's answer on the kiosk (signed in as a counter officer of the prompt's
    unit): stored with the dossier, the officer who served them, the unit and the
    channel "counter". Only the unit's current prompt can be answered, once."""
    at = at or timezone.now()
    prompt = (
        KioskPrompt.objects.select_for_update()
        .select_related("one_stop_unit", "dossier")
        .get(pk=prompt.pk)
    )
    if not _counter_of(actor, prompt.one_stop_unit):
        raise PermissionDeniedError(
            "Màn hình đánh giá này không thuộc bộ phận một cửa của bạn "
            "(prompt of another one-stop unit).",
        )
    comment = _answer_check(level, comment)
    if prompt.answered_at is not None:
        raise ConflictError(
            "Lượt đánh giá này đã được ghi nhận (already answered).", code="already_answered"
        )
    current = kiosk_prompt_current(one_stop_unit=prompt.one_stop_unit, now=at)
    if current is None or current.pk != prompt.pk:
        raise ConflictError(
            "Lời mời đánh giá đã hết hạn (prompt expired or replaced).", code="prompt_expired"
        )
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                dossier=prompt.dossier,
                level=level,
                channel=RatingChannel.COUNTER,
                occasion=prompt.occasion,
                officer_id=prompt.officer_id,
                one_stop_unit=prompt.one_stop_unit,
                prompt=prompt,
                comment=comment,
                created_at=at,
            )
    except IntegrityError as exc:
        raise ConflictError(
            "Người dân đã đánh giá lần này của hồ sơ (already rated).", code="already_rated"
        ) from exc
    RatingOfficer.objects.create(rating=rating, officer_id=prompt.officer_id)
    prompt.answered_at = at
    prompt.save(update_fields=["answered_at"])
    audit_record(
        actor=actor,
        action="rating.record",
        obj=rating,
        detail={"code": prompt.dossier.code, "level": level, "occasion": prompt.occasion},
    )
    return rating


@transaction.atomic
def rating_record_online(
    *,
    actor: Any,
    dossier: Dossier,
    level: str,
    comment: str = "",
    at: dt.datetime | None = None,
) -> Rating:
    """The applicant's own rating of their dossier on the portal, once its result was
    returned (seed 003: satisfaction as the measure; DOMAIN.md §2.8), at most once per
    dossier. It is about every officer who handled the dossier: the assignees of its
    steps and the staff who acted on it (``RatingOfficer``)."""
    at = at or timezone.now()
    # The dossier row is locked so that two tabs rating at once queue here; the unique
    # constraint holds even without it.
    dossier = Dossier.objects.select_for_update(of=("self",)).get(pk=dossier.pk)
    if not (getattr(actor, "pk", None) and actor.is_active and dossier.owner_id == actor.pk):
        raise PermissionDeniedError(
            "Chỉ chủ hồ sơ mới đánh giá được hồ sơ này (only the dossier's owner)."
        )
    if dossier.status != DossierStatus.RETURNED:
        raise ConflictError(
            "Hồ sơ chưa trả kết quả: ông/bà đánh giá được sau khi nhận kết quả "
            "(only after the result is returned).",
            code="nothing_to_rate",
            detail={"status": dossier.status},
        )
    comment = _answer_check(level, comment)
    already = ConflictError(
        "Ông/bà đã đánh giá hồ sơ này; mỗi hồ sơ được đánh giá trực tuyến một lần (already rated).",
        code="already_rated",
    )
    if Rating.objects.filter(dossier=dossier, channel=RatingChannel.ONLINE).exists():
        raise already
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                dossier=dossier,
                level=level,
                channel=RatingChannel.ONLINE,
                comment=comment,
                created_at=at,
            )
    except IntegrityError as exc:
        raise already from exc
    RatingOfficer.objects.bulk_create(
        [RatingOfficer(rating=rating, officer_id=pk) for pk in dossier_handlers(dossier=dossier)]
    )
    audit_record(
        actor=actor,
        action="rating.record",
        obj=rating,
        detail={"code": dossier.code, "level": level, "channel": RatingChannel.ONLINE},
    )
    return rating
