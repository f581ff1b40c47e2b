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
                  app_version, last_heartbeat, board_elapsed_s, soft_limit_s,
                  board {name, seats[{seat, name, role, voice, person, ...}]} | null,
                  debrief, revealed_at, duration_s},
      "packet": {uuid, name, candidate, track, body} | null,
      "turns": [{id, position, question_id, question_text, seat, category,
                 dimension, is_follow_up, parent_turn_id, asked_at_s,
                 answer_started_s, answer_ended_s, audio_path, audio_offset_s,
                 transcript_text, words[{text,start,end,probability}] | null,
                 engine, model, corrected_text, corrected_at, example_id,
                 follow_up_signal, follow_up_reason, follow_up_evidence, origin, text,
                 ratings[{dimension, score, rater, created_at}]}],
      "events": [{turn_id, kind, at_s, text, author, created_at}],
      "notes": [{id, turn_id, author, text, created_at, at_s}],
      "votes": [{seat, voter, vote, rationale, created_at}],
      "outcome": {passes, fails, needed, seats_voted, approved}
    }

The packet the session was about travels by its uuid and body, never by its
row id (ids are local to a data folder): importing links the session to the
packet with the same uuid, or adds the packet when the folder lacks it.
Documents written before packets and events simply lack those keys; those
written before panels (schema v6) lack a session's board, debrief and
revealed_at, a turn's origin and a note's at_s, and import them as null. The
panel's keys are additions, so the format version stays 1.

Importing checks the document first (document_check.py): every value's type
and range, repeated turn positions and ids, references between turns, notes
and events, nesting depth; a document whose format_version or schema_version
is newer than this erbsim's is refused ("made by a newer erbsim"), since its
database may hold what this one cannot show. Keys it does not know are left out.

A panel session carries everything a mentor judged: the board as it ran
(session.board), every rater's scores (ratings: "self", "mentor" or a seat
id), timed notes (at_s: seconds from the session's start), flags and pauses
(events), the votes with their rationales, the outcome, and the debrief.

``text`` in a turn is what the review uses: the correction if there is one,
else the machine transcript. Times in a turn are seconds from session start;
word times are seconds into the audio file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from erbsim import __version__
from erbsim.core.store.answers import TURN_FIELDS
from erbsim.core.store.document_check import check_session_document
from erbsim.core.store.records import SessionDetail, StorageError, StoredPacket
from erbsim.core.store.values import utc_now_iso

if TYPE_CHECKING:
    from erbsim.core.store.store import Store

JSON_FORMAT = "erbsim-session"
JSON_FORMAT_VERSION = 1


def session_to_dict(detail: SessionDetail, schema_version: int, packet: StoredPacket | None = None) -> dict[str, Any]:
    """`packet`: the stored packet the session was about (its packet_id), if any."""
    session = asdict(detail.session)
    session.pop("packet_id", None)  # a local row id: the packet goes by uuid (below)
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
        "packet": ({"uuid": packet.uuid, "name": packet.name, "candidate": packet.candidate,
                    "track": packet.track, "body": packet.body} if packet is not None else None),
        "turns": turns,
        "events": [{"turn_id": ev.turn_id, "kind": ev.kind, "at_s": ev.at_s, "text": ev.text,
                    "author": ev.author, "created_at": ev.created_at} for ev in detail.events],
        "notes": [{"id": n.id, "turn_id": n.turn_id, "author": n.author, "text": n.text,
                   "created_at": n.created_at, "at_s": n.at_s} for n in detail.notes],
        "votes": [{"seat": v.seat, "voter": v.voter, "vote": v.vote, "rationale": v.rationale,
                   "created_at": v.created_at} for v in detail.votes],
        "outcome": asdict(detail.outcome),
    }


def session_from_dict(store: Store, doc: Mapping[str, Any], *,
                      audio_paths: Mapping[str, str] | Callable[[int], Mapping[str, str]] | None = None) -> int:
    """Add the session `doc` describes to `store`, in one transaction; see
    Store.import_session. The document is checked first (document_check: types,
    ranges, repeated positions, nesting, a newer version): DocumentError, and
    nothing written. Ids in the document are remapped to new ones; times
    stamped on ratings, notes, votes and corrections are kept.

    `audio_paths` maps exported audio paths to where the files are now; given
    as a function of the new session's id (called inside the transaction), an
    audio path it does not map becomes null (the file is not on this machine)."""
    from erbsim.core.store.schema import SCHEMA_VERSION

    checked = check_session_document(doc, json_format=JSON_FORMAT, json_format_version=JSON_FORMAT_VERSION,
                                     schema_version=SCHEMA_VERSION)
    s = checked["session"]
    db = store.db
    with db.atomic():
        if store.session_by_uuid(s["uuid"]) is not None:
            raise StorageError(f"session {s['uuid']} is already here")
        status = s["status"] if s["status"] != "running" else "interrupted"
        packet_id = _packet_here(store, checked["packet"])
        new_id = store.create_session(
            mode=s["mode"], track=s["track"], lang=s["lang"], budget_s=s["budget_s"], seed=s["seed"],
            banks=s["banks"], seats=s["seats"], candidate=s["candidate"], mentor=s["mentor"],
            app_version=s["app_version"], started_at=s["started_at"], ended_at=s["ended_at"],
            status=status, uuid=s["uuid"], soft_limit_s=s["soft_limit_s"], packet_id=packet_id)
        db.table("sessions").update(new_id, {"last_heartbeat": s["last_heartbeat"],
                                             "board_elapsed_s": s["board_elapsed_s"]})
        panel = {key: s[key] for key in ("board", "debrief", "revealed_at") if s[key] is not None}
        if panel:
            store.update_session(new_id, **panel)
        if callable(audio_paths):
            mapped, keep_unmapped = audio_paths(new_id), False
        else:
            mapped, keep_unmapped = audio_paths or {}, True
        turn_map: dict[int, int] = {}
        for t in checked["turns"]:
            values = {k: t[k] for k in TURN_FIELDS if k in t and k not in ("parent_turn_id",)}
            if values.get("audio_path") is not None:
                values["audio_path"] = mapped.get(values["audio_path"],
                                                  values["audio_path"] if keep_unmapped else None)
            parent = turn_map.get(t["parent_turn_id"]) if t["parent_turn_id"] is not None else None
            turn_id = turn_map[t["id"]] = store.add_turn(new_id, parent_turn_id=parent, **values)
            if t["corrected_at"]:
                db.table("turns").update(turn_id, {"corrected_at": t["corrected_at"]})
            db.table("ratings").insert_all(
                {"turn_id": turn_id, "dimension": r["dimension"], "score": r["score"], "rater": r["rater"],
                 "created_at": r["created_at"]} for r in t["ratings"])
        db.table("turn_events").insert_all(
            {"session_id": new_id, "turn_id": turn_map.get(ev["turn_id"]) if ev["turn_id"] is not None else None,
             "kind": ev["kind"], "at_s": ev["at_s"], "text": ev["text"] or "", "author": ev["author"] or "board",
             "created_at": ev["created_at"] or utc_now_iso()} for ev in checked["events"])
        db.table("notes").insert_all(
            {"session_id": new_id, "turn_id": turn_map.get(n["turn_id"]) if n["turn_id"] is not None else None,
             "author": n["author"], "text": n["text"], "created_at": n["created_at"], "at_s": n["at_s"]}
            for n in checked["notes"])
        db.table("votes").insert_all(
            {"session_id": new_id, **v} for v in checked["votes"])
        return new_id


def packet_of(store: Store, detail: SessionDetail) -> StoredPacket | None:
    """The stored packet a session was about, or None (none chosen, or deleted since)."""
    packet_id = detail.session.packet_id
    if packet_id is None:
        return None
    try:
        return store.get_packet(packet_id)
    except KeyError:  # PacketNotFound
        return None


def _packet_here(store: Store, packet: Mapping[str, Any] | None) -> int | None:
    """The id of the document's packet in this store (by uuid), adding it when absent."""
    if not isinstance(packet, Mapping) or not packet.get("uuid"):
        return None
    row = store.db.execute("SELECT id FROM packets WHERE uuid = ?", [str(packet["uuid"])]).fetchone()
    if row is not None:
        return int(row[0])
    body = dict(packet.get("body") or {})
    body.setdefault("name", packet.get("name") or "Imported packet")
    body.setdefault("candidate", packet.get("candidate") or "")
    body.setdefault("track", packet.get("track") or "staff")
    body["uuid"] = str(packet["uuid"])
    return store.save_packet(body)
