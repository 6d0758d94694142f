"""/office/tiep-nhan/: the counter officer receives a paper dossier (DOMAIN.md §2.2).

One page, one form: the procedure (found by typing without diacritics), the applicant
(looked up by citizen ID or tax code, or typed in new), the checklist of the version's
papers (present or not, form, count, scans), the number of sets, the result delivery,
the appointment shown before confirming, and three outcome buttons:

- "Tiếp nhận": ``dossier_receive_at_counter`` (Mẫu 01);
- "Yêu cầu bổ sung": ``dossier_register_at_counter`` then ``dossier_request_supplement``
  (Mẫu 02, every missing or wrong paper with its reason, in one go);
- "Từ chối tiếp nhận": ``dossier_register_at_counter`` then ``dossier_refuse`` (Mẫu 03).

Every dossier handled at the counter is registered with a code (Decree 118 Art. 11),
so the last two register it first, in the same transaction. The htmx fragments
(procedure search, applicant lookup, checklist, appointment) are GETs that read only.
A refused POST comes back with everything typed (files aside: the page names the files
to choose again) and writes nothing.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_GET

from motcua.accounts.models import Citizen, Organisation
from motcua.accounts.selectors import citizen_get_by_id, organisation_get_by_tax_code
from motcua.agencies.models import OneStopUnit
from motcua.catalog.appointments import appointment_estimate
from motcua.catalog.constants import ComponentForm
from motcua.catalog.eforms import eform_answers_from_post
from motcua.catalog.models import ProcedureVersion, RequiredComponent
from motcua.catalog.selectors import procedure_search_page, procedure_version_for_intake
from motcua.core.exceptions import ApplicationError, NotFoundError
from motcua.dossiers.constants import Channel, Decision, DossierStatus, ResultDelivery
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import ComponentInput, UploadedFile, file_check
from motcua.office.access import forbidden, staff_required
from motcua.office.pages import error_text, office_page
from motcua.workflow import permissions, services
from motcua.workflow.queues import counter_units_of
from motcua.workflow.selectors import dossier_get_for_user

MAX_FILES = 10
# The page remembers the forms it has already acted on (a double click, a reload of
# the POST, a second tab): the second one is refused, nothing written.
_DONE_KEY = "office_counter_done"
_DONE_KEEP = 30

_CITIZEN_ID = re.compile(r"[0-9]{12}")
_TAX_CODE = re.compile(r"[0-9]{10}(-[0-9]{3})?")
_PROCEDURE_CODE = re.compile(r"[A-Za-z0-9._-]{1,40}")

OUTCOMES = {
    "receive": "Tiếp nhận",
    "supplement": "Yêu cầu bổ sung",
    "refuse": "Từ chối tiếp nhận",
}
DEFAULT_SUPPLEMENT_REASON = "Hồ sơ chưa đầy đủ, hợp lệ theo quy định."
MISSING_REASON = "Chưa nộp"


class CounterForm(forms.Form):
    """Everything the officer types, papers aside (one row each, parsed below)."""

    don_vi = forms.ChoiceField(label="Bộ phận một cửa")
    thu_tuc = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    # A procedure several agencies decide (a commune's, in every commune): the officer
    # names the one, wherever the applicant lives (Decree 118: receipt regardless of
    # administrative boundary); the choices are the version's (``_deciding``).
    co_quan = forms.CharField(required=False, max_length=40)
    so_dinh_danh = forms.CharField(
        label="Số định danh cá nhân (12 số) hoặc mã số thuế",
        max_length=14,
        error_messages={"required": "Cần nhập số định danh cá nhân hoặc mã số thuế."},
    )
    ho_ten = forms.CharField(label="Họ và tên / tên tổ chức", max_length=300, required=False)
    dien_thoai = forms.CharField(label="Điện thoại", max_length=20, required=False)
    dia_chi = forms.CharField(label="Địa chỉ", max_length=300, required=False)
    email = forms.EmailField(
        label="Thư điện tử",
        max_length=254,
        required=False,
        error_messages={"invalid": "Thư điện tử không đúng định dạng."},
    )
    # Decree 118/2025 Art. 15 (DOMAIN.md §2.1): papers come in person or by post; both
    # are received here, against the same checklist and paper cut-off.
    kenh = forms.ChoiceField(
        label="Hồ sơ nộp",
        choices=[(Channel.COUNTER, "Trực tiếp tại quầy"), (Channel.POSTAL, "Qua bưu chính")],
        initial=Channel.COUNTER,
        required=False,
        widget=forms.RadioSelect,
    )
    so_bo = forms.IntegerField(
        label="Số bộ hồ sơ",
        min_value=1,
        max_value=20,
        initial=1,
        error_messages={
            "required": "Cần nhập số bộ hồ sơ.",
            "invalid": "Số bộ hồ sơ là một số.",
            "min_value": "Số bộ hồ sơ từ 1 đến 20.",
            "max_value": "Số bộ hồ sơ từ 1 đến 20.",
        },
    )
    nhan_ket_qua = forms.ChoiceField(
        label="Hình thức nhận kết quả",
        choices=ResultDelivery.choices,
        initial=ResultDelivery.COUNTER,
        widget=forms.RadioSelect,
    )
    dia_chi_nhan = forms.CharField(
        label="Địa chỉ nhận kết quả qua bưu chính", max_length=300, required=False
    )
    ly_do_bo_sung = forms.CharField(
        label="Hướng dẫn chung (Mẫu 02)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    ly_do_tu_choi = forms.CharField(
        label="Lý do từ chối (Mẫu 03)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    can_cu = forms.CharField(label="Căn cứ pháp lý", max_length=500, required=False)
    ket_qua = forms.ChoiceField(
        choices=list(OUTCOMES.items()),
        widget=forms.HiddenInput,
        error_messages={
            "required": "Chọn một thao tác: Tiếp nhận, Yêu cầu bổ sung hoặc Từ chối tiếp nhận.",
            "invalid_choice": "Thao tác không hợp lệ.",
        },
    )
    phieu = forms.CharField(
        max_length=40,
        widget=forms.HiddenInput,
        error_messages={"required": "Trang đã cũ: hãy mở lại trang tiếp nhận."},
    )

    def __init__(self, *args: Any, units: list[OneStopUnit], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        unit_field = self.fields["don_vi"]
        assert isinstance(unit_field, forms.ChoiceField)  # noqa: S101 (for the type checker)
        unit_field.choices = [(unit.code, unit.name) for unit in units]
        for name in ("so_dinh_danh", "ho_ten", "dien_thoai", "dia_chi", "email"):
            self.fields[name].widget.attrs["autocomplete"] = "off"
        for bound in self.fields.values():
            limit = getattr(bound, "max_length", None)
            if limit:
                label = bound.label or "Giá trị"
                bound.error_messages["max_length"] = f"{label} tối đa {limit} ký tự."

    def clean_so_dinh_danh(self) -> str:
        # [0-9], not \d: identity numbers are ASCII digits only.
        value = self.cleaned_data["so_dinh_danh"].strip()
        if not (_CITIZEN_ID.fullmatch(value) or _TAX_CODE.fullmatch(value)):
            raise forms.ValidationError(
                "Số định danh cá nhân gồm 12 chữ số; mã số thuế gồm 10 chữ số (hoặc 10 số, "
                "dấu gạch và 3 số)."
            )
        return value

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        outcome = data.get("ket_qua")
        if not data.get("thu_tuc"):
            self.add_error(None, "Chưa chọn thủ tục: gõ tên thủ tục rồi bấm “Chọn”.")
        if data.get("nhan_ket_qua") == ResultDelivery.POST and not data.get("dia_chi_nhan"):
            self.add_error("dia_chi_nhan", "Cần địa chỉ để gửi kết quả qua bưu chính.")
        if outcome == "refuse":
            if not data.get("ly_do_tu_choi"):
                self.add_error("ly_do_tu_choi", "Cần nêu lý do từ chối tiếp nhận.")
            if not data.get("can_cu"):
                self.add_error("can_cu", "Cần nêu căn cứ pháp lý của việc từ chối.")
        return data


@dataclass
class PaperRow:
    """One paper of the checklist, as the officer filled it in."""

    component: RequiredComponent
    present: bool = False
    form: str = ""
    count: int = 1
    reason: str = ""
    files: list[UploadedFile] = field(default_factory=list)
    file_names: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"p{self.component.pk}"


EFORM_PREFIX = "tk-"


def _deciding(version: ProcedureVersion | None, code: str, unit: OneStopUnit | None) -> Any:
    """The competent agencies of ``version`` to choose from when there are several, and
    the one chosen: ``code`` if it is one of them, else the unit's own agency if it is
    (the usual case), else none yet (the service then asks for one)."""
    agencies = list(version.agencies.all()) if version is not None else []
    if len(agencies) < 2:
        return {"agencies": [], "chosen": None}
    by_code = {agency.code: agency for agency in agencies}
    chosen = by_code.get(code) or (by_code.get(unit.agency.code) if unit and not code else None)
    return {"agencies": agencies, "chosen": chosen}


def _eform_rows(
    version: ProcedureVersion | None,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """The version's e-form (tờ khai) as the counter page shows it: each field with what
    the officer typed and its error."""
    if version is None:
        return []
    values, errors = values or {}, errors or {}
    return [
        {
            "field": field,
            "input": EFORM_PREFIX + field["name"],
            "value": values.get(field["name"], ""),
            "error": errors.get(field["name"], ""),
        }
        for field in version.eform_schema or []
    ]


def _rows_initial(version: ProcedureVersion) -> list[PaperRow]:
    return [PaperRow(component=c, form=c.form, count=c.count) for c in version.components.all()]


def _rows_posted(version: ProcedureVersion, request: HttpRequest) -> list[PaperRow]:
    rows = []
    for component in version.components.all():
        row = PaperRow(component=component)
        key = f"p{component.pk}"
        row.present = request.POST.get(f"{key}-co") == "1"
        row.form = request.POST.get(f"{key}-hinh-thuc", component.form)
        if row.form not in ComponentForm.values:
            row.errors.append("Hình thức giấy tờ không hợp lệ.")
            row.form = component.form
        raw_count = request.POST.get(f"{key}-so-luong", "1").strip()
        if not raw_count.isascii() or not raw_count.isdigit() or not 1 <= int(raw_count) <= 100:
            row.errors.append("Số lượng là số từ 1 đến 100.")
        else:
            row.count = int(raw_count)
        row.reason = request.POST.get(f"{key}-ly-do", "").strip()
        if len(row.reason) > 1000:
            row.errors.append("Lý do dài quá 1000 ký tự.")
            row.reason = row.reason[:1000]
        if "\x00" in row.reason:
            row.errors.append("Lý do chứa ký tự không hợp lệ.")
            row.reason = row.reason.replace("\x00", "")
        uploads = request.FILES.getlist(f"{key}-tep")
        if len(uploads) > MAX_FILES:
            row.errors.append(f"Tối đa {MAX_FILES} tệp cho mỗi giấy tờ.")
            uploads = []
        limit = settings.UPLOAD_MAX_BYTES
        for upload in uploads:
            name = (upload.name or "tep")[:200]
            row.file_names.append(name)
            if upload.size is not None and upload.size > limit:
                row.errors.append(
                    f"Tệp “{name}” vượt quá dung lượng cho phép {limit // 1_048_576} MB."
                )
                continue
            candidate = UploadedFile(name=name, content=upload.read())
            try:
                file_check(candidate)
            except ApplicationError as exc:
                row.errors.append(f"Tệp “{name}”: {error_text(exc.message)}")
                continue
            row.files.append(candidate)
        if row.files and not row.present:
            row.errors.append("Đã đính kèm bản quét nhưng chưa đánh dấu “Có”.")
        rows.append(row)
    return rows


def _component_inputs(rows: list[PaperRow]) -> list[ComponentInput]:
    return [
        ComponentInput(
            required=row.component,
            name=row.component.name,
            form=row.form,
            count=row.count,
            files=tuple(row.files),
        )
        for row in rows
        if row.present
    ]


def _supplement_items(rows: list[PaperRow]) -> list[services.SupplementItemInput]:
    """Mẫu 02 lists every mandatory paper missing and every paper the officer found
    wrong (a reason typed beside it), each with its reason (Decree 118 Art. 11)."""
    items = []
    for row in rows:
        missing = row.component.mandatory and not row.present
        if missing or row.reason:
            items.append(
                services.SupplementItemInput(
                    name=row.component.name,
                    reason=row.reason or MISSING_REASON,
                    component=row.component,
                )
            )
    return items


def _version(code: str) -> ProcedureVersion | None:
    if not code or not _PROCEDURE_CODE.fullmatch(code):
        return None
    try:
        return procedure_version_for_intake(code=code)
    except NotFoundError:
        return None


def _unit(units: list[OneStopUnit], code: str) -> OneStopUnit | None:
    if not code:
        return units[0] if units else None
    return next((unit for unit in units if unit.code == code), None)


def _receipt_link(code: str, number: str) -> str:
    return reverse("office:dossier_form", args=(code, number))


def _appointment_text(version: ProcedureVersion, unit: OneStopUnit) -> dict[str, Any]:
    """What receipt now would promise: the same computation as
    ``dossier_receive_at_counter`` (``catalog.appointments.appointment_estimate``,
    counter channel, this one-stop unit's calendar)."""
    now = timezone.now()
    estimate = appointment_estimate(
        version=version, received_at=now, channel=Channel.COUNTER, one_stop_unit=unit
    )
    return {"now": now, "estimate": estimate}


def _render(
    request: HttpRequest,
    *,
    units: list[OneStopUnit],
    form: CounterForm,
    version: ProcedureVersion | None,
    unit: OneStopUnit | None,
    rows: list[PaperRow] | None = None,
    applicant: Citizen | Organisation | None = None,
    error: str = "",
    status: int = 200,
    eform: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> HttpResponse:
    if version is not None and rows is None:
        rows = _rows_initial(version)
    chosen_again = [(row.component.name, name) for row in rows or [] for name in row.file_names]
    context = office_page(
        request,
        "office:counter",
        units=units,
        unit=unit,
        form=form,
        version=version,
        rows=rows or [],
        forms_choices=ComponentForm.choices,
        applicant=applicant,
        error=error,
        files_again=chosen_again if status != 200 else [],
        appointment=_appointment_text(version, unit) if version and unit else None,
        deciding=_deciding(version, form["co_quan"].value() or "", unit),
        outcomes=OUTCOMES,
        eform=eform if eform is not None else _eform_rows(version),
        **extra,
    )
    return render(request, "office/counter/page.html", context, status=status)


_NOT_COUNTER = "Trang tiếp nhận hồ sơ dành cho cán bộ một cửa."


@staff_required
def counter_page(request: HttpRequest) -> HttpResponse:
    units = counter_units_of(request.user)
    if not units:
        return forbidden(request, _NOT_COUNTER)
    if request.method == "POST":
        return _counter_post(request, units)
    code = request.GET.get("thu_tuc", "")[:40]
    version = _version(code)
    unit = _unit(units, request.GET.get("don_vi", "")[:40]) or units[0]
    form = CounterForm(
        units=units,
        initial={
            "don_vi": unit.code,
            "thu_tuc": version.procedure.code if version else "",
            "phieu": uuid.uuid4().hex,
            "so_bo": 1,
            "kenh": Channel.COUNTER,
            "nhan_ket_qua": ResultDelivery.COUNTER,
        },
    )
    # Without JavaScript the search is a plain GET of this page.
    q = request.GET.get("q", "")[:200].replace("\x00", "")
    found = procedure_search_page(q=q, page_size=10) if q.strip() else None
    return _render(request, units=units, form=form, version=version, unit=unit, q=q, found=found)


def _done_before(request: HttpRequest, token: str) -> str | None:
    done: dict[str, str] = request.session.get(_DONE_KEY, {})
    return done.get(token)


def _remember_done(request: HttpRequest, token: str, code: str) -> None:
    done: dict[str, str] = dict(request.session.get(_DONE_KEY, {}))
    done[token] = code
    request.session[_DONE_KEY] = dict(list(done.items())[-_DONE_KEEP:])


def _counter_post(request: HttpRequest, units: list[OneStopUnit]) -> HttpResponse:
    posted_unit = request.POST.get("don_vi", "")[:40]
    unit = _unit(units, posted_unit)
    if unit is None:
        return forbidden(
            request, "Bạn không phải cán bộ một cửa của bộ phận này; chưa có gì được ghi."
        )
    form = CounterForm(request.POST, units=units)
    version = _version(request.POST.get("thu_tuc", "")[:40])
    rows = _rows_posted(version, request) if version is not None else []
    answers = (
        eform_answers_from_post(version.eform_schema, request.POST, prefix=EFORM_PREFIX)
        if version is not None and version.eform_schema
        else {}
    )
    eform_errors: dict[str, str] = {}

    def again(error: str = "", status: int = 400) -> HttpResponse:
        return _render(
            request,
            units=units,
            form=form,
            version=version,
            unit=unit,
            rows=rows,
            error=error,
            status=status,
            eform=_eform_rows(version, answers, eform_errors),
        )

    token = request.POST.get("phieu", "")[:40]
    previous = _done_before(request, token) if token else None
    if previous:
        return again(
            f"Phiếu này đã được xử lý: hồ sơ {previous}. Không ghi lần thứ hai; mở trang "
            "tiếp nhận mới cho hồ sơ khác.",
            status=409,
        )
    if request.POST.get("thu_tuc") and version is None:
        return again("Không tìm thấy thủ tục đang có hiệu lực; hãy chọn lại thủ tục.")
    valid = form.is_valid()
    if not valid or any(row.errors for row in rows):
        return again("Hồ sơ chưa ghi được: hãy sửa các mục đánh dấu đỏ bên dưới.")
    assert version is not None  # noqa: S101 (the form requires a procedure)
    data = form.cleaned_data
    outcome = data["ket_qua"]
    items = _supplement_items(rows) if outcome == "supplement" else []
    if outcome == "supplement" and not items:
        return again(
            "Không có giấy tờ nào thiếu hoặc sai: nếu hồ sơ đã đầy đủ, bấm “Tiếp nhận”; nếu "
            "có giấy tờ sai, ghi lý do bên cạnh giấy tờ đó."
        )
    identity = data["so_dinh_danh"]
    is_citizen = bool(_CITIZEN_ID.fullmatch(identity))
    deciding = _deciding(version, data["co_quan"], unit)
    common: dict[str, Any] = {
        "actor": request.user,
        "version": version,
        "agency": deciding["chosen"],
        "one_stop_unit": unit,
        "components": _component_inputs(rows),
        "result_delivery": data["nhan_ket_qua"],
        "delivery_address": data["dia_chi_nhan"],
        "sets_count": data["so_bo"],
        "channel": data["kenh"] or Channel.COUNTER,
    }
    try:
        with transaction.atomic():
            person = services.counter_applicant(
                actor=request.user,
                one_stop_unit=unit,
                citizen_id=identity if is_citizen else "",
                tax_code="" if is_citizen else identity,
                name=data["ho_ten"],
                phone=data["dien_thoai"],
                address=data["dia_chi"],
                email=data["email"],
            )
            if outcome == "receive":
                # The declaration is checked on receipt; a dossier sent back for its
                # papers fills it in when it is received.
                dossier = services.dossier_receive_at_counter(
                    applicant=person, eform_data=answers, **common
                )
            else:
                dossier = services.dossier_register_at_counter(applicant=person, **common)
                if outcome == "supplement":
                    services.dossier_request_supplement(
                        dossier=dossier,
                        actor=request.user,
                        items=items,
                        reason=data["ly_do_bo_sung"] or DEFAULT_SUPPLEMENT_REASON,
                    )
                else:
                    services.dossier_refuse(
                        dossier=dossier,
                        actor=request.user,
                        reason=data["ly_do_tu_choi"],
                        legal_basis=data["can_cu"],
                    )
    except ApplicationError as exc:
        status = exc.http_status if 400 <= exc.http_status < 500 else 400
        if exc.code == "eform_invalid":
            for problem in exc.detail.get("errors", []):
                eform_errors.setdefault(problem["field"], problem["message"])
        return again(_explain(exc, outcome), status=status)
    _remember_done(request, token, dossier.code)
    messages.success(request, _done_message(dossier, outcome, len(items)))
    return redirect("office:dossier", code=dossier.code)


def _explain(exc: ApplicationError, outcome: str) -> str:
    text = error_text(exc.message)
    if exc.code == "eform_invalid":
        text += " Sửa các mục của tờ khai đánh dấu đỏ."
    if exc.code == "dossier_incomplete" and outcome == "receive":
        text += (
            " Đánh dấu “Có” cho giấy tờ đã nộp, hoặc bấm “Yêu cầu bổ sung” để lập phiếu "
            "hướng dẫn bổ sung (Mẫu 02)."
        )
    return text


def _done_message(dossier: Dossier, outcome: str, items: int) -> Any:
    when = timezone.localtime(dossier.appointment_at) if dossier.appointment_at else None
    if outcome == "receive":
        text = format_html(
            "Đã tiếp nhận hồ sơ {} – hẹn trả kết quả {}. "
            '<a href="{}">In giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)</a>',
            dossier.code,
            when.strftime("%H:%M ngày %d/%m/%Y") if when else "",
            _receipt_link(dossier.code, "01"),
        )
        if dossier.version.on_the_spot:
            text = format_html(
                '{} Thủ tục giải quyết tại chỗ: <a href="{}">Giải quyết và trả kết quả ngay '
                "tại quầy</a>",
                text,
                reverse("office:counter_on_the_spot", args=(dossier.code,)),
            )
        return text
    if outcome == "supplement":
        return format_html(
            "Đã đăng ký hồ sơ {} và lập phiếu yêu cầu bổ sung, hoàn thiện hồ sơ gồm {} mục. "
            '<a href="{}">In phiếu yêu cầu bổ sung (Mẫu 02)</a>',
            dossier.code,
            items,
            _receipt_link(dossier.code, "02"),
        )
    return format_html(
        "Đã đăng ký hồ sơ {} và từ chối tiếp nhận. "
        '<a href="{}">In phiếu từ chối tiếp nhận (Mẫu 03)</a>',
        dossier.code,
        _receipt_link(dossier.code, "03"),
    )


# --- htmx fragments (reads only) ------------------------------------------------------


@staff_required
@require_GET
def counter_procedures(request: HttpRequest) -> HttpResponse:
    """The procedures matching what the officer types (folded: "giay phep xay dung"
    finds "Cấp giấy phép xây dựng ..."), the first ten."""
    units = counter_units_of(request.user)
    if not units:
        return forbidden(request, _NOT_COUNTER)
    q = request.GET.get("q", "")[:200].replace("\x00", "")
    found = procedure_search_page(q=q, page_size=10) if q.strip() else None
    unit = _unit(units, request.GET.get("don_vi", "")[:40]) or units[0]
    return render(request, "office/counter/procedures.html", {"found": found, "q": q, "unit": unit})


@staff_required
@require_GET
def counter_checklist(request: HttpRequest) -> HttpResponse:
    """The chosen procedure: its papers to tick and the appointment if received now."""
    units = counter_units_of(request.user)
    if not units:
        return forbidden(request, _NOT_COUNTER)
    version = _version(request.GET.get("thu_tuc", "")[:40])
    unit = _unit(units, request.GET.get("don_vi", "")[:40]) or units[0]
    if version is None:
        return render(
            request,
            "office/counter/checklist.html",
            {"version": None, "missing": True},
            status=404,
        )
    return render(
        request,
        "office/counter/checklist.html",
        {
            "version": version,
            "unit": unit,
            "rows": _rows_initial(version),
            "forms_choices": ComponentForm.choices,
            "appointment": _appointment_text(version, unit),
            "eform": _eform_rows(version),
            "deciding": _deciding(version, "", unit),
        },
    )


@staff_required
@require_GET
def counter_appointment(request: HttpRequest) -> HttpResponse:
    units = counter_units_of(request.user)
    if not units:
        return forbidden(request, _NOT_COUNTER)
    version = _version(request.GET.get("thu_tuc", "")[:40])
    unit = _unit(units, request.GET.get("don_vi", "")[:40]) or units[0]
    if version is None:
        return HttpResponse(status=404)
    return render(
        request,
        "office/counter/appointment.html",
        {"version": version, "unit": unit, "appointment": _appointment_text(version, unit)},
    )


@staff_required
@require_GET
def counter_applicant(request: HttpRequest) -> HttpResponse:
    """The applicant fields, filled in from the record of the citizen (12-digit ID) or
    the organisation (tax code) when there is one."""
    units = counter_units_of(request.user)
    if not units:
        return forbidden(request, _NOT_COUNTER)
    identity = request.GET.get("so_dinh_danh", "")[:14].strip()
    found: Citizen | Organisation | None = None
    try:
        if _CITIZEN_ID.fullmatch(identity):
            found = citizen_get_by_id(citizen_id=identity)
        elif _TAX_CODE.fullmatch(identity):
            found = organisation_get_by_tax_code(tax_code=identity)
    except NotFoundError:
        found = None
    initial = {"so_dinh_danh": identity}
    if found is not None:
        initial |= _applicant_initial(found)
    form = CounterForm(units=units, initial=initial)
    if found is not None:
        # What is on record is what the dossier takes (services.counter_applicant).
        for name in ("ho_ten", "dien_thoai", "dia_chi", "email"):
            form.fields[name].widget.attrs["readonly"] = True
    return render(
        request,
        "office/counter/applicant.html",
        {"form": form, "applicant": found, "looked_up": bool(identity)},
    )


def _applicant_initial(found: Citizen | Organisation) -> dict[str, str]:
    name = found.full_name if isinstance(found, Citizen) else found.name
    return {
        "ho_ten": name,
        "dien_thoai": found.phone,
        "dia_chi": found.address,
        "email": found.email,
    }


# --- "5 tại chỗ" ------------------------------------------------------------------------


class OnTheSpotForm(forms.Form):
    quyet_dinh = forms.ChoiceField(
        label="Kết quả giải quyết",
        choices=[
            (Decision.APPROVED, "Đồng ý giải quyết"),
            (Decision.REFUSED, "Từ chối giải quyết"),
        ],
        initial=Decision.APPROVED,
        widget=forms.RadioSelect,
        error_messages={"required": "Chọn kết quả giải quyết.", "invalid_choice": "Chọn lại."},
    )
    ghi_chu = forms.CharField(
        label="Nội dung, lý do",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    seen = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("quyet_dinh") == Decision.REFUSED and not data.get("ghi_chu"):
            self.add_error("ghi_chu", "Cần nêu lý do từ chối giải quyết.")
        return data


@staff_required
def counter_on_the_spot(request: HttpRequest, code: str) -> HttpResponse:
    """Decide and return a received dossier of an on-the-spot procedure at the counter
    ("5 tại chỗ", DOMAIN.md §2.9): ``workflow.services.dossier_resolve_on_the_spot``.
    Offered after receipt; refused, like every action, when the page is out of date."""
    try:
        dossier = dossier_get_for_user(user=request.user, code=code[:40])
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    unit = dossier.receiving_unit
    if not permissions.is_counter_officer_at(
        request.user, one_stop_unit_id=unit.pk, agency_id=unit.agency_id
    ):
        return forbidden(
            request, "Chỉ cán bộ một cửa của bộ phận tiếp nhận mới giải quyết tại chỗ."
        )
    seen = dossier.updated_at.isoformat()
    form = OnTheSpotForm(request.POST or None, initial={"seen": seen})
    error, status = "", 200
    if not dossier.version.on_the_spot:
        error, status = "Thủ tục này không giải quyết tại chỗ.", 409
    elif dossier.status != DossierStatus.RECEIVED:
        error = "Hồ sơ không còn ở trạng thái “Được tiếp nhận”; không thể giải quyết tại chỗ."
        status = 409
    elif request.method == "POST":
        if request.POST.get("seen") != seen:
            error, status = (
                "Hồ sơ đã thay đổi từ lúc bạn mở trang này; chưa có gì được ghi.",
                409,
            )
        elif not form.is_valid():
            status = 400
        else:
            try:
                services.dossier_resolve_on_the_spot(
                    dossier=dossier,
                    actor=request.user,
                    decision=form.cleaned_data["quyet_dinh"],
                    note=form.cleaned_data["ghi_chu"],
                )
            except ApplicationError as exc:
                error = error_text(exc.message)
                status = exc.http_status if 400 <= exc.http_status < 500 else 400
            else:
                messages.success(
                    request,
                    f"Đã giải quyết và trả kết quả hồ sơ {dossier.code} tại quầy.",
                )
                return redirect("office:dossier", code=dossier.code)
    context = office_page(
        request, "office:counter", dossier=dossier, form=form, error=error, seen=seen
    )
    return render(request, "office/counter/on_the_spot.html", context, status=status)
