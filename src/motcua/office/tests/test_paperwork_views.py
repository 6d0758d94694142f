"""/office/ho-so/<code>/mau-<nn>.pdf and /office/so-theo-doi/: who may print which form
and read which ledger; every refusal a clear Vietnamese answer, never a 500."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.test import Client

from motcua.documents.tests.reading import pdf_text
from motcua.workflow.tests.states import FAST_HASHERS, dossier_in, snapshot, world_for_module

LEDGER = "/office/so-theo-doi/"
MARCH = {"unit": "", "date_from": "2026-03-01", "date_to": "2026-03-31"}


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    with world_for_module(django_db_blocker) as built:
        yield built


@pytest.fixture
def w(module_world, db, settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    return module_world


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def form_url(code: str, number: str) -> str:
    return f"/office/ho-so/{code}/mau-{number}.pdf"


def test_the_counter_officer_prints_the_receipt(w):
    dossier = dossier_in(w, "received")
    response = client_for(w.counter).get(form_url(dossier.code, "01"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="mau-01-{dossier.code}.pdf"'
    text = pdf_text(response.content)
    assert f"Mã hồ sơ: {dossier.code}" in text
    assert "tiếp nhận hồ sơ của: Nguyễn Văn An" in text


def test_the_specialist_on_the_dossier_prints_the_control_sheet(w):
    dossier = dossier_in(w, "in_progress")
    response = client_for(w.specialist).get(form_url(dossier.code, "06"))
    assert response.status_code == 200
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in pdf_text(response.content)


def test_the_dossier_page_links_the_forms_that_apply(w):
    dossier = dossier_in(w, "stopped")
    html = client_for(w.counter).get(f"/office/ho-so/{dossier.code}/").content.decode()
    assert f'href="{form_url(dossier.code, "01")}"' in html
    assert f'href="{form_url(dossier.code, "05")}"' in html
    assert f'href="{form_url(dossier.code, "06")}"' in html
    assert "Mẫu 05</a> – Thông báo dừng giải quyết hồ sơ" in html
    assert form_url(dossier.code, "03") not in html


def test_anonymous_is_sent_to_the_sign_in(w):
    dossier = dossier_in(w, "received")
    response = client_for(None).get(form_url(dossier.code, "01"))
    assert response.status_code == 302
    assert response["Location"].startswith("/office/dang-nhap/?next=")


def test_the_citizen_owner_is_refused_by_the_office(w):
    dossier = dossier_in(w, "received")
    response = client_for(w.an.user).get(form_url(dossier.code, "01"))
    assert response.status_code == 403
    assert "không có vai trò cán bộ" in response.content.decode()


@pytest.mark.parametrize("who", ["justice_specialist", "police_leader", "no_role"])
def test_an_officer_who_may_not_see_the_dossier_learns_nothing(w, who):
    dossier = dossier_in(w, "received")
    before = snapshot(dossier)
    response = client_for(getattr(w, who)).get(form_url(dossier.code, "01"))
    assert response.status_code in (403, 404)
    assert response["Content-Type"].startswith("text/html")
    assert "Nguyễn Văn An" not in response.content.decode()
    assert snapshot(dossier) == before


def test_a_form_that_does_not_apply_is_404_in_vietnamese(w):
    dossier = dossier_in(w, "received")
    response = client_for(w.counter).get(form_url(dossier.code, "03"))
    assert response.status_code == 404
    assert "Hồ sơ này chưa có phiếu từ chối tiếp nhận giải quyết hồ sơ." in (
        response.content.decode()
    )


@pytest.mark.parametrize("number", ["07", "00", "1", "001", "ab", "0%201"])
def test_a_form_number_out_of_the_set_is_404(w, number):
    dossier = dossier_in(w, "received")
    response = client_for(w.counter).get(form_url(dossier.code, number))
    assert response.status_code == 404


def test_an_unknown_or_oversized_code_is_404(w):
    client = client_for(w.counter)
    assert client.get(form_url("000.00.12.H62-260302-9999", "01")).status_code == 404
    assert client.get(form_url("x" * 5000, "01")).status_code == 404


# --- the ledger -----------------------------------------------------------------------


def ledger_query(w, **changes):
    return {**MARCH, "unit": str(w.centre.pk), **changes}


def test_the_menu_offers_the_ledger_to_counter_officers_and_leaders_only(w):
    assert 'href="/office/so-theo-doi/"' in client_for(w.counter).get("/office/").content.decode()
    assert 'href="/office/so-theo-doi/"' in client_for(w.leader).get("/office/").content.decode()
    assert "so-theo-doi" not in client_for(w.specialist).get("/office/").content.decode()


def test_the_counter_officer_reads_the_ledger_of_march(w):
    first = dossier_in(w, "returned")
    second = dossier_in(w, "received")
    response = client_for(w.counter).get(LEDGER, ledger_query(w))
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long: 2 hồ sơ tiếp nhận "
        "từ 01/03/2026 đến 31/03/2026."
    ) in html
    assert html.index(first.code) < html.index(second.code)
    assert "Tải PDF" in html and "Tải Excel (.xlsx)" in html
    assert "08:00 02/03/2026" in html


def test_the_ledger_opens_on_this_month_without_a_query(w):
    response = client_for(w.counter).get(LEDGER)
    assert response.status_code == 200
    assert 'type="date"' in response.content.decode()


def test_the_ledger_downloads_as_pdf_and_xlsx(w):
    dossier = dossier_in(w, "received")
    client = client_for(w.counter)
    pdf = client.get(LEDGER, ledger_query(w, format="pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert dossier.code in pdf_text(pdf.content)
    xlsx = client.get(LEDGER, ledger_query(w, format="xlsx"))
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"] == (
        'attachment; filename="so-theo-doi-TTPVHCC-VL-20260301-20260331.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(5, 2).value == dossier.code


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"date_from": "2026-03-31", "date_to": "2026-03-01"},
            "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.",
        ),
        (
            {"date_from": "2025-01-01", "date_to": "2026-03-01"},
            "Chỉ xem được sổ trong tối đa 366 ngày một lần.",
        ),
        ({"date_from": "31/02/2026"}, "Ngày không hợp lệ."),
        ({"date_to": ""}, "Hãy chọn ngày kết thúc."),
        ({"date_from": "<script>alert(1)</script>"}, "Ngày không hợp lệ."),
        ({"unit": "999999"}, "Bạn không được xem sổ của bộ phận này."),
        ({"unit": "abc"}, "Bạn không được xem sổ của bộ phận này."),
        ({"trang": "999999999999999999999"}, "Không có trang này; sổ có 1 trang."),
        ({"trang": "abc"}, "Không có trang này"),
        ({"format": "docx"}, "Chỉ tải được sổ dạng PDF hoặc Excel (.xlsx)."),
    ],
)
def test_bad_ledger_input_gets_a_clear_message(w, changes, message):
    response = client_for(w.counter).get(LEDGER, ledger_query(w, **changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "<script>alert(1)</script>" not in html


def test_a_bad_range_asked_as_a_download_is_a_page_not_a_file(w):
    response = client_for(w.counter).get(
        LEDGER, ledger_query(w, date_from="2026-04-01", date_to="2026-03-01", format="xlsx")
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_the_ledger_is_paged(w, monkeypatch):
    from motcua.office.views import paperwork

    monkeypatch.setattr(paperwork, "PAGE_SIZE", 1)
    dossier_in(w, "received")
    second = dossier_in(w, "received")
    response = client_for(w.counter).get(LEDGER, ledger_query(w, trang="2"))
    html = response.content.decode()
    assert "Trang 2/2" in html and second.code in html and "« Trang trước" in html


def test_who_may_not_read_a_ledger(w):
    assert client_for(None).get(LEDGER).status_code == 302
    assert client_for(w.an.user).get(LEDGER).status_code == 403
    refused = client_for(w.specialist).get(LEDGER)
    assert refused.status_code == 403
    assert "Sổ theo dõi hồ sơ dành cho cán bộ một cửa và lãnh đạo." in refused.content.decode()
    # A leader of an agency that runs no one-stop unit has no book to read.
    none = client_for(w.leader).get(LEDGER)
    assert none.status_code == 403
    assert "Bạn không phụ trách bộ phận một cửa nào." in none.content.decode()
