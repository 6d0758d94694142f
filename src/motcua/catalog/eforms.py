"""E-forms (tờ khai điện tử): the declaration form of a procedure version as data, and
the check of an applicant's answers against it. Pure functions, no database.

A procedure version carries its form in ``ProcedureVersion.eform_schema``, so a dossier
keeps the form of the version it was received under (DESIGN.md, State) and its data can
be checked against exactly that version. Online filing needs the declaration as
structured data rather than a scanned paper (Decree 45/2020, as amended by Decree
118/2025; Circular 01/2023/TT-VPCP on the digitisation of dossiers).

Schema format
-------------
A schema is a JSON list (at most ``MAX_FIELDS`` fields, shown in this order), each field
an object with:

``name``        slug ``[a-z][a-z0-9_]{0,39}``, unique in the schema; the key of the data
``label``       what the applicant reads, ≤ 200 characters, stored NFC
``type``        one of ``EformFieldType``: text, textarea, integer, date, choice,
                boolean, citizen_id, phone, email
``required``    bool, default false. A required boolean must be true (a pledge such as
                "Tôi cam đoan ...": like HTML's ``required`` on a checkbox)
``max_length``  text and textarea only: 1–5000, default 200 (text) / 2000 (textarea)
``choices``     choice only, required: non-empty list of ``{"value", "label"}``, values
                unique (≤ 100 characters), labels ≤ 200 characters
``min``/``max`` integer only, optional bounds (inclusive), min ≤ max

Any other key, or a key that does not fit the type, is refused. The checked schema is
returned normalised: every key present for its type (``required``, the default
``max_length``), labels and choices NFC with white space collapsed.

Data
----
The applicant's answers are a JSON object ``{name: value}``. ``eform_validate`` returns
them cleaned, in schema order, with empty optional fields (absent, null, blank string)
left out:

text        string, no control characters, NFC, white space collapsed
textarea    string, line breaks (\\r\\n → \\n) and tabs allowed, NFC, stripped
integer     int, or a string of up to 16 digits; within min/max and ±(2**53 − 1)
date        "YYYY-MM-DD" or "dd/mm/yyyy" (or a ``datetime.date``), years 1800–2199;
            returned as "YYYY-MM-DD"
choice      one of the values
boolean     bool, or "true"/"false"/"on"/"off"/"1"/"0" as an HTML form posts it
citizen_id  12-digit personal identity number (accounts.validators.validate_citizen_id)
phone       Vietnamese number: 0 or +84 then 9–10 digits, separators removed
email       Django's EmailValidator, ≤ 254 characters

Every problem is reported at once, one per field, so the applicant fixes the form in one
pass.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

from motcua.accounts.validators import normalise_phone, validate_citizen_id, validate_phone
from motcua.core.exceptions import ApplicationError, InvalidInputError
from motcua.core.text import nfc


class EformFieldType(enum.StrEnum):
    TEXT = "text"
    TEXTAREA = "textarea"
    INTEGER = "integer"
    DATE = "date"
    CHOICE = "choice"
    BOOLEAN = "boolean"
    CITIZEN_ID = "citizen_id"
    PHONE = "phone"
    EMAIL = "email"


MAX_FIELDS = 100
MAX_LABEL = 200
MAX_CHOICES = 200
MAX_CHOICE_VALUE = 100
MAX_TEXT_LENGTH = 5000
DEFAULT_MAX_LENGTH = {EformFieldType.TEXT: 200, EformFieldType.TEXTAREA: 2000}
# Integers a browser's JavaScript holds exactly (Number.MAX_SAFE_INTEGER).
MAX_SAFE_INTEGER = 2**53 - 1
MAX_EMAIL = 254  # RFC 5321 path limit
DATE_MIN = dt.date(1800, 1, 1)
DATE_MAX = dt.date(2199, 12, 31)
# Unknown keys listed one by one up to this many; beyond, one summary line (a hostile
# request with a million keys must not produce a million-line answer).
MAX_UNKNOWN_REPORTED = 20
# Where an error concerns the data as a whole (Django's NON_FIELD_ERRORS).
WHOLE = "__all__"

NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
_KEYS_COMMON = frozenset({"name", "label", "type", "required"})
_KEYS_BY_TYPE: dict[EformFieldType, frozenset[str]] = {
    EformFieldType.TEXT: frozenset({"max_length"}),
    EformFieldType.TEXTAREA: frozenset({"max_length"}),
    EformFieldType.INTEGER: frozenset({"min", "max"}),
    EformFieldType.CHOICE: frozenset({"choices"}),
}
_INTEGER_TEXT = re.compile(r"[+-]?[0-9]{1,16}")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_VN_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_TRUE = frozenset({"true", "on", "1"})
_FALSE = frozenset({"false", "off", "0"})
_CITIZEN_ID_SPACES = re.compile(r"\s+")
# Bidirectional overrides and isolates reorder what a reader sees (spoofing, "Trojan
# source"); a Vietnamese form never needs them.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_email_validator = EmailValidator()


class _Invalid(Exception):
    """One field's problem; collected into the single error raised at the end."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _has_forbidden_characters(text: str, *, allowed: str = "") -> bool:
    """Control characters (C0, DEL, C1), lone surrogates and bidi controls: invisible,
    refused by PostgreSQL (NUL) or unencodable (surrogates)."""
    for char in text:
        if char in allowed:
            continue
        if char in _BIDI or unicodedata.category(char) in ("Cc", "Cs"):
            return True
    return False


# --- schema ------------------------------------------------------------------------------


def _check_label(value: Any, *, limit: int, what: str) -> str:
    if not isinstance(value, str):
        raise _Invalid(f"{what} phải là chuỗi ký tự.")
    if len(value) > 4 * limit + 100:  # cheap refusal before normalising a huge string
        raise _Invalid(f"{what} dài quá {limit} ký tự.")
    if _has_forbidden_characters(value):
        raise _Invalid(f"{what} có ký tự điều khiển không được phép.")
    text = nfc(value)
    if not text:
        raise _Invalid(f"{what} không được để trống.")
    if len(text) > limit:
        raise _Invalid(f"{what} dài quá {limit} ký tự.")
    return text


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_choices(value: Any, errors: list[dict[str, str]], where: str) -> list[dict[str, str]]:
    if not isinstance(value, list) or not value:
        errors.append({"field": where, "message": "Danh sách lựa chọn phải có ít nhất một mục."})
        return []
    if len(value) > MAX_CHOICES:
        errors.append({"field": where, "message": f"Tối đa {MAX_CHOICES} lựa chọn."})
        return []
    choices: list[dict[str, str]] = []
    seen: set[str] = set()
    for index, choice in enumerate(value):
        at = f"{where}[{index}]"
        if not isinstance(choice, dict) or set(choice) != {"value", "label"}:
            errors.append(
                {"field": at, "message": "Mỗi lựa chọn gồm đúng hai khóa 'value' và 'label'."}
            )
            continue
        try:
            option = _check_label(choice["value"], limit=MAX_CHOICE_VALUE, what="Giá trị")
        except _Invalid as problem:
            errors.append({"field": f"{at}.value", "message": problem.message})
            continue
        try:
            label = _check_label(choice["label"], limit=MAX_LABEL, what="Nhãn")
        except _Invalid as problem:
            errors.append({"field": f"{at}.label", "message": problem.message})
            continue
        if option in seen:
            errors.append({"field": f"{at}.value", "message": f"Giá trị '{option}' bị trùng."})
            continue
        seen.add(option)
        choices.append({"value": option, "label": label})
    return choices


def _check_field(field: Any, where: str, errors: list[dict[str, str]]) -> dict[str, Any] | None:
    """One field of a schema, normalised; its problems appended to ``errors``."""
    if not isinstance(field, dict):
        errors.append({"field": where, "message": "Mỗi trường phải là một đối tượng JSON."})
        return None
    before = len(errors)
    label = ""
    name = field.get("name")
    if not isinstance(name, str) or not NAME.fullmatch(name):
        errors.append(
            {
                "field": f"{where}.name",
                "message": "Tên trường phải bắt đầu bằng chữ thường, chỉ gồm a–z, 0–9 và "
                "dấu gạch dưới, tối đa 40 ký tự (ví dụ: ho_ten).",
            }
        )
    try:
        label = _check_label(field.get("label"), limit=MAX_LABEL, what="Nhãn")
    except _Invalid as problem:
        errors.append({"field": f"{where}.label", "message": problem.message})
    kind_value = field.get("type")
    try:
        kind = EformFieldType(kind_value) if isinstance(kind_value, str) else None
    except ValueError:
        kind = None
    if kind is None:
        errors.append(
            {
                "field": f"{where}.type",
                "message": "Kiểu trường phải là một trong: "
                + ", ".join(t.value for t in EformFieldType)
                + ".",
            }
        )
        return None
    allowed = _KEYS_COMMON | _KEYS_BY_TYPE.get(kind, frozenset())
    for key in field:
        if key not in allowed:
            shown = str(key)[:40]
            errors.append(
                {
                    "field": f"{where}.{shown}",
                    "message": f"Khóa '{shown}' không dùng cho trường kiểu {kind.value}.",
                }
            )
    required = field.get("required", False)
    if not isinstance(required, bool):
        errors.append({"field": f"{where}.required", "message": "Phải là true hoặc false."})

    extra: dict[str, Any] = {}
    if kind in DEFAULT_MAX_LENGTH:
        max_length = field.get("max_length", DEFAULT_MAX_LENGTH[kind])
        if not _is_int(max_length) or not 1 <= max_length <= MAX_TEXT_LENGTH:
            errors.append(
                {
                    "field": f"{where}.max_length",
                    "message": f"Độ dài tối đa phải là số nguyên từ 1 đến {MAX_TEXT_LENGTH}.",
                }
            )
        extra["max_length"] = max_length
    elif kind == EformFieldType.CHOICE:
        extra["choices"] = _check_choices(field.get("choices"), errors, f"{where}.choices")
    elif kind == EformFieldType.INTEGER:
        for key in ("min", "max"):
            if key not in field:
                continue
            bound = field[key]
            if not _is_int(bound) or abs(bound) > MAX_SAFE_INTEGER:
                errors.append(
                    {
                        "field": f"{where}.{key}",
                        "message": f"Phải là số nguyên trong khoảng ±{MAX_SAFE_INTEGER}.",
                    }
                )
            else:
                extra[key] = bound
        if "min" in extra and "max" in extra and extra["min"] > extra["max"]:
            errors.append(
                {"field": f"{where}.min", "message": "Giá trị nhỏ nhất lớn hơn giá trị lớn nhất."}
            )
    if len(errors) > before:
        return None
    return {"name": name, "label": label, "type": kind.value, "required": required, **extra}


def eform_schema_check(schema: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The schema checked and normalised (see the module's docstring for the format).

    Raises ApplicationError(code="eform_schema_invalid", detail={"errors": [{"field",
    "message"}]}) listing every problem; ``field`` is a path such as ``[2].label`` or
    ``[0].choices[1].value``."""
    errors: list[dict[str, str]] = []
    fields: list[dict[str, Any]] = []
    if not isinstance(schema, list):
        errors.append({"field": WHOLE, "message": "Tờ khai phải là một danh sách các trường."})
    elif len(schema) > MAX_FIELDS:
        errors.append({"field": WHOLE, "message": f"Tờ khai có tối đa {MAX_FIELDS} trường."})
    else:
        names: set[str] = set()
        for index, field in enumerate(schema):
            checked = _check_field(field, f"[{index}]", errors)
            if checked is None:
                continue
            if checked["name"] in names:
                errors.append(
                    {
                        "field": f"[{index}].name",
                        "message": f"Tên trường '{checked['name']}' bị trùng.",
                    }
                )
                continue
            names.add(checked["name"])
            fields.append(checked)
    if errors:
        raise ApplicationError(
            "Cấu trúc tờ khai điện tử không hợp lệ (e-form schema invalid).",
            code="eform_schema_invalid",
            detail={"errors": errors},
        )
    return fields


# --- data --------------------------------------------------------------------------------


def _string(value: Any, *, limit: int) -> str:
    if not isinstance(value, str):
        raise _Invalid("Giá trị phải là chuỗi ký tự.")
    # Cheap refusal of a huge string before any normalisation: NFC at most shrinks a
    # Vietnamese letter written as base + two marks to one character.
    if len(value) > 4 * limit + 100:
        raise _Invalid(f"Dài quá {limit} ký tự.")
    return value


def _clean_text(value: Any, field: dict[str, Any]) -> str:
    limit = field["max_length"]
    raw = _string(value, limit=limit)
    if _has_forbidden_characters(raw):
        raise _Invalid("Có ký tự điều khiển không được phép (kể cả xuống dòng).")
    text = nfc(raw)
    if len(text) > limit:
        raise _Invalid(f"Dài quá {limit} ký tự.")
    return text


def _clean_textarea(value: Any, field: dict[str, Any]) -> str:
    limit = field["max_length"]
    raw = _string(value, limit=limit).replace("\r\n", "\n").replace("\r", "\n")
    if _has_forbidden_characters(raw, allowed="\n\t"):
        raise _Invalid("Có ký tự điều khiển không được phép.")
    text = unicodedata.normalize("NFC", raw).strip()
    if len(text) > limit:
        raise _Invalid(f"Dài quá {limit} ký tự.")
    return text


def _clean_integer(value: Any, field: dict[str, Any]) -> int:
    if isinstance(value, str) and _INTEGER_TEXT.fullmatch(value.strip()):
        number = int(value.strip())
    elif _is_int(value):
        number = value
    else:
        raise _Invalid("Giá trị phải là số nguyên.")
    low = field.get("min", -MAX_SAFE_INTEGER)
    high = field.get("max", MAX_SAFE_INTEGER)
    if not low <= number <= high:
        raise _Invalid(f"Giá trị phải từ {low} đến {high}.")
    return int(number)


def _clean_date(value: Any, field: dict[str, Any]) -> str:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        day = value
    else:
        text = _string(value, limit=10).strip()
        iso = _ISO_DATE.fullmatch(text)
        vietnamese = _VN_DATE.fullmatch(text)
        try:
            if iso:
                day = dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
            elif vietnamese:
                day = dt.date(int(vietnamese[3]), int(vietnamese[2]), int(vietnamese[1]))
            else:
                raise _Invalid("Ngày phải theo dạng dd/mm/yyyy hoặc yyyy-mm-dd.")
        except ValueError as exc:
            raise _Invalid("Ngày không có thật trên lịch.") from exc
    if not DATE_MIN <= day <= DATE_MAX:
        raise _Invalid(f"Ngày phải trong khoảng năm {DATE_MIN.year}–{DATE_MAX.year}.")
    return day.isoformat()


def _clean_choice(value: Any, field: dict[str, Any]) -> str:
    option = nfc(_string(value, limit=MAX_CHOICE_VALUE))
    if option not in {choice["value"] for choice in field["choices"]}:
        raise _Invalid("Giá trị không nằm trong các lựa chọn.")
    return option


def _clean_boolean(value: Any, field: dict[str, Any]) -> bool:
    if isinstance(value, bool):
        answer = value
    elif isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        answer = value.strip().lower() in _TRUE
    else:
        raise _Invalid("Giá trị phải là có (true) hoặc không (false).")
    if field["required"] and not answer:
        raise _Invalid("Phải đánh dấu xác nhận mục này.")
    return answer


def _clean_citizen_id(value: Any, field: dict[str, Any]) -> str:
    number = _CITIZEN_ID_SPACES.sub("", _string(value, limit=20))
    try:
        # The validator's \d also matches non-ASCII digits (fullwidth, Arabic-Indic).
        if not number.isascii():
            raise ValidationError("Số định danh cá nhân phải gồm đúng 12 chữ số.")
        validate_citizen_id(number)
    except ValidationError as exc:
        raise _Invalid(exc.messages[0]) from exc
    return number


def _clean_phone(value: Any, field: dict[str, Any]) -> str:
    raw = _string(value, limit=20).strip()
    try:
        if not raw.isascii():  # the validator's \d also matches non-ASCII digits
            raise ValidationError(
                "Số điện thoại phải bắt đầu bằng 0 (hoặc +84) và có 10–11 chữ số."
            )
        validate_phone(raw)
    except ValidationError as exc:
        raise _Invalid(exc.messages[0]) from exc
    return normalise_phone(raw)


def _clean_email(value: Any, field: dict[str, Any]) -> str:
    raw = _string(value, limit=MAX_EMAIL)
    if _has_forbidden_characters(raw):
        raise _Invalid("Có ký tự điều khiển không được phép.")
    address = unicodedata.normalize("NFC", raw).strip()
    if len(address) > MAX_EMAIL:
        raise _Invalid(f"Dài quá {MAX_EMAIL} ký tự.")
    try:
        _email_validator(address)
    except ValidationError as exc:
        raise _Invalid("Địa chỉ thư điện tử không hợp lệ.") from exc
    return address


_CLEANERS: dict[str, Callable[[Any, dict[str, Any]], Any]] = {
    EformFieldType.TEXT: _clean_text,
    EformFieldType.TEXTAREA: _clean_textarea,
    EformFieldType.INTEGER: _clean_integer,
    EformFieldType.DATE: _clean_date,
    EformFieldType.CHOICE: _clean_choice,
    EformFieldType.BOOLEAN: _clean_boolean,
    EformFieldType.CITIZEN_ID: _clean_citizen_id,
    EformFieldType.PHONE: _clean_phone,
    EformFieldType.EMAIL: _clean_email,
}


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def eform_validate(schema: list[dict[str, Any]], data: object) -> dict[str, Any]:
    """The applicant's answers checked against a schema and cleaned; see the module's
    docstring for each type. The schema is checked again first (a stored one is trusted
    no further than that): an invalid one raises ApplicationError("eform_schema_invalid").

    Raises InvalidInputError(code="eform_invalid", detail={"errors": [{"field": name,
    "message"}]}) listing every problem at once: unknown keys, missing required fields,
    wrong types, values too long, control characters. ``field`` is ``"__all__"`` when
    the data as a whole is refused (not an object)."""
    fields = eform_schema_check(schema)
    errors: list[dict[str, str]] = []
    cleaned: dict[str, Any] = {}
    if not isinstance(data, dict):
        errors.append(
            {
                "field": WHOLE,
                "message": "Dữ liệu tờ khai phải là một đối tượng JSON (các cặp tên – giá trị).",
            }
        )
    else:
        for field in fields:
            name = field["name"]
            value = data.get(name)
            if _is_empty(value):
                if field["required"]:
                    errors.append(
                        {
                            "field": name,
                            "message": f"Chưa nhập thông tin bắt buộc: {field['label']}.",
                        }
                    )
                continue
            try:
                cleaned[name] = _CLEANERS[field["type"]](value, field)
            except _Invalid as problem:
                errors.append({"field": name, "message": problem.message})
        known = {field["name"] for field in fields}
        unknown = [key for key in data if key not in known]
        for key in unknown[:MAX_UNKNOWN_REPORTED]:
            errors.append({"field": str(key)[:60], "message": "Tờ khai không có trường này."})
        if len(unknown) > MAX_UNKNOWN_REPORTED:
            errors.append(
                {
                    "field": WHOLE,
                    "message": f"Còn {len(unknown) - MAX_UNKNOWN_REPORTED} trường khác "
                    "không có trong tờ khai.",
                }
            )
    if errors:
        raise InvalidInputError(
            "Tờ khai điện tử chưa hợp lệ (e-form data invalid).",
            code="eform_invalid",
            detail={"errors": errors},
        )
    return cleaned


def eform_answers_from_post(
    schema: list[dict[str, Any]], posted: Any, *, prefix: str
) -> dict[str, Any]:
    """The answers an HTML form posted for ``schema`` (each field's input named
    ``<prefix><name>``), as ``eform_validate`` takes them: the text of each field, and
    for a boolean whether its box was ticked. Parsing only; ``eform_validate`` checks."""
    answers: dict[str, Any] = {}
    for field in schema:
        name = field.get("name")
        if not isinstance(name, str):
            continue
        if field.get("type") == EformFieldType.BOOLEAN:
            answers[name] = posted.get(prefix + name) is not None
        elif prefix + name in posted:
            answers[name] = posted.get(prefix + name)
    return answers
