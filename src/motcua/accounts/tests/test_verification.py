"""One-time codes (issue 5 §2): hashed at rest, short-lived, few guesses, resends
limited; what they verify; resetting a password with one; who counts as verified;
signing in by a verified e-mail or phone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from motcua.accounts.constants import CodePurpose
from motcua.accounts.models import ExternalIdentity, OneTimeCode, SignInFailure, User
from motcua.accounts.selectors import sign_in_username, user_is_verified
from motcua.accounts.services import (
    SignInFailedError,
    SignInLockedError,
    citizen_register,
    sign_in,
    staff_user_create,
)
from motcua.accounts.verification import (
    CodeInvalidError,
    CodeThrottledError,
    contact_verify,
    one_time_code_check,
    one_time_code_issue,
    password_reset_confirm,
)
from motcua.core.exceptions import ApplicationError

pytestmark = pytest.mark.django_db

PASSWORD = "Mật-khẩu-dài-2026"
EMAIL = CodePurpose.VERIFY_EMAIL
RESET = CodePurpose.PASSWORD_RESET


def _citizen(citizen_id="001090012345", email="an@example.vn", phone="0912345678"):
    return citizen_register(
        citizen_id=citizen_id,
        full_name="Nguyễn Văn An",
        email=email,
        phone=phone,
        password=PASSWORD,
    ).user


@pytest.fixture
def an():
    return _citizen()


def _wrong(raw: str) -> str:
    return f"{(int(raw) + 1) % 1_000_000:06d}"


def test_a_code_is_six_digits_and_only_its_hmac_is_stored(an):
    code, raw = one_time_code_issue(user=an, purpose=EMAIL, address=an.email)
    assert len(raw) == 6 and raw.isdigit()
    stored = OneTimeCode.objects.get(pk=code.pk)
    assert raw not in stored.code_hash and len(stored.code_hash) == 64
    assert stored.expires_at - stored.created_at == dt.timedelta(minutes=10)


def test_the_right_code_is_spent_once(an):
    _code, raw = one_time_code_issue(user=an, purpose=EMAIL, address=an.email)
    assert one_time_code_check(user=an, purpose=EMAIL, raw=raw).used_at is not None
    with pytest.raises(CodeInvalidError):
        one_time_code_check(user=an, purpose=EMAIL, raw=raw)


def test_a_code_for_one_purpose_does_not_serve_another(an):
    _code, raw = one_time_code_issue(user=an, purpose=EMAIL, address=an.email)
    with pytest.raises(CodeInvalidError):
        one_time_code_check(user=an, purpose=RESET, raw=raw)


def test_wrong_entries_are_counted_and_the_fifth_spends_the_code(an):
    code, raw = one_time_code_issue(user=an, purpose=EMAIL, address=an.email)
    for _ in range(5):
        with pytest.raises(CodeInvalidError):
            one_time_code_check(user=an, purpose=EMAIL, raw=_wrong(raw))
    assert OneTimeCode.objects.get(pk=code.pk).attempts == 5
    with pytest.raises(CodeInvalidError) as refused:
        one_time_code_check(user=an, purpose=EMAIL, raw=raw)
    assert refused.value.code == "code_attempts_exceeded"


def test_an_expired_code_is_refused(an):
    now = timezone.now()
    _code, raw = one_time_code_issue(user=an, purpose=EMAIL, address=an.email, now=now)
    with pytest.raises(CodeInvalidError):
        one_time_code_check(user=an, purpose=EMAIL, raw=raw, now=now + dt.timedelta(minutes=10))


def test_the_expiry_is_configurable(an, settings):
    settings.ACCOUNT_CODE_MINUTES = 3
    code, _raw = one_time_code_issue(user=an, purpose=EMAIL, address=an.email)
    assert code.expires_at - code.created_at == dt.timedelta(minutes=3)


def test_only_the_newest_code_counts(an):
    now = timezone.now()
    _old, old_raw = one_time_code_issue(user=an, purpose=EMAIL, address=an.email, now=now)
    later = now + dt.timedelta(seconds=61)
    _new, new_raw = one_time_code_issue(user=an, purpose=EMAIL, address=an.email, now=later)
    if old_raw != new_raw:
        with pytest.raises(CodeInvalidError):
            one_time_code_check(user=an, purpose=EMAIL, raw=old_raw, now=later)
    assert one_time_code_check(user=an, purpose=EMAIL, raw=new_raw, now=later)


def test_a_resend_waits_a_minute_and_at_most_five_an_hour(an):
    now = timezone.now()
    one_time_code_issue(user=an, purpose=EMAIL, address=an.email, now=now)
    with pytest.raises(CodeThrottledError) as too_soon:
        one_time_code_issue(
            user=an, purpose=EMAIL, address=an.email, now=now + dt.timedelta(seconds=30)
        )
    assert too_soon.value.detail == {"seconds": 30}
    for minute in range(1, 5):
        one_time_code_issue(
            user=an, purpose=EMAIL, address=an.email, now=now + dt.timedelta(minutes=minute)
        )
    with pytest.raises(CodeThrottledError):
        one_time_code_issue(
            user=an, purpose=EMAIL, address=an.email, now=now + dt.timedelta(minutes=10)
        )
    assert OneTimeCode.objects.filter(user=an).count() == 5
    one_time_code_issue(
        user=an, purpose=EMAIL, address=an.email, now=now + dt.timedelta(minutes=60, seconds=1)
    )


def test_verifying_the_email_marks_it_and_makes_the_account_verified(an):
    assert not user_is_verified(an)
    _code, raw = one_time_code_issue(user=an, purpose=EMAIL, address=an.email)
    contact_verify(user=an, purpose=EMAIL, raw=raw)
    an.refresh_from_db()
    assert an.email_verified_at is not None and an.phone_verified_at is None
    assert user_is_verified(an)


def test_a_wrong_code_verifies_nothing(an):
    _code, raw = one_time_code_issue(user=an, purpose=CodePurpose.VERIFY_PHONE, address=an.phone)
    with pytest.raises(CodeInvalidError):
        contact_verify(user=an, purpose=CodePurpose.VERIFY_PHONE, raw=_wrong(raw))
    an.refresh_from_db()
    assert an.phone_verified_at is None and not user_is_verified(an)


def test_a_code_sent_to_an_old_address_does_not_verify_the_new_one(an):
    _code, raw = one_time_code_issue(user=an, purpose=EMAIL, address=an.email)
    User.objects.filter(pk=an.pk).update(email="khac@example.vn")
    with pytest.raises(CodeInvalidError) as refused:
        contact_verify(user=an, purpose=EMAIL, raw=raw)
    assert refused.value.code == "code_address_changed"
    assert User.objects.get(pk=an.pk).email_verified_at is None


def test_staff_and_a_provider_login():
    officer = staff_user_create(
        actor=None, username="tiepnhan", full_name="Cán bộ", password=PASSWORD
    )
    assert not user_is_verified(officer)
    binh = _citizen("001190054321", email="binh@example.vn")
    ExternalIdentity.objects.create(user=binh, issuer="https://vneid.example", subject="s-1")
    assert user_is_verified(binh)


def test_a_password_is_reset_with_its_code_and_the_lockout_forgotten(an):
    SignInFailure.objects.create(username=an.username)
    _code, raw = one_time_code_issue(user=an, purpose=RESET)
    password_reset_confirm(user=an, raw=raw, password="Mới-hoàn-toàn-2027")
    assert User.objects.get(pk=an.pk).check_password("Mới-hoàn-toàn-2027")
    assert not SignInFailure.objects.filter(username=an.username).exists()


def test_a_weak_password_does_not_spend_the_code(an):
    code, raw = one_time_code_issue(user=an, purpose=RESET)
    with pytest.raises(ApplicationError) as refused:
        password_reset_confirm(user=an, raw=raw, password="12345678")
    assert refused.value.code == "password_weak"
    stored = OneTimeCode.objects.get(pk=code.pk)
    assert (stored.used_at, stored.attempts) == (None, 0)
    assert User.objects.get(pk=an.pk).check_password(PASSWORD)


def test_another_persons_code_resets_nothing(an):
    binh = _citizen("001190054321", email="binh@example.vn")
    _code, raw = one_time_code_issue(user=an, purpose=RESET)
    with pytest.raises(CodeInvalidError):
        password_reset_confirm(user=binh, raw=raw, password="Mới-hoàn-toàn-2027")
    assert User.objects.get(pk=binh.pk).check_password(PASSWORD)
    assert User.objects.get(pk=an.pk).check_password(PASSWORD)


def _verify_both(user):
    User.objects.filter(pk=user.pk).update(
        email_verified_at=timezone.now(), phone_verified_at=timezone.now()
    )


def test_a_verified_email_or_phone_names_the_account(an):
    assert sign_in_username(identifier="an@example.vn") == "an@example.vn"  # not verified yet
    _verify_both(an)
    assert sign_in_username(identifier="AN@example.vn") == "001090012345"
    assert sign_in_username(identifier="0912 345 678") == "001090012345"
    assert sign_in_username(identifier="+84912345678") == "001090012345"
    assert sign_in_username(identifier="001090012345") == "001090012345"


def test_a_phone_shared_by_two_verified_accounts_names_neither(an):
    binh = _citizen("001190054321", email="binh@example.vn", phone="0912345678")
    _verify_both(an)
    _verify_both(binh)
    assert sign_in_username(identifier="0912345678") == "0912345678"
    assert sign_in_username(identifier="binh@example.vn") == "001190054321"


def test_signing_in_by_email_counts_failures_against_the_account(an, settings):
    _verify_both(an)
    assert sign_in(request=None, username="an@example.vn", password=PASSWORD) == an
    for identifier in ["an@example.vn", "001090012345", "0912345678"] * 2:
        with pytest.raises(SignInFailedError):
            sign_in(request=None, username=identifier, password="sai")
        if (
            SignInFailure.objects.filter(username=an.username).count()
            == settings.SIGN_IN_MAX_FAILURES
        ):
            break
    assert SignInFailure.objects.filter(username="001090012345").count() == 5
    with pytest.raises(SignInLockedError):
        sign_in(request=None, username="an@example.vn", password=PASSWORD)
