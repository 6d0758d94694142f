"""/office/lanh-dao/: the leader's desk lists the dossiers waiting for their decision
and every late or at-risk dossier of their agency; nobody else gets in."""

from __future__ import annotations

import pytest

from motcua.dossiers.constants import DossierStatus
from motcua.office.tests import closing_helpers
from motcua.office.tests.closing_helpers import client_for, clock_at
from motcua.workflow import services
from motcua.workflow.reminders import deadline_sweep
from motcua.workflow.tests.states import dossier_in, snapshot
from motcua.workflow.tests.world import local

w = closing_helpers.w  # the test world fixture

URL = "/office/lanh-dao/"
FRIDAY = local(2026, 3, 6, 9, 0)


def test_the_leader_sees_what_waits_and_what_is_late(w, monkeypatch):
    waiting = services.dossier_hand_off(
        dossier=dossier_in(w, DossierStatus.IN_PROGRESS),
        actor=w.specialist,
        at=local(2026, 3, 3, 9, 0),
    )
    at_risk = dossier_in(w, DossierStatus.IN_PROGRESS)
    late = dossier_in(w, DossierStatus.IN_PROGRESS, start=local(2026, 1, 5, 8, 0))
    deadline_sweep(now=FRIDAY)
    clock_at(monkeypatch, FRIDAY)
    response = client_for(w.leader).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    waiting_part, watch_part = page.split("Trễ hạn và có nguy cơ")
    assert "Chờ phê duyệt <small>(1)</small>" in waiting_part
    assert f'href="/office/ho-so/{waiting.code}/"' in waiting_part
    assert "09:00 04/03/2026" in waiting_part  # Phê duyệt due Wednesday 09:00
    assert "<small>(3)</small>" in watch_part  # the waiting one is at risk too
    assert watch_part.index(late.code) < watch_part.index(at_risk.code)
    assert "<strong>Trễ hạn</strong>" in watch_part and "Có nguy cơ trễ hẹn" in watch_part
    assert 'aria-current="page">Lãnh đạo phê duyệt' in page


def test_an_empty_desk_says_so(w):
    page = client_for(w.leader).get(URL).content.decode()
    assert "Không có hồ sơ nào chờ phê duyệt." in page
    assert "Không có hồ sơ trễ hạn hoặc có nguy cơ trễ hẹn." in page


def test_the_menu_shows_the_desk_to_leaders_only(w):
    assert "Lãnh đạo phê duyệt</a>" in client_for(w.leader).get("/office/").content.decode()
    assert "Lãnh đạo phê duyệt</a>" not in client_for(w.counter).get("/office/").content.decode()


@pytest.mark.parametrize("who", ["counter", "specialist", "unit_head", "no_role", "citizen"])
def test_others_are_refused(w, who):
    dossier_in(w, DossierStatus.IN_PROGRESS)
    user = w.an.user if who == "citizen" else getattr(w, who)
    before = snapshot()
    response = client_for(user).get(URL)
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()
    assert snapshot() == before


def test_another_agencys_leader_sees_none_of_it(w, monkeypatch):
    dossier = dossier_in(w, DossierStatus.IN_PROGRESS, start=local(2026, 1, 5, 8, 0))
    clock_at(monkeypatch, FRIDAY)
    page = client_for(w.justice_leader).get(URL).content.decode()
    assert dossier.code not in page


def test_anonymous_goes_to_the_sign_in(w):
    response = client_for(None).get(URL)
    assert (response.status_code, response["Location"]) == (
        302,
        "/office/dang-nhap/?next=/office/lanh-dao/",
    )


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999", "<script>"])
def test_a_page_number_that_is_not_one_is_the_first_page(w, value):
    response = client_for(w.leader).get(URL, {"tre": value, "duyet": value})
    assert response.status_code == 200
