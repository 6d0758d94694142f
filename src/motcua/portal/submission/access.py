"""Who may file online. Kept to one function so that the account-verification rule
(issue 5 §2: a verified e-mail or phone) is added in exactly one place."""

from __future__ import annotations

from typing import Any

from motcua.accounts.models import Citizen, Organisation


def may_submit(user: Any) -> bool:
    """Whether ``user`` may file a dossier online: an active account that is a citizen
    or an organisation (``workflow.services.dossier_submit_online`` files in that
    record's name). Staff accounts have neither and are refused."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    for attribute in ("citizen", "organisation"):
        try:
            if getattr(user, attribute) is not None:
                return True
        except (Citizen.DoesNotExist, Organisation.DoesNotExist):
            continue
    return False
