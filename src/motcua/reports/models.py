"""The report aggregates (issue 7 §1, §7; ADR 0007): what happened each local day to
the dossiers of one deciding agency, received at one one-stop unit, of one procedure,
by one channel. Every KPI of a period is a sum over these rows; the dashboard never
reads the dossier table. Written only by ``reports.services`` (the fold and the
rebuild)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from motcua.agencies.models import Agency, OneStopUnit
from motcua.catalog.models import Field, Procedure
from motcua.dossiers.constants import Channel


class DailyFlow(models.Model):
    """Counters of one day × deciding agency × receiving one-stop unit × procedure ×
    channel. The day is the local date (TIME_ZONE, Asia/Ho_Chi_Minh) of the event that
    counts: a dossier decided at 23:30 on the 31st counts in that month."""

    day = models.DateField("ngày")
    agency = models.ForeignKey(
        Agency, verbose_name="cơ quan giải quyết", on_delete=models.PROTECT, related_name="+"
    )
    one_stop_unit = models.ForeignKey(
        OneStopUnit, verbose_name="bộ phận tiếp nhận", on_delete=models.PROTECT, related_name="+"
    )
    procedure = models.ForeignKey(
        Procedure, verbose_name="thủ tục", on_delete=models.PROTECT, related_name="+"
    )
    # The procedure's field, copied when the row is made: a KPI by field then reads
    # this table alone.
    field = models.ForeignKey(
        Field, verbose_name="lĩnh vực", on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField("kênh nộp", max_length=8, choices=Channel.choices)

    # New dossiers (registered in the software, whatever their fate) and dossiers
    # received (the clock started, DOMAIN.md §2.2).
    submitted = models.PositiveIntegerField("đăng ký mới", default=0)
    received = models.PositiveIntegerField("tiếp nhận", default=0)
    # Received dossiers digitised at receipt: at least one scanned file by then
    # (Decree 118 Art. 17(1)(c); 766 indicator 4.2).
    digitised = models.PositiveIntegerField("số hóa khi tiếp nhận", default=0)
    # Decided (Đã xử lý xong), judged against the appointment (DOMAIN.md §4).
    resolved_early = models.PositiveIntegerField("giải quyết trước hạn", default=0)
    resolved_on_time = models.PositiveIntegerField("giải quyết đúng hạn", default=0)
    resolved_late = models.PositiveIntegerField("giải quyết quá hạn", default=0)
    # Working hours of the decided dossiers, from clock start to decision less the
    # pauses for the applicant, and of their legal time (clock start to the first
    # appointment), on the receiving unit's calendar: the "45% shorter" figure.
    processing_hours = models.DecimalField(
        "giờ làm việc giải quyết", max_digits=14, decimal_places=2, default=0
    )
    legal_hours = models.DecimalField(
        "giờ làm việc theo quy định", max_digits=14, decimal_places=2, default=0
    )
    returned = models.PositiveIntegerField("đã trả kết quả", default=0)
    refused = models.PositiveIntegerField("từ chối tiếp nhận", default=0)
    withdrawn = models.PositiveIntegerField("rút hồ sơ", default=0)
    stopped = models.PositiveIntegerField("dừng giải quyết", default=0)
    # Received dossiers that left the stock of work: decided, or stopped. With
    # ``received`` they give the dossiers in progress at any day's end.
    closed = models.PositiveIntegerField("kết thúc xử lý", default=0)
    supplement_requests = models.PositiveIntegerField("yêu cầu bổ sung", default=0)
    apologies = models.PositiveIntegerField("xin lỗi, hẹn lại", default=0)
    # Ratings given that day (feedback.Rating), and those "hài lòng" or better
    # (DOMAIN.md §9).
    ratings = models.PositiveIntegerField("lượt đánh giá", default=0)
    ratings_satisfied = models.PositiveIntegerField("lượt hài lòng", default=0)

    class Meta:
        verbose_name = "số liệu theo ngày"
        verbose_name_plural = "số liệu theo ngày"
        ordering = ["day", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "agency", "one_stop_unit", "procedure", "channel"],
                name="daily_flow_key_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=Channel.values), name="daily_flow_channel_valid"
            ),
        ]
        # A scope's rows for a period: a range of one of these.
        indexes = [
            models.Index(fields=["agency", "day"], name="daily_flow_agency_day"),
            models.Index(fields=["one_stop_unit", "day"], name="daily_flow_unit_day"),
            models.Index(fields=["procedure", "day"], name="daily_flow_procedure_day"),
            models.Index(fields=["field", "day"], name="daily_flow_field_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.agency_id}/{self.one_stop_unit_id}/{self.procedure_id}"


class FoldCursor(models.Model):
    """How far the fold has read one append-only table (``events``: DossierEvent,
    ``ratings``: Rating): every row with ``id ≤ folded_until`` is counted, none above.
    ``horizons`` holds the table's highest id as seen by earlier runs ([iso time, id]
    pairs): a run folds only up to an id seen at least the lag ago, so a transaction
    still open when that id was taken has ended (ADR 0007). The row is locked for the
    whole fold, so two workers never fold at once."""

    name = models.CharField("bảng", max_length=20, unique=True)
    folded_until = models.BigIntegerField("đã cộng đến id", default=0)
    horizons = models.JSONField("mốc đã thấy", default=list)
    ran_at = models.DateTimeField("chạy lần cuối lúc", null=True)

    class Meta:
        verbose_name = "mốc cộng dồn báo cáo"
        verbose_name_plural = "mốc cộng dồn báo cáo"

    def __str__(self) -> str:
        return f"{self.name}: {self.folded_until}"


class OfficerDailyFlow(models.Model):
    """An officer's day at one agency (issue 7 §3, the scorecard): the process steps
    they finished, judged against each step's due time (DOMAIN.md §4, per hand-off),
    and the ratings about them (a counter rating's officer; every handler of a dossier
    rated online, ``feedback.RatingOfficer``). A step is the officer's when assigned to
    them, else when they closed it (the first intake step, an unassigned decision)."""

    day = models.DateField("ngày")
    agency = models.ForeignKey(
        Agency, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="+"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="cán bộ", on_delete=models.PROTECT, related_name="+"
    )
    steps_early = models.PositiveIntegerField("bước xong trước hạn", default=0)
    steps_on_time = models.PositiveIntegerField("bước xong đúng hạn", default=0)
    steps_late = models.PositiveIntegerField("bước xong quá hạn", default=0)
    ratings = models.PositiveIntegerField("lượt đánh giá", default=0)
    ratings_satisfied = models.PositiveIntegerField("lượt hài lòng", default=0)

    class Meta:
        verbose_name = "số liệu cán bộ theo ngày"
        verbose_name_plural = "số liệu cán bộ theo ngày"
        ordering = ["day", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "agency", "officer"], name="officer_daily_flow_key_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["officer", "day"], name="officer_flow_officer_day"),
            models.Index(fields=["agency", "day"], name="officer_flow_agency_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.agency_id}/{self.officer_id}"
