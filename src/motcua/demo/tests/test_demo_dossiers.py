"""The demo dossiers (project issue 3, point 7). ``demo_load`` runs once for the module
(it replays 300 dossiers through the workflow services, so it is slow) in a
transaction rolled back at the module's end; each test reads what it made."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.db.models import Sum
from django.test import override_settings
from django.utils import timezone

from motcua.accounts.constants import RoleCode
from motcua.accounts.models import Citizen
from motcua.accounts.validators import citizen_id_birth, validate_citizen_id
from motcua.agencies.models import StaffAssignment
from motcua.calendar import engine
from motcua.calendar.engine import WorkingCalendar
from motcua.calendar.selectors import working_calendar_for
from motcua.demo.data.dossiers import before, closing_of, later, next_working_day, walk_in_people
from motcua.demo.loader import demo_load
from motcua.dossiers.constants import ACTIVE_STATUSES, Decision, DossierStatus
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.reports.models import DailyFlow
from motcua.workflow.models import (
    ApologyNotice,
    DossierParticipant,
    Handoff,
    Refusal,
    StopNotice,
    SupplementRequest,
)

pytestmark = pytest.mark.django_db

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
VN = ZoneInfo("Asia/Ho_Chi_Minh")
BHXH = "000.00.83.H62"
TAX = "000.00.82.H62"
CODE = re.compile(r"^000\.00\.\d{2}\.H62-(\d{6})-\d{4}$")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[SimpleNamespace]:
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        started = timezone.now()
        summary = demo_load()
        yield SimpleNamespace(summary=summary, started=started, finished=timezone.now())
        transaction.set_rollback(True)


def test_calendar_helpers_count_working_time_backwards_and_forwards():
    # No database: Monday-Friday 07:30-11:30 and 13:00-17:00.
    calendar = WorkingCalendar(tz=VN)
    monday_9 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=VN)
    # 3 working hours back from Monday 09:00: 1.5 on Monday, 1.5 more from Friday 17:00.
    assert before(monday_9, 3, calendar) == dt.datetime(2026, 2, 27, 15, 30, tzinfo=VN)
    # Counting back over lunch: 13:30 minus 1 hour is 11:00.
    assert before(dt.datetime(2026, 3, 2, 13, 30, tzinfo=VN), 1, calendar) == dt.datetime(
        2026, 3, 2, 11, 0, tzinfo=VN
    )
    # Forward to a closing time exactly: a minute earlier, while the office is open.
    assert later(dt.datetime(2026, 3, 2, 16, 0, tzinfo=VN), 1, calendar) == dt.datetime(
        2026, 3, 2, 16, 59, tzinfo=VN
    )
    saturday = dt.datetime(2026, 3, 7, 10, 0, tzinfo=VN)
    assert next_working_day(saturday, calendar) == dt.date(2026, 3, 9)
    assert closing_of(dt.date(2026, 3, 9), calendar) == dt.datetime(2026, 3, 9, 17, 0, tzinfo=VN)


def test_walk_in_people_have_valid_ids_and_vietnamese_names():
    people = walk_in_people(random.Random(7), 60, taken={"086085001234"})
    assert len({p.citizen_id for p in people}) == 60
    for person in people:
        validate_citizen_id(person.citizen_id)
        _gender, year = citizen_id_birth(person.citizen_id)
        assert 1950 <= year <= 2006
        assert person.citizen_id[:3] in {"086", "083", "084", "079", "087", "094"}
        assert unicodedata.is_normalized("NFC", person.full_name)
        assert len(person.full_name.split()) >= 3
        assert re.fullmatch(r"0\d{9}", person.phone)
        assert person.address.endswith("tỉnh Vĩnh Long")


def test_three_hundred_dossiers_over_every_status_channel_and_several_procedures(demo):
    assert demo.summary.dossiers == 300
    assert Dossier.objects.count() == 300
    by_status = Counter(Dossier.objects.values_list("status", flat=True))
    assert set(by_status) == set(DossierStatus.values)
    assert sorted(DossierStatus(s).sync_code for s in by_status) == list(range(1, 11))
    # Lower bounds written from the scenario table (SCENARIOS): most dossiers are done.
    assert by_status[DossierStatus.RETURNED] >= 180
    for status in (
        DossierStatus.SUBMITTED,
        DossierStatus.RECEIVED,
        DossierStatus.REFUSED,
        DossierStatus.IN_PROGRESS,
        DossierStatus.AWAITING_SUPPLEMENT,
        DossierStatus.AWAITING_PAYMENT,
        DossierStatus.WITHDRAWAL_REQUESTED,
        DossierStatus.STOPPED,
        DossierStatus.DECIDED,
    ):
        assert by_status[status] >= 3, status
    by_channel = Counter(Dossier.objects.values_list("channel", flat=True))
    assert set(by_channel) == {"counter", "online", "postal"}
    assert min(by_channel.values()) >= 10
    procedures = Counter(Dossier.objects.values_list("procedure__code", flat=True))
    assert len(procedures) >= 6
    assert {"2.000986", "1.012792", "2.000815", "1.001193"} <= set(procedures)
    # Several deciding agencies and receiving units, a business among the applicants.
    assert Dossier.objects.values("deciding_agency").distinct().count() >= 4
    assert Dossier.objects.values("receiving_unit").distinct().count() >= 3
    assert Dossier.objects.filter(applicant_kind="organisation").exists()


def test_lives_are_early_on_time_late_and_eventful(demo):
    outcomes = Counter(
        DossierEvent.objects.filter(action="decide").values_list("detail__outcome", flat=True)
    )
    assert outcomes["early"] >= 20 and outcomes["on_time"] >= 20 and outcomes["late"] >= 5

    # Late, with an apology issued before the first appointment passed, by a leader of
    # the responsible agency; the result came after the first date.
    late_apologised = [
        notice
        for notice in ApologyNotice.objects.select_related("dossier")
        if notice.issued_at < notice.previous_appointment_at
        and notice.dossier.decided_at is not None
        and notice.dossier.decided_at > notice.previous_appointment_at
    ]
    assert len(late_apologised) >= 5
    for notice in late_apologised:
        assert notice.new_appointment_at > notice.previous_appointment_at
        assert StaffAssignment.objects.filter(
            user=notice.signed_by, role__code=RoleCode.LEADER, agency=notice.responsible_agency
        ).exists()

    # One supplement request at each stage, answered; the clock paused at appraisal.
    for stage in ("intake", "appraisal"):
        answered = SupplementRequest.objects.filter(stage=stage, fulfilled_at__isnull=False)
        assert answered.filter(dossier__status=DossierStatus.RETURNED).exists(), stage
        assert SupplementRequest.objects.filter(stage=stage, fulfilled_at__isnull=True).exists()
    assert DossierEvent.objects.filter(
        action="record_supplement", detail__paused_working_minutes__gt=0
    ).exists()

    # Financial obligations asked and paid in full, the clock paused meanwhile.
    paid = Dossier.objects.filter(fee_requested__gt=0, fee_paid__gt=0)
    assert paid.count() >= 5
    assert all(d.fee_paid == d.fee_requested for d in paid)
    assert Dossier.objects.filter(status=DossierStatus.AWAITING_PAYMENT, fee_paid=0).exists()

    # Refused at intake with a reason and a legal basis; refused on the merits.
    assert Refusal.objects.exclude(legal_basis="").count() >= 3
    assert (
        Dossier.objects.filter(status=DossierStatus.RETURNED, decision=Decision.REFUSED)
        .exclude(decision_note="")
        .exists()
    )

    # Withdrawn, then stopped at the applicant's request; and stopped without one.
    withdrawn = StopNotice.objects.filter(at_applicant_request=True)
    assert withdrawn.count() >= 5
    for notice in withdrawn:
        actions = list(notice.dossier.events.values_list("action", flat=True))
        assert actions[-2:] == ["withdraw", "stop"]
    assert StopNotice.objects.filter(at_applicant_request=False).exists()


def test_inter_agency_dossiers_go_from_agency_to_agency(demo):
    # Liên thông birth registration: the ward hands the dossier to social insurance,
    # which hands it back to the ward's one-stop unit (Decree 63/2024/NĐ-CP).
    to_bhxh = Handoff.objects.filter(
        to_agency__code=BHXH, inter_agency=True, dossier__status=DossierStatus.RETURNED
    )
    assert to_bhxh.exists()
    dossier = to_bhxh.first().dossier
    rows = list(dossier.handoffs.order_by("sent_at", "pk"))
    agencies = [(row.from_agency.code, row.to_agency.code) for row in rows]
    assert (BHXH, dossier.receiving_unit.agency.code) in agencies
    assert DossierParticipant.objects.filter(dossier=dossier, agency__code=BHXH).exists()
    bhxh = DossierParticipant.objects.get(dossier=dossier, agency__code=BHXH)
    assert bhxh.started_at is not None and bhxh.finished_at is not None
    assert bhxh.outcome in {"early", "on_time", "late"}
    # The tax office works in the land procedures and asks for the money owed.
    assert Handoff.objects.filter(to_agency__code=TAX, inter_agency=True).exists()
    assert DossierEvent.objects.filter(
        action="request_payment", actor__username="chuyenvien.thue"
    ).exists()


def test_some_open_dossiers_are_due_on_the_next_working_day(demo):
    due: list[Dossier] = []
    overdue = 0
    for dossier in Dossier.objects.filter(status__in=ACTIVE_STATUSES).select_related(
        "receiving_unit"
    ):
        if dossier.appointment_at is None:
            continue
        calendar = working_calendar_for(dossier.receiving_unit)
        limit = closing_of(next_working_day(demo.started, calendar), calendar)
        in_work = dossier.status in (DossierStatus.RECEIVED, DossierStatus.IN_PROGRESS)
        if in_work and demo.started < dossier.appointment_at <= limit:
            due.append(dossier)
        elif dossier.appointment_at < demo.started:
            overdue += 1
    assert len(due) >= 3
    assert overdue >= 1


def test_every_history_is_consistent_in_office_hours_and_by_the_right_people(demo):
    counters = defaultdict(set)
    posts = defaultdict(set)
    for user_id, role, agency_id, unit_id in StaffAssignment.objects.values_list(
        "user_id", "role__code", "agency_id", "one_stop_unit_id"
    ):
        posts[user_id].add((role, agency_id))
        if role == RoleCode.COUNTER_OFFICER:
            counters[unit_id].add(user_id)
    dossiers = {d.pk: d for d in Dossier.objects.select_related("receiving_unit", "version")}
    calendars = {}
    history: dict[int, list[DossierEvent]] = defaultdict(list)
    for event in DossierEvent.objects.order_by("dossier", "at", "pk"):
        history[event.dossier_id].append(event)
    assert set(history) == set(dossiers)
    # 42 working days back, a little more than 60 calendar days (more over Tết).
    window_start = demo.started - dt.timedelta(days=80)
    codes = Counter()
    for pk, events in history.items():
        dossier = dossiers[pk]
        unit = dossier.receiving_unit
        if unit.pk not in calendars:
            calendars[unit.pk] = working_calendar_for(unit)
        calendar = calendars[unit.pk]
        first = events[0]
        assert first.action in ("submit_online", "receive_counter"), dossier.code
        assert first.from_status == ""
        for previous, event in itertools.pairwise(events):
            assert event.from_status == previous.to_status, (dossier.code, event.action)
            assert event.at >= previous.at
        assert events[-1].to_status == dossier.status, dossier.code
        for event in events:
            assert window_start <= event.at <= demo.finished
            assert engine.is_working_instant(event.at, calendar), (dossier.code, event.at)
            roles = {role for role, agency in posts[event.actor_id]}
            if event.action in ("receive_counter", "receive", "refuse", "return_result"):
                assert event.actor_id in counters[unit.pk], (dossier.code, event.action)
            if event.action == "decide":
                assert (RoleCode.LEADER, dossier.deciding_agency_id) in posts[event.actor_id] or (
                    dossier.version.on_the_spot and event.actor_id in counters[unit.pk]
                )
            if event.action == "submit_online":
                assert event.actor_id == dossier.owner_id and not roles
        match = CODE.match(dossier.code)
        assert match is not None, dossier.code
        assert match.group(1) == f"{timezone.localtime(dossier.submitted_at, VN):%y%m%d}"
        codes[dossier.code] += 1
    assert max(codes.values()) == 1

    # Walk-in applicants were recorded at the counter, with valid citizen IDs.
    walk_ins = Citizen.objects.filter(user__isnull=True)
    assert walk_ins.count() >= 50
    for citizen in walk_ins:
        validate_citizen_id(citizen.citizen_id)
        assert unicodedata.is_normalized("NFC", citizen.full_name)


def test_a_second_load_adds_nothing(demo):
    events = DossierEvent.objects.count()
    again = demo_load()
    assert again.total == 0
    assert again.dossiers == 0
    assert Dossier.objects.count() == 300
    assert DossierEvent.objects.count() == events


def test_the_report_tables_hold_the_demo_history(demo):
    """`motcua demo` folds its history into the report tables (issue 7 §7), so the
    dashboard has numbers at once: every received and every returned dossier counted."""
    sums = DailyFlow.objects.aggregate(received=Sum("received"), returned=Sum("returned"))
    assert sums["received"] == Dossier.objects.filter(received_at__isnull=False).count()
    assert sums["returned"] == Dossier.objects.filter(status=DossierStatus.RETURNED).count()
