"""The counter's rating screen (project issue 4, point 8).

The officer invites the person just served from the dossier page (``rating_invite``);
the unit's kiosk page (a second screen or a tablet at the counter, signed in as a
counter officer of the unit) polls for the current prompt, shows the dossier just
handled (code, procedure, the applicant's name masked) and four big buttons; a tap
records the rating and thanks the person, then the screen goes back to idle. A poll
that finds the same prompt still shown answers 204, so the screen is not redrawn under
the person's finger (and a slow link carries nothing)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from motcua.agencies.models import OneStopUnit
from motcua.agencies.selectors import one_stop_unit_get_by_code
from motcua.core.exceptions import ApplicationError, NotFoundError
from motcua.dossiers.constants import ApplicantKind
from motcua.feedback.constants import RatingLevel
from motcua.feedback.models import KioskPrompt
from motcua.feedback.selectors import kiosk_prompt_current, kiosk_prompt_get
from motcua.feedback.services import kiosk_prompt_open, rating_record
from motcua.office.access import forbidden, staff_required
from motcua.office.pages import error_text
from motcua.workflow.permissions import is_counter_officer_at
from motcua.workflow.selectors import dossier_get_for_user, mask_person_name

# How long the thanks stay on the screen before it goes back to idle.
THANKS_SECONDS = 5


def _unit(request: HttpRequest, code: str) -> OneStopUnit | None:
    """The kiosk's one-stop unit, if the signed-in officer is its counter officer."""
    try:
        unit = one_stop_unit_get_by_code(code=code[:40])
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    if not is_counter_officer_at(request.user, one_stop_unit_id=unit.pk, agency_id=unit.agency_id):
        return None
    return unit


def _refused(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "office/kiosk/refused.html", {"message": message}, status=status)


def _shown(prompt: KioskPrompt | None) -> dict[str, object]:
    """What the screen may show of the dossier: nothing personal (DOMAIN.md §3, as
    public tracking shows it)."""
    if prompt is None:
        return {"prompt": None, "shown_id": 0}
    dossier = prompt.dossier
    name = dossier.applicant_name
    if dossier.applicant_kind == ApplicantKind.CITIZEN:
        name = mask_person_name(name)
    return {
        "prompt": prompt,
        "shown_id": prompt.pk,
        "code": dossier.code,
        "procedure": dossier.procedure.name,
        "applicant": name,
        "levels": RatingLevel.choices,
    }


@staff_required
def kiosk_page(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = _unit(request, unit_code)
    if unit is None:
        return forbidden(
            request, "Màn hình đánh giá chỉ mở được bằng tài khoản cán bộ một cửa của bộ phận này."
        )
    context = {"unit": unit, **_shown(kiosk_prompt_current(one_stop_unit=unit))}
    return render(request, "office/kiosk/page.html", context)


@staff_required
def kiosk_current(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = _unit(request, unit_code)
    if unit is None:
        return _refused(request, "Màn hình đánh giá không thuộc bộ phận của bạn.", 403)
    shown = _shown(kiosk_prompt_current(one_stop_unit=unit))
    if request.headers.get("HX-Request") and request.GET.get("hien") == str(shown["shown_id"]):
        return HttpResponse(status=204)
    return render(request, "office/kiosk/current.html", {"unit": unit, **shown})


@staff_required
@require_POST
def kiosk_rate(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = _unit(request, unit_code)
    if unit is None:
        return _refused(request, "Màn hình đánh giá không thuộc bộ phận của bạn.", 403)
    raw = request.POST.get("prompt", "")
    prompt = kiosk_prompt_get(pk=int(raw)) if raw.isdigit() and len(raw) < 19 else None
    if prompt is None or prompt.one_stop_unit_id != unit.pk:
        return _refused(request, "Lượt đánh giá không thuộc màn hình này.", 403)
    try:
        rating_record(actor=request.user, prompt=prompt, level=request.POST.get("level", "")[:40])
    except ApplicationError as exc:
        status = exc.http_status if 400 <= exc.http_status < 500 else 400
        return _refused(request, error_text(exc.message), status)
    if not request.headers.get("HX-Request"):
        messages.success(request, "Cảm ơn quý khách đã đánh giá!")
        return redirect("office:kiosk", unit_code=unit.code)
    return render(request, "office/kiosk/thanks.html", {"unit": unit, "seconds": THANKS_SECONDS})


@staff_required
@require_POST
def rating_invite(request: HttpRequest, code: str) -> HttpResponse:
    try:
        dossier = dossier_get_for_user(user=request.user, code=code[:40])
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    try:
        kiosk_prompt_open(actor=request.user, dossier=dossier)
    except ApplicationError as exc:
        status = exc.http_status if 400 <= exc.http_status < 500 else 400
        return render(
            request,
            "office/kiosk/invite_refused.html",
            {"message": error_text(exc.message), "dossier": dossier},
            status=status,
        )
    messages.success(
        request,
        f"Đã mời người dân đánh giá trên màn hình tại quầy ({dossier.receiving_unit.name}).",
    )
    return redirect("office:dossier", code=dossier.code)
