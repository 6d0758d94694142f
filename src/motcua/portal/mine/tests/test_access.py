"""Who may open which address of /ho-so-cua-toi/: anonymous → the sign-in page and back;
another citizen → 404 on every address of the dossier, files and result included (the
same page as a code that does not exist); an officer → 403 (officers work in the
office)."""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.dossiers.models import DossierFile
from motcua.dossiers.services import UploadedFile
from motcua.workflow import services
from motcua.workflow.services import ReturnRecord
from motcua.workflow.tests.states import AFTER, dossier_in
from motcua.workflow.tests.world import PDF

pytestmark = pytest.mark.django_db

FORGED = "000.00.12.H62-260302-9999"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def addresses(dossier) -> list[str]:
    base = f"/ho-so-cua-toi/{dossier.code}/"
    file = DossierFile.objects.filter(component__dossier=dossier).first()
    found = [base, base + "bo-sung/", base + "rut-ho-so/", base + "danh-gia/", base + "ket-qua/"]
    found.append(base + "mau/1/")
    if file is not None:
        found.append(f"{base}tep/{file.pk}/")
    return found


@pytest.fixture
def returned_online(w):
    # Submitted online with a scan, so it has a file; returned with an electronic result.
    dossier = dossier_in(w, "decided", result_ready=True, channel="online")
    return services.dossier_return_result(
        dossier=dossier,
        actor=w.counter,
        record=ReturnRecord(way="online", result_file=UploadedFile("giay-phep.pdf", PDF)),
        at=AFTER,
    )


def test_the_owner_opens_every_address(w, returned_online):
    client = signed_in(w.an.user)
    for url in addresses(returned_online):
        # Nothing awaits a supplement: the page says so (409), it is not hidden.
        expected = 409 if url.endswith("/bo-sung/") else 200
        assert client.get(url).status_code == expected, url
    assert len(addresses(returned_online)) == 7


def test_anonymous_is_sent_to_sign_in_and_back(client, w, returned_online):
    for url in ["/ho-so-cua-toi/", *addresses(returned_online)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"/dang-nhap/?next={url}"


def test_another_citizen_finds_nothing_at_any_address(w, returned_online):
    client = signed_in(w.binh.user)
    for url in addresses(returned_online):
        response = client.get(url)
        assert response.status_code == 404, url
        assert returned_online.code not in response.content.decode()
    # And the POSTs write nothing.
    base = f"/ho-so-cua-toi/{returned_online.code}/"
    assert client.post(base + "danh-gia/", {"level": "satisfied"}).status_code == 404
    assert client.post(base + "rut-ho-so/", {"reason": "x", "confirm": "on"}).status_code == 404
    assert returned_online.ratings.count() == 0


def test_another_citizens_list_does_not_show_the_dossier(w, returned_online):
    html = signed_in(w.binh.user).get("/ho-so-cua-toi/").content.decode()
    assert returned_online.code not in html
    assert "Bạn chưa có hồ sơ nào." in html


def test_a_forged_code_is_not_found(w):
    client = signed_in(w.an.user)
    for suffix in ["", "bo-sung/", "rut-ho-so/", "danh-gia/", "ket-qua/", "mau/2/", "tep/1/"]:
        assert client.get(f"/ho-so-cua-toi/{FORGED}/{suffix}").status_code == 404
    assert client.get(f"/ho-so-cua-toi/{'9' * 500}/").status_code == 404


def test_a_file_of_another_dossier_is_not_found_through_ones_own(w, returned_online):
    mine = dossier_in(w, "received")
    other_file = DossierFile.objects.get(component__dossier=returned_online)
    url = f"/ho-so-cua-toi/{mine.code}/tep/{other_file.pk}/"
    assert signed_in(w.an.user).get(url).status_code == 404
    assert signed_in(w.an.user).get(f"/ho-so-cua-toi/{mine.code}/tep/{2**64}/").status_code == 404


@pytest.mark.parametrize("who", ["counter", "specialist", "leader"])
def test_an_officer_is_refused_even_for_a_dossier_of_their_agency(w, returned_online, who):
    client = signed_in(getattr(w, who))
    for url in ["/ho-so-cua-toi/", *addresses(returned_online)]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "dành cho người dân và doanh nghiệp" in response.content.decode()
    assert (
        client.post(
            f"/ho-so-cua-toi/{returned_online.code}/danh-gia/", {"level": "satisfied"}
        ).status_code
        == 403
    )
    assert returned_online.ratings.count() == 0


def test_the_result_and_files_are_attachments_never_sniffed(w, returned_online):
    client = signed_in(w.an.user)
    result = client.get(f"/ho-so-cua-toi/{returned_online.code}/ket-qua/")
    assert result["Content-Disposition"] == 'attachment; filename="giay-phep.pdf"'
    assert result["Content-Type"] == "application/pdf"
    assert result["X-Content-Type-Options"] == "nosniff"
    assert result["Cache-Control"] == "private, no-store"
    assert b"".join(result.streaming_content) == PDF
    file = DossierFile.objects.get(component__dossier=returned_online)
    scan = client.get(f"/ho-so-cua-toi/{returned_online.code}/tep/{file.pk}/")
    assert scan["Content-Disposition"] == 'attachment; filename="scan.pdf"'
    assert scan["X-Content-Type-Options"] == "nosniff"
    receipt = client.get(f"/ho-so-cua-toi/{returned_online.code}/mau/1/")
    assert receipt["Content-Type"] == "application/pdf"
    assert receipt["Content-Disposition"].startswith('attachment; filename="mau-01-')
    assert receipt.content.startswith(b"%PDF-")


def test_no_result_to_download_when_it_was_returned_at_the_counter(w):
    dossier = dossier_in(w, "returned")
    client = signed_in(w.an.user)
    assert client.get(f"/ho-so-cua-toi/{dossier.code}/ket-qua/").status_code == 404
    assert "Tải kết quả" not in client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()


def test_the_process_control_sheet_and_unknown_forms_are_not_offered(w):
    dossier = dossier_in(w, "received")
    client = signed_in(w.an.user)
    assert client.get(f"/ho-so-cua-toi/{dossier.code}/mau/6/").status_code == 404
    assert client.get(f"/ho-so-cua-toi/{dossier.code}/mau/2/").status_code == 404  # not yet
    html = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()
    assert "Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF)" in html
    assert "Mẫu 06" not in html
