"""``{% kiosk_invite dossier as occasion %}``: whether the signed-in officer may invite
a rating of this dossier now (``feedback.selectors.kiosk_invite_for``)."""

from __future__ import annotations

from typing import Any

from django import template

from motcua.feedback.selectors import kiosk_invite_for

register = template.Library()


@register.simple_tag(takes_context=True)
def kiosk_invite(context: dict[str, Any], dossier: Any) -> str | None:
    request = context.get("request")
    if request is None:
        return None
    return kiosk_invite_for(user=request.user, dossier=dossier)
