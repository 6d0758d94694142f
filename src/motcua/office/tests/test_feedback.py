"""The feedback handler's pages (issue 5 §7): only a handler of the item's agency sees
it and acts on it; each button of the state; forbidden and bad input write nothing."""

from __future__ import annotations

import pytest

from motcua.core.models import AuditEntry
from motcua.dossiers.services import UploadedFile
from motcua.feedback import complaints as svc
from motcua.feedback.models import Complaint, ComplaintEvent
from motcua.feedback.tests.complaint_helpers import handler, send
from motcua.notifications.models import Message
from motcua.workflow.tests.world import PDF, world

LIST = "/office/feedback/"


@pytest.fixture
def w(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return world()


@pytest.fixture
def h(w):
    return handler(w.construction)


def _as(client, user):
    client.force_login(user)
    return client


def _rows():
    return (
        list(Complaint.objects.values_list("status", "answer", "refusal_reason")),
        ComplaintEvent.objects.count(),
        AuditEntry.objects.count(),
    )


def test_the_handler_lists_items_of_their_agency_with_due_times(client, w, h):
    mine = send(w)
    send(w, agency=w.justice, title="Của Sở Tư pháp")
    html = _as(client, h).get(LIST).content.decode()
    assert mine.code in html
    assert "Của Sở Tư pháp" not in html
    assert "09:00 04/03/2026 – quá hạn" in html  # accept or refuse by Wed 4/3 09:00
    assert 'class="state-late"' in html
    assert ">Phản ánh, kiến nghị</a>" in html  # the menu entry
    html = client.get(LIST, {"trang_thai": "answered"}).content.decode()
    assert "Không có phản ánh, kiến nghị nào." in html


def test_the_handler_answers_and_publishes_through_the_buttons(client, w, h):
    item = send(w, files=[UploadedFile("don.pdf", PDF)])
    _as(client, h)
    page = f"{LIST}{item.code}/"
    html = client.get(page).content.decode()
    assert "Tiếp nhận" in html and "Từ chối tiếp nhận" in html and "Trả lời</button>" not in html
    download = client.get(f"{page}tep/{item.files.get().pk}/")
    assert download["Content-Disposition"].startswith("attachment")
    assert client.post(f"{page}thao-tac/accept/").status_code == 302
    response = client.post(f"{page}thao-tac/answer/", {"tra_loi": "Đã xử lý <b>xong</b>."})
    assert response.status_code == 302
    html = client.get(page).content.decode()
    assert "Đã trả lời; người gửi được báo" in html
    assert "Đã xử lý &lt;b&gt;xong&lt;/b&gt;." in html
    client.post(f"{page}thao-tac/publish/")
    item.refresh_from_db()
    assert (item.status, item.answered_by) == ("published", h)


def test_a_forbidden_transition_shows_a_message_and_writes_nothing(client, w, h):
    item = send(w)
    _as(client, h)
    before = _rows()
    response = client.post(f"{LIST}{item.code}/thao-tac/publish/")
    assert response.status_code == 409
    assert "Không thể “công khai câu trả lời”" in response.content.decode()
    response = client.post(f"{LIST}{item.code}/thao-tac/refuse/", {"ly_do": "  "})
    assert response.status_code == 422
    assert "Chưa nhập lý do từ chối" in response.content.decode()
    response = client.post(f"{LIST}{item.code}/thao-tac/answer/", {"tra_loi": "x" * 9000})
    assert response.status_code == 422
    assert "Nội dung trả lời dài quá 8.000 ký tự" in response.content.decode()
    assert client.post(f"{LIST}{item.code}/thao-tac/delete/").status_code == 404
    assert _rows() == before


@pytest.mark.parametrize("who", ["anonymous", "citizen", "officer_without_role", "other_agency"])
def test_nobody_else_sees_or_acts(client, w, h, who):
    item = send(w, files=[UploadedFile("don.pdf", PDF)])
    file_id = item.files.get().pk
    if who == "citizen":
        _as(client, w.an.user)
    elif who == "officer_without_role":
        _as(client, w.leader)
    elif who == "other_agency":
        _as(client, handler(w.justice, username="pakn.tp"))
    before = _rows()
    responses = [
        client.get(LIST),
        client.get(f"{LIST}{item.code}/"),
        client.post(f"{LIST}{item.code}/thao-tac/accept/"),
        client.get(f"{LIST}{item.code}/tep/{file_id}/"),
    ]
    expected = {
        "anonymous": [302, 302, 302, 302],
        "citizen": [403, 403, 403, 403],
        "officer_without_role": [403, 403, 403, 403],
        "other_agency": [200, 404, 404, 404],
    }[who]
    assert [r.status_code for r in responses] == expected
    if who == "other_agency":
        assert item.code not in responses[0].content.decode()
    assert _rows() == before


def test_the_menu_shows_the_page_only_to_handlers(client, w, h):
    assert "/office/feedback/" not in _as(client, w.leader).get("/office/").content.decode()
    assert "/office/feedback/" in _as(client, h).get("/office/").content.decode()


def test_an_answer_from_the_page_tells_the_sender(client, w, h):
    item = svc.complaint_accept(actor=h, complaint=send(w, sender_email="cuong@example.vn"))
    _as(client, h).post(f"{LIST}{item.code}/thao-tac/answer/", {"tra_loi": "Đã xử lý."})
    assert sorted(Message.objects.values_list("channel", "recipient")) == [
        ("email", "cuong@example.vn"),
        ("sms", "0987654321"),
    ]
