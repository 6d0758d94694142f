"""Who finds a dossier in their lists once it has left their desk: the unit that worked
on it (DOMAIN.md §1; workflow.selectors.dossier_visible_q), before and after it ends.
Lists of unfinished dossiers read only the rows of unfinished ones (dossier_open), so
these tests hold the two ways of finding the same set to the same answer."""

from __future__ import annotations

from motcua.dossiers.constants import Decision, DossierStatus
from motcua.workflow import services
from motcua.workflow.models import DossierParticipant, Task
from motcua.workflow.selectors import dossier_list_for_user
from motcua.workflow.tests.world import local, paper


def codes(**filters):
    return [d.code for d in dossier_list_for_user(**filters)]


def test_the_unit_that_worked_on_a_dossier_keeps_finding_it(w):
    dossier = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.permit_version,
        one_stop_unit=w.centre,
        applicant=w.cuong,
        components=[paper(w.permit_form)],
        at=local(2026, 3, 9, 9, 0),
    )
    services.dossier_start_processing(
        dossier=dossier, actor=w.counter, assignee=w.specialist, at=local(2026, 3, 10, 8, 0)
    )
    # On to the leader's step: the specialist's unit no longer holds it.
    services.dossier_hand_off(dossier=dossier, actor=w.specialist, at=local(2026, 3, 12, 15))
    dossier.refresh_from_db()
    assert dossier.current_assignee != w.specialist
    assert codes(user=w.specialist, status=DossierStatus.IN_PROGRESS) == [dossier.code]
    assert codes(user=w.specialist, active_only=True) == [dossier.code]
    assert set(Task.objects.filter(dossier=dossier).values_list("dossier_open", flat=True)) == {
        True
    }

    services.dossier_decide(
        dossier=dossier, actor=w.leader, decision=Decision.APPROVED, at=local(2026, 3, 13, 9)
    )
    services.dossier_mark_result_ready(
        dossier=dossier, actor=w.specialist, at=local(2026, 3, 13, 10)
    )
    services.dossier_return_result(dossier=dossier, actor=w.counter, at=local(2026, 3, 13, 14))
    # Finished: its rows say so, and it is found among all, not among unfinished ones.
    assert set(Task.objects.filter(dossier=dossier).values_list("dossier_open", flat=True)) == {
        False
    }
    assert not DossierParticipant.objects.filter(dossier=dossier, dossier_open=True).exists()
    assert codes(user=w.specialist) == [dossier.code]
    assert codes(user=w.specialist, status=DossierStatus.RETURNED) == [dossier.code]
    assert codes(user=w.specialist, active_only=True) == []
    assert codes(user=w.specialist, status=DossierStatus.IN_PROGRESS) == []
