"""Who may file online: an applicant (a citizen's or an organisation's account) whose
e-mail or phone is verified (issue 5 §2). ``workflow.services.dossier_submit_online``
refuses the others too; these checks let the pages say why before any typing."""

from __future__ import annotations

from typing import Any

from motcua.accounts.models import Citizen, Organisation
from motcua.accounts.selectors import user_is_verified


def is_applicant(user: Any) -> bool:
    """An active account that is a citizen or an organisation (a dossier is filed in
    that record's name). Staff accounts have neither."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    for attribute in ("citizen", "organisation"):
        try:
            if getattr(user, attribute) is not None:
                return True
        except (Citizen.DoesNotExist, Organisation.DoesNotExist):
            continue
    return False


def may_submit(user: Any) -> bool:
    """Whether ``user`` may file a dossier online now."""
    return is_applicant(user) and user_is_verified(user)
