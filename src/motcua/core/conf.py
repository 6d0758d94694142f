"""Configuration from environment variables, and only from there.

Every variable the project reads goes through :func:`env`, which records its name,
default and help text. ``docs/configuration.md`` is checked against this registry by a
test, so the documentation cannot drift from the code (habit taken from Open Zaak's
``config()`` helper).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Variable:
    name: str
    default: Any
    help: str


REGISTRY: dict[str, Variable] = {}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _to_bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def _to_list(_name: str, raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


def _to_int(name: str, raw: str) -> int:
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


_CASTS: dict[type, Callable[[str, str], Any]] = {
    bool: _to_bool,
    list: _to_list,
    int: _to_int,
    str: lambda _name, raw: raw,
}


def env(name: str, default: Any, help: str, cast: type = str) -> Any:
    """Read ``name`` from the environment, registering it for the documentation."""
    REGISTRY[name] = Variable(name=name, default=default, help=help)
    raw = os.environ.get(name)
    if raw is None:
        return default
    return _CASTS[cast](name, raw)
