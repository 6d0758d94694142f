"""SMS folding and part counting (issue 6 §2): hand-written vectors."""

from __future__ import annotations

import unicodedata

import pytest

from motcua.notifications.rendering import sms_fold, sms_segments


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        (
            "Hồ sơ đã được tiếp nhận, hẹn trả 25/11/2026",
            "Ho so da duoc tiep nhan, hen tra 25/11/2026",
        ),
        ("ĐỒNG THÁP – Ủy ban nhân dân", "DONG THAP - Uy ban nhan dan"),
        ("Ông Đặng Văn Ơn, ưu tiên", "Ong Dang Van On, uu tien"),
        ("Nguyễn Thị Thuỷ “Hương”…", 'Nguyen Thi Thuy "Huong"...'),
        ("Phí 150.000₫", "Phi 150.000?"),
        ("Mã: H01-0001\nHẹn: 25/11", "Ma: H01-0001\nHen: 25/11"),
        ("Kết quả đã có ✓", "Ket qua da co ?"),
        ("đ Đ ă Ă â Â ê Ê ô Ô ơ Ơ ư Ư", "d D a A a A e E o O o O u U"),
        ("", ""),
    ],
)
def test_fold(text, folded):
    assert sms_fold(text) == folded


def test_fold_of_decomposed_text_is_the_same():
    assert sms_fold(unicodedata.normalize("NFD", "Hồ sơ đã được tiếp nhận")) == (
        "Ho so da duoc tiep nhan"
    )


def test_fold_keeps_gsm_characters():
    assert sms_fold("Giá: 5€ [x] {y} ~z @ £") == "Gia: 5€ [x] {y} ~z @ £"


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("", 0),
        ("a", 1),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),  # 2 × 153
        ("a" * 307, 3),
        ("a" * 459, 3),  # 3 × 153
        ("a" * 460, 4),
        # Extension characters take two septets: 80 × 2 = 160, one more is 161.
        ("€" * 80, 1),
        ("€" * 80 + "a", 2),
        ("[" * 153, 2),  # 306 septets
        ("[" * 153 + "a", 3),  # 307
        # Anything outside GSM-7 makes the whole text UCS-2: 70 single, 67 a part.
        ("ồ" * 70, 1),
        ("ồ" * 71, 2),
        ("ồ" * 134, 2),  # 2 × 67
        ("ồ" * 135, 3),
        ("a" * 69 + "ồ", 1),
        ("a" * 70 + "ồ", 2),
        # Outside the BMP a character is two UTF-16 units.
        ("😀" * 35, 1),
        ("😀" * 36, 2),
    ],
)
def test_segments(text, parts):
    assert sms_segments(text) == parts


def test_a_vietnamese_message_costs_less_folded():
    text = (
        "Hồ sơ 000.20.31.H01-261120-0012 đã được tiếp nhận, hẹn trả 25/11/2026. "
        "Tra cứu tại cổng dịch vụ công của tỉnh."
    )
    # "Hồ sơ " 6 + code 25 + " đã được tiếp nhận, hẹn trả " 28 + "25/11/2026." 11
    # + " " 1 + "Tra cứu tại cổng dịch vụ công của tỉnh." 39 = 110 characters:
    # UCS-2 takes 2 parts (67 + 43); folded, one GSM-7 part.
    assert len(text) == 110
    assert sms_segments(text) == 2
    assert sms_segments(sms_fold(text)) == 1
