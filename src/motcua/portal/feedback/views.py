"""Feedback and complaints for anyone, without an account: send one, keep its code,
look it up with the code and the phone or e-mail given, answer a request for more
information, vote on the answer, complain again; and read the published answers.

A successful lookup (or the sending itself) puts the item's code in the session: the
follow-up pages need it, so a code alone opens nothing. Views parse and call the
feedback services; they decide nothing."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile as DjangoUpload
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from motcua.agencies.selectors import agency_list
from motcua.catalog.selectors import procedure_get_public
from motcua.core.exceptions import ApplicationError, InvalidInputError, NotFoundError
from motcua.dossiers.services import UploadedFile
from motcua.feedback import complaint_input
from motcua.feedback import complaints as svc
from motcua.feedback.complaint_selectors import (
    complaint_find_for_sender,
    complaint_get_for_sender,
    complaint_get_published,
    complaint_published_page,
)
from motcua.feedback.constants import (
    ANSWERED_STATES,
    COMPLAINT_FILES_MAX,
    ComplaintKind,
    ComplaintStatus,
)
from motcua.feedback.models import Complaint
from motcua.workflow.selectors import mask_person_name

_GRANTS = "feedback_codes"
_GRANTS_KEPT = 20


def _readable(exc: ApplicationError) -> str:
    """Service messages read "Vietnamese text (English gloss)."; people see the
    Vietnamese text."""
    head, sep, tail = exc.message.rstrip(".").rpartition(" (")
    return head + "." if sep and tail.endswith(")") and tail.isascii() else exc.message


def _source(request: HttpRequest) -> str:
    return complaint_input.source_key(request.META.get("REMOTE_ADDR", ""))


def _page(raw: str | None) -> int:
    try:
        return max(1, min(int(raw or 1), 10_000))
    except ValueError:
        return 1


def _files(request: HttpRequest) -> list[UploadedFile]:
    """The uploaded files as bytes; one larger than the limit is read only one byte
    past it, enough for ``file_check`` to refuse it by size."""
    limit = settings.UPLOAD_MAX_BYTES
    uploads: list[DjangoUpload] = request.FILES.getlist("tep")
    return [UploadedFile(name=f.name or "", content=f.read(limit + 1)) for f in uploads[:10]]


def _grant(request: HttpRequest, complaint: Complaint) -> None:
    codes = [c for c in request.session.get(_GRANTS, []) if c != complaint.code]
    request.session[_GRANTS] = [*codes, complaint.code][-_GRANTS_KEPT:]


def _granted(request: HttpRequest, code: str) -> Complaint:
    """The sender's own item: looked up in this session, or sent from their account.
    Anything else is not found (a guessed code tells nothing)."""
    code = code[:20]
    in_session = code in request.session.get(_GRANTS, [])
    if not in_session and not request.user.is_authenticated:
        raise Http404
    try:
        item = complaint_get_for_sender(code=code)
    except NotFoundError as exc:
        raise Http404 from exc
    if not in_session and item.sender_user_id != request.user.pk:
        raise Http404
    return item


def published_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:200]
    page = complaint_published_page(q=q, page=_page(request.GET.get("trang")))
    context = {"q": q, "page": page, "answer_days": settings.PAKN_ANSWER_WORKING_DAYS}
    return render(request, "portal/feedback/list.html", context)


def published_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        item = complaint_get_published(code=code)
    except NotFoundError as exc:
        raise Http404 from exc
    return render(
        request,
        "portal/feedback/published.html",
        {"item": item, "sender": mask_person_name(item.sender_name)},
    )


def _initial(request: HttpRequest) -> dict[str, str]:
    """A signed-in person's name and addresses; the procedure code a link carries."""
    user: Any = request.user
    values = {"thu_tuc": request.GET.get("thu_tuc", "")[:40]}
    if user.is_authenticated:
        values.update(ho_ten=user.full_name, email=user.email or "")
    return values


def _send_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {
        "kinds": ComplaintKind.choices,
        "agencies": agency_list().order_by("name"),
        "values": request.POST if request.method == "POST" else _initial(request),
        "max_files": COMPLAINT_FILES_MAX,
        "max_mb": settings.UPLOAD_MAX_BYTES // 1_048_576,
        **extra,
    }


def send(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "portal/feedback/send.html", _send_context(request))
    post = request.POST
    try:
        agency = agency_list().filter(pk=_int(post.get("co_quan"))).first()
        if agency is None:
            raise InvalidInputError("Hãy chọn cơ quan nhận phản ánh (agency).", code="agency")
        procedure = None
        procedure_code = post.get("thu_tuc", "").strip()[:40]
        if procedure_code:
            try:
                procedure, _version = procedure_get_public(code=procedure_code, full=False)
            except NotFoundError as exc:
                raise InvalidInputError(
                    f"Không có thủ tục đang áp dụng mang mã “{procedure_code}” "
                    "(unknown procedure).",
                    code="procedure",
                ) from exc
        item = svc.complaint_submit(
            actor=request.user if request.user.is_authenticated else None,
            kind=post.get("loai", ""),
            agency=agency,
            procedure=procedure,
            title=post.get("tieu_de", ""),
            content=post.get("noi_dung", ""),
            sender_name=post.get("ho_ten", ""),
            sender_phone=post.get("dien_thoai", ""),
            sender_email=post.get("email", ""),
            files=_files(request),
            source=_source(request),
        )
    except ApplicationError as exc:
        status = 429 if exc.code == "rate_limited" else 400
        context = _send_context(request, error=_readable(exc))
        return render(request, "portal/feedback/send.html", context, status=status)
    _grant(request, item)
    return redirect("portal:feedback_receipt", code=item.code)


def _int(raw: str | None) -> int:
    try:
        return int(raw or 0)
    except ValueError:
        return 0


def receipt(request: HttpRequest, code: str) -> HttpResponse:
    return render(request, "portal/feedback/receipt.html", {"item": _granted(request, code)})


def lookup(request: HttpRequest) -> HttpResponse:
    code = (request.POST.get("ma") or request.GET.get("ma") or "").strip()[:20]
    if request.method != "POST":
        return render(request, "portal/feedback/lookup.html", {"code": code})
    source = _source(request)
    if not complaint_input.lookup_allowed(source=source):
        context = {"code": code, "error": "Đã tra cứu sai nhiều lần; xin thử lại sau một giờ."}
        return render(request, "portal/feedback/lookup.html", context, status=429)
    try:
        item = complaint_find_for_sender(code=code, contact=request.POST.get("lien_he", ""))
    except NotFoundError as exc:
        complaint_input.lookup_failure_record(source=source)
        context = {"code": code, "not_found": _readable(exc)}
        return render(request, "portal/feedback/lookup.html", context, status=404)
    _grant(request, item)
    return redirect("portal:feedback_mine", code=item.code)


def mine(request: HttpRequest, code: str) -> HttpResponse:
    item = _granted(request, code)
    answered = item.status in ANSWERED_STATES
    follow_up = getattr(item, "follow_up", None)
    context = {
        "follow_up": follow_up,
        "item": item,
        "answered": answered,
        "can_vote": answered and not item.vote,
        "can_follow_up": answered and follow_up is None,
        "needs_info": item.status == ComplaintStatus.MORE_INFO_REQUESTED,
        "events": item.events.all(),
        "max_mb": settings.UPLOAD_MAX_BYTES // 1_048_576,
    }
    return render(request, "portal/feedback/mine.html", context)


def _sender_act(request: HttpRequest, code: str, act: Any, done: str) -> HttpResponse:
    item = _granted(request, code)
    actor = request.user if request.user.is_authenticated else None
    try:
        result = act(item, actor)
    except ApplicationError as exc:
        messages.error(request, _readable(exc))
        return redirect("portal:feedback_mine", code=item.code)
    messages.success(request, done)
    if isinstance(result, Complaint) and result.pk != item.pk:
        _grant(request, result)
        return redirect("portal:feedback_receipt", code=result.code)
    return redirect("portal:feedback_mine", code=item.code)


@require_POST
def vote(request: HttpRequest, code: str) -> HttpResponse:
    choice = request.POST.get("danh_gia", "")[:10]
    return _sender_act(
        request,
        code,
        lambda item, actor: svc.complaint_vote(actor=actor, complaint=item, vote=choice),
        "Cảm ơn ông/bà đã đánh giá câu trả lời.",
    )


@require_POST
def provide_info(request: HttpRequest, code: str) -> HttpResponse:
    return _sender_act(
        request,
        code,
        lambda item, actor: svc.complaint_provide_info(
            actor=actor,
            complaint=item,
            reply=request.POST.get("bo_sung", ""),
            files=_files(request),
        ),
        "Đã gửi thông tin bổ sung.",
    )


@require_POST
def follow_up(request: HttpRequest, code: str) -> HttpResponse:
    return _sender_act(
        request,
        code,
        lambda item, actor: svc.complaint_follow_up(
            actor=actor,
            complaint=item,
            content=request.POST.get("noi_dung", ""),
            files=_files(request),
            source=_source(request),
        ),
        "Đã gửi phản ánh tiếp.",
    )
