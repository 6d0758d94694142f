"""Demo feedback and complaints (phản ánh, kiến nghị, issue 5 §7) for the Department of
Construction's handler: one waiting to be accepted, one accepted, and one answered and
published, so the office list and the portal's published answers have something to
show. Sent through the same services as the portal's form."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from motcua.accounts.models import User
from motcua.agencies.models import Agency
from motcua.catalog.models import Procedure
from motcua.demo.data import organisation as org
from motcua.feedback import complaints
from motcua.feedback.constants import ComplaintKind
from motcua.feedback.models import Complaint

HANDLER = "phananh.xaydung"
PERMIT = "1.009794"  # the house building permit, the demo's busiest procedure


def demo_complaints_load() -> int:
    """Send the three demo items unless they are there; returns how many were sent."""
    agency = Agency.objects.get(code=org.SO_XAY_DUNG)
    if Complaint.objects.filter(agency=agency).exists():
        return 0
    handler = User.objects.get(username=HANDLER)
    permit = Procedure.objects.filter(code=PERMIT).first()
    start = timezone.now() - dt.timedelta(days=12)

    def send(offset_days: int, **values: object) -> Complaint:
        return complaints.complaint_submit(
            actor=None,
            agency=agency,
            source="demo",
            at=start + dt.timedelta(days=offset_days),
            **values,  # type: ignore[arg-type]
        )

    answered = send(
        0,
        kind=ComplaintKind.PROCEDURE,
        procedure=permit,
        title="Thời hạn cấp giấy phép xây dựng nhà ở",
        content="Tôi nộp hồ sơ xin phép xây nhà ở riêng lẻ, xin hỏi thời hạn giải quyết "
        "là bao nhiêu ngày và có tính thứ Bảy không?",
        sender_name="Trương Văn Lộc",
        sender_phone="0918123456",
    )
    answered = complaints.complaint_accept(
        actor=handler, complaint=answered, at=start + dt.timedelta(days=1)
    )
    answered = complaints.complaint_answer(
        actor=handler,
        complaint=answered,
        answer="Thời hạn cấp giấy phép xây dựng nhà ở riêng lẻ là 15 ngày làm việc kể từ "
        "ngày nhận đủ hồ sơ hợp lệ; thứ Bảy, Chủ nhật và ngày lễ không tính.",
        at=start + dt.timedelta(days=3),
    )
    complaints.complaint_publish(actor=handler, complaint=answered, at=start + dt.timedelta(days=4))
    accepted = send(
        6,
        kind=ComplaintKind.CONDUCT,
        title="Cán bộ hẹn lại nhiều lần",
        content="Tôi đến bộ phận một cửa hai lần nhưng đều được hẹn lại, đề nghị xem xét.",
        sender_name="Lê Thị Mỹ",
        sender_email="lethimy@example.vn",
    )
    complaints.complaint_accept(actor=handler, complaint=accepted, at=start + dt.timedelta(days=7))
    send(
        11,
        kind=ComplaintKind.OTHER,
        title="Đề nghị thêm chỗ để xe",
        content="Bãi giữ xe của Trung tâm Phục vụ hành chính công thường kín chỗ buổi sáng.",
        sender_name="Phan Minh Quân",
        sender_phone="0907654321",
    )
    return 3
