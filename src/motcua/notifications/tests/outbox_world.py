"""What the outbox tests share: a fake SMS gateway wired into the settings, messages to
queue, the administrators who hear about dead letters."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from motcua.accounts.constants import RoleCode
from motcua.accounts.models import Role
from motcua.accounts.tests.factories import UserFactory
from motcua.agencies.tests.factories import StaffAssignmentFactory
from motcua.notifications.constants import TemplateKey
from motcua.notifications.models import Message
from motcua.notifications.services import message_enqueue
from motcua.notifications.testing.fake_gateway import FakeSmsGateway

API_KEY = "test-key"
PRICE = 350  # đồng per SMS part, a plausible brand-name price


@contextmanager
def gateway_in_settings(settings: Any) -> Iterator[FakeSmsGateway]:
    """A real HTTP gateway on 127.0.0.1 that the ``sms`` channel of this process uses
    (``settings`` is pytest-django's fixture)."""
    with FakeSmsGateway(api_key=API_KEY) as fake:
        settings.SMS_GATEWAY_URL = fake.url
        settings.SMS_GATEWAY_API_KEY = API_KEY
        settings.SMS_COST_PER_PART = PRICE
        settings.SMS_UNSIGNED = True
        settings.NOTIFY_CHANNELS = ["sms", "email", "in_app"]
        yield fake


def gateway_env(gateway: FakeSmsGateway, **extra: str) -> dict[str, str]:
    """The environment of a worker process that sends SMS through ``gateway``."""
    return {
        "MOTCUA_SMS_GATEWAY_URL": gateway.url,
        "MOTCUA_SMS_GATEWAY_API_KEY": API_KEY,
        "MOTCUA_SMS_COST_PER_PART": str(PRICE),
        "MOTCUA_NOTIFY_CHANNELS": "sms,email,in_app",
        **extra,
    }


def received_context(n: int) -> dict[str, str]:
    return {
        "citizen_name": "Nguyễn Văn An",
        "code": f"H01-{n:04d}",
        "procedure": "Cấp giấy phép xây dựng",
        "agency": "UBND xã Long Hồ",
        "received_at": "20/11/2026 08:30",
        "appointment": "25/11/2026",
        "tracking_url": f"https://x.vn/t/H01-{n:04d}",
    }


def sms_queue(count: int, *, first: int = 1, at: datetime | None = None) -> list[Message]:
    """``count`` SMS "dossier received" to 0912 000 001, 0912 000 002, ..., due ``at``
    (default: now)."""
    messages = []
    for n in range(first, first + count):
        message = message_enqueue(
            event_key=f"dossier:{n}:received",
            template=TemplateKey.DOSSIER_RECEIVED,
            channel="sms",
            recipient=f"0912{n:06d}",
            context=received_context(n),
            reference=f"H01-{n:04d}",
            at=at,
        )
        assert message is not None
        messages.append(message)
    return messages


def administrators():
    """A superuser with an e-mail, a holder of the administrator role, and a specialist
    (who must not hear about dead letters). Transactional tests flush the default
    roles, hence get_or_create."""
    role_admin, _ = Role.objects.get_or_create(
        code=RoleCode.ADMINISTRATOR, defaults={"name": "Quản trị hệ thống"}
    )
    role_specialist, _ = Role.objects.get_or_create(
        code=RoleCode.SPECIALIST, defaults={"name": "Chuyên viên xử lý"}
    )
    root = UserFactory(username="quantri", superuser=True, email="quantri@motcua.gov.vn")
    admin = StaffAssignmentFactory(
        user=UserFactory(username="qtcoquan", email="qtcoquan@motcua.gov.vn"), role=role_admin
    ).user
    specialist = StaffAssignmentFactory(
        user=UserFactory(username="chuyenvien"), role=role_specialist
    ).user
    return root, admin, specialist
