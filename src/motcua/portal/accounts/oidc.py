"""The OpenID Connect relying party (issue 5 §2): sign-in through VNeID or another
provider, off unless ``MOTCUA_OIDC_ISSUER`` and ``MOTCUA_OIDC_CLIENT_ID`` are set.

Authorization code flow with PKCE (RFC 7636), state and nonce kept in the session.
Authlib builds the request and validates the id token's claims (issuer, audience,
expiry, nonce, ``at_hash``) after joserfc checks its signature against the provider's
published keys; the three HTTP calls (discovery, token, keys, userinfo) use the
standard library, so Authlib needs no HTTP client of its own. What the claims mean
for the accounts is ``accounts.applicants.external_sign_in``.
"""

from __future__ import annotations

import base64
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from authlib.common.security import generate_token
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from motcua.accounts.applicants import ExternalClaims
from motcua.core.exceptions import ApplicationError

logger = logging.getLogger(__name__)

_SESSION_KEY = "oidc_pending"
_METADATA_SECONDS = 3600
# The id token's clock may run a little apart from ours.
_LEEWAY_SECONDS = 60
_RESPONSE_MAX = 1024 * 1024


class OidcError(ApplicationError):
    code = "oidc_failed"
    http_status = 400


def oidc_enabled() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_CLIENT_ID)


def _fetch(
    url: str, *, data: dict[str, str] | None = None, headers: dict[str, str] | None = None
) -> Any:
    """GET (or POST a form) and parse JSON; any failure is one :class:`OidcError`."""
    if urllib.parse.urlsplit(url).scheme not in {"https", "http"}:
        raise OidcError("Địa chỉ của nhà cung cấp định danh không hợp lệ.")
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url, data=body, headers={"Accept": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.OIDC_TIMEOUT) as response:  # noqa: S310
            return json.loads(response.read(_RESPONSE_MAX))
    except (urllib.error.URLError, TimeoutError, ValueError) as exc:
        logger.warning("oidc provider call failed", extra={"url": url, "error": str(exc)})
        raise OidcError(
            f"Không kết nối được với {settings.OIDC_PROVIDER_NAME}; xin thử lại sau "
            "hoặc đăng nhập bằng mật khẩu."
        ) from exc


def provider_metadata() -> dict[str, Any]:
    """The provider's discovery document (OpenID Connect Discovery §4), cached an hour
    in the shared cache; its issuer must be the one configured (§4.3)."""
    url = settings.OIDC_DISCOVERY_URL or (
        settings.OIDC_ISSUER.rstrip("/") + "/.well-known/openid-configuration"
    )
    key = "oidc-metadata:" + url
    metadata = cache.get(key)
    if metadata is None:
        metadata = _fetch(url)
        if not isinstance(metadata, dict) or metadata.get("issuer") != settings.OIDC_ISSUER:
            raise OidcError("Tài liệu cấu hình của nhà cung cấp định danh không khớp issuer.")
        cache.set(key, metadata, _METADATA_SECONDS)
    return metadata


def authorization_url(*, request: HttpRequest, redirect_uri: str, next_url: str) -> str:
    """Where to send the browser to sign in; remembers state, nonce and the PKCE
    verifier in the session for the callback."""
    metadata = provider_metadata()
    pending = {
        "state": generate_token(32),
        "nonce": generate_token(32),
        "verifier": generate_token(64),
        "next": next_url,
    }
    request.session[_SESSION_KEY] = pending
    return str(
        prepare_grant_uri(
            metadata["authorization_endpoint"],
            settings.OIDC_CLIENT_ID,
            "code",
            redirect_uri=redirect_uri,
            scope=settings.OIDC_SCOPES,
            state=pending["state"],
            nonce=pending["nonce"],
            code_challenge=create_s256_code_challenge(pending["verifier"]),
            code_challenge_method="S256",
        )
    )


def pending_next(request: HttpRequest) -> str:
    return str((request.session.get(_SESSION_KEY) or {}).get("next") or "")


def _token_request(
    *, metadata: dict[str, Any], code: str, redirect_uri: str, verifier: str
) -> dict[str, Any]:
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": verifier,
    }
    headers = {}
    methods = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    if "client_secret_basic" in methods:
        # RFC 6749 §2.3.1: the id and secret are form-encoded before the Basic header.
        pair = ":".join(
            urllib.parse.quote(part, safe="")
            for part in (settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET)
        )
        headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
    else:
        data.update(client_id=settings.OIDC_CLIENT_ID, client_secret=settings.OIDC_CLIENT_SECRET)
    token = _fetch(metadata["token_endpoint"], data=data, headers=headers)
    if not isinstance(token, dict) or not token.get("id_token"):
        raise OidcError("Nhà cung cấp định danh không trả về id token.")
    return token


def _id_token_claims(
    *, metadata: dict[str, Any], token: dict[str, Any], nonce: str
) -> dict[str, Any]:
    algorithms = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
    algorithms = [alg for alg in algorithms if alg != "none"]
    keys = _fetch(metadata["jwks_uri"])
    try:
        decoded = jwt.decode(
            token["id_token"],
            KeySet.import_key_set(keys),
            registry=JWSRegistry(algorithms=algorithms),
        )
        claims = CodeIDToken(
            decoded.claims,
            decoded.header,
            options={
                "iss": {"essential": True, "value": settings.OIDC_ISSUER},
                "aud": {"essential": True, "value": settings.OIDC_CLIENT_ID},
            },
            params={
                "nonce": nonce,
                "client_id": settings.OIDC_CLIENT_ID,
                "access_token": token.get("access_token"),
            },
        )
        claims.validate(leeway=_LEEWAY_SECONDS)
    except (JoseError, ValueError, TypeError) as exc:
        logger.warning("oidc id token refused", extra={"error": repr(exc)})
        raise OidcError(
            "Không xác thực được phản hồi của nhà cung cấp định danh (id token không hợp lệ)."
        ) from exc
    return dict(claims)


def callback_claims(*, request: HttpRequest, redirect_uri: str) -> ExternalClaims:
    """Finish the flow the provider redirected back with: check state, exchange the
    code, verify the id token, read the citizen ID from it or from userinfo."""
    pending = request.session.pop(_SESSION_KEY, None) or {}
    state = request.GET.get("state", "")
    if not pending or not constant_time_compare(state, pending.get("state", "")):
        raise OidcError("Phiên đăng nhập đã hết hạn hoặc không hợp lệ; xin đăng nhập lại.")
    if request.GET.get("error"):
        raise OidcError(f"{settings.OIDC_PROVIDER_NAME} không xác thực: đăng nhập đã bị hủy.")
    code = request.GET.get("code", "")
    if not code or len(code) > 2048:
        raise OidcError("Thiếu mã ủy quyền từ nhà cung cấp định danh.")
    metadata = provider_metadata()
    token = _token_request(
        metadata=metadata, code=code, redirect_uri=redirect_uri, verifier=pending["verifier"]
    )
    claims = _id_token_claims(metadata=metadata, token=token, nonce=pending["nonce"])
    claim = settings.OIDC_CITIZEN_ID_CLAIM
    if claim not in claims and metadata.get("userinfo_endpoint") and token.get("access_token"):
        info = _fetch(
            metadata["userinfo_endpoint"],
            headers={"Authorization": f"Bearer {token['access_token']}"},
        )
        # OpenID Connect Core §5.3.2: userinfo for another subject must not be used.
        if isinstance(info, dict) and info.get("sub") == claims["sub"]:
            claims = {**info, **claims}
    return ExternalClaims(
        issuer=settings.OIDC_ISSUER,
        subject=str(claims["sub"]),
        citizen_id=str(claims.get(claim) or ""),
        full_name=str(claims.get("name") or ""),
        email=str(claims.get("email") or "") if claims.get("email_verified") else "",
    )
