"""Administrative divisions, agencies, their units, one-stop units and staff
assignments (DOMAIN.md §1, §10, §13)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from motcua.accounts.models import Role
from motcua.agencies.constants import (
    AGENCY_LEVELS_BY_KIND,
    DIVISION_TYPES_BY_LEVEL,
    AgencyKind,
    DivisionLevel,
    DivisionType,
    OneStopUnitKind,
)
from motcua.agencies.validators import (
    AGENCY_CODE_PATTERN,
    validate_agency_code,
    validate_local_code,
)
from motcua.core.models import TimeStampedModel


def _level_matches_type() -> Q:
    """Each division type belongs to one level (a ward is a commune-level unit...)."""
    condition = Q()
    for level, types in DIVISION_TYPES_BY_LEVEL.items():
        condition |= Q(level=level, division_type__in=types)
    return condition


def _kind_matches_level() -> Q:
    condition = Q()
    for kind, levels in AGENCY_LEVELS_BY_KIND.items():
        condition |= Q(kind=kind, level__in=levels)
    return condition


class AdministrativeUnit(models.Model):
    """A province, commune or (historical) district with its official code
    (Decision 19/2025/QĐ-TTg codes via ``vietnam-provinces``), effective-dated.

    Codes are reused across the 2025 reform: the new Vĩnh Long (86) carries the code of
    the old one, and a merged ward keeps the code of one of its predecessors. A code is
    therefore unique among current units, and per end date among historical ones."""

    code = models.CharField("mã đơn vị hành chính", max_length=10, db_index=True)
    name = models.CharField("tên", max_length=120)
    level = models.CharField("cấp", max_length=16, choices=DivisionLevel.choices)
    division_type = models.CharField("loại", max_length=24, choices=DivisionType.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="trực thuộc",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hết hiệu lực từ", null=True, blank=True)
    predecessors = models.ManyToManyField(
        "self",
        verbose_name="đơn vị trước sáp nhập",
        symmetrical=False,
        blank=True,
        related_name="successors",
    )

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gt=F("valid_from")),
                name="administrative_unit_valid_range",
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(valid_to__isnull=True),
                name="administrative_unit_code_unique_current",
                violation_error_message="Đã có đơn vị hành chính hiện hành mang mã này.",
            ),
            models.UniqueConstraint(
                fields=["code", "valid_to"], name="administrative_unit_code_unique_per_end"
            ),
            models.CheckConstraint(
                condition=_level_matches_type(),
                name="administrative_unit_type_fits_level",
                violation_error_message="Loại đơn vị hành chính không thuộc cấp đã chọn.",
            ),
            # A province stands alone; a district or commune lies in a province (or, before
            # 1/7/2025, a commune in a district).
            models.CheckConstraint(
                condition=Q(level=DivisionLevel.PROVINCE, parent__isnull=True)
                | (~Q(level=DivisionLevel.PROVINCE) & Q(parent__isnull=False)),
                name="administrative_unit_parent_by_level",
                violation_error_message="Cấp tỉnh không có đơn vị cấp trên; cấp huyện, cấp xã "
                "phải có đơn vị cấp trên.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_current(self, on: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on < self.valid_to
        )


class Agency(TimeStampedModel):
    """A state agency that decides procedures: ministry, provincial or commune People's
    Committee, department, vertical branch. ``code`` is its electronic identifier
    (mã định danh điện tử), the first part of every dossier code (DOMAIN.md §3)."""

    code = models.CharField(
        "mã định danh", max_length=40, unique=True, validators=[validate_agency_code]
    )
    name = models.CharField("tên cơ quan", max_length=300)
    short_name = models.CharField("tên viết tắt", max_length=100, blank=True)
    kind = models.CharField("loại cơ quan", max_length=32, choices=AgencyKind.choices)
    level = models.CharField("cấp", max_length=16, choices=DivisionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="cơ quan cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    administrative_unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name="địa bàn",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    one_stop_unit = models.ForeignKey(
        "OneStopUnit",
        verbose_name="bộ phận một cửa tiếp nhận chính",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="served_agencies",
        help_text="Nơi tiếp nhận hồ sơ mặc định của cơ quan (dùng để tính ngày hẹn trả).",
    )
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    phone = models.CharField("điện thoại", max_length=40, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    is_active = models.BooleanField("đang hoạt động", default=True)

    class Meta:
        verbose_name = "cơ quan"
        verbose_name_plural = "cơ quan"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AgencyKind.values), name="agency_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="agency_not_own_parent"),
            models.CheckConstraint(
                condition=Q(code__regex=AGENCY_CODE_PATTERN), name="agency_code_format"
            ),
            models.CheckConstraint(
                condition=_kind_matches_level(),
                name="agency_kind_fits_level",
                violation_error_message="Loại cơ quan không phù hợp với cấp đã chọn.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A unit inside an agency (phòng, ban, văn phòng)."""

    agency = models.ForeignKey(
        Agency, verbose_name="cơ quan", on_delete=models.CASCADE, related_name="units"
    )
    code = models.CharField("mã phòng/ban", max_length=40, validators=[validate_local_code])
    name = models.CharField("tên phòng/ban", max_length=300)
    is_active = models.BooleanField("đang hoạt động", default=True)

    class Meta:
        verbose_name = "phòng/ban"
        verbose_name_plural = "phòng/ban"
        ordering = ["agency", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="unit_code_unique_in_agency")
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.agency.short_name or self.agency.name}"


class OneStopUnit(TimeStampedModel):
    """Where dossiers are received and results returned: a ministry's reception desk, a
    provincial or commune Public Administration Service Centre, or one of its reception
    points (Decree 118/2025 Art. 7). Its office hours drive the working calendar."""

    code = models.CharField("mã", max_length=40, unique=True, validators=[validate_local_code])
    name = models.CharField("tên", max_length=300)
    kind = models.CharField("loại", max_length=24, choices=OneStopUnitKind.choices)
    agency = models.ForeignKey(
        Agency,
        verbose_name="cơ quan quản lý",
        on_delete=models.PROTECT,
        related_name="one_stop_units",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="trung tâm quản lý (với điểm tiếp nhận)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reception_points",
    )
    administrative_unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name="địa bàn",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="one_stop_units",
        help_text="Tỉnh hoặc xã nơi đặt bộ phận; quyết định lịch nghỉ riêng của địa phương.",
    )
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    phone = models.CharField("điện thoại", max_length=40, blank=True)
    # Defaults: Monday-Friday 07:30-11:30 and 13:00-17:00, 8 working hours a day
    # (DOMAIN.md §11; office hours are set by each province [U]).
    morning_start = models.TimeField("sáng từ", default=dt.time(7, 30))
    morning_end = models.TimeField("sáng đến", default=dt.time(11, 30))
    afternoon_start = models.TimeField("chiều từ", default=dt.time(13, 0))
    afternoon_end = models.TimeField("chiều đến", default=dt.time(17, 0))
    saturday_morning = models.BooleanField(
        "tiếp nhận sáng thứ Bảy",
        default=False,
        help_text="Theo danh mục TTHC: 'sáng thứ Bảy (đối với đơn vị có bố trí tiếp nhận)'.",
    )
    is_active = models.BooleanField("đang hoạt động", default=True)

    class Meta:
        verbose_name = "bộ phận một cửa"
        verbose_name_plural = "bộ phận một cửa"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(morning_start__lt=F("morning_end"))
                & Q(morning_end__lte=F("afternoon_start"))
                & Q(afternoon_start__lt=F("afternoon_end")),
                name="one_stop_unit_office_hours_ordered",
                violation_error_message="Giờ làm việc phải theo thứ tự: bắt đầu buổi sáng < "
                "kết thúc buổi sáng ≤ bắt đầu buổi chiều < kết thúc buổi chiều.",
            ),
            # Decree 118/2025 Art. 7: reception points are branches of a Public
            # Administration Service Centre; centres and ministry desks stand on their own.
            models.CheckConstraint(
                condition=Q(kind=OneStopUnitKind.RECEPTION_POINT, parent__isnull=False)
                | (~Q(kind=OneStopUnitKind.RECEPTION_POINT) & Q(parent__isnull=True)),
                name="one_stop_unit_parent_only_for_reception_point",
                violation_error_message="Chỉ điểm tiếp nhận mới có (và phải có) trung tâm quản lý.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StaffAssignment(TimeStampedModel):
    """A role held by a staff member, scoped to an agency and optionally to one of its
    units or one-stop units. Roles are data (``accounts.Role``), not code."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="cán bộ",
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    role = models.ForeignKey(
        Role, verbose_name="vai trò", on_delete=models.PROTECT, related_name="assignments"
    )
    agency = models.ForeignKey(
        Agency, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="assignments"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name="phòng/ban",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    one_stop_unit = models.ForeignKey(
        OneStopUnit,
        verbose_name="bộ phận một cửa",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    is_active = models.BooleanField("đang hiệu lực", default=True)

    class Meta:
        verbose_name = "phân công vai trò"
        verbose_name_plural = "phân công vai trò"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "agency", "unit", "one_stop_unit"],
                name="staff_assignment_unique",
            ),
            # NULLs are distinct in a unique index, so the scopes without a unit or a
            # one-stop unit need their own partial indexes to stay unique.
            models.UniqueConstraint(
                fields=["user", "role", "agency"],
                condition=Q(unit__isnull=True, one_stop_unit__isnull=True),
                name="staff_assignment_unique_agency",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "agency", "unit"],
                condition=Q(one_stop_unit__isnull=True),
                name="staff_assignment_unique_unit",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "agency", "one_stop_unit"],
                condition=Q(unit__isnull=True),
                name="staff_assignment_unique_one_stop_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.role} – {self.agency}"
