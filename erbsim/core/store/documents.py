"""Tables of JSON documents (packets, boards): one row per document, with its name
and a few header columns copied out for listing, the document itself as JSON in
`body`, and created_at / updated_at. The store does not interpret the body.

DocumentTable holds the mechanics both share (insert or replace, get, list
newest first, delete, and the error for an unknown id); each mixin (packets.py,
boards.py) keeps what is its own: which header columns, and what makes a body
valid.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlite_utils import Database

from erbsim.core.store.records import StorageError
from erbsim.core.store.values import row_id

Record = TypeVar("Record")


class DocumentNotFound(StorageError, KeyError):
    kind = "document"

    def __init__(self, document_id: Any):
        super().__init__(f"no {self.kind} with id {document_id}")

    def __str__(self) -> str:  # KeyError would quote the message
        return self.args[0]


@dataclass(frozen=True)
class DocumentTable(Generic[Record]):
    table: str
    record: Callable[..., Record]  # the stored document's dataclass, built from a row
    not_found: type[DocumentNotFound]

    def save(self, db: Database, document_id: int | None, body: Mapping[str, Any], columns: Mapping[str, Any],
             now: str, on_insert: Mapping[str, Any] | None = None) -> int:
        """Insert a document (document_id None) or replace one; returns its id. `columns`
        are the header columns; `on_insert` columns are set only when it is new."""
        values = {**columns, "body": json.dumps(dict(body), ensure_ascii=False), "updated_at": now}
        table = db.table(self.table)
        with db.atomic():
            if document_id is None:
                return row_id(table.insert({**values, **(on_insert or {}), "created_at": now}).last_pk)
            if db.execute(f"SELECT 1 FROM {self.table} WHERE id = ?", [document_id]).fetchone() is None:
                raise self.not_found(document_id)
            table.update(document_id, values)
            return document_id

    def get(self, db: Database, document_id: int) -> Record:
        rows = list(db.query(f"SELECT * FROM {self.table} WHERE id = ?", [document_id]))
        if not rows:
            raise self.not_found(document_id)
        return self._record(rows[0])

    def list(self, db: Database) -> list[Record]:
        """Every document, most recently changed first."""
        return [self._record(r) for r in db.query(f"SELECT * FROM {self.table} ORDER BY updated_at DESC, id DESC")]

    def delete(self, db: Database, document_id: int) -> None:
        with db.atomic():
            if db.execute(f"DELETE FROM {self.table} WHERE id = ?", [document_id]).rowcount == 0:
                raise self.not_found(document_id)

    def _record(self, row: Mapping[str, Any]) -> Record:
        values = dict(row)
        values["body"] = json.loads(values["body"])
        return self.record(**values)
