"""A session as a JSON document, and that document back into a store.

The JSON export (erbsim.core.export) and bundles (erbsim.core.bundle) write
`session_to_dict`; importing a bundle reads it back with `session_from_dict`
(through Store.import_session). Shape (``format`` "erbsim-session",
``format_version`` 1); keys are always present, missing values are null:

    {
      "format": "erbsim-session", "format_version": 1,
      "schema_version": <database schema version>, "exported_at": ISO UTC,
      "exported_by": "erbsim <version>",
      "session": {id, uuid, started_at, ended_at, status, mode, track, lang,
                  budget_s, seed, banks[], seats[], candidate, mentor,
                  app_version, last_heartbeat, duration_s},
      "turns": [{id, position, question_id, question_text, seat, category,
                 dimension, is_follow_up, parent_turn_id, asked_at_s,
                 answer_started_s, answer_ended_s, audio_path, audio_offset_s,
                 transcript_text, words[{text,start,end,probability}] | null,
                 engine, model, corrected_text, corrected_at, text,
                 ratings[{dimension, score, rater, created_at}]}],
      "notes": [{id, turn_id, author, text, created_at}],
      "votes": [{seat, voter, vote, rationale, created_at}],
      "outcome": {passes, fails, needed, seats_voted, approved}
    }

``text`` in a turn is what the review uses: the correction if there is one,
else the machine transcript. Times in a turn are seconds from session start;
word times are seconds into the audio file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from erbsim import __version__
from erbsim.core.seats import SEAT_IDS
from erbsim.core.store.answers import TURN_FIELDS
from erbsim.core.store.records import VOTES, SessionDetail, StorageError
from erbsim.core.store.values import check, utc_now_iso

if TYPE_CHECKING:
    from erbsim.core.store.store import Store

JSON_FORMAT = "erbsim-session"
JSON_FORMAT_VERSION = 1


def session_to_dict(detail: SessionDetail, schema_version: int) -> dict[str, Any]:
    session = asdict(detail.session)
    session["duration_s"] = detail.summary.duration_s
    turns = []
    for turn in detail.turns:
        item = {k: v for k, v in asdict(turn).items() if k not in ("session_id", "ratings")}
        item["text"] = turn.text
        item["ratings"] = [{"dimension": r.dimension, "score": r.score, "rater": r.rater,
                            "created_at": r.created_at} for r in turn.ratings]
        turns.append(item)
    return {
        "format": JSON_FORMAT,
        "format_version": JSON_FORMAT_VERSION,
        "schema_version": schema_version,
        "exported_at": utc_now_iso(),
        "exported_by": f"erbsim {__version__}",
        "session": session,
        "turns": turns,
        "notes": [{"id": n.id, "turn_id": n.turn_id, "author": n.author, "text": n.text,
                   "created_at": n.created_at} for n in detail.notes],
        "votes": [{"seat": v.seat, "voter": v.voter, "vote": v.vote, "rationale": v.rationale,
                   "created_at": v.created_at} for v in detail.votes],
        "outcome": asdict(detail.outcome),
    }


def session_from_dict(store: Store, doc: Mapping[str, Any], *,
                      audio_paths: Mapping[str, str] | None = None) -> int:
    """Add the session `doc` describes to `store`, in one transaction; see
    Store.import_session. Ids in the document are remapped to new ones; times
    stamped on ratings, notes, votes and corrections are kept."""
    if doc.get("format") != JSON_FORMAT:
        raise StorageError("not an erbsim session export")
    s = doc["session"]
    audio_paths = audio_paths or {}
    db = store.db
    with db.atomic():
        if store.session_by_uuid(s["uuid"]) is not None:
            raise StorageError(f"session {s['uuid']} is already here")
        status = s["status"] if s["status"] != "running" else "interrupted"
        new_id = store.create_session(
            mode=s["mode"], track=s["track"], lang=s["lang"], budget_s=s["budget_s"], seed=s["seed"],
            banks=s["banks"], seats=s["seats"], candidate=s["candidate"], mentor=s["mentor"],
            app_version=s["app_version"], started_at=s["started_at"], ended_at=s["ended_at"],
            status=status, uuid=s["uuid"], soft_limit_s=s.get("soft_limit_s"))
        db.table("sessions").update(new_id, {"last_heartbeat": s.get("last_heartbeat")})
        turn_map: dict[int, int] = {}
        for t in doc["turns"]:
            values = {k: t[k] for k in TURN_FIELDS if k in t and k not in ("parent_turn_id",)}
            if values.get("audio_path") is not None:
                values["audio_path"] = audio_paths.get(values["audio_path"], values["audio_path"])
            parent = turn_map.get(t.get("parent_turn_id"))
            turn_id = turn_map[t["id"]] = store.add_turn(new_id, parent_turn_id=parent, **values)
            if t.get("corrected_at"):
                db.table("turns").update(turn_id, {"corrected_at": t["corrected_at"]})
            db.table("ratings").insert_all(
                {"turn_id": turn_id, "dimension": r["dimension"], "score": r["score"], "rater": r["rater"],
                 "created_at": r["created_at"]} for r in t.get("ratings", ()))
        db.table("notes").insert_all(
            {"session_id": new_id, "turn_id": turn_map.get(n["turn_id"]), "author": n["author"],
             "text": n["text"], "created_at": n["created_at"]} for n in doc.get("notes", ()))
        votes = list(doc.get("votes", ()))
        for v in votes:
            check("seat", v["seat"], SEAT_IDS)
            check("vote", v["vote"], VOTES)
        db.table("votes").insert_all(
            {"session_id": new_id, "seat": v["seat"], "voter": v["voter"], "vote": v["vote"],
             "rationale": v["rationale"], "created_at": v["created_at"]} for v in votes)
        return new_id
