"""Who is told on which channel, people's choices, in-app notices (issue 6 §2, §3)."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.utils import timezone

from motcua.accounts.services import citizen_register
from motcua.accounts.tests.factories import CitizenFactory, UserFactory
from motcua.core.exceptions import NotFoundError, PermissionDeniedError
from motcua.core.models import AuditEntry
from motcua.notifications.constants import TemplateKey
from motcua.notifications.models import ContactPreference, Message
from motcua.notifications.preferences import (
    contact_channels,
    contact_preference_get,
    contact_preference_set,
    notice_get_for_user,
    notice_list_for_user,
    notice_mark_read,
)

pytestmark = pytest.mark.django_db

PASSWORD = "Mật-khẩu-dài-2026"


@pytest.fixture
def citizen_user():
    citizen = citizen_register(
        citizen_id="086099012345",
        full_name="Nguyễn Văn An",
        phone="0912345678",
        email="an.nguyen@example.vn",
        password=PASSWORD,
    )
    return citizen.user


def notice(user, n=1, *, channel="in_app", template=TemplateKey.DOSSIER_RECEIVED, **fields):
    return Message.objects.create(
        event_key=f"test:{user.pk}:{channel}:{n}",
        channel=channel,
        recipient=str(user.pk) if channel == "in_app" else "0912345678",
        user=user,
        template=template,
        reference=f"H01-{n:04d}",
        subject=f"Thông báo {n}",
        body=f"Nội dung {n}",
        next_attempt_at=timezone.now(),
        **fields,
    )


# --- contact_channels ----------------------------------------------------------------------


def test_walk_in_applicant_without_account():
    assert contact_channels(phone="0912345678", email="an@example.vn") == [
        ("sms", "0912345678"),
        ("email", "an@example.vn"),
    ]
    assert contact_channels(phone=" 0912345678 ") == [("sms", "0912345678")]
    assert contact_channels(email="an@example.vn") == [("email", "an@example.vn")]
    assert contact_channels() == []
    assert contact_channels(phone="   ", email="") == []


def test_account_holder_with_defaults(citizen_user):
    assert not ContactPreference.objects.exists()
    assert contact_channels(user=citizen_user) == [
        ("sms", "0912345678"),
        ("email", "an.nguyen@example.vn"),
        ("in_app", str(citizen_user.pk)),
    ]


def test_addresses_on_the_dossier_win_over_the_account(citizen_user):
    assert contact_channels(user=citizen_user, phone="0987654321") == [
        ("sms", "0987654321"),
        ("email", "an.nguyen@example.vn"),
        ("in_app", str(citizen_user.pk)),
    ]


def test_citizen_record_fills_what_the_account_lacks():
    citizen = CitizenFactory(with_login=True, phone="0911222333", email="hoa@example.vn")
    user = citizen.user
    assert (user.phone, user.email) == ("", "")
    assert contact_channels(user=user) == [
        ("sms", "0911222333"),
        ("email", "hoa@example.vn"),
        ("in_app", str(user.pk)),
    ]


def test_staff_without_phone_gets_email_and_in_app():
    officer = UserFactory(username="canbo_binh", email="binh@tanphu.gov.vn", phone="")
    assert contact_channels(user=officer) == [
        ("email", "binh@tanphu.gov.vn"),
        ("in_app", str(officer.pk)),
    ]


def test_choices_turn_channels_off_but_not_in_app(citizen_user):
    contact_preference_set(actor=citizen_user, user=citizen_user, sms=False, email=True)
    assert contact_channels(user=citizen_user) == [
        ("email", "an.nguyen@example.vn"),
        ("in_app", str(citizen_user.pk)),
    ]
    contact_preference_set(actor=citizen_user, user=citizen_user, sms=True, email=False)
    assert contact_channels(user=citizen_user) == [
        ("sms", "0912345678"),
        ("in_app", str(citizen_user.pk)),
    ]
    contact_preference_set(actor=citizen_user, user=citizen_user, sms=False, email=False)
    assert contact_channels(user=citizen_user) == [("in_app", str(citizen_user.pk))]


def test_inactive_account_gets_no_in_app(citizen_user):
    citizen_user.is_active = False
    citizen_user.save()
    assert [channel for channel, _ in contact_channels(user=citizen_user)] == ["sms", "email"]


def test_enabled_channels_and_their_order_follow_the_setting(citizen_user):
    with override_settings(NOTIFY_CHANNELS=["in_app", "email"]):
        assert contact_channels(user=citizen_user) == [
            ("in_app", str(citizen_user.pk)),
            ("email", "an.nguyen@example.vn"),
        ]


def test_a_plugin_on_the_phone_follows_the_sms_choice(citizen_user):
    plugin = "motcua.notifications.tests.test_channels.RecordingChannel"
    with override_settings(NOTIFY_PLUGINS=[plugin], NOTIFY_CHANNELS=["zalo", "in_app"]):
        assert contact_channels(user=citizen_user) == [
            ("zalo", "0912345678"),
            ("in_app", str(citizen_user.pk)),
        ]
        contact_preference_set(actor=citizen_user, user=citizen_user, sms=False, email=True)
        assert contact_channels(user=citizen_user) == [("in_app", str(citizen_user.pk))]


# --- contact_preference_set ----------------------------------------------------------------


def test_set_creates_then_changes_with_audit(citizen_user):
    assert contact_preference_get(user=citizen_user).pk is None
    created = contact_preference_set(actor=citizen_user, user=citizen_user, sms=False, email=True)
    assert (created.sms, created.email) == (False, True)
    changed = contact_preference_set(actor=citizen_user, user=citizen_user, sms=True, email=False)
    assert changed.pk == created.pk
    assert ContactPreference.objects.get(user=citizen_user).sms is True
    details = [
        e.detail for e in AuditEntry.objects.filter(action="contact_preference_set").order_by("id")
    ]
    assert details == [
        {"sms": False, "email": True, "before": None},
        {"sms": True, "email": False, "before": {"sms": False, "email": True}},
    ]


def test_nobody_sets_another_persons_choices(citizen_user):
    officer = UserFactory(superuser=True)
    with pytest.raises(PermissionDeniedError) as exc:
        contact_preference_set(actor=officer, user=citizen_user, sms=False, email=False)
    assert exc.value.code == "preference_not_own"
    assert not ContactPreference.objects.exists()
    assert not AuditEntry.objects.filter(action="contact_preference_set").exists()


# --- notices ------------------------------------------------------------------------------------


def test_notices_are_the_persons_in_app_rows_newest_first(citizen_user):
    other = UserFactory()
    first, second, third = (notice(citizen_user, n) for n in (1, 2, 3))
    notice(citizen_user, 4, channel="sms")
    notice(other, 5)
    assert list(notice_list_for_user(user=citizen_user)) == [third, second, first]
    notice_mark_read(actor=citizen_user, message=second)
    assert list(notice_list_for_user(user=citizen_user, unread_only=True)) == [third, first]


def test_mark_read_keeps_the_first_time(citizen_user):
    row = notice(citizen_user)
    read = notice_mark_read(actor=citizen_user, message=row)
    assert read.read_at is not None
    again = notice_mark_read(actor=citizen_user, message=row)
    assert again.read_at == read.read_at


def test_another_persons_notice_is_not_found_and_unchanged(citizen_user):
    other = UserFactory()
    theirs = notice(other)
    with pytest.raises(NotFoundError):
        notice_mark_read(actor=citizen_user, message=theirs)
    with pytest.raises(NotFoundError):
        notice_get_for_user(user=citizen_user, notice_id=theirs.pk)
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_an_sms_row_is_not_a_notice(citizen_user):
    sms = notice(citizen_user, channel="sms")
    with pytest.raises(NotFoundError):
        notice_mark_read(actor=citizen_user, message=sms)
    sms.refresh_from_db()
    assert sms.read_at is None
