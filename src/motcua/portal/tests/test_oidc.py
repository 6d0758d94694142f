"""Signing in through an OpenID Connect provider (the VNeID option, issue 5 §2),
against a fake provider on 127.0.0.1: off unless configured; code flow with PKCE,
state and nonce; RS256 id tokens checked against the provider's keys; the citizen ID
claim maps to a Citizen, linked on the first login; anything forged is refused with
nothing written."""

from __future__ import annotations

import urllib.parse

import pytest
from django.core.cache import cache

from motcua.accounts.models import Citizen, ExternalIdentity, User
from motcua.accounts.services import citizen_register
from motcua.portal.tests.fake_oidc import CLIENT_ID, CLIENT_SECRET, FakeProviderServer

pytestmark = pytest.mark.django_db

PASSWORD = "Mật-khẩu-dài-2026"
AN = {"sub": "vneid-7f3a", "citizen_id": "001090012345", "name": "Nguyễn Văn An"}


@pytest.fixture
def provider(settings):
    cache.clear()
    with FakeProviderServer() as fake:
        settings.OIDC_ISSUER = fake.base
        settings.OIDC_CLIENT_ID = CLIENT_ID
        settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
        fake.person = dict(AN)
        yield fake
    cache.clear()


def _through(client, provider, start="/dang-nhap/vneid/"):
    """The browser's walk: to the provider, sign in there, back to the portal."""
    to_provider = client.get(start)
    assert to_provider.status_code == 302
    url = urllib.parse.urlsplit(to_provider["Location"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{provider.base}/authorize"
    back = urllib.parse.urlsplit(provider.authorize(dict(urllib.parse.parse_qsl(url.query))))
    return client.get(f"{back.path}?{back.query}")


def _signed_in(client):
    return client.session.get("_auth_user_id")


def test_off_unless_configured(client):
    assert client.get("/dang-nhap/vneid/").status_code == 404
    assert client.get("/dang-nhap/vneid/ve/?code=x&state=y").status_code == 404
    assert "VNeID" not in client.get("/dang-nhap/").content.decode()


def test_the_sign_in_page_offers_it(client, provider):
    assert "Đăng nhập bằng VNeID" in client.get("/dang-nhap/").content.decode()


def test_the_request_is_a_code_flow_with_pkce(client, provider):
    query = dict(
        urllib.parse.parse_qsl(
            urllib.parse.urlsplit(client.get("/dang-nhap/vneid/")["Location"]).query
        )
    )
    assert query["response_type"] == "code" and query["client_id"] == CLIENT_ID
    assert query["scope"] == "openid profile" and query["code_challenge_method"] == "S256"
    assert query["redirect_uri"] == "http://testserver/dang-nhap/vneid/ve/"
    assert len(query["state"]) >= 32 and len(query["nonce"]) >= 32


def test_a_first_login_makes_the_citizen_and_signs_them_in(client, provider):
    response = _through(client, provider)
    assert (response.status_code, response["Location"]) == (302, "/thong-bao/")
    citizen = Citizen.objects.get(citizen_id="001090012345")
    assert citizen.full_name == "Nguyễn Văn An"
    assert _signed_in(client) == str(citizen.user.pk)
    identity = ExternalIdentity.objects.get()
    assert (identity.issuer, identity.subject, identity.user) == (
        provider.base,
        "vneid-7f3a",
        citizen.user,
    )
    assert provider.token_requests[0]["grant_type"] == "authorization_code"


def test_the_citizen_id_may_come_from_userinfo(client, provider):
    provider.userinfo_only = ("citizen_id",)
    _through(client, provider)
    assert Citizen.objects.filter(citizen_id="001090012345", user__isnull=False).exists()


def test_a_registered_citizen_is_linked_and_signed_in(client, provider):
    registered = citizen_register(
        citizen_id="001090012345",
        full_name="Nguyễn Văn An",
        email="an@example.vn",
        password=PASSWORD,
    ).user
    _through(client, provider)
    assert _signed_in(client) == str(registered.pk)
    assert ExternalIdentity.objects.get().user == registered
    assert User.objects.count() == 1


def test_the_next_page_is_kept(client, provider):
    response = _through(client, provider, start="/dang-nhap/vneid/?next=/tai-khoan/")
    assert response["Location"] == "/tai-khoan/"


def test_a_signed_in_citizen_cannot_link_another_persons_identity(client, provider):
    binh = citizen_register(
        citizen_id="001190054321",
        full_name="Trần Thị Bình",
        email="binh@example.vn",
        password=PASSWORD,
    ).user
    client.force_login(binh)
    response = _through(client, provider, start="/dang-nhap/vneid/?next=/tai-khoan/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Số định danh 001090012345" in html and "không khớp" in html
    assert not ExternalIdentity.objects.exists()
    assert not Citizen.objects.filter(citizen_id="001090012345").exists()


@pytest.mark.parametrize("tamper", ["signature", "audience", "nonce", "expired", "issuer"])
def test_a_forged_id_token_signs_nobody_in(client, provider, tamper):
    provider.tamper = tamper
    response = _through(client, provider)
    assert response.status_code == 403
    assert "id token không hợp lệ" in response.content.decode()
    assert _signed_in(client) is None
    assert (User.objects.count(), ExternalIdentity.objects.count()) == (0, 0)


def test_a_forged_state_is_refused(client, provider):
    to_provider = urllib.parse.urlsplit(client.get("/dang-nhap/vneid/")["Location"])
    query = dict(urllib.parse.parse_qsl(to_provider.query))
    back = urllib.parse.urlsplit(provider.authorize({**query, "state": "ke-gia-mao"}))
    response = client.get(f"{back.path}?{back.query}")
    assert response.status_code == 403 and "Phiên đăng nhập đã hết hạn" in response.content.decode()
    assert not provider.token_requests and not User.objects.exists()


def test_a_callback_without_starting_is_refused(client, provider):
    assert client.get("/dang-nhap/vneid/ve/?code=abc&state=def").status_code == 403


def test_a_cancelled_sign_in_is_refused(client, provider):
    query = dict(
        urllib.parse.parse_qsl(
            urllib.parse.urlsplit(client.get("/dang-nhap/vneid/")["Location"]).query
        )
    )
    response = client.get(f"/dang-nhap/vneid/ve/?error=access_denied&state={query['state']}")
    assert response.status_code == 403 and "hủy" in response.content.decode()


def test_a_provider_that_does_not_answer_sends_back_to_the_sign_in(client, settings):
    cache.clear()
    settings.OIDC_ISSUER = "http://127.0.0.1:9"  # discard port: nothing listens
    settings.OIDC_CLIENT_ID = CLIENT_ID
    response = client.get("/dang-nhap/vneid/", follow=True)
    assert response.redirect_chain[-1][0] == "/dang-nhap/"
    assert "Không kết nối được với VNeID" in response.content.decode()
