"""Demo dossiers (project issue 3, point 7): 300 lives of dossiers replayed through the
real workflow services over the last ``WINDOW_WORKING_DAYS`` working days (about 60
calendar days) up to the moment of loading.

Each life is planned first as a list of timed actions, then acted out with ``at=``, so
the services compute codes, appointments, due times, pauses, hand-offs and history
exactly as for a real dossier. A plan is arithmetic on the receiving one-stop unit's
working calendar (``calendar.engine``), which lets it be drawn again from another start
until it fits: a finished life ends before now; an open life is cut where it should be
at this moment (after the supplement request and before the applicant answers, after a
decision and before the pick-up...). Every action falls in office hours on a working
day of that calendar.

The draws come from one seeded ``random.Random``: the same seed gives the same lives
(procedures, channels, people, outcomes, events); their dates follow the day of loading.

Who acts is who would (Decree 118/2025/NĐ-CP Arts. 11, 17-21; DOMAIN.md §2): counter
officers of the receiving one-stop unit receive, refuse, transfer, record payments and
return results; the specialist, unit head or leader whose step it is hands the work on;
a leader of the deciding agency decides, signs the apology (Mẫu 04) and stops a dossier;
the applicant's own account files online, supplements and withdraws (a walk-in applicant
does it at the counter). On-the-spot procedures are decided at the counter (Art. 8).

No file is uploaded: online papers are marked as taken from the applicant's data store
(Kho quản lý dữ liệu điện tử, DOMAIN.md §5), so loading the demo writes nothing to the
upload folder, and a test that loads it and rolls back leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone

from motcua.accounts.constants import RoleCode
from motcua.accounts.models import Citizen, Organisation, User
from motcua.agencies.models import Agency, OneStopUnit, StaffAssignment
from motcua.agencies.selectors import main_one_stop_unit_for
from motcua.calendar import engine
from motcua.calendar.constants import TimeUnit
from motcua.calendar.engine import WorkingCalendar
from motcua.calendar.selectors import working_calendar_for
from motcua.catalog.constants import ComponentForm, OnlineMode, ResultType, VersionStatus
from motcua.catalog.models import ProcedureVersion, RequiredComponent
from motcua.core.text import nfc
from motcua.demo.data import organisation as org
from motcua.demo.data import people
from motcua.dossiers.constants import Channel, Decision, DossierStatus, ResultDelivery
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import ComponentInput
from motcua.workflow import services as wf
from motcua.workflow.constants import Action
from motcua.workflow.transitions import target_of

SEED = 20260701

# About 60 calendar days: the window the finished lives are spread over.
WINDOW_WORKING_DAYS = 42

# An open dossier's next action may be this many working hours overdue (it waits in an
# inbox); without that slack, plans whose times move slowly with their start (time
# limits in calendar days) could not be cut at some moments.
OPEN_SLACK = Decimal(12)

_MINUTE = Decimal(1) / 60
_ONE_DAY = dt.timedelta(days=1)

# --- scenarios ------------------------------------------------------------------------

# How many lives of each kind. Finished lives come first; "open_*" lives are left where
# a real dossier would be at this moment.
SCENARIOS: tuple[tuple[str, int], ...] = (
    ("early", 72),
    ("on_time", 61),
    ("late", 10),
    ("late_apology", 12),
    ("intake_supplement", 10),
    ("appraisal_supplement", 12),
    ("payment", 12),
    ("decision_refused", 6),
    ("refused", 8),
    ("withdrawn", 10),
    ("stop_uncompleted", 4),
    ("stop_agency", 4),
    ("open_submitted", 6),
    ("open_resubmitted", 3),
    ("open_received", 8),
    ("open_in_progress", 22),
    ("open_due_soon", 6),
    ("open_overdue", 4),
    ("open_supplement_intake", 4),
    ("open_supplement_appraisal", 5),
    ("open_payment", 5),
    ("open_withdrawal", 4),
    ("open_decided", 12),
)

# Procedures the demo staff can carry from receipt to return, with their weight in the
# mix: certification and civil status make most of a ward centre's day. Commune
# procedures are decided by Phường Long Châu (the staffed ward), except on-the-spot
# certification, which the counter of the receiving ward decides.
PROCEDURE_WEIGHTS: dict[str, int] = {
    "1.001193": 14,  # đăng ký khai sinh (same day)
    "1.004873": 10,  # xác nhận tình trạng hôn nhân (3 working days)
    "1.004859": 4,  # cải chính hộ tịch (3 working days)
    "1.004884": 3,  # đăng ký lại khai sinh (5 working days)
    "1.001612": 6,  # đăng ký hộ kinh doanh (3 working days)
    "1.013225": 6,  # giấy phép xây dựng nhà ở riêng lẻ (15 days)
    "2.000986": 5,  # liên thông khai sinh - thường trú - thẻ BHYT (5 working days)
    "2.000815": 26,  # chứng thực bản sao (on the spot)
    "2.000635": 8,  # bản sao trích lục hộ tịch (same day)
    "1.009974": 6,  # giấy phép xây dựng công trình, Sở Xây dựng (20 days)
    "1.012792": 4,  # đăng ký biến động đất đai, liên thông với Thuế (10 working days)
    "1.013978": 2,  # cấp Giấy chứng nhận lần đầu, UBND - VPĐKĐĐ - Thuế (20 working days)
}

# Land procedures: the tax office notifies what the applicant owes (status 6).
_PAYMENT_PROCEDURES = ("1.012792", "1.013978")
# A refusal on the merits makes sense for these.
_REFUSABLE = ("1.004873", "1.004859", "1.004884", "1.001612", "1.013225", "1.009974", "1.012792")

_FINAL_OUTCOMES = {"early": "early", "on_time": "on_time", "late": "late", "late_apology": "late"}
_OPEN_CUTS: dict[str, tuple[str, ...]] = {
    "open_submitted": (Action.SUBMIT_ONLINE,),
    "open_resubmitted": (Action.RECORD_SUPPLEMENT,),
    "open_received": (Action.RECEIVE_COUNTER, Action.RECEIVE),
    "open_in_progress": (Action.START_PROCESSING, Action.ASSIGN, Action.HAND_OFF),
    "open_overdue": (Action.HAND_OFF, Action.START_PROCESSING),
    "open_supplement_intake": (Action.REQUEST_SUPPLEMENT,),
    "open_supplement_appraisal": (Action.REQUEST_SUPPLEMENT,),
    "open_payment": (Action.REQUEST_PAYMENT,),
    "open_withdrawal": (Action.WITHDRAW,),
    "open_decided": (Action.DECIDE, Action.MARK_RESULT_READY),
}

# --- people -----------------------------------------------------------------------------

_SURNAMES = (
    ("Nguyễn", 30), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Huỳnh", 6), ("Võ", 5),
    ("Phan", 4), ("Trương", 3), ("Bùi", 2), ("Đặng", 2), ("Đỗ", 2), ("Ngô", 2), ("Hồ", 2),
    ("Dương", 2), ("Lý", 2), ("Lâm", 2), ("Thạch", 2), ("Kim", 1), ("Sơn", 1), ("Châu", 1),
    ("Tô", 1), ("Đoàn", 1), ("Mai", 1), ("Cao", 1), ("La", 1),
)  # fmt: skip
_MIDDLE = {
    "male": ("Văn", "Văn", "Minh", "Hoàng", "Quốc", "Thanh", "Hữu", "Công", "Tấn", "Phước",
             "Chí", "Ngọc", "Đức"),
    "female": ("Thị", "Thị", "Thị", "Thị Ngọc", "Thị Kim", "Thị Mỹ", "Ngọc", "Thị Thanh",
               "Thị Hồng", "Thị Thu", "Kim", "Mỹ"),
}  # fmt: skip
_GIVEN = {
    "male": ("An", "Bình", "Cường", "Dũng", "Hải", "Hiếu", "Hòa", "Hùng", "Khang", "Khoa",
             "Lộc", "Long", "Minh", "Nam", "Nghĩa", "Nhân", "Phát", "Phong", "Phúc", "Quang",
             "Sang", "Tài", "Tâm", "Thành", "Thiện", "Thịnh", "Toàn", "Trí", "Trung", "Tuấn",
             "Vinh", "Vũ", "Hậu", "Đạt", "Tú", "Kiệt"),
    "female": ("Anh", "Bích", "Châu", "Diễm", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng",
               "Hiền", "Hoa", "Huệ", "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "My",
               "Ngân", "Nhi", "Nhung", "Oanh", "Phượng", "Quyên", "Thảo", "Thủy", "Trang",
               "Trinh", "Tuyết", "Uyên", "Vân", "Xuân", "Yến", "Hồng"),
}  # fmt: skip
# Circular 59/2021/TT-BCA Art. 7: the province where the birth was registered (pre-2025
# codes): mostly the three provinces merged into Vĩnh Long, some neighbours.
_BIRTH_PROVINCES = (("086", 50), ("083", 20), ("084", 20), ("079", 4), ("087", 3), ("094", 3))
_MOBILE_PREFIXES = (
    "090", "091", "093", "094", "096", "097", "098", "032", "033", "034", "035", "036",
    "037", "038", "039", "070", "076", "077", "078", "079", "081", "082", "083", "084",
    "085", "088",
)  # fmt: skip
_WARDS = ("Phường Long Châu", "Phường Phước Hậu", "Phường Thanh Đức", "Phường An Hội",
          "Phường Trà Vinh")  # fmt: skip
_STREETS = ("Phạm Thái Bường", "Lê Thái Tổ", "Trần Phú", "Nguyễn Huệ", "Hưng Đạo Vương",
            "Đinh Tiên Hoàng", "Phó Cơ Điều", "Mậu Thân", "Trưng Nữ Vương", "Lê Lợi",
            "Nguyễn Thị Minh Khai", "2 Tháng 9")  # fmt: skip


@dataclass(frozen=True)
class Person:
    """A walk-in applicant: recorded at the counter, without a login."""

    citizen_id: str
    full_name: str
    phone: str
    address: str


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def walk_in_people(rng: random.Random, count: int, *, taken: set[str]) -> list[Person]:
    """``count`` made-up people with valid citizen IDs (Circular 59/2021/TT-BCA Art. 7:
    birth province, gender-and-century digit, year of birth, 6 more digits) that are
    not in ``taken``, with NFC Vietnamese names and addresses in the demo wards."""
    result: list[Person] = []
    while len(result) < count:
        gender = rng.choice(("male", "female"))
        year = rng.randint(1950, 2006)
        century_digit = (year // 100 - 19) * 2 + (gender == "female")
        citizen_id = (
            f"{_weighted(rng, _BIRTH_PROVINCES)}{century_digit}{year % 100:02d}"
            f"{rng.randint(0, 999_999):06d}"
        )
        if citizen_id in taken:
            continue
        taken.add(citizen_id)
        name = " ".join(
            (
                _weighted(rng, _SURNAMES),
                rng.choice(_MIDDLE[gender]),
                rng.choice(_GIVEN[gender]),
            )
        )
        ward = rng.choice(_WARDS)
        if rng.random() < 0.5:
            place = f"Số {rng.randint(1, 250)}, đường {rng.choice(_STREETS)}"
        else:
            place = f"Khóm {rng.randint(1, 9)}"
        result.append(
            Person(
                citizen_id=citizen_id,
                full_name=nfc(name),
                phone=f"{rng.choice(_MOBILE_PREFIXES)}{rng.randint(0, 9_999_999):07d}",
                address=nfc(f"{place}, {ward}, tỉnh Vĩnh Long"),
            )
        )
    return result


# --- texts ------------------------------------------------------------------------------

_LEGAL_INTAKE = "Nghị định 118/2025/NĐ-CP, Điều 11 và Điều 17"
_SUPPLEMENT_REASONS = (
    "Bản chụp không rõ, không đọc được số và ngày cấp giấy tờ.",
    "Thông tin trên tờ khai không khớp với Cơ sở dữ liệu quốc gia về dân cư.",
    "Thiếu chữ ký của người yêu cầu trên tờ khai.",
    "Giấy tờ đã hết hiệu lực; đề nghị nộp bản còn hiệu lực.",
    "Bản sao chưa được chứng thực theo quy định.",
)
_APPRAISAL_REASONS = {
    "1.013225": "Bản vẽ thiết kế thiếu mặt cắt và sơ đồ đấu nối hạ tầng kỹ thuật.",
    "1.009974": "Bản vẽ thiết kế chưa thể hiện đúng chỉ giới xây dựng theo quy hoạch.",
    "1.012792": "Hợp đồng chuyển nhượng ghi sai diện tích thửa đất so với Giấy chứng nhận.",
    "1.013978": "Đơn đăng ký chưa kê khai nguồn gốc sử dụng đất.",
}
_REFUSALS = (
    (
        "Yêu cầu không thuộc thẩm quyền giải quyết của cơ quan đã chọn; đề nghị nộp tại "
        "nơi cư trú.",
        "Nghị định 118/2025/NĐ-CP, Điều 17 khoản 1",
    ),
    (
        "Người nộp không phải là người có quyền yêu cầu và không có văn bản ủy quyền.",
        "Nghị định 118/2025/NĐ-CP, Điều 17 khoản 1",
    ),
    (
        "Hồ sơ đã được nộp và đang giải quyết theo một mã hồ sơ khác.",
        "Nghị định 118/2025/NĐ-CP, Điều 17 khoản 1",
    ),
)
_DECISION_REFUSALS = {
    "1.013225": "Công trình không phù hợp với quy hoạch chi tiết xây dựng đã được phê duyệt.",
    "1.009974": "Thiết kế chưa được cơ quan chuyên môn về xây dựng thẩm định theo quy định.",
    "1.012792": "Thửa đất đang bị kê biên để bảo đảm thi hành án.",
    "1.001612": "Tên hộ kinh doanh trùng với tên hộ kinh doanh đã đăng ký trong phường.",
    "1.004873": "Người yêu cầu đang có đăng ký kết hôn chưa chấm dứt trong Cơ sở dữ liệu hộ tịch.",
}
_DEFAULT_DECISION_REFUSAL = "Người yêu cầu không đủ điều kiện theo quy định của thủ tục."
_APOLOGY_REASONS = (
    "Cần xác minh thêm thông tin tại cơ quan đã đăng ký trước đây.",
    "Chờ kết quả kiểm tra hiện trạng tại thực địa.",
    "Cơ quan phối hợp chưa gửi kết quả đúng hạn.",
    "Hệ thống Cơ sở dữ liệu chuyên ngành gián đoạn, chưa cập nhật được kết quả.",
)
_WITHDRAW_REASONS = (
    "Xin rút hồ sơ để bổ sung giấy tờ và nộp lại sau.",
    "Không còn nhu cầu giải quyết.",
    "Nộp nhầm thủ tục; sẽ nộp lại theo thủ tục khác.",
)
_STOP_WITHDRAWN = (
    "Dừng giải quyết theo đề nghị rút hồ sơ của người yêu cầu (Nghị định 118/2025/NĐ-CP, Điều 21)."
)
_STOP_UNCOMPLETED = (
    "Người yêu cầu không bổ sung hồ sơ theo Phiếu yêu cầu bổ sung trong thời hạn quy định."
)
_STOP_AGENCY = (
    "Phát hiện đối tượng của yêu cầu đang có tranh chấp, khiếu nại; dừng giải quyết theo quy "
    "định (Nghị định 118/2025/NĐ-CP, Điều 21)."
)

# --- calendar arithmetic ----------------------------------------------------------------


def _hours(value: Decimal | int) -> dt.timedelta:
    return dt.timedelta(microseconds=int(Decimal(value) * 3_600_000_000))


def _span(start: dt.time, end: dt.time) -> dt.timedelta:
    base = dt.date(2000, 1, 1)
    return dt.datetime.combine(base, end) - dt.datetime.combine(base, start)


def before(t: dt.datetime, hours: Decimal | int, calendar: WorkingCalendar) -> dt.datetime:
    """The working instant ``hours`` of working time before ``t`` (the engine counts
    forward only). Never a closing time: the result is inside a session or at its start."""
    remaining = _hours(hours)
    local = t.astimezone(calendar.tz)
    day, clock = local.date(), local.time()
    if not remaining:
        return local
    first = True
    while True:
        for start, end in reversed(calendar.sessions_on(day)):
            top = min(end, clock) if first else end
            if top <= start:
                continue
            available = _span(start, top)
            if remaining <= available:
                return dt.datetime.combine(day, top, tzinfo=calendar.tz) - remaining
            remaining -= available
        day, first = day - _ONE_DAY, False


def later(t: dt.datetime, hours: Decimal | int, calendar: WorkingCalendar) -> dt.datetime:
    """``t`` plus ``hours`` of working time, at a moment when the office is open: an
    exact fit to a closing time (11:30, 17:00) is taken a minute earlier."""
    end = engine.add_working_time(t, max(Decimal(hours), _MINUTE), calendar=calendar)
    if not engine.is_working_instant(end, calendar):
        earlier = end - dt.timedelta(minutes=1)
        end = earlier if earlier > t else engine.next_opening(end, calendar)
    return end


def between(
    a: dt.datetime, b: dt.datetime, fraction: Decimal, calendar: WorkingCalendar
) -> dt.datetime:
    """The working instant ``fraction`` of the working time from ``a`` to ``b``."""
    return later(a, engine.working_time_between(a, b, calendar=calendar) * fraction, calendar)


def _opening(day: dt.date, calendar: WorkingCalendar) -> dt.datetime:
    return engine.next_opening(dt.datetime.combine(day, dt.time.min, tzinfo=calendar.tz), calendar)


def next_working_day(t: dt.datetime, calendar: WorkingCalendar) -> dt.date:
    """The first working day after the date of ``t``."""
    day = t.astimezone(calendar.tz).date() + _ONE_DAY
    while not calendar.is_working_day(day):
        day += _ONE_DAY
    return day


def closing_of(day: dt.date, calendar: WorkingCalendar) -> dt.datetime:
    return dt.datetime.combine(day, calendar.sessions_on(day)[-1][1], tzinfo=calendar.tz)


# --- the world the lives happen in ----------------------------------------------------


@dataclass(frozen=True)
class _Step:
    order: int
    budget: Decimal
    role: str
    agency_id: int
    counter_unit_id: int | None


@dataclass
class _Route:
    """A procedure version as received at one unit for one deciding agency: its tasks as
    ``workflow.services`` will create them, and the step at which the decision falls."""

    version: ProcedureVersion
    deciding: Agency
    unit: OneStopUnit
    calendar: WorkingCalendar
    steps: tuple[_Step, ...]
    decider: int
    counter_decides: bool
    paper: list[ComponentInput]
    online: list[ComponentInput]
    # The papers a supplement request may name (not the identity card shown).
    askable: list[RequiredComponent]


@dataclass
class _Draws:
    """Every random number a life needs, drawn once: planning the life again from
    another start gives the same shape."""

    intake_delay: Decimal
    receive_delay: Decimal
    pause: Decimal
    pay_pause: Decimal
    jitter: tuple[Decimal, ...]
    u_event: Decimal
    u_end: Decimal
    u_apology: Decimal
    u_pick: Decimal
    u_place: Decimal
    quick: Decimal
    late_hours: Decimal
    apology_slack: Decimal
    ready_delay: Decimal
    return_delay: Decimal
    stop_delay: Decimal
    assign: bool
    amount: int
    text: int
    due_clock: int


@dataclass
class _Life:
    number: int
    kind: str
    route: _Route
    channel: str
    applicant: Citizen | Organisation | Person
    outcome: str
    draws: _Draws
    intake_supplement: bool = False
    appraisal_supplement: bool = False
    payment: bool = False
    apology: bool = False
    decision: str = Decision.APPROVED
    ending: str = "return"
    result_delivery: str = ResultDelivery.COUNTER
    delivery_address: str = ""
    representative: wf.Representative | None = None


@dataclass
class _Act:
    at: dt.datetime
    action: Action
    actor: User
    args: dict[str, Any] = field(default_factory=dict)
    status: str = ""


def _dec(rng: random.Random, low: float, high: float) -> Decimal:
    """A random number of hours (or a fraction) to the minute (or thousandth)."""
    return Decimal(round(rng.uniform(low, high) * 1000)) / 1000


class _Generator:
    def __init__(self, *, now: dt.datetime, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - demo data, not security
        self.now = now
        self.calendars: dict[int, WorkingCalendar] = {}
        self.routes: dict[tuple[int, int, int], _Route] = {}
        self.versions = {
            v.procedure.code: v
            for v in ProcedureVersion.objects.filter(
                procedure__code__in=PROCEDURE_WEIGHTS, status=VersionStatus.PUBLISHED
            ).select_related("procedure")
        }
        self.agencies = {a.code: a for a in Agency.objects.all()}
        self.deciders = {
            code: sorted(version.agencies.values_list("code", flat=True))
            for code, version in self.versions.items()
        }
        self.units = {u.code: u for u in OneStopUnit.objects.select_related("agency")}
        self.counters: dict[int, User] = {}
        self.staff: dict[tuple[int, str], User] = {}
        posts = StaffAssignment.objects.filter(is_active=True).select_related("user", "role")
        for post in posts.order_by("pk"):
            if post.role.code == RoleCode.COUNTER_OFFICER and post.one_stop_unit_id:
                self.counters.setdefault(post.one_stop_unit_id, post.user)
            self.staff.setdefault((post.agency_id, post.role.code), post.user)
        self.citizens = list(
            Citizen.objects.filter(citizen_id__in=[c.citizen_id for c in people.CITIZENS])
            .select_related("user")
            .order_by("citizen_id")
        )
        self.organisation = Organisation.objects.select_related("user").get(
            tax_code=people.ORGANISATIONS[0].tax_code
        )
        self.payment_pauses = bool(settings.PAYMENT_PAUSES_CLOCK)
        self.apology_lead = Decimal(settings.APOLOGY_MIN_LEAD_WORKING_HOURS)

    # -- routes --------------------------------------------------------------------------

    def calendar(self, unit: OneStopUnit) -> WorkingCalendar:
        if unit.pk not in self.calendars:
            self.calendars[unit.pk] = working_calendar_for(unit)
        return self.calendars[unit.pk]

    def route(self, code: str, deciding: Agency, unit: OneStopUnit) -> _Route:
        version = self.versions[code]
        key = (version.pk, deciding.pk, unit.pk)
        if key in self.routes:
            return self.routes[key]
        participants = {p.pk: p for p in version.participants.all()}
        steps = []
        for index, step in enumerate(version.steps.select_related("role").order_by("order")):
            role = step.role.code if step.role is not None else ""
            # As ``workflow.services._tasks_create``: the first step and counter steps are
            # at the receiving unit; a liên thông step at its participant's agency.
            if index == 0 or role == RoleCode.COUNTER_OFFICER:
                steps.append(_Step(step.order, step.budget, role, unit.agency_id, unit.pk))
                continue
            part = participants.get(step.participant_id) if step.participant_id else None
            agency_id = part.agency_id if part and part.agency_id else deciding.pk
            steps.append(_Step(step.order, step.budget, role, agency_id, None))
        counter_decides = version.on_the_spot
        if counter_decides:
            decider = next(i for i, s in enumerate(steps) if i > 0 and s.counter_unit_id)
        else:
            leaders = [
                i
                for i, s in enumerate(steps)
                if s.role == RoleCode.LEADER and s.agency_id == deciding.pk
            ]
            decider = len(steps) - 1
            # The leader's signature is the decision unless another agency still has
            # work after it (liên thông): then the leader decides once that work is
            # back at the one-stop unit.
            if leaders and not any(
                s.counter_unit_id is None and s.agency_id != deciding.pk
                for s in steps[leaders[-1] + 1 :]
            ):
                decider = leaders[-1]
        components = list(version.components.order_by("order", "pk"))
        mandatory = [c for c in components if c.mandatory]
        route = _Route(
            version=version,
            deciding=deciding,
            unit=unit,
            calendar=self.calendar(unit),
            steps=tuple(steps),
            decider=decider,
            counter_decides=counter_decides,
            paper=[_paper(c) for c in mandatory],
            online=[replace(_paper(c), reused_from_repository=True) for c in mandatory],
            askable=[c for c in mandatory if c.form != ComponentForm.PRESENTED] or mandatory,
        )
        self.routes[key] = route
        return route

    def worker(self, route: _Route, step: _Step) -> User:
        """Who finishes ``step`` and hands it on."""
        if step.counter_unit_id is not None:
            return self.counters[step.counter_unit_id]
        roles = (step.role or RoleCode.SPECIALIST, RoleCode.SPECIALIST, RoleCode.UNIT_HEAD)
        for role in (*roles, RoleCode.LEADER):
            user = self.staff.get((step.agency_id, role))
            if user is not None:
                return user
        raise LookupError(f"no demo staff at agency {step.agency_id} for {step.role}")

    def counter(self, route: _Route) -> User:
        return self.counters[route.unit.pk]

    def leader(self, route: _Route) -> User:
        return self.staff[(route.deciding.pk, RoleCode.LEADER)]

    # -- choosing the lives --------------------------------------------------------------

    def lives(self) -> list[_Life]:
        rng = self.rng
        taken = set(Citizen.objects.values_list("citizen_id", flat=True))
        pool = walk_in_people(rng, 150, taken=taken)
        kinds = [kind for kind, count in SCENARIOS for _ in range(count)]
        lives = []
        for number, kind in enumerate(kinds, start=1):
            lives.append(self._life(number, kind, pool))
        return lives

    def _life(self, number: int, kind: str, pool: list[Person]) -> _Life:
        rng = self.rng
        online_only = kind in (
            "intake_supplement",
            "refused",
            "stop_uncompleted",
            "open_submitted",
            "open_resubmitted",
            "open_supplement_intake",
        )
        codes = list(PROCEDURE_WEIGHTS)
        if kind in ("payment", "open_payment"):
            codes = list(_PAYMENT_PROCEDURES)
        elif kind == "decision_refused":
            codes = list(_REFUSABLE)
        elif kind not in ("early", "on_time"):
            # The rest needs a procedure worked on over days by the agency's staff.
            codes = [
                c
                for c in codes
                if not self.versions[c].on_the_spot
                and self.versions[c].time_limit_unit != TimeUnit.SAME_DAY
            ]
            if kind == "open_due_soon":
                # Counted in working days, and no payment pause to move the date.
                codes = [
                    c
                    for c in codes
                    if self.versions[c].time_limit_unit == TimeUnit.WORKING_DAYS
                    and c not in _PAYMENT_PROCEDURES
                ]
        if online_only:
            codes = [c for c in codes if self.versions[c].online_mode != OnlineMode.NONE]
        code = rng.choices(codes, weights=[PROCEDURE_WEIGHTS[c] for c in codes])[0]
        version = self.versions[code]

        if online_only:
            channel = Channel.ONLINE
        elif version.on_the_spot or version.online_mode == OnlineMode.NONE:
            channel = Channel.COUNTER
        else:
            share_online = 0.65 if version.online_mode == OnlineMode.FULL else 0.3
            roll = rng.random()
            if roll < share_online:
                channel = Channel.ONLINE
            elif roll < share_online + (1 - share_online) * 0.2:
                channel = Channel.POSTAL
            else:
                channel = Channel.COUNTER

        if org.UBND_LONG_CHAU in self.deciders[code]:
            deciding = self.agencies[org.UBND_LONG_CHAU]
            if channel == Channel.ONLINE:
                unit = self.units["TTPVHCC-LONGCHAU"]
            else:
                # Receipt regardless of administrative boundary (Decree 118/2025 Art. 14).
                unit = self.units[
                    rng.choices(
                        ("TTPVHCC-LONGCHAU", "TTPVHCC-THANHDUC", org.PROVINCIAL_CENTRE),
                        weights=(75, 15, 10),
                    )[0]
                ]
                if version.on_the_spot and unit.code == "TTPVHCC-THANHDUC":
                    # Certification is done by the ward whose counter certifies.
                    deciding = self.agencies[org.UBND_THANH_DUC]
                elif version.on_the_spot:
                    unit = self.units["TTPVHCC-LONGCHAU"]
        else:
            deciding = self.agencies[self.deciders[code][0]]
            found = main_one_stop_unit_for(agency=deciding)
            assert found is not None  # noqa: S101 - every demo agency has one
            unit = self.units[found.code]
        route = self.route(code, deciding, unit)

        applicant: Citizen | Organisation | Person
        if channel == Channel.ONLINE:
            if code == "1.009974" and rng.random() < 0.6:
                applicant = self.organisation
            else:
                applicant = rng.choice(self.citizens)
        elif code == "1.009974" and rng.random() < 0.4:
            applicant = self.organisation
        elif rng.random() < 0.08:
            applicant = rng.choice(self.citizens)
        else:
            applicant = rng.choice(pool)

        outcome = (
            _FINAL_OUTCOMES.get(kind)
            or rng.choices(("early", "on_time", "late"), weights=(50, 35, 15))[0]
        )
        if kind in ("open_in_progress", "open_received"):
            outcome = rng.choice(("early", "on_time"))
        if kind == "open_due_soon":
            # Decided on the day of the appointment: the next working day.
            outcome = "on_time"
        if kind == "open_overdue":
            outcome = "late"
        if kind == "open_decided":
            outcome = rng.choice(("early", "on_time", "on_time"))
        draws = self._draws(route)
        life = _Life(
            number=number, kind=kind, route=route, channel=channel, applicant=applicant,
            outcome=outcome, draws=draws,
        )  # fmt: skip
        life.intake_supplement = kind in (
            "intake_supplement",
            "stop_uncompleted",
            "open_resubmitted",
            "open_supplement_intake",
        ) or (channel == Channel.ONLINE and kind == "withdrawn" and rng.random() < 0.3)
        life.appraisal_supplement = kind in ("appraisal_supplement", "open_supplement_appraisal")
        life.payment = code in _PAYMENT_PROCEDURES and kind not in (
            "refused",
            "stop_uncompleted",
        )
        life.apology = kind == "late_apology"
        if kind == "decision_refused":
            life.decision = Decision.REFUSED
        life.ending = {
            "refused": "refuse",
            "withdrawn": "withdraw",
            "open_withdrawal": "withdraw",
            "stop_uncompleted": "stop_uncompleted",
            "stop_agency": "stop_agency",
        }.get(kind, "return")

        address = applicant.address
        if channel == Channel.POSTAL:
            life.result_delivery, life.delivery_address = ResultDelivery.POST, address
        elif channel == Channel.ONLINE and version.result_type != ResultType.PAPER:
            life.result_delivery = ResultDelivery.ONLINE
        elif channel == Channel.ONLINE and rng.random() < 0.25:
            life.result_delivery, life.delivery_address = ResultDelivery.POST, address
        if isinstance(applicant, Person) and channel == Channel.COUNTER and rng.random() < 0.1:
            agent = walk_in_people(rng, 1, taken=set())[0]
            life.representative = wf.Representative(
                name=agent.full_name,
                id_number=agent.citizen_id,
                authorisation=f"Văn bản ủy quyền số {rng.randint(1, 300)}/UQ, chứng thực tại "
                f"UBND {rng.choice(_WARDS)}",
            )
        return life

    def _draws(self, route: _Route) -> _Draws:
        rng = self.rng
        quick = _dec(rng, 0.15, 0.6) if route.counter_decides else _dec(rng, 0.75, 3.5)
        return _Draws(
            intake_delay=_dec(rng, 0.3, 6),
            receive_delay=_dec(rng, 0.1, 2),
            pause=_dec(rng, 6, 40),
            pay_pause=_dec(rng, 3, 24),
            jitter=tuple(_dec(rng, 0.6, 1.4) for _ in route.steps),
            u_event=_dec(rng, 0.2, 0.8),
            u_end=_dec(rng, 0.35, 0.85),
            u_apology=_dec(rng, 0.4, 0.8),
            u_pick=_dec(rng, 0, 0.999),
            u_place=_dec(rng, 0.05, 0.95),
            quick=quick,
            late_hours=_dec(rng, 1.5, 24),
            apology_slack=_dec(rng, 2, 16),
            ready_delay=_dec(rng, 0.05, 0.2) if route.counter_decides else _dec(rng, 0.2, 2),
            return_delay=_dec(rng, 0.05, 0.3) if route.counter_decides else _dec(rng, 0.3, 16),
            stop_delay=_dec(rng, 0.5, 8),
            assign=rng.random() < 0.15,
            amount=rng.randint(30, 250) * 10_000_000,
            text=rng.randint(0, 1000),
            due_clock=rng.randint(0, 390),
        )

    # -- planning one life -----------------------------------------------------------------

    def plan(self, life: _Life, start: dt.datetime) -> list[_Act]:
        route, d = life.route, life.draws
        cal = route.calendar
        version = route.version
        counter = self.counter(route)
        owner = _owner(life.applicant)
        acts: list[_Act] = []
        t = start
        if life.channel == Channel.ONLINE:
            acts.append(_Act(t, Action.SUBMIT_ONLINE, owner))
            complete = t
            if life.ending == "refuse":
                reason, basis = _REFUSALS[d.text % len(_REFUSALS)]
                acts.append(
                    _Act(
                        later(t, d.intake_delay, cal),
                        Action.REFUSE,
                        counter,
                        {"reason": reason, "legal_basis": basis},
                    )
                )
                return self._finish_plan(life, acts)
            if life.intake_supplement:
                t = later(t, d.intake_delay, cal)
                acts.append(_Act(t, Action.REQUEST_SUPPLEMENT, counter, self._items(life)))
                if life.ending == "stop_uncompleted":
                    acts.append(
                        _Act(
                            later(t, d.pause, cal),
                            Action.STOP,
                            counter,
                            {"reason": _STOP_UNCOMPLETED},
                        )
                    )
                    return self._finish_plan(life, acts)
                t = later(t, d.pause, cal)
                acts.append(_Act(t, Action.RECORD_SUPPLEMENT, owner, self._supplied(life)))
                complete = t
            t = later(t, d.receive_delay, cal)
            acts.append(_Act(t, Action.RECEIVE, counter))
            clock = engine.clock_start_online(
                complete, calendar=cal, minutes_before_close=version.online_cutoff_minutes
            )
        else:
            acts.append(_Act(t, Action.RECEIVE_COUNTER, counter))
            clock = engine.clock_start_paper(t, calendar=cal, cutoff=version.counter_cutoff)
        appointment = engine.due_at(
            clock, value=version.time_limit_value, unit=version.time_limit_unit, calendar=cal
        )
        received = t
        end = self._decision_time(life, received, appointment)

        # The steps up to the decision share the time to it in proportion to their
        # budgets (jittered): each hand-off closes one step and opens the next.
        path = route.steps[: route.decider + 1]
        weights = [s.budget * j for s, j in zip(path, d.jitter, strict=False)]
        total = sum(weights, Decimal(0))
        span = engine.working_time_between(received, end, calendar=cal)
        cumulative = Decimal(0)
        process: list[_Act] = []
        for index, step in enumerate(path[:-1]):
            cumulative += weights[index]
            at = later(received, span * cumulative / total, cal)
            if index == 0:
                process.append(_Act(at, Action.START_PROCESSING, counter))
                following = path[1]
                head = self.staff.get((following.agency_id, RoleCode.UNIT_HEAD))
                if (
                    d.assign
                    and following.counter_unit_id is None
                    and following.role == RoleCode.SPECIALIST
                    and head is not None
                ):
                    process.append(
                        _Act(
                            later(at, Decimal("0.1"), cal),
                            Action.ASSIGN,
                            head,
                            {"assignee": self.worker(route, following)},
                        )
                    )
            else:
                process.append(_Act(at, Action.HAND_OFF, self.worker(route, step)))
        decider = counter if route.counter_decides else self.leader(route)
        decision_args: dict[str, Any] = {"decision": life.decision}
        if life.decision == Decision.REFUSED:
            decision_args["note"] = _DECISION_REFUSALS.get(
                version.procedure.code, _DEFAULT_DECISION_REFUSAL
            )
        process.append(_Act(end, Action.DECIDE, decider, decision_args))
        process = _increasing(process, received, cal)

        # Events inside the work: the clock pauses while the applicant supplements or
        # pays, so everything after moves on by the paused working time (DOMAIN.md §4).
        if life.appraisal_supplement:
            index = next(
                (i for i, s in enumerate(path) if i > 0 and s.role == RoleCode.SPECIALIST), 1
            )
            appointment = self._pause(
                life, process, index, Action.REQUEST_SUPPLEMENT, d.pause, appointment, True
            )
        # An apology must come before the appointment as it stands then: before a
        # payment pause moves it, that is this one.
        unpaid_appointment = appointment
        if life.payment:
            index = next(
                (i for i, s in enumerate(path) if s.agency_id == self.agencies[org.THUE_TINH].pk),
                1,
            )
            appointment = self._pause(
                life,
                process,
                index,
                Action.REQUEST_PAYMENT,
                d.pay_pause,
                appointment,
                self.payment_pauses,
            )
        if life.apology:
            self._apologise(life, process, min(appointment, unpaid_appointment))
        acts += process

        decided = next(a.at for a in process if a.action == Action.DECIDE)
        ready_delay, pick_up = d.ready_delay, d.return_delay
        if life.kind == "open_decided":
            # Decided, and the result still on its way or waiting to be picked up: a
            # decision on a time limit in calendar days falls on few weekdays, so the
            # next steps take longer for the cut to find a moment between them.
            ready_delay, pick_up = ready_delay + 8, pick_up + 16
        ready = later(decided, ready_delay, cal)
        # The result goes back to the one-stop unit from the deciding agency's office
        # (the last row of Mẫu 05); on the spot it is already there.
        marker = counter
        if not route.counter_decides:
            marker = self.staff.get((route.deciding.pk, RoleCode.SPECIALIST), counter)
        acts.append(_Act(ready, Action.MARK_RESULT_READY, marker))
        acts.append(_Act(later(ready, pick_up, cal), Action.RETURN_RESULT, counter))

        if life.ending in ("withdraw", "stop_agency"):
            acts = self._cut_short(life, acts)
        return self._finish_plan(life, acts)

    def _decision_time(
        self, life: _Life, received: dt.datetime, appointment: dt.datetime
    ) -> dt.datetime:
        """When the decision falls: a share of the time left to the appointment (early:
        a third to most of it; on time: nearly all of it, usually the appointment's own
        day), or some working hours after it (late). A share rather than a date keeps
        the plan's shape when its start moves (see ``place``)."""
        cal, d = life.route.calendar, life.draws
        version = life.route.version
        if life.outcome == "late":
            return later(appointment, d.late_hours, cal)
        if life.route.counter_decides or version.time_limit_unit == TimeUnit.SAME_DAY:
            return later(received, d.quick, cal)
        left = engine.working_time_between(received, appointment, calendar=cal)
        if left < 1:
            return later(appointment, d.late_hours, cal)
        share = d.u_end
        if life.outcome == "on_time":
            share = Decimal("0.93") + (d.u_end - Decimal("0.35")) * Decimal("0.12")
        if life.kind == "open_due_soon":
            # Still open now, decided before the appointment on the next working day.
            return between(engine.next_opening(self.now, cal), appointment, share, cal)
        return later(received, left * share, cal)

    def _pause(
        self,
        life: _Life,
        process: list[_Act],
        index: int,
        action: Action,
        hours: Decimal,
        appointment: dt.datetime,
        moves_appointment: bool,
    ) -> dt.datetime:
        """Insert a request during step ``index`` of the path and its answer ``hours``
        later; move every later action and the appointment by the pause."""
        route, d = life.route, life.draws
        cal = route.calendar
        steps = [a for a in process if a.action in (Action.START_PROCESSING, Action.HAND_OFF)]
        opened = steps[index - 1].at if index - 1 < len(steps) else process[-1].at
        assign = next((a for a in process if a.action == Action.ASSIGN), None)
        if index == 1 and assign is not None:
            opened = assign.at
        closing = next((a.at for a in process if a.at > opened), process[-1].at)
        asked = between(opened, closing, d.u_event, cal)
        if asked >= closing:
            asked = opened + dt.timedelta(seconds=20)
        answered = later(asked, hours, cal)
        for act in process:
            if act.at > asked:
                act.at = engine.due_after_pause(
                    act.at, paused_at=asked, resumed_at=answered, calendar=cal
                )
                if not engine.is_working_instant(act.at, cal):
                    act.at -= dt.timedelta(minutes=1)
        step = route.steps[index]
        asker = self.worker(route, step)
        counter = self.counter(route)
        if action == Action.REQUEST_SUPPLEMENT:
            process.append(_Act(asked, action, asker, self._items(life)))
            answerer = _owner(life.applicant) if life.channel == Channel.ONLINE else counter
            process.append(_Act(answered, Action.RECORD_SUPPLEMENT, answerer, self._supplied(life)))
        else:
            amount = _tax(life)
            process.append(
                _Act(
                    asked,
                    action,
                    asker,
                    {"amount": amount, "note": "Thông báo nộp thuế, lệ phí trước bạ và lệ phí."},
                )
            )
            process.append(
                _Act(
                    answered,
                    Action.RECORD_PAYMENT,
                    counter,
                    {"amount": amount, "reference": f"BL-{life.number:04d}/{asked:%Y}"},
                )
            )
        process.sort(key=lambda act: act.at)
        if moves_appointment:
            return engine.due_after_pause(
                appointment, paused_at=asked, resumed_at=answered, calendar=cal
            )
        return appointment

    def _apologise(self, life: _Life, process: list[_Act], appointment: dt.datetime) -> None:
        """Mẫu 04 before the appointment passes (DOMAIN.md §2.5): a leader of the deciding
        agency apologises and sets a new date the result then keeps."""
        route, d = life.route, life.draws
        cal = route.calendar
        transferred = next(a.at for a in process if a.action == Action.START_PROCESSING)
        end = process[-1].at
        lead = max(self.apology_lead, Decimal(1))
        latest = before(min(appointment, end), lead, cal)
        if latest <= transferred:
            return
        when = between(transferred, latest, d.u_apology, cal)
        process.append(
            _Act(
                when,
                Action.RESCHEDULE,
                self.leader(route),
                {
                    "responsible_agency": route.deciding,
                    "reason": _APOLOGY_REASONS[d.text % len(_APOLOGY_REASONS)],
                    "new_appointment_at": later(end, d.apology_slack, cal),
                },
            )
        )
        process.sort(key=lambda act: act.at)

    def _cut_short(self, life: _Life, acts: list[_Act]) -> list[_Act]:
        """End the life early: withdrawn then stopped, or stopped by the agency."""
        route, d = life.route, life.draws
        cal = route.calendar
        statuses = _statuses(acts)
        decided = next(i for i, a in enumerate(acts) if a.action == Action.DECIDE)
        if life.ending == "withdraw":
            allowed = {
                DossierStatus.SUBMITTED,
                DossierStatus.RECEIVED,
                DossierStatus.IN_PROGRESS,
                DossierStatus.AWAITING_SUPPLEMENT,
                DossierStatus.AWAITING_PAYMENT,
            }
        else:
            allowed = {DossierStatus.RECEIVED, DossierStatus.IN_PROGRESS}
        candidates = [i for i in range(decided) if statuses[i] in allowed]
        index = candidates[int(d.u_pick * len(candidates))]
        when = between(acts[index].at, acts[index + 1].at, Decimal("0.5"), cal)
        counter = self.counter(route)
        if life.ending == "stop_agency":
            stop = _Act(when, Action.STOP, self.leader(route), {"reason": _STOP_AGENCY})
            return [*acts[: index + 1], stop]
        owner = _owner(life.applicant)
        withdrawer = owner if life.channel == Channel.ONLINE and owner is not None else counter
        reason = _WITHDRAW_REASONS[d.text % len(_WITHDRAW_REASONS)]
        return [
            *acts[: index + 1],
            _Act(when, Action.WITHDRAW, withdrawer, {"reason": reason}),
            _Act(later(when, d.stop_delay, cal), Action.STOP, counter, {"reason": _STOP_WITHDRAWN}),
        ]

    def _finish_plan(self, life: _Life, acts: list[_Act]) -> list[_Act]:
        for act, status in zip(acts, _statuses(acts), strict=True):
            act.status = status
        return acts

    def _items(self, life: _Life) -> dict[str, Any]:
        route, d = life.route, life.draws
        component = route.askable[d.text % len(route.askable)]
        code = route.version.procedure.code
        if life.appraisal_supplement and code in _APPRAISAL_REASONS:
            why = _APPRAISAL_REASONS[code]
        else:
            why = _SUPPLEMENT_REASONS[d.text % len(_SUPPLEMENT_REASONS)]
        return {
            "items": [wf.SupplementItemInput(name=component.name, reason=why, component=component)],
            "reason": "Hồ sơ chưa đầy đủ, hợp lệ theo quy định.",
            "legal_basis": _LEGAL_INTAKE,
        }

    def _supplied(self, life: _Life) -> dict[str, Any]:
        route, d = life.route, life.draws
        component = route.askable[d.text % len(route.askable)]
        paper = _paper(component)
        if life.channel == Channel.ONLINE:
            paper = replace(paper, reused_from_repository=True)
        return {"components": [paper]}

    # -- placing a life in time ------------------------------------------------------------

    def place(self, life: _Life) -> list[_Act]:
        """The plan of ``life`` started so that it fits: a finished life ends before now,
        within the window; an open life has done exactly its cut's actions by now.

        What an open life would do next may be late by up to ``OPEN_SLACK`` working
        hours: it waits in someone's inbox, as real dossiers do. A plan keeps its shape
        when its start moves, but not exactly (time limits in calendar days, cut-off
        times), so the start is first moved by the offset measured on the last plan;
        when that does not settle, it is searched by bisection."""
        if life.kind == "open_due_soon":
            return self._due_soon(life)
        cal = life.route.calendar
        start = before(self.now, 160, cal)
        acts = self.plan(life, start)
        for _attempt in range(3):
            cut = self._cut(life, acts)
            low = engine.working_time_between(start, acts[cut - 1].at, calendar=cal)
            high = None
            if cut < len(acts):
                high = engine.working_time_between(
                    start, self._next_at(life, acts, cut), calendar=cal
                )
            start = before(self.now, self._offset(life, low, high), cal)
            acts = self.plan(life, start)
            if self._fits(life, acts):
                return acts[: self._cut(life, acts)]
        return self._bisect(life)

    def _offset(self, life: _Life, low: Decimal, high: Decimal | None) -> Decimal:
        """How long before now to start, given when the last action to do (``low``)
        and the first not to do (``high``) fall after the start."""
        u = life.draws.u_place
        if high is None:
            room = max(Decimal(WINDOW_WORKING_DAYS * 8) - low, Decimal(1))
            return low + Decimal("0.25") + room * u
        return low + (high - low) * (Decimal("0.1") + Decimal("0.8") * u)

    def _next_at(self, life: _Life, acts: list[_Act], cut: int) -> dt.datetime:
        """Until when an open life may still not have done its next action."""
        return later(acts[cut].at, OPEN_SLACK, life.route.calendar)

    def _fits(self, life: _Life, acts: list[_Act]) -> bool:
        cut = self._cut(life, acts)
        return acts[cut - 1].at <= self.now and (
            cut == len(acts) or self._next_at(life, acts, cut) > self.now
        )

    def _bisect(self, life: _Life) -> list[_Act]:
        cal = life.route.calendar

        def plan_at(x: Decimal) -> list[_Act]:
            return self.plan(life, before(self.now, x, cal))

        def first_done(index_from_cut: int, low: Decimal, high: Decimal) -> Decimal:
            # The smallest offset at which the last action to do (0), or the time by
            # which the next one is due (1), has passed.
            for _ in range(14):
                middle = (low + high) / 2
                acts = plan_at(middle)
                cut = self._cut(life, acts)
                if index_from_cut == 0:
                    done = acts[cut - 1].at <= self.now
                else:
                    done = cut >= len(acts) or self._next_at(life, acts, cut) <= self.now
                if done:
                    high = middle
                else:
                    low = middle
            return high

        far = Decimal((WINDOW_WORKING_DAYS + 30) * 8)
        low = first_done(0, Decimal(0), far)
        acts = plan_at(low)
        high = None
        if self._cut(life, acts) < len(acts):
            high = first_done(1, low, far)
        acts = plan_at(self._offset(life, low, high))
        if self._fits(life, acts):
            return acts[: self._cut(life, acts)]
        # A cut-off time makes the plan jump near ``low``: look around it, a quarter of
        # a working hour at a time, up to a week each way.
        for step in range(1, 161):
            for x in (low + Decimal(step) / 4, low - Decimal(step) / 4):
                acts = plan_at(max(x, Decimal(0)))
                if self._fits(life, acts):
                    return acts[: self._cut(life, acts)]
        # Nothing fits (a long holiday, a time limit in calendar days): the life stops at
        # its cut all the same, its next action longer overdue.
        acts = plan_at(low)
        cut = self._cut(life, acts)
        if acts[cut - 1].at <= self.now:
            return acts[:cut]
        return _prefix_until(acts, self.now)

    def _cut(self, life: _Life, acts: list[_Act]) -> int:
        """How many of the planned actions an open life has done by now."""
        wanted = _OPEN_CUTS.get(life.kind)
        if wanted is None:
            return len(acts)
        decided = next((i for i, a in enumerate(acts) if a.action == Action.DECIDE), len(acts))
        candidates = [i for i, a in enumerate(acts) if a.action in wanted]
        if life.kind in ("open_in_progress", "open_overdue"):
            candidates = [i for i in candidates if i < decided]
            if life.kind == "open_overdue":
                candidates = candidates[-1:]
        if life.kind == "open_received":
            candidates = candidates[:1]
        if not candidates:
            return len(acts)
        return candidates[int(life.draws.u_pick * len(candidates))] + 1

    def _due_soon(self, life: _Life) -> list[_Act]:
        """Received so that the appointment falls on the next working day: the limit in
        working days counted back from there (DOMAIN.md §4)."""
        cal = life.route.calendar
        version = life.route.version
        day = next_working_day(self.now, cal)
        # 08:00 to 14:30, before the 15:00 paper cut-off and the online last hour.
        clock = dt.datetime.combine(day, dt.time(8, 0), tzinfo=cal.tz) + dt.timedelta(
            minutes=life.draws.due_clock
        )
        if not engine.is_working_instant(clock, cal):
            clock = engine.next_opening(clock, cal)
        start = before(clock, version.time_limit_value * 8, cal)
        return list(_prefix_until(self.plan(life, start), self.now))

    # -- acting it out ---------------------------------------------------------------------

    def act(self, life: _Life, acts: list[_Act]) -> Dossier | None:
        route = life.route
        dossier: Dossier | None = None
        for act in acts:
            if act.at > self.now:  # never write the future
                break
            if act.action == Action.SUBMIT_ONLINE:
                dossier, _created = wf.dossier_submit_online(
                    actor=act.actor,
                    version=route.version,
                    agency=route.deciding,
                    components=route.online,
                    eform_data=_eform(route.version, life),
                    result_delivery=life.result_delivery,
                    delivery_address=life.delivery_address,
                    at=act.at,
                )
                continue
            if act.action == Action.RECEIVE_COUNTER:
                applicant = self._at_counter(life, act.actor)
                dossier = wf.dossier_receive_at_counter(
                    actor=act.actor,
                    version=route.version,
                    one_stop_unit=route.unit,
                    applicant=applicant,
                    components=route.paper,
                    agency=route.deciding,
                    channel=life.channel,
                    eform_data=_eform(route.version, life),
                    result_delivery=life.result_delivery,
                    delivery_address=life.delivery_address,
                    representative=life.representative,
                    at=act.at,
                )
                continue
            assert dossier is not None  # noqa: S101 - a life starts by creating its dossier
            dossier = _SERVICES[act.action](dossier=dossier, actor=act.actor, at=act.at, **act.args)
        return dossier

    def _at_counter(self, life: _Life, officer: User) -> Citizen | Organisation:
        applicant = life.applicant
        if isinstance(applicant, Organisation):
            return wf.counter_applicant(
                actor=officer, one_stop_unit=life.route.unit, tax_code=applicant.tax_code
            )
        if isinstance(applicant, Citizen):
            return wf.counter_applicant(
                actor=officer, one_stop_unit=life.route.unit, citizen_id=applicant.citizen_id
            )
        return wf.counter_applicant(
            actor=officer,
            one_stop_unit=life.route.unit,
            citizen_id=applicant.citizen_id,
            name=applicant.full_name,
            phone=applicant.phone,
            address=applicant.address,
        )


_SERVICES: dict[Action, Callable[..., Dossier]] = {
    Action.RECEIVE: wf.dossier_receive,
    Action.REQUEST_SUPPLEMENT: wf.dossier_request_supplement,
    Action.RECORD_SUPPLEMENT: wf.dossier_record_supplement,
    Action.REFUSE: wf.dossier_refuse,
    Action.START_PROCESSING: wf.dossier_start_processing,
    Action.ASSIGN: wf.dossier_assign,
    Action.HAND_OFF: wf.dossier_hand_off,
    Action.DECIDE: wf.dossier_decide,
    Action.REQUEST_PAYMENT: wf.dossier_request_payment,
    Action.RECORD_PAYMENT: wf.dossier_record_payment,
    Action.MARK_RESULT_READY: wf.dossier_mark_result_ready,
    Action.RETURN_RESULT: wf.dossier_return_result,
    Action.WITHDRAW: wf.dossier_withdraw,
    Action.STOP: wf.dossier_stop,
    Action.RESCHEDULE: wf.dossier_reschedule,
}


def _paper(component: RequiredComponent) -> ComponentInput:
    return ComponentInput(
        required=component, name=component.name, form=component.form, count=component.count
    )


def _owner(applicant: Citizen | Organisation | Person) -> Any:
    return None if isinstance(applicant, Person) else applicant.user


def _tax(life: _Life) -> int:
    """What the tax notice asks (integer đồng): personal income tax 2 % of the declared
    price and registration fee 0.5 % for a transfer, the registration fee alone for a
    first certificate, plus the certificate charge of the version."""
    price = life.draws.amount
    if life.route.version.procedure.code == "1.012792":
        return price * 2 // 100 + price * 5 // 1000 + 50_000
    return price * 5 // 1000 + 100_000


def _eform(version: ProcedureVersion, life: _Life) -> dict[str, Any]:
    """Answers to the version's e-form, if it has one: a plausible value for every
    required field (``catalog.eforms`` types)."""
    applicant = life.applicant
    name = applicant.name if isinstance(applicant, Organisation) else applicant.full_name
    values: dict[str, Callable[[dict[str, Any]], Any]] = {
        "text": lambda f: name,
        "textarea": lambda f: name,
        "integer": lambda f: f.get("min") if f.get("min") is not None else 1,
        "date": lambda f: "2000-01-01",
        "choice": lambda f: f["choices"][0]["value"],
        "boolean": lambda f: True,
        "citizen_id": lambda f: getattr(applicant, "citizen_id", "086085001234"),
        "phone": lambda f: getattr(applicant, "phone", "") or "0912345678",
        "email": lambda f: getattr(applicant, "email", "") or "nguoidan@vinhlong.example",
    }
    answers = {}
    for spec in getattr(version, "eform_schema", None) or []:
        if spec.get("required") and spec.get("type") in values:
            answers[spec["name"]] = values[spec["type"]](spec)
    return answers


def _statuses(acts: list[_Act]) -> list[str]:
    """The dossier's status after each action, by the transition table."""
    result: list[str] = []
    status, stage = "", ""
    for act in acts:
        if act.action in (Action.SUBMIT_ONLINE, Action.RECEIVE_COUNTER):
            status = (
                DossierStatus.SUBMITTED
                if act.action == Action.SUBMIT_ONLINE
                else DossierStatus.RECEIVED
            )
        else:
            target = target_of(status, act.action, supplement_stage=stage)
            if target is None:
                raise ValueError(f"demo plan: {act.action} not allowed in {status}")
            if act.action == Action.REQUEST_SUPPLEMENT:
                stage = "intake" if status == DossierStatus.SUBMITTED else "appraisal"
            elif act.action in (Action.RECORD_SUPPLEMENT, Action.WITHDRAW):
                stage = ""
            status = target
        result.append(status)
    return result


def _increasing(acts: list[_Act], after: dt.datetime, calendar: WorkingCalendar) -> list[_Act]:
    """At least a minute between two actions, in the list's order."""
    previous = after
    for act in acts:
        if act.at < previous + dt.timedelta(minutes=1):
            act.at = later(previous, 2 * _MINUTE, calendar)
        previous = act.at
    return acts


def _prefix_until(acts: list[_Act], now: dt.datetime) -> list[_Act]:
    done = []
    for act in acts:
        if act.at > now:
            break
        done.append(act)
    return done


def demo_dossiers_load(*, now: dt.datetime | None = None, seed: int = SEED) -> int:
    """Replay the demo dossiers up to ``now`` (default: this moment); returns how many
    were created. Does nothing when the database already holds dossiers: the demo adds
    its history to an installation that has none, once."""
    if Dossier.objects.exists():
        return 0
    generator = _Generator(now=now or timezone.now(), seed=seed)
    created = 0
    for life in generator.lives():
        acts = generator.place(life)
        if generator.act(life, acts) is not None:
            created += 1
    return created


__all__ = [
    "SCENARIOS",
    "SEED",
    "WINDOW_WORKING_DAYS",
    "Person",
    "before",
    "between",
    "closing_of",
    "demo_dossiers_load",
    "later",
    "next_working_day",
    "walk_in_people",
]
