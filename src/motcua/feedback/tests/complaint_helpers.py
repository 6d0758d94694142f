"""Feedback handlers and PAKN for the complaint tests, built through the services."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps as django_apps

from motcua.accounts.models import Role
from motcua.accounts.services import staff_user_create
from motcua.agencies.services import staff_assign_role
from motcua.feedback.complaint_input import source_key
from motcua.feedback.complaints import complaint_submit
from motcua.feedback.constants import FEEDBACK_HANDLER
from motcua.workflow.tests.world import PASSWORD, local

SENT = local(2026, 3, 2, 9, 0)  # a Monday, 09:00
SOURCE = source_key("203.0.113.7")


def handler(agency: Any, username: str = "pakn.xd", full_name: str = "Đỗ Thị Hạnh") -> Any:
    """A feedback handler of ``agency``. The role comes from a data migration that a
    flushing (browser) test may have emptied, so it is seeded again the same way."""
    if not Role.objects.filter(code=FEEDBACK_HANDLER).exists():
        seed = importlib.import_module("motcua.feedback.migrations.0003_feedback_handler_role")
        seed.create_role(django_apps, None)
    user = staff_user_create(actor=None, username=username, full_name=full_name, password=PASSWORD)
    staff_assign_role(actor=None, user=user, role_code=FEEDBACK_HANDLER, agency=agency)
    return user


def send(w: Any, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "actor": None,
        "kind": "procedure",
        "agency": w.construction,
        "title": "Chậm trả giấy phép xây dựng",
        "content": "Hồ sơ của tôi quá hẹn ba ngày mà chưa có kết quả.",
        "sender_name": "Lâm Văn Cường",
        "sender_phone": "0987 654 321",
        "source": SOURCE,
        "at": SENT,
    }
    values.update(overrides)
    return complaint_submit(**values)
