"""Settings of the ``motcua worker`` processes the worker tests start: the project's
settings with the schedule the test asks for (JSON in ``WORKER_TEST_PERIODIC``; empty:
no periodic jobs), so a test controls what the scheduler enqueues."""

import json
import os

from motcua.settings import *  # noqa: F403 - the project's settings, then the test's schedule

PERIODIC_TASKS = json.loads(os.environ.get("WORKER_TEST_PERIODIC", "[]"))
