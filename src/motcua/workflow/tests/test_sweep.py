"""The deadline sweep's watermarks (workflow.reminders.deadline_sweep): where each watch
stands after a run, idempotence, the first run, the hold-back when calendars differ,
and a cost that does not follow the number of open dossiers.

Office hours 07:30-11:30 and 13:00-17:00 (the centre). A permit received Monday 2 March
2026 08:00 and transferred at 08:10 has Thẩm định due Thursday 5 March 13:40 and its
appointment on Monday 9 March 08:00 (see test_reminders)."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.agencies.constants import OneStopUnitKind
from motcua.agencies.services import one_stop_unit_create
from motcua.core.worker.schedule import periodic_task_parse
from motcua.notifications.models import Message
from motcua.workflow import services
from motcua.workflow.constants import AlertKind
from motcua.workflow.models import DeadlineAlert, SweepState
from motcua.workflow.reminders import deadline_alerts_tell, deadline_sweep, deadline_watch
from motcua.workflow.tasks import deadline_sweep_task, leader_digest_task
from motcua.workflow.tests.world import local, paper

TICK = dt.timedelta(microseconds=1)


def started(w, at):
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


def marks() -> dict[str, dt.datetime]:
    return dict(SweepState.objects.values_list("name", "swept_until"))


def test_watermarks_after_each_run(w):
    started(w, local(2026, 3, 2, 8, 0))
    # The first run starts every watch at its own moment, and reaches its horizon:
    # reminders 4 working hours ahead (09:00 + 4 h = 14:30), prompts 8 (Tuesday 09:00).
    deadline_sweep(now=local(2026, 3, 2, 9, 0))
    assert marks() == {
        "step_late": local(2026, 3, 2, 9, 0),
        "step_due_soon": local(2026, 3, 2, 14, 30),
        "apology_due": local(2026, 3, 3, 9, 0),
    }
    # Friday 16:00: 4 hours ahead is Monday 10:30 (Friday 1, Monday 07:30 + 3); 8 hours
    # ahead Monday 16:00 (Friday 1, Monday morning 4, 13:00 + 3).
    deadline_sweep(now=local(2026, 3, 6, 16, 0))
    assert marks() == {
        "step_late": local(2026, 3, 6, 16, 0),
        "step_due_soon": local(2026, 3, 9, 10, 30),
        "apology_due": local(2026, 3, 9, 16, 0),
    }
    assert SweepState.objects.get(name="step_late").ran_at == local(2026, 3, 6, 16, 0)


def test_running_twice_tells_nobody_twice(w):
    dossier = started(w, local(2026, 3, 2, 8, 0))
    deadline_sweep(now=local(2026, 3, 2, 8, 15))
    first = deadline_watch(now=local(2026, 3, 5, 13, 45))  # Thẩm định late since 13:40
    assert (first.late, first.due_soon, first.apology, first.messages) == (1, 0, 0, 1)
    messages = Message.objects.count()
    for now in (local(2026, 3, 5, 13, 45), local(2026, 3, 5, 13, 50), local(2026, 3, 5, 13, 44)):
        again = deadline_watch(now=now)
        assert (again.late, again.due_soon, again.apology, again.messages) == (0, 0, 0, 0)
    assert Message.objects.count() == messages
    assert list(
        DeadlineAlert.objects.values_list("kind", "dossier", "due_at", "found_at", "notified_at")
    ) == [
        (
            AlertKind.STEP_LATE,
            dossier.pk,
            local(2026, 3, 5, 13, 40),
            local(2026, 3, 5, 13, 45),
            local(2026, 3, 5, 13, 45),
        ),
    ]


def test_the_sweep_records_and_a_second_pass_tells(w):
    # The sweep only writes the finding; telling is a pass of its own, taken again by
    # the next run if a worker stopped in between.
    started(w, local(2026, 3, 2, 8, 0))
    deadline_sweep(now=local(2026, 3, 2, 8, 15))
    assert deadline_sweep(now=local(2026, 3, 5, 13, 45)).late == 1
    alert = DeadlineAlert.objects.get()
    assert alert.notified_at is None
    assert not Message.objects.filter(template="step_late").exists()
    # The unit head has no phone in this world: in-app only.
    assert deadline_alerts_tell(now=local(2026, 3, 5, 13, 46)) == (1, 1)
    alert.refresh_from_db()
    assert alert.notified_at == local(2026, 3, 5, 13, 46)
    assert list(Message.objects.filter(template="step_late").values_list("user", "body")) == [
        (
            w.unit_head.pk,
            "Đồng chí Võ Minh Tâm,\n\nBước Thẩm định của hồ sơ "
            f"{alert.dossier.code} (thủ tục Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ) "
            "do đồng chí Phạm Văn Dũng xử lý đã quá hạn 5 phút làm việc (hạn 13:40 "
            f"05/03/2026).\nXem hồ sơ: http://127.0.0.1:8000/office/ho-so/{alert.dossier.code}/",
        )
    ]
    assert deadline_alerts_tell(now=local(2026, 3, 5, 13, 47)) == (0, 0)


def test_the_first_run_starts_watching_from_its_own_moment(w):
    # Thẩm định was due Thursday 13:40; the sweep runs for the first time on Friday: the
    # late step is left to the leaders' digest, not told one by one.
    started(w, local(2026, 3, 2, 8, 0))
    result = deadline_sweep(now=local(2026, 3, 6, 9, 0))
    assert (result.late, result.due_soon) == (0, 0)
    assert not DeadlineAlert.objects.filter(kind=AlertKind.STEP_LATE).exists()


def test_a_step_within_reach_of_another_calendar_holds_the_watermark_back(w):
    # A commune one-stop unit keeps 07:00-11:00 and 13:30-17:30: at Thursday 08:00 its
    # calendar reaches 14:30 in 4 working hours, the centre's only 13:30. Thẩm định (due
    # 13:40 on the centre's calendar, 4h10 away) is read but not yet within its lead:
    # the watermark stops just before it instead of jumping to 14:30.
    one_stop_unit_create(
        actor=None,
        code="BP1C-LONGHO",
        name="Bộ phận một cửa xã Long Hồ",
        kind=OneStopUnitKind.COMMUNE_CENTRE,
        agency=w.province,
        morning_start=dt.time(7, 0),
        morning_end=dt.time(11, 0),
        afternoon_start=dt.time(13, 30),
        afternoon_end=dt.time(17, 30),
    )
    started(w, local(2026, 3, 2, 8, 0))
    deadline_sweep(now=local(2026, 3, 2, 8, 15))
    assert deadline_sweep(now=local(2026, 3, 5, 8, 0)).due_soon == 0
    assert marks()["step_due_soon"] == local(2026, 3, 5, 13, 40) - TICK
    # 08:15: 3h55 left on the centre's calendar; the watermark reaches the commune's
    # horizon (08:15-11:00, 13:30 + 1h15 = 14:45).
    assert deadline_sweep(now=local(2026, 3, 5, 8, 15)).due_soon == 1
    assert marks()["step_due_soon"] == local(2026, 3, 5, 14, 45)


def test_a_paused_dossier_is_not_watched(w):
    dossier = started(w, local(2026, 3, 2, 8, 0))
    deadline_sweep(now=local(2026, 3, 2, 8, 15))
    services.dossier_request_payment(
        dossier=dossier, actor=w.specialist, amount=200_000, at=local(2026, 3, 3, 9, 0)
    )
    result = deadline_sweep(now=local(2026, 3, 6, 9, 0))
    assert (result.late, result.due_soon, result.apology) == (0, 0, 0)


def _sweep_queries(now: dt.datetime) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        deadline_sweep(now=now)
    return [query["sql"] for query in queries.captured_queries]


def test_the_sweep_reads_only_the_window_whatever_the_number_of_open_dossiers(w):
    # Open dossiers whose due times are far from the window cost the sweep nothing: the
    # same statements run with 2 or 12 of them, and the steps are read by a due-time
    # range (the partial index task_active_due).
    for day in (2, 3):
        started(w, local(2026, 3, day, 8, 0))
    deadline_sweep(now=local(2026, 3, 2, 8, 0))
    few = _sweep_queries(local(2026, 3, 3, 9, 0))
    for day in (4, 5):
        for hour in (8, 9, 10, 13, 14):
            started(w, local(2026, 3, day, hour, 0))
    many = _sweep_queries(local(2026, 3, 3, 9, 5))
    assert len(many) == len(few)
    steps = [sql for sql in many if 'FROM "workflow_task"' in sql and '"due_at" >' in sql]
    assert len(steps) == 2  # late, and due soon
    assert all('"due_at" <=' in sql for sql in steps)


def test_the_worker_runs_the_sweep_every_five_minutes_and_the_digest_at_seven(w, settings):
    entries = [
        periodic_task_parse(entry)
        for entry in settings.PERIODIC_TASKS
        if entry["task"].startswith("motcua.workflow.")
    ]
    assert [(entry.task_path, entry.every, entry.daily_at) for entry in entries] == [
        ("motcua.workflow.tasks.deadline_sweep_task", 300, None),
        ("motcua.workflow.tasks.leader_digest_task", None, dt.time(7, 0)),
    ]
    # The jobs call the services: a first sweep finds nothing and starts its watches.
    assert deadline_sweep_task.call() == {"late": 0, "due_soon": 0, "apology": 0, "messages": 0}
    assert set(marks()) == {"step_late", "step_due_soon", "apology_due"}
    assert leader_digest_task.call() == 0
