"""API v1: one NinjaAPI, one router per domain (DESIGN.md layout: api/v1/<domain>.py)."""

from motcua.api.v1 import catalog
from motcua.api.v1.base import api

api.add_router("/procedures", catalog.router)

__all__ = ["api"]
