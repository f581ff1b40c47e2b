"""The database schema of erbsim, as an ordered list of migrations.

The version lives in ``PRAGMA user_version``: 0 is an empty file, N means
migrations 1..N have run. Each migration runs in one transaction together with
the version bump, so a crash mid-upgrade leaves the previous version intact.

Migrations are frozen once released: never edit one, append the next. To add
v3, write ``_v3(db)`` below and append ``(3, "what it does", _v3)`` to
MIGRATIONS. The DDL is plain SQL on purpose, so that what a version creates
does not drift with the sqlite-utils release installed.

Enumerations (status, mode, track, seat, vote) are checked in Python, not by
CHECK constraints: SQLite cannot alter a constraint without rebuilding the
table, and a new status or mode should not need that.

Full-text search (v2) is one FTS5 table, ``search_index``, with the trigram
tokenizer (substring matching that works for Chinese as well as English).
Triggers keep it in sync with turns and notes. Its rowids are derived from
the source row so that updates and deletes are index lookups:

    turn machine transcript   rowid = turn_id * 4 + 0   kind 'transcript'
    turn corrected transcript rowid = turn_id * 4 + 1   kind 'correction'
    (reserved)                rowid = id * 4 + 2
    note                      rowid = note_id * 4 + 3   kind 'note'
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from erbsim.core.store.records import SchemaError


def _run(db: Database, script: str) -> None:
    for statement in _statements(script):
        db.execute(statement)


def _statements(script: str) -> list[str]:
    """Split a script into complete statements (trigger bodies stay whole)."""
    out, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            out.append(current.strip())
            current = ""
    if current.strip():
        raise ValueError(f"incomplete SQL statement: {current.strip()[:60]}")
    return out


def _v1(db: Database) -> None:
    _run(db, """
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,          -- stable across machines (bundles)
    started_at TEXT NOT NULL,           -- ISO 8601 UTC, e.g. 2026-08-14T09:30:00.000Z
    ended_at TEXT,
    status TEXT NOT NULL DEFAULT 'running',   -- running|finished|abandoned|interrupted
    mode TEXT NOT NULL DEFAULT 'solo',        -- solo|panel
    track TEXT NOT NULL DEFAULT 'staff',      -- staff|principal
    lang TEXT NOT NULL DEFAULT 'en',
    budget_s REAL NOT NULL DEFAULT 2700,
    seed INTEGER,
    banks TEXT NOT NULL DEFAULT '[]',   -- JSON list of bank names
    seats TEXT NOT NULL DEFAULT '[]',   -- JSON list of seat ids
    candidate TEXT,
    mentor TEXT,
    app_version TEXT,
    last_heartbeat TEXT,
    owner_pid INTEGER,                  -- process that runs it while status is running
    owner_started REAL,                 -- that process's start time (guards pid reuse)
    owner_host TEXT
);
CREATE INDEX sessions_started_at ON sessions (started_at);
CREATE INDEX sessions_status ON sessions (status);

CREATE TABLE turns (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,          -- 1, 2, 3 ... within the session
    question_id TEXT,                   -- bank id; NULL for an improvised question
    question_text TEXT NOT NULL DEFAULT '',
    seat TEXT,
    category TEXT,
    dimension TEXT,
    is_follow_up INTEGER NOT NULL DEFAULT 0,
    parent_turn_id INTEGER REFERENCES turns (id) ON DELETE SET NULL,
    asked_at_s REAL,                    -- seconds from session start
    answer_started_s REAL,
    answer_ended_s REAL,
    audio_path TEXT,                    -- relative to the data folder
    audio_offset_s REAL NOT NULL DEFAULT 0,  -- where this answer starts in that file
    transcript_text TEXT,               -- machine transcript
    words TEXT,                         -- compact JSON [[text, start, end, probability], ...]
    engine TEXT,
    model TEXT,
    UNIQUE (session_id, position)
);
CREATE INDEX turns_question_id ON turns (question_id);
CREATE INDEX turns_parent ON turns (parent_turn_id);

CREATE TABLE ratings (
    id INTEGER PRIMARY KEY,
    turn_id INTEGER NOT NULL REFERENCES turns (id) ON DELETE CASCADE,
    dimension TEXT NOT NULL,
    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    rater TEXT NOT NULL DEFAULT 'self', -- 'self', or a mentor or seat name
    created_at TEXT NOT NULL,
    UNIQUE (turn_id, dimension, rater)
);

CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    turn_id INTEGER REFERENCES turns (id) ON DELETE CASCADE,
    author TEXT NOT NULL DEFAULT 'self',
    text TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX notes_session ON notes (session_id);
CREATE INDEX notes_turn ON notes (turn_id);

CREATE TABLE votes (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    seat TEXT NOT NULL,                 -- one of the five seat ids
    voter TEXT NOT NULL DEFAULT '',     -- who cast it for that seat (mentor name)
    vote TEXT NOT NULL,                 -- pass|fail
    rationale TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (session_id, seat)
);
""")


_TURN_INDEX_INSERT = """
    INSERT INTO search_index (rowid, body, kind, session_id, turn_id, note_id)
    SELECT NEW.id * 4, NEW.transcript_text, 'transcript', NEW.session_id, NEW.id, NULL
    WHERE COALESCE(NEW.transcript_text, '') != '';
    INSERT INTO search_index (rowid, body, kind, session_id, turn_id, note_id)
    SELECT NEW.id * 4 + 1, NEW.corrected_text, 'correction', NEW.session_id, NEW.id, NULL
    WHERE COALESCE(NEW.corrected_text, '') != '';
"""

_NOTE_INDEX_INSERT = """
    INSERT INTO search_index (rowid, body, kind, session_id, turn_id, note_id)
    VALUES (NEW.id * 4 + 3, NEW.text, 'note', NEW.session_id, NEW.turn_id, NEW.id);
"""


def _v2(db: Database) -> None:
    _run(db, f"""
ALTER TABLE turns ADD COLUMN corrected_text TEXT;   -- NULL: no correction
ALTER TABLE turns ADD COLUMN corrected_at TEXT;

CREATE VIRTUAL TABLE search_index USING fts5 (
    body,
    kind UNINDEXED,
    session_id UNINDEXED,
    turn_id UNINDEXED,
    note_id UNINDEXED,
    tokenize = 'trigram'
);

CREATE TRIGGER turns_search_insert AFTER INSERT ON turns BEGIN
{_TURN_INDEX_INSERT}
END;
CREATE TRIGGER turns_search_update AFTER UPDATE OF transcript_text, corrected_text, session_id ON turns BEGIN
    DELETE FROM search_index WHERE rowid IN (OLD.id * 4, OLD.id * 4 + 1);
{_TURN_INDEX_INSERT}
END;
CREATE TRIGGER turns_search_delete AFTER DELETE ON turns BEGIN
    DELETE FROM search_index WHERE rowid IN (OLD.id * 4, OLD.id * 4 + 1);
END;

CREATE TRIGGER notes_search_insert AFTER INSERT ON notes BEGIN
{_NOTE_INDEX_INSERT}
END;
CREATE TRIGGER notes_search_update AFTER UPDATE OF text, turn_id, session_id ON notes BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 4 + 3;
{_NOTE_INDEX_INSERT}
END;
CREATE TRIGGER notes_search_delete AFTER DELETE ON notes BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 4 + 3;
END;
""")
    populate_search_index(db)


def populate_search_index(db: Database) -> None:
    """(Re)fill search_index from turns and notes; used by v2 and by repair."""
    db.execute("DELETE FROM search_index")
    db.execute("""
        INSERT INTO search_index (rowid, body, kind, session_id, turn_id, note_id)
        SELECT id * 4, transcript_text, 'transcript', session_id, id, NULL
        FROM turns WHERE COALESCE(transcript_text, '') != ''""")
    db.execute("""
        INSERT INTO search_index (rowid, body, kind, session_id, turn_id, note_id)
        SELECT id * 4 + 1, corrected_text, 'correction', session_id, id, NULL
        FROM turns WHERE COALESCE(corrected_text, '') != ''""")
    db.execute("""
        INSERT INTO search_index (rowid, body, kind, session_id, turn_id, note_id)
        SELECT id * 4 + 3, text, 'note', session_id, turn_id, id FROM notes""")


def _v3(db: Database) -> None:
    # The board's clock as the app last saw it (heartbeats), so a session resumed
    # after a crash mid-answer gets back only the time it had really used.
    db.execute("ALTER TABLE sessions ADD COLUMN board_elapsed_s REAL")


def _v4(db: Database) -> None:
    # Each session keeps the soft limit per answer it was rehearsed with, so the
    # review judges its answers by that limit, not by today's setting.
    db.execute("ALTER TABLE sessions ADD COLUMN soft_limit_s REAL")


def _v5(db: Database) -> None:
    # The candidate's packets (their 3-5 examples; several per data folder), the
    # packet and example a session and a turn are about, why the board chose each
    # follow-up, and the moments on an answer's timeline (the board cutting in;
    # later a mentor's flags and pauses).
    _run(db, """
CREATE TABLE packets (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    candidate TEXT NOT NULL DEFAULT '',
    track TEXT NOT NULL DEFAULT 'staff',
    body TEXT NOT NULL,                 -- the packet as JSON (erbsim/core/packet/model.py)
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
ALTER TABLE sessions ADD COLUMN packet_id INTEGER REFERENCES packets (id) ON DELETE SET NULL;
ALTER TABLE turns ADD COLUMN example_id TEXT;         -- the packet example the question is about
ALTER TABLE turns ADD COLUMN follow_up_signal TEXT;   -- the lens signal a chosen follow-up targets
ALTER TABLE turns ADD COLUMN follow_up_reason TEXT;   -- why the board asked it, one sentence
ALTER TABLE turns ADD COLUMN follow_up_evidence TEXT; -- the words of the answer it was chosen from

CREATE TABLE turn_events (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    turn_id INTEGER REFERENCES turns (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                 -- interruption|flag|pause|resume
    at_s REAL NOT NULL,                 -- seconds from session start
    text TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT 'board',
    created_at TEXT NOT NULL
);
CREATE INDEX turn_events_session ON turn_events (session_id);
""")


def _v6(db: Database) -> None:
    # Mentor-led panels: named boards, the board a panel ran with (a copy), the
    # mentor's debrief and when the vote was revealed, notes pinned to a moment
    # of the session, and where each question came from (bank, a mentor's own
    # question, a classic probe, the board's suggested follow-up).
    _run(db, """
CREATE TABLE boards (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    body TEXT NOT NULL,                 -- the board as JSON (erbsim/core/board.py)
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
ALTER TABLE sessions ADD COLUMN board TEXT;        -- JSON copy of the board a panel ran with
ALTER TABLE sessions ADD COLUMN debrief TEXT;      -- the mentor's debrief after the vote
ALTER TABLE sessions ADD COLUMN revealed_at TEXT;  -- when the vote was shown to the candidate
ALTER TABLE notes ADD COLUMN at_s REAL;            -- seconds from session start, when taken live
ALTER TABLE turns ADD COLUMN origin TEXT;          -- bank|custom|probe|suggestion; NULL: bank (before v6)
""")


Migration = tuple[int, str, Callable[[Database], None]]

MIGRATIONS: tuple[Migration, ...] = (
    (1, "sessions, turns, ratings, notes, votes", _v1),
    (2, "corrected transcripts and the FTS5 search index", _v2),
    (3, "the board's clock saved with each heartbeat", _v3),
    (4, "each session's soft limit per answer", _v4),
    (5, "packets, follow-up reasons and answer timeline events", _v5),
    (6, "boards, panel debriefs, timed notes and where each question came from", _v6),
)

SCHEMA_VERSION = MIGRATIONS[-1][0]


def schema_version(db: Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: Database, target: int = SCHEMA_VERSION, *, backup_to: Path | None = None) -> list[int]:
    """Bring the database to `target`; return the versions applied.

    If the database already holds data (version >= 1) and an upgrade is due,
    a copy is first written to `backup_to` (when given).
    """
    current = schema_version(db)
    if current > SCHEMA_VERSION:
        raise SchemaError(
            f"this database has schema version {current}, made by a newer erbsim "
            f"(this one knows up to {SCHEMA_VERSION}); upgrade erbsim to open it")
    due = [m for m in MIGRATIONS if current < m[0] <= target]
    if due and current >= 1 and backup_to is not None:
        backup = sqlite3.connect(str(backup_to))
        try:
            db.conn.backup(backup)
        finally:
            backup.close()
    applied = []
    for version, _description, step in due:
        with db.atomic():
            step(db)
            db.execute(f"PRAGMA user_version = {int(version)}")
        applied.append(version)
    return applied
