"""The online intake queue (DOMAIN.md §2.2): online dossiers of a one-stop unit
waiting for the officer's check, oldest first, with the working time left of the 8
working hours; and the counter units of an officer.

Office hours 07:30-11:30 and 13:00-17:00, Monday to Friday."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from motcua.accounts.constants import RoleCode
from motcua.agencies.constants import OneStopUnitKind
from motcua.agencies.services import one_stop_unit_create, staff_assign_role
from motcua.workflow import services
from motcua.workflow.queues import counter_units_of, online_intake_queue, online_intake_waiting
from motcua.workflow.services import SupplementItemInput
from motcua.workflow.tests.world import local, paper

NOW = local(2026, 3, 3, 9, 0)  # Tuesday


def submit(w, at, who=None):
    dossier, _created = services.dossier_submit_online(
        actor=(who or w.an).user,
        version=w.permit_version,
        components=[paper(w.permit_form, with_file=True)],
        at=at,
    )
    return dossier


def test_waiting_dossiers_oldest_first_with_their_time_left(w):
    # Monday 08:00: 3.5 h to 11:30, 4 h to 17:00, the last half hour Tuesday to 08:00;
    # at Tuesday 09:00 it is an hour late.
    first = submit(w, local(2026, 3, 2, 8, 0))
    # Tuesday 08:30: due Wednesday 08:30; 7.5 working hours left at 09:00.
    second = submit(w, local(2026, 3, 3, 8, 30), who=w.binh)
    # Received, or filed at the counter: not waiting for the online check.
    services.dossier_receive(dossier=submit(w, local(2026, 3, 2, 7, 0)), actor=w.counter, at=NOW)
    services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.permit_version,
        one_stop_unit=w.centre,
        applicant=w.cuong,
        components=[paper(w.permit_form)],
        at=local(2026, 3, 2, 9, 0),
    )
    queue = online_intake_queue(user=w.counter, one_stop_unit=w.centre, now=NOW)
    assert (queue.count, queue.pages, queue.check_hours) == (2, 1, 8)
    assert [
        (row.dossier.code, row.check_due_at, row.hours_left, row.late) for row in queue.rows
    ] == [
        (first.code, local(2026, 3, 3, 8, 0), -1, True),
        (second.code, local(2026, 3, 4, 8, 30), 7.5, False),
    ]


def test_the_limit_restarts_from_the_supplement_that_completed_the_dossier(w):
    dossier = submit(w, local(2026, 3, 2, 8, 0))
    services.dossier_request_supplement(
        dossier=dossier,
        actor=w.counter,
        items=[SupplementItemInput(name="Tờ khai theo mẫu", reason="Thiếu chữ ký")],
        reason="Hồ sơ chưa hợp lệ",
        at=local(2026, 3, 2, 9, 0),
    )
    services.dossier_record_supplement(
        dossier=dossier,
        actor=w.an.user,
        components=[paper(w.permit_form, with_file=True)],
        at=local(2026, 3, 3, 8, 0),
    )
    (row,) = online_intake_queue(user=w.counter, one_stop_unit=w.centre, now=NOW).rows
    # From Tuesday 08:00: 3.5 h + 4 h, then half an hour on Wednesday.
    assert (row.complete_at, row.check_due_at, row.hours_left) == (
        local(2026, 3, 3, 8, 0),
        local(2026, 3, 4, 8, 0),
        7,
    )


def test_the_limit_is_a_setting(w, settings):
    settings.ONLINE_CHECK_WORKING_HOURS = 2
    submit(w, local(2026, 3, 3, 8, 30))
    (row,) = online_intake_queue(user=w.counter, one_stop_unit=w.centre, now=NOW).rows
    assert (row.check_due_at, row.hours_left, row.late) == (local(2026, 3, 3, 10, 30), 1.5, False)


def test_pages_of_the_queue(w):
    codes = [submit(w, local(2026, 3, 2, 8, minute)).code for minute in range(5)]
    page = online_intake_queue(user=w.counter, one_stop_unit=w.centre, page=2, page_size=2)
    assert (page.count, page.page, page.pages) == (5, 2, 3)
    assert [row.dossier.code for row in page.rows] == codes[2:4]
    beyond = online_intake_queue(user=w.counter, one_stop_unit=w.centre, page=9, page_size=2)
    assert (beyond.page, [row.dossier.code for row in beyond.rows]) == (3, codes[4:])


@pytest.mark.parametrize("who", ["specialist", "leader", "no_role"])
def test_nobody_but_the_units_counter_officers_sees_the_queue(w, who):
    submit(w, local(2026, 3, 2, 8, 0))
    queue = online_intake_queue(user=getattr(w, who), one_stop_unit=w.centre, now=NOW)
    assert (queue.rows, queue.count) == ([], 0)
    assert online_intake_queue(user=w.an.user, one_stop_unit=w.centre).rows == []


def test_counter_units_of_an_officer(w):
    one_stop_unit_create(
        actor=None,
        code="DTN-VL-01",
        name="Điểm tiếp nhận số 1",
        kind=OneStopUnitKind.RECEPTION_POINT,
        agency=w.province,
        parent=w.centre,
    )
    assert [unit.code for unit in counter_units_of(w.counter)] == ["TTPVHCC-VL"]
    # An assignment naming no one-stop unit serves every unit of its agency; the centre
    # first (the page's default), then its reception point.
    staff_assign_role(
        actor=None, user=w.no_role, role_code=RoleCode.COUNTER_OFFICER, agency=w.province
    )
    assert [unit.code for unit in counter_units_of(w.no_role)] == ["TTPVHCC-VL", "DTN-VL-01"]
    assert counter_units_of(w.specialist) == []
    assert counter_units_of(w.an.user) == []


def test_the_queue_reads_its_partial_index(w):
    submit(w, local(2026, 3, 2, 8, 0))
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A test table is tiny, where a scan of the table is cheapest; forbid it to
            # see which index the plan would take.
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = online_intake_waiting(one_stop_unit=w.centre)[:20].explain()
    assert "dossier_online_intake" in plan
    # The index is in the queue's order: no sort step.
    assert "Sort" not in plan
    assert "TEMP B-TREE" not in plan
