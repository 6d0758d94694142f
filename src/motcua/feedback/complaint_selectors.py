"""Reads of feedback and complaints (PAKN): the handler's list and item (only their
agencies', filtered in SQL), the sender's lookup by code and contact, and the portal's
search of published answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet
from django.utils import timezone

from motcua.accounts.validators import normalise_phone
from motcua.core.exceptions import NotFoundError
from motcua.core.text import fold
from motcua.feedback.constants import FEEDBACK_HANDLER, ComplaintStatus
from motcua.feedback.models import Complaint, ComplaintFile
from motcua.workflow.permissions import posts_of

_NOT_FOUND = "Không tìm thấy phản ánh, kiến nghị với số và thông tin liên hệ này."


def handler_agency_ids(user: Any) -> list[int]:
    return sorted({post.agency_id for post in posts_of(user) if post.role == FEEDBACK_HANDLER})


def handles_agency(user: Any, *, agency_id: int) -> bool:
    return agency_id in handler_agency_ids(user)


def due_of(complaint: Complaint) -> dt.datetime | None:
    """The deadline of what the agency must do next: accept or refuse a new item,
    answer an accepted one (also while waiting for the sender), publish an answer."""
    status = complaint.status
    if status == ComplaintStatus.RECEIVED:
        return complaint.accept_due_at
    if status in (ComplaintStatus.ACCEPTED, ComplaintStatus.MORE_INFO_REQUESTED):
        return complaint.answer_due_at
    if status == ComplaintStatus.ANSWERED:
        return complaint.publish_due_at
    return None


def is_late(complaint: Complaint, *, now: dt.datetime | None = None) -> bool:
    due = due_of(complaint)
    return due is not None and (now or timezone.now()) > due


@dataclass(frozen=True)
class HandlerRow:
    complaint: Complaint
    due: dt.datetime | None
    late: bool


def complaint_list_for_handler(
    *, user: Any, status: str = "", page: int = 1, page_size: int = 20
) -> tuple[Page, list[HandlerRow]]:
    """The items of the agencies where ``user`` is the feedback handler, oldest first,
    optionally of one status; with the due time of the next step and lateness."""
    items = Complaint.objects.filter(agency_id__in=handler_agency_ids(user)).select_related(
        "agency"
    )
    if status in ComplaintStatus.values:
        items = items.filter(status=status)
    paged = Paginator(items.order_by("received_at", "pk"), page_size).get_page(page)
    now = timezone.now()
    rows = [HandlerRow(c, due_of(c), is_late(c, now=now)) for c in paged.object_list]
    return paged, rows


def complaint_status_counts_for_handler(*, user: Any) -> dict[str, int]:
    counts = dict(
        Complaint.objects.filter(agency_id__in=handler_agency_ids(user))
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {value: counts.get(value, 0) for value in ComplaintStatus.values}


def complaint_get_for_handler(*, user: Any, code: str) -> Complaint:
    """One item of the handler's agencies; another agency's is not found."""
    found = (
        Complaint.objects.filter(code=code[:20], agency_id__in=handler_agency_ids(user))
        .select_related("agency", "procedure", "follows", "answered_by")
        .first()
    )
    if found is None:
        raise NotFoundError("Không tìm thấy phản ánh, kiến nghị này.", code="complaint_not_found")
    return found


def phone_key(value: str) -> str:
    """A phone number as stored and compared: separators removed, +84 written as 0."""
    phone = normalise_phone(value)
    return "0" + phone[3:] if phone.startswith("+84") else phone


def complaint_find_for_sender(*, code: str, contact: str) -> Complaint:
    """The item with this code whose sender left this phone number or e-mail address.
    A wrong code and a wrong contact give the same answer, so the lookup tells nobody
    which codes exist."""
    contact = (contact or "").strip()[:254]
    code = (code or "").strip().upper()[:20]
    found = None
    if code and contact:
        item = Complaint.objects.filter(code=code).first()
        if item is not None and (
            (item.sender_phone and item.sender_phone == phone_key(contact))
            or (item.sender_email and item.sender_email.casefold() == contact.casefold())
        ):
            found = item
    if found is None:
        raise NotFoundError(_NOT_FOUND, code="complaint_not_found")
    return found


def complaint_get_for_sender(*, code: str) -> Complaint:
    """An item the sender already proved to be theirs (the lookup put its code in their
    session), with its related rows."""
    found = (
        Complaint.objects.filter(code=code[:20])
        .select_related("agency", "procedure", "follows")
        .prefetch_related("follow_up")
        .first()
    )
    if found is None:
        raise NotFoundError(_NOT_FOUND, code="complaint_not_found")
    return found


def complaint_published(*, q: str = "") -> QuerySet[Complaint]:
    """Published answers, newest first; ``q`` matched without diacritics, every word."""
    items = Complaint.objects.filter(status=ComplaintStatus.PUBLISHED).select_related(
        "agency", "procedure"
    )
    for word in fold(q).split()[:8]:
        items = items.filter(search_text__contains=word)
    return items.order_by("-published_at", "-pk")


def complaint_published_page(*, q: str = "", page: int = 1, page_size: int = 20) -> Page:
    return Paginator(complaint_published(q=q), page_size).get_page(page)


def complaint_get_published(*, code: str) -> Complaint:
    found = complaint_published().filter(code=code[:20]).first()
    if found is None:
        raise NotFoundError("Không tìm thấy câu trả lời công khai này.", code="complaint_not_found")
    return found


def complaint_file_get_for_handler(*, user: Any, code: str, file_id: int) -> ComplaintFile:
    """An attachment of an item of the handler's agencies; anything else not found."""
    found = ComplaintFile.objects.filter(
        pk=file_id,
        complaint__code=code[:20],
        complaint__agency_id__in=handler_agency_ids(user),
    ).first()
    if found is None:
        raise NotFoundError("Không tìm thấy tệp.", code="file_not_found")
    return found
