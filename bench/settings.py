"""Benchmark settings: the real settings plus a bare JSON endpoint as the ceiling."""

from motcua.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
LOGGING = {"version": 1, "disable_existing_loggers": False}
