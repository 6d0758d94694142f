"""The v1 API object and its one error shape ``{"code", "message", "detail"}``
(DESIGN.md, "The one rule", step 3). Messages are Vietnamese first, English after."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import BaseModel

from motcua.core.exceptions import ApplicationError

api = NinjaAPI(
    title="Một Cửa API",
    version="1",
    description=(
        "API của hệ thống Một Cửa: danh mục thủ tục hành chính và ngày hẹn trả kết quả. "
        "Lỗi luôn có dạng {code, message, detail}."
    ),
    urls_namespace="api-v1",
)


class Error(BaseModel):
    """Every 4xx answer of the API."""

    code: str
    message: str
    detail: dict[str, Any] = {}


def error_response(
    request: HttpRequest, status: int, code: str, message: str, detail: dict[str, Any] | None = None
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "detail": detail or {}}, status=status
    )


@api.exception_handler(ApplicationError)
def _application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return error_response(request, exc.http_status, exc.code, exc.message, exc.detail)


@api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {
            "field": ".".join(str(part) for part in error.get("loc", ())[1:]) or None,
            "message": error.get("msg", ""),
        }
        for error in exc.errors
    ]
    return error_response(
        request,
        422,
        "invalid_input",
        "Dữ liệu gửi lên không hợp lệ (invalid input).",
        {"errors": errors},
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "not_found", "Không tìm thấy (not found).")


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(request, 401, "unauthenticated", "Cần đăng nhập (login required).")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # django-ninja raises HttpError(400) when the body does not parse, chained to the
    # parser's exception (JSONDecodeError, UnicodeDecodeError, RecursionError for a
    # body nested thousands deep): say so in the error shape.
    if exc.status_code == 400 and isinstance(exc.__cause__, ValueError | RecursionError):
        return error_response(
            request,
            400,
            "invalid_json",
            "Nội dung gửi lên không phải JSON hợp lệ (malformed JSON body).",
        )
    return error_response(request, exc.status_code, "http_error", str(exc))


@api.exception_handler(RequestDataTooBig)
def _too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    # Django refuses to read a body above DATA_UPLOAD_MAX_MEMORY_SIZE
    # (MOTCUA_REQUEST_MAX_BYTES); without this it would surface as a 400 page.
    return error_response(
        request,
        413,
        "request_too_large",
        "Dữ liệu gửi lên vượt quá dung lượng cho phép (request body too large).",
        {"max_bytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE},
    )


def api_not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any /api/v1/ address no operation answers: the one error shape, not Django's
    HTML page (a client parses every answer of the API the same way)."""
    return error_response(
        request,
        404,
        "not_found",
        "Không có địa chỉ này trong API (no such API address).",
        {"path": request.path},
    )
