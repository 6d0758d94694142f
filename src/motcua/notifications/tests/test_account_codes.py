"""Account codes through the outbox (issue 5 §2): a verification code goes only to the
address it proves; a reset code to every address on file; an unknown account gets
nothing and is not told apart."""

from __future__ import annotations

import re

import pytest

from motcua.accounts.constants import CodePurpose
from motcua.accounts.models import OneTimeCode
from motcua.accounts.services import citizen_register
from motcua.accounts.verification import contact_verify
from motcua.core.exceptions import ApplicationError
from motcua.notifications.account_codes import (
    password_reset_request,
    verification_code_send,
    verification_purposes,
)
from motcua.notifications.constants import TemplateKey
from motcua.notifications.models import Message

pytestmark = pytest.mark.django_db

PASSWORD = "Mật-khẩu-dài-2026"
RESET_URL = "https://motcua.example.gov.vn/quen-mat-khau/dat-lai/"


@pytest.fixture(autouse=True)
def _channels(settings):
    settings.NOTIFY_CHANNELS = ["sms", "email", "in_app"]


@pytest.fixture
def an():
    return citizen_register(
        citizen_id="001090012345",
        full_name="Nguyễn Văn An",
        email="an@example.vn",
        phone="0912345678",
        password=PASSWORD,
    ).user


def _otp(message: Message) -> str:
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def test_an_email_code_goes_by_email_only_and_verifies_it(an):
    message = verification_code_send(user=an, purpose=CodePurpose.VERIFY_EMAIL)
    assert (message.channel, message.recipient) == ("email", "an@example.vn")
    assert Message.objects.count() == 1
    assert "có hiệu lực trong 10 phút" in message.body
    contact_verify(user=an, purpose=CodePurpose.VERIFY_EMAIL, raw=_otp(message))
    assert verification_purposes(user=an) == [CodePurpose.VERIFY_PHONE]


def test_a_phone_code_goes_by_sms(an):
    message = verification_code_send(user=an, purpose=CodePurpose.VERIFY_PHONE)
    assert (message.channel, message.recipient, message.template) == (
        "sms",
        "0912345678",
        TemplateKey.VERIFICATION_CODE,
    )


def test_without_an_sms_channel_the_phone_cannot_be_verified(an, settings):
    settings.NOTIFY_CHANNELS = ["email", "in_app"]
    assert verification_purposes(user=an) == [CodePurpose.VERIFY_EMAIL]
    with pytest.raises(ApplicationError) as refused:
        verification_code_send(user=an, purpose=CodePurpose.VERIFY_PHONE)
    assert refused.value.code == "nothing_to_verify"
    assert not Message.objects.exists()


def test_a_resend_too_soon_sends_nothing(an):
    verification_code_send(user=an, purpose=CodePurpose.VERIFY_EMAIL)
    with pytest.raises(ApplicationError) as refused:
        verification_code_send(user=an, purpose=CodePurpose.VERIFY_EMAIL)
    assert refused.value.code == "code_throttled"
    assert Message.objects.count() == 1


def test_a_reset_code_goes_to_every_address_of_the_account(an):
    sent = password_reset_request(identifier="001090012345", reset_url=RESET_URL)
    assert sorted((m.channel, m.recipient) for m in sent) == [
        ("email", "an@example.vn"),
        ("sms", "0912345678"),
    ]
    email = next(m for m in sent if m.channel == "email")
    assert RESET_URL in email.body and email.subject == "Đặt lại mật khẩu Một Cửa"
    assert len({_otp(m) for m in sent}) == 1


@pytest.mark.parametrize("identifier", ["001190054321", "ai@example.vn", "", "<script>"])
def test_an_unknown_account_gets_nothing_and_nothing_is_written(an, identifier):
    assert password_reset_request(identifier=identifier, reset_url=RESET_URL) == []
    assert not Message.objects.exists() and not OneTimeCode.objects.exists()


def test_an_unverified_email_does_not_name_the_account(an):
    assert password_reset_request(identifier="an@example.vn", reset_url=RESET_URL) == []


def test_a_throttled_reset_is_quiet(an):
    password_reset_request(identifier="001090012345", reset_url=RESET_URL)
    assert password_reset_request(identifier="001090012345", reset_url=RESET_URL) == []
    assert Message.objects.count() == 2
