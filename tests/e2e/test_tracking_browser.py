"""A citizen types the code from their receipt into the tracking page and reads where
their dossier stands."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from motcua.workflow import services
from motcua.workflow.tests.world import local, paper, world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_tracks_a_dossier_by_its_code(page):
    w = world()
    dossier = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.permit_version,
        one_stop_unit=w.centre,
        applicant=w.an,
        components=[paper(w.permit_form)],
        at=local(2026, 3, 2, 9, 0),
    )
    page.goto("/")
    page.goto("/tra-cuu/")
    page.get_by_label("Mã hồ sơ").fill(dossier.code)
    page.get_by_role("button", name="Tra cứu").click()

    expect(page.get_by_role("heading", name=f"Hồ sơ {dossier.code}")).to_be_visible()
    expect(page.get_by_text("Được tiếp nhận")).to_be_visible()
    expect(page.get_by_text("09:00 ngày 09/03/2026")).to_be_visible()
    expect(page.get_by_text("Nguyễn V** A*")).to_be_visible()

    page.get_by_label("Mã hồ sơ").fill("000.00.12.H62-260302-9999")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_role("status")).to_contain_text("Không tìm thấy hồ sơ")
