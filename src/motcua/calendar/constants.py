from django.db import models


class ExceptionKind(models.TextChoices):
    DAY_OFF = "day_off", "Ngày nghỉ (lễ, nghỉ bù, hoán đổi)"
    WORKING_DAY = "working_day", "Ngày làm việc bù"


class Outcome(models.TextChoices):
    """On-time status of an end time against its due time (DOMAIN.md §4)."""

    EARLY = "early", "Trước hạn"
    ON_TIME = "on_time", "Đúng hạn"
    LATE = "late", "Quá hạn"


class TimeUnit(models.TextChoices):
    """How a time limit is counted (DOMAIN.md §4)."""

    WORKING_DAYS = "working_days", "ngày làm việc"
    WORKING_HOURS = "working_hours", "giờ làm việc"
    CALENDAR_DAYS = "calendar_days", "ngày"
    SAME_DAY = "same_day", "trong ngày"
