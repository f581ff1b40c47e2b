"""The session document (serialize.session_to_dict) checked before a byte of it is written.

A document comes from someone else's machine (a mentor's bundle), so every
value is checked for its type and range, and the whole for its nesting depth
and repeated turn positions, before the import transaction starts:
`check_session_document` returns a cleaned copy or raises DocumentError with
one line for people, naming the field ("turns[2].ratings[0].score: must be a
whole number 1-5, not 9"). Keys this erbsim does not know are left out (an
older erbsim reading a newer document with the same format version); a newer
format or schema version is refused.
"""

from __future__ import annotations

import math
import uuid as uuid_module
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from erbsim.core.packet.model import Packet, PacketError
from erbsim.core.seats import SEAT_IDS
from erbsim.core.store.records import EVENT_KINDS, MODES, ORIGINS, STATUSES, TRACKS, VOTES, StorageError

MAX_DEPTH = 32  # the document itself is 6 deep; a board or packet body a few more
MAX_ITEMS = 100_000  # turns, words of one answer, notes ...
MAX_TEXT = 1_000_000  # characters in one text field
MAX_SECONDS = 366 * 24 * 3600.0  # times within a session
MAX_INT = 2**63 - 1  # what SQLite stores


class DocumentError(StorageError, ValueError):
    """A session document that cannot be imported; the message names the field."""


def newer_message(what: str) -> str:
    return f"this session was made by a newer erbsim ({what}); upgrade erbsim to import it"


def normal_uuid(value: Any) -> str:
    """A session uuid as it is stored: the canonical form of a UUID (lower case,
    hyphens), so that " {ABC...} " and "abc..." are the same session."""
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        raise DocumentError("session.uuid: must be a UUID")
    text = value.strip()
    try:
        return str(uuid_module.UUID(text))
    except ValueError:
        pass
    if not all(c.isalnum() or c in "-_.:" for c in text):
        raise DocumentError("session.uuid: must be a UUID")
    return text.lower()


def depth(value: Any) -> int:
    """How deeply lists and mappings nest in `value` (without recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, Mapping):
            children: Any = item.values()
        elif isinstance(item, list | tuple):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__


class _Checker:
    """Helpers that check one value at a path ("turns[2].position") and raise DocumentError."""

    def fail(self, where: str, message: str) -> DocumentError:
        return DocumentError(f"{where}: {message}")

    def mapping(self, value: Any, where: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(where, f"must be a mapping, not {_kind(value)}")
        return value

    def items(self, value: Any, where: str, *, null: bool = True) -> list[Any]:
        if value is None and null:
            return []
        if not isinstance(value, list):
            raise self.fail(where, f"must be a list, not {_kind(value)}")
        if len(value) > MAX_ITEMS:
            raise self.fail(where, f"has {len(value):,} items; at most {MAX_ITEMS:,}")
        return value

    def text(self, value: Any, where: str, *, null: bool = True, empty: bool = True) -> str | None:
        if value is None and null:
            return None
        if not isinstance(value, str):
            raise self.fail(where, f"must be text, not {_kind(value)}")
        if len(value) > MAX_TEXT:
            raise self.fail(where, f"is longer than {MAX_TEXT:,} characters")
        if not empty and not value.strip():
            raise self.fail(where, "must not be empty")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise self.fail(where, "is not valid text (broken characters)") from None
        return value

    def choice(self, value: Any, where: str, allowed: Sequence[str], *, null: bool = False) -> str | None:
        if value is None and null:
            return None
        if not isinstance(value, str) or value not in allowed:
            shown = repr(value) if isinstance(value, str) else _kind(value)
            raise self.fail(where, f"must be one of {', '.join(allowed)}, not {shown[:60]}")
        return value

    def seconds(self, value: Any, where: str, *, null: bool = True) -> float | None:
        """A time or length in seconds: a finite number, 0 or more."""
        if value is None and null:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(where, f"must be a number of seconds, not {_kind(value)}")
        number = float(value) if abs(value) < 1e300 else math.inf
        if not math.isfinite(number) or number < 0 or number > MAX_SECONDS:
            raise self.fail(where, f"must be a number of seconds from 0 to {MAX_SECONDS:,.0f}, not {value!r}"[:200])
        return number

    def whole(self, value: Any, where: str, *, low: int = -MAX_INT, high: int = MAX_INT,
              null: bool = False) -> int | None:
        if value is None and null:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(where, f"must be a whole number, not {_kind(value)}")
        if not low <= value <= high:
            shown = str(value) if abs(value) < 10**30 else "a huge number"
            raise self.fail(where, f"must be a whole number {low}-{high}, not {shown}")
        return value

    def flag(self, value: Any, where: str) -> bool:
        if value is None:
            return False
        if isinstance(value, bool) or (isinstance(value, int) and value in (0, 1)):
            return bool(value)
        raise self.fail(where, f"must be true or false, not {_kind(value)}")

    def moment(self, value: Any, where: str, *, null: bool = True) -> str | None:
        """An ISO 8601 time of day."""
        if value is None and null:
            return None
        if not isinstance(value, str) or len(value) > 40:
            raise self.fail(where, f"must be a date and time (ISO 8601), not {_kind(value)}")
        try:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise self.fail(where, f"must be a date and time (ISO 8601), not {value!r}") from None
        return value


def check_session_document(doc: Any, *, json_format: str, json_format_version: int,
                           schema_version: int) -> dict[str, Any]:
    """The document, checked and cleaned (only known keys, uuid normalised); see the module docstring."""
    c = _Checker()
    top = c.mapping(doc, "the session document")
    if depth(top) > MAX_DEPTH:
        raise DocumentError(f"the session document is nested more than {MAX_DEPTH} levels deep")
    if top.get("format") != json_format:
        raise DocumentError("not an erbsim session export")
    version = c.whole(top.get("format_version", 1), "format_version", low=0)
    if version is not None and version > json_format_version:
        raise DocumentError(newer_message(f"session format {version}"))
    schema = c.whole(top.get("schema_version"), "schema_version", low=0, null=True)
    if schema is not None and schema > schema_version:
        raise DocumentError(newer_message(f"database schema {schema}"))
    s = c.mapping(top.get("session"), "session")
    session = _session(c, s)
    turns = _turns(c, c.items(top.get("turns"), "turns", null=False))
    turn_ids = {t["id"] for t in turns}

    def turn_ref(value: Any, where: str) -> int | None:
        ref = c.whole(value, where, null=True)
        if ref is not None and ref not in turn_ids:
            raise c.fail(where, f"names turn {ref}, which is not in the session")
        return ref

    events = []
    for i, ev in enumerate(c.items(top.get("events"), "events")):
        w = f"events[{i}]"
        ev = c.mapping(ev, w)
        events.append({"turn_id": turn_ref(ev.get("turn_id"), f"{w}.turn_id"),
                       "kind": c.choice(ev.get("kind"), f"{w}.kind", EVENT_KINDS),
                       "at_s": c.seconds(ev.get("at_s"), f"{w}.at_s", null=False),
                       "text": c.text(ev.get("text"), f"{w}.text"),
                       "author": c.text(ev.get("author"), f"{w}.author"),
                       "created_at": c.moment(ev.get("created_at"), f"{w}.created_at")})
    notes = []
    for i, n in enumerate(c.items(top.get("notes"), "notes")):
        w = f"notes[{i}]"
        n = c.mapping(n, w)
        notes.append({"turn_id": turn_ref(n.get("turn_id"), f"{w}.turn_id"),
                      "author": c.text(n.get("author"), f"{w}.author") or "self",
                      "text": c.text(n.get("text"), f"{w}.text", null=False),
                      "created_at": c.moment(n.get("created_at"), f"{w}.created_at", null=False),
                      "at_s": c.seconds(n.get("at_s"), f"{w}.at_s")})
    votes, seats_voted = [], set()
    for i, v in enumerate(c.items(top.get("votes"), "votes")):
        w = f"votes[{i}]"
        v = c.mapping(v, w)
        seat = c.choice(v.get("seat"), f"{w}.seat", SEAT_IDS)
        if seat in seats_voted:
            raise c.fail(f"{w}.seat", f"{seat} votes twice")
        seats_voted.add(seat)
        votes.append({"seat": seat, "voter": c.text(v.get("voter"), f"{w}.voter") or "",
                      "vote": c.choice(v.get("vote"), f"{w}.vote", VOTES),
                      "rationale": c.text(v.get("rationale"), f"{w}.rationale") or "",
                      "created_at": c.moment(v.get("created_at"), f"{w}.created_at", null=False)})
    packet = _packet(c, top.get("packet"))
    return {"format": json_format, "format_version": version, "schema_version": schema, "session": session,
            "packet": packet, "turns": turns, "events": events, "notes": notes, "votes": votes}


def _session(c: _Checker, s: Mapping[str, Any]) -> dict[str, Any]:
    w = "session"
    seats = [c.choice(seat, f"{w}.seats[{i}]", SEAT_IDS)
             for i, seat in enumerate(c.items(s.get("seats"), f"{w}.seats"))]
    banks = [c.text(bank, f"{w}.banks[{i}]", null=False)
             for i, bank in enumerate(c.items(s.get("banks"), f"{w}.banks"))]
    board = c.mapping(s["board"], f"{w}.board") if s.get("board") is not None else None
    return {
        "uuid": normal_uuid(s.get("uuid")),
        "started_at": c.moment(s.get("started_at"), f"{w}.started_at", null=False),
        "ended_at": c.moment(s.get("ended_at"), f"{w}.ended_at"),
        "status": c.choice(s.get("status"), f"{w}.status", STATUSES),
        "mode": c.choice(s.get("mode"), f"{w}.mode", MODES),
        "track": c.choice(s.get("track"), f"{w}.track", TRACKS),
        "lang": c.text(s.get("lang", "en"), f"{w}.lang", null=False, empty=False),
        "budget_s": c.seconds(s.get("budget_s", 2700.0), f"{w}.budget_s", null=False),
        "seed": c.whole(s.get("seed"), f"{w}.seed", null=True),
        "banks": banks, "seats": seats,
        "candidate": c.text(s.get("candidate"), f"{w}.candidate"),
        "mentor": c.text(s.get("mentor"), f"{w}.mentor"),
        "app_version": c.text(s.get("app_version"), f"{w}.app_version"),
        "last_heartbeat": c.moment(s.get("last_heartbeat"), f"{w}.last_heartbeat"),
        "board_elapsed_s": c.seconds(s.get("board_elapsed_s"), f"{w}.board_elapsed_s"),
        "soft_limit_s": c.seconds(s.get("soft_limit_s"), f"{w}.soft_limit_s"),
        "board": dict(board) if board is not None else None,
        "debrief": c.text(s.get("debrief"), f"{w}.debrief"),
        "revealed_at": c.moment(s.get("revealed_at"), f"{w}.revealed_at"),
    }


_TURN_TEXTS = ("question_id", "category", "dimension", "audio_path", "transcript_text", "engine", "model",
               "corrected_text", "example_id", "follow_up_signal", "follow_up_reason", "follow_up_evidence")
_TURN_SECONDS = ("asked_at_s", "answer_started_s", "answer_ended_s", "audio_offset_s")


def _turns(c: _Checker, items: list[Any]) -> list[dict[str, Any]]:
    turns: list[dict[str, Any]] = []
    ids: set[int] = set()
    positions: dict[int, int] = {}
    for i, t in enumerate(items):
        w = f"turns[{i}]"
        t = c.mapping(t, w)
        turn_id = c.whole(t.get("id"), f"{w}.id")
        if turn_id in ids:
            raise c.fail(f"{w}.id", f"turn id {turn_id} is repeated")
        position = c.whole(t.get("position"), f"{w}.position", low=0)
        assert turn_id is not None and position is not None
        if position in positions:
            raise c.fail(f"{w}.position", f"position {position} is repeated (turns[{positions[position]}])")
        ids.add(turn_id)
        positions[position] = i
        parent = c.whole(t.get("parent_turn_id"), f"{w}.parent_turn_id", null=True)
        if parent is not None and parent not in ids:
            raise c.fail(f"{w}.parent_turn_id", f"names turn {parent}, which is not an earlier turn")
        turn: dict[str, Any] = {"id": turn_id, "position": position, "parent_turn_id": parent,
                                "question_text": c.text(t.get("question_text"), f"{w}.question_text") or "",
                                "seat": c.choice(t.get("seat"), f"{w}.seat", SEAT_IDS, null=True),
                                "is_follow_up": c.flag(t.get("is_follow_up"), f"{w}.is_follow_up"),
                                "origin": c.choice(t.get("origin"), f"{w}.origin", ORIGINS, null=True),
                                "corrected_at": c.moment(t.get("corrected_at"), f"{w}.corrected_at")}
        for key in _TURN_TEXTS:
            turn[key] = c.text(t.get(key), f"{w}.{key}")
        for key in _TURN_SECONDS:
            turn[key] = c.seconds(t.get(key), f"{w}.{key}")
        if turn["audio_offset_s"] is None:
            turn["audio_offset_s"] = 0.0
        words = t.get("words")
        if words is not None:
            turn["words"] = [_word(c, word, f"{w}.words[{j}]") for j, word in enumerate(c.items(words, f"{w}.words"))]
        else:
            turn["words"] = None
        ratings, rated = [], set()
        for j, r in enumerate(c.items(t.get("ratings"), f"{w}.ratings")):
            rw = f"{w}.ratings[{j}]"
            r = c.mapping(r, rw)
            rating = {"dimension": c.text(r.get("dimension"), f"{rw}.dimension", null=False, empty=False),
                      "score": c.whole(r.get("score"), f"{rw}.score", low=1, high=5),
                      "rater": c.text(r.get("rater"), f"{rw}.rater", null=False, empty=False),
                      "created_at": c.moment(r.get("created_at"), f"{rw}.created_at", null=False)}
            pair = (rating["dimension"], rating["rater"])
            if pair in rated:
                raise c.fail(rw, f"{pair[1]} rates {pair[0]} twice")
            rated.add(pair)
            ratings.append(rating)
        turn["ratings"] = ratings
        turns.append(turn)
    return turns


def _word(c: _Checker, word: Any, where: str) -> dict[str, Any]:
    word = c.mapping(word, where)
    probability = word.get("probability")
    if probability is not None and (isinstance(probability, bool) or not isinstance(probability, int | float)
                                    or not math.isfinite(probability)):
        raise c.fail(f"{where}.probability", f"must be a number, not {_kind(probability)}")
    return {"text": c.text(word.get("text"), f"{where}.text", null=False),
            "start": c.seconds(word.get("start"), f"{where}.start", null=False),
            "end": c.seconds(word.get("end"), f"{where}.end", null=False),
            "probability": probability}


def _packet(c: _Checker, packet: Any) -> dict[str, Any] | None:
    if packet is None:
        return None
    packet = c.mapping(packet, "packet")
    if not packet.get("uuid"):
        return None
    body = dict(c.mapping(packet.get("body") or {}, "packet.body"))
    try:
        Packet.from_dict({**body, "name": body.get("name") or "Imported packet", "uuid": str(packet["uuid"])})
    except PacketError as error:
        raise c.fail("packet.body", str(error)) from None
    return {"uuid": c.text(packet.get("uuid"), "packet.uuid", null=False, empty=False)[:100],  # type: ignore[index]
            "name": c.text(packet.get("name"), "packet.name"),
            "candidate": c.text(packet.get("candidate"), "packet.candidate"),
            "track": c.choice(packet.get("track") or "staff", "packet.track", TRACKS),
            "body": body}

