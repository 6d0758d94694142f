"""What every page's header shows of the person signed in."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from motcua.notifications.preferences import notice_list_for_user


def unread_notices(request: HttpRequest) -> dict[str, Any]:
    """The count of the person's unread in-app notices, for the header's link (one
    indexed count, only when someone is signed in)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": notice_list_for_user(user=user, unread_only=True).count()}
