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


class WorkerHeartbeat(models.Model):
    """One row per running ``motcua worker`` process, touched every few seconds.

    A worker whose row is older than ``MOTCUA_WORKER_STALE_SECONDS`` is presumed dead:
    the tasks it was running are put back in the queue, and ``/healthz`` no longer
    counts it (issue 6 §5, §6)."""

    worker_id = models.CharField("mã tiến trình", max_length=64, primary_key=True)
    host = models.CharField("máy chủ", max_length=255)
    pid = models.PositiveIntegerField("số tiến trình")
    started_at = models.DateTimeField("khởi động lúc")
    last_seen_at = models.DateTimeField("hoạt động lần cuối", db_index=True)

    class Meta:
        verbose_name = "tiến trình nền"
        verbose_name_plural = "tiến trình nền"
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}, pid {self.pid})"


class PeriodicRun(models.Model):
    """A periodic job's claim on one time slot (``PERIODIC_TASKS``).

    The unique (task, slot) pair is the lock that makes the schedule safe with any
    number of workers on any number of machines: of the workers that try to insert a
    slot's row, exactly one succeeds, and only that one enqueues the job."""

    task = models.CharField("công việc", max_length=200)
    slot = models.DateTimeField("khung giờ")
    enqueued_at = models.DateTimeField("đưa vào hàng đợi lúc")
    worker_id = models.CharField("tiến trình đặt lịch", max_length=64)
    # No foreign key: finished task results are pruned before these rows are.
    task_result_id = models.UUIDField("mã kết quả công việc", null=True, blank=True)

    class Meta:
        verbose_name = "lần chạy định kỳ"
        verbose_name_plural = "lần chạy định kỳ"
        constraints = [
            models.UniqueConstraint(fields=["task", "slot"], name="periodic_run_once_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.task} @ {self.slot:%Y-%m-%d %H:%M:%S}"
