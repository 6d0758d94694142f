"""The dossier state machine as data (DESIGN.md, State; DOMAIN.md §13). One edge per
line: from status, action, to status, and, where the target depends on the stage of a
supplement request, the stage it applies to. Services look edges up here and nowhere
else decides whether an action is allowed in a status."""

from __future__ import annotations

from typing import NamedTuple

from motcua.dossiers.constants import DossierStatus as S
from motcua.dossiers.constants import SupplementStage
from motcua.workflow.constants import Action as A


class Edge(NamedTuple):
    source: S | None
    action: A
    target: S
    # Only for record_supplement: the stage of the open request.
    stage: str = ""


EDGES: tuple[Edge, ...] = (
    # Online or postal filing enters as "Mới đăng ký" (code 1); a walk-in dossier that
    # passes the completeness check starts as received (code 2) (DOMAIN.md §13).
    Edge(None, A.SUBMIT_ONLINE, S.SUBMITTED),
    Edge(None, A.RECEIVE_COUNTER, S.RECEIVED),
    # A walk-in dossier that fails the check is still registered in the software with
    # its code (Decree 118 Art. 11) as "Mới đăng ký", and in the same transaction gets
    # its supplement request (Mẫu 02) or refusal (Mẫu 03) (Decree 118 Art. 17(1)).
    Edge(None, A.REGISTER_COUNTER, S.SUBMITTED),
    # The officer accepts a complete online dossier (Decree 118/2025 Art. 17(2)).
    Edge(S.SUBMITTED, A.RECEIVE, S.RECEIVED),
    # ... or asks once, completely, for what is missing (Decree 118 Art. 11; Decree
    # 297/2025): intake stage, no clock yet, it restarts from zero when complete.
    Edge(S.SUBMITTED, A.REQUEST_SUPPLEMENT, S.AWAITING_SUPPLEMENT),
    # ... or refuses it with reasons and legal basis (Mẫu 03, Decree 118 Art. 17(1)).
    Edge(S.SUBMITTED, A.REFUSE, S.REFUSED),
    # The applicant completes the dossier: back to the officer's check (intake) ...
    Edge(S.AWAITING_SUPPLEMENT, A.RECORD_SUPPLEMENT, S.SUBMITTED, SupplementStage.INTAKE),
    # ... or back to processing, the due time moved by the pause (appraisal; the
    # 766 formula subtracts the supplement time, DOMAIN.md §4).
    Edge(S.AWAITING_SUPPLEMENT, A.RECORD_SUPPLEMENT, S.IN_PROGRESS, SupplementStage.APPRAISAL),
    # The one-stop unit transfers the dossier to the deciding agency (Decree 118
    # Art. 18; DOMAIN.md §2.3), which starts work.
    Edge(S.RECEIVED, A.START_PROCESSING, S.IN_PROGRESS),
    # Assignment and hand-offs move the work between officers, units and agencies
    # without changing the status (DOMAIN.md §2.4); each hand-off is a Mẫu 05 row.
    Edge(S.IN_PROGRESS, A.ASSIGN, S.IN_PROGRESS),
    Edge(S.IN_PROGRESS, A.HAND_OFF, S.IN_PROGRESS),
    # Appraisal finds something missing: one request, the clock pauses (DOMAIN.md §2.2).
    Edge(S.IN_PROGRESS, A.REQUEST_SUPPLEMENT, S.AWAITING_SUPPLEMENT),
    # Financial obligations (code 6) and back (DOMAIN.md §12, §13: 4 ⇄ 6).
    Edge(S.IN_PROGRESS, A.REQUEST_PAYMENT, S.AWAITING_PAYMENT),
    Edge(S.AWAITING_PAYMENT, A.RECORD_PAYMENT, S.IN_PROGRESS),
    # The competent person approves or refuses with a reason (code 9); an ineligible
    # dossier goes back through the one-stop unit with a written reason (§2.4).
    Edge(S.IN_PROGRESS, A.DECIDE, S.DECIDED),
    # The result reaches the one-stop unit (the last Mẫu 05 row), then the applicant
    # (code 10, DOMAIN.md §2.7).
    Edge(S.DECIDED, A.MARK_RESULT_READY, S.DECIDED),
    Edge(S.DECIDED, A.RETURN_RESULT, S.RETURNED),
    # Before a decision the applicant may ask to withdraw (code 7) and the one-stop
    # unit then stops the dossier with a stop notice (code 8) (Decree 118 Art. 21;
    # Circular 03/2025 Art. 7).
    Edge(S.SUBMITTED, A.WITHDRAW, S.WITHDRAWAL_REQUESTED),
    Edge(S.RECEIVED, A.WITHDRAW, S.WITHDRAWAL_REQUESTED),
    Edge(S.IN_PROGRESS, A.WITHDRAW, S.WITHDRAWAL_REQUESTED),
    Edge(S.AWAITING_SUPPLEMENT, A.WITHDRAW, S.WITHDRAWAL_REQUESTED),
    Edge(S.AWAITING_PAYMENT, A.WITHDRAW, S.WITHDRAWAL_REQUESTED),
    Edge(S.WITHDRAWAL_REQUESTED, A.STOP, S.STOPPED),
    # Stopping without a withdrawal request: the dossier cannot go on, e.g. the
    # applicant never completed it (Decree 297/2025 closes it), or the agency finds it
    # must stop before deciding (Decree 118 Art. 21).
    Edge(S.RECEIVED, A.STOP, S.STOPPED),
    Edge(S.IN_PROGRESS, A.STOP, S.STOPPED),
    Edge(S.AWAITING_SUPPLEMENT, A.STOP, S.STOPPED),
    Edge(S.AWAITING_PAYMENT, A.STOP, S.STOPPED),
    # A delay foreseen before the appointment passes: one apology with a new date
    # (Mẫu 04; at most once, DOMAIN.md §2.5). The status does not change. Not while the
    # clock is paused for the applicant: the appointment is not yet known then.
    Edge(S.RECEIVED, A.RESCHEDULE, S.RECEIVED),
    Edge(S.IN_PROGRESS, A.RESCHEDULE, S.IN_PROGRESS),
)

# Actions that create a dossier rather than act on one.
CREATING_ACTIONS = frozenset(edge.action for edge in EDGES if edge.source is None)


def allowed_actions(status: str, *, supplement_stage: str = "") -> list[A]:
    """The actions the table allows in ``status``, in the table's order."""
    seen: list[A] = []
    for edge in EDGES:
        if edge.source == status and edge.action not in seen:
            if edge.stage and edge.stage != supplement_stage:
                continue
            seen.append(edge.action)
    return seen


def target_of(status: str, action: str, *, supplement_stage: str = "") -> S | None:
    """The status ``action`` leads to from ``status``, or None when it is forbidden."""
    for edge in EDGES:
        if edge.source == status and edge.action == action:
            if edge.stage and edge.stage != supplement_stage:
                continue
            return edge.target
    return None
