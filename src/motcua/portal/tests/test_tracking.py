"""Public tracking on the portal: a dossier found by its code shows its status and
times with the applicant's name masked; nothing personal."""

from __future__ import annotations

from motcua.workflow import services
from motcua.workflow.tests.world import local, paper, world


def test_tracking_shows_status_times_and_a_masked_name(client, db):
    w = world()
    dossier = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.permit_version,
        one_stop_unit=w.centre,
        applicant=w.an,
        components=[paper(w.permit_form)],
        at=local(2026, 3, 2, 9, 0),
    )
    html = client.get("/tra-cuu/", {"ma": dossier.code}).content.decode()

    assert "Hồ sơ 000.00.12.H62-260302-0001" in html
    assert "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ" in html
    assert "Được tiếp nhận" in html
    assert "09:00 ngày 02/03/2026" in html
    assert "09:00 ngày 09/03/2026" in html
    assert "Nguyễn V** A*" in html
    assert "Nguyễn Văn An" not in html
    assert "086099012345" not in html
    assert "0912345678" not in html


def test_tracking_with_a_malicious_code_finds_nothing_and_escapes_it(client, db):
    html = client.get("/tra-cuu/", {"ma": "<script>alert(1)</script>"}).content.decode()
    assert "Không tìm thấy hồ sơ" in html
    assert "<script>alert(1)</script>" not in html
