import datetime as dt

from django.db import models


class RatingLevel(models.TextChoices):
    """The four answers of the counter's rating screen (Decision 766/QĐ-TTg)."""

    VERY_SATISFIED = "very_satisfied", "Rất hài lòng"
    SATISFIED = "satisfied", "Hài lòng"
    NEUTRAL = "neutral", "Bình thường"
    DISSATISFIED = "dissatisfied", "Không hài lòng"


class RatingChannel(models.TextChoices):
    COUNTER = "counter", "Tại quầy"
    ONLINE = "online", "Trực tuyến"


class Occasion(models.TextChoices):
    """When the person met the counter: handing the dossier in, or taking the result
    away. Each is rated at most once at the counter."""

    RECEIPT = "receipt", "Tiếp nhận hồ sơ"
    RETURN = "return", "Trả kết quả"


# A prompt not answered within this time is not shown any more: the person has left
# the counter, and the next one must not rate someone else's dossier.
PROMPT_LIFETIME = dt.timedelta(minutes=3)
COMMENT_MAX_LENGTH = 1000
