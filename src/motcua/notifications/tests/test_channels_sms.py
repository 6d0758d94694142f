"""The SMS plugin against the fake gateway, a real HTTP server on 127.0.0.1 (issue 6 §2)."""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from motcua.notifications.channels import (
    Delivery,
    Outgoing,
    PermanentError,
    TransientError,
    channel_get,
)
from motcua.notifications.channels.sms_http import SmsHttpChannel
from motcua.notifications.testing.fake_gateway import FakeSmsGateway

TEXT = "Hồ sơ đã được tiếp nhận, hẹn trả 25/11/2026"
FOLDED = "Ho so da duoc tiep nhan, hen tra 25/11/2026"


@pytest.fixture
def gateway():
    with FakeSmsGateway(api_key="k-123") as running:
        yield running


def _channel(gateway, **options):
    defaults = {
        "url": gateway.url,
        "api_key": "k-123",
        "sender": "UBND-TANPHU",
        "cost_per_part": 650,
        "unsigned": True,
        "timeout": 5.0,
    }
    return SmsHttpChannel(**(defaults | options))


def _out(ref="motcua-1", to="0912345678", body=TEXT):
    return Outgoing(recipient=to, subject="", body=body, client_ref=ref)


def test_success_records_provider_id_cost_and_parts(gateway):
    channel = _channel(gateway)
    delivery = channel.send(_out())
    assert delivery == Delivery(provider_ref="fake-1", cost=650, segments=1)
    assert gateway.messages() == [
        {
            "id": "fake-1",
            "to": "0912345678",
            "text": FOLDED,
            "sender": "UBND-TANPHU",
            "client_ref": "motcua-1",
        }
    ]


def test_long_text_costs_per_part(gateway):
    # 200 folded characters: 2 GSM-7 parts (153 + 47), 2 × 650 đồng.
    body = "Hồ sơ " + "a" * 194
    delivery = _channel(gateway).send(_out(body=body))
    assert (delivery.segments, delivery.cost) == (2, 1300)
    assert len(gateway.messages()[0]["text"]) == 200


def test_signed_text_when_the_gateway_takes_unicode(gateway):
    delivery = _channel(gateway, unsigned=False).send(_out())
    assert gateway.messages()[0]["text"] == TEXT
    # 43 characters of UCS-2: one part.
    assert delivery.segments == 1


def test_unsigned_only_gateway_refuses_signed_text_for_good():
    with FakeSmsGateway(api_key="k-123", unsigned_only=True) as strict:
        with pytest.raises(PermanentError, match="400"):
            _channel(strict, unsigned=False).send(_out())
        assert _channel(strict).send(_out(ref="motcua-2")).provider_ref == "fake-1"
        assert strict.messages()[0]["text"] == FOLDED


def test_same_client_reference_is_one_message(gateway):
    channel = _channel(gateway)
    first = channel.send(_out(ref="motcua-7"))
    again = channel.send(_out(ref="motcua-7"))
    assert first.provider_ref == again.provider_ref == "fake-1"
    assert len(gateway.messages()) == 1
    assert gateway.stats()["duplicates"] == 1


def test_503_is_transient_then_success(gateway):
    channel = _channel(gateway)
    gateway.fail_next(3)
    for _ in range(3):
        with pytest.raises(TransientError, match="503"):
            channel.send(_out())
    assert channel.send(_out()).provider_ref == "fake-1"
    assert gateway.stats() == {
        "received": 4,
        "accepted": 1,
        "duplicates": 0,
        "failed": 3,
        "rejected": 0,
        "unauthorized": 0,
        "malformed": 0,
    }


def test_down_until_told_otherwise(gateway):
    channel = _channel(gateway)
    gateway.set_down(True)
    for ref in ("motcua-1", "motcua-2"):
        with pytest.raises(TransientError):
            channel.send(_out(ref=ref))
    assert gateway.messages() == []
    gateway.set_down(False)
    assert channel.send(_out(ref="motcua-2")).provider_ref == "fake-1"


def test_rejected_phone_is_permanent(gateway):
    gateway.reject_phone("0900000000")
    with pytest.raises(PermanentError, match="invalid recipient"):
        _channel(gateway).send(_out(to="0900000000"))
    assert gateway.messages() == []


def test_wrong_credentials_are_permanent(gateway):
    with pytest.raises(PermanentError, match="401"):
        _channel(gateway, api_key="wrong").send(_out())
    assert gateway.stats()["unauthorized"] == 1


def test_timeout_is_transient(gateway):
    gateway.set_delay(1.0)
    with pytest.raises(TransientError, match="không trả lời"):
        _channel(gateway, timeout=0.2).send(_out())


def test_connection_refused_is_transient():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    channel = SmsHttpChannel(url=f"http://127.0.0.1:{port}/sms", timeout=1.0)
    with pytest.raises(TransientError, match="Không kết nối được"):
        channel.send(_out())


def test_keep_alive_survives_the_gateway_hanging_up(gateway):
    channel = _channel(gateway)
    channel.send(_out(ref="motcua-1"))
    assert gateway.close_connections() == 1
    # The stale connection fails on first use; the request goes again on a new one.
    assert channel.send(_out(ref="motcua-2")).provider_ref == "fake-2"
    assert [m["client_ref"] for m in gateway.messages()] == ["motcua-1", "motcua-2"]


def test_one_connection_serves_many_messages(gateway):
    channel = _channel(gateway)
    for n in range(20):
        channel.send(_out(ref=f"motcua-{n}"))
    assert len(gateway.messages()) == 20
    # Still the same single keep-alive connection.
    assert gateway.close_connections() == 1


def test_bad_url_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured):
        SmsHttpChannel(url="ftp://gateway.example/sms")


def test_registry_builds_the_plugin_from_settings(gateway):
    with override_settings(
        SMS_GATEWAY_URL=gateway.url,
        SMS_GATEWAY_API_KEY="k-123",
        SMS_SENDER="MOTCUA",
        SMS_COST_PER_PART=800,
        SMS_UNSIGNED=True,
        SMS_TIMEOUT_MS=2000,
    ):
        channel = channel_get("sms")
        assert isinstance(channel, SmsHttpChannel)
        assert channel.timeout == 2.0
        delivery = channel.send(_out())
    assert delivery == Delivery(provider_ref="fake-1", cost=800, segments=1)
    assert gateway.messages()[0]["sender"] == "MOTCUA"


def _http(port, method, path, payload=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        body = json.dumps(payload).encode() if payload is not None else None
        conn.request(method, path, body=body, headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        return response.status, json.loads(response.read())
    finally:
        conn.close()


def test_fake_gateway_as_a_process():
    process = subprocess.Popen(
        [sys.executable, "-m", "motcua.notifications.testing.fake_gateway", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/sms")
        port = urlsplit(url).port
        channel = SmsHttpChannel(url=url, api_key="test-key", timeout=5.0)
        assert _http(port, "POST", "/control", {"fail_next": 1}) == (200, {"ok": True})
        with pytest.raises(TransientError):
            channel.send(_out())
        assert channel.send(_out()).provider_ref == "fake-1"
        _http(port, "POST", "/control", {"reject": "0900000000"})
        with pytest.raises(PermanentError):
            channel.send(_out(ref="motcua-9", to="0900000000"))
        status, messages = _http(port, "GET", "/messages")
        assert status == 200
        assert [(m["to"], m["text"], m["client_ref"]) for m in messages] == [
            ("0912345678", FOLDED, "motcua-1")
        ]
        assert _http(port, "GET", "/stats")[1]["failed"] == 1
        _http(port, "POST", "/control", {"reset": True})
        assert _http(port, "GET", "/messages") == (200, [])
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert process.returncode == 0
