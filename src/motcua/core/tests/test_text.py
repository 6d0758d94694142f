import unicodedata

from motcua.core.text import fold, nfc


def test_fold_strips_diacritics_and_maps_d():
    assert fold("Cấp giấy phép xây dựng") == "cap giay phep xay dung"
    assert fold("Đăng ký khai sinh") == "dang ky khai sinh"
    assert fold("ĐẮK LẮK") == "dak lak"


def test_fold_handles_decomposed_input():
    decomposed = unicodedata.normalize("NFD", "Hộ tịch")
    assert fold(decomposed) == "ho tich"


def test_nfc_composes_and_collapses_spaces():
    decomposed = unicodedata.normalize("NFD", "  Giấy   phép ")
    assert nfc(decomposed) == "Giấy phép"
    assert unicodedata.is_normalized("NFC", nfc(decomposed))
