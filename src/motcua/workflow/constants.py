from django.db import models


class Action(models.TextChoices):
    """What a person can do to a dossier (project issue 3, point 3). Each is one
    service in ``workflow.services`` and one API action."""

    SUBMIT_ONLINE = "submit_online", "Nộp hồ sơ trực tuyến"
    RECEIVE_COUNTER = "receive_counter", "Tiếp nhận tại quầy"
    REGISTER_COUNTER = "register_counter", "Đăng ký hồ sơ tại quầy"
    RECEIVE = "receive", "Tiếp nhận hồ sơ trực tuyến"
    REQUEST_SUPPLEMENT = "request_supplement", "Yêu cầu bổ sung hồ sơ"
    RECORD_SUPPLEMENT = "record_supplement", "Nộp bổ sung hồ sơ"
    REFUSE = "refuse", "Từ chối tiếp nhận"
    START_PROCESSING = "start_processing", "Chuyển xử lý"
    ASSIGN = "assign", "Phân công xử lý"
    HAND_OFF = "hand_off", "Chuyển bước"
    DECIDE = "decide", "Phê duyệt"
    REQUEST_PAYMENT = "request_payment", "Yêu cầu thực hiện nghĩa vụ tài chính"
    RECORD_PAYMENT = "record_payment", "Ghi nhận nộp phí, lệ phí"
    MARK_RESULT_READY = "mark_result_ready", "Chuyển kết quả về bộ phận một cửa"
    RETURN_RESULT = "return_result", "Trả kết quả"
    WITHDRAW = "withdraw", "Rút hồ sơ"
    STOP = "stop", "Dừng giải quyết"
    RESCHEDULE = "reschedule", "Xin lỗi và hẹn lại ngày trả"


class TaskStatus(models.TextChoices):
    PENDING = "pending", "Chưa đến bước"
    ACTIVE = "active", "Đang xử lý"
    DONE = "done", "Đã xong"
    SKIPPED = "skipped", "Bỏ qua"


class AlertKind(models.TextChoices):
    """What the deadline watch finds (issue 6 §4; ``workflow.reminders``)."""

    STEP_DUE_SOON = "step_due_soon", "Bước sắp đến hạn"
    STEP_LATE = "step_late", "Bước quá hạn"
    APOLOGY_DUE = "apology_due", "Hồ sơ có nguy cơ trễ hẹn"
