"""Settings of the outbox benchmark's workers: the real settings, with outbox delivery
as the only periodic job (the sweep and reminders have nothing to do on this data)."""

from motcua.settings import *  # noqa: F403

PERIODIC_TASKS = [{"task": "motcua.notifications.tasks.outbox_deliver_task", "every": 1}]
LOGGING = {"version": 1, "disable_existing_loggers": False}
