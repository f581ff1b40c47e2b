"""The candidate's packets: several per data folder (a candidate revising for
the next cycle keeps last cycle's). The store keeps each packet's header
columns (name, candidate, track) for listing and the whole packet as JSON
(`erbsim.core.packet.Packet.to_dict()`); it does not interpret the body.

A mixin of Store (see store.py); every write is one short transaction.
"""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from erbsim.core.store.documents import DocumentNotFound, DocumentTable
from erbsim.core.store.records import TRACKS, StoredPacket
from erbsim.core.store.values import check


class PacketNotFound(DocumentNotFound):
    kind = "packet"


_PACKETS = DocumentTable("packets", StoredPacket, PacketNotFound)


class PacketStorage:
    db: Database

    if TYPE_CHECKING:
        def _now(self) -> str: ...  # Store's

    def save_packet(self, body: Mapping[str, Any], packet_id: int | None = None) -> int:
        """Insert a packet (packet_id None) or replace one; returns its id. `body`
        is Packet.to_dict(): its name, candidate and track are copied to columns."""
        name = str(body.get("name") or "").strip()
        if not name:
            raise ValueError("a packet needs a name")
        track = str(body.get("track") or "staff")
        check("track", track, TRACKS)
        columns = {"name": name, "candidate": str(body.get("candidate") or ""), "track": track}
        return _PACKETS.save(self.db, packet_id, body, columns, self._now(),
                             on_insert={"uuid": str(body.get("uuid") or uuid_module.uuid4())})

    def get_packet(self, packet_id: int) -> StoredPacket:
        return _PACKETS.get(self.db, packet_id)

    def list_packets(self) -> list[StoredPacket]:
        """Every packet, most recently changed first."""
        return _PACKETS.list(self.db)

    def delete_packet(self, packet_id: int) -> None:
        """Delete a packet; sessions about it keep their turns (their packet_id becomes NULL)."""
        _PACKETS.delete(self.db, packet_id)
