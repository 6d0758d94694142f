"""The channel registry and the e-mail, console and in-app plugins (issue 6 §2)."""

from __future__ import annotations

import email
import email.policy
import json
import os
import socket
import socketserver
import subprocess
import sys
import threading
from typing import ClassVar

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from motcua.notifications.channels import (
    AddressKind,
    Channel,
    Delivery,
    Outgoing,
    PermanentError,
    TransientError,
    UnknownChannelError,
    channel_classes,
    channel_get,
    channel_keys,
)
from motcua.notifications.channels.console import ConsoleChannel, ConsoleSmsChannel
from motcua.notifications.channels.email import EmailChannel
from motcua.notifications.channels.in_app import InAppChannel

OUT = Outgoing(
    recipient="an.nguyen@example.vn",
    subject="Đã tiếp nhận hồ sơ H01-0001",
    body="Kính gửi ông Nguyễn Văn An,\n\nHồ sơ H01-0001 đã được tiếp nhận.",
    client_ref="motcua-41",
)


class RecordingChannel(Channel):
    """A plugin from "another package", enabled through MOTCUA_NOTIFY_PLUGINS."""

    key: ClassVar[str] = "zalo"
    label: ClassVar[str] = "Zalo"
    address_kind: ClassVar[AddressKind] = "phone"
    preference: ClassVar[str | None] = "sms"

    def send(self, outgoing: Outgoing) -> Delivery:
        return Delivery(provider_ref=f"zalo-{outgoing.client_ref}")


class NotAChannel:
    pass


# --- registry ------------------------------------------------------------------------------


def test_default_channels():
    assert channel_keys() == ["sms", "email", "in_app"]
    assert isinstance(channel_get("email"), EmailChannel)
    assert isinstance(channel_get("in_app"), InAppChannel)


def test_one_instance_per_channel_until_settings_change():
    first = channel_get("email")
    assert channel_get("email") is first
    with override_settings(DEFAULT_FROM_EMAIL="Một Cửa <mc@example.vn>"):
        changed = channel_get("email")
        assert changed is not first
        assert changed.from_email == "Một Cửa <mc@example.vn>"


def test_a_channel_not_enabled_is_refused():
    with pytest.raises(UnknownChannelError, match="console"):
        channel_get("console")
    with override_settings(NOTIFY_CHANNELS=["email"]), pytest.raises(UnknownChannelError):
        channel_get("sms")


def test_an_unknown_key_in_the_setting_is_a_configuration_error():
    with (
        override_settings(NOTIFY_CHANNELS=["email", "pigeon"]),
        pytest.raises(ImproperlyConfigured, match="pigeon"),
    ):
        channel_keys()


def test_plugin_from_settings():
    path = f"{__name__}.RecordingChannel"
    with override_settings(NOTIFY_PLUGINS=[path], NOTIFY_CHANNELS=["zalo", "email"]):
        assert channel_keys() == ["zalo", "email"]
        assert set(channel_classes()) == {"email", "sms", "console", "in_app", "zalo"}
        plugin = channel_get("zalo")
        assert isinstance(plugin, RecordingChannel)
        assert plugin.send(OUT) == Delivery(provider_ref="zalo-motcua-41")


@pytest.mark.parametrize(
    ("path", "words"),
    [("motcua.no_such_module.Channel", "cannot import"), (f"{__name__}.NotAChannel", "subclass")],
)
def test_bad_plugin_path_is_a_configuration_error(path, words):
    with override_settings(NOTIFY_PLUGINS=[path]), pytest.raises(ImproperlyConfigured, match=words):
        channel_keys()


# --- console and SMS without a gateway ------------------------------------------------------


def test_console_writes_one_json_line_to_its_file(tmp_path):
    path = tmp_path / "messages.jsonl"
    channel = ConsoleChannel(path=str(path))
    delivery = channel.send(OUT)
    channel.send(OUT)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    record = json.loads(lines[0])
    assert {k: record[k] for k in ("channel", "to", "ref", "subject", "body")} == {
        "channel": "console",
        "to": "an.nguyen@example.vn",
        "ref": "motcua-41",
        "subject": "Đã tiếp nhận hồ sơ H01-0001",
        "body": "Kính gửi ông Nguyễn Văn An,\n\nHồ sơ H01-0001 đã được tiếp nhận.",
    }
    assert delivery.provider_ref.startswith("console-")
    assert (delivery.cost, delivery.segments) == (0, 0)


def test_console_writes_to_standard_error_without_a_file(capsys):
    ConsoleChannel().send(OUT)
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert json.loads(err)["body"].endswith("đã được tiếp nhận.")


def test_sms_without_a_gateway_is_written_folded(tmp_path):
    path = tmp_path / "sms.jsonl"
    with override_settings(SMS_GATEWAY_URL="", NOTIFY_CONSOLE_FILE=str(path), SMS_UNSIGNED=True):
        channel = channel_get("sms")
        assert isinstance(channel, ConsoleSmsChannel)
        delivery = channel.send(
            Outgoing(
                recipient="0912345678",
                subject="",
                body="Hồ sơ đã được tiếp nhận, hẹn trả 25/11/2026",
                client_ref="motcua-3",
            )
        )
    record = json.loads(path.read_text(encoding="utf-8"))
    assert (record["channel"], record["to"], record["body"], record["segments"]) == (
        "sms",
        "0912345678",
        "Ho so da duoc tiep nhan, hen tra 25/11/2026",
        1,
    )
    assert delivery.segments == 1


# --- in-app ---------------------------------------------------------------------------------


def test_in_app_sends_nothing_anywhere(tmp_path):
    with override_settings(NOTIFY_CONSOLE_FILE=str(tmp_path / "x.jsonl")):
        delivery = InAppChannel().send(
            Outgoing(recipient="17", subject="s", body="b", client_ref="motcua-8")
        )
    assert delivery == Delivery(provider_ref="in_app:motcua-8")
    assert mail.outbox == []
    assert list(tmp_path.iterdir()) == []


# --- e-mail -----------------------------------------------------------------------------------


def test_email_through_django_locmem_backend():
    channel = EmailChannel(from_email="Một Cửa <no-reply@tanphu.gov.vn>")
    delivery = channel.send(OUT)
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["an.nguyen@example.vn"]
    assert sent.from_email == "Một Cửa <no-reply@tanphu.gov.vn>"
    assert sent.subject == "Đã tiếp nhận hồ sơ H01-0001"
    assert sent.body == OUT.body
    assert sent.extra_headers["Message-ID"] == delivery.provider_ref
    assert sent.extra_headers["X-Motcua-Ref"] == "motcua-41"
    assert delivery.provider_ref.startswith("<") and "@tanphu.gov.vn>" in delivery.provider_ref
    assert (delivery.cost, delivery.segments) == (0, 0)


def test_email_through_the_file_backend(tmp_path):
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(tmp_path),
        DEFAULT_FROM_EMAIL="no-reply@tanphu.gov.vn",
    ):
        delivery = channel_get("email").send(OUT)
    (written,) = list(tmp_path.iterdir())
    raw = written.read_bytes().split(b"\n" + b"-" * 79 + b"\n")[0]
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["Subject"] == "Đã tiếp nhận hồ sơ H01-0001"
    assert parsed["To"] == "an.nguyen@example.vn"
    assert parsed["Message-ID"] == delivery.provider_ref
    assert parsed.get_content().strip() == OUT.body


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) to accept or refuse a recipient."""

    def _say(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self._say("220 test ESMTP")
        while line := self.rfile.readline():
            command = line.decode().strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in {"EHLO", "HELO"}:
                self._say("250 test")
            elif verb == "MAIL":
                self._say("250 OK")
            elif verb == "RCPT":
                if "nobody@" in command:
                    self._say("550 5.1.1 no such mailbox")
                elif "busy@" in command:
                    self._say("451 4.2.0 mailbox busy, try later")
                else:
                    self._say("250 OK")
            elif verb == "DATA":
                self._say("354 go ahead")
                while self.rfile.readline() not in {b".\r\n", b""}:
                    pass
                self.server.delivered += 1  # type: ignore[attr-defined]
                self._say("250 queued")
            elif verb == "RSET":
                self._say("250 OK")
            elif verb == "QUIT":
                self._say("221 bye")
                return
            else:
                self._say("502 not implemented")


@pytest.fixture
def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpHandler)
    server.daemon_threads = True
    server.delivered = 0  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=server.server_address[1],
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_TIMEOUT=5,
    ):
        yield server
    server.shutdown()
    server.server_close()


def _to(address: str) -> Outgoing:
    return Outgoing(recipient=address, subject="s", body="b", client_ref="motcua-1")


def test_smtp_accepts(smtp_server):
    delivery = EmailChannel(from_email="mc@tanphu.gov.vn").send(_to("an@example.vn"))
    assert delivery.provider_ref.endswith("@tanphu.gov.vn>")
    assert smtp_server.delivered == 1


def test_smtp_550_is_permanent(smtp_server):
    with pytest.raises(PermanentError, match="550"):
        EmailChannel(from_email="mc@tanphu.gov.vn").send(_to("nobody@example.vn"))
    assert smtp_server.delivered == 0


def test_smtp_451_is_transient(smtp_server):
    with pytest.raises(TransientError, match="451"):
        EmailChannel(from_email="mc@tanphu.gov.vn").send(_to("busy@example.vn"))


def test_smtp_server_unreachable_is_transient():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with (
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_TIMEOUT=2,
        ),
        pytest.raises(TransientError, match="Không gửi được thư"),
    ):
        EmailChannel(from_email="mc@tanphu.gov.vn").send(_to("an@example.vn"))


# --- settings -------------------------------------------------------------------------------


def _settings_in_a_fresh_process(tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
    environment |= {
        "DJANGO_SETTINGS_MODULE": "motcua.settings",
        "MOTCUA_VAR_DIR": str(tmp_path),
        "MOTCUA_SECRET_KEY": "x" * 50,
        **env,
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(','.join(settings.NOTIFY_CHANNELS))",
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_without_a_gateway_leaves_sms_out(tmp_path):
    result = _settings_in_a_fresh_process(tmp_path, MOTCUA_ENVIRONMENT="production")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "email,in_app"


def test_production_naming_sms_without_a_gateway_is_refused(tmp_path):
    result = _settings_in_a_fresh_process(
        tmp_path, MOTCUA_ENVIRONMENT="production", MOTCUA_NOTIFY_CHANNELS="sms,email"
    )
    assert result.returncode != 0
    assert "MOTCUA_SMS_GATEWAY_URL is blank" in result.stderr


def test_production_with_a_gateway_sends_sms(tmp_path):
    result = _settings_in_a_fresh_process(
        tmp_path,
        MOTCUA_ENVIRONMENT="production",
        MOTCUA_SMS_GATEWAY_URL="https://sms.example.vn/send",
    )
    assert result.stdout.strip() == "sms,email,in_app", result.stderr


def test_development_keeps_sms_without_a_gateway(tmp_path):
    result = _settings_in_a_fresh_process(tmp_path, MOTCUA_ENVIRONMENT="development")
    assert result.stdout.strip() == "sms,email,in_app", result.stderr
