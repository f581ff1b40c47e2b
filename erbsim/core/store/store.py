"""The Store: one SQLite file in the data folder, and the only way to it.

`Store` wraps a sqlite-utils Database on a real file, in WAL mode, with
foreign keys on and the schema brought up to date on open (see schema.py for
the tables and their migrations). Its methods live in mixins by concern:
sessions.py (a session's life and its audio folder), answers.py (turns,
ratings, notes, votes), reading.py (queries); search.py and serialize.py
hold full-text search and the JSON document of a session.

Threading: a Store must be used from one thread at a time. The connection is
opened with ``check_same_thread=False`` only so that the UI can create the
Store on the GUI thread and then hand it to its single database worker; never
call it from two threads concurrently. Other processes (the CLI while the app
runs) may open the same file: WAL lets readers and one writer coexist, and
writes wait up to `busy_timeout_s` for the lock.

Every write is one short transaction. Times of day are ISO 8601 UTC strings
(``2026-08-14T09:30:00.000Z``); times within a session are float seconds from
its start; audio paths are relative to the data folder.

Crash detection: a session being recorded is ``running`` and remembers the
process that owns it (pid, that process's start time, host). On start the app
calls `recover_interrupted()`, which turns every running session whose owner
process is gone into ``interrupted`` and returns them; `resume_session()` picks
one up again.
"""

from __future__ import annotations

import os
import socket
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from erbsim.core import paths
from erbsim.core.store import search as full_text
from erbsim.core.store.answers import AnswerWriting
from erbsim.core.store.boards import BoardStorage
from erbsim.core.store.health import check_database, check_writable, copy_database, daily_backup
from erbsim.core.store.packets import PacketStorage
from erbsim.core.store.process import process_alive, process_start_time
from erbsim.core.store.reading import StoreReading
from erbsim.core.store.records import SearchHit
from erbsim.core.store.schema import SCHEMA_VERSION, migrate, populate_search_index, schema_version
from erbsim.core.store.serialize import session_from_dict
from erbsim.core.store.sessions import SessionWriting
from erbsim.core.store.values import iso, utc_now


class Store(SessionWriting, AnswerWriting, PacketStorage, BoardStorage, StoreReading):
    """The erbsim database. See the module docstring for threading rules.

    `path`: the SQLite file (default: erbsim.db in the data folder).
    `data_root`: folder that audio paths are relative to (default: the file's folder).
    `clock`: returns the current aware datetime (tests inject a fixed one).
    `pid` / `is_alive`: this process's id and the liveness check used by
    `recover_interrupted()` (tests inject both).
    `read_only`: refuse every write (the app opened beside another that owns the folder).
    """

    def __init__(self, path: str | os.PathLike | None = None, *, data_root: str | os.PathLike | None = None,
                 clock: Callable[[], datetime] = utc_now, pid: int | None = None,
                 is_alive: Callable[[int, float | None], bool] = process_alive,
                 busy_timeout_s: float = 5.0, migrate_to: int = SCHEMA_VERSION, read_only: bool = False):
        if path is None:
            root = Path(data_root) if data_root is not None else paths.data_dir()
            path = paths.database_path(root)
        self.path = Path(path)
        self.data_root = Path(data_root) if data_root is not None else self.path.parent
        paths.private_dir(self.path.parent)
        check_writable(self.path.parent)  # DataFolderReadOnly: one sentence, not "unable to open"
        check_database(self.path)  # DatabaseUnusable: an empty, cut or foreign file is never made anew
        self._clock = clock
        self.pid = os.getpid() if pid is None else pid
        self._pid_started = process_start_time(self.pid)
        self._host = socket.gethostname()
        self._is_alive = is_alive
        conn = sqlite3.connect(str(self.path), timeout=busy_timeout_s, check_same_thread=False)
        paths.private_file(self.path)  # the user's alone, whatever the umask; -wal and -shm follow it
        conn.create_function("erbsim_contains", 2, full_text.contains_term, deterministic=True)
        self.db = Database(conn, execute_plugins=False)
        try:
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.enable_wal()
            self.db.execute("PRAGMA synchronous = NORMAL")
            migrate(self.db, migrate_to, backup_to=self.path.with_name(self.path.name + ".pre-upgrade.bak"))
            if read_only:  # another app owns the folder: every write fails with "readonly database"
                self.db.execute("PRAGMA query_only = ON")
        except BaseException:
            conn.close()
            raise

    # -- lifecycle

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return schema_version(self.db)

    def _now(self) -> str:
        return iso(self._clock())

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """Make the writes inside one transaction: all of them or none, and one
        commit instead of one each (bulk writes, such as the benchmark's
        generated sessions). Keep it short: it holds the write lock."""
        with self.db.atomic():
            yield self

    def integrity_check(self) -> list[str]:
        """SQLite's PRAGMA integrity_check (["ok"] when sound), then one line per row whose
        foreign key points nowhere (PRAGMA foreign_key_check)."""
        lines = [str(row[0]) for row in self.db.execute("PRAGMA integrity_check").fetchall()]
        lines += [f"{row[0]} row {row[1]} refers to a missing {row[2]} row"
                  for row in self.db.execute("PRAGMA foreign_key_check").fetchall()]
        return lines

    # -- backups

    def backup(self, destination: str | os.PathLike) -> Path:
        """A checked copy of the database at `destination` (SQLite backup API)."""
        return copy_database(self.db.conn, Path(destination))

    def daily_backup(self) -> Path | None:
        """Today's backup in <data>/backups unless it exists; the last 7 are kept
        (health.daily_backup). Returns the new file, or None."""
        return daily_backup(self.db.conn, self.data_root, self._clock().date())

    # -- search

    def search(self, query: str, limit: int = 50, *, session_id: int | None = None) -> list[SearchHit]:
        """Full-text search over machine transcripts, corrections and notes.

        Any user input is safe: words and "quoted phrases" are matched
        literally (case-insensitive substrings, so Chinese works too), all of
        them required. Terms shorter than three characters cannot use the
        trigram index and are checked by a scan instead. Best matches first.
        """
        return full_text.search(self.db, query, limit, session_id=session_id)

    def rebuild_search_index(self) -> None:
        """Refill the FTS index from turns and notes (repair; normally triggers keep it in sync)."""
        with self.db.atomic():
            populate_search_index(self.db)

    # -- import (bundles)

    def import_session(self, doc: Mapping[str, Any], *,
                       audio_paths: Mapping[str, str] | Callable[[int], Mapping[str, str]] | None = None) -> int:
        """Add a session from its exported JSON (serialize.session_to_dict).

        The document is checked first (a DocumentError, a StorageError, names
        the wrong field; nothing is written). Keeps the session's uuid;
        importing the same session twice raises StorageError. `audio_paths`
        maps exported audio paths to where the files now are (relative to this
        data folder), or is a function of the new id giving that map (see
        serialize.session_from_dict). Returns the new id.
        """
        return session_from_dict(self, doc, audio_paths=audio_paths)
