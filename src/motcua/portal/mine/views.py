"""/ho-so-cua-toi/: a signed-in citizen's or organisation's own dossiers (issue 5 §4,
§6). Each view finds the dossier through ``workflow.selectors.dossier_get_for_user``
(for an applicant: their own, in SQL), so another person's dossier, a forged code or
a file of another dossier is "not found" on every address. Officers are sent to the
office: the portal shows a person their own papers only. Writes go to the workflow and
feedback services; a refusal re-renders the page with the Vietnamese message and
writes nothing; success redirects (post/redirect/get)."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from motcua.accounts.constants import UserKind
from motcua.catalog.constants import ComponentForm
from motcua.core.exceptions import ApplicationError, NotFoundError
from motcua.dossiers.constants import DossierStatus, ResultDelivery
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import ComponentInput
from motcua.feedback.selectors import online_rating_of
from motcua.feedback.services import rating_record_online
from motcua.portal.mine.forms import (
    RatingForm,
    StatusFilterForm,
    SupplementForm,
    WithdrawForm,
    plain,
)
from motcua.portal.mine.timeline import context_of, notices_of, open_supplement
from motcua.workflow import services
from motcua.workflow.constants import Action
from motcua.workflow.inbox import dossier_file_get_for_user
from motcua.workflow.paperwork import FORM_TITLES, dossier_form_pdf, form_available
from motcua.workflow.selectors import (
    dossier_detail_for,
    dossier_get_for_user,
    dossier_list_for_user,
)

PAGE_SIZE = 10
# The notices addressed to the applicant (Circular 03/2025 Annex I): receipt,
# supplement request, refusal, apology with a new date, stop notice. The
# process-control sheet (06) is the agencies' own record.
APPLICANT_FORMS = (1, 2, 3, 4, 5)
_MAX_ID = 2**63 - 1
_RESULT_TYPES = ("application/pdf", "image/png", "image/jpeg")


def applicant_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous → the portal sign-in, coming back here; an officer → 403 (the
    portal's "my dossiers" is the applicant's; officers work in the office)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if request.user.kind == UserKind.STAFF:
            return render(request, "portal/mine/staff.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def _own(request: HttpRequest, code: str) -> Dossier:
    try:
        return dossier_get_for_user(user=request.user, code=code[:40])
    except NotFoundError as exc:
        raise Http404(plain(exc.message)) from exc


@applicant_required
@require_GET
def dossier_list(request: HttpRequest) -> HttpResponse:
    form = StatusFilterForm(request.GET)
    status = form.cleaned_data["trang_thai"] if form.is_valid() else ""
    page = Paginator(
        dossier_list_for_user(user=request.user, status=status or None), PAGE_SIZE
    ).get_page(request.GET.get("trang"))
    return render(request, "portal/mine/list.html", {"form": form, "page": page, "status": status})


def _detail_page(
    request: HttpRequest, dossier: Dossier, *, template: str, status: int = 200, **extra: Any
) -> HttpResponse:
    detail = dossier_detail_for(user=request.user, dossier=dossier)
    notices = notices_of(dossier)
    context = {
        "detail": detail,
        "dossier": dossier,
        "status_label": DossierStatus(dossier.status).label,
        **context_of(detail, notices, now=timezone.now()),
        "forms": [
            (number, FORM_TITLES[number])
            for number in form_available(dossier)
            if number in APPLICANT_FORMS
        ],
        "may_supplement": Action.RECORD_SUPPLEMENT in detail.actions,
        "may_withdraw": Action.WITHDRAW in detail.actions,
        "result": notices.result_return
        if notices.result_return is not None
        and notices.result_return.way == ResultDelivery.ONLINE
        and notices.result_return.file
        else None,
        "rating": online_rating_of(dossier=dossier),
        "may_rate": dossier.status == DossierStatus.RETURNED,
        **extra,
    }
    return render(request, template, context, status=status)


@applicant_required
@require_GET
def dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _detail_page(request, _own(request, code), template="portal/mine/detail.html")


def _refused(exc: ApplicationError) -> int:
    return exc.http_status if 400 <= exc.http_status < 500 else 400


@applicant_required
@require_http_methods(["GET", "POST"])
def supplement(request: HttpRequest, code: str) -> HttpResponse:
    """Upload what the supplement request (Mẫu 02) lists, one file per item; the
    dossier then goes back to the officer (intake) or resumes (appraisal)."""
    dossier = _own(request, code)
    request_row = open_supplement(dossier, notices_of(dossier))
    if request_row is None:
        return _detail_page(
            request,
            dossier,
            template="portal/mine/detail.html",
            status=409,
            error="Hồ sơ này hiện không chờ bổ sung: không có giấy tờ nào cần nộp thêm.",
        )
    template = "portal/mine/supplement.html"
    if request.method == "GET":
        form = SupplementForm(request=request_row)
        return _detail_page(request, dossier, template=template, form=form)
    form = SupplementForm(request.POST, request.FILES, request=request_row)
    if not form.is_valid():
        return _detail_page(request, dossier, template=template, form=form, status=400)
    components = [
        ComponentInput(
            required=item.component,
            name=item.name,
            # An item the officer named without a catalog paper: an uploaded scan.
            form=item.component.form if item.component else ComponentForm.COPY,
            files=(upload,),
        )
        for item, upload in form.uploads()
    ]
    try:
        services.dossier_record_supplement(
            dossier=dossier,
            actor=request.user,
            components=components,
            note=form.cleaned_data["note"],
        )
    except ApplicationError as exc:
        return _detail_page(
            request,
            dossier,
            template=template,
            form=form,
            error=plain(exc.message),
            status=_refused(exc),
        )
    messages.success(request, "Đã nộp bổ sung hồ sơ. Cơ quan tiếp tục giải quyết hồ sơ của bạn.")
    return redirect("portal:mine:detail", code=dossier.code)


@applicant_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, code: str) -> HttpResponse:
    """Rút hồ sơ: the applicant asks, with a reason and a confirmation, before a
    decision (Decree 118/2025 Art. 21); the one-stop unit then issues the stop
    notice."""
    dossier = _own(request, code)
    template = "portal/mine/withdraw.html"
    if request.method == "GET":
        return _detail_page(request, dossier, template=template, form=WithdrawForm())
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, dossier, template=template, form=form, status=400)
    try:
        services.dossier_withdraw(
            dossier=dossier, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except ApplicationError as exc:
        return _detail_page(
            request,
            dossier,
            template=template,
            form=form,
            error=plain(exc.message),
            status=_refused(exc),
        )
    messages.success(request, "Đã gửi đề nghị rút hồ sơ.")
    return redirect("portal:mine:detail", code=dossier.code)


@applicant_required
@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, code: str) -> HttpResponse:
    """The applicant rates their returned dossier once (issue 5 §6)."""
    dossier = _own(request, code)
    template = "portal/mine/rate.html"
    if request.method == "GET":
        return _detail_page(request, dossier, template=template, form=RatingForm())
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, dossier, template=template, form=form, status=400)
    try:
        rating_record_online(
            actor=request.user,
            dossier=dossier,
            level=form.cleaned_data["level"],
            comment=form.cleaned_data["comment"],
        )
    except ApplicationError as exc:
        return _detail_page(
            request,
            dossier,
            template=template,
            form=form,
            error=plain(exc.message),
            status=_refused(exc),
        )
    messages.success(request, "Cảm ơn bạn đã đánh giá.")
    return redirect("portal:mine:detail", code=dossier.code)


def _attachment(handle: Any, *, filename: str, content_type: str) -> HttpResponse:
    """A stored file, always downloaded (never shown inline: a file cannot run in the
    portal's origin), not cached by shared caches."""
    response: Any = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@applicant_required
@require_GET
def result_download(request: HttpRequest, code: str) -> HttpResponse:
    """The electronic result, when it was delivered online (Decree 118/2025 Art. 22)."""
    dossier = _own(request, code)
    result = notices_of(dossier).result_return
    if result is None or result.way != ResultDelivery.ONLINE or not result.file:
        raise Http404("Hồ sơ này không có kết quả điện tử.")
    try:
        handle = result.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Tệp kết quả không còn trong kho lưu trữ.") from exc
    guessed = mimetypes.guess_type(result.file_name)[0]
    return _attachment(
        handle,
        filename=result.file_name or f"ket-qua-{dossier.code}",
        content_type=guessed if guessed in _RESULT_TYPES else "application/octet-stream",
    )


@applicant_required
@require_GET
def file_download(request: HttpRequest, code: str, file_id: int) -> HttpResponse:
    """A file the applicant attached to their dossier."""
    if file_id > _MAX_ID:
        raise Http404("Không tìm thấy tệp.")
    try:
        found = dossier_file_get_for_user(user=request.user, code=code[:40], file_id=file_id)
    except NotFoundError as exc:
        raise Http404(plain(exc.message)) from exc
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Tệp không còn trong kho lưu trữ.") from exc
    return _attachment(handle, filename=found.name, content_type=found.content_type)


@applicant_required
@require_GET
def form_download(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """A notice addressed to the applicant (Mẫu 01–05) as PDF, once it applies."""
    dossier = _own(request, code)
    if number not in APPLICANT_FORMS:
        raise Http404("Không có biểu mẫu này.")
    try:
        pdf = dossier_form_pdf(dossier=dossier, number=number)
    except NotFoundError as exc:
        raise Http404(plain(exc.message)) from exc
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="mau-{number:02d}-{dossier.code}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
