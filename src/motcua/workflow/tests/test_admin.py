"""The workflow records in the admin: readable by the administrator, never editable
(services alone write them)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    "/admin/workflow/task/",
    "/admin/workflow/handoff/",
    "/admin/workflow/apologynotice/",
    "/admin/workflow/deadlinealert/",
    "/admin/workflow/sweepstate/",
]


@pytest.mark.parametrize("path", PAGES)
def test_the_administrator_reads_and_cannot_add(admin_client, path):
    page = admin_client.get(path)
    assert page.status_code == 200
    assert f'href="{path}add/"' not in page.content.decode()
    assert admin_client.get(f"{path}add/").status_code == 403


@pytest.mark.parametrize("path", PAGES)
def test_an_anonymous_visitor_is_sent_to_sign_in(client, path):
    page = client.get(path)
    assert page.status_code == 302
    assert page["Location"].startswith("/admin/login/")
