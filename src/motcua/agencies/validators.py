"""Codes of agencies and one-stop units."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

# Decision 20/2020/QĐ-TTg: an agency's electronic identifier (mã định danh điện tử) is
# groups of letters and digits joined by dots, e.g. 000.00.00.H60 (a provincial People's
# Committee), H60.22 (one of its departments), G01 (a ministry). The same text is the
# first part of every dossier code (DOMAIN.md §3), so it may hold nothing else.
AGENCY_CODE_PATTERN = r"^(?=.{2,40}$)[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$"
_AGENCY_CODE = re.compile(AGENCY_CODE_PATTERN)

# Codes of units (phòng/ban) and one-stop units are local: letters, digits, dot, dash
# and underscore, starting with a letter or digit.
LOCAL_CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$"
_LOCAL_CODE = re.compile(LOCAL_CODE_PATTERN)


def validate_agency_code(value: str) -> None:
    if not _AGENCY_CODE.match(value or ""):
        raise ValidationError(
            "Mã định danh cơ quan gồm 2–40 ký tự: chữ cái, chữ số, các nhóm cách nhau "
            "bằng dấu chấm (ví dụ 000.00.00.H60 hoặc H60.22).",
            code="agency_code_format",
        )


def validate_local_code(value: str) -> None:
    if not _LOCAL_CODE.match(value or ""):
        raise ValidationError(
            "Mã chỉ gồm chữ cái, chữ số, dấu chấm, gạch ngang, gạch dưới (tối đa 40 ký tự).",
            code="local_code_format",
        )
