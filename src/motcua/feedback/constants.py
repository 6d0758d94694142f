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


# --- Feedback and complaints (phản ánh, kiến nghị, PAKN; issue 5 §7) ---

# The office role that answers an agency's PAKN. Roles are data (accounts.Role); this
# one is seeded by feedback's migration 0003 and granted per agency.
FEEDBACK_HANDLER = "feedback_handler"


class ComplaintKind(models.TextChoices):
    """The two classes of Decision 766 indicator 5.1 (DOMAIN.md §8), and the rest."""

    PROCEDURE = "procedure", "Về quy định, thủ tục hành chính"
    CONDUCT = "conduct", "Về hành vi, thái độ của cán bộ, công chức"
    OTHER = "other", "Khác"


class ComplaintStatus(models.TextChoices):
    """DOMAIN.md §13: chờ tiếp nhận → đang xử lý → (bổ sung) → đã xử lý → công khai |
    từ chối."""

    RECEIVED = "received", "Chờ tiếp nhận"
    ACCEPTED = "accepted", "Đang xử lý"
    MORE_INFO_REQUESTED = "more_info_requested", "Chờ người gửi bổ sung thông tin"
    REFUSED = "refused", "Từ chối tiếp nhận"
    ANSWERED = "answered", "Đã trả lời"
    PUBLISHED = "published", "Đã trả lời và công khai"


class ComplaintAction(models.TextChoices):
    SUBMIT = "submit", "Gửi phản ánh, kiến nghị"
    ACCEPT = "accept", "Tiếp nhận"
    REFUSE = "refuse", "Từ chối tiếp nhận"
    REQUEST_INFO = "request_info", "Đề nghị bổ sung thông tin"
    PROVIDE_INFO = "provide_info", "Người gửi bổ sung thông tin"
    ANSWER = "answer", "Trả lời"
    PUBLISH = "publish", "Công khai câu trả lời"
    VOTE = "vote", "Người gửi đánh giá câu trả lời"
    FOLLOW_UP = "follow_up", "Người gửi phản ánh tiếp"


class Vote(models.TextChoices):
    """The national portal's like/dislike of an answer (DOMAIN.md §8, 5.3 and 5.4)."""

    LIKE = "like", "Hài lòng"
    DISLIKE = "dislike", "Không hài lòng"


# Officer actions: from which states each may be taken (the transition table, as data).
# Decision 766 indicator 5.2 (DOMAIN.md §8) times a refusal, a request for more
# information and the answer from receipt: refusal only before acceptance; more
# information before or after accepting; the answer once accepted.
COMPLAINT_TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    ComplaintAction.ACCEPT: ((ComplaintStatus.RECEIVED,), ComplaintStatus.ACCEPTED),
    ComplaintAction.REFUSE: ((ComplaintStatus.RECEIVED,), ComplaintStatus.REFUSED),
    ComplaintAction.REQUEST_INFO: (
        (ComplaintStatus.RECEIVED, ComplaintStatus.ACCEPTED),
        ComplaintStatus.MORE_INFO_REQUESTED,
    ),
    # The sender's reply puts the item back in the handler's hands as accepted.
    ComplaintAction.PROVIDE_INFO: (
        (ComplaintStatus.MORE_INFO_REQUESTED,),
        ComplaintStatus.ACCEPTED,
    ),
    ComplaintAction.ANSWER: ((ComplaintStatus.ACCEPTED,), ComplaintStatus.ANSWERED),
    ComplaintAction.PUBLISH: ((ComplaintStatus.ANSWERED,), ComplaintStatus.PUBLISHED),
}
ANSWERED_STATES = (ComplaintStatus.ANSWERED, ComplaintStatus.PUBLISHED)

COMPLAINT_NAME_MAX = 200
COMPLAINT_TITLE_MAX = 200
COMPLAINT_CONTENT_MAX = 4000
COMPLAINT_REASON_MAX = 2000
COMPLAINT_ANSWER_MAX = 8000
COMPLAINT_FILES_MAX = 3
