"""The feedback handler's desk (issue 5 §7): the PAKN sent to their agencies by status,
oldest first, with the due time of the next step (late ones marked); one item with its
history and attachments, and the buttons its state allows: accept, refuse with a
reason, ask for more information, answer, publish."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from motcua.core.exceptions import ApplicationError, NotFoundError
from motcua.feedback import complaints as svc
from motcua.feedback.complaint_selectors import (
    complaint_file_get_for_handler,
    complaint_get_for_handler,
    complaint_list_for_handler,
    complaint_status_counts_for_handler,
    due_of,
    is_late,
)
from motcua.feedback.constants import (
    COMPLAINT_TRANSITIONS,
    FEEDBACK_HANDLER,
    ComplaintAction,
    ComplaintStatus,
)
from motcua.feedback.models import Complaint
from motcua.office.access import forbidden, roles_of, staff_required
from motcua.office.pages import error_text, office_page
from motcua.office.views.leader import page_number

_NOT_HANDLER = "Trang này dành cho cán bộ xử lý phản ánh, kiến nghị của cơ quan."
_MAX_ID = 2**63 - 1

# What each button calls, with the text field it needs (if any) and what it says after.
_ACTS: dict[str, tuple[Callable[..., Complaint], str, str]] = {
    ComplaintAction.ACCEPT: (
        lambda item, actor, text: svc.complaint_accept(actor=actor, complaint=item),
        "",
        "Đã tiếp nhận phản ánh.",
    ),
    ComplaintAction.REFUSE: (
        lambda item, actor, text: svc.complaint_refuse(actor=actor, complaint=item, reason=text),
        "ly_do",
        "Đã từ chối tiếp nhận phản ánh.",
    ),
    ComplaintAction.REQUEST_INFO: (
        lambda item, actor, text: svc.complaint_request_info(
            actor=actor, complaint=item, request_text=text
        ),
        "noi_dung_bo_sung",
        "Đã gửi đề nghị bổ sung thông tin.",
    ),
    ComplaintAction.ANSWER: (
        lambda item, actor, text: svc.complaint_answer(actor=actor, complaint=item, answer=text),
        "tra_loi",
        "Đã trả lời; người gửi được báo qua tin nhắn hoặc thư.",
    ),
    ComplaintAction.PUBLISH: (
        lambda item, actor, text: svc.complaint_publish(actor=actor, complaint=item),
        "",
        "Đã công khai câu trả lời trên Cổng dịch vụ công.",
    ),
}


def _handler_only(request: HttpRequest) -> HttpResponse | None:
    if FEEDBACK_HANDLER not in roles_of(request.user):
        return forbidden(request, _NOT_HANDLER)
    return None


@staff_required
@require_GET
def feedback_list(request: HttpRequest) -> HttpResponse:
    refused = _handler_only(request)
    if refused:
        return refused
    status = request.GET.get("trang_thai", "")
    status = status if status in ComplaintStatus.values else ""
    page, rows = complaint_list_for_handler(
        user=request.user, status=status, page=page_number(request, "trang")
    )
    counts = complaint_status_counts_for_handler(user=request.user)
    context = office_page(
        request,
        "office:feedback",
        page=page,
        rows=rows,
        status=status,
        tabs=[(value, label, counts[value]) for value, label in ComplaintStatus.choices],
        total=sum(counts.values()),
    )
    return render(request, "office/feedback/list.html", context)


def _detail(
    request: HttpRequest, item: Complaint, *, error: str = "", status: int = 200
) -> HttpResponse:
    allowed = [action for action in _ACTS if item.status in COMPLAINT_TRANSITIONS[action][0]]
    context = office_page(
        request,
        "office:feedback",
        item=item,
        due=due_of(item),
        late=is_late(item, now=timezone.now()),
        allowed=allowed,
        events=item.events.select_related("actor"),
        files=item.files.all(),
        error=error,
        values=request.POST,
    )
    return render(request, "office/feedback/detail.html", context, status=status)


def _item(request: HttpRequest, code: str) -> Complaint:
    try:
        return complaint_get_for_handler(user=request.user, code=code)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc


@staff_required
@require_GET
def feedback_detail(request: HttpRequest, code: str) -> HttpResponse:
    refused = _handler_only(request)
    if refused:
        return refused
    return _detail(request, _item(request, code))


@staff_required
@require_POST
def feedback_act(request: HttpRequest, code: str, action: str) -> HttpResponse:
    refused = _handler_only(request)
    if refused:
        return refused
    item = _item(request, code)
    act = _ACTS.get(action)
    if act is None:
        raise Http404("Không có thao tác này.")
    call, field, done = act
    try:
        call(item, request.user, request.POST.get(field, "") if field else "")
    except ApplicationError as exc:
        status = exc.http_status if 400 <= exc.http_status < 500 else 400
        return _detail(request, item, error=error_text(exc.message), status=status)
    messages.success(request, done)
    return redirect("office:feedback_detail", code=item.code)


@staff_required
@require_GET
def feedback_file(request: HttpRequest, code: str, file_id: int) -> HttpResponse:
    """An attachment, downloaded (never shown inline in the office's origin)."""
    refused = _handler_only(request)
    if refused:
        return refused
    if file_id > _MAX_ID:
        raise Http404("Không tìm thấy tệp.")
    try:
        found = complaint_file_get_for_handler(user=request.user, code=code, file_id=file_id)
        handle = found.file.open("rb")
    except (NotFoundError, FileNotFoundError) as exc:
        raise Http404("Không tìm thấy tệp.") from exc
    response: Any = FileResponse(
        handle, as_attachment=True, filename=found.name, content_type=found.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
