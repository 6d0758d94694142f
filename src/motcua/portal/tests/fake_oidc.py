"""A fake OpenID Connect provider on 127.0.0.1 for the tests of the VNeID option: a
real HTTP server in a thread serving discovery, authorize, token, userinfo and JWKS,
with RS256 id tokens signed by a key made for the run. Each test says who signs in
(``person``) and may spoil one thing (``tamper``) to see it refused."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

CLIENT_ID = "motcua-portal"
CLIENT_SECRET = "bi-mat-cua-ung-dung"


@dataclass
class FakeProvider:
    base: str = ""
    person: dict[str, Any] = field(default_factory=dict)
    #: claims carried only by userinfo (not in the id token)
    userinfo_only: tuple[str, ...] = ()
    #: "signature" (signed by another key), "audience", "nonce", "expired", "issuer"
    tamper: str = ""
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "k1"}))
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    token_requests: list[dict[str, str]] = field(default_factory=list)

    def metadata(self) -> dict[str, Any]:
        return {
            "issuer": self.base,
            "authorization_endpoint": f"{self.base}/authorize",
            "token_endpoint": f"{self.base}/token",
            "userinfo_endpoint": f"{self.base}/userinfo",
            "jwks_uri": f"{self.base}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
        }

    def authorize(self, query: dict[str, str]) -> str:
        """What the person's browser gets after signing in at the provider: the
        redirect back to the portal with a code."""
        code = secrets.token_urlsafe(16)
        self.codes[code] = query
        params = {"code": code, "state": query["state"]}
        return query["redirect_uri"] + "?" + urllib.parse.urlencode(params)

    def _id_token(self, request: dict[str, str], access_token: str) -> str:
        now = int(time.time())
        claims = {
            "iss": self.base if self.tamper != "issuer" else "https://gia-mao.example",
            "aud": CLIENT_ID if self.tamper != "audience" else "ung-dung-khac",
            "iat": now,
            "exp": now + 300 if self.tamper != "expired" else now - 600,
            "nonce": request["nonce"] if self.tamper != "nonce" else "nonce-khac",
            **{k: v for k, v in self.person.items() if k not in self.userinfo_only},
        }
        key = (
            self.key
            if self.tamper != "signature"
            else RSAKey.generate_key(2048, parameters={"kid": "k1"})
        )
        return jwt.encode({"alg": "RS256", "kid": "k1"}, claims, key)

    def token(self, form: dict[str, str], authorization: str) -> tuple[int, dict[str, Any]]:
        self.token_requests.append(form)
        expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if authorization != f"Basic {expected}":
            return 401, {"error": "invalid_client"}
        request = self.codes.pop(form.get("code", ""), None)
        if request is None or form.get("redirect_uri") != request["redirect_uri"]:
            return 400, {"error": "invalid_grant"}
        digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
        challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        if challenge != request.get("code_challenge"):
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        access_token = secrets.token_urlsafe(24)
        self.tokens[access_token] = self.person["sub"]
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": self._id_token(request, access_token),
        }

    def userinfo(self, authorization: str) -> tuple[int, dict[str, Any]]:
        token = authorization.removeprefix("Bearer ")
        if token not in self.tokens:
            return 401, {"error": "invalid_token"}
        return 200, dict(self.person)


def _handler(provider: FakeProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _json(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            path = urllib.parse.urlsplit(self.path).path
            if path == "/.well-known/openid-configuration":
                self._json(200, provider.metadata())
            elif path == "/jwks":
                self._json(200, KeySet([provider.key]).as_dict(private=False))
            elif path == "/userinfo":
                self._json(*provider.userinfo(self.headers.get("Authorization", "")))
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
            if self.path == "/token":
                self._json(*provider.token(form, self.headers.get("Authorization", "")))
            else:
                self._json(404, {"error": "not_found"})

    return Handler


class FakeProviderServer:
    """``with FakeProviderServer() as provider:`` – listening on a free port."""

    def __init__(self) -> None:
        self.provider = FakeProvider()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.provider))
        self.provider.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeProvider:
        self.thread.start()
        return self.provider

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
