"""Admin forms of applicants show the validators' and services' refusals. (The pages
of every model are loaded in ``agencies/tests/test_admin.py``, where the user admin
gains its role inline.)"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from motcua.accounts.models import Citizen, ExternalIdentity, Organisation
from motcua.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    client = Client()
    client.force_login(UserFactory(superuser=True))
    return client


def test_admin_citizen_form_shows_validation_errors(client: Client) -> None:
    url = reverse("admin:accounts_citizen_add")
    page = client.post(url, {"citizen_id": "003099012345", "full_name": "Lê Văn Hùng"})
    assert page.status_code == 200
    assert "Ba chữ số đầu của số định danh" in page.content.decode()
    page = client.post(
        url, {"citizen_id": "001099012345", "full_name": "Lê Văn Hùng", "gender": "female"}
    )
    assert "Giới tính không khớp với số định danh" in page.content.decode()
    assert not Citizen.objects.exists()
    page = client.post(
        url,
        {
            "citizen_id": "001099012345",
            "full_name": "Lê Văn Hùng",
            "gender": "male",
            "date_of_birth": "1999-03-15",
        },
    )
    assert page.status_code == 302
    assert Citizen.objects.get().citizen_id == "001099012345"


def test_admin_organisation_form_shows_validation_errors(client: Client) -> None:
    url = reverse("admin:accounts_organisation_add")
    page = client.post(url, {"tax_code": "0100107519", "name": "Vietnam Airlines"})
    assert page.status_code == 200
    assert "sai chữ số kiểm tra" in page.content.decode()
    assert not Organisation.objects.exists()


def test_linked_identities_are_listed_read_only(admin_client):
    user = UserFactory(citizen=True)
    identity = ExternalIdentity.objects.create(
        user=user, issuer="https://vneid.example", subject="s-1"
    )
    listing = admin_client.get("/admin/accounts/externalidentity/")
    assert listing.status_code == 200 and "s-1" in listing.content.decode()
    assert admin_client.get("/admin/accounts/externalidentity/add/").status_code == 403
    page = admin_client.get(f"/admin/accounts/externalidentity/{identity.pk}/change/")
    assert page.status_code == 200 and 'name="subject"' not in page.content.decode()
