"""Refuse NUL characters at the door. PostgreSQL cannot store them in text and answers
an error deep inside a request (a 500); SQLite stores them. No legitimate form field,
code or query ever holds one, so a request carrying one is refused with a 400 before
any view runs, the same on both databases."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse

_MESSAGE = "Dữ liệu chứa ký tự không hợp lệ (NUL) (input contains a NUL character)."


def _carries_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", "").lower():
        return True
    if request.content_type == "application/json":
        try:
            body = request.body
        except RequestDataTooBig:
            return False  # the view answers 413 when it reads the body
        # A NUL inside a JSON string is written \u0000 (base64 file contents never
        # hold a backslash).
        return b"\x00" in body or b"\\u0000" in body
    return False


class RefuseNulBytesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _carries_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"code": "invalid_character", "message": _MESSAGE, "detail": {}}, status=400
                )
            return HttpResponse(_MESSAGE, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
