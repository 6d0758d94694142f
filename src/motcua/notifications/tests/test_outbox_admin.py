"""The outbox in the admin: the list with its counts, filters and search, a message's
page, and "Gửi lại" (issue 6 §6)."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from motcua.accounts.tests.factories import UserFactory
from motcua.core.models import AuditEntry
from motcua.notifications.models import Message
from motcua.notifications.tests.outbox_world import sms_queue

pytestmark = pytest.mark.django_db

LIST = "admin:notifications_message_changelist"


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(response) -> str:
    """The page as text: tags dropped, spaces collapsed."""
    text = re.sub(r"<[^>]+>", "", html.unescape(response.content.decode()))
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def outbox():
    """Five messages: 2 queued, 1 failed, 1 dead, 1 sent."""
    queued_1, queued_2, failed, dead, sent = sms_queue(5)
    now = dt.datetime.now(dt.UTC)
    Message.objects.filter(pk=failed.pk).update(status="failed", attempts=2, error="503")
    Message.objects.filter(pk=dead.pk).update(status="dead", attempts=6, error="Cổng SMS từ chối")
    Message.objects.filter(pk=sent.pk).update(status="sent", attempts=1, sent_at=now)
    return {"queued": [queued_1, queued_2], "failed": failed, "dead": dead, "sent": sent}


def test_the_list_shows_the_counts_and_filters(outbox):
    client = login(UserFactory(username="quantri", superuser=True))
    response = client.get(reverse(LIST))
    assert response.status_code == 200
    text = page(response)
    assert "Chờ gửi: 2 · Gửi lỗi, sẽ thử lại: 1 · Không gửi được: 1" in text
    assert "Tin đến hạn chờ lâu nhất:" in text
    dead_only = client.get(reverse(LIST), {"status__exact": "dead"})
    assert list(dead_only.context["cl"].result_list) == [outbox["dead"]]
    by_reference = client.get(reverse(LIST), {"q": "H01-0002"})
    assert list(by_reference.context["cl"].result_list) == [outbox["queued"][1]]
    by_recipient = client.get(reverse(LIST), {"q": "0912000005"})
    assert list(by_recipient.context["cl"].result_list) == [outbox["sent"]]
    by_channel = client.get(reverse(LIST), {"channel": "email"})
    assert list(by_channel.context["cl"].result_list) == []


def test_a_message_page_shows_it_read_only(outbox):
    client = login(UserFactory(username="quantri", superuser=True))
    dead = outbox["dead"]
    response = client.get(reverse("admin:notifications_message_change", args=[dead.pk]))
    assert response.status_code == 200
    text = page(response)
    assert "Cổng SMS từ chối" in text and "dossier:4:received" in text
    assert 'name="_save"' not in text
    assert client.get(reverse("admin:notifications_message_add")).status_code == 403


def test_retry_queues_the_dead_and_failed_of_the_selection(outbox):
    root = UserFactory(username="quantri", superuser=True)
    client = login(root)
    chosen = [outbox["dead"], outbox["failed"], outbox["sent"]]
    response = client.post(
        reverse(LIST),
        {"action": "retry", "_selected_action": [m.pk for m in chosen]},
        follow=True,
    )
    assert response.status_code == 200
    assert "Đã đưa 2 tin vào hàng đợi để gửi lại. Bỏ qua 1 tin đã gửi hoặc đang chờ gửi." in page(
        response
    )
    statuses = {m.pk: (m.status, m.attempts) for m in Message.objects.all()}
    assert statuses[outbox["dead"].pk] == ("queued", 0)
    assert statuses[outbox["failed"].pk] == ("queued", 0)
    assert statuses[outbox["sent"].pk] == ("sent", 1)
    assert sorted(
        AuditEntry.objects.filter(action="message_retry", actor=root).values_list(
            "object_id", flat=True
        )
    ) == sorted([str(outbox["dead"].pk), str(outbox["failed"].pk)])


def test_a_viewer_sees_the_outbox_but_cannot_retry(outbox):
    viewer = UserFactory(username="theodoi", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_message"))
    client = login(viewer)
    response = client.get(reverse(LIST))
    assert response.status_code == 200
    # The only action needs the change permission: no action bar at all.
    assert response.context["action_form"] is None
    client.post(reverse(LIST), {"action": "retry", "_selected_action": [outbox["dead"].pk]})
    assert Message.objects.get(pk=outbox["dead"].pk).status == "dead"
    assert not AuditEntry.objects.filter(action="message_retry").exists()


def test_staff_without_permission_is_refused(outbox):
    client = login(UserFactory(username="canbo", is_staff=True))
    assert client.get(reverse(LIST)).status_code == 403
