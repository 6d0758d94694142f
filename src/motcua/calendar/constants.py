from django.db import models


class ExceptionKind(models.TextChoices):
    DAY_OFF = "day_off", "Ngày nghỉ (lễ, nghỉ bù, hoán đổi)"
    WORKING_DAY = "working_day", "Ngày làm việc bù"


class Outcome(models.TextChoices):
    """On-time status of an end time against its due time (DOMAIN.md §4)."""

    EARLY = "early", "Trước hạn"
    ON_TIME = "on_time", "Đúng hạn"
    LATE = "late", "Quá hạn"
