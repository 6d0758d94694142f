"""/office/tiep-nhan/tai-cho/<code>/: "5 tại chỗ" (DOMAIN.md §2.9). After receipt of an
on-the-spot procedure the counter officer decides and returns the result at once
(``dossier_resolve_on_the_spot``); anyone else, any other procedure or status, and a
page out of date are refused and nothing is written."""

from __future__ import annotations

import pytest

from motcua.dossiers.models import Dossier
from motcua.office.tests.counter_helpers import counter_post, signed_in
from motcua.workflow import services
from motcua.workflow.tests.states import dossier_in, snapshot
from motcua.workflow.tests.world import paper
from motcua.workflow.tests.world import world as build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build_world()


def copy_received(w) -> Dossier:
    return services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.copy_version,
        one_stop_unit=w.centre,
        applicant=w.cuong,
        components=[paper(w.copy_form)],
    )


def url(dossier):
    return f"/office/tiep-nhan/tai-cho/{dossier.code}/"


def test_the_receipt_offers_it_and_the_officer_decides_and_returns(w):
    client = signed_in(w.counter)
    response = client.post("/office/tiep-nhan/", counter_post(w, w.copy_version))
    dossier = Dossier.objects.get()
    html = client.get(response["Location"]).content.decode()
    assert f'<a href="{url(dossier)}">Giải quyết và trả kết quả ngay tại quầy</a>' in html
    page = client.get(url(dossier)).content.decode()
    assert "Giải quyết và trả kết quả tại quầy" in page and "Cấp bản sao từ sổ gốc" in page
    seen = Dossier.objects.get().updated_at.isoformat()
    response = client.post(url(dossier), {"quyet_dinh": "approved", "seen": seen})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.status, dossier.decision, dossier.returned_at is not None) == (
        "returned",
        "approved",
        True,
    )
    html = client.get(response["Location"]).content.decode()
    assert f"Đã giải quyết và trả kết quả hồ sơ {dossier.code} tại quầy." in html


def test_a_refusal_needs_its_reason(w):
    dossier = copy_received(w)
    before = snapshot(dossier)
    response = signed_in(w.counter).post(
        url(dossier), {"quyet_dinh": "refused", "seen": dossier.updated_at.isoformat()}
    )
    assert response.status_code == 400
    assert "Cần nêu lý do từ chối giải quyết." in response.content.decode()
    assert snapshot(dossier) == before


def test_a_stale_page_submitted_twice_acts_once(w):
    dossier = copy_received(w)
    body = {"quyet_dinh": "approved", "seen": dossier.updated_at.isoformat()}
    client = signed_in(w.counter)
    assert client.post(url(dossier), body).status_code == 302
    dossier.refresh_from_db()
    before = snapshot(dossier)
    response = client.post(url(dossier), body)
    assert response.status_code == 409
    assert snapshot(dossier) == before


def test_a_procedure_not_on_the_spot_is_refused(w):
    dossier = dossier_in(w, "received")
    before = snapshot(dossier)
    response = signed_in(w.counter).post(
        url(dossier), {"quyet_dinh": "approved", "seen": dossier.updated_at.isoformat()}
    )
    assert response.status_code == 409
    assert "Thủ tục này không giải quyết tại chỗ." in response.content.decode()
    assert snapshot(dossier) == before


@pytest.mark.parametrize(
    ("who", "status"), [("justice_leader", 403), ("binh", 403), ("leader", 404)]
)
def test_others_are_refused(w, who, status):
    # Sở Tư pháp's leader sees the dossier it decides but is no counter officer; a
    # citizen has no office role; Sở Xây dựng's leader does not see it.
    user = {"justice_leader": w.justice_leader, "binh": w.binh.user, "leader": w.leader}[who]
    dossier = copy_received(w)
    before = snapshot(dossier)
    response = signed_in(user).post(
        url(dossier), {"quyet_dinh": "approved", "seen": dossier.updated_at.isoformat()}
    )
    assert response.status_code == status
    assert snapshot(dossier) == before
    assert signed_in(None).post(url(dossier), {}).status_code == 302


def test_the_dossier_page_keeps_offering_it_to_the_counter_only(w):
    dossier = copy_received(w)
    link = f'href="{url(dossier)}">Giải quyết và trả kết quả tại chỗ (5 tại chỗ)</a>'
    assert link in signed_in(w.counter).get(f"/office/ho-so/{dossier.code}/").content.decode()
    justice = signed_in(w.justice_specialist).get(f"/office/ho-so/{dossier.code}/")
    assert justice.status_code == 200
    assert link not in justice.content.decode()
    services.dossier_start_processing(dossier=dossier, actor=w.counter)
    html = signed_in(w.counter).get(f"/office/ho-so/{dossier.code}/").content.decode()
    assert link not in html


def test_a_procedure_not_on_the_spot_has_no_such_link(w):
    dossier = dossier_in(w, "received")
    html = signed_in(w.counter).get(f"/office/ho-so/{dossier.code}/").content.decode()
    assert "5 tại chỗ" not in html
