"""/office/truc-tuyen/: the online dossiers waiting for the officer's one-stop unit,
oldest first, with the working time left of the 8-hour check (DOMAIN.md §2.2); late
ones marked. The clock stands at Tuesday 3 March 2026, 09:00."""

from __future__ import annotations

import pytest
from django.utils import timezone

from motcua.accounts.constants import RoleCode
from motcua.agencies.constants import OneStopUnitKind
from motcua.agencies.services import one_stop_unit_create
from motcua.office.tests.counter_helpers import signed_in
from motcua.workflow import services
from motcua.workflow.tests.world import _staff, local, paper
from motcua.workflow.tests.world import world as build_world

pytestmark = pytest.mark.django_db

NOW = local(2026, 3, 3, 9, 0)
URL = "/office/truc-tuyen/"


@pytest.fixture
def w(settings, monkeypatch):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return build_world()


def submit(w, at, who):
    dossier, _created = services.dossier_submit_online(
        actor=who.user,
        version=w.permit_version,
        components=[paper(w.permit_form, with_file=True)],
        at=at,
    )
    return dossier


def test_the_queue_oldest_first_with_time_left_and_late_ones_marked(w):
    late = submit(w, local(2026, 3, 2, 8, 0), w.an)
    fresh = submit(w, local(2026, 3, 3, 8, 30), w.binh)
    html = signed_in(w.counter).get(URL).content.decode()
    assert "2 hồ sơ đang chờ" in html
    assert html.index(late.code) < html.index(fresh.code)
    assert '<td class="state-late">Quá hạn 1 giờ</td>' in html
    assert '<td class="state-early">Còn 7 giờ 30 phút</td>' in html
    assert "08:00 03/03/2026" in html  # the late one's check limit
    assert f'href="/office/ho-so/{late.code}/"' in html
    assert "Nguyễn Văn An" in html and "Trần Thị Bình" in html
    assert 'href="/office/truc-tuyen/" aria-current="page">Hồ sơ trực tuyến</a>' in html


def test_an_empty_queue_says_so(w):
    html = signed_in(w.counter).get(URL).content.decode()
    assert "Không có hồ sơ trực tuyến nào đang chờ kiểm tra." in html


def test_anonymous_is_sent_to_sign_in(w):
    response = signed_in(None).get(URL)
    assert (response.status_code, response["Location"]) == (
        302,
        "/office/dang-nhap/?next=/office/truc-tuyen/",
    )


@pytest.mark.parametrize("who", ["citizen", "specialist", "leader"])
def test_people_who_are_not_counter_officers_are_refused(w, who):
    user = {"citizen": w.an.user, "specialist": w.specialist, "leader": w.leader}[who]
    assert signed_in(user).get(URL).status_code == 403


def test_a_counter_officer_of_another_unit_sees_only_their_own(w):
    submit(w, local(2026, 3, 2, 8, 0), w.an)
    commune = one_stop_unit_create(
        actor=None,
        code="TTPVHCC-X1",
        name="Trung tâm Phục vụ hành chính công xã Long Hồ",
        kind=OneStopUnitKind.COMMUNE_CENTRE,
        agency=w.justice,
    )
    other = _staff(
        "tiepnhan.xa",
        "Võ Văn Ba",
        [(RoleCode.COUNTER_OFFICER, w.justice, {"one_stop_unit": commune})],
    )
    client = signed_in(other)
    assert "Không có hồ sơ trực tuyến nào đang chờ kiểm tra." in client.get(URL).content.decode()
    response = client.get(URL, {"don_vi": "TTPVHCC-VL"})
    assert response.status_code == 403
    assert "Bạn không phải cán bộ một cửa của bộ phận này." in response.content.decode()
