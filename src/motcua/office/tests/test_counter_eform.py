"""The counter page takes the declaration (tờ khai) of a procedure that has an e-form
(birth registration, 1.001193): its fields appear with the checklist, the officer types
them from the paper form, a mistake comes back marked on its field with everything
typed kept, and nothing is written until the declaration is right."""

from __future__ import annotations

import pytest

from motcua.dossiers.models import Dossier
from motcua.office.tests.counter_helpers import counter_post, signed_in
from motcua.workflow.tests.states import snapshot
from motcua.workflow.tests.world import world as build_world

pytestmark = pytest.mark.django_db

DECLARED = {
    "tk-ho_ten": "Lâm Gia Hân",
    "tk-ngay_sinh": "2026-02-20",
    "tk-gioi_tinh": "nu",
    "tk-dan_toc": "Kinh",
    "tk-quoc_tich": "Việt Nam",
    "tk-noi_sinh": "Bệnh viện Đa khoa tỉnh Vĩnh Long",
    "tk-ho_ten_me": "Trần Thị Mai",
    "tk-nguoi_yeu_cau": "Lâm Văn Cường",
    "tk-so_dinh_danh_nguoi_yeu_cau": "086088011111",
    "tk-quan_he": "cha",
    "tk-cam_doan": "on",
}


@pytest.fixture
def w(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build_world()


def test_the_checklist_brings_the_declaration_fields(w):
    html = (
        signed_in(w.counter)
        .get("/office/tiep-nhan/giay-to/", {"thu_tuc": "1.001193", "don_vi": w.centre.code})
        .content.decode()
    )
    assert "Tờ khai điện tử" in html
    assert '<label for="tk-ho_ten">Họ, chữ đệm và tên người được khai sinh' in html
    assert '<input type="date" id="tk-ngay_sinh" name="tk-ngay_sinh"' in html
    assert '<option value="nu">Nữ</option>' in html
    assert 'type="checkbox" id="tk-cam_doan" name="tk-cam_doan"' in html


def test_a_birth_registration_is_received_with_its_declaration(w):
    client = signed_in(w.counter)
    response = client.post("/office/tiep-nhan/", counter_post(w, w.birth_version, **DECLARED))
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.status == "received"
    assert dossier.eform_data == {
        "ho_ten": "Lâm Gia Hân",
        "ngay_sinh": "2026-02-20",
        "gioi_tinh": "nu",
        "dan_toc": "Kinh",
        "quoc_tich": "Việt Nam",
        "noi_sinh": "Bệnh viện Đa khoa tỉnh Vĩnh Long",
        "ho_ten_me": "Trần Thị Mai",
        "nguoi_yeu_cau": "Lâm Văn Cường",
        "so_dinh_danh_nguoi_yeu_cau": "086088011111",
        "quan_he": "cha",
        "cam_doan": True,
    }


def test_a_wrong_declaration_comes_back_marked_and_nothing_is_written(w):
    client = signed_in(w.counter)
    before = snapshot()
    wrong = {**DECLARED, "tk-ngay_sinh": "31/02/2026", "tk-cam_doan": None}
    response = client.post("/office/tiep-nhan/", counter_post(w, w.birth_version, **wrong))
    assert response.status_code == 422
    html = response.content.decode()
    assert "Tờ khai điện tử chưa hợp lệ. Sửa các mục của tờ khai đánh dấu đỏ." in html
    assert html.count('<span class="error" role="alert">') >= 2
    # What was typed is kept.
    assert 'value="Lâm Gia Hân"' in html
    assert '<option value="nu" selected>Nữ</option>' in html
    assert not Dossier.objects.exists()
    assert snapshot() == before


def test_script_in_a_declaration_field_is_shown_as_text(w):
    client = signed_in(w.counter)
    hostile = {**DECLARED, "tk-ho_ten": "<script>alert(1)</script>", "tk-cam_doan": None}
    response = client.post("/office/tiep-nhan/", counter_post(w, w.birth_version, **hostile))
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not Dossier.objects.exists()
