from __future__ import annotations

import pytest

from motcua.accounts.selectors import (
    citizen_get_by_id,
    organisation_get_by_tax_code,
    role_get_by_code,
)
from motcua.accounts.tests.factories import CitizenFactory, OrganisationFactory
from motcua.core.exceptions import NotFoundError

pytestmark = pytest.mark.django_db


def test_citizen_get_by_id() -> None:
    citizen = CitizenFactory(citizen_id="001099012345")
    assert citizen_get_by_id(citizen_id="001099012345 ") == citizen
    with pytest.raises(NotFoundError) as exc:
        citizen_get_by_id(citizen_id="079203001234")
    assert exc.value.code == "citizen_not_found"


def test_organisation_get_by_tax_code() -> None:
    organisation = OrganisationFactory(tax_code="0100107518-001")
    assert organisation_get_by_tax_code(tax_code="0100107518-001") == organisation
    with pytest.raises(NotFoundError) as exc:
        organisation_get_by_tax_code(tax_code="0100107518")
    assert exc.value.code == "organisation_not_found"


def test_role_get_by_code_reads_the_default_roles() -> None:
    assert role_get_by_code(code="leader").name == "Lãnh đạo phê duyệt"
    assert role_get_by_code(code="counter_officer").name == "Cán bộ một cửa"
    with pytest.raises(NotFoundError) as exc:
        role_get_by_code(code="janitor")
    assert exc.value.code == "role_not_found"
