"""/office/tra-ket-qua/: results at the counter officer's unit waiting to be handed
over, oldest first."""

from __future__ import annotations

import pytest

from motcua.dossiers.constants import DossierStatus
from motcua.office.tests import closing_helpers
from motcua.office.tests.closing_helpers import client_for
from motcua.workflow import services
from motcua.workflow.tests.states import dossier_in, snapshot
from motcua.workflow.tests.world import local

w = closing_helpers.w  # the test world fixture

URL = "/office/tra-ket-qua/"


def test_the_counter_officer_sees_the_results_waiting(w):
    newer = services.dossier_mark_result_ready(
        dossier=dossier_in(w, DossierStatus.DECIDED), actor=w.specialist, at=local(2026, 3, 4, 9)
    )
    older = services.dossier_mark_result_ready(
        dossier=dossier_in(w, DossierStatus.DECIDED), actor=w.specialist, at=local(2026, 3, 3, 9)
    )
    pending = dossier_in(w, DossierStatus.DECIDED)
    response = client_for(w.counter).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kết quả chờ trả <small>(2)</small>" in page
    assert page.index(older.code) < page.index(newer.code)
    assert f'href="/office/ho-so/{older.code}/"' in page
    assert "09:00 03/03/2026" in page and "Nhận trực tiếp tại bộ phận một cửa" in page
    assert pending.code not in page
    assert 'aria-current="page">Trả kết quả' in page


def test_nothing_waiting(w):
    assert "Không có kết quả nào chờ trả." in client_for(w.counter).get(URL).content.decode()


@pytest.mark.parametrize("who", ["leader", "specialist", "no_role", "citizen"])
def test_others_are_refused(w, who):
    user = w.an.user if who == "citizen" else getattr(w, who)
    before = snapshot()
    assert client_for(user).get(URL).status_code == 403
    assert snapshot() == before


def test_anonymous_goes_to_the_sign_in(w):
    assert client_for(None).get(URL).status_code == 302
