"""Ratings of the service, and what a counter's kiosk screen asks now."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from motcua.agencies.models import OneStopUnit
from motcua.dossiers.models import Dossier
from motcua.feedback.constants import Occasion, RatingChannel, RatingLevel

if TYPE_CHECKING:
    from motcua.accounts.models import User

_User = settings.AUTH_USER_MODEL


class KioskPrompt(models.Model):
    """The counter officer asks the person in front of them to rate the service: the
    kiosk screen of the one-stop unit shows the dossier just handled until it is
    answered, superseded by a newer prompt, or older than ``PROMPT_LIFETIME``."""

    one_stop_unit = models.ForeignKey(
        OneStopUnit, verbose_name="bộ phận một cửa", on_delete=models.PROTECT, related_name="+"
    )
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="kiosk_prompts")
    officer = models.ForeignKey(
        _User, verbose_name="cán bộ", on_delete=models.PROTECT, related_name="+"
    )
    occasion = models.CharField("lần tiếp xúc", max_length=8, choices=Occasion.choices)
    opened_at = models.DateTimeField("mời lúc")
    answered_at = models.DateTimeField("trả lời lúc", null=True, blank=True)

    class Meta:
        verbose_name = "lời mời đánh giá tại quầy"
        verbose_name_plural = "lời mời đánh giá tại quầy"
        ordering = ["-opened_at", "-pk"]
        indexes = [
            # The kiosk polls its unit's latest prompt every few seconds.
            models.Index(fields=["one_stop_unit", "opened_at"], name="kiosk_prompt_unit_opened"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(occasion__in=Occasion.values), name="kiosk_prompt_occasion_valid"
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(answered_at__gte=F("opened_at")),
                name="kiosk_prompt_answered_after_opened",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.one_stop_unit_id}: {self.dossier_id} ({self.occasion})"


class Rating(models.Model):
    """One answer of the person served. At the counter it names the officer, the
    one-stop unit and the occasion, and there is at most one per dossier and occasion
    (receipt, return): a second tap, or a second prompt, cannot count the same visit
    twice. Online ratings (the portal, after the result is returned) have no prompt and
    no single officer: one per dossier, linked to every officer who handled it
    (``RatingOfficer``; issue 5 §6)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="ratings")
    level = models.CharField("mức độ hài lòng", max_length=16, choices=RatingLevel.choices)
    channel = models.CharField("kênh đánh giá", max_length=8, choices=RatingChannel.choices)
    occasion = models.CharField("lần tiếp xúc", max_length=8, choices=Occasion.choices, blank=True)
    officer = models.ForeignKey(
        _User,
        verbose_name="cán bộ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    one_stop_unit = models.ForeignKey(
        OneStopUnit,
        verbose_name="bộ phận một cửa",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    prompt = models.OneToOneField(
        KioskPrompt, null=True, blank=True, on_delete=models.PROTECT, related_name="rating"
    )
    comment = models.TextField("góp ý", blank=True)
    created_at = models.DateTimeField("đánh giá lúc")
    # Who the rating is about (DOMAIN.md §9: ratings per officer): at the counter the
    # officer who served; online, everyone who worked on the dossier.
    officers: models.ManyToManyField[User, RatingOfficer] = models.ManyToManyField(
        _User, through="RatingOfficer", related_name="+", verbose_name="cán bộ xử lý"
    )

    class Meta:
        verbose_name = "đánh giá mức độ hài lòng"
        verbose_name_plural = "đánh giá mức độ hài lòng"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["one_stop_unit", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=RatingLevel.values), name="rating_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=RatingChannel.values), name="rating_channel_valid"
            ),
            models.CheckConstraint(
                condition=~Q(channel=RatingChannel.COUNTER)
                | Q(
                    officer__isnull=False,
                    one_stop_unit__isnull=False,
                    prompt__isnull=False,
                    occasion__in=Occasion.values,
                ),
                name="rating_counter_names_who_and_where",
            ),
            models.UniqueConstraint(
                fields=["dossier", "occasion"],
                condition=Q(channel=RatingChannel.COUNTER),
                name="rating_counter_once_per_occasion",
            ),
            # The applicant rates the dossier online once (issue 5 §6).
            models.UniqueConstraint(
                fields=["dossier"],
                condition=Q(channel=RatingChannel.ONLINE),
                name="rating_online_once_per_dossier",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.level}"


class RatingOfficer(models.Model):
    """An officer a rating is about: written with the rating, from the dossier's steps
    (their assignees) and history (the staff who acted on it), so that an officer's
    satisfaction rate counts every dossier they handled (DOMAIN.md §9)."""

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="officer_links")
    officer = models.ForeignKey(
        _User, verbose_name="cán bộ", on_delete=models.PROTECT, related_name="rating_links"
    )

    class Meta:
        verbose_name = "cán bộ được đánh giá"
        verbose_name_plural = "cán bộ được đánh giá"
        # An officer's ratings, read by the reports.
        indexes = [models.Index(fields=["officer", "rating"], name="rating_officer_officer")]
        constraints = [
            models.UniqueConstraint(fields=["rating", "officer"], name="rating_officer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.rating_id}: {self.officer_id}"
