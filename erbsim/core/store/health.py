"""Whether the database file can be used, and its backups.

`check_database(path)` looks at an existing file before the Store opens it
and raises `DatabaseUnusable` (kind: empty, truncated, corrupt, foreign,
newer) instead of letting SQLite make a new database of an empty file or
fail later in the middle of the app. It only reads: the file is never
written or replaced here, whatever it holds.

Backups are copies made with the SQLite backup API (consistent while the app
writes), checked with ``PRAGMA integrity_check`` before anything older is
deleted. The daily ones are ``<data>/backups/erbsim-YYYY-MM-DD.db``; the last
`KEEP_DAILY` are kept. `restore_backup` puts a backup in place of the
database, keeping the file it replaces beside it (``erbsim.db.broken-<time>``
or ``erbsim.db.replaced-<time>``); `set_aside` does the same to start fresh.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from erbsim.core.store.records import SchemaError, StorageError
from erbsim.core.store.schema import SCHEMA_VERSION

SQLITE_HEADER = b"SQLite format 3\x00"
KEEP_DAILY = 7
BACKUP_FOLDER = "backups"
_DAILY = re.compile(r"^erbsim-(\d{4}-\d{2}-\d{2})\.db$")
# Tables every erbsim database has had since schema version 1.
_OWN_TABLES = {"sessions", "turns", "ratings", "notes"}


class DatabaseUnusable(StorageError):
    """The database file exists but cannot be used; it is left as it is.

    `kind`: empty, truncated, corrupt, foreign or newer. The message is one
    sentence that says what is wrong with which file."""

    def __init__(self, path: Path, kind: str, message: str):
        super().__init__(message)
        self.path = Path(path)
        self.kind = kind


class NewerDatabase(DatabaseUnusable, SchemaError):
    """A database made by a newer erbsim (its schema version is higher than this one knows)."""


class DataFolderReadOnly(StorageError):
    """erbsim cannot write in its data folder."""

    def __init__(self, folder: Path, detail: str = ""):
        super().__init__(f"the data folder {folder} is read-only{f' ({detail})' if detail else ''}: erbsim "
                         "needs to write its database and recordings there (make it writable or choose "
                         "another folder with --data-dir)")
        self.folder = Path(folder)


@dataclass(frozen=True)
class Backup:
    path: Path
    day: date | None  # None for a backup not named by the daily scheme
    size: int
    modified: datetime

    @property
    def label(self) -> str:
        when = self.day.isoformat() if self.day else self.modified.strftime("%Y-%m-%d %H:%M")
        return f"{when} ({self.path.name}, {self.size / 1024:.0f} KB)"


def check_database(path: Path) -> None:
    """Raise DatabaseUnusable when the file at `path` exists and is not a database this
    erbsim can use. A missing file passes (the Store creates it). Reads only."""
    path = Path(path)
    if not path.exists():
        return
    size = path.stat().st_size
    name = str(path)
    if size == 0:
        raise DatabaseUnusable(path, "empty", f"the database {name} is empty (0 bytes), so your sessions "
                                              "are not in it")
    with open(path, "rb") as raw:
        header = raw.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        raise DatabaseUnusable(path, "corrupt", f"the database {name} is damaged: it is not an SQLite "
                                                "database any more")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The page count in the header is valid when "version-valid-for" equals the change counter.
    if header[92:96] == header[24:28] and pages and size < pages * page_size:
        raise DatabaseUnusable(path, "truncated", f"the database {name} is cut short ({size} of "
                                                  f"{pages * page_size} bytes), so part of it is missing")
    conn = sqlite3.connect(name)
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        problems = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
    except sqlite3.DatabaseError as error:
        raise DatabaseUnusable(path, "corrupt", f"the database {name} is damaged ({error})") from error
    finally:
        conn.close()
    if problems != ["ok"]:
        raise DatabaseUnusable(path, "corrupt", f"the database {name} is damaged ({problems[0]})")
    if not _OWN_TABLES <= tables and (tables or version):
        raise DatabaseUnusable(path, "foreign", f"the file {name} is an SQLite database, but not erbsim's "
                                                "(it has none of erbsim's tables)")
    if version > SCHEMA_VERSION:
        raise NewerDatabase(path, "newer", f"the database {name} has schema version {version}, made by a "
                               f"newer erbsim (this one knows up to {SCHEMA_VERSION}); upgrade erbsim to open it")


def check_writable(folder: Path) -> None:
    """Raise DataFolderReadOnly when no file can be created in `folder`."""
    probe = Path(folder) / f".erbsim-write-check-{datetime.now().strftime('%H%M%S%f')}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        if error.errno in (1, 13, 30):  # EPERM, EACCES, EROFS
            raise DataFolderReadOnly(folder, error.strerror or "") from error
        raise


def backup_folder(data_root: Path) -> Path:
    return Path(data_root) / BACKUP_FOLDER


def integrity(conn: sqlite3.Connection) -> str:
    """'ok', or the first problem PRAGMA integrity_check finds."""
    return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def copy_database(source: sqlite3.Connection | Path, destination: Path) -> Path:
    """Copy a database with the SQLite backup API into `destination` (replaced when it
    exists), then check the copy; a copy that fails the check is removed and raises."""
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    own = isinstance(source, Path)
    conn = sqlite3.connect(str(source)) if isinstance(source, Path) else source
    try:
        target = sqlite3.connect(str(partial))
        try:
            conn.backup(target)
            verdict = integrity(target)
        finally:
            target.close()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        if own:
            conn.close()
    if verdict != "ok":
        partial.unlink(missing_ok=True)
        raise StorageError(f"the backup copy failed its check ({verdict}); the older backups are kept")
    partial.replace(destination)
    return destination


def list_backups(data_root: Path) -> list[Backup]:
    """The backups in <data>/backups, newest first."""
    folder = backup_folder(data_root)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("*.db"):
        stat = path.stat()
        match = _DAILY.match(path.name)
        day = date.fromisoformat(match.group(1)) if match else None
        found.append(Backup(path, day, stat.st_size, datetime.fromtimestamp(stat.st_mtime)))
    return sorted(found, key=lambda b: (b.day or b.modified.date(), b.modified), reverse=True)


def daily_backup(conn: sqlite3.Connection, data_root: Path, today: date, keep: int = KEEP_DAILY) -> Path | None:
    """Today's backup, made if missing; then only the `keep` newest daily ones remain.
    Returns the new backup's path, or None when today's already existed."""
    folder = backup_folder(data_root)
    target = folder / f"erbsim-{today.isoformat()}.db"
    if target.exists():
        return None
    copy_database(conn, target)  # checked before anything older goes
    daily = sorted((p for p in folder.glob("erbsim-*.db") if _DAILY.match(p.name)), reverse=True)
    for old in daily[keep:]:
        old.unlink(missing_ok=True)
    return target


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]


def set_aside(database: Path, label: str, when: datetime) -> Path | None:
    """Rename the database (and its -wal/-shm files) to `<name>.<label>-<time>`; returns
    the new name, or None when there was no database. Nothing is deleted."""
    database = Path(database)
    if not database.exists():
        return None
    aside = database.with_name(f"{database.name}.{label}-{when.strftime('%Y-%m-%d-%H%M%S')}")
    database.rename(aside)
    for sidecar in _sidecars(database):
        if sidecar.exists():
            sidecar.rename(aside.with_name(aside.name + sidecar.name[len(database.name):]))
    return aside


def restore_backup(database: Path, backup: Path, when: datetime) -> Path | None:
    """Put `backup` in place of `database` (which must be closed). The backup is checked
    first; the replaced file is kept as erbsim.db.broken-<time> when it is unusable, else
    erbsim.db.replaced-<time>. Returns the name it was kept under (None: there was none)."""
    backup = Path(backup)
    if not backup.is_file():
        raise StorageError(f"no backup {backup}")
    check_database(backup)
    try:
        check_database(database)
        label = "replaced"
    except DatabaseUnusable:
        label = "broken"
    aside = set_aside(database, label, when)
    copy_database(backup, database)
    return aside
