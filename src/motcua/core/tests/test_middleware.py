"""A NUL character anywhere in a request is refused with a 400 before any view runs
(PostgreSQL cannot store one; without this a search would fail with a 500)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/procedures/a%00b",
        "/api/v1/procedures?q=a%00b",
        "/api/v1/procedures/1.001193/appointment?unit=a%00b",
    ],
)
def test_api_refuses_a_nul_in_path_or_query_in_the_error_shape(client, db, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_character"


def test_api_refuses_a_nul_inside_a_json_body(client, db):
    response = client.post(
        "/api/v1/auth/token",
        data='{"username": "a\\u0000b", "password": "x"}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_character"


def test_portal_refuses_a_nul_in_the_query(client, db):
    response = client.get("/thu-tuc/?q=a%00b")
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_ordinary_requests_pass(client, db):
    assert client.get("/api/v1/procedures?q=khai%20sinh").status_code == 200
