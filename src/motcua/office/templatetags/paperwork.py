"""``{% dossier_forms dossier %}``: the statutory forms the dossier page can print."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from motcua.dossiers.models import Dossier
from motcua.workflow.paperwork import FORM_TITLES, form_available

register = template.Library()


@register.inclusion_tag("office/dossier/forms.html")
def dossier_forms(dossier: Dossier) -> dict[str, Any]:
    forms = [
        {
            "number": f"{number:02d}",
            "title": FORM_TITLES[number],
            "url": reverse("office:dossier_form", args=[dossier.code, f"{number:02d}"]),
        }
        for number in form_available(dossier)
    ]
    return {"forms": forms}
