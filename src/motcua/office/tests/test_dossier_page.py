"""/office/ho-so/<code>/: what an officer reads of a dossier (facts, papers and their
files, e-form, steps, liên thông agencies, Mẫu 06 rows, history), the file download,
and who is kept out (a dossier of another agency is "not found": nothing leaks)."""

from __future__ import annotations

import pytest

from motcua.dossiers.models import DossierFile
from motcua.workflow import selectors, services
from motcua.workflow.tests.states import dossier_in
from motcua.workflow.tests.world import PDF, local, paper

pytestmark = pytest.mark.django_db

BIRTH = {
    "ho_ten": "Nguyễn Minh Khang",
    "ngay_sinh": "2026-02-20",
    "gioi_tinh": "nam",
    "dan_toc": "Kinh",
    "quoc_tich": "Việt Nam",
    "noi_sinh": "Bệnh viện Đa khoa tỉnh Vĩnh Long",
    "nguoi_yeu_cau": "Nguyễn Văn An",
    "so_dinh_danh_nguoi_yeu_cau": "086099012345",
    "quan_he": "cha",
    "cam_doan": True,
}


def _page(client, dossier):
    return client.get(f"/office/ho-so/{dossier.code}/")


def test_the_facts_on_top(client, w):
    dossier = dossier_in(w, "in_progress")
    client.force_login(w.specialist)
    response = _page(client, dossier)
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ <small>(1.009794, phiên bản 1)",
        "<dt>Kênh nộp</dt><dd>Trực tiếp</dd>",
        "<dt>Bộ phận tiếp nhận</dt><dd>Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long</dd>",
        "<dt>Cơ quan giải quyết</dt><dd>Sở Xây dựng tỉnh Vĩnh Long</dd>",
        "Nguyễn Văn An <small>(Công dân, 086099012345)</small>",
        "<dt>Tiếp nhận</dt><dd>08:00 02/03/2026</dd>",
        "<dt>Bắt đầu tính hạn</dt><dd>08:00 02/03/2026</dd>",
        "<dt>Hẹn trả</dt><dd>08:00 09/03/2026</dd>",
        "0 lần yêu cầu bổ sung, 0 lần hẹn lại",
        "2. Thẩm định – Sở Xây dựng tỉnh Vĩnh Long, Phạm Văn Dũng",
        "Hạn của bước: 13:40 05/03/2026",
        "Đang xử lý",
    ):
        assert text in html, text
    # The steps, and the Mẫu 06 row of the transfer from the centre, on time.
    assert "<td>1. Tiếp nhận</td>" in html and "<td>3. Phê duyệt</td>" in html
    assert "Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 06)" in html
    assert '<td>13:30 02/03/2026</td><td><span class="state-on_time">Đúng hạn</span>' in html
    assert "<td>Tiếp nhận tại quầy</td><td>Được tiếp nhận</td>" in html


def test_the_eform_under_its_labels(client, w):
    dossier = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.birth_version,
        one_stop_unit=w.centre,
        applicant=w.an,
        components=[paper(w.birth_form)],
        eform_data=BIRTH,
        at=local(2026, 3, 2, 8, 0),
    )
    client.force_login(w.justice_specialist)
    html = _page(client, dossier).content.decode()
    assert "Tờ khai điện tử" in html
    for label, value in (
        ("Họ, chữ đệm và tên người được khai sinh", "Nguyễn Minh Khang"),
        ("Ngày, tháng, năm sinh", "20/02/2026"),
        ("Giới tính", "Nam"),
        ("Quan hệ với người được khai sinh", "Cha"),
        ("Số định danh cá nhân của người yêu cầu", "086099012345"),
    ):
        assert f"<dt>{label}</dt><dd>{value}</dd>" in html, label
    assert (
        "là đúng sự thật và chịu trách nhiệm trước pháp luật về cam đoan của mình.</dt><dd>Có</dd>"
        in html
    )


def test_a_paper_and_its_file_downloaded(client, w):
    dossier = dossier_in(w, "submitted")
    stored = DossierFile.objects.get(component__dossier=dossier)
    client.force_login(w.counter)
    html = _page(client, dossier).content.decode()
    url = f"/office/ho-so/{dossier.code}/tep/{stored.pk}/"
    assert f'<a href="{url}" download>scan.pdf</a>' in html
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="scan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_file_of_another_dossier_or_agency_is_not_found(client, w):
    dossier = dossier_in(w, "submitted")
    other = dossier_in(w, "submitted")
    stored = DossierFile.objects.get(component__dossier=other)
    client.force_login(w.counter)
    assert client.get(f"/office/ho-so/{dossier.code}/tep/{stored.pk}/").status_code == 404
    assert client.get(f"/office/ho-so/{dossier.code}/tep/{2**70}/").status_code == 404
    assert client.get(f"/office/ho-so/{dossier.code}/tep/abc/").status_code == 404
    client.force_login(w.justice_leader)
    assert client.get(f"/office/ho-so/{other.code}/tep/{stored.pk}/").status_code == 404


def test_a_file_refused_to_anonymous_and_citizens(client, w):
    dossier = dossier_in(w, "submitted")
    stored = DossierFile.objects.get(component__dossier=dossier)
    url = f"/office/ho-so/{dossier.code}/tep/{stored.pk}/"
    assert client.get(url).status_code == 302
    client.force_login(w.an.user)  # the owner, but this is the office
    assert client.get(url).status_code == 403


def test_another_agencys_dossier_is_not_found(client, w):
    dossier = dossier_in(w, "in_progress")
    client.force_login(w.justice_specialist)
    response = _page(client, dossier)
    assert response.status_code == 404
    html = response.content.decode()
    assert dossier.code not in html and "Nguyễn Văn An" not in html


def test_anonymous_and_citizen_are_kept_out(client, w):
    dossier = dossier_in(w, "in_progress")
    response = _page(client, dossier)
    assert response.status_code == 302 and "/office/dang-nhap/" in response["Location"]
    client.force_login(w.an.user)
    assert _page(client, dossier).status_code == 403


def test_a_malformed_code_is_not_found(client, w):
    client.force_login(w.specialist)
    assert client.get("/office/ho-so/%3Cscript%3E/").status_code == 404
    assert client.get("/office/ho-so/" + "9" * 300 + "/").status_code == 404


def test_the_history_is_capped_as_the_selector_caps_it(client, w, monkeypatch):
    monkeypatch.setattr(selectors, "HISTORY_LIMIT", 1)
    dossier = dossier_in(w, "in_progress")
    client.force_login(w.specialist)
    html = _page(client, dossier).content.decode()
    assert "Hiển thị 1 mục gần nhất trong tổng số 2 mục." in html
    assert "<td>Chuyển xử lý</td>" in html and "<td>Tiếp nhận tại quầy</td>" not in html


def test_liên_thông_agencies_with_their_own_due_times(client, w):
    dossier = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.karaoke_version,
        one_stop_unit=w.centre,
        applicant=w.cuong,
        components=[paper(w.karaoke_form)],
        at=local(2026, 3, 2, 8, 0),
    )
    services.dossier_start_processing(
        dossier=dossier, actor=w.counter, assignee=w.police_officer, at=local(2026, 3, 2, 8, 10)
    )
    client.force_login(w.police_officer)
    html = _page(client, dossier).content.decode()
    assert "Cơ quan liên thông" in html
    # Police: 2 working days from Mon 08:10; culture has not received it yet.
    assert (
        "<td>Công an tỉnh Vĩnh Long</td><td>08:10 02/03/2026</td><td>08:10 04/03/2026</td>" in html
    )
    assert "<td>Sở Văn hóa, Thể thao và Du lịch tỉnh Vĩnh Long</td><td>—</td><td>—</td>" in html
