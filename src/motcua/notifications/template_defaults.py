"""The built-in Vietnamese text of every message, and the variables each one gets.

Migration 0002 copies these texts into ``MessageTemplate`` rows for the administrator
to edit; ``rendering.template_source`` falls back to them when a row is missing or
switched off. ``VARIABLES`` is the contract with the code that sends the messages:
each variable's meaning and a sample value (the admin preview renders the samples).
docs/notifications.md lists the same and a test keeps the two in step.

Channel ``""`` is every channel (e-mail and in-app); ``"sms"`` is the short form.
Write the SMS form with its diacritics: the SMS channel folds it when the gateway
needs unsigned text (``MOTCUA_SMS_UNSIGNED``).
"""

from __future__ import annotations

from dataclasses import dataclass

from motcua.notifications.constants import TemplateKey as K


@dataclass(frozen=True)
class TemplateText:
    subject: str
    body: str


_CITIZEN = {
    "citizen_name": ("Họ và tên người nhận", "Nguyễn Văn An"),
    "code": ("Mã hồ sơ", "000.20.31.H01-261120-0012"),
    "procedure": ("Tên thủ tục hành chính", "Cấp giấy phép xây dựng nhà ở riêng lẻ"),
    "agency": ("Cơ quan giải quyết", "UBND xã Tân Phú"),
}
_TRACKING = {
    "tracking_url": (
        "Đường dẫn tra cứu hồ sơ",
        "https://motcua.example.gov.vn/tra-cuu/?ma=000.20.31.H01-261120-0012",
    ),
}
_OFFICE = {
    "code": _CITIZEN["code"],
    "procedure": _CITIZEN["procedure"],
    "office_url": (
        "Đường dẫn mở hồ sơ trong phần mềm của cán bộ",
        "https://motcua.example.gov.vn/office/ho-so/000.20.31.H01-261120-0012/",
    ),
}

#: For each message: variable → (meaning, sample value).
VARIABLES: dict[str, dict[str, tuple[str, object]]] = {
    K.DOSSIER_RECEIVED: {
        **_CITIZEN,
        "received_at": ("Thời điểm tiếp nhận", "20/11/2026 08:30"),
        "appointment": ("Ngày hẹn trả kết quả", "25/11/2026"),
        **_TRACKING,
    },
    K.SUPPLEMENT_REQUESTED: {
        **_CITIZEN,
        "missing": (
            "Những gì cần bổ sung, hoàn thiện (có thể nhiều dòng)",
            "Bản vẽ thiết kế mặt bằng có chữ ký của chủ đầu tư",
        ),
        **_TRACKING,
    },
    K.DOSSIER_REFUSED: {
        **_CITIZEN,
        "reason": ("Lý do từ chối tiếp nhận", "Thủ tục không thuộc thẩm quyền giải quyết của xã"),
    },
    K.PAYMENT_REQUESTED: {
        **_CITIZEN,
        "amount": ("Số tiền phải nộp, đã định dạng (rendering.format_dong)", "150.000 đồng"),
        "payment_url": (
            "Đường dẫn nộp trực tuyến",
            "https://motcua.example.gov.vn/thanh-toan/000.20.31.H01-261120-0012/",
        ),
    },
    K.RESULT_READY: {
        "citizen_name": _CITIZEN["citizen_name"],
        "code": _CITIZEN["code"],
        "procedure": _CITIZEN["procedure"],
        "pickup": (
            "Nơi hoặc cách nhận kết quả",
            "Bộ phận Một cửa UBND xã Tân Phú, trong giờ hành chính",
        ),
        **_TRACKING,
    },
    K.RESULT_RETURNED: {
        "citizen_name": _CITIZEN["citizen_name"],
        "code": _CITIZEN["code"],
        "procedure": _CITIZEN["procedure"],
        "returned_at": ("Ngày trả kết quả", "25/11/2026"),
        "feedback_url": (
            "Đường dẫn đánh giá mức độ hài lòng",
            "https://motcua.example.gov.vn/ho-so-cua-toi/000.20.31.H01-261120-0012/danh-gia/",
        ),
    },
    K.APOLOGY: {
        **_CITIZEN,
        "appointment": ("Ngày hẹn cũ", "25/11/2026"),
        "new_appointment": ("Ngày hẹn trả kết quả mới", "02/12/2026"),
        "reason": ("Lý do chậm", "Cần xác minh thêm hiện trạng công trình"),
        **_TRACKING,
    },
    K.DOSSIER_STOPPED: {
        **_CITIZEN,
        "reason": ("Lý do dừng giải quyết", "Người nộp hồ sơ đề nghị rút hồ sơ"),
    },
    K.FEEDBACK_ANSWERED: {
        "citizen_name": _CITIZEN["citizen_name"],
        "feedback_code": ("Số phản ánh, kiến nghị", "PAKN-2026-00042"),
        "title": ("Tiêu đề phản ánh, kiến nghị", "Chậm trả kết quả hồ sơ đất đai"),
        "answer_url": (
            "Đường dẫn xem nội dung trả lời",
            "https://motcua.example.gov.vn/phan-anh/PAKN-2026-00042/",
        ),
    },
    K.FEEDBACK_INFO_REQUESTED: {
        "citizen_name": _CITIZEN["citizen_name"],
        "feedback_code": ("Số phản ánh, kiến nghị", "PAKN-261120-0042"),
        "title": ("Tiêu đề phản ánh, kiến nghị", "Chậm trả kết quả hồ sơ đất đai"),
        "request": ("Thông tin cơ quan đề nghị bổ sung", "Mã hồ sơ và ngày nộp hồ sơ"),
        "lookup_url": (
            "Đường dẫn tra cứu và bổ sung",
            "https://motcua.example.gov.vn/phan-anh-kien-nghi/tra-cuu/?ma=PAKN-261120-0042",
        ),
    },
    K.FEEDBACK_REFUSED: {
        "citizen_name": _CITIZEN["citizen_name"],
        "feedback_code": ("Số phản ánh, kiến nghị", "PAKN-261120-0042"),
        "title": ("Tiêu đề phản ánh, kiến nghị", "Chậm trả kết quả hồ sơ đất đai"),
        "reason": ("Lý do không tiếp nhận", "Nội dung không thuộc thẩm quyền của Sở Xây dựng"),
    },
    K.VERIFICATION_CODE: {
        "otp": ("Mã xác thực", "482913"),
        "minutes": ("Số phút mã còn hiệu lực", 5),
    },
    K.PASSWORD_RESET_CODE: {
        "otp": ("Mã đặt lại mật khẩu", "482913"),
        "minutes": ("Số phút mã còn hiệu lực", 10),
        "reset_url": (
            "Đường dẫn trang nhập mã",
            "https://motcua.example.gov.vn/quen-mat-khau/dat-lai/",
        ),
    },
    K.STEP_DUE_SOON: {
        "officer_name": ("Họ và tên cán bộ xử lý", "Trần Thị Bình"),
        **_OFFICE,
        "step": ("Tên bước xử lý", "Thẩm định hồ sơ"),
        "due_at": ("Hạn của bước", "15:30 21/11/2026"),
    },
    K.STEP_LATE: {
        "head_name": ("Họ và tên trưởng đơn vị", "Lê Văn Cường"),
        "officer_name": ("Họ và tên cán bộ xử lý", "Trần Thị Bình"),
        **_OFFICE,
        "step": ("Tên bước xử lý", "Thẩm định hồ sơ"),
        "due_at": ("Hạn của bước", "15:30 21/11/2026"),
        "late_by": ("Đã quá hạn bao lâu", "4 giờ làm việc"),
    },
    K.APOLOGY_PROMPT: {
        "leader_name": ("Họ và tên lãnh đạo", "Phạm Minh Đức"),
        **_OFFICE,
        "appointment": ("Ngày hẹn trả kết quả", "25/11/2026"),
    },
    K.LEADER_DIGEST: {
        "leader_name": ("Họ và tên lãnh đạo", "Phạm Minh Đức"),
        "date": ("Ngày tổng hợp", "21/11/2026"),
        "due_today": ("Số hồ sơ đến hạn hôm nay", 7),
        "late": ("Số hồ sơ quá hạn", 2),
        "at_risk": ("Số hồ sơ có nguy cơ trễ hẹn", 3),
        "details": (
            "Danh sách hồ sơ, mỗi hồ sơ một dòng (có thể để trống)",
            "- 000.20.31.H01-261118-0003: quá hạn, bước Thẩm định hồ sơ\n"
            "- 000.20.31.H01-261119-0007: quá hạn, bước Phê duyệt",
        ),
        "office_url": (
            "Đường dẫn bảng theo dõi của lãnh đạo",
            "https://motcua.example.gov.vn/office/",
        ),
    },
    K.DEAD_LETTER_ALERT: {
        "channel": ("Kênh gửi", "sms"),
        "recipient": ("Người nhận", "0912345678"),
        "template": ("Loại thông báo", "đã tiếp nhận hồ sơ"),
        "reference": ("Liên quan (mã hồ sơ…)", "000.20.31.H01-261120-0012"),
        "attempts": ("Số lần đã thử", 8),
        "error": ("Lỗi gần nhất", "Cổng SMS tạm thời không nhận (503): down"),
        "admin_url": (
            "Đường dẫn trang quản trị hộp thư đi",
            "https://motcua.example.gov.vn/admin/notifications/message/?status__exact=dead",
        ),
    },
}

_SIGN_OFF = "\n\nTrân trọng."

DEFAULTS: dict[str, dict[str, TemplateText]] = {
    K.DOSSIER_RECEIVED: {
        "": TemplateText(
            "Đã tiếp nhận hồ sơ {{ code }}",
            "Kính gửi {{ citizen_name }},\n\n"
            "{{ agency }} đã tiếp nhận hồ sơ {{ code }} của thủ tục {{ procedure }} "
            "lúc {{ received_at }}.\n"
            "Ngày hẹn trả kết quả: {{ appointment }}.\n"
            "Tra cứu tình trạng hồ sơ: {{ tracking_url }}" + _SIGN_OFF,
        ),
        "sms": TemplateText(
            "",
            "Hồ sơ {{ code }} đã được tiếp nhận, hẹn trả {{ appointment }}. "
            "Tra cứu: {{ tracking_url }}",
        ),
    },
    K.SUPPLEMENT_REQUESTED: {
        "": TemplateText(
            "Hồ sơ {{ code }} cần bổ sung",
            "Kính gửi {{ citizen_name }},\n\n"
            "Hồ sơ {{ code }} của thủ tục {{ procedure }} cần bổ sung, hoàn thiện:\n"
            "{{ missing }}\n\n"
            "Ông/bà vui lòng bổ sung trực tuyến hoặc tại {{ agency }}. Thời gian chờ bổ "
            "sung không tính vào thời hạn giải quyết.\n"
            "Tra cứu: {{ tracking_url }}" + _SIGN_OFF,
        ),
        "sms": TemplateText(
            "", "Hồ sơ {{ code }} cần bổ sung: {{ missing }}. Chi tiết: {{ tracking_url }}"
        ),
    },
    K.DOSSIER_REFUSED: {
        "": TemplateText(
            "Hồ sơ {{ code }} không được tiếp nhận",
            "Kính gửi {{ citizen_name }},\n\n"
            "{{ agency }} không tiếp nhận hồ sơ {{ code }} của thủ tục {{ procedure }}.\n"
            "Lý do: {{ reason }}" + _SIGN_OFF,
        ),
        "sms": TemplateText("", "Hồ sơ {{ code }} không được tiếp nhận. Lý do: {{ reason }}"),
    },
    K.PAYMENT_REQUESTED: {
        "": TemplateText(
            "Đề nghị nộp phí, lệ phí hồ sơ {{ code }}",
            "Kính gửi {{ citizen_name }},\n\n"
            "Hồ sơ {{ code }} của thủ tục {{ procedure }} cần nộp phí, lệ phí: {{ amount }}.\n"
            "Nộp trực tuyến tại {{ payment_url }} hoặc nộp tại {{ agency }}." + _SIGN_OFF,
        ),
        "sms": TemplateText(
            "", "Hồ sơ {{ code }} cần nộp phí, lệ phí {{ amount }}. Nộp tại: {{ payment_url }}"
        ),
    },
    K.RESULT_READY: {
        "": TemplateText(
            "Hồ sơ {{ code }} đã có kết quả",
            "Kính gửi {{ citizen_name }},\n\n"
            "Hồ sơ {{ code }} của thủ tục {{ procedure }} đã có kết quả.\n"
            "Nhận kết quả: {{ pickup }}.\n"
            "Tra cứu: {{ tracking_url }}" + _SIGN_OFF,
        ),
        "sms": TemplateText("", "Hồ sơ {{ code }} đã có kết quả. Nhận tại: {{ pickup }}."),
    },
    K.RESULT_RETURNED: {
        "": TemplateText(
            "Đã trả kết quả hồ sơ {{ code }}",
            "Kính gửi {{ citizen_name }},\n\n"
            "Kết quả hồ sơ {{ code }} của thủ tục {{ procedure }} đã được trả ngày "
            "{{ returned_at }}.\n"
            "Mời ông/bà đánh giá mức độ hài lòng: {{ feedback_url }}" + _SIGN_OFF,
        ),
        "sms": TemplateText(
            "",
            "Hồ sơ {{ code }} đã trả kết quả ngày {{ returned_at }}. Đánh giá: {{ feedback_url }}",
        ),
    },
    K.APOLOGY: {
        "": TemplateText(
            "Xin lỗi và hẹn lại ngày trả kết quả hồ sơ {{ code }}",
            "Kính gửi {{ citizen_name }},\n\n"
            "{{ agency }} xin lỗi ông/bà vì hồ sơ {{ code }} của thủ tục {{ procedure }} "
            "chưa có kết quả đúng hẹn ngày {{ appointment }}.\n"
            "Lý do: {{ reason }}.\n"
            "Ngày hẹn trả kết quả mới: {{ new_appointment }}.\n"
            "Tra cứu: {{ tracking_url }}" + _SIGN_OFF,
        ),
        "sms": TemplateText(
            "",
            "{{ agency }} xin lỗi: hồ sơ {{ code }} chậm so với hẹn {{ appointment }}, "
            "hẹn lại ngày {{ new_appointment }}.",
        ),
    },
    K.DOSSIER_STOPPED: {
        "": TemplateText(
            "Dừng giải quyết hồ sơ {{ code }}",
            "Kính gửi {{ citizen_name }},\n\n"
            "{{ agency }} dừng giải quyết hồ sơ {{ code }} của thủ tục {{ procedure }}.\n"
            "Lý do: {{ reason }}" + _SIGN_OFF,
        ),
        "sms": TemplateText("", "Hồ sơ {{ code }} đã dừng giải quyết. Lý do: {{ reason }}"),
    },
    K.FEEDBACK_ANSWERED: {
        "": TemplateText(
            "Phản ánh, kiến nghị {{ feedback_code }} đã được trả lời",
            "Kính gửi {{ citizen_name }},\n\n"
            "Phản ánh, kiến nghị số {{ feedback_code }} ({{ title }}) của ông/bà đã được "
            "trả lời.\n"
            "Xem nội dung trả lời: {{ answer_url }}" + _SIGN_OFF,
        ),
        "sms": TemplateText(
            "",
            "Phản ánh, kiến nghị {{ feedback_code }} đã được trả lời. Xem tại: {{ answer_url }}",
        ),
    },
    K.FEEDBACK_INFO_REQUESTED: {
        "": TemplateText(
            "Phản ánh, kiến nghị {{ feedback_code }} cần bổ sung thông tin",
            "Kính gửi {{ citizen_name }},\n\n"
            "Để giải quyết phản ánh, kiến nghị số {{ feedback_code }} ({{ title }}), cơ "
            "quan đề nghị ông/bà bổ sung: {{ request }}\n"
            "Bổ sung tại: {{ lookup_url }}" + _SIGN_OFF,
        ),
        "sms": TemplateText(
            "",
            "Phản ánh {{ feedback_code }} cần bổ sung: {{ request }}. "
            "Bổ sung tại: {{ lookup_url }}",
        ),
    },
    K.FEEDBACK_REFUSED: {
        "": TemplateText(
            "Phản ánh, kiến nghị {{ feedback_code }} không được tiếp nhận",
            "Kính gửi {{ citizen_name }},\n\n"
            "Phản ánh, kiến nghị số {{ feedback_code }} ({{ title }}) không được tiếp nhận.\n"
            "Lý do: {{ reason }}" + _SIGN_OFF,
        ),
        "sms": TemplateText(
            "", "Phản ánh {{ feedback_code }} không được tiếp nhận. Lý do: {{ reason }}"
        ),
    },
    K.VERIFICATION_CODE: {
        "": TemplateText(
            "Mã xác thực Một Cửa",
            "Mã xác thực của ông/bà là {{ otp }}, có hiệu lực trong {{ minutes }} phút.\n"
            "Không cung cấp mã này cho bất kỳ ai, kể cả người tự xưng là cán bộ.",
        ),
        "sms": TemplateText(
            "",
            "Mã xác thực Một Cửa: {{ otp }}, hiệu lực {{ minutes }} phút. "
            "Không cung cấp mã cho bất kỳ ai.",
        ),
    },
    K.PASSWORD_RESET_CODE: {
        "": TemplateText(
            "Đặt lại mật khẩu Một Cửa",
            "Ông/bà vừa đề nghị đặt lại mật khẩu tài khoản Một Cửa.\n"
            "Mã đặt lại mật khẩu là {{ otp }}, có hiệu lực trong {{ minutes }} phút; nhập "
            "mã tại {{ reset_url }}\n"
            "Nếu không phải ông/bà đề nghị, hãy bỏ qua thư này: mật khẩu không thay đổi.\n"
            "Không cung cấp mã này cho bất kỳ ai, kể cả người tự xưng là cán bộ.",
        ),
        "sms": TemplateText(
            "",
            "Mã đặt lại mật khẩu Một Cửa: {{ otp }}, hiệu lực {{ minutes }} phút. "
            "Không cung cấp mã cho bất kỳ ai.",
        ),
    },
    K.STEP_DUE_SOON: {
        "": TemplateText(
            "Hồ sơ {{ code }} sắp đến hạn xử lý",
            "Đồng chí {{ officer_name }},\n\n"
            "Bước {{ step }} của hồ sơ {{ code }} (thủ tục {{ procedure }}) đến hạn lúc "
            "{{ due_at }}.\n"
            "Xử lý hồ sơ: {{ office_url }}",
        ),
        "sms": TemplateText("", "Hồ sơ {{ code }}: bước {{ step }} đến hạn lúc {{ due_at }}."),
    },
    K.STEP_LATE: {
        "": TemplateText(
            "Hồ sơ {{ code }} quá hạn ở bước {{ step }}",
            "Đồng chí {{ head_name }},\n\n"
            "Bước {{ step }} của hồ sơ {{ code }} (thủ tục {{ procedure }}) do đồng chí "
            "{{ officer_name }} xử lý đã quá hạn {{ late_by }} (hạn {{ due_at }}).\n"
            "Xem hồ sơ: {{ office_url }}",
        ),
        "sms": TemplateText(
            "",
            "Hồ sơ {{ code }} quá hạn {{ late_by }} ở bước {{ step }} (cán bộ {{ officer_name }}).",
        ),
    },
    K.APOLOGY_PROMPT: {
        "": TemplateText(
            "Hồ sơ {{ code }} có nguy cơ trễ hẹn",
            "Đồng chí {{ leader_name }},\n\n"
            "Hồ sơ {{ code }} (thủ tục {{ procedure }}) có nguy cơ không trả kết quả đúng "
            "hẹn ngày {{ appointment }}.\n"
            "Đề nghị ban hành Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu số 04) trước "
            "ngày hẹn.\n"
            "Xem hồ sơ: {{ office_url }}",
        ),
        "sms": TemplateText(
            "",
            "Hồ sơ {{ code }} có nguy cơ trễ hẹn {{ appointment }}. Đề nghị ban hành phiếu "
            "xin lỗi và hẹn lại (Mẫu 04).",
        ),
    },
    K.LEADER_DIGEST: {
        "": TemplateText(
            "Tổng hợp hồ sơ ngày {{ date }}",
            "Đồng chí {{ leader_name }},\n\n"
            "Tình hình hồ sơ ngày {{ date }}:\n"
            "- Đến hạn hôm nay: {{ due_today }}\n"
            "- Quá hạn: {{ late }}\n"
            "- Có nguy cơ trễ hẹn: {{ at_risk }}\n\n"
            "{{ details }}\n\n"
            "Xem chi tiết: {{ office_url }}",
        ),
        "sms": TemplateText(
            "",
            "Ngày {{ date }}: {{ due_today }} hồ sơ đến hạn, {{ late }} quá hạn, "
            "{{ at_risk }} có nguy cơ trễ hẹn. {{ office_url }}",
        ),
    },
    K.DEAD_LETTER_ALERT: {
        "": TemplateText(
            "Không gửi được tin nhắn qua kênh {{ channel }}",
            "Tin nhắn {{ template }} gửi {{ recipient }} qua kênh {{ channel }} "
            "(liên quan: {{ reference }}) không gửi được sau {{ attempts }} lần thử.\n"
            "Lỗi gần nhất: {{ error }}\n\n"
            "Xem và gửi lại: {{ admin_url }}",
        ),
        "sms": TemplateText(
            "",
            "Một Cửa: không gửi được tin {{ template }} tới {{ recipient }} sau "
            "{{ attempts }} lần thử. Xem: {{ admin_url }}",
        ),
    },
}


def sample_context(key: str) -> dict[str, object]:
    """The sample value of every variable of ``key`` (admin preview, tests)."""
    return {name: sample for name, (_meaning, sample) in VARIABLES[key].items()}
