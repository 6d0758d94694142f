"""``motcua worker``: run background jobs and the periodic schedule (docs/operations.md).

Start as many as needed, on as many machines as needed, against the same database;
each one beats, runs jobs, and takes its share of the schedule.
"""

from __future__ import annotations

import logging
import os
import socket
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import (
    valid_interval,
    valid_max_tasks,
    validate_worker_id,
)

from motcua.core.worker.runner import worker_run


def _default_worker_id() -> str:
    # Host and pid make a log line or a heartbeat row easy to trace to a process; the
    # random tail keeps the id unique when a pid is reused after a restart.
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(8)}"


class Command(BaseCommand):
    help = (
        "Chạy tiến trình nền: thực hiện các công việc trong hàng đợi và đặt lịch các "
        "công việc định kỳ (gửi thông báo, quét hồ sơ quá hạn, nhắc việc, dọn dẹp)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queue-name",
            default="default",
            help="Các hàng đợi cần xử lý, cách nhau bằng dấu phẩy (mặc định: default).",
        )
        parser.add_argument(
            "--interval",
            type=valid_interval,
            default=1.0,
            help="Số giây chờ khi hàng đợi trống trước khi xem lại (mặc định 1).",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Làm hết các công việc đang chờ rồi thoát.",
        )
        parser.add_argument(
            "--max-tasks",
            type=valid_max_tasks,
            default=None,
            help="Thoát sau khi làm xong chừng này công việc.",
        )
        parser.add_argument(
            "--worker-id",
            type=validate_worker_id,
            default=None,
            help="Mã tiến trình, duy nhất trong cả hệ thống (mặc định: máy-pid-ngẫu nhiên).",
        )
        parser.add_argument(
            "--no-startup-delay",
            action="store_false",
            dest="startup_delay",
            help="Không chờ ngẫu nhiên tới 1 giây lúc khởi động.",
        )
        parser.add_argument(
            "--no-schedule",
            action="store_false",
            dest="schedule",
            help="Không đặt lịch công việc định kỳ (chỉ làm công việc trong hàng đợi).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # django-tasks logs each job it runs; at the default verbosity the operator
        # sees them (the LOGGING of settings formats them as JSON).
        level = {0: logging.WARNING, 1: logging.INFO}.get(options["verbosity"], logging.DEBUG)
        for name in ("django_tasks", "django_tasks_db", "motcua"):
            logging.getLogger(name).setLevel(level)
        worker_run(
            worker_id=options["worker_id"] or _default_worker_id(),
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            max_tasks=options["max_tasks"],
            startup_delay=options["startup_delay"],
            schedule=options["schedule"],
        )
