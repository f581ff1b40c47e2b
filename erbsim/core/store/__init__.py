"""Storage of rehearsal sessions: one SQLite file in the data folder.

This package is the only place in erbsim that writes SQL or touches the
database connection; everything else calls `Store`. Modules, one job each:

    records.py    the frozen records the store hands out, its errors and enumerations
    values.py     how times, text and enumerations are written
    schema.py     the tables as an ordered list of frozen migrations
    store.py      Store: opening the file, backups, search and import entry points
    health.py     whether a database file can be used; backups, restore, setting a file aside
    sessions.py   a session's life (running, heartbeats, crash recovery, delete)
    answers.py    turns, ratings, notes, votes and timeline events
    packets.py    the candidate's packets (stored as JSON)
    boards.py     named boards for mentor-led panels (stored as JSON)
    documents.py  what packets and boards share: a table of JSON documents with a name
    reading.py    one session, the sessions list, questions across sessions
    search.py     query parsing, FTS5 ranking and snippets
    words.py      word timings: stored form, and time of a place in the text
    process.py    whether the process that owns a running session is alive
    serialize.py  a session as a JSON document and back (export, bundles)
"""

from __future__ import annotations

from erbsim.core.store import _without_numpy  # noqa: F401  # first: sqlite_utils without numpy
from erbsim.core.store.boards import BoardNotFound
from erbsim.core.store.health import (
                                       Backup,
                                       DatabaseUnusable,
                                       DataFolderReadOnly,
                                       check_database,
                                       list_backups,
                                       restore_backup,
                                       set_aside,
)
from erbsim.core.store.packets import PacketNotFound
from erbsim.core.store.process import process_alive
from erbsim.core.store.reading import ORDERS
from erbsim.core.store.records import (
                                       EVENT_KINDS,
                                       MODES,
                                       ORIGINS,
                                       SELF,
                                       STATUSES,
                                       TRACKS,
                                       VOTES,
                                       Attempt,
                                       BoardOutcome,
                                       CorpusStats,
                                       Note,
                                       QuestionAttempts,
                                       Rating,
                                       SchemaError,
                                       SearchHit,
                                       Session,
                                       SessionDetail,
                                       SessionNotFound,
                                       SessionSummary,
                                       StorageError,
                                       StoredBoard,
                                       StoredPacket,
                                       Turn,
                                       TurnEvent,
                                       TurnNotFound,
                                       Vote,
                                       as_dict,
                                       tally_votes,
)
from erbsim.core.store.schema import SCHEMA_VERSION
from erbsim.core.store.search import HIGHLIGHT_END, HIGHLIGHT_START, parse_query, snippet_html, snippet_parts
from erbsim.core.store.serialize import (
                                       JSON_FORMAT,
                                       JSON_FORMAT_VERSION,
                                       packet_of,
                                       session_from_dict,
                                       session_to_dict,
)
from erbsim.core.store.store import Store
from erbsim.core.store.values import iso, utc_now, utc_now_iso
from erbsim.core.store.words import decode_words, encode_words, time_of_offset

__all__ = [
    "Store", "Session", "Turn", "TurnEvent", "EVENT_KINDS", "StoredPacket", "PacketNotFound",
    "StoredBoard", "BoardNotFound", "ORIGINS",
    "Rating", "Note", "Vote", "SessionSummary", "SessionDetail",
    "SearchHit", "Attempt", "BoardOutcome", "QuestionAttempts", "CorpusStats",
    "StorageError", "SessionNotFound", "TurnNotFound", "SchemaError", "SCHEMA_VERSION",
    "STATUSES", "MODES", "TRACKS", "VOTES", "SELF", "ORDERS",
    "HIGHLIGHT_START", "HIGHLIGHT_END", "parse_query", "snippet_parts", "snippet_html",
    "encode_words", "decode_words", "time_of_offset", "tally_votes", "as_dict",
    "utc_now", "utc_now_iso", "iso", "process_alive",
    "DatabaseUnusable", "DataFolderReadOnly", "Backup", "check_database", "list_backups", "restore_backup",
    "set_aside",
    "JSON_FORMAT", "JSON_FORMAT_VERSION", "session_to_dict", "session_from_dict", "packet_of",
]
