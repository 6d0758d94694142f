"""Addresses under /api/ that no operation answers get the API's one error shape."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    ["/api/v1/khong-co", "/api/v1/ho-so/x/y", "/api/v2/procedures", "/api/"],
)
def test_an_unknown_api_address_is_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "code": "not_found",
        "message": "Không có địa chỉ này trong API (no such API address).",
        "detail": {"path": path},
    }


def test_a_known_operation_still_answers(client):
    assert client.get("/api/v1/procedures").status_code == 200
