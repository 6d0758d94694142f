"""/nop-ho-so/<procedure code>/: a signed-in citizen or organisation files a dossier
online (issue 5 §3), step by step: applicant → e-form (when the version has one) →
papers with their files → result delivery → review and submit. Each step is checked
here and kept in the person's draft (``dossiers.drafts``), so they can leave and come
back where they were; submitting calls ``workflow.services.dossier_submit_online`` with
the draft's key, so a double click gives one dossier. Plain forms, no script needed.
A refused step shows every problem at once, next to its field, and stores nothing."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from motcua.catalog.appointments import Channel, appointment_estimate
from motcua.catalog.constants import OnlineMode
from motcua.catalog.eforms import eform_answers_from_post, eform_validate
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.selectors import procedure_version_for_intake
from motcua.core.exceptions import ApplicationError, InvalidInputError, NotFoundError
from motcua.dossiers import drafts
from motcua.dossiers.constants import ResultDelivery
from motcua.dossiers.models import SubmissionDraft
from motcua.portal.submission.access import is_applicant, may_submit
from motcua.portal.submission.flow import (
    APPLICANT,
    CODE_CHARS,
    DELIVERY,
    EFORM,
    EFORM_PREFIX,
    PAPERS,
    REVIEW,
    Step,
    applicant_of,
    readable,
    step_slugs,
)
from motcua.portal.submission.forms import ApplicantForm, DeliveryForm
from motcua.portal.submission.papers import papers_of, papers_step
from motcua.workflow import services


def _size_capped(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Refuse a request body above DATA_UPLOAD_MAX_MEMORY_SIZE before anything reads
    it: Django bounds only the non-file fields, so the papers step bounds the whole
    upload here. The CSRF check runs after, on bodies of a sane size."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if request.method == "POST" and limit is not None and length > limit:
            return render(
                request,
                "portal/submission/too_large.html",
                {"limit_mb": limit // 1_048_576, "back": request.path},
                status=413,
            )
        return protected(request, *args, **kwargs)

    return wrapper


def _version_or_page(request: HttpRequest, code: str) -> ProcedureVersion | HttpResponse:
    """The version in force of procedure ``code`` if this person may file it online,
    else the page that says why (sign in, not an applicant, not online)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("portal:login"))
    if not may_submit(request.user):
        template = "unverified" if is_applicant(request.user) else "refused"
        return render(request, f"portal/submission/{template}.html", status=403)
    if not code or len(code) > 40 or not set(code) <= CODE_CHARS:
        raise Http404("Không tìm thấy thủ tục.")
    try:
        version = procedure_version_for_intake(code=code)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    if version.online_mode == OnlineMode.NONE:
        return render(request, "portal/submission/not_online.html", {"version": version})
    return version


def _outdated(request: HttpRequest, version: ProcedureVersion) -> HttpResponse:
    return render(request, "portal/submission/outdated.html", {"version": version})


def start(request: HttpRequest, code: str) -> HttpResponse:
    """Where the catalog's "Nộp hồ sơ trực tuyến" leads: the step the person's draft
    reached, or the first."""
    found = _version_or_page(request, code)
    if isinstance(found, HttpResponse):
        return found
    draft = drafts.draft_get(owner=request.user, procedure=found.procedure)
    if draft is not None and draft.version_id != found.pk:
        return _outdated(request, found)
    slugs = step_slugs(found)
    slug = draft.step if draft is not None and draft.step in slugs else slugs[0]
    return redirect("portal:submission_step", found.procedure.code, slug)


@require_POST
def restart(request: HttpRequest, code: str) -> HttpResponse:
    """Throw the draft away (it was of an older version, or the person wants to)."""
    found = _version_or_page(request, code)
    if isinstance(found, HttpResponse):
        return found
    draft = drafts.draft_get(owner=request.user, procedure=found.procedure)
    if draft is not None:
        with transaction.atomic():
            drafts.draft_delete(draft=draft)
    messages.info(request, "Đã xóa bản nháp. Mời bạn khai lại từ đầu.")
    return redirect("portal:submission_step", found.procedure.code, step_slugs(found)[0])


@_size_capped
def step(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    found = _version_or_page(request, code)
    if isinstance(found, HttpResponse):
        return found
    slugs = step_slugs(found)
    if slug not in slugs:
        raise Http404("Không có bước này.")
    draft = drafts.draft_get(owner=request.user, procedure=found.procedure)
    if slug == REVIEW and request.method == "POST" and draft is None:
        # The draft is deleted once filed: a second click finds the dossier it became.
        filed = drafts.dossier_of_draft_token(
            owner=request.user, token=request.POST.get("nhap", "")
        )
        if filed is None:
            raise Http404("Không tìm thấy hồ sơ đang soạn.")
        return redirect("portal:submission_receipt", filed.code)
    if draft is not None and draft.version_id != found.pk:
        return _outdated(request, found)
    current = Step(request=request, version=found, draft=draft, slugs=slugs, slug=slug)
    if current.index > current.reached:
        return redirect(current.url(slugs[current.reached]))
    return _HANDLERS[slug](current)


# --- step 1: the applicant -----------------------------------------------------------


def _applicant(current: Step) -> HttpResponse:
    request = current.request
    if request.method == "POST":
        form = ApplicantForm(request.POST, version=current.version)
        if form.is_valid():
            return current.advance(form.answers())
    else:
        form = ApplicantForm(
            initial=ApplicantForm.initial_from(current.answers), version=current.version
        )
    errors = _form_errors(form)
    return current.render(
        "portal/submission/applicant.html",
        {"form": form, "applicant": applicant_of(request.user), "errors": errors},
        status=422 if errors else 200,
    )


def _form_errors(form: Any) -> list[dict[str, str]]:
    """The error summary: each message with the id of the field it belongs to."""
    if not form.is_bound:
        return []
    rows: list[dict[str, str]] = []
    for name, errors in form.errors.items():
        anchor = f"id_{name}" if name != "__all__" else ""
        if name in form.fields and getattr(form.fields[name].widget, "input_type", "") == "radio":
            anchor = f"id_{name}_0"
        rows.extend({"anchor": anchor, "message": str(message)} for message in errors)
    return rows


# --- step 2: the e-form --------------------------------------------------------------


def _eform_rows(
    schema: list[dict[str, Any]], values: dict[str, Any], errors: dict[str, str]
) -> list[dict[str, Any]]:
    return [
        {
            "field": field,
            "input": EFORM_PREFIX + field["name"],
            "value": values.get(field["name"], ""),
            "error": errors.get(field["name"], ""),
        }
        for field in schema
    ]


def _eform(current: Step) -> HttpResponse:
    schema = current.version.eform_schema
    values: dict[str, Any] = current.answers.get("eform", {})
    errors: dict[str, str] = {}
    summary: list[dict[str, str]] = []
    if current.request.method == "POST":
        values = eform_answers_from_post(schema, current.request.POST, prefix=EFORM_PREFIX)
        try:
            cleaned = eform_validate(schema, values)
        except InvalidInputError as exc:
            for problem in exc.detail.get("errors", []):
                errors.setdefault(problem["field"], problem["message"])
            labels = {field["name"]: field["label"] for field in schema}
            summary = [
                {
                    "anchor": EFORM_PREFIX + name if name in labels else "",
                    "message": message
                    if name not in labels or labels[name] in message
                    else f"{labels[name]}: {message}",
                }
                for name, message in errors.items()
            ]
        else:
            return current.advance({"eform": cleaned})
    status = 422 if summary else 200
    return current.render(
        "portal/submission/eform.html",
        {"rows": _eform_rows(schema, values, errors), "errors": summary},
        status=status,
    )


# --- step 4: result delivery ---------------------------------------------------------


def _delivery(current: Step) -> HttpResponse:
    request = current.request
    if request.method == "POST":
        form = DeliveryForm(request.POST, version=current.version)
        if form.is_valid():
            return current.advance(form.answers())
    else:
        chosen = current.answers.get("delivery") or {}
        form = DeliveryForm(
            initial={
                "cach_nhan": chosen.get("way", ResultDelivery.COUNTER),
                "dia_chi": chosen.get("address") or applicant_of(request.user).address,
            },
            version=current.version,
        )
    errors = _form_errors(form)
    return current.render(
        "portal/submission/delivery.html",
        {"form": form, "errors": errors},
        status=422 if errors else 200,
    )


# --- step 5: review and submit -------------------------------------------------------


def _eform_review(version: ProcedureVersion, data: dict[str, Any]) -> list[tuple[str, str]]:
    """The answers under their labels, as the applicant typed them."""
    rows = []
    for field in version.eform_schema:
        if field["name"] not in data:
            continue
        value = data[field["name"]]
        if isinstance(value, bool):
            value = "Có" if value else "Không"
        elif field["type"] == "choice":
            value = {c["value"]: c["label"] for c in field["choices"]}.get(value, value)
        elif field["type"] == "date" and isinstance(value, str) and len(value) == 10:
            value = f"{value[8:10]}/{value[5:7]}/{value[0:4]}"
        rows.append((field["label"], str(value)))
    return rows


def _review(current: Step) -> HttpResponse:
    request = current.request
    draft = current.draft
    if draft is None:
        return redirect(current.url(current.slugs[0]))
    error = ""
    if request.method == "POST":
        if request.POST.get("nhap") != str(draft.token):
            filed = drafts.dossier_of_draft_token(
                owner=request.user, token=request.POST.get("nhap", "")
            )
            if filed is None:
                raise Http404("Không tìm thấy hồ sơ đang soạn.")
            return redirect("portal:submission_receipt", filed.code)
        try:
            dossier = _submit(current, draft)
        except ApplicationError as exc:
            error = readable(exc.message)
        else:
            with transaction.atomic():
                drafts.draft_delete(draft=draft)
            return redirect("portal:submission_receipt", dossier.code)
    answers = draft.answers
    agency_code = answers.get("agency") or ""
    agencies = list(current.version.agencies.all())
    agency = next((a for a in agencies if a.code == agency_code), agencies[0] if agencies else None)
    delivery = answers.get("delivery") or {}
    papers = papers_of(current)
    return current.render(
        "portal/submission/review.html",
        {
            "draft": draft,
            "applicant": applicant_of(request.user),
            "agency": agency,
            "representative": answers.get("representative"),
            "eform": _eform_review(current.version, answers.get("eform", {})),
            "papers": papers,
            "delivery_label": ResultDelivery(delivery["way"]).label
            if delivery.get("way") in ResultDelivery.values
            else "",
            "delivery_address": delivery.get("address", ""),
            "error": error,
            "errors": [{"anchor": "", "message": error}] if error else [],
        },
        status=422 if error else 200,
    )


def _submit(current: Step, draft: SubmissionDraft) -> Any:
    answers = draft.answers
    agency_code = answers.get("agency") or ""
    agency = next((a for a in current.version.agencies.all() if a.code == agency_code), None)
    representative = answers.get("representative")
    delivery = answers.get("delivery") or {}
    key = drafts.submission_key(draft)
    dossier, _created = services.dossier_submit_online(
        actor=current.request.user,
        version=current.version,
        agency=agency,
        components=drafts.draft_components(draft=draft),
        eform_data=answers.get("eform", {}),
        result_delivery=delivery.get("way", ""),
        delivery_address=delivery.get("address", ""),
        representative=services.Representative(**representative) if representative else None,
        idempotency_key=key,
        fingerprint=key,
    )
    return dossier


_HANDLERS: dict[str, Callable[[Step], HttpResponse]] = {
    APPLICANT: _applicant,
    EFORM: _eform,
    PAPERS: papers_step,
    DELIVERY: _delivery,
    REVIEW: _review,
}


# --- the receipt ---------------------------------------------------------------------


def receipt(request: HttpRequest, code: str) -> HttpResponse:
    """What the applicant sees once filed: the code to track it by and when the result
    is expected. An online dossier waits (Mới đăng ký) until the one-stop unit receives
    it; its time limit then runs from the submission (``dossier_receive``), so the
    expected date is that of a receipt without corrections."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("portal:login"))
    try:
        dossier = drafts.dossier_submitted_get(owner=request.user, code=code[:60])
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    expected = None
    if dossier.appointment_at is None:
        try:
            expected = appointment_estimate(
                version=dossier.version,
                received_at=dossier.submitted_at,
                channel=Channel.ONLINE,
                one_stop_unit=dossier.receiving_unit,
            ).appointment_at
        except ApplicationError:
            expected = None
    return render(
        request, "portal/submission/receipt.html", {"dossier": dossier, "expected": expected}
    )
