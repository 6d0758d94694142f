"""The procedure catalog: a national procedure, its versions over time, and what each
version asks for (DOMAIN.md §13). A dossier keeps the version it was received under."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models
from django.db.models import F, Q

from motcua.accounts.models import Role
from motcua.agencies.models import Agency
from motcua.catalog.constants import (
    ComponentForm,
    FeeCollectionPoint,
    FeeKind,
    OnlineMode,
    ParticipantRole,
    ProcedureLevel,
    ResultType,
    TimeUnit,
    VersionStatus,
)
from motcua.core.models import TimeStampedModel
from motcua.core.text import fold


class Field(models.Model):
    """A field or sector (lĩnh vực), e.g. Hộ tịch, Xây dựng, Đất đai."""

    code = models.CharField("mã lĩnh vực", max_length=40, unique=True)
    name = models.CharField("tên lĩnh vực", max_length=200)

    class Meta:
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(TimeStampedModel):
    """A procedure of the National TTHC Database, by its national code (mã TTHC)."""

    code = models.CharField("mã thủ tục", max_length=40, unique=True)
    name = models.CharField("tên thủ tục", max_length=500)
    field = models.ForeignKey(
        Field, verbose_name="lĩnh vực", on_delete=models.PROTECT, related_name="procedures"
    )
    level = models.CharField("cấp thực hiện", max_length=16, choices=ProcedureLevel.choices)
    # Folded copy of code and name for diacritic-insensitive search (core.text.fold); a
    # derived column like a generated one, kept in step by save().
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.name} {self.code}")
        super().save(*args, **kwargs)


class ProcedureVersion(TimeStampedModel):
    """One published text of a procedure. Immutable once published: a change is a new
    version (services enforce it). In force on a date when published (or since
    superseded/abolished) and effective_from ≤ date < effective_to."""

    procedure = models.ForeignKey(
        Procedure, verbose_name="thủ tục", on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField("phiên bản số")
    status = models.CharField(
        "trạng thái", max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    publication_decision = models.CharField(
        "quyết định công bố", max_length=200, blank=True, help_text="Ví dụ: 1234/QĐ-UBND"
    )
    publication_date = models.DateField("ngày quyết định công bố", null=True, blank=True)
    effective_from = models.DateField("áp dụng từ", null=True, blank=True)
    effective_to = models.DateField("áp dụng đến (không gồm)", null=True, blank=True)
    published_at = models.DateTimeField("công bố trên hệ thống lúc", null=True, blank=True)

    agencies = models.ManyToManyField(
        Agency,
        verbose_name="cơ quan thực hiện",
        related_name="procedure_versions",
        blank=True,
        help_text="Cơ quan giải quyết; với thủ tục cấp xã là UBND các xã áp dụng.",
    )
    deciding_authority = models.CharField(
        "cơ quan có thẩm quyền quyết định", max_length=300, blank=True
    )
    applicants = models.TextField("đối tượng thực hiện", blank=True)
    requirements = models.TextField("yêu cầu, điều kiện thực hiện", blank=True)
    steps_description = models.TextField("trình tự thực hiện", blank=True)

    time_limit_value = models.DecimalField(
        "thời hạn giải quyết", max_digits=6, decimal_places=2, default=Decimal(0)
    )
    time_limit_unit = models.CharField(
        "đơn vị thời hạn", max_length=16, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAYS
    )
    time_limit_note = models.CharField("ghi chú thời hạn", max_length=300, blank=True)
    # DOMAIN.md §4: paper received after 15:00 starts next working day; online received
    # outside hours or within 60 minutes of closing starts at the next opening (Decree
    # 297/2025). Both configurable per version; empty means no cut-off.
    counter_cutoff = models.TimeField(
        "giờ chốt tiếp nhận trực tiếp", null=True, blank=True, default=dt.time(15, 0)
    )
    online_cutoff_minutes = models.PositiveIntegerField(
        "chốt trực tuyến (phút trước giờ đóng cửa)", null=True, blank=True, default=60
    )

    online_mode = models.CharField(
        "mức độ trực tuyến", max_length=16, choices=OnlineMode.choices, default=OnlineMode.NONE
    )
    on_the_spot = models.BooleanField(
        "giải quyết tại chỗ", default=False, help_text="'5 tại chỗ': giải quyết ngay tại quầy."
    )
    result_type = models.CharField(
        "hình thức kết quả", max_length=24, choices=ResultType.choices, default=ResultType.PAPER
    )
    result_name = models.CharField("kết quả thực hiện", max_length=500, blank=True)
    fee_collection_point = models.CharField(
        "thời điểm thu phí",
        max_length=16,
        choices=FeeCollectionPoint.choices,
        default=FeeCollectionPoint.AT_RECEIPT,
    )
    # The declaration as structured fields (catalog.eforms: format and checks). Part of
    # the version, so a dossier's answers are checked against the form it was filed on.
    eform_schema = models.JSONField("tờ khai điện tử", default=list, blank=True)

    class Meta:
        verbose_name = "phiên bản thủ tục"
        verbose_name_plural = "phiên bản thủ tục"
        ordering = ["procedure", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "number"], name="procedure_version_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=VersionStatus.values), name="procedure_version_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=VersionStatus.DRAFT) | Q(effective_from__isnull=False),
                name="procedure_version_published_has_effective_from",
            ),
            models.CheckConstraint(
                condition=Q(status=VersionStatus.DRAFT) | Q(published_at__isnull=False),
                name="procedure_version_published_has_published_at",
            ),
            # An empty range (effective_to = effective_from) is a version superseded or
            # abolished before it took effect: it is never in force.
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="procedure_version_effective_range",
            ),
            models.CheckConstraint(
                condition=Q(time_limit_value__gte=0), name="procedure_version_time_limit_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number}"

    @property
    def time_limit_text(self) -> str:
        """The time limit as the catalogue writes it: "10 ngày làm việc", "Trong ngày"."""
        if self.time_limit_unit == TimeUnit.SAME_DAY:
            return "Trong ngày"
        value = f"{self.time_limit_value.normalize():f}".replace(".", ",")
        return f"{value} {TimeUnit(self.time_limit_unit).label}"


class LegalBasis(models.Model):
    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="legal_bases"
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    number = models.CharField("số ký hiệu", max_length=80, help_text="Ví dụ: 60/2014/QH13")
    title = models.CharField("trích yếu", max_length=500)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    effective_from = models.DateField("ngày có hiệu lực", null=True, blank=True)

    class Meta:
        verbose_name = "căn cứ pháp lý"
        verbose_name_plural = "căn cứ pháp lý"
        ordering = ["version", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.number} – {self.title}"


class RequiredComponent(models.Model):
    """One paper of the dossier (thành phần hồ sơ) and how it must be presented."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="components"
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    name = models.CharField("tên giấy tờ", max_length=500)
    form = models.CharField("hình thức", max_length=16, choices=ComponentForm.choices)
    count = models.PositiveSmallIntegerField("số lượng", default=1)
    mandatory = models.BooleanField("bắt buộc", default=True)
    note = models.TextField("ghi chú", blank=True)
    template_name = models.CharField("mẫu đơn, tờ khai", max_length=300, blank=True)
    template_file = models.FileField("tệp mẫu đơn", upload_to="catalog/templates/", blank=True)
    reusable_from_database = models.BooleanField(
        "khai thác từ cơ sở dữ liệu",
        default=False,
        help_text="Không yêu cầu nộp nếu đã có trong CSDL quốc gia hoặc kho dữ liệu.",
    )

    class Meta:
        verbose_name = "thành phần hồ sơ"
        verbose_name_plural = "thành phần hồ sơ"
        ordering = ["version", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=1), name="component_count_positive")
        ]

    def __str__(self) -> str:
        return self.name


class ExemptionCategory(models.Model):
    """Who is exempt from or pays a reduced fee (người có công, hộ nghèo...)."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("đối tượng miễn, giảm", max_length=300)

    class Meta:
        verbose_name = "đối tượng miễn, giảm phí"
        verbose_name_plural = "đối tượng miễn, giảm phí"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FeeLine(models.Model):
    """A fee or charge in integer đồng (DESIGN.md: money is integer đồng)."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="fees")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    name = models.CharField("tên khoản thu", max_length=300)
    kind = models.CharField("loại", max_length=8, choices=FeeKind.choices)
    amount = models.PositiveBigIntegerField("mức thu (đồng)")
    online_amount = models.PositiveBigIntegerField(
        "mức thu khi nộp trực tuyến (đồng)", null=True, blank=True
    )
    unit_note = models.CharField("đơn vị tính", max_length=120, blank=True)
    legal_basis = models.CharField("căn cứ thu", max_length=300, blank=True)
    exemptions = models.ManyToManyField(
        ExemptionCategory, verbose_name="đối tượng miễn", blank=True, related_name="fee_lines"
    )

    class Meta:
        verbose_name = "phí, lệ phí"
        verbose_name_plural = "phí, lệ phí"
        ordering = ["version", "order", "pk"]
        constraints = [
            # The online amount is a discount for filing online (DOMAIN.md §12), never a
            # surcharge.
            models.CheckConstraint(
                condition=Q(online_amount__isnull=True) | Q(online_amount__lte=F("amount")),
                name="fee_online_amount_not_above_amount",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount:,} đồng"


class Participant(models.Model):
    """An agency taking part in an inter-agency (liên thông) procedure, with its own
    time budget (DOMAIN.md §2.4)."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="participants"
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    role = models.CharField("vai trò", max_length=16, choices=ParticipantRole.choices)
    agency = models.ForeignKey(
        Agency,
        verbose_name="cơ quan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
    )
    agency_description = models.CharField(
        "mô tả cơ quan",
        max_length=300,
        blank=True,
        help_text="Khi không cố định một cơ quan, ví dụ 'Cơ quan thuế nơi có đất'.",
    )
    budget = models.DecimalField(
        "thời hạn của cơ quan",
        max_digits=6,
        decimal_places=2,
        help_text="Cùng đơn vị với thời hạn giải quyết của thủ tục.",
    )

    class Meta:
        verbose_name = "cơ quan liên thông"
        verbose_name_plural = "cơ quan liên thông"
        ordering = ["version", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=False) | ~Q(agency_description=""),
                name="participant_names_an_agency",
            ),
            models.CheckConstraint(condition=Q(budget__gte=0), name="participant_budget_positive"),
            # One lead agency (cơ quan chủ trì) per inter-agency procedure (DOMAIN.md §2.4).
            models.UniqueConstraint(
                fields=["version"],
                condition=Q(role=ParticipantRole.LEAD),
                name="participant_one_lead_per_version",
            ),
        ]

    def __str__(self) -> str:
        return str(self.agency or self.agency_description)


class ProcessStep(models.Model):
    """One step of the internal procedure (quy trình nội bộ), who performs it and its
    time budget in the version's time unit. Budgets add up to the time limit."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField("thứ tự")
    name = models.CharField("tên bước", max_length=300)
    role = models.ForeignKey(
        Role,
        verbose_name="vai trò thực hiện",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    performer = models.CharField(
        "đơn vị/người thực hiện",
        max_length=300,
        blank=True,
        help_text="Ví dụ: 'Phòng Quản lý xây dựng', 'Lãnh đạo Sở'.",
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name="thuộc cơ quan liên thông",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="steps",
    )
    budget = models.DecimalField("thời gian thực hiện", max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = "bước xử lý"
        verbose_name_plural = "bước xử lý"
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="process_step_order_unique"),
            models.CheckConstraint(condition=Q(budget__gte=0), name="process_step_budget_positive"),
            models.CheckConstraint(
                condition=Q(role__isnull=False) | ~Q(performer=""),
                name="process_step_names_performer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"
