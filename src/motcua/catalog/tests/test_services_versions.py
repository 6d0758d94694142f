import datetime as dt
import unicodedata
from decimal import Decimal

import pytest

from motcua.catalog.constants import (
    ComponentForm,
    OnlineMode,
    ParticipantRole,
    TimeUnit,
    VersionStatus,
)
from motcua.catalog.models import (
    FeeLine,
    LegalBasis,
    Participant,
    ProcedureVersion,
    ProcessStep,
    RequiredComponent,
)
from motcua.catalog.selectors import procedure_version_in_force
from motcua.catalog.services import (
    procedure_version_abolish,
    procedure_version_create_draft,
    procedure_version_delete_draft,
    procedure_version_publish,
    procedure_version_update_draft,
)
from motcua.catalog.tests.factories import (
    AgencyFactory,
    ExemptionCategoryFactory,
    FeeLineFactory,
    LegalBasisFactory,
    ParticipantFactory,
    ProcedureFactory,
    ProcedureVersionFactory,
    ProcessStepFactory,
    RequiredComponentFactory,
    RoleFactory,
    UserFactory,
)
from motcua.core.exceptions import ApplicationError
from motcua.core.models import AuditEntry

pytestmark = pytest.mark.django_db

JAN_1 = dt.date(2026, 1, 1)
APR_1 = dt.date(2026, 4, 1)
MAY_1 = dt.date(2026, 5, 1)
JUL_1 = dt.date(2026, 7, 1)


def _publishable(procedure, **kwargs):
    return ProcedureVersionFactory(procedure=procedure, complete=True, **kwargs)


# --- create and update drafts ------------------------------------------------------------


def test_create_draft_numbers_versions_per_procedure_and_audits():
    actor = UserFactory()
    procedure = ProcedureFactory()
    other = ProcedureFactory()
    agency = AgencyFactory()

    first = procedure_version_create_draft(
        actor=actor,
        procedure=procedure,
        time_limit_value=15,
        time_limit_unit=TimeUnit.WORKING_DAYS,
        online_mode=OnlineMode.FULL,
        result_name=unicodedata.normalize("NFD", "Giấy  phép xây dựng"),
        requirements="Dòng một\nDòng hai",
        agencies=[agency],
    )
    second = procedure_version_create_draft(actor=actor, procedure=procedure)
    elsewhere = procedure_version_create_draft(actor=actor, procedure=other)

    assert (first.number, second.number, elsewhere.number) == (1, 2, 1)
    first.refresh_from_db()
    assert first.status == VersionStatus.DRAFT
    assert first.time_limit_value == Decimal(15)
    assert first.online_mode == "full"
    assert first.result_name == "Giấy phép xây dựng"
    assert first.requirements == "Dòng một\nDòng hai"
    assert list(first.agencies.all()) == [agency]
    assert first.effective_from is None and first.published_at is None
    assert AuditEntry.objects.filter(action="catalog.version_draft_created").count() == 3


def test_create_draft_refuses_unknown_fields_and_invalid_choices():
    procedure = ProcedureFactory()
    with pytest.raises(TypeError):
        procedure_version_create_draft(actor=None, procedure=procedure, status="published")
    with pytest.raises(ApplicationError) as error:
        procedure_version_create_draft(actor=None, procedure=procedure, online_mode="level4")
    assert error.value.code == "invalid"
    with pytest.raises(ApplicationError) as error:
        procedure_version_create_draft(actor=None, procedure=procedure, time_limit_value="-1")
    assert error.value.code == "invalid"
    assert not ProcedureVersion.objects.exists()


def test_create_draft_copies_everything_deeply():
    procedure = ProcedureFactory()
    lead_agency = AgencyFactory(name="Sở Tài nguyên và Môi trường")
    tax_agency = AgencyFactory(name="Chi cục Thuế")
    poor = ExemptionCategoryFactory(code="ho-ngheo", name="Hộ nghèo")
    merit = ExemptionCategoryFactory(code="nguoi-co-cong", name="Người có công")
    role = RoleFactory()
    source = ProcedureVersionFactory(
        procedure=procedure,
        published=True,
        publication_decision="123/QĐ-UBND",
        time_limit_value=Decimal(10),
        online_mode=OnlineMode.PARTIAL,
        on_the_spot=True,
        counter_cutoff=dt.time(16, 0),
    )
    source.agencies.set([lead_agency])
    LegalBasisFactory(version=source, order=1, number="31/2024/QH15", title="Luật Đất đai")
    RequiredComponentFactory(
        version=source, order=1, name="Đơn đăng ký", form=ComponentForm.ORIGINAL, count=2
    )
    fee = FeeLineFactory(
        version=source, order=1, name="Lệ phí", amount=100_000, online_amount=50_000
    )
    fee.exemptions.set([poor, merit])
    lead = ParticipantFactory(
        version=source, order=1, role=ParticipantRole.LEAD, agency=lead_agency, budget=7
    )
    tax = ParticipantFactory(
        version=source, order=2, role=ParticipantRole.COORDINATING, agency=tax_agency, budget=3
    )
    ProcessStepFactory(
        version=source, order=1, name="Thẩm định", role=role, participant=lead, budget=7
    )
    ProcessStepFactory(version=source, order=2, name="Xác định thuế", participant=tax, budget=3)

    draft = procedure_version_create_draft(
        actor=None, procedure=procedure, copy_from=source, time_limit_value=Decimal(12)
    )

    draft.refresh_from_db()
    assert draft.number == 2
    assert draft.status == VersionStatus.DRAFT
    assert (draft.effective_from, draft.effective_to, draft.published_at) == (None, None, None)
    assert draft.publication_decision == "123/QĐ-UBND"
    assert draft.time_limit_value == Decimal(12)
    assert draft.online_mode == "partial"
    assert draft.on_the_spot is True
    assert draft.counter_cutoff == dt.time(16, 0)
    assert list(draft.agencies.all()) == [lead_agency]
    assert [(b.number, b.title) for b in draft.legal_bases.all()] == [
        ("31/2024/QH15", "Luật Đất đai")
    ]
    assert [(c.name, c.form, c.count) for c in draft.components.all()] == [
        ("Đơn đăng ký", "original", 2)
    ]
    [copied_fee] = draft.fees.all()
    assert copied_fee.pk != fee.pk
    assert (copied_fee.amount, copied_fee.online_amount) == (100_000, 50_000)
    assert set(copied_fee.exemptions.values_list("code", flat=True)) == {
        "ho-ngheo",
        "nguoi-co-cong",
    }
    participants = list(draft.participants.order_by("order"))
    assert [(p.role, p.agency, p.budget) for p in participants] == [
        ("lead", lead_agency, Decimal(7)),
        ("coordinating", tax_agency, Decimal(3)),
    ]
    assert {p.pk for p in participants}.isdisjoint({lead.pk, tax.pk})
    steps = list(draft.steps.order_by("order"))
    assert [(s.name, s.role, s.participant, s.budget) for s in steps] == [
        ("Thẩm định", role, participants[0], Decimal(7)),
        ("Xác định thuế", None, participants[1], Decimal(3)),
    ]
    # The source is untouched.
    assert source.steps.count() == 2 and source.fees.get().exemptions.count() == 2
    assert Participant.objects.filter(version=source).count() == 2


def test_create_draft_refuses_a_version_of_another_procedure():
    source = ProcedureVersionFactory(published=True)
    with pytest.raises(ApplicationError) as error:
        procedure_version_create_draft(actor=None, procedure=ProcedureFactory(), copy_from=source)
    assert error.value.code == "version_other_procedure"


def test_update_draft_changes_fields_and_audits():
    draft = ProcedureVersionFactory()
    agency = AgencyFactory()
    procedure_version_update_draft(
        actor=None,
        version=draft,
        time_limit_value="7.5",
        time_limit_unit=TimeUnit.CALENDAR_DAYS,
        agencies=[agency],
    )
    draft.refresh_from_db()
    assert draft.time_limit_value == Decimal("7.5")
    assert draft.time_limit_unit == "calendar_days"
    assert list(draft.agencies.all()) == [agency]
    entry = AuditEntry.objects.get(action="catalog.version_draft_updated")
    assert entry.detail == {"fields": ["time_limit_unit", "time_limit_value", "agencies"]}


@pytest.mark.parametrize("state", ["published", "superseded", "abolished"])
def test_update_refuses_a_version_that_is_not_a_draft(state):
    version = ProcedureVersionFactory(**{state: True}, time_limit_value=Decimal(10))
    with pytest.raises(ApplicationError) as error:
        procedure_version_update_draft(actor=None, version=version, time_limit_value=1)
    assert error.value.code == "version_immutable"
    assert error.value.detail == {"version": 1, "status": state}
    version.refresh_from_db()
    assert version.time_limit_value == Decimal(10)


def test_delete_draft_removes_it_and_refuses_a_published_version():
    draft = ProcedureVersionFactory(complete=True)
    procedure_version_delete_draft(actor=None, version=draft)
    assert not ProcedureVersion.objects.filter(pk=draft.pk).exists()
    assert not ProcessStep.objects.exists() and not RequiredComponent.objects.exists()
    assert AuditEntry.objects.filter(action="catalog.version_draft_deleted").count() == 1

    published = ProcedureVersionFactory(published=True)
    with pytest.raises(ApplicationError) as error:
        procedure_version_delete_draft(actor=None, version=published)
    assert error.value.code == "version_immutable"
    assert ProcedureVersion.objects.filter(pk=published.pk).exists()


# --- publish -------------------------------------------------------------------------------


def test_publish_defaults_to_now_and_the_local_date(frozen_now):
    actor = UserFactory()
    draft = ProcedureVersionFactory(complete=True)

    published = procedure_version_publish(actor=actor, version=draft)

    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    assert draft.published_at == dt.datetime(2026, 3, 1, 18, 30, tzinfo=dt.UTC)
    # 18:30 UTC on 1 March is 01:30 on 2 March in Hà Nội.
    assert draft.effective_from == dt.date(2026, 3, 2)
    assert draft.effective_to is None
    assert published.pk == draft.pk
    entry = AuditEntry.objects.get(action="catalog.version_published")
    assert (entry.actor, entry.detail) == (
        actor,
        {"effective_from": "2026-03-02", "superseded": []},
    )


def test_publish_uses_the_given_dates_then_the_planned_date():
    given = ProcedureVersionFactory(complete=True)
    procedure_version_publish(
        actor=None,
        version=given,
        effective_from=JAN_1,
        published_at=dt.datetime(2025, 12, 1, 3, 0, tzinfo=dt.UTC),
    )
    given.refresh_from_db()
    assert (given.effective_from, given.published_at) == (
        JAN_1,
        dt.datetime(2025, 12, 1, 3, 0, tzinfo=dt.UTC),
    )

    planned = ProcedureVersionFactory(complete=True, effective_from=MAY_1)
    procedure_version_publish(actor=None, version=planned)
    planned.refresh_from_db()
    assert planned.effective_from == MAY_1


@pytest.mark.parametrize("state", ["published", "superseded", "abolished"])
def test_publish_refuses_a_version_that_is_not_a_draft(state):
    version = ProcedureVersionFactory(**{state: True}, complete=True)
    before = (version.status, version.effective_from, version.published_at)
    with pytest.raises(ApplicationError) as error:
        procedure_version_publish(actor=None, version=version, effective_from=JUL_1)
    assert error.value.code == "version_not_draft"
    assert error.value.detail == {"version": 1, "status": state}
    version.refresh_from_db()
    assert (version.status, version.effective_from, version.published_at) == before


def _assert_still_draft(version):
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT
    assert version.published_at is None
    assert not AuditEntry.objects.filter(action="catalog.version_published").exists()


def test_publish_refuses_a_missing_time_limit():
    draft = ProcedureVersionFactory(time_limit_value=Decimal(0))
    RequiredComponentFactory(version=draft)
    ProcessStepFactory(version=draft, budget=Decimal(0))
    with pytest.raises(ApplicationError) as error:
        procedure_version_publish(actor=None, version=draft, effective_from=JAN_1)
    assert error.value.code == "time_limit_missing"
    _assert_still_draft(draft)


def test_publish_refuses_a_version_without_components():
    draft = ProcedureVersionFactory(time_limit_value=Decimal(1))
    ProcessStepFactory(version=draft, budget=1)
    with pytest.raises(ApplicationError) as error:
        procedure_version_publish(actor=None, version=draft, effective_from=JAN_1)
    assert error.value.code == "components_missing"
    _assert_still_draft(draft)


def test_publish_refuses_a_version_without_steps():
    draft = ProcedureVersionFactory(time_limit_value=Decimal(1))
    RequiredComponentFactory(version=draft)
    with pytest.raises(ApplicationError) as error:
        procedure_version_publish(actor=None, version=draft, effective_from=JAN_1)
    assert error.value.code == "steps_missing"
    _assert_still_draft(draft)


@pytest.mark.parametrize(
    ("budgets", "actual"),
    [(["0.5", "9"], "9.5"), (["0.5", "9.75"], "10.25"), (["10", "0.01"], "10.01")],
)
def test_publish_refuses_step_budgets_that_do_not_add_up(budgets, actual):
    draft = ProcedureVersionFactory(time_limit_value=Decimal(10))
    RequiredComponentFactory(version=draft)
    for budget in budgets:
        ProcessStepFactory(version=draft, budget=Decimal(budget))
    with pytest.raises(ApplicationError) as error:
        procedure_version_publish(actor=None, version=draft, effective_from=JAN_1)
    assert error.value.code == "budgets_do_not_add_up"
    assert error.value.detail == {"expected": "10", "actual": actual, "unit": "working_days"}
    _assert_still_draft(draft)


def test_publish_accepts_budgets_in_working_hours_that_add_up():
    draft = ProcedureVersionFactory(
        time_limit_value=Decimal(4), time_limit_unit=TimeUnit.WORKING_HOURS
    )
    RequiredComponentFactory(version=draft)
    ProcessStepFactory(version=draft, budget=Decimal("1.5"))
    ProcessStepFactory(version=draft, budget=Decimal("2.5"))
    procedure_version_publish(actor=None, version=draft, effective_from=JAN_1)
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED


def test_publish_checks_each_participant_budget():
    draft = ProcedureVersionFactory(time_limit_value=Decimal(10))
    RequiredComponentFactory(version=draft)
    lead = ParticipantFactory(version=draft, role=ParticipantRole.LEAD, budget=Decimal(7))
    tax = ParticipantFactory(version=draft, budget=Decimal(3))
    ProcessStepFactory(version=draft, participant=lead, budget=Decimal(7))
    ProcessStepFactory(version=draft, participant=tax, budget=Decimal(2))
    ProcessStepFactory(version=draft, budget=Decimal(1))  # the one-stop unit's own step

    with pytest.raises(ApplicationError) as error:
        procedure_version_publish(actor=None, version=draft, effective_from=JAN_1)

    assert error.value.code == "budgets_do_not_add_up"
    assert error.value.detail == {"expected": "3", "actual": "2", "participant": tax.pk}
    _assert_still_draft(draft)


def test_publish_refuses_a_participant_without_steps():
    draft = ProcedureVersionFactory(complete=True)
    silent = ParticipantFactory(version=draft, budget=Decimal("0.5"))
    with pytest.raises(ApplicationError) as error:
        procedure_version_publish(actor=None, version=draft, effective_from=JAN_1)
    assert error.value.detail == {"expected": "0.5", "actual": "0", "participant": silent.pk}


def test_publish_accepts_participants_whose_steps_add_up():
    draft = ProcedureVersionFactory(time_limit_value=Decimal(10))
    RequiredComponentFactory(version=draft)
    lead = ParticipantFactory(version=draft, role=ParticipantRole.LEAD, budget=Decimal(7))
    tax = ParticipantFactory(version=draft, budget=Decimal(3))
    ProcessStepFactory(version=draft, participant=lead, budget=Decimal(4))
    ProcessStepFactory(version=draft, participant=lead, budget=Decimal(3))
    ProcessStepFactory(version=draft, participant=tax, budget=Decimal(3))
    procedure_version_publish(actor=None, version=draft, effective_from=JAN_1)
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED


@pytest.mark.parametrize("hours", [["8"], ["2", "4", "2"], ["0.5", "1"]])
def test_publish_same_day_accepts_up_to_eight_working_hours(hours):
    draft = ProcedureVersionFactory(time_limit_value=Decimal(0), time_limit_unit=TimeUnit.SAME_DAY)
    RequiredComponentFactory(version=draft)
    for budget in hours:
        ProcessStepFactory(version=draft, budget=Decimal(budget))
    procedure_version_publish(actor=None, version=draft, effective_from=JAN_1)
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED


def test_publish_same_day_refuses_more_than_eight_hours():
    draft = ProcedureVersionFactory(time_limit_value=Decimal(0), time_limit_unit=TimeUnit.SAME_DAY)
    RequiredComponentFactory(version=draft)
    ProcessStepFactory(version=draft, budget=Decimal(4))
    ProcessStepFactory(version=draft, budget=Decimal("4.5"))
    with pytest.raises(ApplicationError) as error:
        procedure_version_publish(actor=None, version=draft, effective_from=JAN_1)
    assert error.value.code == "budgets_do_not_add_up"
    assert error.value.detail == {"expected": "8", "actual": "8.5", "unit": "working_hours"}
    _assert_still_draft(draft)


# --- supersede, future versions, abolish ---------------------------------------------------


def test_publishing_supersedes_the_version_in_force_in_a_chain():
    procedure = ProcedureFactory()
    v1 = _publishable(procedure)
    procedure_version_publish(actor=None, version=v1, effective_from=JAN_1)
    v2 = _publishable(procedure)
    procedure_version_publish(actor=None, version=v2, effective_from=APR_1)
    v3 = _publishable(procedure)
    procedure_version_publish(actor=None, version=v3, effective_from=JUL_1)

    for version in (v1, v2, v3):
        version.refresh_from_db()
    assert (v1.status, v1.effective_from, v1.effective_to) == ("superseded", JAN_1, APR_1)
    assert (v2.status, v2.effective_from, v2.effective_to) == ("superseded", APR_1, JUL_1)
    assert (v3.status, v3.effective_from, v3.effective_to) == ("published", JUL_1, None)
    in_force = {
        day: procedure_version_in_force(procedure=procedure, at=day)
        for day in (
            dt.date(2025, 12, 31),
            JAN_1,
            dt.date(2026, 3, 31),
            APR_1,
            dt.date(2026, 6, 30),
            JUL_1,
            dt.date(2030, 1, 1),
        )
    }
    assert in_force == {
        dt.date(2025, 12, 31): None,
        JAN_1: v1,
        dt.date(2026, 3, 31): v1,
        APR_1: v2,
        dt.date(2026, 6, 30): v2,
        JUL_1: v3,
        dt.date(2030, 1, 1): v3,
    }
    superseded = AuditEntry.objects.filter(action="catalog.version_superseded")
    assert sorted(entry.detail["effective_to"] for entry in superseded) == [
        "2026-04-01",
        "2026-07-01",
    ]


def test_a_future_version_is_not_in_force_yet(frozen_now):
    procedure = ProcedureFactory()
    v1 = _publishable(procedure)
    procedure_version_publish(actor=None, version=v1, effective_from=JAN_1)
    v2 = _publishable(procedure)
    procedure_version_publish(actor=None, version=v2, effective_from=MAY_1)

    # Today is 2 March 2026 in Hà Nội.
    assert procedure_version_in_force(procedure=procedure) == v1
    assert procedure_version_in_force(procedure=procedure, at=dt.date(2026, 4, 30)) == v1
    assert procedure_version_in_force(procedure=procedure, at=MAY_1) == v2
    v1.refresh_from_db()
    assert (v1.status, v1.effective_to) == ("superseded", MAY_1)


def test_a_new_version_overtakes_a_pending_one_that_never_takes_effect(frozen_now):
    procedure = ProcedureFactory()
    v1 = _publishable(procedure)
    procedure_version_publish(actor=None, version=v1, effective_from=JAN_1)
    v2 = _publishable(procedure)
    procedure_version_publish(actor=None, version=v2, effective_from=MAY_1)
    v3 = _publishable(procedure)
    procedure_version_publish(actor=None, version=v3, effective_from=APR_1)

    for version in (v1, v2, v3):
        version.refresh_from_db()
    assert (v1.status, v1.effective_from, v1.effective_to) == ("superseded", JAN_1, APR_1)
    # An empty range: v2 is never in force.
    assert (v2.status, v2.effective_from, v2.effective_to) == ("superseded", MAY_1, MAY_1)
    assert (v3.status, v3.effective_from, v3.effective_to) == ("published", APR_1, None)
    assert procedure_version_in_force(procedure=procedure, at=MAY_1) == v3
    assert procedure_version_in_force(procedure=procedure, at=dt.date(2026, 8, 1)) == v3
    entry = AuditEntry.objects.get(action="catalog.version_published", object_id=str(v3.pk))
    assert entry.detail == {"effective_from": "2026-04-01", "superseded": [1, 2]}


@pytest.mark.parametrize("start", [dt.date(2025, 12, 1), JAN_1])
def test_publish_refuses_to_replace_a_version_already_applied_from_an_earlier_date(
    frozen_now, start
):
    procedure = ProcedureFactory()
    v1 = _publishable(procedure)
    procedure_version_publish(actor=None, version=v1, effective_from=JAN_1)
    v2 = _publishable(procedure)

    with pytest.raises(ApplicationError) as error:
        procedure_version_publish(actor=None, version=v2, effective_from=start)

    assert error.value.code == "effective_from_too_early"
    assert error.value.detail == {
        "version": 1,
        "effective_from": "2026-01-01",
        "requested": start.isoformat(),
    }
    v1.refresh_from_db()
    assert (v1.status, v1.effective_to) == ("published", None)
    v2.refresh_from_db()
    assert v2.status == VersionStatus.DRAFT


def test_publish_leaves_versions_that_ended_before_alone():
    procedure = ProcedureFactory()
    old = ProcedureVersionFactory(procedure=procedure, abolished=True)  # 2025-01-01 to 07-01
    new = _publishable(procedure)
    procedure_version_publish(actor=None, version=new, effective_from=JAN_1)
    old.refresh_from_db()
    assert (old.status, old.effective_to) == ("abolished", dt.date(2025, 7, 1))


def test_abolish_ends_the_version_in_force():
    version = ProcedureVersionFactory(published=True)  # in force from 2026-01-01
    procedure_version_abolish(actor=None, version=version, effective_to=dt.date(2026, 6, 1))
    version.refresh_from_db()
    assert (version.status, version.effective_to) == ("abolished", dt.date(2026, 6, 1))
    procedure = version.procedure
    assert procedure_version_in_force(procedure=procedure, at=dt.date(2026, 5, 31)) == version
    assert procedure_version_in_force(procedure=procedure, at=dt.date(2026, 6, 1)) is None
    entry = AuditEntry.objects.get(action="catalog.version_abolished")
    assert entry.detail == {"effective_to": "2026-06-01"}


def test_abolish_on_its_first_day_withdraws_a_version_before_it_applies():
    version = ProcedureVersionFactory(published=True)
    procedure_version_abolish(actor=None, version=version, effective_to=JAN_1)
    assert procedure_version_in_force(procedure=version.procedure, at=JAN_1) is None


@pytest.mark.parametrize("state", ["superseded", "abolished"])
def test_abolish_refuses_versions_that_are_not_published(state):
    version = ProcedureVersionFactory(**{state: True})
    with pytest.raises(ApplicationError) as error:
        procedure_version_abolish(actor=None, version=version, effective_to=JUL_1)
    assert error.value.code == "version_not_published"


def test_abolish_refuses_a_draft_and_a_date_before_the_start():
    with pytest.raises(ApplicationError) as error:
        procedure_version_abolish(actor=None, version=ProcedureVersionFactory(), effective_to=JUL_1)
    assert error.value.code == "version_not_published"
    version = ProcedureVersionFactory(published=True)
    with pytest.raises(ApplicationError) as error:
        procedure_version_abolish(actor=None, version=version, effective_to=dt.date(2025, 12, 31))
    assert error.value.code == "effective_to_before_from"
    version.refresh_from_db()
    assert (version.status, version.effective_to) == ("published", None)


def test_published_children_stay_untouched_by_copies():
    """Editing a copy never reaches the published rows it came from."""
    source = ProcedureVersionFactory(published=True, complete=True)
    draft = procedure_version_create_draft(actor=None, procedure=source.procedure, copy_from=source)
    draft.steps.update(budget=Decimal(5))
    FeeLine.objects.filter(version=draft).delete()
    LegalBasis.objects.filter(version=draft).delete()
    assert sorted(source.steps.values_list("budget", flat=True)) == [Decimal("0.5"), Decimal("9.5")]
