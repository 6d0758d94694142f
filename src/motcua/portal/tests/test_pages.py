"""Public pages: home, catalog search and procedure page, tracking entry."""

from __future__ import annotations

import pytest

from motcua.catalog.tests.published import published_catalog


@pytest.fixture
def catalog_data(db):
    return published_catalog()


def test_home_links_to_catalog_search_and_tracking(client, db):
    html = client.get("/").content.decode()
    assert '<html lang="vi">' in html
    assert 'action="/thu-tuc/"' in html
    assert 'action="/tra-cuu/"' in html
    assert "Tìm thủ tục hành chính" in html


def test_search_page_folds_diacritics(client, catalog_data):
    html = client.get("/thu-tuc/", {"q": "dang ky khai sinh"}).content.decode()
    assert "Có 1 thủ tục khớp với “dang ky khai sinh”." in html
    assert 'href="/thu-tuc/1.001193/">Đăng ký khai sinh</a>' in html
    assert "1 ngày làm việc" in html


def test_search_page_lists_all_in_force_without_query(client, catalog_data):
    html = client.get("/thu-tuc/").content.decode()
    assert "Có 3 thủ tục đang áp dụng." in html
    assert "Thủ tục đang dự thảo" not in html


@pytest.mark.parametrize("page", ["abc", "-5", "0", "99999999999999999999"])
def test_search_page_tolerates_a_bad_page_number(client, catalog_data, page):
    assert client.get("/thu-tuc/", {"page": page}).status_code == 200


def test_search_page_escapes_the_query(client, catalog_data):
    html = client.get("/thu-tuc/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_procedure_page_shows_papers_fees_and_appointment(client, catalog_data):
    html = client.get("/thu-tuc/2.000908/").content.decode()
    assert "<h1>Cấp bản sao từ sổ gốc</h1>" in html
    assert "Giấy tờ tùy thân" in html
    assert "Phí cấp bản sao: 8.000 đồng (bản)" in html
    assert "Trong ngày" in html
    assert "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long" in html


def test_unknown_or_draft_procedure_page_is_404(client, catalog_data):
    assert client.get("/thu-tuc/9.999999/").status_code == 404
    assert client.get("/thu-tuc/1.000001/").status_code == 404


def test_tracking_page_says_an_unknown_code_is_not_found(client, db):
    html = client.get("/tra-cuu/", {"ma": "000.00.00.H62-260101-0001"}).content.decode()
    assert "Không tìm thấy hồ sơ có mã “000.00.00.H62-260101-0001”" in html
