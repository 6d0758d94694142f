"""What every channel plugin is: a class with a ``key`` that sends one message.

The worker (outbox) calls :meth:`Channel.send` once per attempt and reads the outcome:
a :class:`Delivery` when the provider accepted the message, :class:`TransientError`
when trying again later may work (the provider is down, slow or busy), and
:class:`PermanentError` when it never will (an invalid number, a refused address).
The plugin never touches the database: the outbox writes the result (issue 6 §1, §2).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Literal

if TYPE_CHECKING:
    from motcua.notifications.models import Message

#: Which of a person's addresses a channel sends to (see ``preferences.contact_channels``).
AddressKind = Literal["phone", "email", "user", "none"]


class ChannelError(Exception):
    """A channel could not deliver one message; ``str(exc)`` is stored as the error."""


class TransientError(ChannelError):
    """Try again later: the provider is down, timed out, or asked us to slow down."""


class PermanentError(ChannelError):
    """Never retry: the provider refused this message or this recipient for good."""


class UnknownChannelError(LookupError):
    """No enabled channel has this key (``MOTCUA_NOTIFY_CHANNELS``)."""


@dataclass(frozen=True)
class Delivery:
    """What the provider said when it accepted the message."""

    provider_ref: str
    #: What this message cost, in đồng (SMS: the price of a part times the parts).
    cost: int = 0
    #: SMS parts billed; 0 for channels that are not SMS.
    segments: int = 0


@dataclass(frozen=True)
class Outgoing:
    """One message as a plugin sees it: no model, so plugins are easy to test."""

    recipient: str
    subject: str
    body: str
    #: Stable for every attempt of the same outbox row: providers that deduplicate by a
    #: client reference never deliver a retried message twice.
    client_ref: str

    @classmethod
    def of(cls, message: Message) -> Outgoing:
        return cls(
            recipient=message.recipient,
            subject=message.subject,
            body=message.body,
            client_ref=f"motcua-{message.pk}",
        )


class Channel(ABC):
    """A way to reach a person. Subclasses set the class attributes and ``send``.

    One instance serves every message of its channel, from several threads of one
    worker process, so ``send`` must not keep per-message state on ``self``.
    """

    #: Stored in ``Message.channel``; also the name in ``MOTCUA_NOTIFY_CHANNELS``.
    key: ClassVar[str]
    #: Shown to administrators and in the citizen's preferences (Vietnamese).
    label: ClassVar[str]
    #: Which address of the person this channel needs.
    address_kind: ClassVar[AddressKind] = "none"
    #: The ``ContactPreference`` field that lets a person turn the channel off
    #: (``"sms"`` or ``"email"``); ``None``: on for everyone who has the address.
    preference: ClassVar[str | None] = None

    @classmethod
    def from_settings(cls) -> Channel:
        """The instance the registry uses; plugins read their settings here."""
        return cls()

    @abstractmethod
    def send(self, outgoing: Outgoing) -> Delivery:
        """Deliver one message or raise :class:`TransientError` / :class:`PermanentError`."""

    def close(self) -> None:  # noqa: B027 - optional hook, most channels hold nothing
        """Release connections (called when settings change and at worker exit)."""
