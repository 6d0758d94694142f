"""Settings of the dossier benchmark: the benchmark settings plus a Server-Timing
header on every response (``bench.timing``) and a bare POST ceiling."""

from bench.settings import *  # noqa: F403
from bench.settings import MIDDLEWARE

ROOT_URLCONF = "bench.dossier_urls"
MIDDLEWARE = ["bench.timing.ServerTiming", *MIDDLEWARE]
