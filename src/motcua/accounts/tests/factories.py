"""Factories for accounts. Identity numbers are built to pass the validators: citizen
IDs registered in Hà Nội (001) for men born in 1990, tax codes with a correct check
digit."""

from __future__ import annotations

import functools

import factory
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from motcua.accounts.constants import Gender, RoleCode, UserKind
from motcua.accounts.models import Citizen, Organisation, Role, User

_TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def tax_code_with_check_digit(n: int) -> str:
    """The n-th 10-digit tax code of the form 0109xxxxx + check digit, skipping bases
    whose check would be 10 (never issued)."""
    base = 10_900_000 + n
    while True:
        digits = [int(ch) for ch in f"{base:09d}"]
        check = 10 - sum(d * w for d, w in zip(digits, _TAX_WEIGHTS, strict=True)) % 11
        if check < 10:
            return f"{base:09d}{check}"
        base += 1_000_000


PASSWORD = "Mot-Cua-2025"


@functools.cache
def _password_hash() -> str:
    # Hashing is slow on purpose; one hash serves every user a test creates.
    return make_password(PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    """A staff login (cán bộ) with the password ``PASSWORD``."""

    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"canbo{n}")
    kind = UserKind.STAFF
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Cán Bộ {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@motcua.gov.vn")
    password = factory.LazyFunction(_password_hash)

    class Params:
        citizen = factory.Trait(
            kind=UserKind.CITIZEN,
            username=factory.Sequence(lambda n: f"0011950{n:05d}"),
            email="",
        )
        organisation = factory.Trait(
            kind=UserKind.ORGANISATION,
            username=factory.Sequence(tax_code_with_check_digit),
            email="",
        )
        superuser = factory.Trait(is_superuser=True, is_staff=True)


def role(code: str = RoleCode.SPECIALIST) -> Role:
    """The roles come from the data migration; tests only look them up."""
    return Role.objects.get(code=code)


class CitizenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citizen

    citizen_id = factory.Sequence(lambda n: f"0010900{n:05d}")
    full_name = factory.Sequence(lambda n: f"Trần Thị Công Dân {n}")
    gender = Gender.MALE
    phone = "0912345678"

    class Params:
        with_login = factory.Trait(
            user=factory.SubFactory(
                UserFactory,
                kind=UserKind.CITIZEN,
                username=factory.SelfAttribute("..citizen_id"),
                email="",
            )
        )


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    tax_code = factory.Sequence(tax_code_with_check_digit)
    name = factory.Sequence(lambda n: f"Công ty TNHH Một Cửa {n}")
    representative = "Lê Văn Đại Diện"


def verified(profile: Citizen | Organisation) -> Citizen | Organisation:
    """``profile`` with its login's phone proven, as if the person had typed the code
    (issue 5 §2): what an account needs before it files online."""
    if profile.user_id is not None:
        User.objects.filter(pk=profile.user_id).update(phone_verified_at=timezone.now())
        profile.user.refresh_from_db(fields=["phone_verified_at"])
    return profile
