from django.db import models

from motcua.catalog.appointments import Channel

__all__ = [
    "ACTIVE_STATUSES",
    "CHANNEL_SYNC_CODES",
    "FINAL_STATUSES",
    "ApplicantKind",
    "Channel",
    "Decision",
    "DossierStatus",
    "ResultDelivery",
    "SupplementStage",
]


class DossierStatus(models.TextChoices):
    """The dossier's status. Each carries the national sync code 1-10 shared by the
    provincial systems and Cổng DVCQG (DOMAIN.md §5)."""

    SUBMITTED = "submitted", "Mới đăng ký"
    RECEIVED = "received", "Được tiếp nhận"
    REFUSED = "refused", "Không được tiếp nhận"
    IN_PROGRESS = "in_progress", "Đang xử lý"
    AWAITING_SUPPLEMENT = "awaiting_supplement", "Yêu cầu bổ sung giấy tờ"
    AWAITING_PAYMENT = "awaiting_payment", "Yêu cầu thực hiện nghĩa vụ tài chính"
    WITHDRAWAL_REQUESTED = "withdrawal_requested", "Công dân yêu cầu rút hồ sơ"
    STOPPED = "stopped", "Dừng xử lý"
    DECIDED = "decided", "Đã xử lý xong"
    RETURNED = "returned", "Đã trả kết quả"

    @property
    def sync_code(self) -> int:
        """The national code (DOMAIN.md §5): 1 Mới đăng ký ... 10 Đã trả kết quả."""
        return _SYNC_CODES[self.value]


_SYNC_CODES = {
    "submitted": 1,
    "received": 2,
    "refused": 3,
    "in_progress": 4,
    "awaiting_supplement": 5,
    "awaiting_payment": 6,
    "withdrawal_requested": 7,
    "stopped": 8,
    "decided": 9,
    "returned": 10,
}

# Statuses in which the dossier is still being worked on (an officer's inbox).
ACTIVE_STATUSES = (
    DossierStatus.SUBMITTED,
    DossierStatus.RECEIVED,
    DossierStatus.IN_PROGRESS,
    DossierStatus.AWAITING_SUPPLEMENT,
    DossierStatus.AWAITING_PAYMENT,
    DossierStatus.WITHDRAWAL_REQUESTED,
    DossierStatus.DECIDED,
)
FINAL_STATUSES = (DossierStatus.REFUSED, DossierStatus.STOPPED, DossierStatus.RETURNED)

# KenhThucHien in the national sync (DOMAIN.md §5): 1 in person, 2 online, 3 postal.
CHANNEL_SYNC_CODES = {Channel.COUNTER: 1, Channel.ONLINE: 2, Channel.POSTAL: 3}


class ApplicantKind(models.TextChoices):
    CITIZEN = "citizen", "Công dân"
    ORGANISATION = "organisation", "Tổ chức, doanh nghiệp"


class ResultDelivery(models.TextChoices):
    """How the applicant gets the result, at their choice (DOMAIN.md §2.1)."""

    COUNTER = "counter", "Nhận trực tiếp tại bộ phận một cửa"
    POST = "post", "Qua dịch vụ bưu chính công ích"
    ONLINE = "online", "Trực tuyến (kết quả điện tử)"


class SupplementStage(models.TextChoices):
    """Where a supplement is asked for (DOMAIN.md §2.2): at intake the clock restarts
    from zero when the dossier is complete; at appraisal it pauses."""

    INTAKE = "intake", "Khi tiếp nhận"
    APPRAISAL = "appraisal", "Khi thẩm định"


class Decision(models.TextChoices):
    APPROVED = "approved", "Giải quyết"
    REFUSED = "refused", "Từ chối giải quyết"
