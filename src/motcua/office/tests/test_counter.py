"""/office/tiep-nhan/: the counter officer receives, asks for a supplement (Mẫu 02) or
refuses (Mẫu 03) a walk-in dossier; the appointment shown before confirming is the one
stored; refused requests say why in Vietnamese, keep what was typed and write nothing.

The clock stands at Tuesday 3 March 2026, 09:00 (Vietnamese time). The permit
procedure (1.009794) takes 40 working hours: from Tuesday 09:00 to Tuesday 10 March,
09:00 (6.5 h on Tuesday, 8 h on each of the next four working days, 1.5 h more).
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.accounts.constants import RoleCode
from motcua.accounts.models import Citizen
from motcua.agencies.constants import OneStopUnitKind
from motcua.agencies.services import one_stop_unit_create
from motcua.dossiers.models import Dossier, DossierFile
from motcua.office.tests.counter_helpers import EXE, counter_post, signed_in, three_paper_permit
from motcua.workflow.models import Refusal, SupplementRequest
from motcua.workflow.tests.states import snapshot
from motcua.workflow.tests.world import PDF, local
from motcua.workflow.tests.world import world as build_world

pytestmark = pytest.mark.django_db

NOW = local(2026, 3, 3, 9, 0)
URL = "/office/tiep-nhan/"


@pytest.fixture
def w(settings, monkeypatch):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return build_world()


@pytest.fixture
def counter(w):
    return signed_in(w.counter)


def scan(name="scan.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_the_page_shows_the_search_first(counter):
    html = counter.get(URL).content.decode()
    assert "Tiếp nhận hồ sơ tại quầy" in html
    assert 'id="tim-thu-tuc" type="search" name="q" value="" autocomplete="off" autofocus' in html
    assert "Chưa chọn thủ tục" in html


def test_the_search_folds_diacritics(counter):
    html = counter.get(URL + "thu-tuc/", {"q": "giay phep xay dung"}).content.decode()
    assert "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ" in html
    assert "1 thủ tục khớp “giay phep xay dung”." in html
    # Without JavaScript the search is the page itself.
    html = counter.get(URL, {"q": "giay phep xay dung"}).content.decode()
    assert 'href="/office/tiep-nhan/?thu_tuc=1.009794&amp;don_vi=TTPVHCC-VL"' in html


def test_the_checklist_and_the_appointment_of_the_chosen_procedure(counter, w):
    html = counter.get(URL + "giay-to/", {"thu_tuc": "1.009794"}).content.decode()
    assert "Thủ tục: Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ" in html
    assert f'<label for="p{w.permit_form.pk}-co">Tờ khai theo mẫu</label>' in html
    assert "Hẹn trả kết quả: 09:00 ngày 10/03/2026" in html
    assert "nếu tiếp nhận lúc 09:00 03/03/2026" in html
    html = counter.get(URL + "hen-tra/", {"thu_tuc": "1.009794"}).content.decode()
    assert "Hẹn trả kết quả: 09:00 ngày 10/03/2026" in html
    assert counter.get(URL + "giay-to/", {"thu_tuc": "9.999999"}).status_code == 404


def test_the_applicant_is_looked_up_by_citizen_id(counter):
    html = counter.get(URL + "nguoi-nop/", {"so_dinh_danh": "086099012345"}).content.decode()
    assert "Đã có trong hệ thống: Nguyễn Văn An." in html
    assert 'value="Nguyễn Văn An"' in html
    assert 'value="0912345678"' in html
    assert 'value="Phường 1, Vĩnh Long"' in html
    html = counter.get(URL + "nguoi-nop/", {"so_dinh_danh": "086000000000"}).content.decode()
    assert "Chưa có trong hệ thống: nhập thông tin người nộp." in html


def test_a_complete_walk_in_is_received_with_the_appointment_shown(counter, w):
    data = counter_post(w, w.permit_version, **{f"p{w.permit_form.pk}-tep": scan()})
    response = counter.post(URL, data)
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/office/ho-so/{dossier.code}/"
    assert (dossier.status, dossier.channel, dossier.received_by) == (
        "received",
        "counter",
        w.counter,
    )
    assert (dossier.applicant_name, dossier.receiving_unit) == ("Lâm Văn Cường", w.centre)
    assert dossier.appointment_at == local(2026, 3, 10, 9, 0)
    assert DossierFile.objects.get().name == "scan.pdf"
    html = counter.get(response["Location"]).content.decode()
    assert f"Đã tiếp nhận hồ sơ {dossier.code} – hẹn trả kết quả 09:00 ngày 10/03/2026." in html
    assert f'href="/office/ho-so/{dossier.code}/mau-01.pdf"' in html


def test_a_new_applicant_is_recorded_with_the_dossier(counter, w):
    data = counter_post(
        w,
        w.permit_version,
        so_dinh_danh="086077022222",
        ho_ten="Phan Thị Mai",
        dien_thoai="0987654321",
        dia_chi="Phường 5, Vĩnh Long",
        email="mai@example.vn",
        nhan_ket_qua="post",
        dia_chi_nhan="Số 3, Phường 5, Vĩnh Long",
        so_bo="2",
    )
    assert counter.post(URL, data).status_code == 302
    citizen = Citizen.objects.get(citizen_id="086077022222")
    assert (citizen.full_name, citizen.phone, citizen.user) == ("Phan Thị Mai", "0987654321", None)
    dossier = Dossier.objects.get()
    assert (dossier.result_delivery, dossier.delivery_address, dossier.sets_count) == (
        "post",
        "Số 3, Phường 5, Vĩnh Long",
        2,
    )


def test_an_incomplete_walk_in_gets_a_supplement_request_listing_every_missing_paper(counter, w):
    version = three_paper_permit(w)
    application, drawings, land = version.components.all()
    data = counter_post(
        w,
        version,
        ket_qua="supplement",
        ly_do_bo_sung="Bổ sung tại quầy số 3",
        **{
            f"p{drawings.pk}-co": None,
            f"p{drawings.pk}-ly-do": "Chưa có bản vẽ hiện trạng",
            f"p{land.pk}-co": None,
            f"p{land.pk}-ly-do": "Bản sao chưa được chứng thực",
        },
    )
    response = counter.post(URL, data)
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert (dossier.status, dossier.supplement_stage, dossier.appointment_at) == (
        "awaiting_supplement",
        "intake",
        None,
    )
    request = SupplementRequest.objects.get()
    assert request.reason == "Bổ sung tại quầy số 3"
    assert list(request.items.order_by("pk").values_list("name", "reason")) == [
        ("Bản vẽ hiện trạng công trình", "Chưa có bản vẽ hiện trạng"),
        ("Giấy chứng nhận quyền sử dụng đất", "Bản sao chưa được chứng thực"),
    ]
    assert list(dossier.components.values_list("name", flat=True)) == [application.name]
    html = counter.get(response["Location"]).content.decode()
    assert f"Đã đăng ký hồ sơ {dossier.code} và lập phiếu yêu cầu bổ sung" in html
    assert "gồm 2 mục" in html
    assert f'href="/office/ho-so/{dossier.code}/mau-02.pdf"' in html


def test_a_walk_in_out_of_scope_is_refused_with_its_legal_basis(counter, w):
    data = counter_post(
        w,
        w.permit_version,
        ket_qua="refuse",
        ly_do_tu_choi="Công trình thuộc thẩm quyền cấp xã",
        can_cu="Luật Xây dựng 2014, Điều 103",
    )
    response = counter.post(URL, data)
    dossier = Dossier.objects.get()
    assert (response.status_code, dossier.status) == (302, "refused")
    assert Refusal.objects.get().legal_basis == "Luật Xây dựng 2014, Điều 103"
    html = counter.get(response["Location"]).content.decode()
    assert f'href="/office/ho-so/{dossier.code}/mau-03.pdf"' in html


# --- refusals: nothing written ----------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(w):
    client = signed_in(None)
    before = snapshot()
    response = client.post(URL, counter_post(w, w.permit_version))
    assert response.status_code == 302
    assert response["Location"].startswith("/office/dang-nhap/?next=")
    assert signed_in(None).get(URL + "thu-tuc/?q=giay").status_code == 302
    assert snapshot() == before


@pytest.mark.parametrize("who", ["citizen", "specialist", "leader"])
def test_people_who_are_not_counter_officers_are_refused(w, who):
    user = {"citizen": w.an.user, "specialist": w.specialist, "leader": w.leader}[who]
    client = signed_in(user)
    before = snapshot()
    response = client.post(URL, counter_post(w, w.permit_version))
    assert response.status_code == 403
    assert snapshot() == before
    for path in ("", "thu-tuc/?q=giay", "nguoi-nop/?so_dinh_danh=086099012345"):
        assert client.get(URL + path).status_code == 403


def test_a_counter_officer_of_another_unit_cannot_receive_for_this_one(w):
    from motcua.workflow.tests.world import _staff

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
    before = snapshot()
    response = client.post(URL, counter_post(w, w.permit_version))
    assert response.status_code == 403
    assert "Bạn không phải cán bộ một cửa của bộ phận này" in response.content.decode()
    assert snapshot() == before


def test_the_same_form_submitted_twice_is_refused_the_second_time(counter, w):
    data = counter_post(w, w.permit_version)
    assert counter.post(URL, data).status_code == 302
    code = Dossier.objects.get().code
    before = snapshot()
    response = counter.post(URL, data)
    assert response.status_code == 409
    assert f"Phiếu này đã được xử lý: hồ sơ {code}." in response.content.decode()
    assert snapshot() == before


def test_a_missing_mandatory_paper_is_not_received_and_the_form_comes_back(counter, w):
    data = counter_post(
        w,
        w.permit_version,
        so_dinh_danh="086077022222",
        ho_ten="Phan Thị Mai",
        **{f"p{w.permit_form.pk}-co": None},
    )
    before = snapshot()
    response = counter.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Hồ sơ chưa đủ thành phần bắt buộc; chưa thể tiếp nhận" in html
    assert "bấm “Yêu cầu bổ sung”" in html
    assert 'value="086077022222"' in html and 'value="Phan Thị Mai"' in html
    assert snapshot() == before  # the new citizen is not kept either


def test_a_renamed_program_is_refused_as_a_scan_and_named_to_choose_again(counter, w):
    data = counter_post(w, w.permit_version, **{f"p{w.permit_form.pk}-tep": scan(content=EXE)})
    before = snapshot()
    response = counter.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Tệp “scan.pdf”: Chỉ nhận tệp PDF, PNG hoặc JPEG." in html
    assert "cần chọn lại" in html and "<li>scan.pdf (Tờ khai theo mẫu)</li>" in html
    assert snapshot() == before


def test_an_oversized_scan_is_refused(counter, w, settings):
    settings.UPLOAD_MAX_BYTES = 1_048_576
    big = scan(content=PDF + b"0" * 1_048_576)
    data = counter_post(w, w.permit_version, **{f"p{w.permit_form.pk}-tep": big})
    before = snapshot()
    response = counter.post(URL, data)
    assert response.status_code == 400
    assert "Tệp “scan.pdf” vượt quá dung lượng cho phép 1 MB." in response.content.decode()
    assert snapshot() == before


def test_a_name_of_5000_characters_is_refused(counter, w):
    data = counter_post(w, w.permit_version, so_dinh_danh="086077022222", ho_ten="A" * 5000)
    before = snapshot()
    response = counter.post(URL, data)
    assert response.status_code == 400
    assert "tối đa 300 ký tự" in response.content.decode()
    assert snapshot() == before


def test_script_in_a_text_field_comes_back_escaped(counter, w):
    data = counter_post(
        w,
        w.permit_version,
        so_dinh_danh="086077022222",
        ho_ten="<script>alert(1)</script>",
        **{f"p{w.permit_form.pk}-co": None},
    )
    before = snapshot()
    response = counter.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert snapshot() == before


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"so_dinh_danh": "12345"}, "Số định danh cá nhân gồm 12 chữ số"),
        ({"so_dinh_danh": "٠٨٦٠٩٩٠١٢٣٤٥"}, "Số định danh cá nhân gồm 12 chữ số"),
        ({"thu_tuc": ""}, "Chưa chọn thủ tục"),
        ({"nhan_ket_qua": "post"}, "Cần địa chỉ để gửi kết quả qua bưu chính."),
        ({"ket_qua": "refuse"}, "Cần nêu lý do từ chối tiếp nhận."),
        ({"ket_qua": None}, "Chọn một thao tác"),
        ({"so_bo": "0"}, "Số bộ hồ sơ từ 1 đến 20."),
    ],
)
def test_malformed_input_is_refused_in_vietnamese(counter, w, changes, message):
    before = snapshot()
    response = counter.post(URL, counter_post(w, w.permit_version, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert snapshot() == before


def test_a_supplement_request_with_nothing_missing_is_refused(counter, w):
    before = snapshot()
    response = counter.post(URL, counter_post(w, w.permit_version, ket_qua="supplement"))
    assert response.status_code == 400
    assert "Không có giấy tờ nào thiếu hoặc sai" in response.content.decode()
    assert snapshot() == before


def test_papers_that_came_by_post_are_received_on_the_postal_channel(counter, w):
    html = counter.get(URL).content.decode()
    assert "Qua bưu chính" in html
    response = counter.post(URL, counter_post(w, w.copy_version, kenh="postal"))
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert (dossier.channel, dossier.status) == ("postal", "received")


def test_an_unknown_channel_is_refused_and_nothing_is_written(counter, w):
    before = snapshot()
    response = counter.post(URL, counter_post(w, w.copy_version, kenh="online"))
    assert response.status_code == 400
    assert "Hãy chọn một lựa chọn hợp lệ." in response.content.decode()
    assert snapshot() == before
