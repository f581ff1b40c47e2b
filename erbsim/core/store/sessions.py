"""A session's life: created running (owned by this process), kept alive by
heartbeats, finished; after a crash marked interrupted and resumed; deleted
with its audio files. Also where a session's audio files live.

A mixin of Store (see store.py); every write is one short transaction.
"""

from __future__ import annotations

import json
import shutil
import uuid as uuid_module
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from erbsim.core.seats import SEAT_IDS
from erbsim.core.store.reading import StoreReading
from erbsim.core.store.records import MODES, STATUSES, TRACKS, SessionNotFound, SessionSummary, StorageError, Turn
from erbsim.core.store.values import check, iso, row_id


class SessionWriting(StoreReading):
    """Needs Store's `db`, `data_root`, `_clock`, `_now()` and the owner identity
    (`pid`, `_pid_started`, `_host`, `_is_alive`); uses StoreReading's
    `_session_row()`, `summary()`, `list_sessions()` and `get_turns()` (a base
    here so that they are type-checked; Store's method order is unchanged)."""

    db: Database
    data_root: Path
    pid: int
    _pid_started: float | None
    _host: str
    _clock: Callable[[], datetime]
    _is_alive: Callable[[int, float | None], bool]

    if TYPE_CHECKING:
        def _now(self) -> str: ...  # Store's

    def create_session(self, *, mode: str = "solo", track: str = "staff", lang: str = "en",
                       budget_s: float = 2700.0, seed: int | None = None, banks: Sequence[str] = (),
                       seats: Sequence[str] = SEAT_IDS, candidate: str | None = None,
                       mentor: str | None = None, app_version: str | None = None,
                       started_at: datetime | str | None = None, status: str = "running",
                       uuid: str | None = None, ended_at: datetime | str | None = None,
                       soft_limit_s: float | None = None, packet_id: int | None = None) -> int:
        """Start recording a session (status 'running', owned by this process)."""
        check("mode", mode, MODES)
        check("track", track, TRACKS)
        check("status", status, STATUSES)
        for seat in seats:
            check("seat", seat, SEAT_IDS)
        if app_version is None:
            from erbsim import __version__ as app_version
        started = iso(started_at) or self._now()
        running = status == "running"
        # Only when given: a store held at an older schema (migrate_to) has no such column.
        extra: dict[str, Any] = {"soft_limit_s": float(soft_limit_s)} if soft_limit_s else {}
        if packet_id is not None:
            extra["packet_id"] = int(packet_id)
        with self.db.atomic():
            return row_id(self.db.table("sessions").insert({
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
            }).last_pk)

    def heartbeat(self, session_id: int, board_elapsed_s: float | None = None) -> None:
        """Record that the session is still alive (the app calls this every few seconds),
        and where the board's clock stands."""
        values: dict[str, Any] = {"last_heartbeat": self._now()}
        if board_elapsed_s is not None:
            values["board_elapsed_s"] = float(board_elapsed_s)
        self._update_session(session_id, values)

    def finish_session(self, session_id: int, status: str = "finished",
                       ended_at: datetime | str | None = None) -> None:
        check("status", status, tuple(s for s in STATUSES if s != "running"))
        when = iso(ended_at) or self._now()
        self._update_session(session_id, {"status": status, "ended_at": when, "last_heartbeat": when,
                                          "owner_pid": None, "owner_started": None, "owner_host": None})

    def update_session(self, session_id: int, **fields: Any) -> None:
        """Change descriptive fields: candidate, mentor, track, mode, lang, budget_s, banks, seats,
        and a panel's board (a dict), debrief and revealed_at."""
        allowed = {"candidate", "mentor", "track", "mode", "lang", "budget_s", "banks", "seats",
                   "board", "debrief", "revealed_at"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"cannot update session field(s): {', '.join(sorted(unknown))}")
        if "mode" in fields:
            check("mode", fields["mode"], MODES)
        if "track" in fields:
            check("track", fields["track"], TRACKS)
        for key in ("banks", "seats"):
            if key in fields:
                fields[key] = json.dumps(list(fields[key]))
        if fields.get("board") is not None:
            fields["board"] = json.dumps(dict(fields["board"]), ensure_ascii=False)
        if "revealed_at" in fields:
            fields["revealed_at"] = iso(fields["revealed_at"])
        self._update_session(session_id, fields)

    def _update_session(self, session_id: int, values: dict) -> None:
        self._update_by_id("sessions", session_id, values, SessionNotFound)

    # -- crashes

    def recover_interrupted(self) -> list[SessionSummary]:
        """Mark 'running' sessions whose owner process is gone as 'interrupted'.

        Call once at start-up. A session owned by a live process (another
        erbsim window, or this process) is left alone. A session owned by
        another host is judged by its heartbeat: stale after 10 minutes.
        Returns the sessions marked now.
        """
        stale = [row["id"] for row in self._running_rows() if not self._owner_alive(row)]
        with self.db.atomic():
            for session_id in stale:
                self.db.execute(
                    "UPDATE sessions SET status = 'interrupted', "
                    "ended_at = COALESCE(ended_at, last_heartbeat), owner_pid = NULL, "
                    "owner_started = NULL, owner_host = NULL WHERE id = ? AND status = 'running'",
                    [session_id])
        return [self.summary(i) for i in stale]

    def running_elsewhere(self) -> list[int]:
        """Ids of the sessions being recorded right now by another live process
        (`erbsim restore` refuses while there is one)."""
        return [row["id"] for row in self._running_rows()
                if not (row["owner_pid"] == self.pid and row["owner_host"] == self._host) and self._owner_alive(row)]

    def _running_rows(self) -> list[dict]:
        return list(self.db.query(
            "SELECT id, owner_pid, owner_started, owner_host, last_heartbeat, started_at "
            "FROM sessions WHERE status = 'running'"))

    def _owner_alive(self, row: dict) -> bool:
        """Whether the process that owns a running session is still there: this one, a
        live process here, or another host's that beat within 10 minutes."""
        pid, host = row["owner_pid"], row["owner_host"]
        if pid == self.pid and host == self._host:
            return True
        if host and host != self._host:
            beat = row["last_heartbeat"] or row["started_at"]
            age = (self._clock() - datetime.fromisoformat(beat.replace("Z", "+00:00"))).total_seconds()
            return age < 600
        return pid is not None and self._is_alive(int(pid), row["owner_started"])

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

    # -- deleting, and where audio lives

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
