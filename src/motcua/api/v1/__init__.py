"""API v1: one NinjaAPI, one router per domain (DESIGN.md layout: api/v1/<domain>.py)."""

from motcua.api.v1 import auth, catalog, dossiers, notices
from motcua.api.v1.base import api

api.add_router("/auth", auth.router)
api.add_router("/procedures", catalog.router)
api.add_router("/dossiers", dossiers.router)
api.add_router("/track", dossiers.track_router)
api.add_router("/notices", notices.router)
api.add_router("/me", notices.me_router)

__all__ = ["api"]
