"""Who may take each action (workflow/permissions.py; Decree 118/2025 Arts. 8, 11, 17,
21; DOMAIN.md §2): for every action, in a status where the table allows it, every
kind of person tries. Those who may, succeed; everyone else gets PermissionDeniedError
(403) and nothing is written."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from motcua.accounts.constants import RoleCode
from motcua.accounts.models import User
from motcua.accounts.services import citizen_register, staff_user_create
from motcua.accounts.tests.factories import verified
from motcua.agencies.constants import AgencyKind, DivisionLevel, OneStopUnitKind
from motcua.agencies.services import (
    agency_create,
    one_stop_unit_create,
    staff_assign_role,
    staff_revoke_role,
)
from motcua.core.exceptions import InvalidInputError, PermissionDeniedError
from motcua.dossiers.constants import Decision, DossierStatus, SupplementStage
from motcua.dossiers.models import Dossier
from motcua.workflow import services
from motcua.workflow.constants import Action
from motcua.workflow.tests.states import (
    AFTER,
    START,
    act,
    dossier_in,
    snapshot,
    supplement_items,
    world_for_module,
)
from motcua.workflow.tests.world import PASSWORD, local, paper
from motcua.workflow.transitions import CREATING_ACTIONS, target_of

S = DossierStatus
A = Action


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    with world_for_module(django_db_blocker) as built:
        yield built


@pytest.fixture(scope="module")
def people(module_world, django_db_blocker) -> SimpleNamespace:
    """The world's people, plus a counter officer of a commune centre and an officer
    who holds every role at the centre and Sở Xây dựng but whose account is disabled."""
    w = module_world
    with django_db_blocker.unblock():
        commune = agency_create(
            actor=None,
            code="000.51.00.H62",
            name="Ủy ban nhân dân phường Long Châu",
            kind=AgencyKind.COMMUNE_COMMITTEE,
            level=DivisionLevel.COMMUNE,
            parent=w.province,
        )
        commune_centre = one_stop_unit_create(
            actor=None,
            code="TTPVHCC-LONGCHAU",
            name="Trung tâm Phục vụ hành chính công phường Long Châu",
            kind=OneStopUnitKind.COMMUNE_CENTRE,
            agency=commune,
        )
        other_counter = staff_user_create(
            actor=None, username="tiepnhan.longchau", full_name="Hồ Thị Mai", password=PASSWORD
        )
        staff_assign_role(
            actor=None,
            user=other_counter,
            role_code=RoleCode.COUNTER_OFFICER,
            agency=commune,
            one_stop_unit=commune_centre,
        )
        inactive = staff_user_create(
            actor=None, username="nghiviec", full_name="Trịnh Văn Tám", password=PASSWORD
        )
        staff_assign_role(
            actor=None,
            user=inactive,
            role_code=RoleCode.COUNTER_OFFICER,
            agency=w.province,
            one_stop_unit=w.centre,
        )
        for role in (RoleCode.SPECIALIST, RoleCode.UNIT_HEAD, RoleCode.LEADER):
            staff_assign_role(actor=None, user=inactive, role_code=role, agency=w.construction)
        User.objects.filter(pk=inactive.pk).update(is_active=False)
        inactive.refresh_from_db()
    return SimpleNamespace(
        commune_centre=commune_centre,
        by_name={
            "anonymous": None,
            "inactive": inactive,
            "owner": w.an.user,
            "other_citizen": w.binh.user,
            "counter": w.counter,
            "other_counter": other_counter,
            "specialist": w.specialist,  # assignee of step 2 at Sở Xây dựng
            "colleague": w.specialist2,  # same unit, not the assignee
            "other_specialist": w.justice_specialist,  # Sở Tư pháp
            "unit_head": w.unit_head,
            "leader": w.leader,
            "other_leader": w.justice_leader,
            "no_role": w.no_role,
        },
    )


@pytest.fixture
def w(module_world, people, db):
    return module_world


ACTORS = [
    "anonymous",
    "inactive",
    "owner",
    "other_citizen",
    "counter",
    "other_counter",
    "specialist",
    "colleague",
    "other_specialist",
    "unit_head",
    "leader",
    "other_leader",
    "no_role",
]
AGENCY_STAFF = {"specialist", "colleague", "unit_head", "leader"}

# case → (action, the state it is tried in, who may). Written out from the rules of
# permissions.py: the counter officer of the receiving centre handles intake, fees,
# return, withdrawal and stop; the staff of Sở Xây dựng (deciding agency) work its step
# (no role is named on the permit's steps); the unit head or leader assigns; only its
# leader decides and signs an apology; the owner withdraws and supplements.
CASES: dict[str, tuple[Action, tuple[str, dict[str, Any]], set[str]]] = {
    "receive": (A.RECEIVE, (S.SUBMITTED, {}), {"counter"}),
    "request_supplement-intake": (A.REQUEST_SUPPLEMENT, (S.SUBMITTED, {}), {"counter"}),
    "request_supplement-appraisal": (A.REQUEST_SUPPLEMENT, (S.IN_PROGRESS, {}), AGENCY_STAFF),
    "record_supplement-intake": (
        A.RECORD_SUPPLEMENT,
        (S.AWAITING_SUPPLEMENT, {"stage": SupplementStage.INTAKE}),
        {"owner", "counter"},
    ),
    "record_supplement-appraisal": (
        A.RECORD_SUPPLEMENT,
        (S.AWAITING_SUPPLEMENT, {}),
        {"owner", "counter"},
    ),
    "refuse": (A.REFUSE, (S.SUBMITTED, {}), {"counter"}),
    "start_processing": (A.START_PROCESSING, (S.RECEIVED, {}), {"counter"} | AGENCY_STAFF),
    "assign": (A.ASSIGN, (S.IN_PROGRESS, {}), {"unit_head", "leader"}),
    "hand_off": (A.HAND_OFF, (S.IN_PROGRESS, {}), AGENCY_STAFF),
    "decide": (A.DECIDE, (S.IN_PROGRESS, {}), {"leader"}),
    "request_payment": (A.REQUEST_PAYMENT, (S.IN_PROGRESS, {}), {"counter"} | AGENCY_STAFF),
    "record_payment": (A.RECORD_PAYMENT, (S.AWAITING_PAYMENT, {}), {"counter"}),
    "mark_result_ready": (A.MARK_RESULT_READY, (S.DECIDED, {}), {"counter"} | AGENCY_STAFF),
    "return_result": (A.RETURN_RESULT, (S.DECIDED, {"result_ready": True}), {"counter"}),
    "withdraw": (A.WITHDRAW, (S.RECEIVED, {}), {"owner", "counter"}),
    "withdraw-submitted": (A.WITHDRAW, (S.SUBMITTED, {}), {"owner", "counter"}),
    "stop": (A.STOP, (S.RECEIVED, {}), {"counter", "leader"}),
    "stop-withdrawal": (A.STOP, (S.WITHDRAWAL_REQUESTED, {}), {"counter", "leader"}),
    "reschedule": (A.RESCHEDULE, (S.IN_PROGRESS, {}), {"leader"}),
}


def test_every_acting_action_has_a_case():
    acting = {a for a in Action if a not in CREATING_ACTIONS}
    assert {action for action, _state, _may in CASES.values()} == acting


@pytest.fixture(scope="module", params=list(CASES))
def case(request, module_world, people, django_db_blocker) -> tuple[str, Dossier]:
    """The dossier of one case, built once for every person who tries it (each test
    runs in a savepoint)."""
    _action, (status, options), _may = CASES[request.param]
    with django_db_blocker.unblock():
        return request.param, dossier_in(module_world, status, **options)


@pytest.mark.parametrize("who", ACTORS)
def test_who_may_act(w, people, case, who):
    name, dossier = case
    action, (status, _options), may = CASES[name]
    actor = people.by_name[who]
    before = snapshot(dossier)
    if who in may:
        after = act(w, dossier, action, actor=actor)
        assert after.status == target_of(status, action, supplement_stage=dossier.supplement_stage)
        return
    with pytest.raises(PermissionDeniedError) as refused:
        act(w, dossier, action, actor=actor)
    assert (refused.value.code, refused.value.http_status) == ("permission_denied", 403)
    assert refused.value.message.startswith("Bạn không có quyền") or (
        "lãnh đạo cơ quan chịu trách nhiệm" in refused.value.message
    )
    assert snapshot(dossier) == before


# --- steps that name a role, and steps at another agency (the karaoke liên thông) ----


def _karaoke_at_step(w: Any, step: int) -> Dossier:
    """A karaoke licence dossier (lead: Sở Văn hóa; police confirms security) at
    ``step``: 2 police (no role named), 3 culture appraisal (no role), 4 approval
    (role: leader)."""
    dossier = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.karaoke_version,
        one_stop_unit=w.centre,
        applicant=w.an,
        components=[paper(w.karaoke_form)],
        at=START,
    )
    dossier = services.dossier_start_processing(dossier=dossier, actor=w.counter, at=START)
    if step >= 3:
        dossier = services.dossier_hand_off(dossier=dossier, actor=w.police_officer, at=START)
    if step >= 4:
        dossier = services.dossier_hand_off(dossier=dossier, actor=w.culture_officer, at=START)
    dossier.refresh_from_db()
    assert dossier.current_step == step
    return dossier


@pytest.mark.parametrize(
    ("step", "who", "allowed"),
    [
        # Step 2 belongs to the police: its specialist, not the lead agency's.
        (2, "police_officer", True),
        (2, "police_leader", True),
        (2, "culture_officer", False),
        (2, "culture_leader", False),
        (2, "specialist", False),
        (2, "counter", False),
        # Step 3 (culture appraisal, no role named): any staff of Sở Văn hóa.
        (3, "culture_officer", True),
        (3, "police_officer", False),
        # Step 4 names the leader role: a specialist of Sở Văn hóa may not.
        (4, "culture_leader", True),
        (4, "culture_officer", False),
        (4, "police_leader", False),
    ],
)
def test_the_step_decides_who_asks_for_a_supplement(w, step, who, allowed):
    dossier = _karaoke_at_step(w, step)
    actor = getattr(w, who)
    before = snapshot(dossier)
    if allowed:
        after = act(w, dossier, A.REQUEST_SUPPLEMENT, actor=actor)
        assert (after.status, after.supplement_stage) == (S.AWAITING_SUPPLEMENT, "appraisal")
        return
    with pytest.raises(PermissionDeniedError):
        act(w, dossier, A.REQUEST_SUPPLEMENT, actor=actor)
    assert snapshot(dossier) == before


def test_hand_off_from_the_police_step_by_the_police_only(w):
    dossier = _karaoke_at_step(w, 2)
    before = snapshot(dossier)
    for outsider in (w.culture_officer, w.specialist, w.counter, w.leader):
        with pytest.raises(PermissionDeniedError):
            services.dossier_hand_off(dossier=dossier, actor=outsider, at=AFTER)
    assert snapshot(dossier) == before
    after = services.dossier_hand_off(dossier=dossier, actor=w.police_officer, at=AFTER)
    assert (after.current_step, after.current_agency) == (3, w.culture)


@pytest.mark.parametrize(
    ("who", "responsible", "expected"),
    [
        ("culture_leader", "culture", None),  # the lead (deciding) agency
        ("police_leader", "police", None),  # a participating agency
        ("police_leader", "culture", PermissionDeniedError),  # not that agency's leader
        ("justice_leader", "justice", InvalidInputError),  # agency not involved
        ("justice_leader", "police", PermissionDeniedError),
        ("culture_officer", "culture", PermissionDeniedError),  # not a leader
        ("police_officer", "police", PermissionDeniedError),
    ],
)
def test_apology_signed_by_a_leader_of_an_involved_agency(w, who, responsible, expected):
    dossier = _karaoke_at_step(w, 2)
    before = snapshot(dossier)
    arguments = {
        "dossier": dossier,
        "actor": getattr(w, who),
        "responsible_agency": getattr(w, responsible),
        "reason": "Chờ kết quả xác minh an ninh, trật tự",
        "new_appointment_at": local(2026, 3, 16, 8, 0),
        "at": AFTER,
    }
    if expected is None:
        after = services.dossier_reschedule(**arguments)
        assert (after.reschedule_count, after.apology.responsible_agency) == (
            1,
            getattr(w, responsible),
        )
        return
    with pytest.raises(expected):
        services.dossier_reschedule(**arguments)
    assert snapshot(dossier) == before


# --- on-the-spot procedures: the counter officer decides (Decree 118 Art. 8) ----------


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("counter", True),  # delegated authority at the counter
        ("justice_leader", True),  # the deciding agency's leader still may
        ("other_counter", False),
        ("justice_specialist", False),
        ("leader", False),  # Sở Xây dựng's leader: not the deciding agency
    ],
)
def test_on_the_spot_procedure_decided_at_the_counter(w, people, who, allowed):
    dossier = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.copy_version,
        one_stop_unit=w.centre,
        applicant=w.an,
        components=[paper(w.copy_form)],
        at=START,
    )
    dossier = services.dossier_start_processing(dossier=dossier, actor=w.counter, at=START)
    actor = getattr(w, who, None) or people.by_name[who]
    before = snapshot(dossier)
    if allowed:
        after = services.dossier_decide(
            dossier=dossier, actor=actor, decision=Decision.APPROVED, at=AFTER
        )
        assert after.status == S.DECIDED
        return
    with pytest.raises(PermissionDeniedError):
        services.dossier_decide(dossier=dossier, actor=actor, decision=Decision.APPROVED, at=AFTER)
    assert snapshot(dossier) == before


def test_counter_officer_may_not_decide_an_ordinary_procedure(w):
    dossier = dossier_in(w, S.IN_PROGRESS)
    with pytest.raises(PermissionDeniedError):
        services.dossier_decide(
            dossier=dossier, actor=w.counter, decision=Decision.APPROVED, at=AFTER
        )


# --- the two actions that create a dossier --------------------------------------------


@pytest.mark.parametrize(
    ("who", "where", "allowed"),
    [
        ("counter", "centre", True),
        ("other_counter", "commune_centre", True),  # receipt regardless of boundary
        ("other_counter", "centre", False),
        ("counter", "commune_centre", False),
        ("inactive", "centre", False),
        ("anonymous", "centre", False),
        ("owner", "centre", False),
        ("specialist", "centre", False),
        ("leader", "centre", False),
        ("no_role", "centre", False),
    ],
)
def test_who_receives_at_the_counter(w, people, who, where, allowed):
    unit = people.commune_centre if where == "commune_centre" else w.centre
    before = snapshot()

    def receive() -> Dossier:
        return services.dossier_receive_at_counter(
            actor=people.by_name[who],
            version=w.permit_version,
            one_stop_unit=unit,
            applicant=w.an,
            components=[paper(w.permit_form)],
            at=START,
        )

    if allowed:
        dossier = receive()
        assert (dossier.status, dossier.receiving_unit, dossier.received_by) == (
            S.RECEIVED,
            unit,
            people.by_name[who],
        )
        return
    with pytest.raises(PermissionDeniedError):
        receive()
    assert snapshot() == before


def _submit(w: Any, actor: Any) -> Dossier:
    dossier, _created = services.dossier_submit_online(
        actor=actor,
        version=w.permit_version,
        components=[paper(w.permit_form, with_file=True)],
        at=START,
    )
    return dossier


@pytest.mark.parametrize("who", ["owner", "other_citizen"])
def test_any_citizen_with_a_login_files_online(w, people, who):
    dossier = _submit(w, people.by_name[who])
    assert (dossier.status, dossier.owner) == (S.SUBMITTED, people.by_name[who])


@pytest.mark.parametrize("who", ["counter", "leader", "no_role", "inactive"])
def test_staff_do_not_file_online(w, people, who):
    before = snapshot()
    with pytest.raises(PermissionDeniedError) as refused:
        _submit(w, people.by_name[who])
    assert refused.value.code == "not_an_applicant"
    assert snapshot() == before


def test_anonymous_does_not_file_online(w):
    before = snapshot()
    with pytest.raises(PermissionDeniedError) as refused:
        _submit(w, None)
    assert refused.value.code == "not_an_applicant"
    assert snapshot() == before


@pytest.fixture
def disabled_citizen(w):
    """Dương, a citizen whose login was disabled after filing one dossier."""
    citizen = verified(
        citizen_register(citizen_id="086095077777", full_name="Dương Văn Đức", password=PASSWORD)
    )
    dossier = _submit(w, citizen.user)
    User.objects.filter(pk=citizen.user_id).update(is_active=False)
    citizen.user.refresh_from_db()
    return SimpleNamespace(user=citizen.user, dossier=Dossier.objects.get(pk=dossier.pk))


def test_disabled_citizen_does_not_file_online(w, disabled_citizen):
    before = snapshot()
    with pytest.raises(PermissionDeniedError) as refused:
        _submit(w, disabled_citizen.user)
    assert refused.value.code == "not_an_applicant"
    assert snapshot() == before


def test_disabled_owner_neither_withdraws_nor_supplements(w, disabled_citizen):
    dossier = disabled_citizen.dossier
    before = snapshot(dossier)
    with pytest.raises(PermissionDeniedError):
        services.dossier_withdraw(
            dossier=dossier, actor=disabled_citizen.user, reason="Không còn nhu cầu", at=AFTER
        )
    assert snapshot(dossier) == before
    dossier = services.dossier_request_supplement(
        dossier=dossier,
        actor=w.counter,
        items=supplement_items(w),
        reason="Hồ sơ chưa hợp lệ",
        at=AFTER,
    )
    before = snapshot(dossier)
    with pytest.raises(PermissionDeniedError):
        services.dossier_record_supplement(
            dossier=dossier,
            actor=disabled_citizen.user,
            components=[paper(w.permit_form, with_file=True)],
            at=AFTER,
        )
    assert snapshot(dossier) == before


def test_revoked_assignment_no_longer_counts(w):
    """An officer whose counter role was revoked is refused like anyone else."""
    former = staff_user_create(
        actor=None, username="tiepnhan.cu", full_name="Phan Văn Cũ", password=PASSWORD
    )
    staff_assign_role(
        actor=None,
        user=former,
        role_code=RoleCode.COUNTER_OFFICER,
        agency=w.province,
        one_stop_unit=w.centre,
    )
    staff_revoke_role(
        actor=None,
        user=former,
        role_code=RoleCode.COUNTER_OFFICER,
        agency=w.province,
        one_stop_unit=w.centre,
    )
    dossier = dossier_in(w, S.SUBMITTED)
    before = snapshot(dossier)
    with pytest.raises(PermissionDeniedError):
        services.dossier_receive(dossier=dossier, actor=former, at=AFTER)
    assert snapshot(dossier) == before
