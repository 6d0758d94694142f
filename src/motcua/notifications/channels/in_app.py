"""The in-app notice: the outbox row is the notice, shown in the portal and the office.

Nothing leaves the server, so delivery cannot fail; the row becomes ``sent`` and the
person sees it in ``GET /api/v1/notices`` until they mark it read.
"""

from __future__ import annotations

from typing import ClassVar

from motcua.notifications.channels.base import AddressKind, Channel, Delivery, Outgoing


class InAppChannel(Channel):
    key: ClassVar[str] = "in_app"
    label: ClassVar[str] = "Thông báo trên hệ thống"
    address_kind: ClassVar[AddressKind] = "user"

    def send(self, outgoing: Outgoing) -> Delivery:
        return Delivery(provider_ref=f"in_app:{outgoing.client_ref}")
