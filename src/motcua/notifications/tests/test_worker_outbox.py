"""Real worker processes delivering the outbox to a fake SMS gateway that runs as a real
HTTP server on 127.0.0.1 (issue 6, quality bar): a worker killed mid-batch, a gateway
failing 3 times, a gateway down until the messages die, two workers racing.

"Exactly once" is read at the gateway: it records each message it accepts, and a
repeated client reference (``motcua-<id>``) is answered without a second message, as a
real gateway with idempotency keys does. On SQLite the workers share a file copy of
the test database (``core.tests.workers.worker_pool``)."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from motcua.core.models import WorkerHeartbeat
from motcua.core.tests.workers import wait_until, worker_pool
from motcua.notifications.constants import TemplateKey
from motcua.notifications.models import Message
from motcua.notifications.services import message_retry
from motcua.notifications.tasks import outbox_deliver_task
from motcua.notifications.tests.outbox_world import (
    administrators,
    gateway_env,
    gateway_in_settings,
    sms_queue,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DELIVER_EVERY_SECOND = [{"task": "motcua.notifications.tasks.outbox_deliver_task", "every": 1}]


@pytest.fixture
def gateway(settings):
    with gateway_in_settings(settings) as fake:
        yield fake


def sent_count() -> int:
    return Message.objects.filter(status="sent").count()


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(gateway, tmp_path):
    messages = sms_queue(100)
    # 20 a batch, 2 at a time, 20 ms each at the gateway: a batch takes about 0.2 s,
    # and a killed worker's batch goes to another worker 4 s after it was taken.
    env = gateway_env(
        gateway,
        MOTCUA_OUTBOX_BATCH_SIZE="20",
        MOTCUA_OUTBOX_SEND_THREADS="2",
        MOTCUA_OUTBOX_CLAIM_SECONDS="4",
        MOTCUA_WORKER_STALE_SECONDS="3",
    )
    gateway.set_delay(0.02)
    with worker_pool(tmp_path) as workers:
        first = workers.start(env=env, periodic=DELIVER_EVERY_SECOND)
        gateway.wait_for(30, timeout=90)
        first.kill()
        accepted_at_kill = len(gateway.messages())
        recorded_at_kill = sent_count()
        # The gateway took messages whose outcome the dead worker never wrote.
        assert recorded_at_kill < accepted_at_kill < 100
        workers.start(env=env, periodic=DELIVER_EVERY_SECOND)
        wait_until(lambda: sent_count() == 100)
    accepted = gateway.messages()
    assert len(accepted) == 100
    assert sorted(a["client_ref"] for a in accepted) == sorted(f"motcua-{m.pk}" for m in messages)
    # The dead worker's unrecorded ones were sent again, and recognised.
    assert gateway.stats()["duplicates"] >= accepted_at_kill - recorded_at_kill
    refs = {a["client_ref"]: a["id"] for a in accepted}
    for message in Message.objects.all():
        assert message.status == "sent"
        assert message.provider_ref == refs[f"motcua-{message.pk}"]
        assert message.attempts in (1, 2)


def test_a_gateway_failing_three_times_then_succeeding(gateway, tmp_path):
    message = sms_queue(1)[0]
    gateway.fail_next(3)
    env = gateway_env(gateway, MOTCUA_OUTBOX_RETRY_BASE_SECONDS="1")
    with worker_pool(tmp_path) as workers:
        workers.start(env=env, periodic=DELIVER_EVERY_SECOND)
        wait_until(lambda: Message.objects.get(pk=message.pk).status == "sent")
    stored = Message.objects.get(pk=message.pk)
    assert (stored.attempts, stored.error, stored.provider_ref) == (4, "", "fake-1")
    stats = gateway.stats()
    assert (stats["failed"], stats["accepted"], stats["duplicates"]) == (3, 1, 0)


def test_a_gateway_down_gives_dead_letters_an_alert_and_a_manual_retry_delivers(gateway, tmp_path):
    root, admin, _specialist = administrators()
    message = sms_queue(1)[0]
    gateway.set_down(True)
    # 3 attempts 1 s then 2 s apart: the hour-long outage of production, shortened.
    env = gateway_env(gateway, MOTCUA_OUTBOX_RETRY_BASE_SECONDS="1", MOTCUA_OUTBOX_MAX_ATTEMPTS="3")
    alerts = Message.objects.filter(template=TemplateKey.DEAD_LETTER_ALERT)
    with worker_pool(tmp_path) as workers:
        workers.start(env=env, periodic=DELIVER_EVERY_SECOND)
        wait_until(lambda: Message.objects.get(pk=message.pk).status == "dead")
        # The alerts, in-app and by e-mail to both administrators, are delivered too.
        wait_until(lambda: alerts.filter(status="sent").count() == 4)
        assert sorted(alerts.values_list("channel", "recipient")) == sorted(
            [
                ("in_app", str(root.pk)),
                ("email", root.email),
                ("in_app", str(admin.pk)),
                ("email", admin.email),
            ]
        )
        dead = Message.objects.get(pk=message.pk)
        assert (dead.attempts, dead.error) == (
            3,
            "Cổng SMS tạm thời không nhận (503): service unavailable",
        )
        assert gateway.messages() == []

        gateway.set_down(False)
        assert message_retry(actor=root, messages=[dead]) == 1
        wait_until(lambda: Message.objects.get(pk=message.pk).status == "sent")
    stored = Message.objects.get(pk=message.pk)
    assert (stored.attempts, stored.provider_ref) == (1, "fake-1")
    assert [a["to"] for a in gateway.messages()] == ["0912000001"]
    assert gateway.stats()["failed"] == 3


def test_two_workers_racing_over_one_queue(gateway, tmp_path):
    env = gateway_env(gateway, MOTCUA_OUTBOX_BATCH_SIZE="10", MOTCUA_OUTBOX_SEND_THREADS="2")
    gateway.set_delay(0.005)
    with worker_pool(tmp_path) as workers:
        workers.start(env=env)
        workers.start(env=env)
        wait_until(lambda: WorkerHeartbeat.objects.count() == 2)
        messages = sms_queue(300)
        # Six drains at once; each worker runs one at a time and takes batches of 10
        # until none is left.
        results = [outbox_deliver_task.enqueue() for _ in range(6)]
        wait_until(lambda: sent_count() == 300)
        wait_until(
            lambda: (
                DBTaskResult.objects.filter(
                    id__in=[r.id for r in results], status="SUCCESSFUL"
                ).count()
                == 6
            )
        )
    done = DBTaskResult.objects.filter(id__in=[r.id for r in results])
    # Every message was taken exactly once, by one drain or another...
    assert sum(r.return_value for r in done) == 300
    # ...by both workers...
    assert len({r.worker_ids[-1] for r in done if r.return_value}) == 2
    # ...and reached the gateway once: no duplicate, no second attempt.
    accepted = gateway.messages()
    assert sorted(a["client_ref"] for a in accepted) == sorted(f"motcua-{m.pk}" for m in messages)
    stats = gateway.stats()
    assert (stats["received"], stats["accepted"], stats["duplicates"]) == (300, 300, 0)
    assert set(Message.objects.values_list("status", "attempts")) == {("sent", 1)}
