"""Tracking by code as the QR on Mẫu 01 opens it, and the lookup kiosk at the centre
(issue 5 §5): status, times, the masked name, the apology's new date; nothing
personal; the kiosk has no way out and clears itself."""

from __future__ import annotations

import re

import pytest

from motcua.dossiers.constants import DossierStatus as S
from motcua.workflow import services
from motcua.workflow.messages import tracking_url
from motcua.workflow.tests.states import AFTER, dossier_in
from motcua.workflow.tests.world import local, world


@pytest.fixture
def w(db):
    return world()


def test_the_qr_address_of_the_receipt_opens_the_dossier(client, w, settings):
    dossier = dossier_in(w, S.RECEIVED)
    path = tracking_url(dossier.code).removeprefix(settings.PUBLIC_BASE_URL)
    assert path == f"/tra-cuu/?ma={dossier.code}"

    html = client.get(path).content.decode()
    assert f"Hồ sơ {dossier.code}" in html
    assert "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ" in html
    assert "Nguyễn V** A*" in html
    assert "Nguyễn Văn An" not in html


def test_a_code_typed_as_a_path_goes_to_the_tracking_page(client, w):
    response = client.get("/tra-cuu/000.00.12.H62-260302-0001/")
    assert response.status_code == 302
    assert response["Location"] == "/tra-cuu/?ma=000.00.12.H62-260302-0001"


def test_a_rescheduled_dossier_shows_the_apology_and_the_new_date(client, w):
    dossier = dossier_in(w, S.IN_PROGRESS)
    services.dossier_reschedule(
        dossier=dossier,
        actor=w.leader,
        responsible_agency=w.construction,
        reason="Chờ ý kiến của cơ quan quản lý đê điều",
        new_appointment_at=local(2026, 3, 12, 8, 0),
        at=AFTER,
    )
    html = client.get("/tra-cuu/", {"ma": dossier.code}).content.decode()
    assert (
        "đã gửi thư xin lỗi vì hồ sơ không kịp trả đúng hẹn 08:00 ngày 09/03/2026. "
        "Ngày hẹn mới: <strong>08:00 ngày 12/03/2026</strong>."
    ) in html
    # The reason is the agency's internal matter, not shown publicly.
    assert "đê điều" not in html


@pytest.mark.parametrize(
    "code", ["<script>alert(1)</script>", "x" * 5000, "000.00.12.H62-260302-0001' OR '1'='1"]
)
def test_forged_codes_find_nothing_and_are_escaped(client, w, code):
    dossier_in(w, S.RECEIVED)
    for path in ("/tra-cuu/", "/kiosk/"):
        response = client.get(path, {"ma": code})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Không tìm thấy hồ sơ" in html
        assert "Nguyễn V** A*" not in html
        assert "<script>alert(1)</script>" not in html


def test_the_kiosk_shows_the_dossier_in_big_type_with_no_way_out(client, w):
    dossier = dossier_in(w, S.RECEIVED)
    response = client.get("/kiosk/", {"ma": dossier.code})
    html = response.content.decode()
    assert '<body class="kiosk" data-idle-seconds="60" data-reset-url="/kiosk/">' in html
    assert f"Hồ sơ {dossier.code}" in html
    assert "Được tiếp nhận" in html
    assert "Nguyễn V** A*" in html and "0912345678" not in html
    # No link at all: the kiosk never leaves itself (its reset is the form and the script).
    assert re.search(r"<a\b", html) is None
    assert 'data-key="H"' in html and 'data-key="-"' in html and 'data-key="0"' in html
    assert response["Cache-Control"] == "no-store"
    assert '<noscript><meta http-equiv="refresh" content="60;url=/kiosk/"></noscript>' in html


def test_the_kiosk_idle_time_is_a_setting(client, db, settings):
    settings.KIOSK_IDLE_SECONDS = 5
    html = client.get("/kiosk/").content.decode()
    assert 'data-idle-seconds="5"' in html
    assert "sau 5 giây không thao tác" in html
    assert "Không tìm thấy hồ sơ" not in html
    assert client.get("/kiosk").status_code == 301
