"""Identity-number validators, with real-looking hand-picked values."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from motcua.accounts.validators import (
    citizen_id_birth,
    normalise_phone,
    validate_citizen_id,
    validate_phone,
    validate_tax_code,
)


@pytest.mark.parametrize(
    "value",
    [
        "001099012345",  # Hà Nội (001), man born 1999
        "079203001234",  # TP Hồ Chí Minh (079), man born 2003
        "086185000123",  # Vĩnh Long (086), woman born 1985
    ],
)
def test_citizen_id_valid(value: str) -> None:
    validate_citizen_id(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("003099012345", "citizen_id_province"),  # 003 was never a province code
        ("097099012345", "citizen_id_province"),  # beyond the last code, 096
        ("00109901234", "citizen_id_format"),  # 11 digits
        ("0010990123456", "citizen_id_format"),  # 13 digits
        ("00109901234A", "citizen_id_format"),  # a letter
        ("001 99012345", "citizen_id_format"),
        ("", "citizen_id_format"),
    ],
)
def test_citizen_id_refused(value: str, code: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_citizen_id(value)
    assert exc.value.code == code


@pytest.mark.parametrize(
    ("value", "gender", "year"),
    [
        ("001099012345", "male", 1999),
        ("079203001234", "male", 2003),
        ("086185000123", "female", 1985),
        ("001305000001", "female", 2005),
    ],
)
def test_citizen_id_birth_decodes_gender_and_year(value: str, gender: str, year: int) -> None:
    assert citizen_id_birth(value) == (gender, year)


@pytest.mark.parametrize(
    "value",
    [
        "0100107518",  # Vietnam Airlines
        "0100109106",  # Viettel
        "0100107518-001",  # a dependent unit (branch) of Vietnam Airlines
        "001099012345",  # an individual's personal ID used as tax code since 1/7/2025
    ],
)
def test_tax_code_valid(value: str) -> None:
    validate_tax_code(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("0100107519", "tax_code_check"),  # Vietnam Airlines with the last digit changed
        ("0100109107", "tax_code_check"),
        ("0100107519-001", "tax_code_check"),
        ("010010751", "tax_code_format"),  # 9 digits
        ("0100107518-01", "tax_code_format"),
        ("0100107518001", "tax_code_format"),  # 13 digits without the dash
        ("01001O7518", "tax_code_format"),  # letter O for zero
        ("003099012345", "citizen_id_province"),  # 12 digits: checked as a personal ID
    ],
)
def test_tax_code_refused(value: str, code: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_tax_code(value)
    assert exc.value.code == code


@pytest.mark.parametrize(
    "value", ["0912345678", "0912 345 678", "0912.345.678", "02703823456", "+84912345678"]
)
def test_phone_valid(value: str) -> None:
    validate_phone(value)


@pytest.mark.parametrize("value", ["091234567", "1912345678", "091234567890", "0912-ABC-678"])
def test_phone_refused(value: str) -> None:
    with pytest.raises(ValidationError) as exc:
        validate_phone(value)
    assert exc.value.code == "phone_format"


def test_phone_normalised_without_separators() -> None:
    assert normalise_phone("0912.345 678") == "0912345678"
    assert normalise_phone("(0270) 382-3456") == "02703823456"
