"""Sign-in and sign-out of the office. The lockout and the password check are the
accounts service's (``accounts.services.sign_in``); this view only parses the form."""

from __future__ import annotations

from django import forms
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from motcua.accounts.services import sign_in
from motcua.core.exceptions import ApplicationError
from motcua.office.pages import error_text


class SignInForm(forms.Form):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    password = forms.CharField(label="Mật khẩu", max_length=256, widget=forms.PasswordInput)


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe and target.startswith("/office/") else "/office/"


def sign_in_page(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            user = sign_in(
                request=request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                ip=request.META.get("REMOTE_ADDR"),
            )
        except ApplicationError as exc:
            error = error_text(exc.message)
        else:
            login(request, user)
            return redirect(_next(request))
    status = 200 if not error else 401
    return render(
        request,
        "office/login.html",
        {"form": form, "error": error, "next": _next(request)},
        status=status,
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("office:login")
