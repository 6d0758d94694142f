"""The public catalog as a citizen uses it (issue 5 §1): search without diacritics,
filters that stay on while paging, a procedure page with only the text in force, its
forms to download, and bad input answered without a 500."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from motcua.catalog import services as catalog
from motcua.catalog.constants import ComponentForm, ProcedureLevel, TimeUnit
from motcua.catalog.models import (
    ExemptionCategory,
    Field,
    Procedure,
    ProcedureVersion,
    RequiredComponent,
)
from motcua.catalog.tests.published import published_catalog


@pytest.fixture
def cat(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return published_catalog()


def _listed(html: str) -> int:
    """How many procedures the result list shows."""
    return len(re.findall(r'<li>\s*<a href="/thu-tuc/', html))


def _html(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200
    return response.content.decode()


def test_search_without_diacritics_finds_the_building_permit(client, cat):
    html = _html(client, "/thu-tuc/", q="giay phep xay dung")
    assert "Có 1 thủ tục khớp với “giay phep xay dung”." in html
    assert 'href="/thu-tuc/1.009794/">Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ</a>' in html
    assert "Nộp trực tuyến một phần" in html


def test_filter_selects_offer_what_is_in_force(client, cat):
    html = _html(client, "/thu-tuc/")
    assert '<option value="HOTICH">Hộ tịch</option>' in html
    assert '<option value="XAYDUNG">Xây dựng</option>' in html
    assert '<option value="commune">Cấp xã</option>' in html
    assert '<option value="000.00.11.H62">Sở Tư pháp tỉnh Vĩnh Long</option>' in html
    # The province names no procedure itself: not offered (it would list nothing).
    assert '<option value="000.00.00.H62">' not in html


def test_filters_by_field_level_and_agency(client, cat):
    html = _html(client, "/thu-tuc/", linh_vuc="HOTICH")
    assert "Có 2 thủ tục theo điều kiện đã chọn." in html
    assert '<option value="HOTICH" selected>Hộ tịch</option>' in html
    assert "Đăng ký khai sinh" in html and "Cấp bản sao từ sổ gốc" in html
    assert "Cấp giấy phép xây dựng" not in html

    html = _html(client, "/thu-tuc/", linh_vuc="HOTICH", cap="commune")
    assert "Có 1 thủ tục theo điều kiện đã chọn." in html
    assert "Đăng ký khai sinh" in html and "Cấp bản sao" not in html

    html = _html(client, "/thu-tuc/", co_quan="000.00.12.H62")
    assert "Có 1 thủ tục theo điều kiện đã chọn." in html
    assert "Cấp giấy phép xây dựng mới" in html


def test_an_empty_result_says_what_to_try(client, cat):
    html = _html(client, "/thu-tuc/", q="khai sinh", linh_vuc="XAYDUNG")
    assert "Không tìm thấy thủ tục nào khớp với “khai sinh” theo điều kiện đã chọn." in html
    assert 'href="/thu-tuc/?q=khai%20sinh">Tìm trong tất cả lĩnh vực, cấp và cơ quan</a>' in html


def test_paging_keeps_the_query_and_filters(client, cat):
    field = Field.objects.get(code="XAYDUNG")
    construction = cat.construction
    for n in range(25):
        procedure = catalog.procedure_create(
            actor=None,
            code=f"3.{n:06d}",
            name=f"Cấp phép xây dựng công trình loại {n:02d}",
            field=field,
            level=ProcedureLevel.PROVINCE,
        )
        version = catalog.procedure_version_create_draft(
            actor=None,
            procedure=procedure,
            time_limit_value=Decimal(1),
            time_limit_unit=TimeUnit.WORKING_DAYS,
            agencies=[construction],
        )
        catalog.version_add_component(version=version, name="Đơn", form=ComponentForm.ORIGINAL)
        catalog.version_add_step(
            version=version, name="Giải quyết", budget=Decimal(1), performer="Sở"
        )
        catalog.procedure_version_publish(
            actor=None, version=version, effective_from=dt.date(2025, 7, 1)
        )

    html = _html(client, "/thu-tuc/", q="xay dung", linh_vuc="XAYDUNG")
    assert "Có 26 thủ tục khớp với “xay dung”." in html
    assert "Trang 1/2" in html
    assert 'href="?q=xay+dung&amp;linh_vuc=XAYDUNG&amp;page=2" rel="next"' in html

    html = _html(client, "/thu-tuc/", q="xay dung", linh_vuc="XAYDUNG", page="2")
    assert "Trang 2/2" in html
    assert _listed(html) == 6
    assert '<ol class="results" start="21">' in html
    assert 'href="?q=xay+dung&amp;linh_vuc=XAYDUNG&amp;page=1" rel="prev"' in html


@pytest.mark.parametrize("page", ["abc", "-5", "0", "99999999999999999999", "1e3", "٣"])
def test_a_bad_page_number_shows_a_real_page(client, cat, page):
    html = _html(client, "/thu-tuc/", page=page)
    assert "Có 3 thủ tục đang áp dụng." in html
    assert _listed(html) == 3


def test_a_page_past_the_end_shows_the_last_page(client, cat):
    html = _html(client, "/thu-tuc/", page="500")
    assert _listed(html) == 3


def test_unknown_filter_values_are_ignored(client, cat):
    html = _html(client, "/thu-tuc/", linh_vuc="<b>x</b>", cap="galaxy", co_quan="' OR 1=1 --")
    assert "Có 3 thủ tục đang áp dụng." in html
    assert "<b>x</b>" not in html


def test_a_5000_character_query_is_cut_and_said_so(client, cat):
    html = _html(client, "/thu-tuc/", q="khai sinh " + "a" * 4990)
    assert "Từ khóa quá dài: chỉ 200 ký tự đầu được dùng để tìm." in html
    assert "a" * 201 not in html
    assert "Có 0 thủ tục khớp" in html


def test_script_and_control_characters_in_the_query(client, cat):
    html = _html(client, "/thu-tuc/", q="<script>alert(1)</script>\x01khai sinh")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "\x01" not in html


def test_a_nul_byte_is_refused_with_a_message(client, cat):
    # core.middleware.RefuseNulBytesMiddleware, before the view: a 400, never a 500.
    for response in (client.get("/thu-tuc/", {"q": "khai\x00sinh"}), client.get("/thu-tuc/1%00/")):
        assert response.status_code == 400


def test_procedure_page_tells_a_citizen_everything(client, cat):
    ExemptionCategory.objects.create(code="ho-ngheo", name="Người thuộc hộ nghèo")
    version = ProcedureVersion.objects.get(procedure__code="1.001193", number=1)
    catalog_version = catalog.procedure_version_create_draft(
        actor=None,
        procedure=version.procedure,
        copy_from=version,
        applicants="Cha, mẹ hoặc người thân của trẻ em",
    )
    catalog.version_add_legal_basis(
        version=catalog_version,
        number="60/2014/QH13",
        title="Luật Hộ tịch",
        issued_on=dt.date(2014, 11, 20),
        effective_from=dt.date(2016, 1, 1),
    )
    catalog.version_add_fee(
        version=catalog_version,
        name="Lệ phí đăng ký khai sinh",
        kind="charge",
        amount=8000,
        online_amount=4000,
        exemptions=["ho-ngheo"],
    )
    catalog.procedure_version_publish(
        actor=None, version=catalog_version, effective_from=timezone.localdate()
    )

    html = _html(client, "/thu-tuc/1.001193/")
    assert "<h1>Đăng ký khai sinh</h1>" in html
    assert "Cha, mẹ hoặc người thân của trẻ em" in html
    assert "Tờ khai theo mẫu" in html
    assert "1 ngày làm việc" in html
    assert (
        "Lệ phí – Lệ phí đăng ký khai sinh: 8.000 đồng; nộp trực tuyến: 4.000 đồng. "
        "Miễn cho: Người thuộc hộ nghèo"
    ) in html
    assert (
        "60/2014/QH13 – Luật Hộ tịch, ban hành ngày 20/11/2014, có hiệu lực từ 01/01/2016" in html
    )
    assert "trực tuyến toàn trình" in html
    assert '<a class="button" href="/nop-ho-so/1.001193/">Nộp trực tuyến</a>' in html
    assert "Nộp tại quầy: ngày hẹn trả kết quả dự kiến" in html
    assert "Nộp trực tuyến: ngày hẹn dự kiến" in html
    assert f"Cập nhật lần cuối: {timezone.localdate():%d/%m/%Y}" in html
    assert "Phiên bản 2" in html
    assert (
        '<a href="/phan-anh-kien-nghi/gui/?thu_tuc=1.001193">'
        "Gửi phản ánh, kiến nghị về thủ tục này</a>"
    ) in html


def test_a_counter_only_procedure_has_no_online_link(client, cat):
    html = _html(client, "/thu-tuc/2.000908/")
    assert "/nop-ho-so/" not in html
    assert "chưa nộp trực tuyến được" in html


def test_only_the_version_in_force_is_shown(client, cat):
    permit = Procedure.objects.get(code="1.009794")
    v1 = permit.versions.get(number=1)
    today = timezone.localdate()
    v2 = catalog.procedure_version_create_draft(
        actor=None, procedure=permit, copy_from=v1, time_limit_note="Văn bản đang áp dụng"
    )
    catalog.procedure_version_publish(actor=None, version=v2, effective_from=today)
    v3 = catalog.procedure_version_create_draft(
        actor=None, procedure=permit, copy_from=v2, time_limit_note="Văn bản sắp áp dụng"
    )
    catalog.procedure_version_publish(
        actor=None, version=v3, effective_from=today + dt.timedelta(days=30)
    )
    catalog.procedure_version_create_draft(
        actor=None, procedure=permit, copy_from=v3, time_limit_note="Bản dự thảo"
    )

    html = _html(client, "/thu-tuc/1.009794/")
    assert "Văn bản đang áp dụng" in html
    assert "Phiên bản 2" in html
    assert "Văn bản sắp áp dụng" not in html and "Bản dự thảo" not in html
    assert _html(client, "/thu-tuc/", q="giay phep xay dung").count("/thu-tuc/1.009794/") == 1


@pytest.mark.parametrize(
    "path",
    [
        "/thu-tuc/9.999999/",
        "/thu-tuc/1.000001/",  # a draft only
        "/thu-tuc/%3Cscript%3E/",
        "/thu-tuc/" + "1" * 5000 + "/",
        "/thu-tuc/..%2F..%2Fetc%2Fpasswd/",
    ],
)
def test_unknown_or_forged_procedure_codes_are_404(client, cat, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "<script>" not in response.content.decode()


def _with_form_file(name: str, content: bytes) -> RequiredComponent:
    component = RequiredComponent.objects.get(version__procedure__code="1.009794")
    component.template_name = "Mẫu số 01 – Đơn đề nghị cấp giấy phép xây dựng"
    component.template_file.save(name, ContentFile(content), save=True)
    return component


def test_a_form_file_downloads_as_an_attachment(client, cat):
    component = _with_form_file("don-de-nghi.pdf", b"%PDF-1.4 mau don")
    html = _html(client, "/thu-tuc/1.009794/")
    link = f"/thu-tuc/1.009794/mau/{component.pk}/"
    assert f'<a href="{link}" download>tải mẫu về</a>' in html
    assert "Mẫu: Mẫu số 01 – Đơn đề nghị cấp giấy phép xây dựng" in html

    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="don-de-nghi.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 mau don"


def test_an_html_form_file_is_never_served_as_a_page(client, cat):
    component = _with_form_file("mau.html", b"<script>alert(1)</script>")
    response = client.get(f"/thu-tuc/1.009794/mau/{component.pk}/")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "sandbox"


def test_a_form_file_of_another_procedure_or_missing_is_404(client, cat):
    component = _with_form_file("don.pdf", b"%PDF-1.4")
    assert client.get(f"/thu-tuc/1.001193/mau/{component.pk}/").status_code == 404
    assert client.get("/thu-tuc/1.009794/mau/999999/").status_code == 404
    other = RequiredComponent.objects.get(version__procedure__code="2.000908")
    assert client.get(f"/thu-tuc/2.000908/mau/{other.pk}/").status_code == 404
    component.template_file.storage.delete(component.template_file.name)
    assert client.get(f"/thu-tuc/1.009794/mau/{component.pk}/").status_code == 404
