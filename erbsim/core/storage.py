"""Storage of rehearsal sessions: one SQLite file in the data folder.

`Store` wraps a sqlite-utils Database on a real file, in WAL mode, with
foreign keys on and the schema brought up to date on open (see
erbsim/core/storage_schema.py for the tables and their migrations).

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

import json
import os
import re
import shutil
import socket
import uuid as uuid_module
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

import sqlite3

from sqlite_utils import Database
from sqlite_utils.db import NotFoundError

from erbsim.core import paths
from erbsim.core.seats import SEAT_IDS
from erbsim.core.storage_schema import SCHEMA_VERSION, SchemaError, migrate, populate_search_index, schema_version

__all__ = [
    "Store", "Session", "Turn", "Rating", "Note", "Vote", "SessionSummary", "SessionDetail",
    "SearchHit", "Attempt", "BoardOutcome", "StorageError", "SessionNotFound", "TurnNotFound",
    "SchemaError", "SCHEMA_VERSION", "HIGHLIGHT_START", "HIGHLIGHT_END", "snippet_parts",
    "snippet_html", "tally_votes", "utc_now_iso",
]

STATUSES = ("running", "finished", "abandoned", "interrupted")
MODES = ("solo", "panel")
TRACKS = ("staff", "principal")
VOTES = ("pass", "fail")
SELF = "self"
VOTES_NEEDED = 4  # of five seats

# Search snippets mark matches with these two control characters; the UI turns
# them into bold (see snippet_parts / snippet_html). They never occur in text
# that a person typed or a recogniser produced.
HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"
_ELLIPSIS = "…"


class StorageError(RuntimeError):
    pass


class SessionNotFound(StorageError, KeyError):
    def __init__(self, session_id: Any):
        super().__init__(f"no session with id {session_id}")
        self.session_id = session_id

    def __str__(self) -> str:  # KeyError would quote the message
        return self.args[0]


class TurnNotFound(StorageError, KeyError):
    def __init__(self, turn_id: Any):
        super().__init__(f"no turn with id {turn_id}")

    def __str__(self) -> str:
        return self.args[0]


# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class Rating:
    id: int
    turn_id: int
    dimension: str
    score: int
    rater: str
    created_at: str


@dataclass(frozen=True)
class Note:
    id: int
    session_id: int
    turn_id: int | None
    author: str
    text: str
    created_at: str


@dataclass(frozen=True)
class Vote:
    id: int
    session_id: int
    seat: str
    voter: str
    vote: str
    rationale: str
    created_at: str


@dataclass(frozen=True)
class Turn:
    id: int
    session_id: int
    position: int
    question_id: str | None
    question_text: str
    seat: str | None
    category: str | None
    dimension: str | None
    is_follow_up: bool
    parent_turn_id: int | None
    asked_at_s: float | None
    answer_started_s: float | None
    answer_ended_s: float | None
    audio_path: str | None
    audio_offset_s: float
    transcript_text: str | None
    words: list[dict] | None
    engine: str | None
    model: str | None
    corrected_text: str | None
    corrected_at: str | None
    ratings: tuple[Rating, ...] = ()

    @property
    def text(self) -> str | None:
        """What analytics and export use: the correction when there is one."""
        return self.corrected_text if self.corrected_text is not None else self.transcript_text

    @property
    def answer_duration_s(self) -> float | None:
        if self.answer_started_s is None or self.answer_ended_s is None:
            return None
        return max(0.0, self.answer_ended_s - self.answer_started_s)


@dataclass(frozen=True)
class Session:
    id: int
    uuid: str
    started_at: str
    ended_at: str | None
    status: str
    mode: str
    track: str
    lang: str
    budget_s: float
    seed: int | None
    banks: list[str]
    seats: list[str]
    candidate: str | None
    mentor: str | None
    app_version: str | None
    last_heartbeat: str | None
    board_elapsed_s: float | None = None  # the board's clock at the last heartbeat
    soft_limit_s: float | None = None  # per answer; None for sessions saved before v4


@dataclass(frozen=True)
class SessionSummary:
    """One line of the sessions list."""
    id: int
    uuid: str
    started_at: str
    ended_at: str | None
    status: str
    mode: str
    track: str
    lang: str
    candidate: str | None
    mentor: str | None
    duration_s: float | None  # ended (or last heartbeat) minus start
    question_count: int  # every turn, follow-ups included
    follow_up_count: int
    avg_self: float | None  # mean of the candidate's own ratings
    avg_mentor: float | None  # mean of every rating not by 'self'


@dataclass(frozen=True)
class BoardOutcome:
    passes: int
    fails: int
    needed: int
    seats_voted: int
    approved: bool | None  # None until decided either way


@dataclass(frozen=True)
class SessionDetail:
    session: Session
    turns: tuple[Turn, ...]
    notes: tuple[Note, ...]
    votes: tuple[Vote, ...]
    summary: SessionSummary

    @property
    def outcome(self) -> BoardOutcome:
        return tally_votes(self.votes)


@dataclass(frozen=True)
class SearchHit:
    session_id: int
    turn_id: int | None  # None for a note on the whole session
    note_id: int | None
    field: str  # 'transcript' | 'correction' | 'note'
    snippet: str  # matches between HIGHLIGHT_START and HIGHLIGHT_END
    time_s: float | None  # first matching word, seconds into the answer's audio file
    started_at: str  # of the session
    position: int | None
    question_text: str | None
    rank: float


@dataclass(frozen=True)
class Attempt:
    """One answer to a question, with its session, for side-by-side comparison."""
    session_id: int
    started_at: str
    track: str
    mode: str
    turn: Turn


def tally_votes(votes: Iterable[Vote]) -> BoardOutcome:
    votes = list(votes)
    passes = sum(1 for v in votes if v.vote == "pass")
    fails = sum(1 for v in votes if v.vote == "fail")
    seats = len(SEAT_IDS)
    approved: bool | None = None
    if passes >= VOTES_NEEDED:
        approved = True
    elif fails > seats - VOTES_NEEDED:
        approved = False
    return BoardOutcome(passes, fails, VOTES_NEEDED, len(votes), approved)


# ---------------------------------------------------------------- helpers


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime | str | None) -> str | None:
    """ISO 8601 UTC with milliseconds and a Z; naive datetimes are taken as UTC."""
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def utc_now_iso() -> str:
    return iso(utc_now())


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """Split a search snippet into (text, highlighted) pieces."""
    parts: list[tuple[str, bool]] = []
    for i, piece in enumerate(re.split(f"[{HIGHLIGHT_START}{HIGHLIGHT_END}]", snippet)):
        if piece:
            parts.append((piece, i % 2 == 1))
    return parts


def snippet_html(snippet: str, tag: str = "b") -> str:
    import html
    return "".join(f"<{tag}>{html.escape(t)}</{tag}>" if hit else html.escape(t)
                   for t, hit in snippet_parts(snippet))


def _clean_text(value: str) -> str:
    """Drop what SQLite cannot store as UTF-8 text (lone surrogates) and NULs."""
    return value.encode("utf-8", "ignore").decode("utf-8").replace("\x00", "")


_TRIM = "\"'*^()[]{}<>,.;:!?，。！？、；：“”‘’（）"


def parse_query(query: str) -> list[str]:
    """User input -> literal search terms: "quoted phrases" stay whole, other
    words are split on spaces and trimmed of punctuation. Nothing in the input
    is treated as an FTS5 operator."""
    query = _clean_text(query or "")
    terms = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', query):
        term = phrase.strip() if phrase else word.replace('"', "").strip(_TRIM)
        term = term.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, "")
        if term and term not in terms:
            terms.append(term)
    return terms


_WORD_KEYS = ("text", "start", "end", "probability")


def encode_words(words: Iterable[Mapping]) -> str:
    """Word timings as compact JSON: [[text, start, end, probability], ...],
    times rounded to the millisecond (a 45-minute session has ~6,000 words)."""
    rows = []
    for w in words:
        start, end, prob = w.get("start"), w.get("end"), w.get("probability")
        rows.append([str(w.get("text", "")),
                     None if start is None else round(float(start), 3),
                     None if end is None else round(float(end), 3),
                     None if prob is None else round(float(prob), 3)])
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def decode_words(stored: str | None) -> list[dict] | None:
    """[{text, start, end, probability}] from the stored form."""
    if not stored:
        return None
    return [dict(zip(_WORD_KEYS, row)) if isinstance(row, list) else dict(row) for row in json.loads(stored)]


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _word_spans(text: str, words: Iterable[Any]):
    """Yield (start, end, start_time) for each timed word found in the text, in
    order; words not found are skipped. Accepts stored rows or word dicts."""
    pos, lowered = 0, None
    for word in words:
        if isinstance(word, Mapping):
            token, start_time = word.get("text", ""), word.get("start")
        else:
            token, start_time = word[0], word[1]
        token = str(token).strip()
        if not token:
            continue
        at = text.find(token, pos)
        if at < 0:
            lowered = lowered or text.lower()
            at = lowered.find(token.lower(), pos)
        if at < 0:
            continue
        yield at, at + len(token), start_time
        pos = at + len(token)


def time_of_offset(text: str, words: Iterable[Any] | None, offset: int) -> float | None:
    """Start time of the word at character `offset` of `text` (or the next one)."""
    if not words:
        return None
    for _start, end, start_time in _word_spans(text, words):
        if end > offset:
            return float(start_time) if start_time is not None else None
    return None


def _term_pattern(term: str) -> str:
    """Regex for one term: a short Latin word must match a whole word ("I" is
    not every i); anything else, including Chinese, matches as a substring."""
    if len(term) < 3 and term.isascii() and term.isalnum():
        return rf"(?<!\w){re.escape(term)}(?!\w)"
    return re.escape(term)


def _terms_regex(terms: Sequence[str]) -> re.Pattern:
    return re.compile("|".join(_term_pattern(t) for t in sorted(terms, key=len, reverse=True)),
                      re.IGNORECASE)


def _first_match(text: str, terms: Sequence[str]) -> re.Match | None:
    if not terms:
        return None
    return _terms_regex(terms).search(text)


def _contains_term(body: str | None, term: str) -> bool:
    """SQL function erbsim_contains(body, term) for terms the trigram index cannot serve."""
    if not body or not term:
        return False
    return re.search(_term_pattern(term), body, re.IGNORECASE) is not None


def _python_snippet(text: str, terms: Sequence[str], width: int = 120) -> str:
    """About `width` characters around the first match, every term marked."""
    text = " ".join(text.split())
    match = _first_match(text, terms)
    if match is None:
        return text[:width] + (_ELLIPSIS if len(text) > width else "")
    start = max(0, match.start() - width // 3)
    end = min(len(text), max(match.end(), start + width))
    if start:  # begin and end on word edges where there are any
        space = text.find(" ", start, match.start())
        start = space + 1 if space >= 0 else start
    if end < len(text):
        space = text.rfind(" ", match.end(), end)
        end = space if space >= 0 else end
    window = text[start:end]
    marked = _terms_regex(terms).sub(lambda m: f"{HIGHLIGHT_START}{m.group(0)}{HIGHLIGHT_END}", window)
    return (_ELLIPSIS if start else "") + marked + (_ELLIPSIS if end < len(text) else "")


def _process_start_time(pid: int) -> float | None:
    try:
        import psutil
        return psutil.Process(pid).create_time()
    except Exception:
        return None


def process_alive(pid: int, started: float | None) -> bool:
    """True if process `pid` exists and (when known) started at `started`."""
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil is a dependency
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    try:
        actual = psutil.Process(pid).create_time()
    except psutil.NoSuchProcess:
        return False
    except psutil.Error:
        return True
    return started is None or abs(actual - started) < 1.0


# ---------------------------------------------------------------- the store

_TURN_FIELDS = {
    "position", "question_id", "question_text", "seat", "category", "dimension", "is_follow_up",
    "parent_turn_id", "asked_at_s", "answer_started_s", "answer_ended_s", "audio_path",
    "audio_offset_s", "transcript_text", "words", "engine", "model", "corrected_text",
}

_ORDERS = {
    "newest": "s.started_at DESC, s.id DESC",
    "oldest": "s.started_at ASC, s.id ASC",
    "longest": "duration_s IS NULL, duration_s DESC, s.id DESC",
    "shortest": "duration_s IS NULL, duration_s ASC, s.id DESC",
    "most_questions": "question_count DESC, s.started_at DESC",
    "best_self": "avg_self IS NULL, avg_self DESC, s.started_at DESC",
    "worst_self": "avg_self IS NULL, avg_self ASC, s.started_at DESC",
    "best_mentor": "avg_mentor IS NULL, avg_mentor DESC, s.started_at DESC",
    "worst_mentor": "avg_mentor IS NULL, avg_mentor ASC, s.started_at DESC",
}
ORDERS = tuple(_ORDERS)

_SUMMARY_SQL = """
SELECT s.id, s.uuid, s.started_at, s.ended_at, s.status, s.mode, s.track, s.lang,
       s.candidate, s.mentor,
       (julianday(COALESCE(s.ended_at, s.last_heartbeat)) - julianday(s.started_at)) * 86400.0
           AS duration_s,
       (SELECT count(*) FROM turns t WHERE t.session_id = s.id) AS question_count,
       (SELECT COALESCE(sum(t.is_follow_up), 0) FROM turns t WHERE t.session_id = s.id)
           AS follow_up_count,
       (SELECT avg(r.score) FROM ratings r JOIN turns t ON t.id = r.turn_id
         WHERE t.session_id = s.id AND +r.rater = 'self') AS avg_self,
       (SELECT avg(r.score) FROM ratings r JOIN turns t ON t.id = r.turn_id
         WHERE t.session_id = s.id AND +r.rater != 'self') AS avg_mentor
FROM sessions s
"""


class Store:
    """The erbsim database. See the module docstring for threading rules.

    `path`: the SQLite file (default: erbsim.db in the data folder).
    `data_root`: folder that audio paths are relative to (default: the file's folder).
    `clock`: returns the current aware datetime (tests inject a fixed one).
    `pid` / `is_alive`: this process's id and the liveness check used by
    `recover_interrupted()` (tests inject both).
    """

    def __init__(self, path: str | os.PathLike | None = None, *, data_root: str | os.PathLike | None = None,
                 clock: Callable[[], datetime] = utc_now, pid: int | None = None,
                 is_alive: Callable[[int, float | None], bool] = process_alive,
                 busy_timeout_s: float = 5.0, migrate_to: int = SCHEMA_VERSION):
        if path is None:
            root = Path(data_root) if data_root is not None else paths.data_dir()
            path = paths.database_path(root)
        self.path = Path(path)
        self.data_root = Path(data_root) if data_root is not None else self.path.parent
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._clock = clock
        self.pid = os.getpid() if pid is None else pid
        self._pid_started = _process_start_time(self.pid)
        self._host = socket.gethostname()
        self._is_alive = is_alive
        conn = sqlite3.connect(str(self.path), timeout=busy_timeout_s, check_same_thread=False)
        conn.create_function("erbsim_contains", 2, _contains_term, deterministic=True)
        self.db = Database(conn, execute_plugins=False)
        try:
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.enable_wal()
            self.db.execute("PRAGMA synchronous = NORMAL")
            migrate(self.db, migrate_to, backup_to=self.path.with_name(self.path.name + ".pre-upgrade.bak"))
        except BaseException:
            conn.close()
            raise

    # -- lifecycle

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return schema_version(self.db)

    def _now(self) -> str:
        return iso(self._clock())

    # -- sessions

    def create_session(self, *, mode: str = "solo", track: str = "staff", lang: str = "en",
                       budget_s: float = 2700.0, seed: int | None = None, banks: Sequence[str] = (),
                       seats: Sequence[str] = SEAT_IDS, candidate: str | None = None,
                       mentor: str | None = None, app_version: str | None = None,
                       started_at: datetime | str | None = None, status: str = "running",
                       uuid: str | None = None, ended_at: datetime | str | None = None,
                       soft_limit_s: float | None = None) -> int:
        """Start recording a session (status 'running', owned by this process)."""
        _check("mode", mode, MODES)
        _check("track", track, TRACKS)
        _check("status", status, STATUSES)
        for seat in seats:
            _check("seat", seat, SEAT_IDS)
        if app_version is None:
            from erbsim import __version__ as app_version
        started = iso(started_at) or self._now()
        running = status == "running"
        # Only when given: a store held at an older schema (migrate_to) has no such column.
        extra = {"soft_limit_s": float(soft_limit_s)} if soft_limit_s else {}
        with self.db.atomic():
            return self.db["sessions"].insert({
                **extra,
                "uuid": uuid or str(uuid_module.uuid4()),
                "started_at": started, "ended_at": iso(ended_at), "status": status,
                "mode": mode, "track": track, "lang": lang, "budget_s": float(budget_s), "seed": seed,
                "banks": json.dumps(list(banks)), "seats": json.dumps(list(seats)),
                "candidate": candidate, "mentor": mentor, "app_version": app_version,
                "last_heartbeat": started if running else None,
                "owner_pid": self.pid if running else None,
                "owner_started": self._pid_started if running else None,
                "owner_host": self._host if running else None,
            }).last_pk

    def heartbeat(self, session_id: int, board_elapsed_s: float | None = None) -> None:
        """Record that the session is still alive (the app calls this every few seconds),
        and where the board's clock stands."""
        values: dict[str, Any] = {"last_heartbeat": self._now()}
        if board_elapsed_s is not None:
            values["board_elapsed_s"] = float(board_elapsed_s)
        self._update_session(session_id, values)

    def finish_session(self, session_id: int, status: str = "finished",
                       ended_at: datetime | str | None = None) -> None:
        _check("status", status, tuple(s for s in STATUSES if s != "running"))
        when = iso(ended_at) or self._now()
        self._update_session(session_id, {"status": status, "ended_at": when, "last_heartbeat": when,
                                          "owner_pid": None, "owner_started": None, "owner_host": None})

    def update_session(self, session_id: int, **fields: Any) -> None:
        """Change descriptive fields: candidate, mentor, track, mode, lang, budget_s, banks, seats."""
        allowed = {"candidate", "mentor", "track", "mode", "lang", "budget_s", "banks", "seats"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"cannot update session field(s): {', '.join(sorted(unknown))}")
        if "mode" in fields:
            _check("mode", fields["mode"], MODES)
        if "track" in fields:
            _check("track", fields["track"], TRACKS)
        for key in ("banks", "seats"):
            if key in fields:
                fields[key] = json.dumps(list(fields[key]))
        self._update_session(session_id, fields)

    def _update_session(self, session_id: int, values: dict) -> None:
        with self.db.atomic():
            cursor = self.db.execute(
                f"UPDATE sessions SET {', '.join(f'[{k}] = ?' for k in values)} WHERE id = ?",
                [*values.values(), session_id])
            if cursor.rowcount == 0:
                raise SessionNotFound(session_id)

    def recover_interrupted(self) -> list[SessionSummary]:
        """Mark 'running' sessions whose owner process is gone as 'interrupted'.

        Call once at start-up. A session owned by a live process (another
        erbsim window, or this process) is left alone. A session owned by
        another host is judged by its heartbeat: stale after 10 minutes.
        Returns the sessions marked now.
        """
        rows = list(self.db.query(
            "SELECT id, owner_pid, owner_started, owner_host, last_heartbeat, started_at "
            "FROM sessions WHERE status = 'running'"))
        stale = []
        now = self._clock()
        for row in rows:
            pid, host = row["owner_pid"], row["owner_host"]
            if pid == self.pid and host == self._host:
                continue
            if host and host != self._host:
                beat = row["last_heartbeat"] or row["started_at"]
                age = (now - datetime.fromisoformat(beat.replace("Z", "+00:00"))).total_seconds()
                if age < 600:
                    continue
            elif pid is not None and self._is_alive(int(pid), row["owner_started"]):
                continue
            stale.append(row["id"])
        with self.db.atomic():
            for session_id in stale:
                self.db.execute(
                    "UPDATE sessions SET status = 'interrupted', "
                    "ended_at = COALESCE(ended_at, last_heartbeat), owner_pid = NULL, "
                    "owner_started = NULL, owner_host = NULL WHERE id = ? AND status = 'running'",
                    [session_id])
        return [self.summary(i) for i in stale]

    def interrupted_sessions(self) -> list[SessionSummary]:
        """Sessions a crash left behind and nobody has resumed or closed yet."""
        return self.list_sessions(limit=None, status="interrupted")

    def resume_session(self, session_id: int) -> list[Turn]:
        """Take over an interrupted session (status back to 'running', owned by
        this process) and return its turns so far, in order."""
        with self.db.atomic():
            cursor = self.db.execute(
                "UPDATE sessions SET status = 'running', ended_at = NULL, last_heartbeat = ?, "
                "owner_pid = ?, owner_started = ?, owner_host = ? WHERE id = ? AND status = 'interrupted'",
                [self._now(), self.pid, self._pid_started, self._host, session_id])
            if cursor.rowcount == 0:
                self._session_row(session_id)  # raises if missing
                raise StorageError(f"session {session_id} is not interrupted")
        return self.get_turns(session_id)

    def delete_session(self, session_id: int) -> list[Path]:
        """Delete a session with everything in it, and its audio files under the
        data folder (files another session still uses are kept). Returns the
        files removed."""
        self._session_row(session_id)
        audio = [r["audio_path"] for r in self.db.query(
            "SELECT DISTINCT audio_path FROM turns WHERE session_id = ? AND audio_path IS NOT NULL",
            [session_id])]
        with self.db.atomic():
            self.db.execute("DELETE FROM sessions WHERE id = ?", [session_id])
            still_used = {r["audio_path"] for r in self.db.query(
                "SELECT DISTINCT audio_path FROM turns WHERE audio_path IS NOT NULL")}
        removed = []
        root = self.data_root.resolve()
        for relative in audio:
            if relative in still_used:
                continue
            target = self.audio_file(relative).resolve()
            if not target.is_relative_to(root):
                continue  # never delete outside the data folder
            try:
                target.unlink()
                removed.append(target)
            except FileNotFoundError:
                pass
        folder = self.recordings_folder(session_id)
        if folder.is_dir() and not any(folder.iterdir()):
            shutil.rmtree(folder, ignore_errors=True)
        return removed

    # -- audio paths

    def recordings_folder(self, session_id: int) -> Path:
        return self.data_root / "recordings" / str(session_id)

    def new_recording_path(self, session_id: int, name: str = "answers.wav") -> tuple[str, Path]:
        """Where to record audio for a session: (path to store in turns, absolute path)."""
        folder = self.recordings_folder(session_id)
        folder.mkdir(parents=True, exist_ok=True)
        absolute = folder / name
        return absolute.relative_to(self.data_root).as_posix(), absolute

    def audio_file(self, audio_path: str) -> Path:
        """Absolute path of a turn's audio_path."""
        return self.data_root / audio_path

    # -- turns

    def add_turn(self, session_id: int, *, question_text: str, question_id: str | None = None,
                 seat: str | None = None, category: str | None = None, dimension: str | None = None,
                 is_follow_up: bool = False, parent_turn_id: int | None = None,
                 asked_at_s: float | None = None, position: int | None = None, **fields: Any) -> int:
        """Add a question asked in the session; returns the turn id. `position`
        defaults to the next one. Other turn fields (answer times, audio ...) may
        be given here or later through update_turn()."""
        if seat is not None:
            _check("seat", seat, SEAT_IDS)
        values = {"question_text": question_text, "question_id": question_id, "seat": seat,
                  "category": category, "dimension": dimension, "is_follow_up": is_follow_up,
                  "parent_turn_id": parent_turn_id, "asked_at_s": asked_at_s, **fields}
        values = self._turn_values(values)
        with self.db.atomic():
            self._session_row(session_id)
            if position is None:
                position = self.db.execute(
                    "SELECT COALESCE(max(position), 0) + 1 FROM turns WHERE session_id = ?",
                    [session_id]).fetchone()[0]
            return self.db["turns"].insert({"session_id": session_id, "position": position,
                                            **values}).last_pk

    def update_turn(self, turn_id: int, **fields: Any) -> None:
        """Set any of the turn fields (see Turn); unknown names raise ValueError."""
        if not fields:
            return
        if fields.get("seat") is not None:
            _check("seat", fields["seat"], SEAT_IDS)
        values = self._turn_values(fields)
        if "corrected_text" in values:
            values["corrected_at"] = self._now() if values["corrected_text"] is not None else None
        with self.db.atomic():
            cursor = self.db.execute(
                f"UPDATE turns SET {', '.join(f'[{k}] = ?' for k in values)} WHERE id = ?",
                [*values.values(), turn_id])
            if cursor.rowcount == 0:
                raise TurnNotFound(turn_id)

    def set_transcript(self, turn_id: int, text: str | None, words: Sequence[Mapping] | None = None,
                       engine: str | None = None, model: str | None = None) -> None:
        """Store the machine transcript. words: [{text, start, end, probability}],
        times in seconds into the turn's audio file."""
        self.update_turn(turn_id, transcript_text=text, words=words, engine=engine, model=model)

    def set_correction(self, turn_id: int, text: str | None) -> None:
        """Store a hand correction (None removes it); the machine transcript stays."""
        self.update_turn(turn_id, corrected_text=text)

    @staticmethod
    def _turn_values(fields: Mapping[str, Any]) -> dict:
        unknown = set(fields) - _TURN_FIELDS
        if unknown:
            raise ValueError(f"unknown turn field(s): {', '.join(sorted(unknown))}")
        values = dict(fields)
        if "words" in values and values["words"] is not None:
            values["words"] = encode_words(values["words"])
        if "is_follow_up" in values:
            values["is_follow_up"] = int(bool(values["is_follow_up"]))
        if values.get("audio_offset_s") is None and "audio_offset_s" in values:
            values["audio_offset_s"] = 0.0
        for key in ("question_text", "transcript_text", "corrected_text"):
            if isinstance(values.get(key), str):
                values[key] = _clean_text(values[key])
        if "question_text" in values and values["question_text"] is None:
            values["question_text"] = ""
        return values

    def get_turn(self, turn_id: int) -> Turn:
        rows = list(self.db.query("SELECT * FROM turns WHERE id = ?", [turn_id]))
        if not rows:
            raise TurnNotFound(turn_id)
        return self._turns_with_ratings(rows)[0]

    def get_turns(self, session_id: int) -> list[Turn]:
        self._session_row(session_id)
        rows = list(self.db.query(
            "SELECT * FROM turns WHERE session_id = ? ORDER BY position", [session_id]))
        return self._turns_with_ratings(rows)

    def _turns_with_ratings(self, rows: list[dict]) -> list[Turn]:
        ratings: dict[int, list[Rating]] = {}
        ids = [r["id"] for r in rows]
        for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
            for r in self.db.query(
                    f"SELECT * FROM ratings WHERE turn_id IN ({','.join('?' * len(chunk))}) "
                    "ORDER BY turn_id, rater = 'self' DESC, rater, dimension", chunk):
                ratings.setdefault(r["turn_id"], []).append(Rating(**r))
        return [_turn(row, ratings.get(row["id"], ())) for row in rows]

    # -- ratings, notes, votes

    def rate(self, turn_id: int, dimension: str, score: int, rater: str = SELF) -> None:
        """Score one dimension of an answer, 1-5; a second rating by the same
        rater on the same dimension replaces the first."""
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
            raise ValueError(f"score must be an integer from 1 to 5, not {score!r}")
        if not dimension or not rater:
            raise ValueError("dimension and rater must not be empty")
        with self.db.atomic():
            self._turn_exists(turn_id)
            self.db.execute(
                "INSERT INTO ratings (turn_id, dimension, score, rater, created_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (turn_id, dimension, rater) DO UPDATE SET score = excluded.score, "
                "created_at = excluded.created_at", [turn_id, dimension, score, rater, self._now()])

    def unrate(self, turn_id: int, dimension: str, rater: str = SELF) -> None:
        with self.db.atomic():
            self.db.execute("DELETE FROM ratings WHERE turn_id = ? AND dimension = ? AND rater = ?",
                            [turn_id, dimension, rater])

    def add_note(self, session_id: int, text: str, *, turn_id: int | None = None,
                 author: str = SELF) -> int:
        """A note on the session, or on one answer when turn_id is given."""
        with self.db.atomic():
            self._session_row(session_id)
            if turn_id is not None:
                row = self.db.execute("SELECT session_id FROM turns WHERE id = ?", [turn_id]).fetchone()
                if row is None:
                    raise TurnNotFound(turn_id)
                if row[0] != session_id:
                    raise ValueError(f"turn {turn_id} is not in session {session_id}")
            return self.db["notes"].insert({"session_id": session_id, "turn_id": turn_id,
                                            "author": author, "text": _clean_text(text),
                                            "created_at": self._now()}).last_pk

    def update_note(self, note_id: int, text: str) -> None:
        with self.db.atomic():
            if self.db.execute("UPDATE notes SET text = ? WHERE id = ?",
                               [_clean_text(text), note_id]).rowcount == 0:
                raise StorageError(f"no note with id {note_id}")

    def delete_note(self, note_id: int) -> None:
        with self.db.atomic():
            self.db.execute("DELETE FROM notes WHERE id = ?", [note_id])

    def add_vote(self, session_id: int, seat: str, vote: str, *, voter: str = "",
                 rationale: str = "") -> int:
        """A board seat's pass/fail vote; voting again for a seat replaces its vote."""
        _check("seat", seat, SEAT_IDS)
        _check("vote", vote, VOTES)
        with self.db.atomic():
            self._session_row(session_id)
            self.db.execute(
                "INSERT INTO votes (session_id, seat, voter, vote, rationale, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, seat) DO UPDATE SET "
                "voter = excluded.voter, vote = excluded.vote, rationale = excluded.rationale, "
                "created_at = excluded.created_at",
                [session_id, seat, voter, vote, _clean_text(rationale), self._now()])
            return self.db.execute("SELECT id FROM votes WHERE session_id = ? AND seat = ?",
                                   [session_id, seat]).fetchone()[0]

    # -- reading

    def _session_row(self, session_id: int) -> dict:
        try:
            return self.db["sessions"].get(session_id)
        except (NotFoundError, TypeError, ValueError):
            raise SessionNotFound(session_id) from None

    def _turn_exists(self, turn_id: int) -> None:
        if self.db.execute("SELECT 1 FROM turns WHERE id = ?", [turn_id]).fetchone() is None:
            raise TurnNotFound(turn_id)

    def get_session(self, session_id: int) -> SessionDetail:
        """A session with its turns (and their ratings), notes and votes."""
        row = self._session_row(session_id)
        turns = self.get_turns(session_id)
        notes = [Note(**r) for r in self.db.query(
            "SELECT * FROM notes WHERE session_id = ? ORDER BY created_at, id", [session_id])]
        order = {seat: i for i, seat in enumerate(SEAT_IDS)}
        votes = sorted((Vote(**r) for r in self.db.query(
            "SELECT * FROM votes WHERE session_id = ?", [session_id])), key=lambda v: order.get(v.seat, 99))
        return SessionDetail(_session(row), tuple(turns), tuple(notes), tuple(votes),
                             self.summary(session_id))

    def summary(self, session_id: int) -> SessionSummary:
        rows = list(self.db.query(_SUMMARY_SQL + " WHERE s.id = ?", [session_id]))
        if not rows:
            raise SessionNotFound(session_id)
        return SessionSummary(**rows[0])

    def list_sessions(self, limit: int | None = 50, offset: int = 0, order: str = "newest", *,
                      track: str | None = None, mode: str | None = None, status: str | None = None,
                      since: datetime | str | None = None, until: datetime | str | None = None,
                      ) -> list[SessionSummary]:
        """Sessions for the list view; `order` is one of ORDERS."""
        if order not in _ORDERS:
            raise ValueError(f"order must be one of {', '.join(_ORDERS)}")
        where, params = self._filters(track, mode, status, since, until)
        sql = _SUMMARY_SQL + where + f" ORDER BY {_ORDERS[order]} LIMIT ? OFFSET ?"
        params += [-1 if limit is None else int(limit), int(offset)]
        return [SessionSummary(**r) for r in self.db.query(sql, params)]

    def count_sessions(self, *, track: str | None = None, mode: str | None = None,
                       status: str | None = None, since: datetime | str | None = None,
                       until: datetime | str | None = None) -> int:
        where, params = self._filters(track, mode, status, since, until)
        return self.db.execute("SELECT count(*) FROM sessions s" + where, params).fetchone()[0]

    @staticmethod
    def _filters(track, mode, status, since, until) -> tuple[str, list]:
        clauses, params = [], []
        for column, value in (("track", track), ("mode", mode), ("status", status)):
            if value is not None:
                clauses.append(f"s.{column} = ?")
                params.append(value)
        if since is not None:
            clauses.append("s.started_at >= ?")
            params.append(iso(since))
        if until is not None:
            clauses.append("s.started_at < ?")
            params.append(iso(until))
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def attempts_for_question(self, question_id: str) -> list[Attempt]:
        """Every answer given to one bank question, oldest session first."""
        rows = list(self.db.query(
            "SELECT t.*, s.started_at AS _started_at, s.track AS _track, s.mode AS _mode "
            "FROM turns t JOIN sessions s ON s.id = t.session_id WHERE t.question_id = ? "
            "ORDER BY s.started_at, t.position", [question_id]))
        extra = [{k: row.pop(k) for k in ("_started_at", "_track", "_mode")} for row in rows]
        turns = self._turns_with_ratings(rows)
        return [Attempt(t.session_id, e["_started_at"], e["_track"], e["_mode"], t)
                for t, e in zip(turns, extra)]

    def question_scores(self, rater: str = SELF) -> dict[str, float]:
        """{question_id: mean score by `rater` over all dimensions and attempts}."""
        return {r["question_id"]: r["mean"] for r in self.db.query(
            "SELECT t.question_id, avg(r.score) AS mean FROM ratings r JOIN turns t ON t.id = r.turn_id "
            "WHERE r.rater = ? AND t.question_id IS NOT NULL GROUP BY t.question_id", [rater])}

    # -- search

    def search(self, query: str, limit: int = 50, *, session_id: int | None = None) -> list[SearchHit]:
        """Full-text search over machine transcripts, corrections and notes.

        Any user input is safe: words and "quoted phrases" are matched
        literally (case-insensitive substrings, so Chinese works too), all of
        them required. Terms shorter than three characters cannot use the
        trigram index and are checked by a scan instead. Best matches first.
        """
        terms = parse_query(query)
        if not terms or limit <= 0:
            return []
        indexed = [t for t in terms if len(t) >= 3]
        short = [t for t in terms if len(t) < 3]
        clauses, params = [], []
        likes, like_params = [], []
        for term in short:  # LIKE is a fast C prefilter, the function checks word edges
            clauses.append("body LIKE ? ESCAPE '\\' AND erbsim_contains(body, ?)")
            escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params += [f"%{escaped}%", term]
            likes.append("body LIKE ? ESCAPE '\\'")
            like_params.append(f"%{escaped}%")
        if session_id is not None:
            for where, values in ((clauses, params), (likes, like_params)):
                where.append("session_id = ?")
                values.append(session_id)
        try:
            if indexed:
                # rank first, then read the few rows kept by rowid; snippets are
                # made in Python (FTS5's snippet() would re-run the match)
                match = " ".join(_fts_phrase(t) for t in indexed)
                ranked = None
                if short:
                    ranked = self._ranked_with_short_terms(match, short, likes, like_params, int(limit))
                if ranked is None:
                    ranked = self.db.execute(
                        "SELECT rowid, bm25(search_index) FROM search_index WHERE search_index MATCH ?"
                        + "".join(" AND " + c for c in clauses) + " ORDER BY 2 LIMIT ?",
                        [match, *params, int(limit)]).fetchall()
                rank_of = {rowid: rank for rowid, rank in ranked}
                rows = sorted(self.db.query(
                    "SELECT rowid, kind, session_id, turn_id, note_id, body, NULL AS snippet "
                    f"FROM search_index WHERE rowid IN ({','.join('?' * len(ranked))})", list(rank_of)),
                    key=lambda r: rank_of[r["rowid"]])
                for r in rows:
                    r["rank"] = rank_of[r["rowid"]]
            else:
                rows = list(self.db.query(
                    "SELECT rowid, kind, session_id, turn_id, note_id, body, NULL AS snippet, "
                    "0.0 AS rank FROM search_index WHERE " + " AND ".join(clauses)
                    + " ORDER BY rowid DESC LIMIT ?", [*params, int(limit)]))
        except sqlite3.OperationalError:
            return []  # belt and braces: a query must never break the UI
        turn_ids = sorted({r["turn_id"] for r in rows if r["turn_id"] is not None})
        turns = {}
        for chunk in (turn_ids[i:i + 500] for i in range(0, len(turn_ids), 500)):
            for t in self.db.query(
                    "SELECT id, position, question_text, transcript_text, words FROM turns "
                    f"WHERE id IN ({','.join('?' * len(chunk))})", chunk):
                turns[t["id"]] = t
        started = {}
        session_ids = sorted({r["session_id"] for r in rows})
        for chunk in (session_ids[i:i + 500] for i in range(0, len(session_ids), 500)):
            for s in self.db.query(f"SELECT id, started_at FROM sessions WHERE id IN "
                                   f"({','.join('?' * len(chunk))})", chunk):
                started[s["id"]] = s["started_at"]
        hits = []
        for r in rows:
            turn = turns.get(r["turn_id"])
            time_s = None
            if turn is not None and r["kind"] in ("transcript", "correction") and turn["words"]:
                machine = turn["transcript_text"] or ""
                found = _first_match(machine, terms)
                if found is not None:
                    time_s = time_of_offset(machine, json.loads(turn["words"]), found.start())
            hits.append(SearchHit(
                session_id=r["session_id"], turn_id=r["turn_id"], note_id=r["note_id"], field=r["kind"],
                snippet=r["snippet"] if r["snippet"] is not None else _python_snippet(r["body"], terms),
                time_s=time_s, started_at=started.get(r["session_id"], ""),
                position=turn["position"] if turn else None,
                question_text=turn["question_text"] if turn else None, rank=float(r["rank"])))
        return hits

    def _ranked_with_short_terms(self, match: str, short: Sequence[str], likes: list[str], params: list,
                                 limit: int) -> list[tuple[int, float]] | None:
        """Best `limit` (rowid, rank) matching `match` whose bodies hold every short
        term as a word, or None when a quick look does not settle it.

        Calling the Python word-edge check from SQL on every candidate was the
        slow part, so candidates are ranked first and checked in rank order
        until `limit` are kept: a common short term ("GM", "um") is settled
        within the first few hundred ranked rows (~20 ms at 1,000 sessions
        instead of ~160). When it is not, the caller runs the full query."""
        where = [w for w in likes if w.startswith("session_id")]
        where_params = params[len(params) - len(where):] if where else []
        probe = 4 * limit + 64

        def take(sql_where: list[str], sql_params: list, budget: int | None) -> list[tuple[int, float]] | None:
            cursor = self.db.execute(
                "SELECT rowid, bm25(search_index) FROM search_index WHERE search_index MATCH ?"
                + "".join(" AND " + c for c in sql_where) + " ORDER BY 2", [match, *sql_params])
            kept: list[tuple[int, float]] = []
            seen = 0
            while len(kept) < limit:
                batch = cursor.fetchmany(max(64, 2 * (limit - len(kept))))
                if not batch:
                    return kept
                if budget is not None and seen >= budget:
                    return None
                seen += len(batch)
                bodies = dict(self.db.execute(
                    f"SELECT rowid, body FROM search_index WHERE rowid IN ({','.join('?' * len(batch))})",
                    [rowid for rowid, _ in batch]).fetchall())
                for rowid, rank in batch:
                    if all(_contains_term(bodies.get(rowid), t) for t in short):
                        kept.append((rowid, rank))
                        if len(kept) == limit:
                            break
            return kept

        return take(where, where_params, probe)

    def rebuild_search_index(self) -> None:
        """Refill the FTS index from turns and notes (repair; normally triggers keep it in sync)."""
        with self.db.atomic():
            populate_search_index(self.db)

    # -- import (bundles)

    def import_session(self, doc: Mapping[str, Any], *, audio_paths: Mapping[str, str] | None = None) -> int:
        """Add a session from its exported JSON (erbsim.core.export.session_to_dict).

        Keeps the session's uuid; importing the same session twice raises
        StorageError. `audio_paths` maps exported audio paths to where the
        files now are (relative to this data folder). Returns the new id.
        """
        from erbsim.core.export import JSON_FORMAT

        if doc.get("format") != JSON_FORMAT:
            raise StorageError("not an erbsim session export")
        s = doc["session"]
        audio_paths = audio_paths or {}
        with self.db.atomic():
            if self.db.execute("SELECT 1 FROM sessions WHERE uuid = ?", [s["uuid"]]).fetchone():
                raise StorageError(f"session {s['uuid']} is already here")
            status = s["status"] if s["status"] != "running" else "interrupted"
            new_id = self.create_session(
                mode=s["mode"], track=s["track"], lang=s["lang"], budget_s=s["budget_s"], seed=s["seed"],
                banks=s["banks"], seats=s["seats"], candidate=s["candidate"], mentor=s["mentor"],
                app_version=s["app_version"], started_at=s["started_at"], ended_at=s["ended_at"],
                status=status, uuid=s["uuid"], soft_limit_s=s.get("soft_limit_s"))
            self.db.execute("UPDATE sessions SET last_heartbeat = ? WHERE id = ?",
                            [s.get("last_heartbeat"), new_id])
            turn_map: dict[int, int] = {}
            for t in doc["turns"]:
                values = {k: t[k] for k in _TURN_FIELDS if k in t and k not in ("parent_turn_id",)}
                if values.get("audio_path") is not None:
                    values["audio_path"] = audio_paths.get(values["audio_path"], values["audio_path"])
                parent = turn_map.get(t.get("parent_turn_id"))
                turn_map[t["id"]] = self.add_turn(new_id, parent_turn_id=parent, **values)
                if t.get("corrected_at"):
                    self.db.execute("UPDATE turns SET corrected_at = ? WHERE id = ?",
                                    [t["corrected_at"], turn_map[t["id"]]])
                for r in t.get("ratings", ()):
                    self.db.execute(
                        "INSERT INTO ratings (turn_id, dimension, score, rater, created_at) VALUES (?,?,?,?,?)",
                        [turn_map[t["id"]], r["dimension"], r["score"], r["rater"], r["created_at"]])
            for n in doc.get("notes", ()):
                self.db.execute(
                    "INSERT INTO notes (session_id, turn_id, author, text, created_at) VALUES (?,?,?,?,?)",
                    [new_id, turn_map.get(n["turn_id"]), n["author"], n["text"], n["created_at"]])
            for v in doc.get("votes", ()):
                _check("seat", v["seat"], SEAT_IDS)
                _check("vote", v["vote"], VOTES)
                self.db.execute(
                    "INSERT INTO votes (session_id, seat, voter, vote, rationale, created_at) "
                    "VALUES (?,?,?,?,?,?)",
                    [new_id, v["seat"], v["voter"], v["vote"], v["rationale"], v["created_at"]])
            return new_id


def _check(name: str, value: Any, allowed: Sequence[str]) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")


def _turn(row: Mapping[str, Any], ratings: Iterable[Rating]) -> Turn:
    values = dict(row)
    values["is_follow_up"] = bool(values["is_follow_up"])
    values["words"] = decode_words(values["words"])
    return Turn(**values, ratings=tuple(ratings))


def _session(row: Mapping[str, Any]) -> Session:
    values = {k: v for k, v in row.items() if not k.startswith("owner_")}
    values["banks"] = json.loads(values["banks"] or "[]")
    values["seats"] = json.loads(values["seats"] or "[]")
    return Session(**values)


def as_dict(record: Any) -> dict:
    """A record as plain data (dataclasses.asdict), for JSON."""
    return asdict(record)
