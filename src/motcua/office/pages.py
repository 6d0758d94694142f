"""What every office page shows around its content: the menu for the officer's roles
and the posts they hold."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from motcua.agencies.models import StaffAssignment
from motcua.office.navigation import menu_for


def office_page(request: HttpRequest, current: str, **context: Any) -> dict[str, Any]:
    user: Any = request.user  # staff_required let only a signed-in officer through
    posts = (
        StaffAssignment.objects.filter(user=user, is_active=True, agency__is_active=True)
        .select_related("role", "agency", "unit", "one_stop_unit")
        .order_by("agency__name")
    )
    return {"menu": menu_for(user, current), "posts": posts, **context}


def error_text(message: str) -> str:
    """Service messages read "Vietnamese text (English gloss)."; officers see the
    Vietnamese text. A bracket holding Vietnamese (a form number) stays."""
    body = message.rstrip(".")
    head, sep, tail = body.rpartition(" (")
    if sep and tail.endswith(")") and tail.isascii():
        return head + "."
    return message
