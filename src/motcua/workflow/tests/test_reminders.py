"""Officer reminders, late steps, apology prompts and the leaders' digest at hand-picked
moments on the working calendar (workflow.reminders; issue 6 §4; DOMAIN.md §2.5).

Office hours 07:30-11:30 and 13:00-17:00, Monday to Friday. The permit (1.009794, Sở
Xây dựng) takes 40 working hours: Tiếp nhận 4 (centre), Thẩm định 28, Phê duyệt 8.
Leads: a step is reminded 4 working hours before it falls due; leaders are prompted 8
working hours before the appointment. Messages are read from the outbox: (recipient
account, template, SMS text) on the SMS channel, every officer having a phone.
"""

from __future__ import annotations

import pytest

from motcua.accounts.constants import RoleCode
from motcua.accounts.services import staff_user_create
from motcua.agencies.services import staff_assign_role
from motcua.dossiers.models import Dossier
from motcua.notifications.models import Message
from motcua.workflow import services
from motcua.workflow.constants import AlertKind
from motcua.workflow.models import DeadlineAlert, Task
from motcua.workflow.reminders import deadline_watch, leader_digest_send, step_heads
from motcua.workflow.tests.states import supplement_items
from motcua.workflow.tests.world import PASSWORD, local, paper

BASE = "https://motcua.vinhlong.gov.vn"
STAFF = (
    "specialist",
    "specialist2",
    "unit_head",
    "leader",
    "counter",
    "justice_leader",
    "police_officer",
    "police_leader",
    "culture_officer",
    "culture_leader",
)


@pytest.fixture
def staff(w, settings):
    settings.PUBLIC_BASE_URL = BASE
    for number, name in enumerate(STAFF, start=1):
        user = getattr(w, name)
        user.phone = f"09010000{number:02d}"
        user.save(update_fields=["phone"])
    return w


def told(since: int = 0) -> list[tuple[str, str, str]]:
    """Officers' SMS written after message ``since``: (username, template, text)."""
    return list(
        Message.objects.filter(pk__gt=since, channel="sms", user__kind="staff")
        .order_by("pk")
        .values_list("user__username", "template", "body")
    )


def last_message() -> int:
    return Message.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


# The birth registration's e-form (catalog.tests.published), filled in.
BIRTH = {
    "ho_ten": "Nguyễn Minh Khang",
    "ngay_sinh": "2026-02-20",
    "gioi_tinh": "nam",
    "dan_toc": "Kinh",
    "quoc_tich": "Việt Nam",
    "noi_sinh": "Bệnh viện Đa khoa tỉnh Vĩnh Long",
    "nguoi_yeu_cau": "Nguyễn Văn An",
    "so_dinh_danh_nguoi_yeu_cau": "086099012345",
    "quan_he": "cha",
    "cam_doan": True,
}


def receive(w, at, *, version=None, form=None, applicant=None) -> Dossier:
    return services.dossier_receive_at_counter(
        actor=w.counter,
        version=version or w.permit_version,
        one_stop_unit=w.centre,
        applicant=applicant or w.an,
        components=[paper(form or w.permit_form)],
        eform_data=BIRTH if version == w.birth_version else None,
        at=at,
    )


def started(w, at, **options) -> Dossier:
    """A permit received at ``at`` and transferred ten minutes later to the specialist."""
    dossier = receive(w, at)
    return services.dossier_start_processing(
        dossier=dossier,
        actor=w.counter,
        assignee=options.get("assignee", w.specialist),
        at=at.replace(minute=at.minute + 10),
    )


def task(dossier: Dossier, order: int) -> Task:
    return Task.objects.get(dossier=dossier, order=order)


# --- at each event ---------------------------------------------------------------------


def test_reassigned_with_little_time_left_the_new_officer_is_told_at_once(staff):
    w = staff
    # Monday 2 March 08:00 received, 08:10 Thẩm định to the specialist: 28 hours end on
    # Thursday 5 March 13:40 (Monday 7h20, Tuesday and Wednesday 16, Thursday 4h40).
    dossier = started(w, local(2026, 3, 2, 8, 0))
    assert task(dossier, 2).due_at == local(2026, 3, 5, 13, 40)
    deadline_watch(now=local(2026, 3, 2, 8, 15))
    # Thursday 08:05: 4h05 left (08:05-11:30, 13:00-13:40): not yet; 08:15: 3h55, the
    # specialist is reminded.
    assert deadline_watch(now=local(2026, 3, 5, 8, 5)).messages == 0
    deadline_watch(now=local(2026, 3, 5, 8, 15))
    assert told() == [
        (
            "chuyenvien.xd",
            "step_due_soon",
            f"Hồ sơ {dossier.code}: bước Thẩm định đến hạn lúc 13:40 05/03/2026.",
        )
    ]
    # 10:00 (2h10 left) the unit head gives the step to another specialist: she is told
    # at once; the first one is not told again.
    mark = last_message()
    services.dossier_assign(
        dossier=dossier, actor=w.unit_head, assignee=w.specialist2, at=local(2026, 3, 5, 10, 0)
    )
    assert told(mark) == [
        (
            "chuyenvien2.xd",
            "step_due_soon",
            f"Hồ sơ {dossier.code}: bước Thẩm định đến hạn lúc 13:40 05/03/2026.",
        )
    ]
    assert DeadlineAlert.objects.filter(kind=AlertKind.STEP_DUE_SOON).count() == 1


def test_an_officer_taking_a_step_with_little_time_left_is_not_reminded_of_it(staff):
    w = staff
    # The counter officer receives (Tiếp nhận: 4 hours, theirs) and nobody is told.
    receive(w, local(2026, 3, 2, 8, 0))
    deadline_watch(now=local(2026, 3, 2, 8, 5))
    deadline_watch(now=local(2026, 3, 2, 11, 0))
    assert told() == []
    assert not DeadlineAlert.objects.exists()


def test_a_step_already_late_when_the_dossier_pauses_is_reported_at_the_pause(staff):
    w = staff
    dossier = started(w, local(2026, 3, 2, 8, 0))  # Thẩm định due Thursday 13:40
    # Thursday 14:00, no sweep since 13:40: the specialist asks for a supplement. The
    # step was 20 working minutes late when the clock stopped.
    services.dossier_request_supplement(
        dossier=dossier,
        actor=w.specialist,
        items=supplement_items(w),
        reason="Hồ sơ chưa hợp lệ",
        at=local(2026, 3, 5, 14, 0),
    )
    assert told() == [
        (
            "truongphong.xd",
            "step_late",
            f"Hồ sơ {dossier.code} quá hạn 20 phút làm việc ở bước Thẩm định "
            "(cán bộ Phạm Văn Dũng).",
        )
    ]
    alert = DeadlineAlert.objects.get()
    assert (alert.kind, alert.task, alert.due_at, alert.found_at) == (
        AlertKind.STEP_LATE,
        task(dossier, 2),
        local(2026, 3, 5, 13, 40),
        local(2026, 3, 5, 14, 0),
    )


def test_a_step_falling_due_during_a_pause_is_watched_again_after_it(staff):
    w = staff
    dossier = started(w, local(2026, 3, 2, 8, 0))  # Thẩm định due Thursday 13:40
    deadline_watch(now=local(2026, 3, 2, 8, 15))
    # Wednesday 4 March 10:00: paused for a supplement.
    dossier = services.dossier_request_supplement(
        dossier=dossier,
        actor=w.specialist,
        items=supplement_items(w),
        reason="Hồ sơ chưa hợp lệ",
        at=local(2026, 3, 4, 10, 0),
    )
    # While paused, Thursday's due time passes: nobody is told.
    assert deadline_watch(now=local(2026, 3, 5, 9, 45)).messages == 0
    assert deadline_watch(now=local(2026, 3, 5, 14, 0)).messages == 0
    # Friday 6 March 10:00: An brings the papers. 16 working hours were paused (Wednesday
    # 10:00 to Friday 10:00): due Thursday 13:40 + 16 h = Monday 9 March 13:40.
    services.dossier_record_supplement(
        dossier=dossier,
        actor=w.an.user,
        components=[paper(w.permit_form, with_file=True)],
        at=local(2026, 3, 6, 10, 0),
    )
    assert task(dossier, 2).due_at == local(2026, 3, 9, 13, 40)
    # Monday 08:05: 4h05 left (08:05-11:30, 13:00-13:40); 08:15: 3h55, reminded.
    assert deadline_watch(now=local(2026, 3, 9, 8, 5)).messages == 0
    assert deadline_watch(now=local(2026, 3, 9, 8, 15)).due_soon == 1
    # 13:45: late by 5 minutes. The appointment moved on too (Monday 9 March 08:00 + 16 h
    # = Wednesday 11 March 08:00): 11h45 away, no prompt.
    result = deadline_watch(now=local(2026, 3, 9, 13, 45))
    assert (result.late, result.apology) == (1, 0)
    assert told() == [
        (
            "chuyenvien.xd",
            "step_due_soon",
            f"Hồ sơ {dossier.code}: bước Thẩm định đến hạn lúc 13:40 09/03/2026.",
        ),
        (
            "truongphong.xd",
            "step_late",
            f"Hồ sơ {dossier.code} quá hạn 5 phút làm việc ở bước Thẩm định "
            "(cán bộ Phạm Văn Dũng).",
        ),
    ]


def test_a_hand_off_that_cannot_make_the_appointment_prompts_the_leader_at_once(staff):
    w = staff
    # Received Monday 2 March 08:00: appointment Monday 9 March 08:00. Thẩm định (due
    # Thursday 13:40) is passed on on Friday 6 March at 16:00, late; Phê duyệt's 8 hours
    # end on Monday at 16:00, after the appointment, which is 1.5 working hours away:
    # the leader is asked for the apology at the hand-off.
    dossier = started(w, local(2026, 3, 2, 8, 0))
    dossier = services.dossier_hand_off(
        dossier=dossier, actor=w.specialist, at=local(2026, 3, 6, 16, 0)
    )
    assert task(dossier, 3).due_at == local(2026, 3, 9, 16, 0)
    assert told() == [
        (
            "lanhdao.xd",
            "apology_prompt",
            f"Hồ sơ {dossier.code} có nguy cơ trễ hẹn 08:00 09/03/2026. Đề nghị ban hành "
            "phiếu xin lỗi và hẹn lại (Mẫu 04).",
        )
    ]
    # The sweep finds nothing more; after the apology nothing is prompted again.
    deadline_watch(now=local(2026, 3, 6, 16, 5))
    services.dossier_reschedule(
        dossier=dossier,
        actor=w.leader,
        responsible_agency=w.construction,
        reason="Cần xác minh thêm",
        new_appointment_at=local(2026, 3, 11, 17, 0),
        at=local(2026, 3, 6, 16, 30),
    )
    deadline_watch(now=local(2026, 3, 9, 7, 35))
    assert [template for _user, template, _text in told()] == ["apology_prompt"]


def test_inter_agency_step_late_and_apology_prompt_reach_both_agencies(staff):
    w = staff
    # The karaoke licence (Sở Văn hóa decides, Công an tỉnh confirms security first):
    # received Monday 2 March 08:00, 5 working days: appointment Monday 9 March 08:00.
    # 08:10 transferred: the police step (2 days, 16 hours) ends Wednesday 4 March 08:10.
    dossier = receive(w, local(2026, 3, 2, 8, 0), version=w.karaoke_version, form=w.karaoke_form)
    dossier = services.dossier_start_processing(
        dossier=dossier, actor=w.counter, at=local(2026, 3, 2, 8, 10)
    )
    police_step = task(dossier, 2)
    assert (police_step.agency, police_step.due_at) == (w.police, local(2026, 3, 4, 8, 10))
    deadline_watch(now=local(2026, 3, 2, 8, 15))
    # Friday 6 March 07:55: 8h05 to the appointment (07:55-11:30, 13:00-17:00, Monday
    # 07:30-08:00): the police step is late (since Wednesday 08:10: Wednesday 7h20,
    # Thursday 8, Friday 25 minutes), reported to the police's leader (Công an tỉnh has
    # no unit heads); no prompt yet.
    result = deadline_watch(now=local(2026, 3, 6, 7, 55))
    assert (result.late, result.apology) == (1, 0)
    # 08:05: 7h55 left and the police step still late: the leaders of the deciding
    # agency and of the agency holding the dossier may sign Mẫu 04.
    result = deadline_watch(now=local(2026, 3, 6, 8, 5))
    assert (result.late, result.apology) == (0, 1)
    prompt = (
        f"Hồ sơ {dossier.code} có nguy cơ trễ hẹn 08:00 09/03/2026. Đề nghị ban hành "
        "phiếu xin lỗi và hẹn lại (Mẫu 04)."
    )
    assert told() == [
        (
            "lanhdao.ca",
            "step_late",
            f"Hồ sơ {dossier.code} quá hạn 1 ngày 7 giờ 45 phút làm việc ở bước Xác nhận đủ "
            "điều kiện về an ninh, trật tự (cán bộ chưa phân công).",
        ),
        ("lanhdao.vh", "apology_prompt", prompt),
        ("lanhdao.ca", "apology_prompt", prompt),
    ]


# --- who answers for a step ------------------------------------------------------------


def _staff(username, role, agency, **scope):
    user = staff_user_create(actor=None, username=username, full_name=username, password=PASSWORD)
    staff_assign_role(actor=None, user=user, role_code=role, agency=agency, **scope)
    return user


def test_step_heads(w):
    dossier = started(w, local(2026, 3, 2, 8, 0))
    appraisal, intake = task(dossier, 2), task(dossier, 1)
    assert appraisal.unit == w.building_unit  # the specialist's unit
    # The unit has no head of its own: the Sở's unit head (assigned without a unit).
    assert step_heads(appraisal) == [w.unit_head]
    # Once the unit has its own head, that head.
    own = _staff("truongphong.qlxd", RoleCode.UNIT_HEAD, w.construction, unit=w.building_unit)
    assert step_heads(appraisal) == [own]
    # The intake step at the centre: nobody heads the centre, and the province has no
    # leader in this world: nobody; then the centre's head.
    assert step_heads(intake) == []
    centre_head = _staff("giamdoc.ttpvhcc", RoleCode.UNIT_HEAD, w.province, one_stop_unit=w.centre)
    assert step_heads(intake) == [centre_head]
    # An agency without unit heads: its leaders (Sở Tư pháp).
    copy = receive(w, local(2026, 3, 3, 9, 0), version=w.birth_version, form=w.birth_form)
    copy = services.dossier_start_processing(dossier=copy, actor=w.counter, at=local(2026, 3, 3, 9))
    assert step_heads(task(copy, 2)) == [w.justice_leader]


# --- the leaders' digest ---------------------------------------------------------------


def test_leader_digest(staff):
    w = staff
    # A: received Friday 27 February 08:00, appointment Friday 6 March 08:00, still at
    # the centre: late on Monday 9 March.
    late = receive(w, local(2026, 2, 27, 8, 0))
    # B: received Monday 2 March 10:00, appointment Monday 9 March 10:00; Thẩm định due
    # Thursday 5 March 15:40 and not done: at risk.
    risky = started(w, local(2026, 3, 2, 10, 0))
    assert task(risky, 2).due_at == local(2026, 3, 5, 15, 40)
    # C: received Monday 2 March 14:00, appointment Monday 9 March 14:00; Thẩm định
    # passed on on Friday 08:30, Phê duyệt due Monday 08:30: due today, on schedule.
    due = started(w, local(2026, 3, 2, 14, 0))
    services.dossier_hand_off(dossier=due, actor=w.specialist, at=local(2026, 3, 6, 8, 30))
    # D: received Friday 27 February 09:00 (appointment Friday 6 March 09:00), paused for
    # a supplement since Monday 2 March: its appointment will move; not counted.
    paused = started(w, local(2026, 2, 27, 9, 0))
    services.dossier_request_supplement(
        dossier=paused,
        actor=w.specialist,
        items=supplement_items(w),
        reason="Hồ sơ chưa hợp lệ",
        at=local(2026, 3, 2, 9, 0),
    )
    # E: a birth registration (Sở Tư pháp, 1 working day) received Monday 2 March 08:00,
    # due Tuesday 08:00: late too, in Sở Tư pháp's digest, not in Sở Xây dựng's.
    receive(w, local(2026, 3, 2, 8, 0), version=w.birth_version, form=w.birth_form)

    # Saturday 7 March 07:00: a day off, no digest.
    mark = last_message()
    assert leader_digest_send(now=local(2026, 3, 7, 7, 0)) == 0
    # Monday 9 March 07:00.
    leader_digest_send(now=local(2026, 3, 9, 7, 0))
    digests = list(
        Message.objects.filter(pk__gt=mark, template="leader_digest")
        .order_by("pk")
        .values_list("user__username", "channel", "body")
    )
    assert digests == [
        (
            "lanhdao.xd",
            "sms",
            f"Ngày 09/03/2026: 1 hồ sơ đến hạn, 1 quá hạn, 1 có nguy cơ trễ hẹn. {BASE}/office/",
        ),
        (
            "lanhdao.xd",
            "in_app",
            "Đồng chí Nguyễn Hữu Phước,\n\n"
            "Tình hình hồ sơ ngày 09/03/2026:\n"
            "- Đến hạn hôm nay: 1\n"
            "- Quá hạn: 1\n"
            "- Có nguy cơ trễ hẹn: 1\n\n"
            f"- {late.code}: quá hạn từ 08:00 06/03/2026, bước Tiếp nhận\n"
            f"- {risky.code}: có nguy cơ trễ hẹn 10:00 09/03/2026, bước Thẩm định\n"
            f"- {due.code}: đến hạn 14:00 09/03/2026, bước Phê duyệt\n\n"
            f"Xem chi tiết: {BASE}/office/",
        ),
        (
            "lanhdao.tp",
            "sms",
            f"Ngày 09/03/2026: 0 hồ sơ đến hạn, 1 quá hạn, 0 có nguy cơ trễ hẹn. {BASE}/office/",
        ),
        (
            "lanhdao.tp",
            "in_app",
            "Đồng chí Huỳnh Văn Sáu,\n\n"
            "Tình hình hồ sơ ngày 09/03/2026:\n"
            "- Đến hạn hôm nay: 0\n"
            "- Quá hạn: 1\n"
            "- Có nguy cơ trễ hẹn: 0\n\n"
            f"- {Dossier.objects.get(version=w.birth_version).code}: quá hạn từ 08:00 "
            "03/03/2026, bước Tiếp nhận\n\n"
            f"Xem chi tiết: {BASE}/office/",
        ),
    ]
    # Once a day, however often it runs.
    assert leader_digest_send(now=local(2026, 3, 9, 7, 30)) == 0
