"""Writing what happens inside a session: its turns (question, answer times,
audio, transcript, correction), ratings, notes and board votes.

A mixin of Store (see store.py); every write is one short transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from erbsim.core.seats import SEAT_IDS
from erbsim.core.store.reading import StoreReading
from erbsim.core.store.records import EVENT_KINDS, ORIGINS, SELF, VOTES, StorageError, TurnNotFound
from erbsim.core.store.values import check, clean_text, row_id
from erbsim.core.store.words import encode_words

# The turn columns callers may set (id, session_id and corrected_at are the store's).
TURN_FIELDS = frozenset({
    "position", "question_id", "question_text", "seat", "category", "dimension", "is_follow_up",
    "parent_turn_id", "asked_at_s", "answer_started_s", "answer_ended_s", "audio_path",
    "audio_offset_s", "transcript_text", "words", "engine", "model", "corrected_text",
    "example_id", "follow_up_signal", "follow_up_reason", "follow_up_evidence", "origin",
})


class AnswerWriting(StoreReading):
    """Needs Store's `db` and `_now()`; uses `_session_row()` / `_turn_exists()`
    from StoreReading (they raise SessionNotFound / TurnNotFound; a base here so
    that they are type-checked; Store's method order is unchanged)."""

    db: Database

    if TYPE_CHECKING:
        def _now(self) -> str: ...  # Store's

    # -- turns

    def add_turn(self, session_id: int, *, question_text: str, question_id: str | None = None,
                 seat: str | None = None, category: str | None = None, dimension: str | None = None,
                 is_follow_up: bool = False, parent_turn_id: int | None = None,
                 asked_at_s: float | None = None, position: int | None = None, **fields: Any) -> int:
        """Add a question asked in the session; returns the turn id. `position`
        defaults to the next one. Other turn fields (answer times, audio ...) may
        be given here or later through update_turn()."""
        if seat is not None:
            check("seat", seat, SEAT_IDS)
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
            return row_id(self.db.table("turns").insert({"session_id": session_id, "position": position,
                                                         **values}).last_pk)

    def update_turn(self, turn_id: int, **fields: Any) -> None:
        """Set any of the turn fields (see Turn); unknown names raise ValueError."""
        if not fields:
            return
        if fields.get("seat") is not None:
            check("seat", fields["seat"], SEAT_IDS)
        values = self._turn_values(fields)
        if "corrected_text" in values:
            values["corrected_at"] = self._now() if values["corrected_text"] is not None else None
        self._update_by_id("turns", turn_id, values, TurnNotFound)

    def set_transcript(self, turn_id: int, text: str | None, words: Sequence[Mapping] | None = None,
                       engine: str | None = None, model: str | None = None) -> None:
        """Store the machine transcript. words: [{text, start, end, probability}],
        times in seconds into the turn's audio file."""
        self.update_turn(turn_id, transcript_text=text, words=words, engine=engine, model=model)

    def set_correction(self, turn_id: int, text: str | None) -> None:
        """Store a hand correction (None removes it); the machine transcript stays."""
        self.update_turn(turn_id, corrected_text=text)

    def set_audio_paths(self, session_id: int, new_paths: Mapping[str, str]) -> None:
        """Point the session's answers at where their audio now is: every
        audio_path becomes new_paths[audio_path], or None when it is not a key
        (the file is not on this machine). Used after importing a bundle."""
        with self.db.atomic():
            self._session_row(session_id)
            turns = self.db.table("turns")
            for row in turns.rows_where("session_id = ? AND audio_path IS NOT NULL", [session_id],
                                        select="id, audio_path"):
                turns.update(row["id"], {"audio_path": new_paths.get(row["audio_path"])})

    @staticmethod
    def _turn_values(fields: Mapping[str, Any]) -> dict:
        unknown = set(fields) - TURN_FIELDS
        if unknown:
            raise ValueError(f"unknown turn field(s): {', '.join(sorted(unknown))}")
        values = dict(fields)
        if "words" in values and values["words"] is not None:
            values["words"] = encode_words(values["words"])
        if values.get("origin") is not None:
            check("origin", values["origin"], ORIGINS)
        if "is_follow_up" in values:
            values["is_follow_up"] = int(bool(values["is_follow_up"]))
        if values.get("audio_offset_s") is None and "audio_offset_s" in values:
            values["audio_offset_s"] = 0.0
        for key in ("question_text", "transcript_text", "corrected_text"):
            if isinstance(values.get(key), str):
                values[key] = clean_text(values[key])
        if "question_text" in values and values["question_text"] is None:
            values["question_text"] = ""
        return values

    # -- the timeline: the board cutting in, flags, pauses

    def add_event(self, session_id: int, kind: str, at_s: float, *, turn_id: int | None = None,
                  text: str = "", author: str = "board") -> int:
        """A moment on the session's timeline (see TurnEvent); at_s is seconds from its start."""
        check("kind", kind, EVENT_KINDS)
        with self.db.atomic():
            self._session_row(session_id)
            if turn_id is not None:
                self._turn_exists(turn_id)
            return row_id(self.db.table("turn_events").insert({
                "session_id": session_id, "turn_id": turn_id, "kind": kind, "at_s": float(at_s),
                "text": clean_text(text), "author": author, "created_at": self._now()}).last_pk)

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
                 author: str = SELF, at_s: float | None = None) -> int:
        """A note on the session, or on one answer when turn_id is given; at_s:
        when it was taken, in seconds from the session's start (live notes)."""
        with self.db.atomic():
            self._session_row(session_id)
            if turn_id is not None:
                row = self.db.execute("SELECT session_id FROM turns WHERE id = ?", [turn_id]).fetchone()
                if row is None:
                    raise TurnNotFound(turn_id)
                if row[0] != session_id:
                    raise ValueError(f"turn {turn_id} is not in session {session_id}")
            return row_id(self.db.table("notes").insert({"session_id": session_id, "turn_id": turn_id,
                                                         "author": author, "text": clean_text(text),
                                                         "created_at": self._now(),
                                                         # only when given: a store held at an
                                                         # older schema has no such column
                                                         **({} if at_s is None else {"at_s": float(at_s)})
                                                         }).last_pk)

    def update_note(self, note_id: int, text: str) -> None:
        with self.db.atomic():
            if self.db.execute("UPDATE notes SET text = ? WHERE id = ?",
                               [clean_text(text), note_id]).rowcount == 0:
                raise StorageError(f"no note with id {note_id}")

    def delete_note(self, note_id: int) -> None:
        with self.db.atomic():
            self.db.execute("DELETE FROM notes WHERE id = ?", [note_id])

    def add_vote(self, session_id: int, seat: str, vote: str, *, voter: str = "",
                 rationale: str = "") -> int:
        """A board seat's pass/fail vote; voting again for a seat replaces its vote."""
        check("seat", seat, SEAT_IDS)
        check("vote", vote, VOTES)
        with self.db.atomic():
            self._session_row(session_id)
            self.db.execute(
                "INSERT INTO votes (session_id, seat, voter, vote, rationale, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, seat) DO UPDATE SET "
                "voter = excluded.voter, vote = excluded.vote, rationale = excluded.rationale, "
                "created_at = excluded.created_at",
                [session_id, seat, voter, vote, clean_text(rationale), self._now()])
            return self.db.execute("SELECT id FROM votes WHERE session_id = ? AND seat = ?",
                                   [session_id, seat]).fetchone()[0]
