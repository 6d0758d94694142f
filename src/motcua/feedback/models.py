"""Ratings of the service, what a counter's kiosk screen asks now, and the feedback and
complaints people send (phản ánh, kiến nghị)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from motcua.agencies.models import Agency, OneStopUnit
from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier
from motcua.feedback.constants import (
    ANSWERED_STATES,
    ComplaintAction,
    ComplaintKind,
    ComplaintStatus,
    Occasion,
    RatingChannel,
    RatingLevel,
    Vote,
)

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


class ComplaintCodeSequence(models.Model):
    """The daily running number of PAKN codes (``PAKN-<YYMMDD>-<NNNN>``), incremented in
    the sending transaction like the dossier codes: no gaps, no duplicates."""

    day = models.DateField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day}: {self.last}"


class Complaint(models.Model):
    """One feedback or complaint (phản ánh, kiến nghị) sent to an agency by anyone, with
    its deadlines (Decision 766 indicator 5.2, computed on the working calendar when it
    is received and stored), the handler's answer and the sender's vote on it. A
    follow-up ("phản ánh tiếp") points at the item it continues."""

    code = models.CharField("số phản ánh", max_length=20, unique=True)
    kind = models.CharField("loại", max_length=16, choices=ComplaintKind.choices)
    status = models.CharField(
        "trạng thái",
        max_length=24,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.RECEIVED,
    )
    agency = models.ForeignKey(
        Agency, verbose_name="cơ quan tiếp nhận", on_delete=models.PROTECT, related_name="+"
    )
    procedure = models.ForeignKey(
        Procedure,
        verbose_name="thủ tục liên quan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    follows = models.OneToOneField(
        "self",
        verbose_name="phản ánh tiếp của",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_up",
    )
    title = models.CharField("tiêu đề", max_length=200)
    content = models.TextField("nội dung")
    sender_name = models.CharField("người gửi", max_length=200)
    sender_phone = models.CharField("điện thoại", max_length=20, blank=True)
    sender_email = models.EmailField("thư điện tử", blank=True)
    sender_user = models.ForeignKey(
        _User,
        verbose_name="tài khoản người gửi",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    received_at = models.DateTimeField("nhận lúc")
    accept_due_at = models.DateTimeField("hạn tiếp nhận hoặc từ chối")
    info_due_at = models.DateTimeField("hạn đề nghị bổ sung")
    answer_due_at = models.DateTimeField("hạn trả lời")
    publish_due_at = models.DateTimeField("hạn công khai", null=True, blank=True)
    accepted_at = models.DateTimeField("tiếp nhận lúc", null=True, blank=True)
    refused_at = models.DateTimeField("từ chối lúc", null=True, blank=True)
    refusal_reason = models.TextField("lý do từ chối", blank=True)
    info_request = models.TextField("nội dung đề nghị bổ sung", blank=True)
    info_requested_at = models.DateTimeField("đề nghị bổ sung lúc", null=True, blank=True)
    info_reply = models.TextField("thông tin người gửi bổ sung", blank=True)
    answer = models.TextField("nội dung trả lời", blank=True)
    answered_at = models.DateTimeField("trả lời lúc", null=True, blank=True)
    answered_by = models.ForeignKey(
        _User,
        verbose_name="cán bộ trả lời",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField("công khai lúc", null=True, blank=True)
    vote = models.CharField(
        "đánh giá của người gửi", max_length=8, choices=Vote.choices, blank=True
    )
    voted_at = models.DateTimeField("đánh giá lúc", null=True, blank=True)
    # Folded title, content and answer for diacritic-insensitive search of the
    # published answers (core.text.fold), written by the services.
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = "phản ánh, kiến nghị"
        verbose_name_plural = "phản ánh, kiến nghị"
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(
                fields=["agency", "status", "received_at"], name="complaint_agency_status"
            ),
            models.Index(fields=["status", "published_at"], name="complaint_published"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ComplaintStatus.values), name="complaint_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ComplaintKind.values), name="complaint_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(sender_phone="") | ~Q(sender_email=""),
                name="complaint_sender_reachable",
            ),
            models.CheckConstraint(
                condition=Q(accept_due_at__gte=F("received_at"))
                & Q(info_due_at__gte=F("accept_due_at"))
                & Q(answer_due_at__gte=F("info_due_at")),
                name="complaint_deadlines_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status=ComplaintStatus.REFUSED)
                | (Q(refused_at__isnull=False) & ~Q(refusal_reason="")),
                name="complaint_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=ANSWERED_STATES)
                | Q(answered_at__isnull=False, publish_due_at__isnull=False) & ~Q(answer=""),
                name="complaint_answered_has_answer",
            ),
            models.CheckConstraint(
                condition=~Q(status=ComplaintStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="complaint_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(vote="", voted_at__isnull=True)
                | Q(vote__in=Vote.values, voted_at__isnull=False, status__in=ANSWERED_STATES),
                name="complaint_vote_on_answer",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class ComplaintEvent(models.Model):
    """One step in a complaint's life (who, when, what); appended, never edited."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("lúc")
    actor = models.ForeignKey(
        _User,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField("thao tác", max_length=16, choices=ComplaintAction.choices)
    from_status = models.CharField("từ trạng thái", max_length=24, blank=True)
    to_status = models.CharField("sang trạng thái", max_length=24)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "diễn biến phản ánh, kiến nghị"
        verbose_name_plural = "diễn biến phản ánh, kiến nghị"
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=ComplaintAction.values), name="complaint_event_action_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.action}"


class ComplaintFile(models.Model):
    """An attachment of the sender (PDF, PNG or JPEG, checked by content), stored under
    its content hash like a dossier's files."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="files")
    file = models.FileField("tệp", upload_to="complaints/", max_length=200)
    name = models.CharField("tên tệp", max_length=200)
    content_type = models.CharField("loại tệp", max_length=40)
    size = models.PositiveIntegerField("dung lượng")
    sha256 = models.CharField(max_length=64)
    added_at = models.DateTimeField("gửi lúc")

    class Meta:
        verbose_name = "tệp đính kèm phản ánh"
        verbose_name_plural = "tệp đính kèm phản ánh"
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return self.name


class ComplaintAttempt(models.Model):
    """A send, or a failed lookup, from one source (a keyed hash of the address, never
    the address itself): the portal's rate limit counts these rows, so it holds across
    any number of server processes."""

    class Kind(models.TextChoices):
        SEND = "send", "gửi"
        LOOKUP_FAILED = "lookup_failed", "tra cứu sai"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    source = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["source", "kind", "at"], name="complaint_attempt_source")]

    def __str__(self) -> str:
        return f"{self.kind} {self.at}"
