"""``motcua demo``: migrate, load the Vĩnh Long demo data and serve it on this machine.

- ``motcua demo`` serves at http://127.0.0.1:8000/ after printing the demo logins, with
  one ``motcua worker`` beside the server (messages, periodic jobs), stopped with it;
- ``--port N`` serves on another port; ``--no-serve`` stops after loading;
- ``--accounts-json`` prints only the demo logins as JSON (for scripts and browser
  tests) and exits; everything else goes to standard error.

Every run is safe to repeat: the data is loaded idempotently.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.accounts.constants import RoleCode, UserKind
from motcua.core.exceptions import ApplicationError
from motcua.demo.data.people import DEMO_PASSWORD
from motcua.demo.loader import DemoAccount, demo_accounts, demo_load
from motcua.feedback.constants import FEEDBACK_HANDLER

_ROLE_LABELS = {
    **{role.value: str(role.label) for role in RoleCode},
    FEEDBACK_HANDLER: "Cán bộ xử lý phản ánh, kiến nghị",
    UserKind.CITIZEN.value: str(UserKind.CITIZEN.label),
    UserKind.ORGANISATION.value: str(UserKind.ORGANISATION.label),
}


def _login_table(accounts: list[DemoAccount]) -> list[str]:
    rows = [("Tên đăng nhập", "Vai trò", "Cơ quan", "Họ và tên")]
    rows += [
        (a.username, _ROLE_LABELS.get(a.role, a.role), a.agency_code or "—", a.full_name)
        for a in accounts
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return [
        "  "
        + "  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True))
        + "  "
        + row[3]
        for row in rows
    ]


def _worker_stop(worker: subprocess.Popen[bytes]) -> None:
    """SIGTERM lets the worker finish its job and remove its heartbeat; a worker that
    does not stop within 15 s is killed (its job is picked up at the next start)."""
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


class Command(BaseCommand):
    help = (
        "Tạo cơ sở dữ liệu, nạp dữ liệu trình diễn tỉnh Vĩnh Long (chạy lại không tạo trùng) "
        "và chạy máy chủ thử tại http://127.0.0.1:8000/ cùng một tiến trình nền "
        "(gửi thông báo, công việc định kỳ)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--port", type=int, default=8000, help="Cổng của máy chủ thử (mặc định 8000)."
        )
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help="Chỉ tạo cơ sở dữ liệu và nạp dữ liệu, không chạy máy chủ.",
        )
        parser.add_argument(
            "--accounts-json",
            action="store_true",
            help="Chỉ in danh sách tài khoản trình diễn dạng JSON rồi thoát.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
        # In JSON mode standard output carries the JSON alone.
        call_command("migrate", interactive=False, verbosity=0, stdout=self.stderr)
        try:
            summary = demo_load()
        except ApplicationError as exc:
            raise CommandError(f"Không nạp được dữ liệu trình diễn: {exc.message}") from exc
        accounts = demo_accounts()
        if options["accounts_json"]:
            payload = [account.as_dict() for account in accounts]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        port = options["port"]
        base = f"http://127.0.0.1:{port}/"
        lines = [
            "Một Cửa – dữ liệu trình diễn tỉnh Vĩnh Long đã sẵn sàng "
            f"({summary.total} bản ghi mới được tạo).",
            "",
            f"  Cổng dịch vụ công:  {base}",
            f"  Trang cán bộ:       {base}office/",
            f"  Trang quản trị:     {base}admin/",
            f"  Tài liệu API:       {base}api/v1/docs",
            f"  Tình trạng hệ thống: {base}healthz (một tiến trình nền chạy cùng máy chủ)",
            "",
            f"Tài khoản trình diễn (mật khẩu chung: {DEMO_PASSWORD}):",
            *_login_table(accounts),
            "",
            "Chỉ dùng để trình diễn: không nạp dữ liệu này vào hệ thống thật.",
        ]
        self.stdout.write("\n".join(lines))
        if options["no_serve"]:
            return
        # One background worker beside the server (issue 6 §5): it sends the messages
        # and runs the periodic jobs. Stopped with the server, whatever ends it.
        worker = subprocess.Popen([sys.executable, "-m", "motcua", "worker", "--verbosity", "0"])
        # runserver stops on Ctrl+C only; SIGTERM (a service manager, a script) must
        # also unwind through the ``finally`` below, or the worker would outlive us.
        previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            # Without DEBUG, runserver serves static files only when told to (--insecure).
            call_command(
                "runserver", f"127.0.0.1:{port}", use_reloader=False, insecure_serving=True
            )
        finally:
            signal.signal(signal.SIGTERM, previous)
            _worker_stop(worker)
