"""Only ASCII digits make an ID: fullwidth or Arabic-Indic digits and a trailing
newline are refused (Python's \\d and $ would let them through)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from motcua.accounts.validators import validate_citizen_id, validate_phone, validate_tax_code


@pytest.mark.parametrize("value", ["０８６０９９０１２３４５", "086099012345\n", "٠٨٦٠٩٩٠١٢٣٤٥"])
def test_citizen_id_refuses_non_ascii_digits_and_newline(value):
    with pytest.raises(ValidationError):
        validate_citizen_id(value)


@pytest.mark.parametrize("value", ["０１００１０７５１８", "0100107518\n"])
def test_tax_code_refuses_non_ascii_digits_and_newline(value):
    with pytest.raises(ValidationError):
        validate_tax_code(value)


@pytest.mark.parametrize("value", ["０９１２３４５６７８", "٠٩١٢٣٤٥٦٧٨"])
def test_phone_refuses_non_ascii_digits(value):
    with pytest.raises(ValidationError):
        validate_phone(value)


def test_plain_values_still_pass():
    validate_citizen_id("086099012345")
    validate_tax_code("0100107518")
    validate_phone("0912345678")
