"""A line per message on standard error or in a file: development without providers."""

from __future__ import annotations

import json
import sys
import threading
import uuid
from typing import ClassVar, TextIO

from django.conf import settings
from django.utils import timezone

from motcua.notifications.channels.base import AddressKind, Channel, Delivery, Outgoing
from motcua.notifications.rendering import sms_fold, sms_segments


class ConsoleChannel(Channel):
    """Writes ``{"channel", "to", "subject", "body", ...}`` as one JSON line.

    Appends to ``MOTCUA_NOTIFY_CONSOLE_FILE`` when set (one file several processes
    can append to), else writes to standard error.
    """

    key: ClassVar[str] = "console"
    label: ClassVar[str] = "Bảng điều khiển (phát triển)"
    address_kind: ClassVar[AddressKind] = "none"

    _write_lock = threading.Lock()

    def __init__(self, *, path: str = "") -> None:
        self.path = path

    @classmethod
    def from_settings(cls) -> ConsoleChannel:
        return cls(path=settings.NOTIFY_CONSOLE_FILE)

    def _record(self, outgoing: Outgoing) -> dict[str, object]:
        return {
            "at": timezone.now().isoformat(),
            "channel": self.key,
            "to": outgoing.recipient,
            "ref": outgoing.client_ref,
            "subject": outgoing.subject,
            "body": outgoing.body,
        }

    def _write(self, line: str) -> None:
        with self._write_lock:
            if self.path:
                with open(self.path, "a", encoding="utf-8") as handle:
                    handle.write(line + "\n")
            else:
                stream: TextIO = sys.stderr
                stream.write(line + "\n")
                stream.flush()

    def send(self, outgoing: Outgoing) -> Delivery:
        self._write(json.dumps(self._record(outgoing), ensure_ascii=False))
        return Delivery(provider_ref=f"console-{uuid.uuid4().hex}")


class ConsoleSmsChannel(ConsoleChannel):
    """What ``sms`` is when no gateway is configured: the text the gateway would get
    (folded when ``MOTCUA_SMS_UNSIGNED``) and its part count, written as a line."""

    key: ClassVar[str] = "sms"
    label: ClassVar[str] = "Tin nhắn SMS (ghi ra bảng điều khiển)"
    address_kind: ClassVar[AddressKind] = "phone"
    preference: ClassVar[str | None] = "sms"

    def __init__(self, *, path: str = "", unsigned: bool = True) -> None:
        super().__init__(path=path)
        self.unsigned = unsigned

    @classmethod
    def from_settings(cls) -> ConsoleSmsChannel:
        return cls(path=settings.NOTIFY_CONSOLE_FILE, unsigned=settings.SMS_UNSIGNED)

    def send(self, outgoing: Outgoing) -> Delivery:
        text = sms_fold(outgoing.body) if self.unsigned else outgoing.body
        record = self._record(outgoing)
        record["body"] = text
        record["segments"] = segments = sms_segments(text)
        self._write(json.dumps(record, ensure_ascii=False))
        return Delivery(provider_ref=f"console-{uuid.uuid4().hex}", segments=segments)
