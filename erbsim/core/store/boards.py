"""Named boards for mentor-led panels ("my sponsor's board"): the store keeps
each board's name as a column and the board itself as JSON
(`erbsim.core.board.Board.to_dict()`), without interpreting it.

A mixin of Store (see store.py); every write is one short transaction.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from erbsim.core.store.records import StorageError, StoredBoard
from erbsim.core.store.values import row_id


class BoardNotFound(StorageError, KeyError):
    def __init__(self, board_id: Any):
        super().__init__(f"no board with id {board_id}")

    def __str__(self) -> str:
        return self.args[0]


class BoardStorage:
    db: Database

    if TYPE_CHECKING:
        def _now(self) -> str: ...  # Store's

    def save_board(self, body: Mapping[str, Any], board_id: int | None = None) -> int:
        """Insert a board (board_id None) or replace one; returns its id."""
        name = str(body.get("name") or "").strip()
        if not name:
            raise ValueError("a board needs a name")
        values = {"name": name, "body": json.dumps(dict(body), ensure_ascii=False), "updated_at": self._now()}
        table = self.db.table("boards")
        with self.db.atomic():
            if board_id is None:
                return row_id(table.insert({**values, "created_at": values["updated_at"]}).last_pk)
            if self.db.execute("SELECT 1 FROM boards WHERE id = ?", [board_id]).fetchone() is None:
                raise BoardNotFound(board_id)
            table.update(board_id, values)
            return board_id

    def get_board(self, board_id: int) -> StoredBoard:
        rows = list(self.db.query("SELECT * FROM boards WHERE id = ?", [board_id]))
        if not rows:
            raise BoardNotFound(board_id)
        return _board(rows[0])

    def list_boards(self) -> list[StoredBoard]:
        """Every saved board, most recently changed first."""
        return [_board(r) for r in self.db.query("SELECT * FROM boards ORDER BY updated_at DESC, id DESC")]

    def delete_board(self, board_id: int) -> None:
        with self.db.atomic():
            if self.db.execute("DELETE FROM boards WHERE id = ?", [board_id]).rowcount == 0:
                raise BoardNotFound(board_id)


def _board(row: Mapping[str, Any]) -> StoredBoard:
    values = dict(row)
    values["body"] = json.loads(values["body"])
    return StoredBoard(**values)
