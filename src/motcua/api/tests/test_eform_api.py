"""GET /api/v1/procedures/{code} gives the e-form (tờ khai điện tử) of the version in
force, so that a client can render it; the OpenAPI schema describes it."""

from __future__ import annotations

import pytest

from motcua.catalog.eforms import eform_validate

API = "/api/v1/procedures"
KEYS = {"name", "label", "type", "required", "max_length", "choices", "min", "max"}


def test_the_birth_registration_eform_is_in_the_detail(client, catalog_data):
    eform = client.get(f"{API}/1.001193").json()["eform"]

    assert all(set(field) == KEYS for field in eform)
    assert [(f["name"], f["type"], f["required"]) for f in eform] == [
        ("ho_ten", "text", True),
        ("ngay_sinh", "date", True),
        ("gioi_tinh", "choice", True),
        ("dan_toc", "text", True),
        ("quoc_tich", "text", True),
        ("noi_sinh", "text", True),
        ("que_quan", "text", False),
        ("ho_ten_me", "text", False),
        ("ho_ten_cha", "text", False),
        ("nguoi_yeu_cau", "text", True),
        ("so_dinh_danh_nguoi_yeu_cau", "citizen_id", True),
        ("quan_he", "choice", True),
        ("dien_thoai", "phone", False),
        ("email", "email", False),
        ("cam_doan", "boolean", True),
    ]
    assert eform[0] == {
        "name": "ho_ten",
        "label": "Họ, chữ đệm và tên người được khai sinh",
        "type": "text",
        "required": True,
        "max_length": 100,
        "choices": None,
        "min": None,
        "max": None,
    }
    assert eform[2] == {
        "name": "gioi_tinh",
        "label": "Giới tính",
        "type": "choice",
        "required": True,
        "max_length": None,
        "choices": [{"value": "nam", "label": "Nam"}, {"value": "nu", "label": "Nữ"}],
        "min": None,
        "max": None,
    }
    assert eform[1]["max_length"] is None and eform[1]["choices"] is None


def test_what_the_api_gives_is_what_the_answers_are_checked_against(client, catalog_data):
    """A client that renders the form from the API and posts it back gets its answers
    through eform_validate (null keys dropped: the stored schema has only its own)."""
    eform = client.get(f"{API}/1.001193").json()["eform"]
    schema = [{k: v for k, v in field.items() if v is not None} for field in eform]
    answers = {
        "ho_ten": "Lê Minh Khang",
        "ngay_sinh": "2026-10-01",
        "gioi_tinh": "nam",
        "dan_toc": "Kinh",
        "quoc_tich": "Việt Nam",
        "noi_sinh": "Trạm Y tế phường Phước Hậu",
        "nguoi_yeu_cau": "Lê Văn Bảo",
        "so_dinh_danh_nguoi_yeu_cau": "086090012345",
        "quan_he": "cha",
        "cam_doan": True,
    }
    assert eform_validate(schema, answers) == answers


@pytest.mark.parametrize("code", ["1.009794", "2.000908"])
def test_procedures_without_an_eform_give_an_empty_list(client, catalog_data, code):
    assert client.get(f"{API}/{code}").json()["eform"] == []


def test_the_openapi_schema_describes_the_eform(client, db):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    detail = schemas["ProcedureDetail"]
    assert "eform" in detail["required"]
    assert detail["properties"]["eform"]["items"] == {"$ref": "#/components/schemas/EformFieldOut"}
    field = schemas["EformFieldOut"]
    assert set(field["properties"]) == KEYS
    assert set(field["required"]) == {"name", "label", "type", "required"}
    assert schemas["EformFieldType"]["enum"] == [
        "text",
        "textarea",
        "integer",
        "date",
        "choice",
        "boolean",
        "citizen_id",
        "phone",
        "email",
    ]
