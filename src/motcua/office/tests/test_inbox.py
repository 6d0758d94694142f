"""/office/xu-ly/: what a specialist, a unit head and a leader see in the processing
inbox, its filters, paging and count cap, the queries it costs, and who is kept out.
The page's clock is set to Thursday 5 March 2026, 10:00 (Vietnamese time); the due
times are worked out by hand in workflow/tests/test_inbox.py."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from motcua.office.views import inbox as inbox_view
from motcua.workflow import services
from motcua.workflow.tests.states import dossier_in
from motcua.workflow.tests.world import local

pytestmark = pytest.mark.django_db

NOW = local(2026, 3, 5, 10, 0)
ROW = re.compile(r'<tr class="state-(\w+)">\s*<td><a class="code" href="/office/ho-so/([^/]+)/">')


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(inbox_view, "timezone", SimpleNamespace(now=lambda: NOW))


@pytest.fixture
def desk(w):
    late = dossier_in(w, "in_progress", start=local(2026, 2, 27, 8, 0))  # due Wed 04/03 13:40
    today = dossier_in(w, "in_progress", start=local(2026, 3, 2, 8, 0))  # due Thu 05/03 13:40
    early = dossier_in(w, "in_progress", start=local(2026, 3, 3, 8, 0))  # due Fri 06/03 13:40
    other = dossier_in(w, "in_progress", start=local(2026, 3, 3, 9, 0))  # due Fri 06/03 14:40
    services.dossier_assign(
        dossier=other, actor=w.unit_head, assignee=w.specialist2, at=local(2026, 3, 3, 9, 30)
    )
    return SimpleNamespace(late=late, today=today, early=early, other=other)


def _rows(response):
    return [(code, state) for state, code in ROW.findall(response.content.decode())]


def test_my_tasks_in_due_order_coloured(client, w, desk):
    client.force_login(w.specialist)
    response = client.get("/office/xu-ly/")
    assert response.status_code == 200
    assert _rows(response) == [
        (desk.late.code, "late"),
        (desk.today.code, "due"),
        (desk.early.code, "early"),
    ]
    html = response.content.decode()
    assert "3 hồ sơ" in html
    for label in ("Quá hạn", "Đến hạn hôm nay", "Trước hạn"):
        assert f">{label}</td>" in html
    assert "13:40 04/03/2026" in html  # the late step's due time
    assert "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ" in html
    assert "Nguyễn Văn An" in html
    assert "Thẩm định" in html
    assert '<a href="/office/xu-ly/" aria-current="page">Hồ sơ cần xử lý</a>' in html


def test_the_unit_tab_names_who_holds_each_step(client, w, desk):
    client.force_login(w.specialist)
    response = client.get("/office/xu-ly/?tab=cua-don-vi")
    assert [code for code, _state in _rows(response)] == [
        desk.late.code,
        desk.today.code,
        desk.early.code,
        desk.other.code,
    ]
    html = response.content.decode()
    assert "Đỗ Thị Hoa" in html and "Người xử lý" in html


def test_a_leader_sees_the_agency(client, w, desk):
    client.force_login(w.leader)
    assert len(_rows(client.get("/office/xu-ly/?tab=cua-don-vi"))) == 4
    response = client.get("/office/xu-ly/")
    assert _rows(response) == []
    assert "Không có hồ sơ nào đang chờ bạn xử lý." in response.content.decode()


def test_filters(client, w, desk):
    client.force_login(w.specialist)
    assert _rows(client.get("/office/xu-ly/?overdue=on")) == [(desk.late.code, "late")]
    assert len(_rows(client.get("/office/xu-ly/?status=in_progress&procedure=1.009794"))) == 3
    assert _rows(client.get("/office/xu-ly/?status=received")) == []


@pytest.mark.parametrize(
    "query",
    [
        "status=nonsense",
        "procedure=9.999999",
        "page=0",
        "page=99999999999999999999",
        "status=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    ],
)
def test_a_malformed_filter_is_said_and_ignored(client, w, desk, query):
    client.force_login(w.specialist)
    response = client.get(f"/office/xu-ly/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bộ lọc không hợp lệ; danh sách dưới đây chưa được lọc." in html
    assert "<script>alert" not in html
    assert len(_rows(response)) == 3


def test_pages_of_twenty(client, w, monkeypatch):
    monkeypatch.setattr(inbox_view, "PAGE_SIZE", 2)
    for day in (2, 3, 4):
        dossier_in(w, "in_progress", start=local(2026, 3, day, 8, 0))
    client.force_login(w.specialist)
    first = client.get("/office/xu-ly/?overdue=")
    assert len(_rows(first)) == 2
    html = first.content.decode()
    assert "3 hồ sơ – trang 1/2" in html
    assert 'href="?tab=cua-toi&amp;page=2" rel="next"' in html
    second = client.get("/office/xu-ly/?tab=cua-toi&page=2")
    assert len(_rows(second)) == 1
    assert 'rel="prev"' in second.content.decode()


def test_the_count_is_capped_as_the_api_caps_it(client, w, desk, monkeypatch):
    monkeypatch.setattr(inbox_view, "COUNT_CAP", 2)
    client.force_login(w.specialist)
    assert "Hơn 2 hồ sơ" in client.get("/office/xu-ly/").content.decode()


def test_queries_do_not_grow_with_the_rows(client, w, desk, django_assert_max_num_queries):
    client.force_login(w.specialist)
    client.get("/office/xu-ly/")  # the session, warmed
    # Session, user, posts, procedures, count, page ids, page rows; the agency, its
    # ancestors' one-stop unit and the calendar's overrides (5, for "today"); the unread
    # notices; the session saved (3): whatever the number of rows.
    with django_assert_max_num_queries(16):
        response = client.get("/office/xu-ly/?tab=cua-don-vi")
    assert len(_rows(response)) == 4
    for start in (local(2026, 3, 2, 9, 0), local(2026, 3, 2, 10, 0)):
        dossier_in(w, "in_progress", start=start)
    with django_assert_max_num_queries(16):
        response = client.get("/office/xu-ly/?tab=cua-don-vi")
    assert len(_rows(response)) == 6


def test_anonymous_is_sent_to_sign_in(client, w):
    response = client.get("/office/xu-ly/")
    assert response.status_code == 302
    assert response["Location"] == "/office/dang-nhap/?next=/office/xu-ly/"


def test_a_citizen_is_refused(client, w):
    client.force_login(w.an.user)
    response = client.get("/office/xu-ly/")
    assert response.status_code == 403
    assert "không có vai trò cán bộ" in response.content.decode()


@pytest.mark.parametrize("username", ["tiepnhan", "khongvaitro"])
def test_an_officer_without_a_processing_role_is_refused(client, w, username):
    client.force_login(getattr(w, {"tiepnhan": "counter", "khongvaitro": "no_role"}[username]))
    response = client.get("/office/xu-ly/")
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


def test_the_menu_shows_the_inbox_to_processing_roles_only(client, w):
    client.force_login(w.unit_head)
    assert "Hồ sơ cần xử lý" in client.get("/office/").content.decode()
    client.force_login(w.counter)
    assert "Hồ sơ cần xử lý" not in client.get("/office/").content.decode()
