"""The outbox, the editable message templates and each person's channel choices.

A message is a row written in the same transaction as the change that causes it
(issue 6 §1); the worker delivers it later through a channel plugin.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from motcua.core.models import TimeStampedModel
from motcua.notifications.constants import MessageStatus, TemplateKey


class Message(models.Model):
    """One message to one recipient on one channel (the outbox row)."""

    # Idempotency: one message per causing event, channel and recipient, so replaying
    # the event (or retrying its transaction) never sends twice.
    event_key = models.CharField("sự kiện gốc", max_length=200)
    channel = models.CharField("kênh", max_length=20)
    recipient = models.CharField("người nhận", max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản nhận",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
    )
    template = models.CharField("mẫu", max_length=40, choices=TemplateKey.choices)
    # What the message is about, for search and links (a dossier code, a task id).
    reference = models.CharField("liên quan", max_length=100, blank=True, db_index=True)
    subject = models.CharField("tiêu đề", max_length=300, blank=True)
    body = models.TextField("nội dung")
    status = models.CharField(
        "trạng thái", max_length=8, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField("số lần gửi", default=0)
    next_attempt_at = models.DateTimeField("gửi lần tới lúc")
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    sent_at = models.DateTimeField("gửi xong lúc", null=True, blank=True)
    provider_ref = models.CharField("mã của nhà cung cấp", max_length=200, blank=True)
    cost = models.PositiveIntegerField("chi phí (đồng)", default=0)
    segments = models.PositiveSmallIntegerField("số tin SMS", default=0)
    error = models.TextField("lỗi gần nhất", blank=True)
    # In-app notices only: when the person opened it.
    read_at = models.DateTimeField("đã xem lúc", null=True, blank=True)

    class Meta:
        verbose_name = "tin nhắn"
        verbose_name_plural = "hộp thư đi"
        constraints = [
            models.UniqueConstraint(
                fields=["event_key", "channel", "recipient"], name="message_once_per_event"
            ),
            models.CheckConstraint(
                condition=Q(status__in=MessageStatus.values), name="message_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=MessageStatus.SENT) | Q(sent_at__isnull=False),
                name="message_sent_has_time",
            ),
        ]
        indexes = [
            # The worker's queue: only rows still to send, in due order.
            models.Index(
                fields=["next_attempt_at", "id"],
                condition=Q(status__in=[MessageStatus.QUEUED, MessageStatus.FAILED]),
                name="message_due",
            ),
            models.Index(fields=["user", "channel", "-created_at"], name="message_user_inbox"),
            models.Index(fields=["status", "-created_at"], name="message_status_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} → {self.recipient}: {self.template} ({self.status})"


class MessageTemplate(TimeStampedModel):
    """Vietnamese text of one kind of message, editable by the administrator.

    ``channel`` blank is the text for every channel; a row for a channel (``sms``)
    overrides it there (short, unsigned-friendly wording).
    """

    key = models.CharField("loại thông báo", max_length=40, choices=TemplateKey.choices)
    channel = models.CharField("kênh", max_length=20, blank=True)
    subject = models.CharField("tiêu đề", max_length=300, blank=True)
    body = models.TextField("nội dung")
    is_active = models.BooleanField("đang dùng", default=True)

    class Meta:
        verbose_name = "mẫu thông báo"
        verbose_name_plural = "mẫu thông báo"
        constraints = [
            models.UniqueConstraint(fields=["key", "channel"], name="template_once_per_channel")
        ]
        ordering = ["key", "channel"]

    def __str__(self) -> str:
        return f"{self.get_key_display()} ({self.channel or 'mọi kênh'})"


class ContactPreference(TimeStampedModel):
    """The channels a person chose to be told on (issue 6 §3).

    No row means the defaults: SMS and email when the address is known, in-app always.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        on_delete=models.CASCADE,
        related_name="contact_preference",
    )
    sms = models.BooleanField("nhận tin nhắn SMS", default=True)
    email = models.BooleanField("nhận thư điện tử", default=True)

    class Meta:
        verbose_name = "kênh nhận thông báo"
        verbose_name_plural = "kênh nhận thông báo"

    def __str__(self) -> str:
        return f"{self.user}: sms={self.sms} email={self.email}"
