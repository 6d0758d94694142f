"""documents.render: Typst templates filled with plain data, Tinos from the repository
only, Vietnamese text that reads back exactly."""

from __future__ import annotations

import time

import pytest

from motcua.documents.qr import qr_svg
from motcua.documents.render import FONTS, pdf_render
from motcua.documents.tests.reading import pdf_pages, pdf_qr_codes, pdf_text
from motcua.documents.text import moment_text, place_date

URL = "https://dichvucong.vinhlong.gov.vn/tra-cuu/?ma=000.00.12.H62-260302-0001"


def receipt(**changes):
    data = {
        "header": {
            "parent": "UBND tỉnh Vĩnh Long",
            "issuer": "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long",
            "number": "000.00.12.H62-260302-0001/TNHS",
            "place_date": "Vĩnh Long, ngày 02 tháng 03 năm 2026",
        },
        "code": "000.00.12.H62-260302-0001",
        "unit": "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long",
        "applicant": {
            "name": "Nguyễn Văn An",
            "id_number": "086099012345",
            "address": "Phường 1, Vĩnh Long",
            "phone": "0912345678",
            "email": "",
        },
        "representative": "",
        "procedure": "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        "components": [{"name": "Đơn đề nghị cấp giấy phép", "form": "Bản chính", "count": 1}],
        "sets": "01",
        "time_limit": "5 ngày làm việc",
        "received_at": "08 giờ 00 phút, ngày 02/03/2026",
        "appointment_at": "08 giờ 00 phút, ngày 09/03/2026",
        "delivery": "Nhận trực tiếp tại bộ phận một cửa",
        "qr": qr_svg(URL),
        "tracking_url": URL,
        "submitter": "Nguyễn Văn An",
        "officer": "Lê Thị Thu",
    }
    return {**data, **changes}


def test_the_receipt_reads_back_with_its_diacritics_and_qr_code():
    pdf = pdf_render(template="mau_01", data=receipt())
    text = pdf_text(pdf)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Vĩnh Long, ngày 02 tháng 03 năm 2026",
        "tiếp nhận hồ sơ của: Nguyễn Văn An",
        "Nội dung yêu cầu giải quyết: Cấp giấy phép xây dựng nhà ở riêng lẻ",
        "Thời gian nhận hồ sơ: 08 giờ 00 phút, ngày 02/03/2026",
        "Thời gian trả kết quả giải quyết hồ sơ: 08 giờ 00 phút, ngày 09/03/2026",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Lê Thị Thu",
    ):
        assert expected in text
    assert pdf_qr_codes(pdf) == [URL]


def test_a4_portrait_and_only_tinos_embedded():
    pdf = pdf_render(template="mau_01", data=receipt())
    (page,) = pdf_pages(pdf)
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    fonts = {
        str(font["/BaseFont"]).split("+")[-1]
        for font in (
            page["/Resources"]["/Font"][name].get_object() for name in page["/Resources"]["/Font"]
        )
    }
    assert fonts <= {"Tinos", "Tinos-Bold", "Tinos-Italic", "Tinos-BoldItalic"}, fonts
    assert sorted(path.name for path in FONTS.glob("*.ttf")) == [
        "Tinos-Bold.ttf",
        "Tinos-BoldItalic.ttf",
        "Tinos-Italic.ttf",
        "Tinos-Regular.ttf",
    ]
    assert "SIL OPEN FONT LICENSE" in (FONTS / "OFL.txt").read_text()


def test_script_and_typst_markup_in_data_are_printed_as_text():
    name = '#panic("x") <script>alert(1)</script> *đậm* $x$'
    pdf = pdf_render(
        template="mau_01", data=receipt(applicant={**receipt()["applicant"], "name": name})
    )
    assert name in pdf_text(pdf)


@pytest.mark.parametrize("name", ["mau_99", "../settings", "common", "mau_01.typ"])
def test_only_a_form_template_renders(name):
    with pytest.raises(ValueError, match="no form template"):
        pdf_render(template=name, data={})


def test_the_receipt_renders_in_well_under_100_ms_once_warm():
    pdf_render(template="mau_01", data=receipt())
    times = []
    for _ in range(5):
        began = time.perf_counter()
        pdf_render(template="mau_01", data=receipt())
        times.append(time.perf_counter() - began)
    assert sorted(times)[2] < 0.1


def test_times_and_the_date_line_in_vietnamese_words():
    import datetime as dt
    from zoneinfo import ZoneInfo

    moment = dt.datetime(2026, 3, 2, 1, 30, tzinfo=ZoneInfo("UTC"))
    assert moment_text(moment) == "08 giờ 30 phút, ngày 02/03/2026"
    assert place_date("Vĩnh Long", dt.date(2026, 3, 2)) == "Vĩnh Long, ngày 02 tháng 03 năm 2026"
    assert place_date("", dt.date(2026, 12, 31)) == "......, ngày 31 tháng 12 năm 2026"
