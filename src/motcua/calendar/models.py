"""Dated exceptions to the working week, on top of the `holidays` package."""

from __future__ import annotations

from django.db import models

from motcua.agencies.models import AdministrativeUnit
from motcua.calendar.constants import ExceptionKind
from motcua.core.models import TimeStampedModel


class CalendarException(TimeStampedModel):
    """A day that differs from what the `holidays` package says: an extra day off, or a
    make-up working day (làm bù). National when ``province`` is empty, else only for
    that province. The Prime Minister fixes each year's Tết and National Day dates and
    the ministry announces swaps (Labour Code 2019 Art. 112(3); DOMAIN.md §11), so
    these must be data an administrator can edit."""

    date = models.DateField("ngày")
    kind = models.CharField("loại", max_length=16, choices=ExceptionKind.choices)
    province = models.ForeignKey(
        AdministrativeUnit,
        verbose_name="áp dụng cho tỉnh",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_exceptions",
        help_text="Để trống nếu áp dụng toàn quốc.",
    )
    name = models.CharField("tên ngày", max_length=200)
    legal_basis = models.CharField("căn cứ pháp lý", max_length=300, blank=True)

    class Meta:
        verbose_name = "ngày nghỉ/làm bù điều chỉnh"
        verbose_name_plural = "ngày nghỉ/làm bù điều chỉnh"
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "province"], name="calendar_exception_one_per_day_and_place"
            ),
            models.UniqueConstraint(
                fields=["date"],
                condition=models.Q(province__isnull=True),
                name="calendar_exception_one_national_per_day",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ExceptionKind.values),
                name="calendar_exception_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} – {self.name}"
