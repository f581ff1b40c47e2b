"""The candidate's packets: several per data folder (a candidate revising for
the next cycle keeps last cycle's). The store keeps each packet's header
columns (name, candidate, track) for listing and the whole packet as JSON
(`erbsim.core.packet.Packet.to_dict()`); it does not interpret the body.

A mixin of Store (see store.py); every write is one short transaction.
"""

from __future__ import annotations

import json
import uuid as uuid_module
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from erbsim.core.store.records import TRACKS, StorageError, StoredPacket
from erbsim.core.store.values import check, row_id


class PacketNotFound(StorageError, KeyError):
    def __init__(self, packet_id: Any):
        super().__init__(f"no packet with id {packet_id}")

    def __str__(self) -> str:
        return self.args[0]


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
        values = {"name": name, "candidate": str(body.get("candidate") or ""), "track": track,
                  "body": json.dumps(dict(body), ensure_ascii=False), "updated_at": self._now()}
        table = self.db.table("packets")
        with self.db.atomic():
            if packet_id is None:
                return row_id(table.insert({**values, "uuid": str(body.get("uuid") or uuid_module.uuid4()),
                                            "created_at": values["updated_at"]}).last_pk)
            if self.db.execute("SELECT 1 FROM packets WHERE id = ?", [packet_id]).fetchone() is None:
                raise PacketNotFound(packet_id)
            table.update(packet_id, values)
            return packet_id

    def get_packet(self, packet_id: int) -> StoredPacket:
        rows = list(self.db.query("SELECT * FROM packets WHERE id = ?", [packet_id]))
        if not rows:
            raise PacketNotFound(packet_id)
        return _packet(rows[0])

    def list_packets(self) -> list[StoredPacket]:
        """Every packet, most recently changed first."""
        return [_packet(r) for r in self.db.query("SELECT * FROM packets ORDER BY updated_at DESC, id DESC")]

    def delete_packet(self, packet_id: int) -> None:
        """Delete a packet; sessions about it keep their turns (their packet_id becomes NULL)."""
        with self.db.atomic():
            if self.db.execute("DELETE FROM packets WHERE id = ?", [packet_id]).rowcount == 0:
                raise PacketNotFound(packet_id)


def _packet(row: Mapping[str, Any]) -> StoredPacket:
    values = dict(row)
    values["body"] = json.loads(values["body"])
    return StoredPacket(**values)
