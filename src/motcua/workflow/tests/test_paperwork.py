"""workflow.paperwork and workflow.ledger: which forms a dossier carries, what each
prints (read back from the PDF), and the tracking ledger of a one-stop unit."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from motcua.core.exceptions import InvalidInputError, NotFoundError
from motcua.documents.tests.reading import pdf_qr_codes, pdf_text
from motcua.workflow import ledger, paperwork
from motcua.workflow.constants import Action
from motcua.workflow.tests.states import FAST_HASHERS, LIFECYCLE, act, dossier_in, world_for_module

BASE = "https://dichvucong.vinhlong.gov.vn"
CODE = "000.00.12.H62-260302-0001"  # the first dossier of the day at Sở Xây dựng
PROCEDURE = "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ"


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    with world_for_module(django_db_blocker) as built:
        yield built


@pytest.fixture
def w(module_world, db, settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.PUBLIC_BASE_URL = BASE
    return module_world


EXPECTED_FORMS = {
    "submitted": [],
    "received": [1, 6],
    "refused": [3],
    "in_progress": [1, 6],
    "awaiting_supplement-intake": [2],
    "awaiting_supplement-appraisal": [1, 2, 6],
    "awaiting_payment": [1, 6],
    "withdrawal_requested": [1, 6],
    "stopped": [1, 5, 6],
    "decided-result_pending": [1, 6],
    "decided-result_ready": [1, 6],
    "returned": [1, 6],
}


@pytest.mark.parametrize("state", list(LIFECYCLE))
def test_the_forms_that_apply_in_each_state(w, state):
    status, options = LIFECYCLE[state]
    assert paperwork.form_available(dossier_in(w, status, **options)) == EXPECTED_FORMS[state]


def test_an_apology_adds_form_04(w):
    dossier = act(w, dossier_in(w, "in_progress"), Action.RESCHEDULE, actor=w.leader)
    assert paperwork.form_available(dossier) == [1, 4, 6]


def test_a_form_that_does_not_apply_is_not_found_in_vietnamese(w):
    dossier = dossier_in(w, "received")
    with pytest.raises(NotFoundError) as caught:
        paperwork.dossier_form_pdf(dossier=dossier, number=3)
    assert caught.value.message.startswith("Hồ sơ này chưa có phiếu từ chối tiếp nhận")
    with pytest.raises(NotFoundError):
        paperwork.dossier_form_pdf(dossier=dossier, number=7)


def test_form_01_prints_the_receipt_and_its_qr_opens_the_tracking_page(w):
    dossier = dossier_in(w, "received")
    assert dossier.code == CODE
    pdf = paperwork.dossier_form_pdf(dossier=dossier, number=1)
    text = pdf_text(pdf)
    for expected in (
        "UBND TỈNH VĨNH LONG",
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH VĨNH LONG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Vĩnh Long, ngày 02 tháng 03 năm 2026",
        f"Mã hồ sơ: {CODE}",
        "tiếp nhận hồ sơ của: Nguyễn Văn An",
        "Số định danh cá nhân/Mã số thuế: 086099012345",
        "Địa chỉ: Phường 1, Vĩnh Long",
        "Số điện thoại: 0912345678",
        f"Nội dung yêu cầu giải quyết: {PROCEDURE}",
        "1 Tờ khai theo mẫu Bản chính 1",
        "Số lượng hồ sơ: 01 (bộ)",
        "theo quy định là: 5 ngày làm việc",
        "Thời gian nhận hồ sơ: 08 giờ 00 phút, ngày 02/03/2026",
        "Thời gian trả kết quả giải quyết hồ sơ: 08 giờ 00 phút, ngày 09/03/2026",
        "Đăng ký nhận kết quả tại: Nhận trực tiếp tại bộ phận một cửa",
        "NGƯỜI TIẾP NHẬN HỒ SƠ (Ký và ghi rõ họ tên) Lê Thị Thu",
    ):
        assert expected in text, expected
    assert pdf_qr_codes(pdf) == [f"{BASE}/tra-cuu/?ma={CODE}"]


def test_form_02_lists_every_item_with_its_reason(w):
    dossier = dossier_in(w, "awaiting_supplement")
    text = pdf_text(paperwork.dossier_form_pdf(dossier=dossier, number=2))
    for expected in (
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        "tiếp nhận hồ sơ của: Nguyễn Văn An",
        "Giai đoạn: Khi thẩm định",
        "Thời gian yêu cầu: 08 giờ 20 phút, ngày 02/03/2026",
        "1 Tờ khai theo mẫu Bản vẽ thiếu chữ ký của chủ đầu tư",
        "Lý do: Hồ sơ chưa hợp lệ",
        f"{BASE}/thu-tuc/1.009794/",
        "NGƯỜI HƯỚNG DẪN (Ký và ghi rõ họ tên) Phạm Văn Dũng",
    ):
        assert expected in text, expected


def test_form_03_gives_the_reason_and_the_legal_basis(w):
    dossier = dossier_in(w, "refused")
    text = pdf_text(paperwork.dossier_form_pdf(dossier=dossier, number=3))
    for expected in (
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        "Căn cứ quy định tại Nghị định 118/2025/NĐ-CP, Điều 17",
        "Thủ tục không thuộc thẩm quyền giải quyết",
        "Thời gian từ chối: 08 giờ 10 phút, ngày 02/03/2026",
        "NGƯỜI TỪ CHỐI TIẾP NHẬN (Ký và ghi rõ họ tên) Lê Thị Thu",
    ):
        assert expected in text, expected


def test_form_04_is_issued_by_the_late_agency_with_the_new_date(w):
    dossier = act(w, dossier_in(w, "in_progress"), Action.RESCHEDULE, actor=w.leader)
    text = pdf_text(paperwork.dossier_form_pdf(dossier=dossier, number=4))
    for expected in (
        "SỞ XÂY DỰNG TỈNH VĨNH LONG",
        "Vĩnh Long, ngày 03 tháng 03 năm 2026",
        "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
        "Kính gửi: Nguyễn Văn An",
        "hẹn trả kết quả vào 08 giờ 00 phút, ngày 09/03/2026",
        "lý do: Cần xác minh thêm hiện trạng công trình",
        "thời gian trả kết quả mới là: 08 giờ 00 phút, ngày 12/03/2026",
        "THỦ TRƯỞNG CƠ QUAN (Ký, ghi rõ họ tên và đóng dấu) Nguyễn Hữu Phước",
    ):
        assert expected in text, expected


def test_form_05_tells_the_stage_reached(w):
    dossier = dossier_in(w, "stopped", stopped_from="withdrawal_requested")
    text = pdf_text(paperwork.dossier_form_pdf(dossier=dossier, number=5))
    for expected in (
        "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
        "Theo đề nghị dừng giải quyết hồ sơ của ông/bà",
        "Lý do: Người yêu cầu đề nghị dừng giải quyết",
        "Giai đoạn giải quyết khi dừng: Được tiếp nhận",
        "NGƯỜI THÔNG BÁO (Ký và ghi rõ họ tên) Lê Thị Thu",
    ):
        assert expected in text, expected


def test_form_06_has_one_row_per_hand_off_with_its_timeliness(w):
    dossier = dossier_in(w, "returned")
    text = pdf_text(paperwork.dossier_form_pdf(dossier=dossier, number=6))
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert "Cơ quan chủ trì giải quyết: Sở Xây dựng tỉnh Vĩnh Long" in text
    assert (
        "1. Giao: Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long 2. Nhận: Sở Xây dựng tỉnh "
        "Vĩnh Long 08:10 02/03/2026 08:10 02/03/2026 Người giao: Lê Thị Thu"
    ) in text
    assert text.count("1. Giao:") == len(dossier.handoffs.all()) >= 2
    assert "Trước hạn" in text or "Đúng hạn" in text


def test_form_06_of_an_inter_agency_dossier_names_the_coordinating_agency(w):
    from motcua.workflow import services
    from motcua.workflow.tests.states import START
    from motcua.workflow.tests.world import paper

    dossier = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.karaoke_version,
        one_stop_unit=w.centre,
        applicant=w.an,
        components=[paper(w.karaoke_form)],
        at=START,
    )
    text = pdf_text(paperwork.dossier_form_pdf(dossier=dossier, number=6))
    assert "Cơ quan phối hợp giải quyết: Công an tỉnh Vĩnh Long" in text


# --- the ledger -----------------------------------------------------------------------

MARCH_2 = dt.date(2026, 3, 2)


def test_the_ledger_holds_the_units_dossiers_of_the_range_in_order(w):
    received = dossier_in(w, "received")
    returned = dossier_in(w, "returned")
    dossier_in(w, "submitted")  # not received: not in the book
    dossier_in(
        w, "received", start=dt.datetime(2026, 3, 4, 8, 0, tzinfo=received.received_at.tzinfo)
    )
    rows = list(
        ledger.ledger_rows(
            ledger.ledger_dossiers(unit=w.centre, date_from=MARCH_2, date_to=MARCH_2)
        )
    )
    assert [(r.number, r.code) for r in rows] == [(1, received.code), (2, returned.code)]
    back = rows[1]
    assert back.applicant == "Nguyễn Văn An"
    assert back.contact == "Phường 1, Vĩnh Long, 0912345678"
    assert back.lead_agency == "Sở Xây dựng tỉnh Vĩnh Long"
    assert back.transferred is not None and back.returned is not None
    assert rows[0].transferred is None


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (dt.date(2026, 3, 5), dt.date(2026, 3, 4), "Ngày kết thúc phải sau"),
        (dt.date(2025, 1, 1), dt.date(2026, 1, 2), "tối đa 366 ngày"),
    ],
)
def test_a_reversed_or_too_long_range_is_refused(w, start, end, message):
    with pytest.raises(InvalidInputError, match=message):
        ledger.ledger_dossiers(unit=w.centre, date_from=start, date_to=end)


def test_a_leap_year_is_one_range(w):
    ledger.ledger_range_check(dt.date(2028, 1, 1), dt.date(2028, 12, 31))


def test_the_ledger_pdf_and_xlsx_hold_the_same_rows(w):
    first = dossier_in(w, "returned")
    second = dossier_in(w, "in_progress")
    text = pdf_text(ledger.ledger_pdf(unit=w.centre, date_from=MARCH_2, date_to=MARCH_2))
    assert "SỔ THEO DÕI HỒ SƠ Từ ngày 02/03/2026 đến ngày 02/03/2026" in text
    assert f"1 {first.code}" in text and f"2 {second.code}" in text
    assert text.count("Nguyễn Văn An") == 2

    book = openpyxl.load_workbook(
        io.BytesIO(ledger.ledger_xlsx(unit=w.centre, date_from=MARCH_2, date_to=MARCH_2))
    )
    sheet = book.active
    assert (
        sheet.cell(1, 1).value
        == "SỔ THEO DÕI HỒ SƠ – Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long"
    )
    assert [c.value for c in sheet[4]] == list(ledger.COLUMNS)
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert [r[:5] for r in rows] == [
        [1, first.code, PROCEDURE, 1, "Nguyễn Văn An"],
        [2, second.code, PROCEDURE, 1, "Nguyễn Văn An"],
    ]
    # Real Excel date-times, in Vietnamese time.
    assert rows[0][7] == dt.datetime(2026, 3, 2, 8, 0)
    assert rows[0][8] == dt.datetime(2026, 3, 9, 8, 0)
    assert sheet.cell(5, 8).number_format == "dd/mm/yyyy hh:mm"
    assert isinstance(rows[0][11], dt.datetime) and rows[1][11] is None


def test_the_ledger_pdf_is_cut_at_its_cap_and_says_so(w, monkeypatch):
    monkeypatch.setattr(ledger, "PDF_MAX_ROWS", 1)
    dossier_in(w, "received")
    dossier_in(w, "received")
    text = pdf_text(ledger.ledger_pdf(unit=w.centre, date_from=MARCH_2, date_to=MARCH_2))
    assert "Sổ chỉ in 1 hồ sơ đầu tiên" in text


def test_an_empty_ledger_says_so(w):
    text = pdf_text(ledger.ledger_pdf(unit=w.centre, date_from=MARCH_2, date_to=MARCH_2))
    assert "Không có hồ sơ nào được tiếp nhận trong khoảng thời gian này." in text


def test_who_may_read_which_ledger(w):
    assert list(ledger.ledger_units_for_user(w.counter)) == [w.centre]
    assert list(ledger.ledger_units_for_user(w.specialist)) == []
    assert list(ledger.ledger_units_for_user(w.an.user)) == []
    # A leader reads the books of the one-stop units their agency runs: Sở Xây dựng runs none.
    assert list(ledger.ledger_units_for_user(w.leader)) == []
