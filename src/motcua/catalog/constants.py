from django.db import models

from motcua.calendar.constants import TimeUnit

__all__ = [
    "ComponentForm",
    "FeeCollectionPoint",
    "FeeKind",
    "OnlineMode",
    "ParticipantRole",
    "ProcedureLevel",
    "ResultType",
    "TimeUnit",
    "VersionStatus",
]


class ProcedureLevel(models.TextChoices):
    """Implementing level in the catalogue (DOMAIN.md §10)."""

    PROVINCE = "province", "Cấp tỉnh"
    COMMUNE = "commune", "Cấp xã"
    MINISTRY = "ministry", "Cấp bộ"
    VERTICAL_BRANCH = "vertical_branch", "Cơ quan ngành dọc"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    PUBLISHED = "published", "Đã công bố"
    SUPERSEDED = "superseded", "Đã được thay thế"
    ABOLISHED = "abolished", "Đã bãi bỏ"


class OnlineMode(models.TextChoices):
    """Decree 42/2022 Art. 11 (DOMAIN.md §6)."""

    NONE = "none", "Không có dịch vụ công trực tuyến"
    PARTIAL = "partial", "Dịch vụ công trực tuyến một phần"
    FULL = "full", "Dịch vụ công trực tuyến toàn trình"


class ComponentForm(models.TextChoices):
    ORIGINAL = "original", "Bản chính"
    CERTIFIED_COPY = "certified_copy", "Bản sao có chứng thực"
    COPY = "copy", "Bản sao"
    PRESENTED = "presented", "Bản chính để đối chiếu (xuất trình)"


class ResultType(models.TextChoices):
    PAPER = "paper", "Bản giấy"
    ELECTRONIC = "electronic", "Bản điện tử"
    PAPER_AND_ELECTRONIC = "paper_and_electronic", "Bản giấy và bản điện tử"


class FeeKind(models.TextChoices):
    """Law on Fees and Charges 97/2015/QH13 Art. 3 (DOMAIN.md §12)."""

    FEE = "fee", "Phí"
    CHARGE = "charge", "Lệ phí"
    OTHER = "other", "Nghĩa vụ tài chính khác"


class FeeCollectionPoint(models.TextChoices):
    """Decree 118/2025 Art. 24: collected at receipt or at return."""

    AT_RECEIPT = "at_receipt", "Khi tiếp nhận hồ sơ"
    AT_RETURN = "at_return", "Khi trả kết quả"


class ParticipantRole(models.TextChoices):
    LEAD = "lead", "Cơ quan chủ trì"
    COORDINATING = "coordinating", "Cơ quan phối hợp"
