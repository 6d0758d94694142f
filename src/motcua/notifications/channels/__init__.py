"""The channel registry: which plugins exist, which are enabled, and one instance each.

Built in: ``email`` (Django's email backend), ``sms`` (an HTTP SMS gateway),
``console`` (a line per message, for development) and ``in_app`` (the notice is the
outbox row itself). ``MOTCUA_NOTIFY_PLUGINS`` adds classes from other packages (a Zalo
plugin, docs/notifications.md); ``MOTCUA_NOTIFY_CHANNELS`` says which keys are used, in
the order people are told. Plugin registry as in Open Forms (STYLE.md).
"""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

from motcua.notifications.channels.base import (
    AddressKind,
    Channel,
    ChannelError,
    Delivery,
    Outgoing,
    PermanentError,
    TransientError,
    UnknownChannelError,
)
from motcua.notifications.channels.console import ConsoleChannel, ConsoleSmsChannel
from motcua.notifications.channels.email import EmailChannel
from motcua.notifications.channels.in_app import InAppChannel
from motcua.notifications.channels.sms_http import SmsHttpChannel

__all__ = [
    "AddressKind",
    "Channel",
    "ChannelError",
    "Delivery",
    "Outgoing",
    "PermanentError",
    "TransientError",
    "UnknownChannelError",
    "channel_classes",
    "channel_get",
    "channel_keys",
    "channels_reset",
]

BUILT_IN: tuple[type[Channel], ...] = (EmailChannel, SmsHttpChannel, ConsoleChannel, InAppChannel)

_lock = threading.Lock()
_instances: dict[str, Channel] = {}


def channel_classes() -> dict[str, type[Channel]]:
    """Every known plugin by key: the built-in ones, then ``MOTCUA_NOTIFY_PLUGINS``."""
    classes: dict[str, type[Channel]] = {cls.key: cls for cls in BUILT_IN}
    for path in settings.NOTIFY_PLUGINS:
        try:
            cls = import_string(path)
        except ImportError as exc:
            raise ImproperlyConfigured(
                f"MOTCUA_NOTIFY_PLUGINS: cannot import {path!r} ({exc})"
            ) from exc
        if not (isinstance(cls, type) and issubclass(cls, Channel)):
            raise ImproperlyConfigured(
                f"MOTCUA_NOTIFY_PLUGINS: {path!r} is not a subclass of "
                "motcua.notifications.channels.Channel"
            )
        classes[cls.key] = cls
    return classes


def channel_keys() -> list[str]:
    """The enabled channel keys, in the order of ``MOTCUA_NOTIFY_CHANNELS``."""
    known = channel_classes()
    unknown = [key for key in settings.NOTIFY_CHANNELS if key not in known]
    if unknown:
        raise ImproperlyConfigured(
            f"MOTCUA_NOTIFY_CHANNELS names unknown channels {unknown}; known: {sorted(known)}"
        )
    return list(settings.NOTIFY_CHANNELS)


def _build(key: str) -> Channel:
    cls = channel_classes()[key]
    # Development: without a gateway, SMS are written out like the console channel
    # does, so a fresh checkout shows them without any provider account.
    if cls is SmsHttpChannel and not settings.SMS_GATEWAY_URL:
        return ConsoleSmsChannel.from_settings()
    return cls.from_settings()


def channel_get(key: str) -> Channel:
    """The one instance of an enabled channel. Raises :class:`UnknownChannelError`."""
    channel = _instances.get(key)
    if channel is not None:
        return channel
    if key not in channel_keys():
        raise UnknownChannelError(
            f"Kênh thông báo {key!r} không được bật (MOTCUA_NOTIFY_CHANNELS: "
            f"{', '.join(settings.NOTIFY_CHANNELS)})."
        )
    with _lock:
        channel = _instances.get(key)
        if channel is None:
            channel = _instances[key] = _build(key)
    return channel


def channels_reset() -> None:
    """Close and forget every instance; the next ``channel_get`` reads settings again."""
    with _lock:
        for channel in _instances.values():
            channel.close()
        _instances.clear()


def _on_setting_changed(*, setting: str, **_kwargs: Any) -> None:
    if setting.startswith(("NOTIFY_", "SMS_", "EMAIL_")) or setting == "DEFAULT_FROM_EMAIL":
        channels_reset()


setting_changed.connect(_on_setting_changed, dispatch_uid="motcua.notifications.channels")
