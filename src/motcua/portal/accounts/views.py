"""Applicants' account pages (issue 5 §2): sign in and out, register (citizen or
organisation), verify an e-mail or phone by code, reset a forgotten password, the
profile, and sign-in through the identity provider. Views parse and call services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from motcua.accounts.applicants import (
    applicant_contact_update,
    citizen_sign_up,
    external_sign_in,
    organisation_sign_up,
)
from motcua.accounts.constants import CodePurpose, UserKind
from motcua.accounts.models import Citizen, Organisation, User
from motcua.accounts.selectors import applicant_get_by_identifier, user_is_verified
from motcua.accounts.services import SignInLockedError, sign_in
from motcua.accounts.verification import CodeInvalidError, contact_verify, password_reset_confirm
from motcua.core.exceptions import ApplicationError
from motcua.notifications.account_codes import (
    password_reset_request,
    verification_code_send,
    verification_purposes,
)
from motcua.portal.accounts import oidc
from motcua.portal.accounts.forms import (
    CitizenSignUpForm,
    ContactForm,
    OrganisationContactForm,
    OrganisationSignUpForm,
    PasswordResetForm,
    PasswordResetRequestForm,
    SignInForm,
    VerifyForm,
    add_service_error,
    describe,
)

_BACKEND = "django.contrib.auth.backends.ModelBackend"
_RESET_SESSION_KEY = "password_reset_identifier"


def _plain(message: str) -> str:
    """Service messages read "Vietnamese (English gloss)."; people see the Vietnamese."""
    head, sep, tail = message.rstrip(".").rpartition(" (")
    return head + "." if sep and tail.endswith(")") and tail.isascii() else message


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe and target else resolve_url(settings.LOGIN_REDIRECT_URL)


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    for value in context.values():
        if isinstance(value, forms.Form):
            describe(value)
    return render(request, f"portal/accounts/{template}", context, status=status)


def _send_first_code(request: HttpRequest, user: User) -> None:
    """After registering: a code to the e-mail if there is one, else to the phone."""
    purposes = verification_purposes(user=user)
    if not purposes:
        return
    try:
        verification_code_send(user=user, purpose=purposes[0])
    except ApplicationError as exc:
        messages.warning(request, _plain(exc.message))


@require_http_methods(["GET", "POST"])
def sign_in_page(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method == "GET":
        return redirect(_next(request))
    form = SignInForm(request.POST or None)
    error, status = "", 200
    if request.method == "POST" and form.is_valid():
        try:
            user = sign_in(
                request=request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                ip=request.META.get("REMOTE_ADDR"),
            )
        except ApplicationError as exc:
            error = _plain(exc.message)
            status = 429 if isinstance(exc, SignInLockedError) else 200
        else:
            login(request, user)
            return redirect(_next(request))
    context = {
        "form": form,
        "error": error,
        "next": request.POST.get("next") or request.GET.get("next") or "",
        "oidc_name": settings.OIDC_PROVIDER_NAME if oidc.oidc_enabled() else "",
    }
    return _page(request, "sign_in.html", context, status=status)


def _register(request: HttpRequest, form: forms.Form, service: Any, template: str) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "password_again"}
        try:
            holder = service(**data)
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            login(request, holder.user, backend=_BACKEND)
            _send_first_code(request, holder.user)
            return redirect("portal:verify")
    return _page(request, template, {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = CitizenSignUpForm(request.POST or None)
    return _register(request, form, citizen_sign_up, "register.html")


@require_http_methods(["GET", "POST"])
def register_organisation(request: HttpRequest) -> HttpResponse:
    form = OrganisationSignUpForm(request.POST or None)
    return _register(request, form, organisation_sign_up, "register_organisation.html")


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Enter the code sent to the e-mail or phone, or have one sent (again)."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required
    purposes = verification_purposes(user=user)
    form = VerifyForm(request.POST if request.POST.get("action") == "verify" else None)
    status = 200
    if request.method == "POST" and request.POST.get("action") == "send":
        purpose = request.POST.get("purpose", "")
        try:
            verification_code_send(user=user, purpose=purpose)
        except ApplicationError as exc:
            messages.error(request, _plain(exc.message))
        else:
            messages.success(
                request,
                f"Đã gửi mã xác thực. Mã có hiệu lực trong {settings.ACCOUNT_CODE_MINUTES} phút.",
            )
        return redirect("portal:verify")
    if form.is_bound and form.is_valid():
        try:
            contact_verify(
                user=user, purpose=form.cleaned_data["purpose"], raw=form.cleaned_data["code"]
            )
        except ApplicationError as exc:
            form.add_error("code", exc.message)
        else:
            messages.success(request, "Đã xác minh. Tài khoản có thể nộp hồ sơ trực tuyến.")
            return redirect("portal:profile")
    if form.errors:
        status = 400
    context = {
        "form": form,
        "targets": [
            {
                "purpose": purpose,
                "label": "thư điện tử" if purpose == CodePurpose.VERIFY_EMAIL else "số điện thoại",
                "address": user.email if purpose == CodePurpose.VERIFY_EMAIL else user.phone,
            }
            for purpose in purposes
        ],
        "verified": user_is_verified(user),
    }
    return _page(request, "verify.html", context, status=status)


@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    """Ask for a reset code. The answer is the same whether or not the account exists."""
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["identifier"]
        password_reset_request(
            identifier=identifier,
            reset_url=request.build_absolute_uri(reverse("portal:password_reset_confirm")),
        )
        request.session[_RESET_SESSION_KEY] = identifier
        messages.info(
            request,
            "Nếu có tài khoản như vậy, mã đặt lại mật khẩu đã được gửi tới số điện thoại và "
            f"thư điện tử của tài khoản; mã có hiệu lực {settings.ACCOUNT_CODE_MINUTES} phút.",
        )
        return redirect("portal:password_reset_confirm")
    return _page(request, "password_reset.html", {"form": form})


@require_http_methods(["GET", "POST"])
def password_reset_confirm_page(request: HttpRequest) -> HttpResponse:
    initial = {"identifier": request.session.get(_RESET_SESSION_KEY, "")}
    form = PasswordResetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        user = applicant_get_by_identifier(identifier=form.cleaned_data["identifier"])
        try:
            if user is None:  # the same refusal as a wrong code: nothing told
                raise CodeInvalidError(
                    "Mã xác thực không đúng hoặc đã hết hạn. Kiểm tra lại, hoặc yêu cầu gửi mã mới."
                )
            password_reset_confirm(
                user=user, raw=form.cleaned_data["code"], password=form.cleaned_data["password"]
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            request.session.pop(_RESET_SESSION_KEY, None)
            messages.success(request, "Đã đặt lại mật khẩu. Mời đăng nhập bằng mật khẩu mới.")
            return redirect("portal:login")
    return _page(
        request, "password_reset_confirm.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """The person's details: identity (read only) and contact (editable)."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required
    holder: Citizen | Organisation | None = None
    form: forms.Form | None = None
    if user.kind == UserKind.CITIZEN:
        holder = Citizen.objects.filter(user=user).first()
        form_class: type[forms.Form] = ContactForm
    elif user.kind == UserKind.ORGANISATION:
        holder = Organisation.objects.filter(user=user).first()
        form_class = OrganisationContactForm
    if holder is not None:
        initial = {
            "phone": holder.phone,
            "email": holder.email,
            "address": holder.address,
            "representative": getattr(holder, "representative", ""),
        }
        form = form_class(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                applicant_contact_update(user=user, **form.cleaned_data)
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, "Đã lưu thông tin liên hệ.")
                return redirect("portal:profile")
    elif request.method == "POST":
        raise Http404
    context = {
        "holder": holder,
        "form": form,
        "verified": user_is_verified(user),
        "linked": user.external_identities.exists(),
        "oidc_name": settings.OIDC_PROVIDER_NAME if oidc.oidc_enabled() else "",
    }
    return _page(request, "profile.html", context, status=400 if form and form.errors else 200)


def _callback_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("portal:oidc_callback"))


def oidc_start(request: HttpRequest) -> HttpResponse:
    """Go to the identity provider; a signed-in person comes back with the identity
    linked to their account (``?lien-ket``), anyone else signed in by it."""
    if not oidc.oidc_enabled():
        raise Http404
    try:
        url = oidc.authorization_url(
            request=request, redirect_uri=_callback_uri(request), next_url=_next(request)
        )
    except ApplicationError as exc:
        messages.error(request, _plain(exc.message))
        return redirect("portal:login")
    return redirect(url)


def oidc_callback(request: HttpRequest) -> HttpResponse:
    if not oidc.oidc_enabled():
        raise Http404
    next_url = oidc.pending_next(request)
    current = request.user if request.user.is_authenticated else None
    try:
        claims = oidc.callback_claims(request=request, redirect_uri=_callback_uri(request))
        user = external_sign_in(
            claims=claims, current=current if isinstance(current, User) else None
        )
    except ApplicationError as exc:
        return _page(request, "oidc_refused.html", {"error": _plain(exc.message)}, status=403)
    if current is None:
        login(request, user, backend=_BACKEND)
    else:
        messages.success(request, f"Đã liên kết tài khoản với {settings.OIDC_PROVIDER_NAME}.")
    return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
