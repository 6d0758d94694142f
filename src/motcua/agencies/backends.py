"""Permissions from roles: a staff member has the Django permissions of every role they
hold through an active assignment at an active agency. Roles are data (``Role``), so
an administrator grants model permissions by editing a role, not each person.

Authorises only; logging in stays with ``ModelBackend``. Add
``"motcua.agencies.backends.StaffRoleBackend"`` after it in ``AUTHENTICATION_BACKENDS``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.models import Permission

_CACHE = "_staff_role_perm_cache"


class StaffRoleBackend(BaseBackend):
    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        """Role permissions play the part of group permissions."""
        if not getattr(user_obj, "is_active", False) or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, _CACHE):
            rows = Permission.objects.filter(
                role__assignments__user=user_obj,
                role__assignments__is_active=True,
                role__assignments__agency__is_active=True,
            ).values_list("content_type__app_label", "codename")
            setattr(user_obj, _CACHE, {f"{app}.{codename}" for app, codename in rows})
        return set(getattr(user_obj, _CACHE))

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return any(
            perm[: perm.index(".")] == app_label for perm in self.get_all_permissions(user_obj)
        )
