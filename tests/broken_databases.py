"""Database files erbsim must refuse, made for real (tests of the store, the CLI and the app)."""

from __future__ import annotations

import hashlib
import os
import sqlite3

from erbsim.core.store import Store


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def a_database_with_a_session(folder, candidate="Mei") -> int:
    with Store(data_root=folder) as store:
        return store.create_session(candidate=candidate)


def make_empty(path):
    path.write_bytes(b"")


def make_truncated(path):
    a_database_with_a_session(path.parent)
    with Store(data_root=path.parent) as store:  # a few pages, checkpointed into the file
        for n in range(200):
            store.create_session(candidate=f"Candidate {n} " + "x" * 200)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    for sidecar in ("-wal", "-shm"):
        path.with_name(path.name + sidecar).unlink(missing_ok=True)
    path.write_bytes(data[:len(data) // 2])


def make_garbage(path):
    path.write_bytes(os.urandom(8192))


def make_foreign(path):
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('Ann', '555')")
    conn.close()


def make_newer(path):
    a_database_with_a_session(path.parent)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    conn.close()


CASES = {
    "empty": (make_empty, "is empty (0 bytes)"),
    "truncated": (make_truncated, "is cut short"),
    "corrupt": (make_garbage, "is damaged"),
    "foreign": (make_foreign, "not erbsim's"),
    "newer": (make_newer, "schema version 99, made by a newer erbsim"),
}
