"""Identity numbers: citizen ID (CCCD), tax code (mã số thuế), phone number."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from motcua.accounts.constants import Gender

_CITIZEN_ID = re.compile(r"\A[0-9]{12}\Z")
_TAX_CODE = re.compile(r"\A([0-9]{10})(?:-([0-9]{3}))?\Z")
# Stored without spaces, dots or dashes: a 10-digit mobile number or an 11-digit
# landline (0 + area code + subscriber number), or the same with +84 for the 0.
_PHONE = re.compile(r"\A(?:0|\+84)[0-9]{9,10}\Z")
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")

# Circular 59/2021/TT-BCA Art. 7: digits 1-3 are the code of the province where the
# birth was registered (the 63 pre-2025 provinces, 001-096) or 000-... abroad; digit 4
# encodes gender and century; digits 5-6 the year of birth.
_BIRTH_PROVINCE_CODES = frozenset(
    {
        1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33,
        34, 35, 36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64,
        66, 67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94,
        95, 96,
    }
)  # fmt: skip

# Ministry of Finance rule for the 10-digit tax code: digit 10 checks digits 1-9.
_TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def validate_citizen_id(value: str) -> None:
    """A 12-digit citizen identity number (số định danh cá nhân / CCCD)."""
    if not _CITIZEN_ID.match(value or ""):
        raise ValidationError(
            "Số định danh cá nhân phải gồm đúng 12 chữ số.", code="citizen_id_format"
        )
    if int(value[:3]) not in _BIRTH_PROVINCE_CODES:
        raise ValidationError(
            "Ba chữ số đầu của số định danh không phải mã tỉnh nơi đăng ký khai sinh.",
            code="citizen_id_province",
        )


def citizen_id_birth(value: str) -> tuple[str, int]:
    """Gender and year of birth encoded in a valid citizen ID.

    Circular 59/2021/TT-BCA Art. 7(2): digit 4 is 0/1 for a man/woman born 1900-1999,
    2/3 for 2000-2099, 4/5 for 2100-2199 and so on; digits 5-6 are the last two digits
    of the year of birth."""
    marker = int(value[3])
    gender = Gender.MALE if marker % 2 == 0 else Gender.FEMALE
    return gender, 1900 + (marker // 2) * 100 + int(value[4:6])


def normalise_phone(value: str) -> str:
    """The phone number as stored: separators removed."""
    return _PHONE_SEPARATORS.sub("", value or "")


def validate_phone(value: str) -> None:
    """A Vietnamese phone number, with or without separators."""
    if not _PHONE.match(normalise_phone(value)):
        raise ValidationError(
            "Số điện thoại phải bắt đầu bằng 0 (hoặc +84) và có 10–11 chữ số.",
            code="phone_format",
        )


def validate_tax_code(value: str) -> None:
    """A 10-digit tax code, optionally with a 3-digit branch suffix (0100107518-001).

    Since 1 July 2025 an individual's tax code is their 12-digit personal identity number
    (Circular 86/2024/TT-BTC), so 12 digits are accepted as a citizen ID."""
    if _CITIZEN_ID.match(value or ""):
        validate_citizen_id(value)
        return
    match = _TAX_CODE.match(value or "")
    if not match:
        raise ValidationError(
            "Mã số thuế phải gồm 10 chữ số, có thể kèm 3 chữ số đơn vị phụ thuộc (0100107518-001).",
            code="tax_code_format",
        )
    digits = [int(ch) for ch in match.group(1)]
    check = 10 - sum(d * w for d, w in zip(digits, _TAX_WEIGHTS, strict=False)) % 11
    if check != digits[9]:
        raise ValidationError(
            "Mã số thuế không hợp lệ (sai chữ số kiểm tra).", code="tax_code_check"
        )
