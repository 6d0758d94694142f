"""Base models shared by every app, and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """Who did what to which object, appended by services; never edited."""

    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField("hành động", max_length=80)
    object_type = models.CharField("loại đối tượng", max_length=80)
    object_id = models.CharField("mã đối tượng", max_length=64)
    detail = models.JSONField("chi tiết", default=dict, blank=True)

    class Meta:
        verbose_name = "nhật ký hệ thống"
        verbose_name_plural = "nhật ký hệ thống"
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"
