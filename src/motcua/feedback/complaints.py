"""Writes of feedback and complaints (phản ánh, kiến nghị, PAKN; issue 5 §7).

Anyone sends one to an agency from the portal; the agency's feedback handler accepts or
refuses it, may ask the sender for more information, answers and publishes the answer;
the sender votes on the answer once and may complain again (a follow-up item). The
deadlines are Decision 766 indicator 5.2's (DOMAIN.md §8), counted in working days on
the agency's calendar from the first opening after receipt and stored on the row.

Every officer action locks the row, checks ``COMPLAINT_TRANSITIONS``, appends a history
row and an audit entry; a refused action writes nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone

from motcua.agencies.models import Agency
from motcua.catalog.models import Procedure
from motcua.core.exceptions import ConflictError, InvalidInputError, PermissionDeniedError
from motcua.core.inserts import rows_insert
from motcua.core.services import audit_record
from motcua.core.text import fold, nfc
from motcua.dossiers.services import UploadedFile, file_check
from motcua.feedback.complaint_deadlines import complaint_deadlines, publish_due
from motcua.feedback.complaint_input import contact_clean, sends_allowed, text_clean
from motcua.feedback.complaint_selectors import handles_agency
from motcua.feedback.constants import (
    ANSWERED_STATES,
    COMPLAINT_ANSWER_MAX,
    COMPLAINT_CONTENT_MAX,
    COMPLAINT_FILES_MAX,
    COMPLAINT_NAME_MAX,
    COMPLAINT_REASON_MAX,
    COMPLAINT_TITLE_MAX,
    COMPLAINT_TRANSITIONS,
    ComplaintAction,
    ComplaintKind,
    ComplaintStatus,
    Vote,
)
from motcua.feedback.models import Complaint, ComplaintAttempt, ComplaintEvent, ComplaintFile
from motcua.notifications.constants import TemplateKey
from motcua.notifications.services import person_notify

# --- code, history, files ----------------------------------------------------------


def complaint_code_allocate(*, on: dt.date) -> str:
    """The next code of the day ``on``: ``PAKN-<YYMMDD>-<NNNN>``. The counter row stays
    locked until the sending transaction ends, as for dossier codes
    (``dossiers.services.dossier_code_allocate``): no gaps, no duplicates."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("complaint_code_allocate must run inside the sending transaction")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO feedback_complaintcodesequence (day, last) VALUES (%s, 1) "
            "ON CONFLICT (day) DO UPDATE "
            "SET last = feedback_complaintcodesequence.last + 1 RETURNING last",
            [on],
        )
        (number,) = cursor.fetchone()
    return f"PAKN-{on:%y%m%d}-{number:04d}"


def _event(
    complaint: Complaint,
    *,
    at: dt.datetime,
    actor: Any,
    action: str,
    from_status: str,
    note: str = "",
) -> None:
    rows_insert(
        [
            ComplaintEvent(
                complaint=complaint,
                at=at,
                actor=actor if getattr(actor, "pk", None) else None,
                action=action,
                from_status=from_status,
                to_status=complaint.status,
                note=note,
            )
        ]
    )


def _files_checked(files: Sequence[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    if len(files) > COMPLAINT_FILES_MAX:
        raise InvalidInputError(
            f"Chỉ đính kèm tối đa {COMPLAINT_FILES_MAX} tệp (too many files).",
            code="too_many_files",
        )
    return [(upload, file_check(upload)) for upload in files]


def _files_store(
    complaint: Complaint, checked: list[tuple[UploadedFile, str]], at: dt.datetime
) -> None:
    storage = ComplaintFile._meta.get_field("file").storage
    for upload, content_type in checked:
        digest = hashlib.sha256(upload.content).hexdigest()
        name = f"complaints/{digest[:2]}/{digest}"
        if not storage.exists(name):
            saved = storage.save(name, ContentFile(upload.content))
            if saved != name:  # the same content written at the same moment elsewhere
                storage.delete(saved)
        ComplaintFile.objects.create(
            complaint=complaint,
            file=name,
            name=nfc(upload.name)[:200] or "tep",
            content_type=content_type,
            size=len(upload.content),
            sha256=digest,
            added_at=at,
        )


def _search_text(complaint: Complaint) -> str:
    return fold(f"{complaint.code} {complaint.title} {complaint.content} {complaint.answer}")


# --- the sender --------------------------------------------------------------------


@transaction.atomic
def complaint_submit(
    *,
    actor: Any,
    kind: str,
    agency: Agency,
    title: str,
    content: str,
    sender_name: str,
    sender_phone: str = "",
    sender_email: str = "",
    procedure: Procedure | None = None,
    files: Sequence[UploadedFile] = (),
    source: str,
    at: dt.datetime | None = None,
    follows: Complaint | None = None,
) -> Complaint:
    """Receive a PAKN from anyone (``actor`` is the signed-in person or None). It gets
    its code and its three deadlines; the answer is told later on the contact given."""
    at = at or timezone.now()
    if kind not in ComplaintKind.values:
        raise InvalidInputError("Hãy chọn loại phản ánh, kiến nghị (unknown kind).", code="kind")
    if not agency.is_active:
        raise InvalidInputError(
            "Cơ quan này không còn tiếp nhận phản ánh (agency inactive).", code="agency"
        )
    title = nfc(text_clean(title, label="tiêu đề", max_length=COMPLAINT_TITLE_MAX))
    content = text_clean(content, label="nội dung", max_length=COMPLAINT_CONTENT_MAX)
    sender_name = nfc(text_clean(sender_name, label="họ và tên", max_length=COMPLAINT_NAME_MAX))
    phone, email = contact_clean(sender_phone, sender_email)
    checked = _files_checked(files)
    sends_allowed(source, at)
    accept_due, info_due, answer_due = complaint_deadlines(agency=agency, received_at=at)
    complaint = Complaint(
        code=complaint_code_allocate(on=timezone.localdate(at)),
        kind=kind,
        agency=agency,
        procedure=procedure,
        follows=follows,
        title=title,
        content=content,
        sender_name=sender_name,
        sender_phone=phone,
        sender_email=email,
        sender_user=actor if getattr(actor, "pk", None) else None,
        received_at=at,
        accept_due_at=accept_due,
        info_due_at=info_due,
        answer_due_at=answer_due,
    )
    complaint.search_text = _search_text(complaint)
    complaint.save(force_insert=True)
    _files_store(complaint, checked, at)
    ComplaintAttempt.objects.create(kind=ComplaintAttempt.Kind.SEND, source=source, at=at)
    _event(complaint, at=at, actor=actor, action=ComplaintAction.SUBMIT, from_status="")
    audit_record(
        actor=actor,
        action="complaint.submit",
        obj=complaint,
        detail={"code": complaint.code, "agency": agency.code, "files": len(checked)},
    )
    return complaint


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().select_related("agency").get(pk=complaint.pk)


@transaction.atomic
def complaint_follow_up(
    *,
    actor: Any,
    complaint: Complaint,
    content: str,
    files: Sequence[UploadedFile] = (),
    source: str,
    at: dt.datetime | None = None,
) -> Complaint:
    """The sender is not satisfied with the answer and complains again (phản ánh tiếp):
    a new item to the same agency, about the same matter, linked to this one (Decision
    766 indicator 5.3 counts re-complained items). Once per answered item."""
    at = at or timezone.now()
    earlier = _locked(complaint)
    if earlier.status not in ANSWERED_STATES:
        raise ConflictError(
            "Chỉ phản ánh tiếp sau khi đã có câu trả lời (not answered yet).",
            code="not_answered",
        )
    if Complaint.objects.filter(follows=earlier).exists():
        raise ConflictError(
            "Phản ánh này đã được phản ánh tiếp (already followed up).", code="already_followed"
        )
    follow_up = complaint_submit(
        actor=actor,
        kind=earlier.kind,
        agency=earlier.agency,
        procedure=earlier.procedure,
        title=f"Phản ánh tiếp {earlier.code}: {earlier.title}"[:COMPLAINT_TITLE_MAX],
        content=content,
        sender_name=earlier.sender_name,
        sender_phone=earlier.sender_phone,
        sender_email=earlier.sender_email,
        files=files,
        source=source,
        at=at,
        follows=earlier,
    )
    _event(
        earlier,
        at=at,
        actor=actor,
        action=ComplaintAction.FOLLOW_UP,
        from_status=earlier.status,
        note=follow_up.code,
    )
    return follow_up


@transaction.atomic
def complaint_vote(
    *, actor: Any, complaint: Complaint, vote: str, at: dt.datetime | None = None
) -> Complaint:
    """The sender likes or dislikes the answer, once (Decision 766 indicator 5.3)."""
    at = at or timezone.now()
    if vote not in Vote.values:
        raise InvalidInputError("Đánh giá không hợp lệ (unknown vote).", code="vote")
    item = _locked(complaint)
    if item.status not in ANSWERED_STATES:
        raise ConflictError("Chưa có câu trả lời để đánh giá (not answered).", code="not_answered")
    if item.vote:
        raise ConflictError(
            "Ông/bà đã đánh giá câu trả lời này (already voted).", code="already_voted"
        )
    item.vote, item.voted_at = vote, at
    item.save(update_fields=["vote", "voted_at"])
    _event(
        item, at=at, actor=actor, action=ComplaintAction.VOTE, from_status=item.status, note=vote
    )
    audit_record(actor=actor, action="complaint.vote", obj=item, detail={"vote": vote})
    return item


@transaction.atomic
def complaint_provide_info(
    *,
    actor: Any,
    complaint: Complaint,
    reply: str,
    files: Sequence[UploadedFile] = (),
    at: dt.datetime | None = None,
) -> Complaint:
    """The sender answers the handler's request for more information; the item goes
    back to the handler, accepted."""
    at = at or timezone.now()
    reply = text_clean(reply, label="thông tin bổ sung", max_length=COMPLAINT_CONTENT_MAX)
    checked = _files_checked(files)
    item = _locked(complaint)
    _check_transition(item, ComplaintAction.PROVIDE_INFO)
    before = item.status
    item.status = ComplaintStatus.ACCEPTED
    item.info_reply = reply
    item.accepted_at = item.accepted_at or at
    item.save(update_fields=["status", "info_reply", "accepted_at"])
    _files_store(item, checked, at)
    _event(
        item,
        at=at,
        actor=actor,
        action=ComplaintAction.PROVIDE_INFO,
        from_status=before,
        note=reply,
    )
    audit_record(actor=actor, action="complaint.provide_info", obj=item)
    return item


# --- the agency's feedback handler ---------------------------------------------------


def _lookup_url(item: Complaint) -> str:
    return f"{settings.PUBLIC_BASE_URL}/phan-anh-kien-nghi/tra-cuu/?ma={item.code}"


def _tell_sender(item: Complaint, *, event: str, template: str, **context: str) -> None:
    """Tell the sender on the contact they gave (SMS, e-mail; in-app with an account),
    in the same transaction; once per item and event."""
    person_notify(
        event_key=f"complaint:{item.pk}:{event}",
        template=template,
        context={
            "citizen_name": item.sender_name,
            "feedback_code": item.code,
            "title": item.title,
            **context,
        },
        user=item.sender_user,
        phone=item.sender_phone,
        email=item.sender_email,
        reference=item.code,
    )


def _check_transition(item: Complaint, action: str) -> None:
    sources, _target = COMPLAINT_TRANSITIONS[action]
    if item.status not in sources:
        raise ConflictError(
            f"Không thể “{ComplaintAction(action).label.lower()}” phản ánh đang ở trạng thái "
            f"“{ComplaintStatus(item.status).label.lower()}” (transition not allowed).",
            code="transition_not_allowed",
            detail={"status": item.status, "action": action},
        )


def _officer_act(
    *,
    actor: Any,
    complaint: Complaint,
    action: str,
    at: dt.datetime | None,
    apply: Callable[[Complaint, dt.datetime], list[str]],
    note: str = "",
) -> Complaint:
    at = at or timezone.now()
    item = _locked(complaint)
    if not handles_agency(actor, agency_id=item.agency_id):
        raise PermissionDeniedError(
            "Chỉ cán bộ xử lý phản ánh, kiến nghị của cơ quan được giao mới thực hiện được "
            "(not this agency's feedback handler).",
        )
    _check_transition(item, action)
    before = item.status
    fields = apply(item, at)
    item.status = COMPLAINT_TRANSITIONS[action][1]
    item.save(update_fields=["status", *fields])
    _event(item, at=at, actor=actor, action=action, from_status=before, note=note)
    audit_record(
        actor=actor,
        action=f"complaint.{action}",
        obj=item,
        detail={"code": item.code, "from": before, "to": item.status},
    )
    return item


@transaction.atomic
def complaint_accept(
    *, actor: Any, complaint: Complaint, at: dt.datetime | None = None
) -> Complaint:
    def apply(item: Complaint, now: dt.datetime) -> list[str]:
        item.accepted_at = now
        return ["accepted_at"]

    return _officer_act(
        actor=actor, complaint=complaint, action=ComplaintAction.ACCEPT, at=at, apply=apply
    )


@transaction.atomic
def complaint_refuse(
    *, actor: Any, complaint: Complaint, reason: str, at: dt.datetime | None = None
) -> Complaint:
    """Refuse to handle it (outside the agency's remit, no content), with the reason the
    sender is told."""
    reason = text_clean(reason, label="lý do từ chối", max_length=COMPLAINT_REASON_MAX)

    def apply(item: Complaint, now: dt.datetime) -> list[str]:
        item.refused_at, item.refusal_reason = now, reason
        return ["refused_at", "refusal_reason"]

    item = _officer_act(
        actor=actor,
        complaint=complaint,
        action=ComplaintAction.REFUSE,
        at=at,
        apply=apply,
        note=reason,
    )
    _tell_sender(item, event="refused", template=TemplateKey.FEEDBACK_REFUSED, reason=reason)
    return item


@transaction.atomic
def complaint_request_info(
    *, actor: Any, complaint: Complaint, request_text: str, at: dt.datetime | None = None
) -> Complaint:
    """Ask the sender for what is missing; they are told, and answer on the lookup
    page."""
    request_text = text_clean(
        request_text, label="nội dung cần bổ sung", max_length=COMPLAINT_REASON_MAX
    )

    def apply(item: Complaint, now: dt.datetime) -> list[str]:
        item.info_request, item.info_requested_at = request_text, now
        return ["info_request", "info_requested_at"]

    item = _officer_act(
        actor=actor,
        complaint=complaint,
        action=ComplaintAction.REQUEST_INFO,
        at=at,
        apply=apply,
        note=request_text,
    )
    _tell_sender(
        item,
        event="info_requested",
        template=TemplateKey.FEEDBACK_INFO_REQUESTED,
        request=request_text,
        lookup_url=_lookup_url(item),
    )
    return item


@transaction.atomic
def complaint_answer(
    *, actor: Any, complaint: Complaint, answer: str, at: dt.datetime | None = None
) -> Complaint:
    """Answer it; the publication deadline starts, and the sender is told on the
    contact they gave (SMS, e-mail; in-app with an account)."""
    answer = text_clean(answer, label="nội dung trả lời", max_length=COMPLAINT_ANSWER_MAX)

    def apply(item: Complaint, now: dt.datetime) -> list[str]:
        item.answer, item.answered_at, item.answered_by = answer, now, actor
        item.publish_due_at = publish_due(agency=item.agency, answered_at=now)
        item.search_text = _search_text(item)
        return ["answer", "answered_at", "answered_by", "publish_due_at", "search_text"]

    item = _officer_act(
        actor=actor, complaint=complaint, action=ComplaintAction.ANSWER, at=at, apply=apply
    )
    _tell_sender(
        item, event="answered", template=TemplateKey.FEEDBACK_ANSWERED, answer_url=_lookup_url(item)
    )
    return item


@transaction.atomic
def complaint_publish(
    *, actor: Any, complaint: Complaint, at: dt.datetime | None = None
) -> Complaint:
    """Make the answer public on the portal's list of answered PAKN (the sender's
    phone and e-mail never appear there)."""

    def apply(item: Complaint, now: dt.datetime) -> list[str]:
        item.published_at = now
        return ["published_at"]

    return _officer_act(
        actor=actor, complaint=complaint, action=ComplaintAction.PUBLISH, at=at, apply=apply
    )
