"""Named boards for mentor-led panels ("my sponsor's board"): the store keeps
each board's name as a column and the board itself as JSON
(`erbsim.core.board.Board.to_dict()`), without interpreting it.

A mixin of Store (see store.py); every write is one short transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from erbsim.core.store.documents import DocumentNotFound, DocumentTable
from erbsim.core.store.records import StoredBoard


class BoardNotFound(DocumentNotFound):
    kind = "board"


_BOARDS = DocumentTable("boards", StoredBoard, BoardNotFound)


class BoardStorage:
    db: Database

    if TYPE_CHECKING:
        def _now(self) -> str: ...  # Store's

    def save_board(self, body: Mapping[str, Any], board_id: int | None = None) -> int:
        """Insert a board (board_id None) or replace one; returns its id."""
        name = str(body.get("name") or "").strip()
        if not name:
            raise ValueError("a board needs a name")
        return _BOARDS.save(self.db, board_id, body, {"name": name}, self._now())

    def get_board(self, board_id: int) -> StoredBoard:
        return _BOARDS.get(self.db, board_id)

    def list_boards(self) -> list[StoredBoard]:
        """Every saved board, most recently changed first."""
        return _BOARDS.list(self.db)

    def delete_board(self, board_id: int) -> None:
        _BOARDS.delete(self.db, board_id)
