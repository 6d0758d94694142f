"""SMS through an HTTP gateway (a brand-name SMS provider's JSON API).

The request, one per message::

    POST <MOTCUA_SMS_GATEWAY_URL>
    Authorization: Bearer <MOTCUA_SMS_GATEWAY_API_KEY>
    Content-Type: application/json

    {"to": "0912345678", "text": "...", "sender": "MOTCUA", "client_ref": "motcua-42"}

A 2xx answer carries ``{"id": "<provider id>"}`` (and may carry ``"segments"``, the parts
the gateway billed). ``client_ref`` is the same on every attempt of one outbox row, so
a gateway that deduplicates by it never sends a retried message twice. 408, 429 and
5xx are worth retrying; any other 4xx is a refusal for good. A provider with another
format is another small plugin (docs/notifications.md).

Vietnamese gateways mostly require unsigned text (issue 6 §2): with
``MOTCUA_SMS_UNSIGNED`` the text is folded (``rendering.sms_fold``) before it is sent
and the parts are counted on what is sent.
"""

from __future__ import annotations

import http.client
import json
import threading
from typing import Any, ClassVar
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from motcua.core.text import nfc
from motcua.notifications.channels.base import (
    AddressKind,
    Channel,
    Delivery,
    Outgoing,
    PermanentError,
    TransientError,
)
from motcua.notifications.rendering import sms_fold, sms_segments

_RETRY_STATUSES = {408, 425, 429}
# A connection the gateway closed while idle fails on first use; the request is sent
# again on a fresh connection (safe: the gateway deduplicates by client_ref).
_STALE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)


class SmsHttpChannel(Channel):
    key: ClassVar[str] = "sms"
    label: ClassVar[str] = "Tin nhắn SMS"
    address_kind: ClassVar[AddressKind] = "phone"
    preference: ClassVar[str | None] = "sms"

    def __init__(
        self,
        *,
        url: str,
        api_key: str = "",
        sender: str = "",
        cost_per_part: int = 0,
        unsigned: bool = True,
        timeout: float = 10.0,
    ) -> None:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ImproperlyConfigured(
                f"MOTCUA_SMS_GATEWAY_URL must be an http(s) URL, not {url!r}"
            )
        self.url = url
        self._scheme = parts.scheme
        self._host = parts.hostname
        self._port = parts.port
        self._path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self.api_key = api_key
        self.sender = sender
        self.cost_per_part = cost_per_part
        self.unsigned = unsigned
        self.timeout = timeout
        # One keep-alive connection per thread: http.client connections are not
        # thread-safe, and reconnecting per message would cap the worker's throughput.
        self._local = threading.local()
        self._all: list[http.client.HTTPConnection] = []
        self._all_lock = threading.Lock()

    @classmethod
    def from_settings(cls) -> SmsHttpChannel:
        return cls(
            url=settings.SMS_GATEWAY_URL,
            api_key=settings.SMS_GATEWAY_API_KEY,
            sender=settings.SMS_SENDER,
            cost_per_part=settings.SMS_COST_PER_PART,
            unsigned=settings.SMS_UNSIGNED,
            timeout=settings.SMS_TIMEOUT_MS / 1000,
        )

    def text_for(self, body: str) -> str:
        """The text the gateway receives for ``body``."""
        return sms_fold(body) if self.unsigned else nfc(body)

    def send(self, outgoing: Outgoing) -> Delivery:
        text = self.text_for(outgoing.body)
        payload = json.dumps(
            {
                "to": outgoing.recipient,
                "text": text,
                "sender": self.sender,
                "client_ref": outgoing.client_ref,
            },
            ensure_ascii=False,
        ).encode("utf-8")
        status, raw = self._post(payload)
        if 200 <= status < 300:
            data = _json_object(raw)
            provider_id = data.get("id") if data else None
            if not isinstance(provider_id, str | int) or provider_id == "":
                # Accepted or not? Unknown; asking again is safe thanks to client_ref.
                raise TransientError(f"Cổng SMS trả lời {status} nhưng thiếu mã tin: {raw[:200]!r}")
            billed = data.get("segments") if data else None
            segments = billed if isinstance(billed, int) and billed > 0 else sms_segments(text)
            return Delivery(
                provider_ref=str(provider_id),
                cost=segments * self.cost_per_part,
                segments=segments,
            )
        reason = _reason(raw)
        if 400 <= status < 500 and status not in _RETRY_STATUSES:
            raise PermanentError(f"Cổng SMS từ chối ({status}): {reason}")
        raise TransientError(f"Cổng SMS tạm thời không nhận ({status}): {reason}")

    def _connection(self) -> http.client.HTTPConnection:
        conn: http.client.HTTPConnection | None = getattr(self._local, "conn", None)
        if conn is None:
            factory = (
                http.client.HTTPSConnection
                if self._scheme == "https"
                else http.client.HTTPConnection
            )
            conn = factory(self._host, self._port, timeout=self.timeout)
            self._local.conn = conn
            with self._all_lock:
                self._all.append(conn)
        return conn

    def _drop_connection(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
            with self._all_lock:
                if conn in self._all:
                    self._all.remove(conn)

    def _post(self, payload: bytes) -> tuple[int, bytes]:
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json",
        }
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        for attempt in (1, 2):
            fresh = getattr(self._local, "conn", None) is None
            conn = self._connection()
            try:
                conn.request("POST", self._path, body=payload, headers=headers)
                response = conn.getresponse()
                raw = response.read()
            except _STALE as exc:
                self._drop_connection()
                if fresh or attempt == 2:
                    raise TransientError(f"Cổng SMS đóng kết nối: {exc!r}") from exc
                continue
            except TimeoutError as exc:
                self._drop_connection()
                raise TransientError(f"Cổng SMS không trả lời trong {self.timeout:g} giây") from exc
            except (OSError, http.client.HTTPException) as exc:
                # Refused, unreachable, TLS error, a malformed answer.
                self._drop_connection()
                raise TransientError(f"Không kết nối được cổng SMS: {exc!r}") from exc
            if response.will_close:
                self._drop_connection()
            return response.status, raw
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        with self._all_lock:
            for conn in self._all:
                conn.close()
            self._all.clear()


def _json_object(raw: bytes) -> dict[str, Any] | None:
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _reason(raw: bytes) -> str:
    data = _json_object(raw)
    if data:
        for field in ("error", "message", "detail"):
            if isinstance(data.get(field), str):
                return str(data[field])[:300]
    return raw[:300].decode("utf-8", "replace") or "(không có nội dung)"
