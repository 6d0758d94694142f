"""The applicants' account pages (issue 5 §2): registration, verification by code,
sign-in, password reset and the profile, each with the wrong, oversized, malicious and
unauthorised input a public form gets. A refusal shows a message tied to its field and
writes nothing."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone

from motcua.accounts.models import Citizen, OneTimeCode, Organisation, User
from motcua.accounts.services import citizen_register, staff_user_create
from motcua.accounts.tests.factories import tax_code_with_check_digit
from motcua.notifications.models import Message

pytestmark = pytest.mark.django_db

PASSWORD = "Mật-khẩu-dài-2026"
NEW_PASSWORD = "Mới-hoàn-toàn-2027"
FORM = {
    "citizen_id": "001090012345",
    "full_name": "Nguyễn Văn An",
    "phone": "0912345678",
    "email": "an@example.vn",
    "password": PASSWORD,
    "password_again": PASSWORD,
}


@pytest.fixture(autouse=True)
def _channels(settings):
    settings.NOTIFY_CHANNELS = ["sms", "email", "in_app"]


def _counts():
    return (User.objects.count(), Citizen.objects.count(), Organisation.objects.count())


def _otp(message: Message) -> str:
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def _an(**extra):
    return citizen_register(
        citizen_id="001090012345",
        full_name="Nguyễn Văn An",
        email="an@example.vn",
        phone="0912345678",
        password=PASSWORD,
        **extra,
    ).user


# --- registration ----------------------------------------------------------------


def test_the_registration_form_is_labelled(client):
    html = client.get("/dang-ky/").content.decode()
    assert "<h1>Đăng ký tài khoản công dân</h1>" in html
    assert '<label for="id_citizen_id">Số định danh cá nhân (CCCD)' in html
    assert 'aria-describedby="id_citizen_id_help"' in html and 'id="id_citizen_id_help"' in html
    assert 'autocomplete="new-password"' in html


def test_a_citizen_registers_and_is_sent_a_code_by_email(client):
    response = client.post("/dang-ky/", FORM)
    assert (response.status_code, response["Location"]) == (302, "/xac-minh/")
    user = User.objects.get(username="001090012345")
    assert client.session["_auth_user_id"] == str(user.pk)
    message = Message.objects.get()
    assert (message.channel, message.recipient) == ("email", "an@example.vn")
    html = client.get("/xac-minh/").content.decode()
    assert "Tài khoản chưa xác minh chưa thể nộp hồ sơ trực tuyến" in html


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"full_name": "A" * 5000}, "full_name", "tối đa 200 kí tự"),
        ({"citizen_id": "12345"}, "citizen_id", "phải gồm đúng 12 chữ số"),
        ({"citizen_id": "999090012345"}, "citizen_id", "không phải mã tỉnh"),
        (
            {"password": "12345678", "password_again": "12345678"},
            "password",
            "Mật khẩu chưa đủ mạnh",
        ),
        ({"password_again": "Khac-hoan-toan-99"}, "password_again", "không giống nhau"),
        ({"phone": "", "email": ""}, "email", "Cần ít nhất một trong hai"),
        ({"email": "<script>alert(1)</script>"}, "email", "Địa chỉ thư điện tử không hợp lệ"),
    ],
)
def test_bad_registrations_are_refused_on_their_field_and_write_nothing(
    client, changes, field, text
):
    response = client.post("/dang-ky/", {**FORM, **changes})
    html = response.content.decode()
    assert response.status_code == 400
    assert text in html
    assert f'id="id_{field}_error"' in html
    assert re.search(
        rf'<input[^>]*aria-describedby="[^"]*id_{field}_error"[^>]*id="id_{field}"', html
    )
    assert _counts() == (0, 0, 0) and not Message.objects.exists()
    assert "_auth_user_id" not in client.session


def test_script_in_a_field_comes_back_as_text(client):
    response = client.post(
        "/dang-ky/", {**FORM, "citizen_id": "1", "full_name": "<script>alert(1)</script>"}
    )
    html = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html


def test_a_citizen_id_already_registered_is_refused(client):
    _an()
    response = client.post("/dang-ky/", {**FORM, "email": "khac@example.vn"})
    assert response.status_code == 400
    assert "đã được đăng ký" in response.content.decode()
    assert _counts() == (1, 1, 0)


def test_registering_needs_the_csrf_token():
    response = Client(enforce_csrf_checks=True).post("/dang-ky/", FORM)
    assert response.status_code == 403 and _counts() == (0, 0, 0)


def test_an_organisation_registers_by_tax_code(client):
    tax_code = tax_code_with_check_digit(3)
    response = client.post(
        "/dang-ky/to-chuc/",
        {
            "tax_code": tax_code,
            "name": "Công ty TNHH Tân Phú",
            "representative": "Lê Văn Cường",
            "address": "",
            "phone": "0912345678",
            "email": "",
            "password": PASSWORD,
            "password_again": PASSWORD,
        },
    )
    assert response["Location"] == "/xac-minh/"
    assert Organisation.objects.get(tax_code=tax_code).user.username == tax_code
    assert Message.objects.get().channel == "sms"


def test_a_wrong_tax_code_is_refused(client):
    response = client.post(
        "/dang-ky/to-chuc/",
        {"tax_code": "0100107519", "name": "X", "representative": "Y", "phone": "0912345678",
         "password": PASSWORD, "password_again": PASSWORD},
    )  # fmt: skip
    assert response.status_code == 400 and "sai chữ số kiểm tra" in response.content.decode()
    assert _counts() == (0, 0, 0)


# --- verification ---------------------------------------------------------------


@pytest.fixture
def registered(client):
    client.post("/dang-ky/", FORM)
    return User.objects.get(username="001090012345"), Message.objects.get()


def _verify(client, code, purpose="verify_email"):
    return client.post("/xac-minh/", {"action": "verify", "purpose": purpose, "code": code})


def test_the_right_code_verifies_the_account(client, registered):
    user, message = registered
    response = _verify(client, _otp(message))
    assert response["Location"] == "/tai-khoan/"
    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert "Đã xác minh" in client.get("/tai-khoan/").content.decode()


def test_a_wrong_code_is_refused_on_the_code_field(client, registered):
    user, message = registered
    wrong = f"{(int(_otp(message)) + 1) % 1_000_000:06d}"
    response = _verify(client, wrong)
    html = response.content.decode()
    assert response.status_code == 400 and "Mã xác thực không đúng hoặc đã hết hạn" in html
    assert 'aria-invalid="true"' in html
    assert User.objects.get(pk=user.pk).email_verified_at is None


def test_an_expired_code_is_refused(client, registered):
    user, message = registered
    OneTimeCode.objects.update(
        expires_at=timezone.now(), created_at=timezone.now() - timezone.timedelta(minutes=11)
    )
    assert _verify(client, _otp(message)).status_code == 400
    assert User.objects.get(pk=user.pk).email_verified_at is None


def test_too_many_wrong_codes_spend_it(client, registered):
    user, message = registered
    right = _otp(message)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for _ in range(5):
        _verify(client, wrong)
    response = _verify(client, right)
    assert "quá số lần cho phép" in response.content.decode()
    assert User.objects.get(pk=user.pk).email_verified_at is None


def test_a_new_code_is_not_sent_within_a_minute(client, registered):
    response = client.post("/xac-minh/", {"action": "send", "purpose": "verify_email"}, follow=True)
    assert "có thể yêu cầu mã mới sau" in response.content.decode()
    assert Message.objects.count() == 1


def test_the_phone_can_be_verified_by_sms(client, registered):
    client.post("/xac-minh/", {"action": "send", "purpose": "verify_phone"})
    sms = Message.objects.get(channel="sms")
    assert sms.recipient == "0912345678"
    _verify(client, _otp(sms), purpose="verify_phone")
    assert User.objects.get(username="001090012345").phone_verified_at is not None


def test_verification_needs_a_sign_in(client):
    response = client.get("/xac-minh/")
    assert response["Location"].startswith("/dang-nhap/?next=/xac-minh/")


# --- sign-in --------------------------------------------------------------------


def test_a_citizen_signs_in_with_the_citizen_id_or_the_verified_email(client):
    user = _an()
    assert (
        client.post("/dang-nhap/", {"username": "an@example.vn", "password": PASSWORD}).status_code
        == 200
    )
    User.objects.filter(pk=user.pk).update(email_verified_at=timezone.now())
    response = client.post("/dang-nhap/", {"username": "an@example.vn", "password": PASSWORD})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)
    client.logout()
    client.post("/dang-nhap/", {"username": "001090012345", "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_sign_in_page_locks_out_after_five_failures(client, settings):
    _an()
    for _ in range(settings.SIGN_IN_MAX_FAILURES):
        client.post("/dang-nhap/", {"username": "001090012345", "password": "sai"})
    response = client.post("/dang-nhap/", {"username": "001090012345", "password": PASSWORD})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Tài khoản tạm khóa do đăng nhập sai nhiều lần" in html and "(too many" not in html
    assert "_auth_user_id" not in client.session


def test_an_oversized_username_is_refused_without_a_query_for_it(client):
    response = client.post("/dang-nhap/", {"username": "x" * 5000, "password": PASSWORD})
    assert response.status_code == 200 and "tối đa 254 kí tự" in response.content.decode()


# --- password reset -------------------------------------------------------------


def _request_reset(client, identifier):
    return client.post("/quen-mat-khau/", {"identifier": identifier}, follow=True)


def test_the_answer_is_the_same_whether_or_not_the_account_exists(client):
    _an()
    known = _request_reset(client, "001090012345")
    sent = Message.objects.count()
    unknown = _request_reset(Client(), "001190054321")
    assert sent == 2 and Message.objects.count() == 2
    assert known.redirect_chain == unknown.redirect_chain == [("/quen-mat-khau/dat-lai/", 302)]
    text = "Nếu có tài khoản như vậy, mã đặt lại mật khẩu đã được gửi"
    assert text in known.content.decode() and text in unknown.content.decode()


def test_a_password_is_reset_with_the_code(client):
    user = _an()
    _request_reset(client, "001090012345")
    code = _otp(Message.objects.filter(channel="email").get())
    page = client.get("/quen-mat-khau/dat-lai/").content.decode()
    assert 'value="001090012345"' in page  # carried from the request
    response = client.post(
        "/quen-mat-khau/dat-lai/",
        {
            "identifier": "001090012345",
            "code": code,
            "password": NEW_PASSWORD,
            "password_again": NEW_PASSWORD,
        },
    )
    assert response["Location"] == "/dang-nhap/"
    assert User.objects.get(pk=user.pk).check_password(NEW_PASSWORD)


def test_a_code_resets_only_its_own_account(client):
    _an()
    binh = citizen_register(
        citizen_id="001190054321", full_name="Trần Thị Bình", phone="0987654321", password=PASSWORD
    ).user
    _request_reset(client, "001090012345")
    code = _otp(Message.objects.filter(channel="email").get())
    response = client.post(
        "/quen-mat-khau/dat-lai/",
        {
            "identifier": "001190054321",
            "code": code,
            "password": NEW_PASSWORD,
            "password_again": NEW_PASSWORD,
        },
    )
    assert response.status_code == 400 and "không đúng hoặc đã hết hạn" in response.content.decode()
    assert User.objects.get(pk=binh.pk).check_password(PASSWORD)


def test_an_unknown_account_is_refused_like_a_wrong_code(client):
    response = client.post(
        "/quen-mat-khau/dat-lai/",
        {
            "identifier": "001190054321",
            "code": "123456",
            "password": NEW_PASSWORD,
            "password_again": NEW_PASSWORD,
        },
    )
    assert response.status_code == 400 and "không đúng hoặc đã hết hạn" in response.content.decode()


def test_a_weak_new_password_is_refused_and_the_code_kept(client):
    user = _an()
    _request_reset(client, "001090012345")
    code = _otp(Message.objects.filter(channel="email").get())
    response = client.post(
        "/quen-mat-khau/dat-lai/",
        {
            "identifier": "001090012345",
            "code": code,
            "password": "12345678",
            "password_again": "12345678",
        },
    )
    assert response.status_code == 400 and "Mật khẩu chưa đủ mạnh" in response.content.decode()
    assert OneTimeCode.objects.get().used_at is None
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)


# --- profile --------------------------------------------------------------------


def test_the_profile_shows_the_identity_and_edits_the_contact(client):
    user = _an(address="12 Lê Lợi")
    User.objects.filter(pk=user.pk).update(email_verified_at=timezone.now())
    client.force_login(user)
    html = client.get("/tai-khoan/").content.decode()
    assert "001090012345" in html and "Nguyễn Văn An" in html and 'value="12 Lê Lợi"' in html
    response = client.post(
        "/tai-khoan/",
        {"phone": "0912345678", "email": "moi@example.vn", "address": "5 Hai Bà Trưng"},
    )
    assert response["Location"] == "/tai-khoan/"
    citizen = Citizen.objects.get(user=user)
    assert (citizen.email, citizen.address) == ("moi@example.vn", "5 Hai Bà Trưng")
    assert User.objects.get(pk=user.pk).email_verified_at is None  # the new address needs a code


def test_a_bad_profile_edit_writes_nothing(client):
    user = _an()
    client.force_login(user)
    response = client.post(
        "/tai-khoan/", {"phone": "0912345678", "email": "an@example.vn", "address": "A" * 5000}
    )
    assert response.status_code == 400 and "tối đa 300 kí tự" in response.content.decode()
    assert Citizen.objects.get(user=user).address == ""


def test_the_profile_needs_a_sign_in(client):
    assert client.get("/tai-khoan/")["Location"].startswith("/dang-nhap/")
    assert client.post("/tai-khoan/", {"email": "x@example.vn"})["Location"].startswith(
        "/dang-nhap/"
    )


def test_an_officer_has_no_contact_form(client):
    officer = staff_user_create(
        actor=None, username="tiepnhan", full_name="Cán bộ", password=PASSWORD
    )
    client.force_login(officer)
    assert "tài khoản cán bộ" in client.get("/tai-khoan/").content.decode()
    assert client.post("/tai-khoan/", {"email": "x@example.vn"}).status_code == 404


def test_a_personal_tax_code_whose_login_exists_is_refused_on_the_tax_code(client):
    """Since 1/7/2025 an individual's tax code is their citizen ID (Circular
    86/2024/TT-BTC): a household business cannot take the login its owner has."""
    _an()
    response = client.post(
        "/dang-ky/to-chuc/",
        {"tax_code": "001090012345", "name": "Hộ kinh doanh An", "representative": "Nguyễn Văn An",
         "phone": "0912345678", "password": PASSWORD, "password_again": PASSWORD},
    )  # fmt: skip
    assert response.status_code == 400
    assert 'id="id_tax_code_error"' in response.content.decode()
    assert _counts() == (1, 1, 0)
