"""API v1: one NinjaAPI, one router per domain (DESIGN.md layout: api/v1/<domain>.py)."""

from motcua.api.v1.base import api

__all__ = ["api"]
