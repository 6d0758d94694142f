"""Two workers sweeping at once, and a sweep beside an officer's action on the same late
step (issue 6 §5: safe with several workers against one database). Threads released
together, each on its own connection (``SameMoment``; on SQLite a file copy in WAL
mode, as Một Cửa runs it): nothing is told twice, and neither caller fails."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

import pytest
from django.db import connection, transaction
from django.test import override_settings

from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.concurrency import SameMoment
from motcua.notifications.models import Message
from motcua.workflow import services
from motcua.workflow.constants import AlertKind
from motcua.workflow.models import DeadlineAlert, SweepState
from motcua.workflow.reminders import SweepResult, deadline_watch
from motcua.workflow.tests.states import FAST_HASHERS
from motcua.workflow.tests.world import local, paper, world

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
TICK = dt.timedelta(microseconds=1)


@pytest.fixture
def w():
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        built = world()
    built.unit_head.phone = "0901000002"
    built.unit_head.save(update_fields=["phone"])
    return built


def started(w, at):
    """A permit received at ``at``, Thẩm định given to the specialist ten minutes on:
    due 28 working hours later (from Monday 08:10: Thursday 13:40)."""
    dossier = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.permit_version,
        one_stop_unit=w.centre,
        applicant=w.an,
        components=[paper(w.permit_form)],
        at=at,
    )
    return services.dossier_start_processing(
        dossier=dossier, actor=w.counter, assignee=w.specialist, at=at + dt.timedelta(minutes=10)
    )


def late_messages() -> Counter[tuple[str, str]]:
    return Counter(Message.objects.filter(template="step_late").values_list("event_key", "channel"))


def test_two_sweeps_at_once_tell_each_late_step_once(w, tmp_path):
    # Thẩm định of three dossiers falls due Thursday 5 March at 13:40, 13:50 and 14:00.
    dossiers = [started(w, local(2026, 3, 2, 8, minute)) for minute in (0, 10, 20)]
    deadline_watch(now=local(2026, 3, 2, 9, 0))
    now = local(2026, 3, 5, 14, 5)
    outcomes = SameMoment(tmp_path).run(
        lambda: deadline_watch(now=now), lambda: deadline_watch(now=now)
    )
    assert [outcome.error for outcome in outcomes] == [None, None]
    # One of them found the three; the other, waiting for the first's lock, found none.
    assert sorted(outcome.result.late for outcome in outcomes) == [0, 3]
    assert DeadlineAlert.objects.filter(kind=AlertKind.STEP_LATE).count() == 3
    tasks = [d.tasks.get(order=2).pk for d in dossiers]
    assert late_messages() == {
        (f"step-late:{pk}", channel): 1 for pk in tasks for channel in ("sms", "in_app")
    }


def test_a_sweep_and_an_assignment_on_the_same_late_step(w, tmp_path):
    # Thẩm định is late since 13:40. At 13:45 the sweep runs while the unit head gives the
    # step to another specialist: both find it late; it is reported once.
    dossier = started(w, local(2026, 3, 2, 8, 0))
    deadline_watch(now=local(2026, 3, 2, 9, 0))
    now = local(2026, 3, 5, 13, 45)
    outcomes = SameMoment(tmp_path).run(
        lambda: deadline_watch(now=now),
        lambda: services.dossier_assign(
            dossier=dossier, actor=w.unit_head, assignee=w.specialist2, at=now
        ),
    )
    assert [outcome.error for outcome in outcomes] == [None, None]
    step = dossier.tasks.get(order=2)
    assert step.assignee == w.specialist2
    assert list(DeadlineAlert.objects.values_list("kind", "task", "due_at")) == [
        (AlertKind.STEP_LATE, step.pk, local(2026, 3, 5, 13, 40)),
    ]
    assert late_messages() == {
        (f"step-late:{step.pk}", "sms"): 1,
        (f"step-late:{step.pk}", "in_app"): 1,
    }


def test_a_dossier_held_by_an_action_is_passed_over_and_read_again(w, tmp_path):
    # While an officer's transaction holds the dossier row, the sweep does not wait for
    # it on PostgreSQL: it passes the dossier over and stops its watermark just before
    # the step's due time, so the next run reads it again. (SQLite has one writer at a
    # time: the sweep's transaction waits for the officer's, then finds the step.)
    dossier = started(w, local(2026, 3, 2, 8, 0))
    deadline_watch(now=local(2026, 3, 2, 9, 0))
    locked, release = threading.Event(), threading.Event()

    def officer() -> None:
        with transaction.atomic():
            Dossier.objects.select_for_update().get(pk=dossier.pk)
            locked.set()
            # SQLite: the sweep cannot start before this commits; give it up after 2 s.
            release.wait(timeout=2 if connection.vendor == "sqlite" else 60)

    def sweep() -> SweepResult:
        locked.wait(timeout=30)
        try:
            return deadline_watch(now=local(2026, 3, 5, 13, 45))
        finally:
            release.set()

    outcomes = SameMoment(tmp_path).run(officer, sweep)
    assert [outcome.error for outcome in outcomes] == [None, None]
    due = local(2026, 3, 5, 13, 40)
    if connection.vendor == "postgresql":
        assert outcomes[1].result.late == 0
        assert SweepState.objects.get(name="step_late").swept_until == due - TICK
        assert deadline_watch(now=local(2026, 3, 5, 13, 50)).late == 1
    else:
        assert outcomes[1].result.late == 1
    assert list(DeadlineAlert.objects.values_list("kind", "due_at")) == [(AlertKind.STEP_LATE, due)]
