"""Applicants' own accounts: signing up on the portal, editing contact details, and
the link to an identity provider (VNeID) on first login. Refusals write nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from motcua.accounts.applicants import (
    ExternalClaims,
    ExternalIdentityMismatchError,
    applicant_contact_update,
    citizen_sign_up,
    external_sign_in,
    organisation_sign_up,
)
from motcua.accounts.constants import UserKind
from motcua.accounts.models import Citizen, ExternalIdentity, Organisation, User
from motcua.accounts.services import citizen_register, staff_user_create
from motcua.accounts.tests.factories import tax_code_with_check_digit
from motcua.core.exceptions import ApplicationError

pytestmark = pytest.mark.django_db

PASSWORD = "Mật-khẩu-dài-2026"
ISSUER = "https://vneid.example"


def _counts():
    return (User.objects.count(), Citizen.objects.count(), Organisation.objects.count())


def _sign_up(**overrides):
    data = {
        "citizen_id": "001090012345",
        "full_name": "Nguyễn Văn An",
        "phone": "0912 345 678",
        "email": "an@example.vn",
        "password": PASSWORD,
    }
    return citizen_sign_up(**{**data, **overrides})


def test_a_citizen_signs_up_with_a_login_named_by_the_citizen_id():
    citizen = _sign_up()
    assert (citizen.user.username, citizen.user.kind) == ("001090012345", UserKind.CITIZEN)
    assert (citizen.phone, citizen.user.phone) == ("0912345678", "0912345678")
    assert citizen.user.email_verified_at is None
    assert citizen.user.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"phone": "", "email": ""}, "contact_required"),
        ({"full_name": "A" * 5000}, "full_name_too_long"),
        ({"citizen_id": "12345"}, "citizen_id_format"),
        ({"citizen_id": "999090012345"}, "citizen_id_province"),
        ({"password": "12345678"}, "password_weak"),
        ({"password": "001090012345a"}, "password_weak"),  # like the username
        ({"email": "khong-phai-thu"}, "email_invalid"),
        ({"phone": "12345"}, "phone_format"),
    ],
)
def test_bad_sign_ups_are_refused_and_write_nothing(overrides, code):
    before = _counts()
    with pytest.raises(ApplicationError) as refused:
        _sign_up(**overrides)
    assert refused.value.code == code
    assert _counts() == before


def test_a_citizen_id_on_file_cannot_be_claimed_by_signing_up():
    citizen_register(citizen_id="001090012345", full_name="Nguyễn Văn An")  # at a counter
    before = _counts()
    with pytest.raises(ApplicationError) as refused:
        _sign_up()
    assert refused.value.code == "citizen_id_taken"
    assert _counts() == before


def test_script_in_a_name_is_kept_as_text():
    citizen = _sign_up(full_name="<script>alert(1)</script>")
    assert citizen.full_name == "<script>alert(1)</script>"


def _organisation(**overrides):
    data = {
        "tax_code": tax_code_with_check_digit(1),
        "name": "Công ty TNHH Xây dựng Tân Phú",
        "representative": "Lê Văn Cường",
        "phone": "0283 123 4567",
        "email": "",
        "address": "12 Lê Lợi",
        "password": PASSWORD,
    }
    return organisation_sign_up(**{**data, **overrides})


def test_an_organisation_signs_up_by_its_tax_code():
    organisation = _organisation()
    assert organisation.user.username == tax_code_with_check_digit(1)
    assert organisation.user.kind == UserKind.ORGANISATION
    assert organisation.representative == "Lê Văn Cường"


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"tax_code": "0100107519"}, "tax_code_check"),
        ({"tax_code": "01001075"}, "tax_code_format"),
        ({"representative": ""}, "representative_required"),
        ({"name": "B" * 5000}, "name_too_long"),
        ({"address": "C" * 301}, "address_too_long"),
    ],
)
def test_bad_organisation_sign_ups_write_nothing(overrides, code):
    before = _counts()
    with pytest.raises(ApplicationError) as refused:
        _organisation(**overrides)
    assert refused.value.code == code
    assert _counts() == before


def test_a_contact_change_is_written_to_the_citizen_and_clears_its_verification():
    user = _sign_up().user
    User.objects.filter(pk=user.pk).update(
        email_verified_at=timezone.now(), phone_verified_at=timezone.now()
    )
    user.refresh_from_db()
    applicant_contact_update(
        user=user, phone="0912345678", email="moi@example.vn", address="5 Hai Bà Trưng"
    )
    citizen = Citizen.objects.get(citizen_id="001090012345")
    assert (citizen.email, citizen.address) == ("moi@example.vn", "5 Hai Bà Trưng")
    user.refresh_from_db()
    assert user.email == "moi@example.vn" and user.email_verified_at is None
    assert user.phone_verified_at is not None  # the phone did not change


def test_a_bad_contact_change_writes_nothing():
    user = _sign_up().user
    with pytest.raises(ApplicationError):
        applicant_contact_update(
            user=user, phone="0912345678", email="x@example.vn", address="D" * 301
        )
    assert Citizen.objects.get(user=user).email == "an@example.vn"
    assert User.objects.get(pk=user.pk).email == "an@example.vn"


def test_an_organisation_edits_its_representative():
    user = _organisation().user
    applicant_contact_update(
        user=user,
        phone="0283 123 4567",
        email="",
        address="12 Lê Lợi",
        representative="Phạm Thị Dung",
    )
    assert Organisation.objects.get(user=user).representative == "Phạm Thị Dung"


def test_staff_have_no_applicant_profile_to_edit():
    officer = staff_user_create(
        actor=None, username="tiepnhan", full_name="Cán bộ", password=PASSWORD
    )
    with pytest.raises(ApplicationError) as refused:
        applicant_contact_update(user=officer, phone="0912345678", email="", address="")
    assert refused.value.code == "not_an_applicant"


def _claims(citizen_id="001090012345", subject="vneid-sub-1", **extra):
    return ExternalClaims(issuer=ISSUER, subject=subject, citizen_id=citizen_id, **extra)


def test_a_first_provider_login_makes_the_citizen_and_links_it():
    user = external_sign_in(claims=_claims(full_name="Nguyễn Văn An"))
    assert (user.username, user.kind, user.has_usable_password()) == (
        "001090012345",
        "citizen",
        False,
    )
    assert Citizen.objects.get(user=user).full_name == "Nguyễn Văn An"
    assert ExternalIdentity.objects.get().user == user
    assert external_sign_in(claims=_claims()) == user  # the second login
    assert ExternalIdentity.objects.count() == 1


def test_a_provider_login_links_the_account_already_registered():
    registered = _sign_up().user
    assert external_sign_in(claims=_claims()) == registered
    assert ExternalIdentity.objects.get().user == registered


def test_a_provider_login_gives_a_counter_registered_citizen_a_login():
    citizen = citizen_register(
        citizen_id="001090012345", full_name="Nguyễn Văn An", phone="0912345678"
    )
    user = external_sign_in(claims=_claims())
    citizen.refresh_from_db()
    assert citizen.user == user and user.phone == "0912345678"


def test_linking_to_the_signed_in_account_refuses_another_citizen_id():
    an = _sign_up().user
    before = (ExternalIdentity.objects.count(), *_counts())
    with pytest.raises(ExternalIdentityMismatchError) as refused:
        external_sign_in(claims=_claims(citizen_id="001190054321"), current=an)
    assert "001190054321" in refused.value.message and "không khớp" in refused.value.message
    assert (ExternalIdentity.objects.count(), *_counts()) == before


def test_an_identity_whose_citizen_id_changed_is_refused():
    external_sign_in(claims=_claims())
    with pytest.raises(ExternalIdentityMismatchError):
        external_sign_in(claims=_claims(citizen_id="001190054321"))
    assert Citizen.objects.count() == 1


@pytest.mark.parametrize("citizen_id", ["", "12345", "<script>"])
def test_a_provider_without_a_valid_citizen_id_signs_nobody_in(citizen_id):
    with pytest.raises(ExternalIdentityMismatchError):
        external_sign_in(claims=_claims(citizen_id=citizen_id))
    assert _counts() == (0, 0, 0)
