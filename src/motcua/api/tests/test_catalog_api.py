"""/api/v1/procedures: search, detail and appointment, with the error shape and the
authorization matrix. Appointment vectors are counted by hand in the comments."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from motcua.catalog.models import Procedure

VN = ZoneInfo("Asia/Ho_Chi_Minh")
API = "/api/v1/procedures"


def vn(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=VN)


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "detail"}
    assert body["code"] == code
    assert body["message"]
    return body


# --- search -----------------------------------------------------------------------


def test_search_folds_diacritics(client, catalog_data):
    body = client.get(API, {"q": "dang ky khai sinh"}).json()
    assert [item["name"] for item in body["items"]] == ["Đăng ký khai sinh"]
    assert body["count"] == 1


def test_search_uppercase_d_and_partial_words(client, catalog_data):
    body = client.get(API, {"q": "ĐĂNG KÝ"}).json()
    assert [item["code"] for item in body["items"]] == ["1.001193"]
    body = client.get(API, {"q": "giay phep xay dung"}).json()
    assert [item["code"] for item in body["items"]] == ["1.009794"]


def test_search_without_query_lists_only_procedures_in_force(client, catalog_data):
    body = client.get(API).json()
    assert body["count"] == 3  # the draft-only procedure is not public
    assert {item["code"] for item in body["items"]} == {"1.001193", "1.009794", "2.000908"}
    item = next(i for i in body["items"] if i["code"] == "1.009794")
    assert item["time_limit"]["text"] == "5 ngày làm việc"
    assert item["online_mode"]["value"] == "partial"
    assert item["field"] == {"code": "XAYDUNG", "name": "Xây dựng"}


def test_search_filters(client, catalog_data):
    by_field = client.get(API, {"field": "HOTICH"}).json()
    assert {i["code"] for i in by_field["items"]} == {"1.001193", "2.000908"}
    by_level = client.get(API, {"level": "commune"}).json()
    assert [i["code"] for i in by_level["items"]] == ["1.001193"]
    by_agency = client.get(API, {"agency": "000.00.12.H62"}).json()
    assert [i["code"] for i in by_agency["items"]] == ["1.009794"]
    assert client.get(API, {"agency": "KHONG-CO"}).json()["count"] == 0


def test_search_by_code(client, catalog_data):
    body = client.get(API, {"q": "2.000908"}).json()
    assert [i["code"] for i in body["items"]] == ["2.000908"]


def test_search_pagination_past_the_end_is_empty(client, catalog_data):
    body = client.get(API, {"page": 2}).json()
    assert body["items"] == []
    assert body["count"] == 3
    assert body["pages"] == 1


@pytest.mark.parametrize(
    "params",
    [
        {"level": "district"},
        {"page": 0},
        {"page": "abc"},
        {"page": -1},
        {"q": "x" * 201},
        {"agency": "A" * 41},
    ],
)
def test_search_bad_input_is_422_with_the_error_shape(client, catalog_data, params):
    body = assert_error(client.get(API, params), 422, "invalid_input")
    assert body["detail"]["errors"]


@pytest.mark.parametrize(
    "q", ["'; DROP TABLE catalog_procedure; --", "<script>alert(1)</script>", "%_%"]
)
def test_search_malicious_query_is_harmless(client, catalog_data, q):
    response = client.get(API, {"q": q})
    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert Procedure.objects.count() == 4


# --- detail -----------------------------------------------------------------------


def test_detail_has_what_a_citizen_needs(client, catalog_data):
    body = client.get(f"{API}/2.000908").json()
    assert body["name"] == "Cấp bản sao từ sổ gốc"
    assert body["on_the_spot"] is True
    assert body["time_limit"]["text"] == "Trong ngày"
    assert body["components"] == [
        {
            "name": "Giấy tờ tùy thân",
            "form": {"value": "presented", "label": "Bản chính để đối chiếu (xuất trình)"},
            "count": 1,
            "mandatory": True,
            "note": "",
            "template_name": "",
            "template_url": None,
        }
    ]
    assert body["fees"][0]["amount"] == 8000
    assert body["fees"][0]["kind"]["label"] == "Phí"
    assert body["agencies"] == [{"code": "000.00.11.H62", "name": "Sở Tư pháp tỉnh Vĩnh Long"}]
    assert body["version"]["number"] == 1
    assert body["version"]["effective_from"] == "2025-07-01"
    assert [s["name"] for s in body["steps"]] == ["Cấp bản sao"]


def test_detail_unknown_code_is_404(client, catalog_data):
    assert_error(client.get(f"{API}/9.999999"), 404, "procedure_not_found")


def test_detail_of_a_draft_only_procedure_is_404(client, catalog_data):
    assert_error(client.get(f"{API}/1.000001"), 404, "procedure_not_found")


# --- appointment ------------------------------------------------------------------


def appointment(client, code: str, **params):
    response = client.get(f"{API}/{code}/appointment", params)
    assert response.status_code == 200, response.content
    body = response.json()
    return (
        dt.datetime.fromisoformat(body["clock_start"]),
        dt.datetime.fromisoformat(body["appointment_at"]),
        body,
    )


def test_counter_before_cutoff_runs_from_receipt(client, catalog_data):
    # Thu 12/2/2026 09:00, 1 working day = 8 h: Thu 09:00-11:30 (2.5 h) + 13:00-17:00
    # (4 h) = 6.5 h; 1.5 h more from Fri 07:30 → Fri 13/2 09:00.
    start, due, body = appointment(
        client, "1.001193", received_at="2026-02-12T09:00:00+07:00", channel="counter"
    )
    assert start == vn(2026, 2, 12, 9, 0)
    assert due == vn(2026, 2, 13, 9, 0)
    assert body["one_stop_unit"]["code"] == "TTPVHCC-VL"


def test_counter_after_15h_before_tet_starts_after_tet(client, catalog_data):
    # Fri 13/2/2026 16:00 is after the 15:00 cut-off; 14-15 weekend, 16-20 Tết, 21-22
    # weekend → clock starts Mon 23/2 07:30; 8 h → Mon 23/2 17:00.
    start, due, _ = appointment(client, "1.001193", received_at="2026-02-13T16:00:00")
    assert start == vn(2026, 2, 23, 7, 30)
    assert due == vn(2026, 2, 23, 17, 0)


def test_online_in_last_hour_starts_next_opening(client, catalog_data):
    # Fri 13/2/2026 16:30 online is within 60 minutes of the 17:00 close → Mon 23/2.
    start, due, _ = appointment(
        client, "1.001193", received_at="2026-02-13T16:30:00+07:00", channel="online"
    )
    assert start == vn(2026, 2, 23, 7, 30)
    assert due == vn(2026, 2, 23, 17, 0)


def test_online_before_last_hour_runs_from_receipt(client, catalog_data):
    # Fri 13/2 15:30 online: 1.5 h on Friday, 6.5 h from Mon 23/2 07:30 → 4 h to 11:30,
    # 2.5 h from 13:00 → Mon 23/2 15:30. (At the counter 15:30 would be past 15:00.)
    start, due, _ = appointment(
        client, "1.001193", received_at="2026-02-13T15:30:00+07:00", channel="online"
    )
    assert start == vn(2026, 2, 13, 15, 30)
    assert due == vn(2026, 2, 23, 15, 30)


def test_five_working_days_over_30_april_and_1_may(client, catalog_data):
    # Wed 29/4/2026 10:00: 5.5 h on Wed; Thu 30/4 and Fri 1/5 holidays; 2-3/5 weekend;
    # Mon-Thu 4-7/5 give 32 h (37.5); the last 2.5 h from Fri 8/5 07:30 → 10:00.
    start, due, body = appointment(
        client, "1.009794", received_at="2026-04-29T10:00:00+07:00", unit="TTPVHCC-VL"
    )
    assert start == vn(2026, 4, 29, 10, 0)
    assert due == vn(2026, 5, 8, 10, 0)
    assert body["time_limit"]["text"] == "5 ngày làm việc"


def test_same_day_ends_at_closing_or_next_day_after_cutoff(client, catalog_data):
    _, due, _ = appointment(client, "2.000908", received_at="2026-03-10T14:00:00+07:00")
    assert due == vn(2026, 3, 10, 17, 0)
    start, due, _ = appointment(client, "2.000908", received_at="2026-03-10T15:30:00+07:00")
    assert start == vn(2026, 3, 11, 7, 30)
    assert due == vn(2026, 3, 11, 17, 0)


def test_appointment_defaults_to_now(client, catalog_data):
    _, due, body = appointment(client, "1.001193")
    assert due > dt.datetime.now(VN)
    assert body["channel"]["value"] == "counter"


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"received_at": "13/02/2026"}, 422, "invalid_input"),
        ({"received_at": "2026-02-30T10:00:00"}, 422, "invalid_input"),
        ({"received_at": "1900-01-01T10:00:00"}, 422, "received_at_out_of_range"),
        ({"channel": "fax"}, 422, "invalid_input"),
        ({"unit": "KHONG-CO"}, 404, "one_stop_unit_not_found"),
    ],
)
def test_appointment_bad_input(client, catalog_data, params, status, code):
    assert_error(client.get(f"{API}/1.001193/appointment", params), status, code)


def test_appointment_unknown_procedure_is_404(client, catalog_data):
    assert_error(client.get(f"{API}/9.999999/appointment"), 404, "procedure_not_found")


# --- authorization matrix: the catalog is public, read-only -----------------------


@pytest.mark.parametrize("who", ["anonymous", "citizen", "staff"])
@pytest.mark.parametrize(
    "path", [API, f"{API}/1.001193", f"{API}/1.001193/appointment", "/api/v1/openapi.json"]
)
def test_every_reader_sees_the_public_catalog(request, catalog_data, who, path):
    client = request.getfixturevalue(
        {"anonymous": "client", "citizen": "citizen_client", "staff": "staff_client"}[who]
    )
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_catalog_cannot_be_written_through_the_api(staff_client, catalog_data, method):
    response = getattr(staff_client, method)(f"{API}/1.001193", content_type="application/json")
    assert response.status_code == 405
    assert Procedure.objects.get(code="1.001193").name == "Đăng ký khai sinh"


def test_docs_page_is_served_without_a_cdn(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower()
    assert "/static/ninja/swagger-ui-bundle.js" in html
