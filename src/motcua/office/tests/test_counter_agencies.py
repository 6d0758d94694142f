"""A procedure several agencies decide (a commune's procedure, decided in every
commune): the counter officer names the deciding agency among the procedure's, and
nothing is written without one of them."""

from __future__ import annotations

import pytest

from motcua.dossiers.models import Dossier
from motcua.office.tests.counter_helpers import counter_post, signed_in, three_paper_permit
from motcua.workflow.tests.states import snapshot
from motcua.workflow.tests.world import world as build_world

pytestmark = pytest.mark.django_db

URL = "/office/tiep-nhan/"


# Not on a frozen clock: the intake cache of published versions is keyed on when they
# last changed, and versions made at one frozen instant in successive tests would
# share that key.
@pytest.fixture
def w(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build_world()


@pytest.fixture
def counter(w):
    return signed_in(w.counter)


def test_the_officer_names_the_deciding_agency_when_there_are_several(counter, w):
    version = three_paper_permit(w, w.culture)
    html = counter.get(
        "/office/tiep-nhan/giay-to/", {"thu_tuc": version.procedure.code, "don_vi": w.centre.code}
    ).content.decode()
    assert '<label for="id_co_quan">Cơ quan giải quyết</label>' in html
    assert f'<option value="{w.construction.code}">{w.construction.name}</option>' in html
    assert f'<option value="{w.culture.code}">{w.culture.name}</option>' in html
    response = counter.post(URL, counter_post(w, version, co_quan=w.culture.code))
    assert response.status_code == 302
    assert Dossier.objects.get().deciding_agency == w.culture


@pytest.mark.parametrize("named", ["", "000.00.99.H62"])
def test_without_a_deciding_agency_of_the_procedure_nothing_is_written(counter, w, named):
    version = three_paper_permit(w, w.culture)
    before = snapshot()
    response = counter.post(URL, counter_post(w, version, co_quan=named))
    assert response.status_code == 422
    html = response.content.decode()
    assert "Thủ tục do nhiều cơ quan giải quyết; hãy chọn cơ quan giải quyết." in html
    assert '<select id="id_co_quan" name="co_quan">' in html
    assert snapshot() == before


def test_a_single_deciding_agency_needs_no_choice(counter, w):
    html = counter.get(
        "/office/tiep-nhan/giay-to/", {"thu_tuc": "2.000908", "don_vi": w.centre.code}
    ).content.decode()
    assert "id_co_quan" not in html
