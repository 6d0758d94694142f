"""Who may open an office page. Every page needs a signed-in staff account that holds
at least one active role; which dossiers and buttons it then sees is decided by the
selectors and ``workflow.permissions``, never here."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from motcua.workflow.permissions import Post, posts_of


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous → the office sign-in, coming back here; an account without a staff
    role (a citizen, a retired officer) → 403 with a Vietnamese page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("office:login"))
        if not posts_of(request.user):
            return forbidden(request, "Tài khoản này không có vai trò cán bộ trong hệ thống.")
        return view(request, *args, **kwargs)

    return wrapper


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "office/forbidden.html", {"message": message}, status=403)


def roles_of(user: Any) -> set[str]:
    return {post.role for post in posts_of(user)}


def posts_with(user: Any, *roles: str) -> list[Post]:
    return [post for post in posts_of(user) if post.role in roles]
