"""The outbox in this process: writing messages (idempotent, transactional), delivering
them to a real fake gateway on 127.0.0.1, retries with backoff, dead letters and the
administrator's alert, manual retry, counts and clean-up (issue 6 §1, §6). Time is
walked forward by passing ``now``; no test waits."""

from __future__ import annotations

import datetime as dt
import socket
import threading

import pytest
from django.core import mail
from django.db import connections, transaction
from django.utils import timezone

from motcua.accounts.tests.factories import UserFactory
from motcua.core.models import AuditEntry
from motcua.core.tests.workers import shared_database
from motcua.notifications.channels import Outgoing, channel_get
from motcua.notifications.constants import MessageStatus, TemplateKey
from motcua.notifications.models import Message
from motcua.notifications.selectors import outbox_counts
from motcua.notifications.services import (
    _claim,
    _Outcome,
    _record,
    message_enqueue,
    message_retry,
    outbox_deliver,
    outbox_purge,
    person_notify,
    retry_delay,
)
from motcua.notifications.tests.outbox_world import (
    administrators,
    gateway_in_settings,
    received_context,
)
from motcua.notifications.tests.outbox_world import sms_queue as _sms_queue

T0 = dt.datetime(2026, 11, 20, 1, 30, tzinfo=dt.UTC)  # 08:30 in Hà Nội
SMS_TEXT_1 = (
    "Ho so H01-0001 da duoc tiep nhan, hen tra 25/11/2026. Tra cuu: https://x.vn/t/H01-0001"
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway(settings):
    with gateway_in_settings(settings) as fake:
        yield fake


def sms_queue(count: int, *, first: int = 1) -> list[Message]:
    """Messages due at T0, the moment the tests start their clock."""
    return _sms_queue(count, first=first, at=T0)


def reload(message: Message) -> Message:
    return Message.objects.get(pk=message.pk)


# --- writing ------------------------------------------------------------------------


def test_a_message_is_rendered_and_queued(settings):
    settings.NOTIFY_CHANNELS = ["sms", "email", "in_app"]
    message = message_enqueue(
        event_key="dossier:1:received",
        template=TemplateKey.DOSSIER_RECEIVED,
        channel="sms",
        recipient="0912000001",
        context=received_context(1),
        reference="H01-0001",
        at=T0,
    )
    assert message is not None
    stored = reload(message)
    assert (stored.status, stored.attempts, stored.next_attempt_at) == ("queued", 0, T0)
    assert stored.body == (
        "Hồ sơ H01-0001 đã được tiếp nhận, hẹn trả 25/11/2026. Tra cứu: https://x.vn/t/H01-0001"
    )
    assert (stored.template, stored.reference, stored.user) == (
        "dossier_received",
        "H01-0001",
        None,
    )


def test_the_same_event_never_gives_a_second_message():
    first = sms_queue(1)[0]
    again = message_enqueue(
        event_key="dossier:1:received",
        template=TemplateKey.DOSSIER_RECEIVED,
        channel="sms",
        recipient="0912000001",
        context=received_context(1),
    )
    assert again is None
    assert list(Message.objects.values_list("pk", flat=True)) == [first.pk]
    # Another recipient or channel of the same event is another message.
    other = message_enqueue(
        event_key="dossier:1:received",
        template=TemplateKey.DOSSIER_RECEIVED,
        channel="email",
        recipient="an@example.vn",
        context=received_context(1),
    )
    assert other is not None and Message.objects.count() == 2


def test_a_message_exists_only_if_the_change_commits():
    with pytest.raises(RuntimeError), transaction.atomic():
        sms_queue(1)
        raise RuntimeError("the dossier change failed after the message was written")
    assert not Message.objects.exists()


def test_a_duplicate_does_not_break_the_callers_transaction():
    with transaction.atomic():
        sms_queue(1)
        # The caller carries on after a duplicate:
        assert (
            message_enqueue(
                event_key="dossier:1:received",
                template=TemplateKey.DOSSIER_RECEIVED,
                channel="sms",
                recipient="0912000001",
                context=received_context(1),
            )
            is None
        )
        UserFactory(username="vanlamviec")
    assert Message.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_transactions_writing_the_same_event_at_once_write_it_once(tmp_path, settings):
    settings.NOTIFY_CHANNELS = ["sms", "email", "in_app"]
    barrier = threading.Barrier(4)
    outcomes: list[object] = []
    with shared_database(tmp_path) as (_url, use_in_thread):

        def write() -> None:
            use_in_thread()
            try:
                # Released together; on SQLite the transactions then queue for the
                # write lock, on PostgreSQL they overlap and meet on the unique index.
                barrier.wait(timeout=30)
                with transaction.atomic():
                    outcomes.append(
                        message_enqueue(
                            event_key="dossier:7:received",
                            template=TemplateKey.DOSSIER_RECEIVED,
                            channel="sms",
                            recipient="0912000007",
                            context=received_context(7),
                        )
                    )
            except Exception as exc:
                outcomes.append(exc)
            finally:
                connections["default"].close()

        threads = [threading.Thread(target=write) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert sorted(type(o).__name__ for o in outcomes) == [
        "Message",
        "NoneType",
        "NoneType",
        "NoneType",
    ]
    assert Message.objects.count() == 1


def test_a_person_is_told_on_each_channel_they_receive_on(settings):
    settings.NOTIFY_CHANNELS = ["sms", "email", "in_app"]
    citizen = UserFactory(username="congdan", email="an@example.vn", phone="0912345678")
    sent = person_notify(
        event_key="dossier:9:received",
        template=TemplateKey.DOSSIER_RECEIVED,
        context=received_context(9),
        user=citizen,
        reference="H01-0009",
    )
    assert [(m.channel, m.recipient) for m in sent] == [
        ("sms", "0912345678"),
        ("email", "an@example.vn"),
        ("in_app", str(citizen.pk)),
    ]
    assert sent[1].subject == "Đã tiếp nhận hồ sơ H01-0009"
    assert all(m.user == citizen for m in sent)
    # Told once: the same event again writes nothing.
    assert (
        person_notify(
            event_key="dossier:9:received",
            template=TemplateKey.DOSSIER_RECEIVED,
            context=received_context(9),
            user=citizen,
        )
        == []
    )
    # A walk-in applicant without an account: the addresses on the dossier.
    walk_in = person_notify(
        event_key="dossier:10:received",
        template=TemplateKey.DOSSIER_RECEIVED,
        context=received_context(10),
        phone="0987654321",
    )
    assert [(m.channel, m.recipient, m.user) for m in walk_in] == [("sms", "0987654321", None)]


# --- delivering ---------------------------------------------------------------------


def test_retry_delays_double_and_an_hour_down_is_dead(settings):
    assert (settings.OUTBOX_RETRY_BASE_SECONDS, settings.OUTBOX_MAX_ATTEMPTS) == (60, 6)
    assert [retry_delay(n).total_seconds() for n in range(1, 6)] == [60, 120, 240, 480, 960]
    # The 6th attempt comes 60+120+240+480+960 s = 31 min after the first: well inside
    # an hour-long outage, so such an outage kills the message (issue 6 §1).
    assert sum(retry_delay(n).total_seconds() for n in range(1, 6)) == 1860


def test_a_batch_is_sent_and_recorded(gateway, settings):
    messages = sms_queue(3)
    assert outbox_deliver(now=T0) == 3
    accepted = gateway.messages()
    # Sent side by side (MOTCUA_OUTBOX_SEND_THREADS), so in any order.
    assert sorted((a["to"], a["client_ref"], a["sender"]) for a in accepted) == [
        (m.recipient, f"motcua-{m.pk}", "MOTCUA") for m in messages
    ]
    assert next(a["text"] for a in accepted if a["to"] == "0912000001") == SMS_TEXT_1
    for message in messages:
        stored = reload(message)
        assert (stored.status, stored.attempts, stored.sent_at, stored.error) == ("sent", 1, T0, "")
        # One part of 160 unsigned characters at 350 đồng.
        assert (stored.segments, stored.cost) == (1, 350)
    assert sorted(reload(m).provider_ref for m in messages) == ["fake-1", "fake-2", "fake-3"]
    assert outbox_deliver(now=T0) == 0


def test_only_due_messages_are_taken_and_in_due_order(gateway):
    late, early, future = sms_queue(3)
    Message.objects.filter(pk=late.pk).update(next_attempt_at=T0 - dt.timedelta(minutes=1))
    Message.objects.filter(pk=early.pk).update(next_attempt_at=T0 - dt.timedelta(minutes=5))
    Message.objects.filter(pk=future.pk).update(next_attempt_at=T0 + dt.timedelta(minutes=1))
    assert outbox_deliver(now=T0, limit=1) == 1
    assert outbox_deliver(now=T0, limit=5) == 1
    assert outbox_deliver(now=T0, limit=5) == 0
    assert [a["to"] for a in gateway.messages()] == [early.recipient, late.recipient]
    assert reload(future).status == "queued"


def test_a_gateway_failing_three_times_then_succeeding(gateway):
    message = sms_queue(1)[0]
    gateway.fail_next(3)
    now = T0
    times = []
    while reload(message).status != "sent":
        times.append(now)
        assert outbox_deliver(now=now) == 1
        stored = reload(message)
        if stored.status == "failed":
            assert stored.error == "Cổng SMS tạm thời không nhận (503): service unavailable"
            # Nothing is due before the backoff has passed.
            assert outbox_deliver(now=stored.next_attempt_at - dt.timedelta(seconds=1)) == 0
            now = stored.next_attempt_at
    assert [t - T0 for t in times] == [
        dt.timedelta(0),
        dt.timedelta(seconds=60),
        dt.timedelta(seconds=180),
        dt.timedelta(seconds=420),
    ]
    stored = reload(message)
    assert (stored.status, stored.attempts, stored.error) == ("sent", 4, "")
    assert gateway.stats()["failed"] == 3
    assert len(gateway.messages()) == 1


def test_a_gateway_down_for_an_hour_kills_the_message_and_alerts_the_administrators(
    gateway, settings
):
    root, admin, _specialist = administrators()
    message = sms_queue(1)[0]
    gateway.set_down(True)
    now = T0
    while reload(message).status != "dead":
        outbox_deliver(now=now)
        now = reload(message).next_attempt_at if reload(message).status == "failed" else now
    dead = reload(message)
    assert dead.attempts == 6
    assert dead.error == "Cổng SMS tạm thời không nhận (503): service unavailable"
    # The 6th attempt was 31 minutes in; the gateway was still down.
    assert now - T0 == dt.timedelta(minutes=31)
    alerts = Message.objects.filter(template=TemplateKey.DEAD_LETTER_ALERT).order_by("pk")
    assert [(a.channel, a.recipient, a.user) for a in alerts] == [
        ("in_app", str(root.pk), root),
        ("email", "quantri@motcua.gov.vn", root),
        ("in_app", str(admin.pk), admin),
        ("email", "qtcoquan@motcua.gov.vn", admin),
    ]
    body = alerts[1].body
    assert "0912000001" in body and "H01-0001" in body and "6 lần" in body
    assert "/admin/notifications/message/?status__exact=dead" in body
    assert outbox_counts(now=now).dead == 1

    # The gateway is back; the administrator retries by hand and it goes once.
    gateway.set_down(False)
    assert message_retry(actor=root, messages=[dead]) == 1
    retried = reload(message)
    assert (retried.status, retried.attempts) == ("queued", 0)
    outbox_deliver()
    assert reload(message).status == "sent"
    assert [a["to"] for a in gateway.messages()] == ["0912000001"]
    # The alerts were delivered too: in-app at once, e-mail through Django's backend.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "qtcoquan@motcua.gov.vn",
        "quantri@motcua.gov.vn",
    ]
    audit = AuditEntry.objects.get(action="message_retry")
    assert (audit.actor, audit.object_id, audit.detail["before"]["status"]) == (
        root,
        str(message.pk),
        "dead",
    )


def test_a_refused_recipient_is_dead_at_once(gateway):
    administrators()
    message = sms_queue(1)[0]
    gateway.reject_phone(message.recipient)
    outbox_deliver(now=T0)
    stored = reload(message)
    assert (stored.status, stored.attempts) == ("dead", 1)
    assert stored.error == "Cổng SMS từ chối (400): invalid recipient"


def test_many_deaths_in_an_hour_give_one_alert_per_channel(gateway):
    root, _admin, _ = administrators()
    sms_queue(5)
    gateway.set_down(True)
    Message.objects.update(attempts=5)  # their last attempt
    outbox_deliver(now=T0)
    assert Message.objects.filter(status="dead").count() == 5
    root_alerts = Message.objects.filter(template=TemplateKey.DEAD_LETTER_ALERT, user=root)
    assert sorted(root_alerts.values_list("channel", flat=True)) == ["email", "in_app"]
    # An hour later, another death is alerted again.
    sms_queue(1, first=6)
    Message.objects.filter(recipient="0912000006").update(attempts=5)
    outbox_deliver(now=T0 + dt.timedelta(hours=1))
    assert root_alerts.count() == 4


def test_an_alert_that_dies_is_not_alerted_about(gateway, settings):
    root, _admin, _ = administrators()
    # A real SMTP backend aimed at a port where nothing listens: the mail server is down.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port, 2
    alert = message_enqueue(
        event_key="outbox_dead:sms:x",
        template=TemplateKey.DEAD_LETTER_ALERT,
        channel="email",
        recipient=root.email,
        context={},
        user=root,
        at=T0,
    )
    Message.objects.filter(pk=alert.pk).update(attempts=5)  # its last attempt
    outbox_deliver(now=T0)
    stored = reload(alert)
    assert (stored.status, stored.attempts) == ("dead", 6)
    assert stored.error.startswith("Không gửi được thư:")
    assert list(Message.objects.values_list("pk", flat=True)) == [alert.pk]


def test_a_channel_turned_off_after_queueing_is_dead(gateway, settings):
    message = sms_queue(1)[0]
    settings.NOTIFY_CHANNELS = ["email", "in_app"]
    outbox_deliver(now=T0)
    stored = reload(message)
    assert stored.status == "dead"
    assert "không được bật" in stored.error


# --- exactly once -------------------------------------------------------------------


def test_a_claimed_message_of_a_dead_worker_waits_for_its_lease_then_goes_once(gateway, settings):
    """A worker took the batch, sent it, and died before writing the outcome: the
    messages stay queued under its lease, then another worker sends them again; the
    gateway recognises the client reference and delivers nothing twice."""
    settings.OUTBOX_CLAIM_SECONDS = 300
    messages = sms_queue(2)
    taken = _claim(limit=10, now=T0, lease_until=T0 + dt.timedelta(seconds=300))
    channel_get("sms").send(Outgoing.of(taken[0]))  # reached the gateway, then the crash
    assert [(reload(m).status, reload(m).attempts) for m in messages] == [("queued", 1)] * 2
    assert outbox_deliver(now=T0 + dt.timedelta(seconds=299)) == 0
    assert outbox_deliver(now=T0 + dt.timedelta(seconds=300)) == 2
    assert [(reload(m).status, reload(m).attempts) for m in messages] == [("sent", 2)] * 2
    assert [a["client_ref"] for a in gateway.messages()] == [f"motcua-{m.pk}" for m in messages]
    assert gateway.stats()["duplicates"] == 1
    assert reload(messages[0]).provider_ref == "fake-1"


def test_an_outcome_written_after_the_lease_was_lost_is_dropped(gateway, settings):
    message = sms_queue(1)[0]
    lease = T0 + dt.timedelta(seconds=300)
    taken = _claim(limit=1, now=T0, lease_until=lease)
    # Another worker took it after the lease ran out, and sent it.
    outbox_deliver(now=lease)
    assert reload(message).status == "sent"
    # The first worker's late "failed" must not undo that.
    _record(outcomes=[_Outcome(message=taken[0], error="late")], lease_until=lease, now=lease)
    assert (reload(message).status, reload(message).error) == ("sent", "")


# --- retry, counts, clean-up --------------------------------------------------------


def test_retry_queues_dead_and_failed_and_leaves_the_rest(gateway):
    root, _, _ = administrators()
    dead, failed, sent, queued = sms_queue(4)
    Message.objects.filter(pk=dead.pk).update(status="dead", attempts=6, error="x")
    Message.objects.filter(pk=failed.pk).update(
        status="failed", attempts=2, next_attempt_at=T0 + dt.timedelta(hours=1)
    )
    Message.objects.filter(pk=sent.pk).update(status="sent", sent_at=T0, attempts=1)
    assert message_retry(actor=root, messages=Message.objects.all()) == 2
    assert [(reload(m).status, reload(m).attempts) for m in (dead, failed, sent, queued)] == [
        ("queued", 0),
        ("queued", 0),
        ("sent", 1),
        ("queued", 0),
    ]
    assert AuditEntry.objects.filter(action="message_retry").count() == 2


def test_outbox_counts():
    assert outbox_counts(now=T0).as_dict() == {
        "queued": 0,
        "failed": 0,
        "dead": 0,
        "oldest_queued_age_seconds": None,
    }
    due, retried, planned, dead_1, dead_2, sent = sms_queue(6)
    Message.objects.filter(pk=due.pk).update(next_attempt_at=T0 - dt.timedelta(seconds=90))
    Message.objects.filter(pk=retried.pk).update(
        status="failed", next_attempt_at=T0 - dt.timedelta(hours=2)
    )
    # A reminder planned for tomorrow waits, but is not late.
    Message.objects.filter(pk=planned.pk).update(next_attempt_at=T0 + dt.timedelta(days=1))
    Message.objects.filter(pk__in=[dead_1.pk, dead_2.pk]).update(
        status="dead", next_attempt_at=T0 - dt.timedelta(days=3)
    )
    Message.objects.filter(pk=sent.pk).update(
        status="sent", sent_at=T0, next_attempt_at=T0 - dt.timedelta(days=9)
    )
    assert outbox_counts(now=T0).as_dict() == {
        "queued": 2,
        "failed": 1,
        "dead": 2,
        "oldest_queued_age_seconds": 7200.0,
    }


def test_purge_deletes_only_sent_messages_past_retention(settings):
    settings.OUTBOX_RETENTION_DAYS = 365
    old_sent, new_sent, old_dead = sms_queue(3)
    now = timezone.now()
    Message.objects.filter(pk=old_sent.pk).update(
        status="sent", sent_at=now - dt.timedelta(days=366)
    )
    Message.objects.filter(pk=new_sent.pk).update(
        status="sent", sent_at=now - dt.timedelta(days=364)
    )
    Message.objects.filter(pk=old_dead.pk).update(
        status="dead", created_at=now - dt.timedelta(days=400)
    )
    assert outbox_purge(now=now, chunk=1) == 1
    assert sorted(Message.objects.values_list("pk", flat=True)) == sorted(
        [new_sent.pk, old_dead.pk]
    )


def test_the_status_values_are_the_documented_ones():
    assert MessageStatus.values == ["queued", "sent", "failed", "dead"]
