"""The list of one's own dossiers: only theirs (filtered in SQL by
``dossier_list_for_user``), newest first, by status, ten a page; an organisation's
account sees its own the same way."""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.accounts.services import organisation_register
from motcua.accounts.tests.factories import tax_code_with_check_digit, verified
from motcua.workflow import services
from motcua.workflow.tests.states import dossier_in
from motcua.workflow.tests.world import PASSWORD, local, paper

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def submit(w, user, n: int):
    dossier, _created = services.dossier_submit_online(
        actor=user,
        version=w.permit_version,
        components=[paper(w.permit_form, with_file=True)],
        at=local(2026, 3, 2, 8, n),
    )
    return dossier


def test_eleven_dossiers_make_two_pages_newest_first(w):
    codes = [submit(w, w.an.user, n).code for n in range(11)]
    submit(w, w.binh.user, 30)
    client = signed_in(w.an.user)
    first = client.get("/ho-so-cua-toi/").content.decode()
    assert "11 hồ sơ" in first
    assert "Trang 1/2" in first
    assert first.index(codes[10]) < first.index(codes[1])
    assert codes[0] not in first
    second = client.get("/ho-so-cua-toi/?trang=2").content.decode()
    assert codes[0] in second
    assert codes[1] not in second
    # A page past the end shows the last one; nonsense shows the first.
    assert codes[0] in client.get("/ho-so-cua-toi/?trang=99").content.decode()
    assert codes[10] in client.get("/ho-so-cua-toi/?trang=abc").content.decode()


def test_filtered_by_status(w):
    received = dossier_in(w, "received")
    submitted = submit(w, w.an.user, 40)
    client = signed_in(w.an.user)
    html = client.get("/ho-so-cua-toi/?trang_thai=received").content.decode()
    assert received.code in html
    assert submitted.code not in html
    assert "1 hồ sơ" in html
    empty = client.get("/ho-so-cua-toi/?trang_thai=returned").content.decode()
    assert "Không có hồ sơ nào ở trạng thái này." in empty
    # An unknown status is ignored: the whole list, not an error.
    forged = client.get("/ho-so-cua-toi/?trang_thai=<script>")
    assert forged.status_code == 200
    assert "2 hồ sơ" in forged.content.decode()
    assert "<script>" not in forged.content.decode()


def test_an_organisation_sees_its_own(w):
    company = verified(
        organisation_register(
            tax_code=tax_code_with_check_digit(7),
            name="Công ty TNHH Xây dựng Phú An",
            password=PASSWORD,
        )
    )
    own = submit(w, company.user, 50)
    an_own = submit(w, w.an.user, 51)
    client = signed_in(company.user)
    html = client.get("/ho-so-cua-toi/").content.decode()
    assert own.code in html
    assert an_own.code not in html
    assert client.get(f"/ho-so-cua-toi/{own.code}/").status_code == 200
    assert client.get(f"/ho-so-cua-toi/{an_own.code}/").status_code == 404


def test_the_header_links_here_for_applicants_only(w):
    assert 'href="/ho-so-cua-toi/"' in signed_in(w.an.user).get("/").content.decode()
    assert 'href="/ho-so-cua-toi/"' not in signed_in(w.counter).get("/").content.decode()
    assert 'href="/ho-so-cua-toi/"' not in Client().get("/").content.decode()
