"""One way to each lifecycle state, through the REAL services (DESIGN.md, Tests: "one
trait per lifecycle state"), and the tools the lifecycle tests share.

``dossier_in(w, status, **options)`` returns a dossier of the building-permit
procedure (1.009794, decided by Sở Xây dựng, received at the provincial centre) that
has lived its life from Monday 2 March 2026, 08:00 (Vietnamese time), one action every
ten minutes: every state is reached before 10:00 that Monday, so a test may act at
``AFTER`` (Tuesday 09:00), well before the appointment (Monday 9 March, 08:00).

The applicant is An (a citizen with a login), so the dossier has an owner who may
withdraw or supplement it. Options:

- ``channel="counter"`` (default) or ``"online"``: how a received dossier came in;
- ``stage="appraisal"`` (default) or ``"intake"`` for ``awaiting_supplement``;
- ``result_ready=False`` (default) or ``True`` for ``decided``;
- ``decision="approved"`` (default) or ``"refused"`` for ``decided`` and ``returned``;
- ``withdrawn_from`` (default ``"received"``) for ``withdrawal_requested``;
- ``stopped_from`` (default ``"received"``; ``"withdrawal_requested"`` for a stop at
  the applicant's request) for ``stopped``;
- ``start``: the moment of the first action.

``LIFECYCLE`` names the twelve states the transition matrix runs through: the ten
statuses, plus the supplement request at intake and at appraisal and a decided dossier
whose result has or has not reached the one-stop unit.

Also here: ``act`` (each action with valid input), ``snapshot`` (everything a refused
action must leave untouched) and ``world_for_module`` (one test world for a whole
module, rolled back at its end). Threads acting at the same moment:
``motcua.dossiers.tests.concurrency.SameMoment``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.test import override_settings

from motcua.accounts.models import Citizen, Organisation, User
from motcua.core.models import AuditEntry
from motcua.dossiers.constants import Decision, DossierStatus, SupplementStage
from motcua.dossiers.models import (
    Dossier,
    DossierCodeSequence,
    DossierComponent,
    DossierEvent,
    DossierFile,
)
from motcua.workflow import services
from motcua.workflow.constants import Action
from motcua.workflow.models import (
    ApologyNotice,
    DossierParticipant,
    Handoff,
    Refusal,
    StopNotice,
    SupplementItem,
    SupplementRequest,
    Task,
)
from motcua.workflow.services import SupplementItemInput
from motcua.workflow.tests.world import local, paper, world

__all__ = [
    "AFTER",
    "FAST_HASHERS",
    "FEE",
    "LIFECYCLE",
    "START",
    "act",
    "dossier_in",
    "snapshot",
    "supplement_items",
    "world_for_module",
]

# Monday 2 March 2026, 08:00: the first action of every dossier built here.
START = local(2026, 3, 2, 8, 0)
# Tuesday 3 March 2026, 09:00: after every state is reached, before any appointment
# (a counter receipt on Monday 08:00 is due five working days later: 9 March, 08:00).
AFTER = local(2026, 3, 3, 9, 0)
_TICK = dt.timedelta(minutes=10)
FEE = 500_000  # đồng, asked for by the awaiting_payment state

LIFECYCLE: dict[str, tuple[str, dict[str, Any]]] = {
    "submitted": (DossierStatus.SUBMITTED, {}),
    "received": (DossierStatus.RECEIVED, {}),
    "refused": (DossierStatus.REFUSED, {}),
    "in_progress": (DossierStatus.IN_PROGRESS, {}),
    "awaiting_supplement-intake": (
        DossierStatus.AWAITING_SUPPLEMENT,
        {"stage": SupplementStage.INTAKE},
    ),
    "awaiting_supplement-appraisal": (
        DossierStatus.AWAITING_SUPPLEMENT,
        {"stage": SupplementStage.APPRAISAL},
    ),
    "awaiting_payment": (DossierStatus.AWAITING_PAYMENT, {}),
    "withdrawal_requested": (DossierStatus.WITHDRAWAL_REQUESTED, {}),
    "stopped": (DossierStatus.STOPPED, {}),
    "decided-result_pending": (DossierStatus.DECIDED, {"result_ready": False}),
    "decided-result_ready": (DossierStatus.DECIDED, {"result_ready": True}),
    "returned": (DossierStatus.RETURNED, {}),
}

# Hashing the world's passwords with the production hasher takes seconds per world.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextmanager
def world_for_module(django_db_blocker: Any) -> Iterator[SimpleNamespace]:
    """One test world for a whole module, built in a transaction rolled back when the
    module ends (as demo/tests/test_loader.py does); each test runs in a savepoint
    inside it (pytest-django's ``db``), so tests see the world and never each other.
    Tests must not change the world's rows or users in place (create their own)."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        yield world()
        transaction.set_rollback(True)


# --- reaching a state -----------------------------------------------------------------


def supplement_items(w: Any, dossier: Dossier | None = None) -> list[SupplementItemInput]:
    """A complete Mẫu 02 list: the dossier's (else the permit's) paper, with a reason."""
    component = dossier.version.components.first() if dossier is not None else w.permit_form
    return [
        SupplementItemInput(
            name=component.name, reason="Bản vẽ thiếu chữ ký của chủ đầu tư", component=component
        )
    ]


class _Clock:
    def __init__(self, start: dt.datetime) -> None:
        self.now = start - _TICK

    def __call__(self) -> dt.datetime:
        self.now += _TICK
        return self.now


@dataclass(frozen=True)
class _Options:
    channel: str
    stage: str
    result_ready: bool
    decision: str
    withdrawn_from: str
    stopped_from: str


def dossier_in(
    w: Any,
    status: str,
    *,
    channel: str = "counter",
    stage: str = SupplementStage.APPRAISAL,
    result_ready: bool = False,
    decision: str = Decision.APPROVED,
    withdrawn_from: str = DossierStatus.RECEIVED,
    stopped_from: str = DossierStatus.RECEIVED,
    start: dt.datetime = START,
) -> Dossier:
    """A dossier in ``status`` (a ``DossierStatus`` value), reached through the real
    services by the people of the test world ``w``, re-read from the database."""
    options = _Options(channel, stage, result_ready, decision, withdrawn_from, stopped_from)
    dossier = _reach(w, DossierStatus(status), _Clock(start), options)
    dossier = Dossier.objects.select_related("version", "receiving_unit", "deciding_agency").get(
        pk=dossier.pk
    )
    assert dossier.status == status, (dossier.status, status)
    return dossier


def _reach(w: Any, status: DossierStatus, tick: _Clock, o: _Options) -> Dossier:
    S = DossierStatus
    match status:
        case S.SUBMITTED:
            dossier, _created = services.dossier_submit_online(
                actor=w.an.user,
                version=w.permit_version,
                components=[paper(w.permit_form, with_file=True)],
                at=tick(),
            )
            return dossier
        case S.RECEIVED if o.channel == "online":
            return services.dossier_receive(
                dossier=_reach(w, S.SUBMITTED, tick, o), actor=w.counter, at=tick()
            )
        case S.RECEIVED:
            return services.dossier_receive_at_counter(
                actor=w.counter,
                version=w.permit_version,
                one_stop_unit=w.centre,
                applicant=w.an,
                components=[paper(w.permit_form)],
                at=tick(),
            )
        case S.REFUSED:
            return services.dossier_refuse(
                dossier=_reach(w, S.SUBMITTED, tick, o),
                actor=w.counter,
                reason="Thủ tục không thuộc thẩm quyền giải quyết",
                legal_basis="Nghị định 118/2025/NĐ-CP, Điều 17",
                at=tick(),
            )
        case S.IN_PROGRESS:
            # The centre transfers to Sở Xây dựng; step 2 (Thẩm định) goes to the
            # specialist.
            return services.dossier_start_processing(
                dossier=_reach(w, S.RECEIVED, tick, o),
                actor=w.counter,
                assignee=w.specialist,
                at=tick(),
            )
        case S.AWAITING_SUPPLEMENT:
            if o.stage == SupplementStage.INTAKE:
                dossier, actor = _reach(w, S.SUBMITTED, tick, o), w.counter
            else:
                dossier, actor = _reach(w, S.IN_PROGRESS, tick, o), w.specialist
            return services.dossier_request_supplement(
                dossier=dossier,
                actor=actor,
                items=supplement_items(w),
                reason="Hồ sơ chưa hợp lệ",
                at=tick(),
            )
        case S.AWAITING_PAYMENT:
            return services.dossier_request_payment(
                dossier=_reach(w, S.IN_PROGRESS, tick, o),
                actor=w.specialist,
                amount=FEE,
                at=tick(),
            )
        case S.WITHDRAWAL_REQUESTED:
            return services.dossier_withdraw(
                dossier=_reach(w, _before(o.withdrawn_from, status), tick, o),
                actor=w.an.user,
                reason="Không còn nhu cầu",
                at=tick(),
            )
        case S.STOPPED:
            return services.dossier_stop(
                dossier=_reach(w, _before(o.stopped_from, status), tick, o),
                actor=w.counter,
                reason="Người yêu cầu đề nghị dừng giải quyết",
                at=tick(),
            )
        case S.DECIDED:
            dossier = services.dossier_hand_off(
                dossier=_reach(w, S.IN_PROGRESS, tick, o), actor=w.specialist, at=tick()
            )
            dossier = services.dossier_decide(
                dossier=dossier,
                actor=w.leader,
                decision=o.decision,
                note="Không đủ điều kiện cấp phép" if o.decision == Decision.REFUSED else "",
                at=tick(),
            )
            if o.result_ready:
                dossier = services.dossier_mark_result_ready(
                    dossier=dossier, actor=w.specialist, at=tick()
                )
            return dossier
        case S.RETURNED:
            ready = _Options(**{**vars(o), "result_ready": True})
            return services.dossier_return_result(
                dossier=_reach(w, S.DECIDED, tick, ready), actor=w.counter, at=tick()
            )
    raise AssertionError(f"no way to {status}")  # pragma: no cover


def _before(status: str, then: DossierStatus) -> DossierStatus:
    final = (DossierStatus.STOPPED, DossierStatus.REFUSED, DossierStatus.RETURNED)
    if status == then or status in final:
        raise ValueError(f"{then} cannot follow {status}")
    return DossierStatus(status)


# --- acting ---------------------------------------------------------------------------


def act(
    w: Any, dossier: Dossier, action: str, *, actor: Any, at: dt.datetime = AFTER, **given: Any
) -> Dossier:
    """Call the service of ``action`` on ``dossier`` with valid input (``given``
    replaces any argument)."""
    component = dossier.version.components.first()

    def call(service: Callable[..., Dossier], **arguments: Any) -> Dossier:
        return service(dossier=dossier, actor=actor, at=at, **{**arguments, **given})

    match Action(action):
        case Action.RECEIVE:
            return call(services.dossier_receive)
        case Action.REQUEST_SUPPLEMENT:
            return call(
                services.dossier_request_supplement,
                items=supplement_items(w, dossier),
                reason="Hồ sơ chưa hợp lệ",
            )
        case Action.RECORD_SUPPLEMENT:
            return call(
                services.dossier_record_supplement,
                components=[paper(component, with_file=True)],
            )
        case Action.REFUSE:
            return call(
                services.dossier_refuse,
                reason="Hồ sơ không thuộc phạm vi giải quyết",
                legal_basis="Nghị định 118/2025/NĐ-CP, Điều 17",
            )
        case Action.START_PROCESSING:
            return call(services.dossier_start_processing)
        case Action.ASSIGN:
            return call(services.dossier_assign, assignee=w.specialist2)
        case Action.HAND_OFF:
            return call(services.dossier_hand_off)
        case Action.DECIDE:
            return call(services.dossier_decide, decision=Decision.APPROVED)
        case Action.REQUEST_PAYMENT:
            return call(services.dossier_request_payment, amount=FEE)
        case Action.RECORD_PAYMENT:
            due = dossier.fee_requested - dossier.fee_paid
            return call(services.dossier_record_payment, amount=due or FEE, reference="BL-0001")
        case Action.MARK_RESULT_READY:
            return call(services.dossier_mark_result_ready)
        case Action.RETURN_RESULT:
            return call(services.dossier_return_result)
        case Action.WITHDRAW:
            return call(services.dossier_withdraw, reason="Không còn nhu cầu")
        case Action.STOP:
            return call(services.dossier_stop, reason="Không thể tiếp tục giải quyết")
        case Action.RESCHEDULE:
            appointment = dossier.appointment_at or at
            return call(
                services.dossier_reschedule,
                responsible_agency=dossier.deciding_agency,
                reason="Cần xác minh thêm hiện trạng công trình",
                new_appointment_at=appointment + dt.timedelta(days=3),
            )
    raise AssertionError(f"{action} creates a dossier")  # pragma: no cover


# --- nothing written ------------------------------------------------------------------

_COUNTED: tuple[type[Model], ...] = (
    Dossier,
    DossierEvent,
    DossierComponent,
    DossierFile,
    DossierCodeSequence,
    DossierParticipant,
    Task,
    Handoff,
    SupplementRequest,
    SupplementItem,
    Refusal,
    ApologyNotice,
    StopNotice,
    AuditEntry,
    User,
    Citizen,
    Organisation,
)


def snapshot(*dossiers: Dossier) -> dict[str, Any]:
    """Row counts of every table an action writes to, and the full rows of the
    dossiers given, their tasks, hand-offs, liên thông agencies and the code
    sequence: equal before and after means nothing was written."""
    # One round trip for all the counts (the matrix tests take hundreds of snapshots).
    # The table names are the models' own, quoted: nothing from outside reaches the SQL.
    quote = connection.ops.quote_name
    tables = [quote(model._meta.db_table) for model in _COUNTED]
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {table})" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = cursor.fetchone()
    state: dict[str, Any] = {
        model._meta.label: count for model, count in zip(_COUNTED, counts, strict=True)
    }
    state["sequence"] = list(DossierCodeSequence.objects.order_by("pk").values())
    for dossier in dossiers:
        key = f"dossier {dossier.pk}"
        state[key] = Dossier.objects.filter(pk=dossier.pk).values().get()
        state[f"{key} tasks"] = list(Task.objects.filter(dossier=dossier).order_by("pk").values())
        state[f"{key} handoffs"] = list(
            Handoff.objects.filter(dossier=dossier).order_by("pk").values()
        )
        state[f"{key} participants"] = list(
            DossierParticipant.objects.filter(dossier=dossier).order_by("pk").values()
        )
        state[f"{key} supplements"] = list(
            SupplementRequest.objects.filter(dossier=dossier).order_by("pk").values()
        )
    return state
