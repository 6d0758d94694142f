"""E-forms (catalog.eforms): the schema check and the check of an applicant's answers.
Pure functions: no database. Expected values are written out by hand."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.catalog.eforms import (
    MAX_SAFE_INTEGER,
    EformFieldType,
    eform_answers_from_post,
    eform_schema_check,
    eform_validate,
)
from motcua.catalog.tests.published import BIRTH_REGISTRATION_EFORM
from motcua.core.exceptions import ApplicationError, InvalidInputError
from motcua.core.text import nfc


def schema_errors(schema) -> list[dict[str, str]]:
    with pytest.raises(ApplicationError) as error:
        eform_schema_check(schema)
    assert error.value.code == "eform_schema_invalid"
    assert error.value.message == "Cấu trúc tờ khai điện tử không hợp lệ (e-form schema invalid)."
    return error.value.detail["errors"]


def data_errors(schema, data) -> dict[str, str]:
    """{field: message} of the refusal, checking the error's shape on the way."""
    with pytest.raises(InvalidInputError) as error:
        eform_validate(schema, data)
    assert error.value.code == "eform_invalid"
    assert error.value.http_status == 422
    errors = error.value.detail["errors"]
    assert all(set(e) == {"field", "message"} for e in errors)
    fields = [e["field"] for e in errors]
    assert len(fields) == len(set(fields)), "one error per field"
    return {e["field"]: e["message"] for e in errors}


def field(name: str, type_: str, **extra):
    return {"name": name, "label": name.replace("_", " ").capitalize(), "type": type_, **extra}


# --- schema: accepted ---------------------------------------------------------------------


def test_schema_is_normalised_with_defaults_filled_in():
    nfd_label = unicodedata.normalize("NFD", "  Họ   và tên ")
    schema = [
        {"name": "ho_ten", "label": nfd_label, "type": "text", "required": True},
        {"name": "ghi_chu", "label": "Ghi chú", "type": "textarea"},
        {"name": "so_con", "label": "Số con", "type": "integer", "min": 0, "max": 20},
        {"name": "nam", "label": "Năm", "type": "integer"},
        {
            "name": "gioi_tinh",
            "label": "Giới tính",
            "type": "choice",
            "choices": [
                {"value": " nam ", "label": "Nam"},
                {"value": "nu", "label": unicodedata.normalize("NFD", "Nữ")},
            ],
        },
        {"name": "ngay_sinh", "label": "Ngày sinh", "type": "date", "required": False},
        {"name": "cam_doan", "label": "Tôi cam đoan", "type": "boolean", "required": True},
        {"name": "cccd", "label": "Số định danh", "type": "citizen_id"},
        {"name": "dien_thoai", "label": "Điện thoại", "type": "phone"},
        {"name": "email", "label": "Thư điện tử", "type": "email"},
        {"name": "ly_do", "label": "Lý do", "type": "text", "max_length": 5000},
    ]

    assert eform_schema_check(schema) == [
        {
            "name": "ho_ten",
            "label": "Họ và tên",
            "type": "text",
            "required": True,
            "max_length": 200,
        },
        {
            "name": "ghi_chu",
            "label": "Ghi chú",
            "type": "textarea",
            "required": False,
            "max_length": 2000,
        },
        {
            "name": "so_con",
            "label": "Số con",
            "type": "integer",
            "required": False,
            "min": 0,
            "max": 20,
        },
        {"name": "nam", "label": "Năm", "type": "integer", "required": False},
        {
            "name": "gioi_tinh",
            "label": "Giới tính",
            "type": "choice",
            "required": False,
            "choices": [{"value": "nam", "label": "Nam"}, {"value": "nu", "label": "Nữ"}],
        },
        {"name": "ngay_sinh", "label": "Ngày sinh", "type": "date", "required": False},
        {"name": "cam_doan", "label": "Tôi cam đoan", "type": "boolean", "required": True},
        {"name": "cccd", "label": "Số định danh", "type": "citizen_id", "required": False},
        {"name": "dien_thoai", "label": "Điện thoại", "type": "phone", "required": False},
        {"name": "email", "label": "Thư điện tử", "type": "email", "required": False},
        {"name": "ly_do", "label": "Lý do", "type": "text", "required": False, "max_length": 5000},
    ]


def test_empty_schema_and_limits_are_accepted():
    assert eform_schema_check([]) == []
    hundred = [field(f"f{i}", "boolean") for i in range(100)]
    assert len(eform_schema_check(hundred)) == 100
    edge = [
        {"name": "a" * 40, "label": "L" * 200, "type": "text", "max_length": 1},
        field(
            "z9_",
            "integer",
            min=-MAX_SAFE_INTEGER,
            max=MAX_SAFE_INTEGER,
        ),
        field("same", "integer", min=5, max=5),
    ]
    assert [f["name"] for f in eform_schema_check(edge)] == ["a" * 40, "z9_", "same"]


def test_schema_check_is_idempotent_on_the_birth_registration_form():
    once = eform_schema_check(BIRTH_REGISTRATION_EFORM)
    assert eform_schema_check(once) == once
    assert [f["name"] for f in once][:3] == ["ho_ten", "ngay_sinh", "gioi_tinh"]


# --- schema: refused ----------------------------------------------------------------------


@pytest.mark.parametrize("schema", [None, {}, "[]", 5, {"name": "a"}])
def test_a_schema_must_be_a_list(schema):
    assert schema_errors(schema) == [
        {"field": "__all__", "message": "Tờ khai phải là một danh sách các trường."}
    ]


def test_at_most_100_fields():
    assert schema_errors([field(f"f{i}", "boolean") for i in range(101)]) == [
        {"field": "__all__", "message": "Tờ khai có tối đa 100 trường."}
    ]


NAME_MESSAGE = (
    "Tên trường phải bắt đầu bằng chữ thường, chỉ gồm a–z, 0–9 và dấu gạch dưới, "
    "tối đa 40 ký tự (ví dụ: ho_ten)."
)


@pytest.mark.parametrize(
    "name",
    [None, "", "Ho_ten", "1ten", "_ten", "ho-ten", "ho ten", "họ_tên", "a" * 41, 5, " ho_ten"],
)
def test_bad_names(name):
    assert schema_errors([{"name": name, "label": "Nhãn", "type": "text"}]) == [
        {"field": "[0].name", "message": NAME_MESSAGE}
    ]


@pytest.mark.parametrize(
    ("label", "message"),
    [
        (None, "Nhãn phải là chuỗi ký tự."),
        (12, "Nhãn phải là chuỗi ký tự."),
        ("   ", "Nhãn không được để trống."),
        ("L" * 201, "Nhãn dài quá 200 ký tự."),
        ("L" * 10_000_000, "Nhãn dài quá 200 ký tự."),
        ("Họ\x00tên", "Nhãn có ký tự điều khiển không được phép."),
        ("Họ\u202etên", "Nhãn có ký tự điều khiển không được phép."),
    ],
)
def test_bad_labels(label, message):
    assert schema_errors([{"name": "ho_ten", "label": label, "type": "text"}]) == [
        {"field": "[0].label", "message": message}
    ]


@pytest.mark.parametrize("type_", [None, "", "string", "TEXT", "file", 1, ["text"]])
def test_bad_types(type_):
    assert schema_errors([{"name": "x", "label": "X", "type": type_}]) == [
        {
            "field": "[0].type",
            "message": "Kiểu trường phải là một trong: text, textarea, integer, date, choice, "
            "boolean, citizen_id, phone, email.",
        }
    ]


@pytest.mark.parametrize(
    ("extra", "path", "message"),
    [
        ({"required": "yes"}, "[0].required", "Phải là true hoặc false."),
        ({"required": 1}, "[0].required", "Phải là true hoặc false."),
        ({"max_length": 0}, "[0].max_length", "Độ dài tối đa phải là số nguyên từ 1 đến 5000."),
        (
            {"max_length": 5001},
            "[0].max_length",
            "Độ dài tối đa phải là số nguyên từ 1 đến 5000.",
        ),
        (
            {"max_length": "200"},
            "[0].max_length",
            "Độ dài tối đa phải là số nguyên từ 1 đến 5000.",
        ),
        (
            {"max_length": True},
            "[0].max_length",
            "Độ dài tối đa phải là số nguyên từ 1 đến 5000.",
        ),
        ({"max_length": 2.5}, "[0].max_length", "Độ dài tối đa phải là số nguyên từ 1 đến 5000."),
        ({"min": 1}, "[0].min", "Khóa 'min' không dùng cho trường kiểu text."),
        ({"choices": []}, "[0].choices", "Khóa 'choices' không dùng cho trường kiểu text."),
        ({"help": "x"}, "[0].help", "Khóa 'help' không dùng cho trường kiểu text."),
    ],
)
def test_bad_keys_of_a_text_field(extra, path, message):
    assert schema_errors([{**field("ho_ten", "text"), **extra}]) == [
        {"field": path, "message": message}
    ]


@pytest.mark.parametrize(
    ("extra", "errors"),
    [
        (
            {"max_length": 10},
            [
                {
                    "field": "[0].max_length",
                    "message": "Khóa 'max_length' không dùng cho trường kiểu integer.",
                }
            ],
        ),
        (
            {"min": "0"},
            [
                {
                    "field": "[0].min",
                    "message": f"Phải là số nguyên trong khoảng ±{MAX_SAFE_INTEGER}.",
                }
            ],
        ),
        (
            {"max": 1.5},
            [
                {
                    "field": "[0].max",
                    "message": f"Phải là số nguyên trong khoảng ±{MAX_SAFE_INTEGER}.",
                }
            ],
        ),
        (
            {"max": False},
            [
                {
                    "field": "[0].max",
                    "message": f"Phải là số nguyên trong khoảng ±{MAX_SAFE_INTEGER}.",
                }
            ],
        ),
        (
            {"max": 2**53},
            [
                {
                    "field": "[0].max",
                    "message": f"Phải là số nguyên trong khoảng ±{MAX_SAFE_INTEGER}.",
                }
            ],
        ),
        (
            {"min": 10, "max": 9},
            [{"field": "[0].min", "message": "Giá trị nhỏ nhất lớn hơn giá trị lớn nhất."}],
        ),
    ],
)
def test_bad_keys_of_an_integer_field(extra, errors):
    assert schema_errors([{**field("so", "integer"), **extra}]) == errors


def test_keys_of_other_types_are_refused():
    schema = [
        field("a", "date", max_length=10),
        field("b", "boolean", choices=[{"value": "x", "label": "X"}]),
        field("c", "citizen_id", min=0),
        field("d", "phone", max_length=20),
        field("e", "email", max=3),
        field("f", "textarea", min=1),
    ]
    assert schema_errors(schema) == [
        {
            "field": "[0].max_length",
            "message": "Khóa 'max_length' không dùng cho trường kiểu date.",
        },
        {"field": "[1].choices", "message": "Khóa 'choices' không dùng cho trường kiểu boolean."},
        {"field": "[2].min", "message": "Khóa 'min' không dùng cho trường kiểu citizen_id."},
        {
            "field": "[3].max_length",
            "message": "Khóa 'max_length' không dùng cho trường kiểu phone.",
        },
        {"field": "[4].max", "message": "Khóa 'max' không dùng cho trường kiểu email."},
        {"field": "[5].min", "message": "Khóa 'min' không dùng cho trường kiểu textarea."},
    ]


@pytest.mark.parametrize(
    ("choices", "errors"),
    [
        (None, [("[0].choices", "Danh sách lựa chọn phải có ít nhất một mục.")]),
        ([], [("[0].choices", "Danh sách lựa chọn phải có ít nhất một mục.")]),
        ({"nam": "Nam"}, [("[0].choices", "Danh sách lựa chọn phải có ít nhất một mục.")]),
        (
            [{"value": str(i), "label": str(i)} for i in range(201)],
            [("[0].choices", "Tối đa 200 lựa chọn.")],
        ),
        (["nam"], [("[0].choices[0]", "Mỗi lựa chọn gồm đúng hai khóa 'value' và 'label'.")]),
        (
            [{"value": "nam"}],
            [("[0].choices[0]", "Mỗi lựa chọn gồm đúng hai khóa 'value' và 'label'.")],
        ),
        (
            [{"value": "nam", "label": "Nam", "x": 1}],
            [("[0].choices[0]", "Mỗi lựa chọn gồm đúng hai khóa 'value' và 'label'.")],
        ),
        (
            [{"value": 1, "label": "Một"}],
            [("[0].choices[0].value", "Giá trị phải là chuỗi ký tự.")],
        ),
        (
            [{"value": " ", "label": "Trống"}],
            [("[0].choices[0].value", "Giá trị không được để trống.")],
        ),
        (
            [{"value": "v" * 101, "label": "Dài"}],
            [("[0].choices[0].value", "Giá trị dài quá 100 ký tự.")],
        ),
        ([{"value": "nam", "label": ""}], [("[0].choices[0].label", "Nhãn không được để trống.")]),
        (
            [{"value": "nam", "label": "Nam"}, {"value": " nam", "label": "Nam nữa"}],
            [("[0].choices[1].value", "Giá trị 'nam' bị trùng.")],
        ),
        (
            [
                {"value": "a", "label": "A"},
                {"value": "b\x07", "label": "B"},
                {"value": "c", "label": 3},
            ],
            [
                ("[0].choices[1].value", "Giá trị có ký tự điều khiển không được phép."),
                ("[0].choices[2].label", "Nhãn phải là chuỗi ký tự."),
            ],
        ),
    ],
)
def test_bad_choices(choices, errors):
    schema = [{"name": "gioi_tinh", "label": "Giới tính", "type": "choice", "choices": choices}]
    assert [(e["field"], e["message"]) for e in schema_errors(schema)] == errors


def test_a_choice_field_without_choices_is_refused():
    assert schema_errors([field("gioi_tinh", "choice")]) == [
        {"field": "[0].choices", "message": "Danh sách lựa chọn phải có ít nhất một mục."}
    ]


def test_every_problem_of_a_schema_is_listed_at_once():
    schema = [
        field("ho_ten", "text"),
        "ho_ten",
        field("ho_ten", "text"),  # duplicate of the first
        {"name": "Bad", "label": "", "type": "text"},
        field("so", "integer", min=3, max=1),
        {"label": "Không tên", "type": "date"},
        field("ok", "boolean"),
    ]
    assert schema_errors(schema) == [
        {"field": "[1]", "message": "Mỗi trường phải là một đối tượng JSON."},
        {"field": "[2].name", "message": "Tên trường 'ho_ten' bị trùng."},
        {"field": "[3].name", "message": NAME_MESSAGE},
        {"field": "[3].label", "message": "Nhãn không được để trống."},
        {"field": "[4].min", "message": "Giá trị nhỏ nhất lớn hơn giá trị lớn nhất."},
        {"field": "[5].name", "message": NAME_MESSAGE},
    ]


def test_huge_unknown_keys_are_shown_truncated():
    key = "k" * 1_000_000
    [error] = schema_errors([{**field("a", "text"), key: 1}])
    assert error == {
        "field": "[0]." + "k" * 40,
        "message": "Khóa '" + "k" * 40 + "' không dùng cho trường kiểu text.",
    }


# --- data: each type ----------------------------------------------------------------------

EVERY_TYPE = eform_schema_check(
    [
        {"name": "ho_ten", "label": "Họ và tên", "type": "text", "max_length": 20},
        {"name": "ghi_chu", "label": "Ghi chú", "type": "textarea", "max_length": 30},
        {"name": "so_con", "label": "Số con", "type": "integer", "min": 0, "max": 20},
        {"name": "ngay_sinh", "label": "Ngày sinh", "type": "date"},
        {
            "name": "gioi_tinh",
            "label": "Giới tính",
            "type": "choice",
            "choices": [{"value": "nam", "label": "Nam"}, {"value": "nu", "label": "Nữ"}],
        },
        {"name": "da_ket_hon", "label": "Đã kết hôn", "type": "boolean"},
        {"name": "cccd", "label": "Số định danh", "type": "citizen_id"},
        {"name": "dien_thoai", "label": "Điện thoại", "type": "phone"},
        {"name": "email", "label": "Thư điện tử", "type": "email"},
    ]
)


def test_every_type_is_cleaned():
    data = {
        "email": "  an.nguyen@example.vn ",
        "ho_ten": unicodedata.normalize("NFD", "  Nguyễn   Văn  An "),
        "ghi_chu": "\r\n Dòng một\r\n\tDòng hai\rDòng ba \n",
        "so_con": "  2 ",
        "ngay_sinh": "5/9/2026",
        "gioi_tinh": " nu ",
        "da_ket_hon": "on",
        "cccd": "086 099 012 345",
        "dien_thoai": "(0270) 382.2345",
    }
    assert eform_validate(EVERY_TYPE, data) == {
        "ho_ten": "Nguyễn Văn An",
        "ghi_chu": "Dòng một\n\tDòng hai\nDòng ba",
        "so_con": 2,
        "ngay_sinh": "2026-09-05",
        "gioi_tinh": "nu",
        "da_ket_hon": True,
        "cccd": "086099012345",
        "dien_thoai": "02703822345",
        "email": "an.nguyen@example.vn",
    }


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("so_con", 0, 0),
        ("so_con", 20, 20),
        ("so_con", "+7", 7),
        ("so_con", "-0", 0),
        ("ngay_sinh", "2026-02-28", "2026-02-28"),
        ("ngay_sinh", "29/02/2024", "2024-02-29"),
        ("ngay_sinh", dt.date(1800, 1, 1), "1800-01-01"),
        ("ngay_sinh", "2199-12-31", "2199-12-31"),
        ("da_ket_hon", False, False),
        ("da_ket_hon", "FALSE", False),
        ("da_ket_hon", "0", False),
        ("da_ket_hon", "off", False),
        ("da_ket_hon", "True", True),
        ("da_ket_hon", "1", True),
        ("dien_thoai", "+84 912 345 678", "+84912345678"),
        ("dien_thoai", "0912-345-678", "0912345678"),
        ("email", "an@ví-dụ.vn", "an@ví-dụ.vn"),
        ("email", unicodedata.normalize("NFD", "an@ví-dụ.vn"), "an@ví-dụ.vn"),
        ("ho_ten", "A" * 20, "A" * 20),
        # Twenty letters written decomposed (base + marks) fit twenty once composed.
        ("ho_ten", unicodedata.normalize("NFD", "ệ" * 20), "ệ" * 20),
    ],
)
def test_accepted_values(name, value, expected):
    assert eform_validate(EVERY_TYPE, {name: value}) == {name: expected}


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("ho_ten", 12, "Giá trị phải là chuỗi ký tự."),
        ("ho_ten", ["An"], "Giá trị phải là chuỗi ký tự."),
        ("ho_ten", {"ho": "Nguyễn"}, "Giá trị phải là chuỗi ký tự."),
        ("ho_ten", True, "Giá trị phải là chuỗi ký tự."),
        ("ho_ten", "A" * 21, "Dài quá 20 ký tự."),
        ("ho_ten", "An\nBình", "Có ký tự điều khiển không được phép (kể cả xuống dòng)."),
        ("ho_ten", "An\tBình", "Có ký tự điều khiển không được phép (kể cả xuống dòng)."),
        ("ho_ten", "An\x00", "Có ký tự điều khiển không được phép (kể cả xuống dòng)."),
        ("ho_ten", "An\x1b[31m", "Có ký tự điều khiển không được phép (kể cả xuống dòng)."),
        ("ho_ten", "An\x85", "Có ký tự điều khiển không được phép (kể cả xuống dòng)."),
        ("ho_ten", "An\ud800", "Có ký tự điều khiển không được phép (kể cả xuống dòng)."),
        ("ho_ten", "\u202eAn", "Có ký tự điều khiển không được phép (kể cả xuống dòng)."),
        ("ghi_chu", "x" * 31, "Dài quá 30 ký tự."),
        ("ghi_chu", "Dòng\x00một", "Có ký tự điều khiển không được phép."),
        ("ghi_chu", "Dòng\x0bmột", "Có ký tự điều khiển không được phép."),
        ("ghi_chu", 3.5, "Giá trị phải là chuỗi ký tự."),
        ("so_con", 2.0, "Giá trị phải là số nguyên."),
        ("so_con", True, "Giá trị phải là số nguyên."),
        ("so_con", "2.5", "Giá trị phải là số nguyên."),
        ("so_con", "1e3", "Giá trị phải là số nguyên."),
        ("so_con", "٣", "Giá trị phải là số nguyên."),  # Arabic-Indic three
        ("so_con", "1" * 17, "Giá trị phải là số nguyên."),
        ("so_con", [2], "Giá trị phải là số nguyên."),
        ("so_con", -1, "Giá trị phải từ 0 đến 20."),
        ("so_con", 21, "Giá trị phải từ 0 đến 20."),
        ("so_con", 10**100, "Giá trị phải từ 0 đến 20."),
        ("ngay_sinh", "2026-02-29", "Ngày không có thật trên lịch."),
        ("ngay_sinh", "31/04/2026", "Ngày không có thật trên lịch."),
        ("ngay_sinh", "2026-13-01", "Ngày không có thật trên lịch."),
        ("ngay_sinh", "20260101", "Ngày phải theo dạng dd/mm/yyyy hoặc yyyy-mm-dd."),
        ("ngay_sinh", "2026-W01-1", "Ngày phải theo dạng dd/mm/yyyy hoặc yyyy-mm-dd."),
        ("ngay_sinh", "2026-01-01T00:00", "Ngày phải theo dạng dd/mm/yyyy hoặc yyyy-mm-dd."),
        ("ngay_sinh", "hôm qua", "Ngày phải theo dạng dd/mm/yyyy hoặc yyyy-mm-dd."),
        ("ngay_sinh", 20260101, "Giá trị phải là chuỗi ký tự."),
        ("ngay_sinh", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), "Giá trị phải là chuỗi ký tự."),
        ("ngay_sinh", "1799-12-31", "Ngày phải trong khoảng năm 1800–2199."),
        ("ngay_sinh", "01/01/2200", "Ngày phải trong khoảng năm 1800–2199."),
        ("gioi_tinh", "Nam", "Giá trị không nằm trong các lựa chọn."),
        ("gioi_tinh", "khac", "Giá trị không nằm trong các lựa chọn."),
        ("gioi_tinh", 1, "Giá trị phải là chuỗi ký tự."),
        ("gioi_tinh", ["nam"], "Giá trị phải là chuỗi ký tự."),
        ("da_ket_hon", 1, "Giá trị phải là có (true) hoặc không (false)."),
        ("da_ket_hon", "có", "Giá trị phải là có (true) hoặc không (false)."),
        ("da_ket_hon", [], "Giá trị phải là có (true) hoặc không (false)."),
        ("cccd", "08609901234", "Số định danh cá nhân phải gồm đúng 12 chữ số."),
        ("cccd", "08609901234x", "Số định danh cá nhân phải gồm đúng 12 chữ số."),
        ("cccd", "０８６０９９０１２３４５", "Số định danh cá nhân phải gồm đúng 12 chữ số."),
        (
            "cccd",
            "003099012345",
            "Ba chữ số đầu của số định danh không phải mã tỉnh nơi đăng ký khai sinh.",
        ),
        ("cccd", 86099012345, "Giá trị phải là chuỗi ký tự."),
        (
            "dien_thoai",
            "912345678",
            "Số điện thoại phải bắt đầu bằng 0 (hoặc +84) và có 10–11 chữ số.",
        ),
        (
            "dien_thoai",
            "091234567",
            "Số điện thoại phải bắt đầu bằng 0 (hoặc +84) và có 10–11 chữ số.",
        ),
        (
            "dien_thoai",
            "091234567890",
            "Số điện thoại phải bắt đầu bằng 0 (hoặc +84) và có 10–11 chữ số.",
        ),
        (
            "dien_thoai",
            "０９１２３４５６７８",
            "Số điện thoại phải bắt đầu bằng 0 (hoặc +84) và có 10–11 chữ số.",
        ),
        ("dien_thoai", 912345678, "Giá trị phải là chuỗi ký tự."),
        ("email", "không phải thư", "Địa chỉ thư điện tử không hợp lệ."),
        ("email", "a@b", "Địa chỉ thư điện tử không hợp lệ."),
        ("email", "a@example.vn\x00", "Có ký tự điều khiển không được phép."),
        ("email", "a" * 250 + "@example.vn", "Dài quá 254 ký tự."),
    ],
)
def test_refused_values(name, value, message):
    assert data_errors(EVERY_TYPE, {name: value}) == {name: message}


# --- data: required, empty, unknown, all at once ----------------------------------------

REQUIRED = eform_schema_check(
    [
        {"name": "ho_ten", "label": "Họ và tên", "type": "text", "required": True},
        {"name": "so_con", "label": "Số con", "type": "integer", "required": True},
        {"name": "cam_doan", "label": "Tôi cam đoan", "type": "boolean", "required": True},
        {"name": "ghi_chu", "label": "Ghi chú", "type": "textarea"},
        {"name": "email", "label": "Thư điện tử", "type": "email"},
    ]
)


def test_missing_required_fields_are_each_reported():
    assert data_errors(REQUIRED, {}) == {
        "ho_ten": "Chưa nhập thông tin bắt buộc: Họ và tên.",
        "so_con": "Chưa nhập thông tin bắt buộc: Số con.",
        "cam_doan": "Chưa nhập thông tin bắt buộc: Tôi cam đoan.",
    }
    assert data_errors(REQUIRED, {"ho_ten": " \n ", "so_con": None, "cam_doan": ""}) == {
        "ho_ten": "Chưa nhập thông tin bắt buộc: Họ và tên.",
        "so_con": "Chưa nhập thông tin bắt buộc: Số con.",
        "cam_doan": "Chưa nhập thông tin bắt buộc: Tôi cam đoan.",
    }


def test_a_required_boolean_must_be_ticked():
    answers = {"ho_ten": "An", "so_con": 0}
    assert data_errors(REQUIRED, {**answers, "cam_doan": False}) == {
        "cam_doan": "Phải đánh dấu xác nhận mục này."
    }
    assert eform_validate(REQUIRED, {**answers, "cam_doan": True}) == {
        "ho_ten": "An",
        "so_con": 0,
        "cam_doan": True,
    }


def test_empty_optional_fields_are_left_out():
    answers = {"ho_ten": "An", "so_con": 1, "cam_doan": "true"}
    assert eform_validate(REQUIRED, {**answers, "ghi_chu": " \r\n\t ", "email": None}) == {
        "ho_ten": "An",
        "so_con": 1,
        "cam_doan": True,
    }


def test_every_problem_is_listed_at_once():
    data = {
        "ho_ten": "A\x00",
        "cam_doan": False,
        "ghi_chu": {"nested": {"deeper": ["x"]}},
        "email": "@",
        "la": "x",
        "khac": None,
    }
    with pytest.raises(InvalidInputError) as error:
        eform_validate(REQUIRED, data)
    assert error.value.detail["errors"] == [
        {"field": "ho_ten", "message": "Có ký tự điều khiển không được phép (kể cả xuống dòng)."},
        {"field": "so_con", "message": "Chưa nhập thông tin bắt buộc: Số con."},
        {"field": "cam_doan", "message": "Phải đánh dấu xác nhận mục này."},
        {"field": "ghi_chu", "message": "Giá trị phải là chuỗi ký tự."},
        {"field": "email", "message": "Địa chỉ thư điện tử không hợp lệ."},
        {"field": "la", "message": "Tờ khai không có trường này."},
        {"field": "khac", "message": "Tờ khai không có trường này."},
    ]
    assert error.value.message == "Tờ khai điện tử chưa hợp lệ (e-form data invalid)."


@pytest.mark.parametrize(
    "data", [None, [], [("ho_ten", "An")], "ho_ten=An", 5, b"{}", {"ho_ten", "An"}]
)
def test_data_must_be_an_object(data):
    assert data_errors(REQUIRED, data) == {
        "__all__": "Dữ liệu tờ khai phải là một đối tượng JSON (các cặp tên – giá trị)."
    }


def test_an_empty_form_accepts_only_empty_data():
    assert eform_validate([], {}) == {}
    assert data_errors([], {"x": 1}) == {"x": "Tờ khai không có trường này."}


# --- data: hostile input ------------------------------------------------------------------


def test_ten_megabyte_strings_are_refused_quickly_in_every_field():
    huge = "Ă" * 10_000_000
    data = {"ho_ten": huge, "ghi_chu": huge, "so_con": huge, "ngay_sinh": huge}
    data |= {"gioi_tinh": huge, "cccd": huge, "dien_thoai": huge, "email": huge}
    data |= {"da_ket_hon": huge}
    assert data_errors(EVERY_TYPE, data) == {
        "ho_ten": "Dài quá 20 ký tự.",
        "ghi_chu": "Dài quá 30 ký tự.",
        "so_con": "Giá trị phải là số nguyên.",
        "ngay_sinh": "Dài quá 10 ký tự.",
        "gioi_tinh": "Dài quá 100 ký tự.",
        "da_ket_hon": "Giá trị phải là có (true) hoặc không (false).",
        "cccd": "Dài quá 20 ký tự.",
        "dien_thoai": "Dài quá 20 ký tự.",
        "email": "Dài quá 254 ký tự.",
    }


def test_ten_megabytes_of_white_space_in_an_optional_field_is_empty():
    assert eform_validate(EVERY_TYPE, {"ghi_chu": " " * 10_000_000}) == {}


def test_a_flood_of_unknown_keys_gives_a_short_answer():
    data = {f"k{i}": i for i in range(100_000)}
    data["k0"] = "x" * 1_000_000
    data["x" * 1_000_000] = 1
    with pytest.raises(InvalidInputError) as error:
        eform_validate(EVERY_TYPE, data)
    errors = error.value.detail["errors"]
    assert len(errors) == 21
    assert errors[0] == {"field": "k0", "message": "Tờ khai không có trường này."}
    assert errors[-1] == {
        "field": "__all__",
        "message": "Còn 99981 trường khác không có trong tờ khai.",
    }


def test_a_long_unknown_key_is_truncated_in_the_answer():
    assert data_errors(EVERY_TYPE, {"x" * 1_000_000: 1}) == {
        "x" * 60: "Tờ khai không có trường này."
    }


def test_non_string_keys_are_unknown_keys():
    assert data_errors(EVERY_TYPE, {1: "a", None: "b", ("ho_ten",): "c"}) == {
        "1": "Tờ khai không có trường này.",
        "None": "Tờ khai không có trường này.",
        "('ho_ten',)": "Tờ khai không có trường này.",
    }


def test_a_deeply_nested_value_is_refused_without_recursion():
    nested: list = []
    for _ in range(100_000):
        nested = [nested]
    assert data_errors(EVERY_TYPE, {"ho_ten": nested}) == {"ho_ten": "Giá trị phải là chuỗi ký tự."}


def test_an_invalid_stored_schema_is_refused_before_the_data():
    with pytest.raises(ApplicationError) as error:
        eform_validate([{"name": "x", "label": "X", "type": "file"}], {"x": "a"})
    assert error.value.code == "eform_schema_invalid"


def test_a_raw_schema_gets_its_defaults():
    # Not normalised (no required, no max_length): checked again, so the defaults apply.
    raw = [{"name": "ho_ten", "label": "Họ tên", "type": "text"}]
    assert eform_validate(raw, {"ho_ten": "An"}) == {"ho_ten": "An"}
    assert data_errors(raw, {"ho_ten": "A" * 201}) == {"ho_ten": "Dài quá 200 ký tự."}


def test_the_birth_registration_form():
    answers = {
        "ho_ten": "Nguyễn Thị Bình An",
        "ngay_sinh": "12/10/2026",
        "gioi_tinh": "nu",
        "dan_toc": "Kinh",
        "quoc_tich": "Việt Nam",
        "noi_sinh": "Bệnh viện Đa khoa tỉnh Vĩnh Long",
        "ho_ten_me": "Trần Thị Cúc",
        "nguoi_yeu_cau": "Trần Thị Cúc",
        "so_dinh_danh_nguoi_yeu_cau": "086199012345",
        "quan_he": "me",
        "cam_doan": True,
    }
    assert eform_validate(BIRTH_REGISTRATION_EFORM, answers) == {
        **answers,
        "ngay_sinh": "2026-10-12",
    }
    assert data_errors(BIRTH_REGISTRATION_EFORM, {**answers, "quan_he": "hang_xom"}) == {
        "quan_he": "Giá trị không nằm trong các lựa chọn."
    }


# --- properties ---------------------------------------------------------------------------

names = st.from_regex(r"[a-z][a-z0-9_]{0,39}", fullmatch=True)
# Bidi controls are refused like control characters (catalog.eforms._BIDI).
printable = st.characters(
    blacklist_categories=("Cc", "Cs"),
    blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
)


def printable_text(max_size: int) -> st.SearchStrategy[str]:
    """Text without control characters, sometimes decomposed (NFD) on purpose."""
    text = st.text(alphabet=printable, max_size=max_size)
    return st.one_of(text, text.map(lambda s: unicodedata.normalize("NFD", s)))


def labels(raw: bool) -> st.SearchStrategy[str]:
    valid = printable_text(60).filter(lambda s: s.strip())
    return st.one_of(valid, st.text(max_size=60)) if raw else valid


@st.composite
def schema_fields(draw, name: str, raw: bool) -> dict:
    type_ = draw(st.sampled_from(list(EformFieldType)))
    result = {"name": name, "label": draw(labels(raw)), "type": type_.value}
    if draw(st.booleans()):
        result["required"] = draw(st.booleans())
    if type_ in (EformFieldType.TEXT, EformFieldType.TEXTAREA) and draw(st.booleans()):
        result["max_length"] = draw(st.integers(min_value=1, max_value=40))
    if type_ == EformFieldType.CHOICE:
        values = st.lists(
            printable_text(8).filter(lambda s: s.strip()),
            min_size=1,
            max_size=4,
            unique_by=lambda s: s if raw else nfc(s),
        )
        result["choices"] = [{"value": v, "label": draw(labels(raw))} for v in draw(values)]
    if type_ == EformFieldType.INTEGER:
        bounds = draw(st.lists(st.integers(min_value=-1000, max_value=1000), max_size=2))
        keys = draw(st.sampled_from([("min", "max"), ("max", "min")]))
        if not raw:  # min ≤ max
            bounds.sort()
            keys = ("min", "max") if len(bounds) == 2 else keys
        result.update(zip(keys, bounds, strict=False))
    return result


@st.composite
def schemas(draw, raw: bool) -> list:
    field_names = draw(st.lists(names, min_size=1, max_size=6, unique=True))
    return [draw(schema_fields(name, raw)) for name in field_names]


def candidate_values(field: dict, noisy: bool) -> st.SearchStrategy:
    """Values in each type's format (most of them valid); with ``noisy``, anything too."""
    choices = [c["value"] for c in field.get("choices", [])]
    near = {
        "text": printable_text(30),
        "textarea": st.text(alphabet=st.one_of(printable, st.sampled_from("\r\n\t")), max_size=40),
        "integer": st.one_of(
            st.integers(min_value=-2000, max_value=2000),
            st.integers(min_value=-2000, max_value=2000).map(lambda n: f" {n} "),
        ),
        "date": st.one_of(
            st.dates(min_value=dt.date(1700, 1, 1), max_value=dt.date(2300, 1, 1)).map(
                lambda d: d.isoformat()
            ),
            st.dates(min_value=dt.date(1000, 1, 1)).map(
                lambda d: f"{d.day}/{d.month:02d}/{d.year}"
            ),
            st.dates(min_value=dt.date(1790, 1, 1), max_value=dt.date(2210, 1, 1)),
        ),
        "choice": st.sampled_from(choices or ["x"]).map(
            lambda v: v if len(v) % 2 else f" {unicodedata.normalize('NFD', v)} "
        ),
        "boolean": st.sampled_from([True, False, "true", "false", "On", "off", "1", "0"]),
        "citizen_id": st.from_regex(r"0[0-9]{2} ?[0-9]{3} ?[0-9]{6}", fullmatch=True),
        "phone": st.from_regex(r"(0|\+84)[0-9]{2,3}[ .]?[0-9]{3}[ .]?[0-9]{3,4}", fullmatch=True),
        "email": st.emails(),
    }[field["type"]]
    if not noisy:
        return near
    anything = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=50))
    return st.one_of(near, anything)


@st.composite
def schema_and_data(draw) -> tuple[list, dict]:
    schema = eform_schema_check(draw(schemas(raw=False)))
    noisy = draw(st.booleans())
    data = {}
    for field in schema:
        if field["required"] or draw(st.booleans()):
            data[field["name"]] = draw(candidate_values(field, noisy))
    return schema, data


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(schemas(raw=True))
def test_property_a_checked_schema_checks_to_itself(schema):
    try:
        once = eform_schema_check(schema)
    except ApplicationError:
        return
    assert eform_schema_check(once) == once


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(schema_and_data())
def test_property_accepted_data_round_trips_unchanged(case):
    schema, data = case
    try:
        cleaned = eform_validate(schema, data)
    except InvalidInputError as error:
        # A refusal names only fields of the data.
        assert {e["field"] for e in error.detail["errors"]} <= set(data)
        return
    assert eform_validate(schema, cleaned) == cleaned
    assert set(cleaned) <= set(data)
    for value in cleaned.values():
        if isinstance(value, str):
            assert unicodedata.is_normalized("NFC", value)
            assert value == value.strip()


def test_answers_from_an_html_form():
    """What a browser posts: the text of each field present, a box ticked or not, the
    fields the page did not send left out; eform_validate then takes it as it is."""
    schema = [
        {"name": "ho_ten", "label": "Họ tên", "type": "text", "required": True},
        {"name": "ngay_sinh", "label": "Ngày sinh", "type": "date"},
        {"name": "cam_doan", "label": "Tôi cam đoan", "type": "boolean", "required": True},
        {"name": "ghi_chu", "label": "Ghi chú", "type": "textarea"},
    ]
    posted = {"tk-ho_ten": "Lâm Gia Hân", "tk-ngay_sinh": "20/02/2026", "tk-cam_doan": "on"}
    answers = eform_answers_from_post(schema, posted, prefix="tk-")
    assert answers == {
        "ho_ten": "Lâm Gia Hân",
        "ngay_sinh": "20/02/2026",
        "cam_doan": True,
    }
    assert eform_validate(schema, answers) == {
        "ho_ten": "Lâm Gia Hân",
        "ngay_sinh": "2026-02-20",
        "cam_doan": True,
    }
    assert eform_answers_from_post(schema, {}, prefix="tk-") == {"cam_doan": False}
