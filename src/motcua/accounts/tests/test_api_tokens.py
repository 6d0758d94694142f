"""API tokens: issue, revoke, authenticate, last-use stamp, and the table's invariants."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.accounts.models import ApiToken
from motcua.accounts.selectors import api_token_authenticate, api_token_get_active
from motcua.accounts.services import api_token_issue, api_token_revoke, api_token_touch
from motcua.accounts.tests.factories import UserFactory
from motcua.core.exceptions import ApplicationError
from motcua.core.models import AuditEntry

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def _stored_token(user, *, created_at, expires_at, raw="A" * 43, **extra) -> ApiToken:
    """A token row written directly, for states the service does not produce (issued
    in the past)."""
    return ApiToken.objects.create(
        user=user,
        key_hash=hashlib.sha256(raw.encode()).hexdigest(),
        prefix=raw[:8],
        created_at=created_at,
        expires_at=expires_at,
        **extra,
    )


# --- api_token_issue ---------------------------------------------------------------


def test_issue_returns_the_raw_token_once_and_stores_only_its_hash() -> None:
    user = UserFactory(username="canbo")
    token, raw = api_token_issue(user=user, name="Máy quầy số 3")

    # secrets.token_urlsafe(32): 32 bytes in base64url without padding = 43 characters.
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", raw)
    token.refresh_from_db()
    assert token.user == user
    assert token.key_hash == hashlib.sha256(raw.encode("ascii")).hexdigest()
    assert token.prefix == raw[:8]
    assert token.name == "Máy quầy số 3"
    assert token.revoked_at is None
    assert token.last_used_at is None
    # Nothing in the row or the audit entry holds the secret.
    stored = [str(getattr(token, f.attname)) for f in ApiToken._meta.concrete_fields]
    assert not any(raw in value for value in stored)
    entry = AuditEntry.objects.get(action="api_token_issue")
    assert raw not in str(entry.detail)
    assert entry.actor == user
    assert entry.object_id == str(token.pk)
    assert entry.detail["prefix"] == raw[:8]
    assert entry.detail["password_checked"] is True
    assert entry.detail["name"] == "Máy quầy số 3"


def test_issue_default_lifetime_is_twelve_hours() -> None:
    token, _raw = api_token_issue(user=UserFactory())
    assert token.expires_at - token.created_at == dt.timedelta(hours=12)
    assert abs(timezone.now() - token.created_at) < dt.timedelta(seconds=30)


def test_issue_default_lifetime_comes_from_the_setting(settings) -> None:
    settings.API_TOKEN_LIFETIME_HOURS = 2
    token, _raw = api_token_issue(user=UserFactory())
    assert token.expires_at - token.created_at == dt.timedelta(hours=2)


def test_issue_with_an_explicit_lifetime() -> None:
    token, _raw = api_token_issue(user=UserFactory(), lifetime=dt.timedelta(minutes=15))
    assert token.expires_at - token.created_at == dt.timedelta(minutes=15)


@pytest.mark.parametrize("lifetime", [dt.timedelta(0), dt.timedelta(seconds=-1)])
def test_issue_refuses_a_lifetime_that_is_not_positive(lifetime) -> None:
    user = UserFactory()
    with pytest.raises(ApplicationError) as exc:
        api_token_issue(user=user, lifetime=lifetime)
    assert exc.value.code == "token_lifetime_invalid"
    assert exc.value.http_status == 422
    assert ApiToken.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_issue_refuses_an_inactive_account() -> None:
    user = UserFactory(is_active=False)
    with pytest.raises(ApplicationError) as exc:
        api_token_issue(user=user)
    assert exc.value.code == "user_inactive"
    assert ApiToken.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_issue_stores_the_name_in_nfc_and_refuses_a_long_one() -> None:
    decomposed = unicodedata.normalize("NFD", "  Điện thoại   của chị Hà ")
    token, _raw = api_token_issue(user=UserFactory(), name=decomposed)
    assert token.name == "Điện thoại của chị Hà"
    assert unicodedata.is_normalized("NFC", token.name)

    with pytest.raises(ApplicationError) as exc:
        api_token_issue(user=UserFactory(), name="x" * 101)
    assert exc.value.code == "token_name_too_long"
    assert ApiToken.objects.count() == 1


def test_issue_by_someone_else_records_them_as_the_actor() -> None:
    admin = UserFactory(username="quantri", superuser=True)
    user = UserFactory(username="maychu_tinh")
    token, _raw = api_token_issue(user=user, password_checked=False, actor=admin)
    entry = AuditEntry.objects.get(action="api_token_issue")
    assert entry.actor == admin
    assert entry.detail == {
        "user": user.pk,
        "prefix": token.prefix,
        "name": "",
        "expires_at": token.expires_at.isoformat(),
        "password_checked": False,
    }


def test_two_tokens_of_one_user_are_different() -> None:
    user = UserFactory()
    first, raw1 = api_token_issue(user=user)
    second, raw2 = api_token_issue(user=user)
    assert raw1 != raw2
    assert first.key_hash != second.key_hash
    assert set(user.api_tokens.all()) == {first, second}


# --- api_token_revoke --------------------------------------------------------------


def test_revoke_is_recorded_and_idempotent() -> None:
    user = UserFactory()
    token, raw = api_token_issue(user=user)

    revoked = api_token_revoke(token=token, actor=user)
    assert revoked.revoked_at is not None
    assert token.revoked_at == revoked.revoked_at
    first_time = revoked.revoked_at

    again = api_token_revoke(token=token, actor=user)
    assert again.revoked_at == first_time
    entries = AuditEntry.objects.filter(action="api_token_revoke")
    assert entries.count() == 1
    assert entries.get().detail == {"user": user.pk, "prefix": raw[:8]}
    assert entries.get().actor == user
    assert api_token_authenticate(raw=raw) is None


def test_revoking_one_token_leaves_the_others() -> None:
    user = UserFactory()
    first, raw1 = api_token_issue(user=user)
    _second, raw2 = api_token_issue(user=user)
    api_token_revoke(token=first, actor=user)
    assert api_token_authenticate(raw=raw1) is None
    assert api_token_authenticate(raw=raw2) == user


# --- api_token_authenticate / api_token_get_active --------------------------------


def test_authenticate_finds_the_user_in_one_query_and_writes_nothing(
    django_assert_num_queries,
) -> None:
    user = UserFactory(username="canbo")
    token, raw = api_token_issue(user=user)
    with django_assert_num_queries(1):
        found = api_token_authenticate(raw=raw)
        assert found == user
        assert found.username == "canbo"  # the user came with the token, no 2nd query
    token.refresh_from_db()
    assert token.last_used_at is None


def test_authenticate_refuses_an_unknown_token() -> None:
    api_token_issue(user=UserFactory())
    assert api_token_authenticate(raw="B" * 43) is None


def test_authenticate_refuses_an_expired_token() -> None:
    now = timezone.now()
    user = UserFactory()
    _stored_token(
        user,
        raw="C" * 43,
        created_at=now - dt.timedelta(hours=13),
        expires_at=now - dt.timedelta(hours=1),
    )
    assert api_token_authenticate(raw="C" * 43) is None


def test_expiry_is_exclusive() -> None:
    """A token is valid strictly before ``expires_at``."""
    expires = dt.datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    user = UserFactory()
    _stored_token(
        user, raw="D" * 43, created_at=expires - dt.timedelta(hours=12), expires_at=expires
    )
    one_second_before = expires - dt.timedelta(seconds=1)
    assert api_token_get_active(raw="D" * 43, now=one_second_before) is not None
    assert api_token_get_active(raw="D" * 43, now=expires) is None


def test_authenticate_refuses_the_token_of_an_inactive_user() -> None:
    user = UserFactory()
    _token, raw = api_token_issue(user=user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert api_token_authenticate(raw=raw) is None


@pytest.mark.parametrize(
    "raw",
    [
        "",
        " ",
        "short",
        "A" * 129,
        "A" * 42 + "=",
        "A" * 42 + " ",
        "Đ" * 43,
        "A" * 20 + "\x00" + "A" * 22,
    ],
)
def test_authenticate_refuses_malformed_input_without_a_query(
    raw, django_assert_num_queries
) -> None:
    with django_assert_num_queries(0):
        assert api_token_authenticate(raw=raw) is None


# --- api_token_touch ---------------------------------------------------------------


def test_touch_writes_at_most_once_a_minute() -> None:
    token, _raw = api_token_issue(user=UserFactory())
    t0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

    assert api_token_touch(token=token, now=t0) is True
    token.refresh_from_db()
    assert token.last_used_at == t0

    assert api_token_touch(token=token, now=t0 + dt.timedelta(seconds=59)) is False
    token.refresh_from_db()
    assert token.last_used_at == t0

    assert api_token_touch(token=token, now=t0 + dt.timedelta(seconds=60)) is True
    token.refresh_from_db()
    assert token.last_used_at == t0 + dt.timedelta(seconds=60)


def test_touch_with_a_stale_copy_does_not_write_twice(django_assert_num_queries) -> None:
    """Two requests loaded the same token; the first stamps it, the second's UPDATE
    finds the row already fresh and changes nothing."""
    token, _raw = api_token_issue(user=UserFactory())
    t0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    stale = ApiToken.objects.get(pk=token.pk)
    assert api_token_touch(token=token, now=t0) is True
    with django_assert_num_queries(1):
        assert api_token_touch(token=stale, now=t0 + dt.timedelta(seconds=5)) is False
    token.refresh_from_db()
    assert token.last_used_at == t0


# --- invariants --------------------------------------------------------------------


def test_expiry_must_follow_creation() -> None:
    user = UserFactory()
    at = dt.datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    with pytest.raises(IntegrityError), transaction.atomic():
        _stored_token(user, created_at=at, expires_at=at)


def test_key_hash_must_be_sha256_hex() -> None:
    user = UserFactory()
    at = dt.datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    with pytest.raises(IntegrityError), transaction.atomic():
        ApiToken.objects.create(
            user=user,
            key_hash="not-a-hash",
            prefix="AAAAAAAA",
            created_at=at,
            expires_at=at + dt.timedelta(hours=1),
        )


def test_key_hash_is_unique() -> None:
    user = UserFactory()
    at = dt.datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    _stored_token(user, raw="E" * 43, created_at=at, expires_at=at + dt.timedelta(hours=1))
    with pytest.raises(IntegrityError), transaction.atomic():
        _stored_token(user, raw="E" * 43, created_at=at, expires_at=at + dt.timedelta(hours=2))


def test_tokens_go_with_their_user() -> None:
    user = UserFactory()
    api_token_issue(user=user)
    assert ApiToken.objects.filter(user=user).count() == 1
    AuditEntry.objects.all().delete()  # the audit log protects its actors
    user.delete()
    assert ApiToken.objects.count() == 0
