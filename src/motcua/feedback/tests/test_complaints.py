"""Feedback and complaints (PAKN, issue 5 §7): sending, the deadlines of Decision 766
indicator 5.2 on the working calendar, every allowed and forbidden transition of the
agency's feedback handler, the sender's vote and follow-up."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.core.exceptions import ConflictError, InvalidInputError, PermissionDeniedError
from motcua.core.models import AuditEntry
from motcua.dossiers.services import UploadedFile
from motcua.feedback import complaints as svc
from motcua.feedback.complaint_deadlines import complaint_deadlines
from motcua.feedback.complaint_input import RateLimitedError, source_key
from motcua.feedback.complaint_selectors import (
    complaint_find_for_sender,
    complaint_list_for_handler,
    complaint_published,
    due_of,
)
from motcua.feedback.constants import COMPLAINT_TRANSITIONS, ComplaintAction, ComplaintStatus
from motcua.feedback.models import Complaint, ComplaintEvent, ComplaintFile
from motcua.feedback.tests.complaint_helpers import SENT, SOURCE, handler, send
from motcua.notifications.models import Message
from motcua.workflow.tests.world import PDF, local

S = ComplaintStatus
LATER = SENT + dt.timedelta(hours=1)


@pytest.fixture
def h(w):
    return handler(w.construction)


def _rows() -> tuple[int, int, int, int, int]:
    return (
        Complaint.objects.count(),
        ComplaintEvent.objects.count(),
        ComplaintFile.objects.count(),
        AuditEntry.objects.count(),
        Message.objects.count(),
    )


def _history(item: Complaint) -> list[tuple[str, str, str]]:
    return list(item.events.values_list("action", "from_status", "to_status"))


def test_a_sent_pakn_gets_the_days_code_its_deadlines_and_its_history(w):
    first = send(w, sender_phone="+84 987 654 321", files=[UploadedFile("don.pdf", PDF)])
    second = send(w, sender_phone="", sender_email="cuong@example.vn")
    assert (first.code, second.code) == ("PAKN-260302-0001", "PAKN-260302-0002")
    assert first.status == S.RECEIVED
    assert first.sender_phone == "0987654321"
    # Monday 09:00: 2, 5 and 15 working days of 8 hours on the national calendar.
    assert first.accept_due_at == local(2026, 3, 4, 9, 0)
    assert first.info_due_at == local(2026, 3, 9, 9, 0)
    assert first.answer_due_at == local(2026, 3, 23, 9, 0)
    assert first.publish_due_at is None
    assert first.files.get().content_type == "application/pdf"
    assert _history(first) == [("submit", "", "received")]
    assert "cham tra giay phep xay dung" in first.search_text


# Received Friday 24/4/2026 16:00. Off: Sat 25, Sun 26, Mon 27 (Hùng Kings observed),
# Thu 30/4, Fri 1/5, Sat 2, Sun 3. Working days are 8 hours, 07:30–11:30 and 13:00–17:00.
# 2 days = 16 h: Fri 1 h, Tue 28 8 h, Wed 29 7 h → Wed 29/4 16:00.
# 5 days = 40 h: Wed 1 h (17), Mon 4/5 8 (25), Tue 5 8 (33), Wed 6 7 → 16:00.
# 15 days = 120 h: by Wed 6/5 17:00 41 h, then 9 full days to Tue 19/5 (113),
# Wed 20/5 7 h → 16:00.
@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (
            local(2026, 4, 24, 16, 0),
            (local(2026, 4, 29, 16, 0), local(2026, 5, 6, 16, 0), local(2026, 5, 20, 16, 0)),
        ),
        # Saturday: counting starts Monday 9/3 07:30; an exact fit ends at closing.
        (
            local(2026, 3, 7, 10, 0),
            (local(2026, 3, 10, 17, 0), local(2026, 3, 13, 17, 0), local(2026, 3, 27, 17, 0)),
        ),
    ],
)
def test_deadlines_on_the_calendar(w, received, expected):
    assert complaint_deadlines(agency=w.construction, received_at=received) == expected


def test_deadline_settings_change_the_counts(w, settings):
    settings.PAKN_ACCEPT_WORKING_DAYS = 1
    settings.PAKN_ANSWER_WORKING_DAYS = 10
    accept, info, answer = complaint_deadlines(agency=w.construction, received_at=SENT)
    assert (accept, info, answer) == (
        local(2026, 3, 3, 9, 0),
        local(2026, 3, 9, 9, 0),
        local(2026, 3, 16, 9, 0),
    )


def test_the_whole_way_accept_request_info_reply_answer_publish(w, h):
    item = send(w)
    item = svc.complaint_accept(actor=h, complaint=item, at=LATER)
    assert (item.status, item.accepted_at) == (S.ACCEPTED, LATER)
    item = svc.complaint_request_info(
        actor=h, complaint=item, request_text="Xin cho biết mã hồ sơ.", at=LATER
    )
    assert item.status == S.MORE_INFO_REQUESTED
    told = Message.objects.get(template="feedback_info_requested")
    assert "cần bổ sung: Xin cho biết mã hồ sơ." in told.body
    assert f"/phan-anh-kien-nghi/tra-cuu/?ma={item.code}" in told.body
    item = svc.complaint_provide_info(
        actor=None, complaint=item, reply="Mã hồ sơ 000.00.12.H62-260220-0003", at=LATER
    )
    assert (item.status, item.info_reply) == (S.ACCEPTED, "Mã hồ sơ 000.00.12.H62-260220-0003")
    answered_at = local(2026, 3, 6, 16, 0)  # Friday 16:00
    item = svc.complaint_answer(
        actor=h, complaint=item, answer="Sở đã trả kết quả ngày 06/3/2026.", at=answered_at
    )
    assert (item.status, item.answered_by, item.answered_at) == (S.ANSWERED, h, answered_at)
    # 2 working days = 16 h: Fri 1 h, Mon 9/3 8 h, Tue 10/3 7 h → 16:00.
    assert item.publish_due_at == local(2026, 3, 10, 16, 0)
    message = Message.objects.get(template="feedback_answered")
    assert (message.channel, message.recipient) == ("sms", "0987654321")
    assert item.code in message.body
    assert list(complaint_published()) == []
    item = svc.complaint_publish(actor=h, complaint=item, at=answered_at)
    assert item.status == S.PUBLISHED
    assert list(complaint_published(q="SO DA TRA KET QUA")) == [item]
    assert list(complaint_published(q="giay phep xay dung")) == [item]
    assert list(complaint_published(q="karaoke")) == []
    assert _history(item) == [
        ("submit", "", "received"),
        ("accept", "received", "accepted"),
        ("request_info", "accepted", "more_info_requested"),
        ("provide_info", "more_info_requested", "accepted"),
        ("answer", "accepted", "answered"),
        ("publish", "answered", "published"),
    ]
    assert item.events.get(action="answer").actor == h


def test_refusal_needs_a_reason_and_keeps_it(w, h):
    item = send(w)
    before = _rows()
    with pytest.raises(InvalidInputError):
        svc.complaint_refuse(actor=h, complaint=item, reason="   ")
    assert _rows() == before
    item = svc.complaint_refuse(actor=h, complaint=item, reason="Không thuộc thẩm quyền của Sở.")
    assert (item.status, item.refusal_reason) == (S.REFUSED, "Không thuộc thẩm quyền của Sở.")
    told = Message.objects.get()
    assert (told.template, told.channel, told.recipient) == (
        "feedback_refused",
        "sms",
        "0987654321",
    )
    assert "Lý do: Không thuộc thẩm quyền của Sở." in told.body


def _act(action: str, h, item):
    calls = {
        ComplaintAction.ACCEPT: lambda: svc.complaint_accept(actor=h, complaint=item),
        ComplaintAction.REFUSE: lambda: svc.complaint_refuse(actor=h, complaint=item, reason="X"),
        ComplaintAction.REQUEST_INFO: lambda: svc.complaint_request_info(
            actor=h, complaint=item, request_text="Y"
        ),
        ComplaintAction.PROVIDE_INFO: lambda: svc.complaint_provide_info(
            actor=None, complaint=item, reply="Z"
        ),
        ComplaintAction.ANSWER: lambda: svc.complaint_answer(actor=h, complaint=item, answer="A"),
        ComplaintAction.PUBLISH: lambda: svc.complaint_publish(actor=h, complaint=item),
    }
    return calls[action]()


def _item_in(w, h, status: str) -> Complaint:
    item = send(w)
    path = {
        S.RECEIVED: [],
        S.ACCEPTED: [ComplaintAction.ACCEPT],
        S.MORE_INFO_REQUESTED: [ComplaintAction.REQUEST_INFO],
        S.REFUSED: [ComplaintAction.REFUSE],
        S.ANSWERED: [ComplaintAction.ACCEPT, ComplaintAction.ANSWER],
        S.PUBLISHED: [ComplaintAction.ACCEPT, ComplaintAction.ANSWER, ComplaintAction.PUBLISH],
    }[status]
    for action in path:
        item = _act(action, h, item)
    return item


@pytest.mark.parametrize("status", S.values)
@pytest.mark.parametrize("action", list(COMPLAINT_TRANSITIONS))
def test_every_action_from_every_state(w, h, status, action):
    item = _item_in(w, h, status)
    sources, target = COMPLAINT_TRANSITIONS[action]
    if status in sources:
        assert _act(action, h, item).status == target
        return
    before = _rows()
    with pytest.raises(ConflictError) as caught:
        _act(action, h, item)
    assert caught.value.code == "transition_not_allowed"
    assert _rows() == before
    assert Complaint.objects.get(pk=item.pk).status == status


@pytest.mark.parametrize("who", ["other_agency_handler", "leader_without_role", "nobody"])
def test_only_the_agencys_handler_acts(w, h, who):
    actor = {
        "other_agency_handler": lambda: handler(w.justice, username="pakn.tp"),
        "leader_without_role": lambda: w.leader,
        "nobody": lambda: None,
    }[who]()
    item = send(w)
    before = _rows()
    for action in (ComplaintAction.ACCEPT, ComplaintAction.REFUSE, ComplaintAction.REQUEST_INFO):
        with pytest.raises(PermissionDeniedError):
            _act(action, actor, item)
    assert _rows() == before
    assert list(complaint_list_for_handler(user=actor)[0]) == []


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("content", "x" * 5000, "too_long"),
        ("sender_name", "Nguyễn " * 1000, "too_long"),
        ("title", "", "required"),
        ("content", "a\x00b", "invalid_characters"),
        ("kind", "spam", "kind"),
        ("sender_phone", "12345", "phone_format"),
        ("files", [UploadedFile("virus.pdf", b"MZ\x90\x00 renamed exe")], "file_type_not_allowed"),
        (
            "files",
            [UploadedFile("trang.pdf", b"<html><script>x</script>")],
            "file_type_not_allowed",
        ),
        ("files", [UploadedFile("rong.pdf", b"")], "file_empty"),
        ("files", [UploadedFile(f"{n}.pdf", PDF) for n in range(4)], "too_many_files"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(w, field, value, code):
    before = _rows()
    with pytest.raises(InvalidInputError) as caught:
        send(w, **{field: value})
    assert caught.value.code == code
    assert _rows() == before


def test_a_sender_without_any_contact_is_refused(w):
    with pytest.raises(InvalidInputError) as caught:
        send(w, sender_phone="", sender_email="")
    assert caught.value.code == "contact_required"


def test_an_oversized_file_is_refused(w, settings):
    settings.UPLOAD_MAX_BYTES = 100
    with pytest.raises(InvalidInputError) as caught:
        send(w, files=[UploadedFile("to.pdf", PDF + b"0" * 100)])
    assert caught.value.code == "file_too_large"
    assert Complaint.objects.count() == 0


def test_sends_from_one_address_are_limited_per_hour(w, settings):
    settings.PAKN_SENDS_PER_HOUR = 2
    send(w)
    send(w)
    before = _rows()
    with pytest.raises(RateLimitedError):
        send(w)
    assert _rows() == before
    assert send(w, source=source_key("198.51.100.1")).code == "PAKN-260302-0003"
    assert send(w, at=SENT + dt.timedelta(hours=1, seconds=1)).code == "PAKN-260302-0004"


def test_the_sender_finds_it_by_code_and_phone_or_email_only(w):
    item = send(w, sender_email="Cuong@Example.vn")
    assert complaint_find_for_sender(code=item.code, contact="0987.654.321") == item
    assert complaint_find_for_sender(code=item.code.lower(), contact="cuong@example.VN") == item
    for code, contact in [
        (item.code, "0912345678"),
        (item.code, ""),
        ("PAKN-260302-0002", "0987654321"),
        ("' OR 1=1 --", "0987654321"),
    ]:
        with pytest.raises(Exception) as caught:
            complaint_find_for_sender(code=code, contact=contact)
        assert caught.value.code == "complaint_not_found"  # type: ignore[attr-defined]


def test_the_sender_votes_once_on_an_answer(w, h):
    item = _item_in(w, h, S.RECEIVED)
    with pytest.raises(ConflictError):
        svc.complaint_vote(actor=None, complaint=item, vote="like")
    item = _item_in(w, h, S.PUBLISHED)
    with pytest.raises(InvalidInputError):
        svc.complaint_vote(actor=None, complaint=item, vote="love")
    item = svc.complaint_vote(actor=None, complaint=item, vote="like", at=LATER)
    assert (item.vote, item.voted_at) == ("like", LATER)
    before = _rows()
    with pytest.raises(ConflictError) as caught:
        svc.complaint_vote(actor=None, complaint=item, vote="dislike")
    assert caught.value.code == "already_voted"
    assert _rows() == before
    assert Complaint.objects.get(pk=item.pk).vote == "like"


def test_complaining_again_links_a_new_item_once(w, h):
    item = _item_in(w, h, S.ANSWERED)
    follow_up = svc.complaint_follow_up(
        actor=None, complaint=item, content="Câu trả lời chưa giải quyết.", source=SOURCE
    )
    assert follow_up.follows == item
    assert follow_up.status == S.RECEIVED
    assert (follow_up.agency, follow_up.sender_phone) == (w.construction, "0987654321")
    assert follow_up.title.startswith(f"Phản ánh tiếp {item.code}: ")
    assert item.events.filter(action="follow_up").get().note == follow_up.code
    before = _rows()
    with pytest.raises(ConflictError) as caught:
        svc.complaint_follow_up(actor=None, complaint=item, content="Lần nữa", source=SOURCE)
    assert caught.value.code == "already_followed"
    assert _rows() == before
    with pytest.raises(ConflictError):
        svc.complaint_follow_up(
            actor=None, complaint=_item_in(w, h, S.ACCEPTED), content="Sớm", source=SOURCE
        )


def test_the_handler_list_shows_due_times_and_lateness(w, h):
    new = send(w)
    answered = _item_in(w, h, S.ANSWERED)
    send(w, agency=w.justice)  # another agency's: not listed
    _page, rows = complaint_list_for_handler(user=h)
    assert [row.complaint for row in rows] == [new, answered]
    assert rows[0].due == new.accept_due_at == due_of(new)
    assert rows[0].late  # due 4/3/2026, long past
    _page, rows = complaint_list_for_handler(user=h, status=S.ANSWERED)
    assert [row.complaint for row in rows] == [answered]
