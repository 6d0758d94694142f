"""Admin of message templates (preview, validation) and of contact preferences."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from motcua.accounts.models import User
from motcua.core.models import AuditEntry
from motcua.notifications.constants import TemplateKey
from motcua.notifications.models import ContactPreference, MessageTemplate
from motcua.notifications.preferences import contact_preference_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser(
        username="quantri", email="quantri@example.vn", password="x", kind="staff"
    )
    client.force_login(user)
    client.user = user
    return client


def _row(key, channel):
    return MessageTemplate.objects.get(key=key, channel=channel)


def _change(row):
    return reverse("admin:notifications_messagetemplate_change", args=[row.pk])


def _text(response) -> str:
    return html.unescape(response.content.decode())


def test_list_shows_every_template(admin_client):
    response = admin_client.get(reverse("admin:notifications_messagetemplate_changelist"))
    assert response.status_code == 200
    assert "36 mẫu thông báo" in _text(response)


def test_sms_preview_shows_text_as_sent_length_and_parts(admin_client):
    response = admin_client.get(_change(_row(TemplateKey.DOSSIER_RECEIVED, "sms")))
    assert response.status_code == 200
    page = _text(response)
    # Rendered with the sample values, then folded: "Ho so " 6 + code 25
    # + " da duoc tiep nhan, hen tra " 28 + "25/11/2026." 11 + " Tra cuu: " 10
    # + URL 67 = 147 characters, one part.
    assert (
        "Ho so 000.20.31.H01-261120-0012 da duoc tiep nhan, hen tra 25/11/2026. "
        "Tra cuu: https://motcua.example.gov.vn/tra-cuu/?ma=000.20.31.H01-261120-0012"
    ) in page
    assert "147 ký tự, 1 tin nhắn SMS" in page
    assert "Nội dung gửi đi (không dấu)" in page


def test_email_preview_shows_subject_body_and_variables(admin_client):
    response = admin_client.get(_change(_row(TemplateKey.PAYMENT_REQUESTED, "")))
    page = _text(response)
    assert "Tiêu đề: Đề nghị nộp phí, lệ phí hồ sơ 000.20.31.H01-261120-0012" in " ".join(
        page.replace("<strong>", "").replace("</strong>", "").split()
    )
    assert "cần nộp phí, lệ phí: 150.000 đồng." in page
    assert "{{ payment_url }}" in page  # the variables table
    assert "Đường dẫn nộp trực tuyến" in page
    assert "tin nhắn SMS" not in page


def test_saving_a_valid_change_goes_through_the_service(admin_client):
    row = _row(TemplateKey.RESULT_READY, "sms")
    response = admin_client.post(
        _change(row),
        {"subject": "", "body": "Hồ sơ {{ code }} đã có kết quả.", "is_active": "on"},
    )
    assert response.status_code == 302, _text(response)
    row.refresh_from_db()
    assert row.body == "Hồ sơ {{ code }} đã có kết quả."
    entry = AuditEntry.objects.get(action="message_template_save")
    assert (entry.actor, entry.object_id) == (admin_client.user, str(row.pk))
    page = _text(admin_client.get(_change(row)))
    assert "Ho so 000.20.31.H01-261120-0012 da co ket qua." in page
    assert "46 ký tự, 1 tin nhắn SMS" in page


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Hồ sơ {{ cdoe }}", "Nội dung dùng biến không có trong loại thông báo này: cdoe."),
        ("Hồ sơ {% if code %}", "Nội dung có lỗi cú pháp mẫu"),
        ('{% include "base.html" %}', "Nội dung dùng thẻ {% include %} không được phép"),
    ],
)
def test_saving_an_invalid_template_is_refused_with_the_reason(admin_client, body, message):
    row = _row(TemplateKey.RESULT_READY, "sms")
    before = row.body
    response = admin_client.post(_change(row), {"subject": "", "body": body, "is_active": "on"})
    assert response.status_code == 200
    assert message in _text(response)
    row.refresh_from_db()
    assert row.body == before
    assert not AuditEntry.objects.filter(action="message_template_save").exists()


def test_adding_a_channel_row(admin_client):
    response = admin_client.post(
        reverse("admin:notifications_messagetemplate_add"),
        {
            "key": TemplateKey.RESULT_READY,
            "channel": "email",
            "subject": "Kết quả {{ code }}",
            "body": "Đã có kết quả hồ sơ {{ code }}.",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, _text(response)
    row = _row(TemplateKey.RESULT_READY, "email")
    assert row.subject == "Kết quả {{ code }}"
    assert AuditEntry.objects.filter(action="message_template_save").count() == 1


def test_adding_a_second_row_for_the_same_pair_is_refused(admin_client):
    response = admin_client.post(
        reverse("admin:notifications_messagetemplate_add"),
        {"key": TemplateKey.RESULT_READY, "channel": "sms", "subject": "", "body": "x"},
    )
    assert response.status_code == 200
    assert MessageTemplate.objects.filter(key=TemplateKey.RESULT_READY, channel="sms").count() == 1


def test_adding_with_an_unknown_channel_is_refused(admin_client):
    response = admin_client.post(
        reverse("admin:notifications_messagetemplate_add"),
        {"key": TemplateKey.RESULT_READY, "channel": "pigeon", "subject": "", "body": "x"},
    )
    assert response.status_code == 200
    assert not MessageTemplate.objects.filter(channel="pigeon").exists()


def test_templates_cannot_be_deleted(admin_client):
    row = _row(TemplateKey.RESULT_READY, "sms")
    url = reverse("admin:notifications_messagetemplate_delete", args=[row.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert MessageTemplate.objects.filter(pk=row.pk).exists()


def test_contact_preferences_are_read_only(admin_client):
    citizen = User.objects.create_user(username="086099012345", password="x", kind="citizen")
    contact_preference_set(actor=citizen, user=citizen, sms=False, email=True)
    row = ContactPreference.objects.get(user=citizen)
    assert (
        admin_client.get(reverse("admin:notifications_contactpreference_changelist")).status_code
        == 200
    )
    change = reverse("admin:notifications_contactpreference_change", args=[row.pk])
    assert admin_client.get(change).status_code == 200
    admin_client.post(change, {"sms": "on", "email": "on"})
    row.refresh_from_db()
    assert (row.sms, row.email) == (False, True)
    add = reverse("admin:notifications_contactpreference_add")
    assert admin_client.get(add).status_code == 403
