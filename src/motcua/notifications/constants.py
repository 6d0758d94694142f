from django.db import models


class MessageStatus(models.TextChoices):
    QUEUED = "queued", "chờ gửi"
    SENT = "sent", "đã gửi"
    FAILED = "failed", "gửi lỗi, sẽ thử lại"
    DEAD = "dead", "không gửi được"


class TemplateKey(models.TextChoices):
    """One key per kind of message (issue 6 §3, §4; issue 5 account codes)."""

    DOSSIER_RECEIVED = "dossier_received", "đã tiếp nhận hồ sơ"
    SUPPLEMENT_REQUESTED = "supplement_requested", "yêu cầu bổ sung hồ sơ"
    DOSSIER_REFUSED = "dossier_refused", "từ chối tiếp nhận"
    PAYMENT_REQUESTED = "payment_requested", "yêu cầu nộp phí, lệ phí"
    RESULT_READY = "result_ready", "đã có kết quả"
    RESULT_RETURNED = "result_returned", "đã trả kết quả"
    APOLOGY = "apology", "xin lỗi và hẹn lại"
    DOSSIER_STOPPED = "dossier_stopped", "dừng giải quyết"
    FEEDBACK_ANSWERED = "feedback_answered", "phản ánh đã được trả lời"
    FEEDBACK_INFO_REQUESTED = "feedback_info_requested", "phản ánh cần bổ sung thông tin"
    FEEDBACK_REFUSED = "feedback_refused", "phản ánh không được tiếp nhận"
    VERIFICATION_CODE = "verification_code", "mã xác thực"
    PASSWORD_RESET_CODE = "password_reset_code", "mã đặt lại mật khẩu"
    STEP_DUE_SOON = "step_due_soon", "bước sắp đến hạn (cán bộ)"
    STEP_LATE = "step_late", "bước quá hạn (trưởng đơn vị)"
    APOLOGY_PROMPT = "apology_prompt", "hồ sơ sắp trễ hẹn (lãnh đạo)"
    LEADER_DIGEST = "leader_digest", "tổng hợp hằng ngày (lãnh đạo)"
    DEAD_LETTER_ALERT = "dead_letter_alert", "thông báo không gửi được (quản trị)"
