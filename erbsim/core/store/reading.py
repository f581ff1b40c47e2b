"""Reading the store: one session in full, the sessions list, and what the
review asks across sessions (attempts of a question, scores, counts).

A mixin of Store (see store.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlite_utils import Database
from sqlite_utils.db import NotFoundError

from erbsim.core.seats import SEAT_IDS
from erbsim.core.store.records import (
    SELF,
    Attempt,
    CorpusStats,
    Note,
    QuestionAttempts,
    Rating,
    Session,
    SessionDetail,
    SessionNotFound,
    SessionSummary,
    Turn,
    TurnEvent,
    TurnNotFound,
    Vote,
)
from erbsim.core.store.values import iso
from erbsim.core.store.words import decode_words

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
         WHERE t.session_id = s.id AND +r.rater != 'self') AS avg_mentor,
       (SELECT count(*) FROM votes v WHERE v.session_id = s.id AND v.vote = 'pass') AS votes_pass,
       (SELECT count(*) FROM votes v WHERE v.session_id = s.id AND v.vote = 'fail') AS votes_fail
FROM sessions s
"""

# An answer is a turn with any text, machine or corrected.
_ANSWERED = "(COALESCE(transcript_text, '') != '' OR COALESCE(corrected_text, '') != '')"


class StoreReading:
    """Needs Store's `db`."""

    db: Database

    def _session_row(self, session_id: int) -> dict:
        try:
            return self.db.table("sessions").get(session_id)
        except (NotFoundError, TypeError, ValueError):
            raise SessionNotFound(session_id) from None

    def _update_by_id(self, table: str, row_id: int, values: dict, not_found: type[Exception]) -> None:
        """UPDATE one row of `table` by id in one statement, raising `not_found(row_id)`
        when there is no such row (sessions and turns share it)."""
        with self.db.atomic():
            cursor = self.db.execute(
                f"UPDATE {table} SET {', '.join(f'[{k}] = ?' for k in values)} WHERE id = ?",
                [*values.values(), row_id])
            if cursor.rowcount == 0:
                raise not_found(row_id)

    def _turn_exists(self, turn_id: int) -> None:
        if self.db.execute("SELECT 1 FROM turns WHERE id = ?", [turn_id]).fetchone() is None:
            raise TurnNotFound(turn_id)

    # -- one session

    def get_session(self, session_id: int) -> SessionDetail:
        """A session with its turns (and their ratings), notes and votes."""
        row = self._session_row(session_id)
        turns = self.get_turns(session_id)
        notes = [Note(**r) for r in self.db.query(
            "SELECT * FROM notes WHERE session_id = ? ORDER BY created_at, id", [session_id])]
        order = {seat: i for i, seat in enumerate(SEAT_IDS)}
        votes = sorted((Vote(**r) for r in self.db.query(
            "SELECT * FROM votes WHERE session_id = ?", [session_id])), key=lambda v: order.get(v.seat, 99))
        events = [TurnEvent(**r) for r in self.db.query(
            "SELECT * FROM turn_events WHERE session_id = ? ORDER BY at_s, id", [session_id])]
        return SessionDetail(_session(row), tuple(turns), tuple(notes), tuple(votes),
                             self.summary(session_id), tuple(events))

    def session_by_uuid(self, uuid: str) -> Session | None:
        """The session with this uuid (stable across machines), if it is here;
        letter case and surrounding blanks do not make another session."""
        for row in self.db.table("sessions").rows_where("uuid = ? OR lower(trim(uuid)) = lower(trim(?))",
                                                        [uuid, uuid], limit=1):
            return _session(row)
        return None

    def summary(self, session_id: int) -> SessionSummary:
        rows = list(self.db.query(_SUMMARY_SQL + " WHERE s.id = ?", [session_id]))
        if not rows:
            raise SessionNotFound(session_id)
        return SessionSummary(**rows[0])

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
        for r in self.db.query(
                "SELECT * FROM ratings WHERE turn_id IN (SELECT value FROM json_each(?)) "
                "ORDER BY turn_id, rater = 'self' DESC, rater, dimension", [json.dumps([r["id"] for r in rows])]):
            ratings.setdefault(r["turn_id"], []).append(Rating(**r))
        return [_turn(row, ratings.get(row["id"], ())) for row in rows]

    # -- the sessions list

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

    # -- across sessions

    def attempts_for_question(self, question_id: str) -> list[Attempt]:
        """Every answer given to one bank question, oldest session first."""
        rows = list(self.db.query(
            "SELECT t.*, s.started_at AS _started_at, s.track AS _track, s.mode AS _mode "
            "FROM turns t JOIN sessions s ON s.id = t.session_id WHERE t.question_id = ? "
            "ORDER BY s.started_at, t.position", [question_id]))
        extra = [{k: row.pop(k) for k in ("_started_at", "_track", "_mode")} for row in rows]
        turns = self._turns_with_ratings(rows)
        return [Attempt(t.session_id, e["_started_at"], e["_track"], e["_mode"], t)
                for t, e in zip(turns, extra, strict=True)]

    def attempt_counts(self, question_ids: Iterable[str]) -> dict[str, int]:
        """{question_id: answers given to it across all sessions} for the given
        bank questions; questions never answered are left out."""
        ids = sorted(set(question_ids))
        if not ids:
            return {}
        return dict(self.db.execute(
            "SELECT question_id, count(*) FROM turns WHERE question_id IN (SELECT value FROM json_each(?)) "
            f"AND {_ANSWERED} GROUP BY question_id", [json.dumps(ids)]).fetchall())

    def answered_questions(self, minimum: int = 1) -> list[QuestionAttempts]:
        """Bank questions answered at least `minimum` times, most attempted first,
        each with its text as last asked."""
        rows = self.db.execute(
            "SELECT t.question_id, "
            " (SELECT t2.question_text FROM turns t2 WHERE t2.question_id = t.question_id ORDER BY t2.id DESC LIMIT 1),"
            " count(*), count(DISTINCT t.session_id) FROM turns t WHERE t.question_id IS NOT NULL "
            " AND (COALESCE(t.transcript_text, '') != '' OR COALESCE(t.corrected_text, '') != '') "
            "GROUP BY t.question_id HAVING count(*) >= ? ORDER BY count(*) DESC, t.question_id",
            [minimum]).fetchall()
        return [QuestionAttempts(qid, text or "", n, sessions) for qid, text, n, sessions in rows]

    def question_scores(self, rater: str = SELF) -> dict[str, float]:
        """{question_id: mean score by `rater` over all dimensions and attempts}."""
        return {r["question_id"]: r["mean"] for r in self.db.query(
            "SELECT t.question_id, avg(r.score) AS mean FROM ratings r JOIN turns t ON t.id = r.turn_id "
            "WHERE r.rater = ? AND t.question_id IS NOT NULL GROUP BY t.question_id", [rater])}

    def corpus_stats(self) -> CorpusStats:
        """How many sessions and turns the store holds, and how long answers are."""
        turns, words = self.db.execute(
            # words are counted as spaces + 1 in the machine transcript
            "SELECT count(*), avg(length(transcript_text) - length(replace(transcript_text, ' ', '')) + 1) "
            "FROM turns").fetchone()
        return CorpusStats(self.count_sessions(), turns, words)


def _turn(row: Mapping[str, Any], ratings: Iterable[Rating]) -> Turn:
    values = dict(row)
    values["is_follow_up"] = bool(values["is_follow_up"])
    values["words"] = decode_words(values["words"])
    return Turn(**values, ratings=tuple(ratings))


def _session(row: Mapping[str, Any]) -> Session:
    values = {k: v for k, v in row.items() if not k.startswith("owner_")}
    values["banks"] = json.loads(values["banks"] or "[]")
    values["seats"] = json.loads(values["seats"] or "[]")
    if values.get("board"):
        values["board"] = json.loads(values["board"])
    return Session(**values)
