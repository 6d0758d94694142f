"""Role permissions through ``StaffRoleBackend``."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import override_settings

from motcua.accounts.constants import RoleCode
from motcua.accounts.models import User
from motcua.accounts.tests.factories import UserFactory, role
from motcua.agencies.tests.factories import AgencyFactory, StaffAssignmentFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("role_backend"),
]


@pytest.fixture
def role_backend():  # type: ignore[no-untyped-def]
    with override_settings(
        AUTHENTICATION_BACKENDS=[
            "django.contrib.auth.backends.ModelBackend",
            "motcua.agencies.backends.StaffRoleBackend",
        ]
    ):
        yield


@pytest.fixture
def administrator_role():  # type: ignore[no-untyped-def]
    administrator = role(RoleCode.ADMINISTRATOR)
    administrator.permissions.add(
        Permission.objects.get(content_type__app_label="agencies", codename="view_agency"),
        Permission.objects.get(content_type__app_label="agencies", codename="change_agency"),
    )
    return administrator


def _fresh(user: User) -> User:
    """Permission caches live on the instance."""
    return User.objects.get(pk=user.pk)


def test_role_permissions_are_granted(administrator_role) -> None:  # type: ignore[no-untyped-def]
    person = UserFactory()
    StaffAssignmentFactory(user=person, role=administrator_role)
    person = _fresh(person)
    assert person.has_perm("agencies.view_agency")
    assert person.has_perm("agencies.change_agency")
    assert not person.has_perm("agencies.delete_agency")
    assert person.has_module_perms("agencies")
    assert not person.has_module_perms("catalog")
    assert person.get_all_permissions() == {"agencies.view_agency", "agencies.change_agency"}


def test_no_permissions_from_a_revoked_role_or_closed_agency(administrator_role) -> None:  # type: ignore[no-untyped-def]
    revoked = UserFactory()
    StaffAssignmentFactory(user=revoked, role=administrator_role, revoked=True)
    closed = UserFactory()
    StaffAssignmentFactory(
        user=closed, role=administrator_role, agency=AgencyFactory(is_active=False)
    )
    specialist = UserFactory()
    StaffAssignmentFactory(user=specialist, role=role(RoleCode.SPECIALIST))
    for person in (revoked, closed, specialist):
        assert not _fresh(person).has_perm("agencies.view_agency")


def test_no_permissions_for_an_inactive_person(administrator_role) -> None:  # type: ignore[no-untyped-def]
    person = UserFactory(is_active=False)
    StaffAssignmentFactory(user=person, role=administrator_role)
    assert not _fresh(person).has_perm("agencies.view_agency")
    assert not _fresh(person).has_module_perms("agencies")
