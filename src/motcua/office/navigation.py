"""The office menu: each entry shows only to the roles that use that page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from motcua.accounts.constants import RoleCode as R
from motcua.feedback.constants import FEEDBACK_HANDLER
from motcua.office.access import roles_of


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    roles: frozenset[str]


MENU: tuple[Entry, ...] = (
    Entry("Trang làm việc", "office:home", frozenset({*R.values, FEEDBACK_HANDLER})),
    Entry("Tiếp nhận hồ sơ", "office:counter", frozenset({R.COUNTER_OFFICER})),
    Entry("Hồ sơ trực tuyến", "office:online_queue", frozenset({R.COUNTER_OFFICER})),
    Entry("Hồ sơ cần xử lý", "office:inbox", frozenset({R.SPECIALIST, R.UNIT_HEAD, R.LEADER})),
    Entry("Lãnh đạo phê duyệt", "office:leader", frozenset({R.LEADER})),
    Entry("Trả kết quả", "office:returns", frozenset({R.COUNTER_OFFICER})),
    Entry("Sổ theo dõi hồ sơ", "office:ledger", frozenset({R.COUNTER_OFFICER, R.LEADER})),
    Entry(
        "Bảng điều hành",
        "office:dashboard",
        frozenset({R.LEADER, R.UNIT_HEAD, R.INSPECTOR}),
    ),
    Entry("Phản ánh, kiến nghị", "office:feedback", frozenset({FEEDBACK_HANDLER})),
)


def menu_for(user: Any, current: str = "") -> list[dict[str, Any]]:
    held = roles_of(user)
    return [
        {"label": entry.label, "url": reverse(entry.url_name), "current": entry.url_name == current}
        for entry in MENU
        if entry.roles & held
    ]
