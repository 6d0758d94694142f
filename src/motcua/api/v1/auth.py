"""/api/v1/auth: bearer tokens for clients that have no browser session (a mobile app,
a provincial system), and who the caller is.

    POST   /api/v1/auth/token   username + password → token (shown once) with expiry;
                                the sign-in lockout of the portal applies (429)
    DELETE /api/v1/auth/token   revoke the token this request carries
    GET    /api/v1/auth/me      the logged-in account (token or session)
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from pydantic import Field

from motcua.accounts.constants import UserKind
from motcua.accounts.services import (
    API_TOKEN_NAME_MAX,
    SignInFailedError,
    api_token_issue,
    api_token_revoke,
    sign_in,
)
from motcua.api.v1.base import Error
from motcua.api.v1.security import (
    AUTH,
    BearerToken,
    NotAuthenticatedError,
    current_token,
    current_user,
)

router = Router(tags=["Xác thực"])


class TokenIn(Schema):
    # Bounds before any hashing: an oversized password is 422, never a slow hash.
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=256)
    name: str = Field(
        "",
        max_length=API_TOKEN_NAME_MAX,
        description="Tên gợi nhớ của mã, ví dụ tên máy hoặc ứng dụng (optional label).",
    )


class TokenOut(Schema):
    token: str = Field(description="Chỉ hiển thị một lần (shown once, store it safely).")
    token_type: Literal["Bearer"]
    expires_at: dt.datetime


class MeOut(Schema):
    username: str
    full_name: str
    kind: UserKind


@router.post(
    "/token",
    auth=None,
    response={201: TokenOut, 401: Error, 422: Error, 429: Error},
    summary="Cấp mã truy cập (bearer token) bằng tên đăng nhập và mật khẩu",
)
def token_create(request: HttpRequest, payload: TokenIn, response: HttpResponse) -> Any:
    # Django's login form strips and NFKC-normalises the username; do the same so
    # the API and the login page accept the same input.
    username = unicodedata.normalize("NFKC", payload.username.strip())
    # The portal's lockout (MOTCUA_SIGN_IN_MAX_FAILURES) holds here too, else the API
    # would be the way around it; a locked username gets 429 with `sign_in_locked`.
    try:
        user = sign_in(
            request=request,
            username=username,
            password=payload.password,
            ip=request.META.get("REMOTE_ADDR"),
        )
    except SignInFailedError as exc:
        # ModelBackend already refuses inactive accounts; the same answer either way, so
        # the endpoint does not tell which accounts exist or are inactive.
        raise NotAuthenticatedError(
            "Sai tên đăng nhập hoặc mật khẩu (invalid credentials).", code="invalid_credentials"
        ) from exc
    token, raw = api_token_issue(user=user, name=payload.name)
    # RFC 6749 §5.1: a response carrying a credential is not cached.
    response["Cache-Control"] = "no-store"
    return Status(201, {"token": raw, "token_type": "Bearer", "expires_at": token.expires_at})


@router.delete(
    "/token",
    auth=BearerToken(),
    response={204: None, 401: Error},
    summary="Thu hồi mã truy cập đang dùng",
)
def token_revoke(request: HttpRequest) -> Any:
    token = current_token(request)
    if token is None:  # only BearerToken authenticates this operation
        raise NotAuthenticatedError("Cần mã truy cập (bearer token required).")
    api_token_revoke(token=token, actor=current_user(request))
    return Status(204, None)


@router.get("/me", auth=AUTH, response={200: MeOut, 401: Error}, summary="Tài khoản đang đăng nhập")
def me(request: HttpRequest) -> Any:
    user = current_user(request)
    return {"username": user.username, "full_name": user.full_name, "kind": user.kind}
