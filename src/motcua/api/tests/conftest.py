from __future__ import annotations

import pytest

from motcua.accounts.services import citizen_register, staff_user_create
from motcua.accounts.tests.factories import verified
from motcua.catalog.tests.published import published_catalog


@pytest.fixture
def catalog_data(db):
    return published_catalog()


@pytest.fixture
def citizen_client(client, db):
    citizen = verified(
        citizen_register(
            citizen_id="086099012345", full_name="Nguyễn Văn An", password="Mật-khẩu-dài-2026"
        )
    )
    client.force_login(citizen.user)
    return client


@pytest.fixture
def staff_client(client, db):
    user = staff_user_create(
        actor=None, username="canbo", full_name="Trần Thị Bình", password="Mật-khẩu-dài-2026"
    )
    client.force_login(user)
    return client
