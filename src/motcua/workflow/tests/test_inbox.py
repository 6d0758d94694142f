"""workflow.inbox: the processing inbox's list (mine, my unit's, my agency's), the end
of the working day, the urgency of a step, the officers who may hold a step, and a
dossier's file for an officer who may see it. Times are Vietnamese, worked out by hand
on the default office hours (07:30-11:30, 13:00-17:00), 8 working hours a day."""

from __future__ import annotations

import pytest

from motcua.core.exceptions import NotFoundError
from motcua.dossiers.models import DossierFile
from motcua.workflow import services
from motcua.workflow.inbox import (
    Urgency,
    dossier_file_get_for_user,
    inbox_list,
    inbox_procedures,
    inbox_scope,
    step_holders,
    urgency,
    working_day_end,
)
from motcua.workflow.models import Task
from motcua.workflow.tests.states import dossier_in
from motcua.workflow.tests.world import local, paper

pytestmark = pytest.mark.django_db

# Thursday 5 March 2026, 10:00.
NOW = local(2026, 3, 5, 10, 0)


@pytest.fixture
def desk(w):
    """Three dossiers on the specialist's desk, Thẩm định (3.5 working days = 28 h)
    started ten minutes after receipt at 08:00:
    - ``late``: started Fri 27/02 08:10, due Wed 04/03 13:40;
    - ``today``: started Mon 02/03 08:10, due Thu 05/03 13:40;
    - ``early``: started Tue 03/03 08:10, due Fri 06/03 13:40;
    and ``other``: the specialist's colleague's (assigned by the unit head)."""
    late = dossier_in(w, "in_progress", start=local(2026, 2, 27, 8, 0))
    today = dossier_in(w, "in_progress", start=local(2026, 3, 2, 8, 0))
    early = dossier_in(w, "in_progress", start=local(2026, 3, 3, 8, 0))
    other = dossier_in(w, "in_progress", start=local(2026, 3, 3, 9, 0))
    services.dossier_assign(
        dossier=other, actor=w.unit_head, assignee=w.specialist2, at=local(2026, 3, 3, 9, 30)
    )
    return {"late": late, "today": today, "early": early, "other": other}


def _codes(queryset):
    return [(d.code, d.step_due) for d in queryset]


def test_my_steps_soonest_due_first(w, desk):
    rows = _codes(inbox_list(user=w.specialist, mine=True, now=NOW))
    assert rows == [
        (desk["late"].code, local(2026, 3, 4, 13, 40)),
        (desk["today"].code, local(2026, 3, 5, 13, 40)),
        (desk["early"].code, local(2026, 3, 6, 13, 40)),
    ]


def test_the_unit_sees_the_colleagues_step_too(w, desk):
    codes = [d.code for d in inbox_list(user=w.specialist, mine=False, now=NOW)]
    assert codes == [
        desk["late"].code,
        desk["today"].code,
        desk["early"].code,
        desk["other"].code,  # started 09:10 Tue: due Fri 06/03 14:40
    ]
    assert [d.code for d in inbox_list(user=w.specialist2, mine=True, now=NOW)] == [
        desk["other"].code
    ]


def test_a_leader_sees_the_agencys_steps_and_another_agency_none(w, desk):
    assert inbox_list(user=w.leader, mine=False, now=NOW).count() == 4
    assert inbox_list(user=w.leader, mine=True, now=NOW).count() == 0
    assert inbox_list(user=w.justice_leader, mine=False, now=NOW).count() == 0
    assert inbox_list(user=w.counter, mine=False, now=NOW).count() == 0


def test_overdue_only_keeps_the_late_step(w, desk):
    rows = inbox_list(user=w.specialist, mine=True, overdue=True, now=NOW)
    assert [d.code for d in rows] == [desk["late"].code]


def test_a_paused_step_is_not_overdue(w, desk):
    services.dossier_request_supplement(
        dossier=desk["late"],
        actor=w.specialist,
        items=[services.SupplementItemInput(name="Bản vẽ", reason="Thiếu chữ ký")],
        reason="Hồ sơ chưa hợp lệ",
        at=local(2026, 3, 4, 9, 0),
    )
    assert inbox_list(user=w.specialist, mine=True, overdue=True, now=NOW).count() == 0
    rows = inbox_list(user=w.specialist, mine=True, status="awaiting_supplement", now=NOW)
    assert [d.code for d in rows] == [desk["late"].code]


def test_filters_by_procedure_and_status(w, desk):
    assert inbox_list(user=w.specialist, mine=True, procedure_code="1.009794").count() == 3
    assert inbox_list(user=w.specialist, mine=True, procedure_code="2.000908").count() == 0
    assert inbox_list(user=w.specialist, mine=True, status="received").count() == 0


def test_the_inter_agency_step_is_the_police_desks(w):
    dossier = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.karaoke_version,
        one_stop_unit=w.centre,
        applicant=w.cuong,
        components=[paper(w.karaoke_form)],
        at=local(2026, 3, 2, 8, 0),
    )
    services.dossier_start_processing(
        dossier=dossier, actor=w.counter, assignee=w.police_officer, at=local(2026, 3, 2, 8, 10)
    )
    # Police: 2 working days from Mon 08:10 → Wed 04/03 08:10.
    assert _codes(inbox_list(user=w.police_officer, mine=True, now=NOW)) == [
        (dossier.code, local(2026, 3, 4, 8, 10))
    ]
    assert inbox_list(user=w.police_leader, mine=False, now=NOW).count() == 1
    assert inbox_list(user=w.culture_leader, mine=False, now=NOW).count() == 0


def test_scope_of_posts(w):
    assert inbox_scope(user=w.specialist).units == {w.building_unit.pk}
    assert inbox_scope(user=w.leader).agencies == {w.construction.pk}
    assert inbox_scope(user=w.counter).empty


@pytest.mark.parametrize(
    ("now", "end"),
    [
        (local(2026, 3, 5, 10, 0), local(2026, 3, 6, 7, 30)),  # Thursday → Friday's opening
        (local(2026, 3, 6, 16, 0), local(2026, 3, 9, 7, 30)),  # Friday → Monday's
        (local(2026, 3, 7, 9, 0), local(2026, 3, 9, 7, 30)),  # Saturday (day off) → Monday's
        (local(2026, 4, 29, 9, 0), local(2026, 5, 4, 7, 30)),  # before 30/4-1/5 → Monday 4/5
    ],
)
def test_the_working_day_ends_at_the_next_opening(w, now, end):
    assert working_day_end(user=w.specialist, now=now) == end


@pytest.mark.parametrize(
    ("due", "paused", "expected"),
    [
        (local(2026, 3, 5, 9, 59), False, Urgency.LATE),
        (local(2026, 3, 5, 10, 0), False, Urgency.DUE),
        (local(2026, 3, 5, 17, 0), False, Urgency.DUE),
        (local(2026, 3, 6, 7, 30), False, Urgency.DUE),  # no working time left before it
        (local(2026, 3, 6, 7, 31), False, Urgency.EARLY),
        (local(2026, 3, 4, 9, 0), True, Urgency.PAUSED),
        (None, False, Urgency.EARLY),
    ],
)
def test_urgency(due, paused, expected):
    assert urgency(due=due, paused=paused, now=NOW, day_end=local(2026, 3, 6, 7, 30)) == expected


def test_step_holders(w, desk):
    step = Task.objects.select_related("role").get(dossier=desk["today"], order=2)
    holders = {u.username for u in step_holders(task=step)}
    assert holders == {"chuyenvien.xd", "chuyenvien2.xd", "truongphong.xd", "lanhdao.xd"}
    intake = Task.objects.select_related("role").get(dossier=desk["today"], order=1)
    # The counter's step: the centre's counter officer, and agency staff of its agency
    # (the province; none in this world).
    assert {u.username for u in step_holders(task=intake)} == {"tiepnhan"}


def test_procedures_of_the_agency(w):
    assert inbox_procedures(user=w.specialist) == [
        ("1.009794", "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ")
    ]
    assert inbox_procedures(user=w.counter) == []


def test_a_file_only_for_who_sees_its_dossier(w):
    submitted = dossier_in(w, "submitted")
    other = dossier_in(w, "submitted")
    found = DossierFile.objects.get(component__dossier=submitted)
    mine = dossier_file_get_for_user(user=w.counter, code=submitted.code, file_id=found.pk)
    assert mine.pk == found.pk
    with pytest.raises(NotFoundError):
        dossier_file_get_for_user(user=w.counter, code=other.code, file_id=found.pk)
    with pytest.raises(NotFoundError):
        dossier_file_get_for_user(user=w.justice_leader, code=submitted.code, file_id=found.pk)


def test_a_step_given_to_no_unit_reaches_the_agencys_unit_desks(w):
    """Phê duyệt of the permit names no unit and no role: any officer of Sở Xây dựng may
    take it (permissions._works_current_task), so it is in their unit tab; not in
    another agency's, and not in anyone's own list until assigned."""
    dossier = dossier_in(w, "in_progress", start=local(2026, 3, 3, 8, 0))
    services.dossier_hand_off(dossier=dossier, actor=w.specialist, at=local(2026, 3, 4, 8, 0))
    task = Task.objects.get(dossier=dossier, status="active")
    assert (task.name, task.unit_id, task.role_id, task.assignee_id) == (
        "Phê duyệt",
        None,
        None,
        None,
    )
    for officer in (w.specialist, w.specialist2, w.unit_head, w.leader):
        assert [d.code for d in inbox_list(user=officer, mine=False, now=NOW)] == [dossier.code]
        assert inbox_list(user=officer, mine=True, now=NOW).count() == 0
    assert inbox_list(user=w.justice_specialist, mine=False, now=NOW).count() == 0
