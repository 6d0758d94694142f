"""/api/v1/notices and /api/v1/me/contact-preferences: a person's in-app notices and the
channels they choose to be told on (project issue 6 §2, §3).

    GET  /api/v1/notices                   the caller's notices, newest first, paginated
    POST /api/v1/notices/{id}/read         mark one read
    GET  /api/v1/me/contact-preferences    SMS / e-mail choices and where messages go
    PUT  /api/v1/me/contact-preferences    change them

Everything is the caller's own: another person's notice is "not found" (404), as the
selector only ever looks among the caller's rows (DESIGN.md, "The one rule").
"""

from __future__ import annotations

import math
from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema
from pydantic import ConfigDict, Field, StrictBool

from motcua.api.v1.base import Error
from motcua.api.v1.dossiers import LocalTime
from motcua.api.v1.security import AUTH, current_user
from motcua.notifications.models import Message
from motcua.notifications.preferences import (
    contact_channels,
    contact_preference_get,
    contact_preference_set,
    notice_get_for_user,
    notice_list_for_user,
    notice_mark_read,
)

router = Router(tags=["Thông báo"], auth=AUTH)
me_router = Router(tags=["Thông báo"], auth=AUTH)

PAGE_SIZE = 20
MAX_PAGE = 10_000
MAX_ID = 2**63 - 1


class NoticeParams(Schema):
    unread: bool = Field(False, description="Chỉ thông báo chưa đọc")
    page: int = Field(1, ge=1, le=MAX_PAGE)


class NoticePath(Schema):
    id: int = Field(ge=1, le=MAX_ID)


class NoticeOut(Schema):
    id: int
    template: str = Field(description="Loại thông báo (TemplateKey)")
    reference: str = Field(description="Liên quan, ví dụ mã hồ sơ")
    subject: str
    body: str
    created_at: LocalTime
    read_at: LocalTime | None


class NoticePage(Schema):
    count: int
    unread_count: int
    page: int
    pages: int
    page_size: int
    items: list[NoticeOut]


class ChannelOut(Schema):
    channel: str
    recipient: str


class PreferencesIn(Schema):
    model_config = ConfigDict(extra="forbid")

    sms: StrictBool = Field(description="Nhận tin nhắn SMS")
    email: StrictBool = Field(description="Nhận thư điện tử")


class PreferencesOut(Schema):
    sms: bool
    email: bool
    channels: list[ChannelOut] = Field(
        description="Các kênh và địa chỉ sẽ nhận thông báo với lựa chọn này"
    )


def _notice(message: Message) -> dict[str, Any]:
    return {
        "id": message.pk,
        "template": message.template,
        "reference": message.reference,
        "subject": message.subject,
        "body": message.body,
        "created_at": message.created_at,
        "read_at": message.read_at,
    }


@router.get(
    "",
    response={200: NoticePage, 401: Error, 422: Error},
    summary="Thông báo trên hệ thống của người gọi",
    description="Mới nhất trước, 20 thông báo một trang.",
)
def notice_list(request: HttpRequest, params: Query[NoticeParams]) -> dict[str, Any]:
    user = current_user(request)
    notices = notice_list_for_user(user=user, unread_only=params.unread)
    count = notices.count()
    unread = count if params.unread else notice_list_for_user(user=user, unread_only=True).count()
    start = (params.page - 1) * PAGE_SIZE
    return {
        "count": count,
        "unread_count": unread,
        "page": params.page,
        "pages": max(1, math.ceil(count / PAGE_SIZE)),
        "page_size": PAGE_SIZE,
        "items": [_notice(m) for m in notices[start : start + PAGE_SIZE]],
    }


@router.post(
    "/{id}/read",
    response={200: NoticeOut, 401: Error, 403: Error, 404: Error, 422: Error},
    summary="Đánh dấu đã đọc một thông báo",
)
def notice_read(request: HttpRequest, path: Path[NoticePath]) -> dict[str, Any]:
    user = current_user(request)
    notice = notice_get_for_user(user=user, notice_id=path.id)
    return _notice(notice_mark_read(actor=user, message=notice))


def _preferences(user: Any) -> dict[str, Any]:
    preference = contact_preference_get(user=user)
    return {
        "sms": preference.sms,
        "email": preference.email,
        "channels": [
            {"channel": channel, "recipient": recipient}
            for channel, recipient in contact_channels(user=user)
        ],
    }


@me_router.get(
    "/contact-preferences",
    response={200: PreferencesOut, 401: Error},
    summary="Kênh nhận thông báo của người gọi",
)
def preferences_get(request: HttpRequest) -> dict[str, Any]:
    return _preferences(current_user(request))


@me_router.put(
    "/contact-preferences",
    response={200: PreferencesOut, 400: Error, 401: Error, 403: Error, 422: Error},
    summary="Chọn kênh nhận thông báo",
    description="Thông báo trên hệ thống luôn được giữ; SMS và thư điện tử gửi tới số "
    "điện thoại và địa chỉ thư đã khai.",
)
def preferences_put(request: HttpRequest, payload: PreferencesIn) -> dict[str, Any]:
    user = current_user(request)
    contact_preference_set(actor=user, user=user, sms=payload.sms, email=payload.email)
    return _preferences(user)
