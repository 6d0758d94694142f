"""The one error every service raises when a rule refuses an action.

The API maps it to ``{"code", "message", "detail"}`` and the UI to a readable message
(DESIGN.md, "The one rule", step 3).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError


class ApplicationError(Exception):
    """A business rule refused the request. ``code`` is stable and machine-readable;
    ``message`` is Vietnamese, for the person in front of the screen."""

    code = "application_error"
    http_status = 400

    def __init__(
        self, message: str, *, code: str | None = None, detail: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.detail = detail or {}


class NotFoundError(ApplicationError):
    code = "not_found"
    http_status = 404


class InvalidInputError(ApplicationError):
    """Input that parses but cannot be used (a date out of range, a name that fits no
    record); the interface layer raises it before calling a service."""

    code = "invalid_input"
    http_status = 422


class PermissionDeniedError(ApplicationError):
    """The caller is known but may not do this (wrong role, wrong agency, not theirs)."""

    code = "permission_denied"
    http_status = 403


class ConflictError(ApplicationError):
    """The record changed under the caller: another officer acted first, or the action
    no longer fits the record's state."""

    code = "conflict"
    http_status = 409


def validated(validator: Callable[[str], None], value: str) -> str:
    """Run a field validator in a service; its Vietnamese message and code become the
    refusal, so callers get the one error shape."""
    try:
        validator(value)
    except ValidationError as exc:
        raise ApplicationError(
            exc.messages[0], code=exc.code or "invalid", detail={"value": value}
        ) from exc
    return value
