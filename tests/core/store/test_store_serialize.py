"""A session as a document and back: what survives the trip to another store."""

from __future__ import annotations

import pytest
from store_fixtures import T0, StepClock, record_session

from erbsim.core.store import JSON_FORMAT, StorageError, Store, session_from_dict, session_to_dict


def test_a_document_brings_back_the_session_with_its_own_times(store, tmp_path):
    sid, (t1, t2) = record_session(store, mode="panel")
    store.set_correction(t2, "Three business units adopted it; it is now the standard.")
    store.add_vote(sid, "gm", "pass", voter="Helen", rationale="clear")
    doc = session_to_dict(store.get_session(sid), store.schema_version)
    assert (doc["format"], doc["schema_version"]) == (JSON_FORMAT, store.schema_version)

    later = StepClock(T0.replace(year=2027))  # the other store's clock must not stamp anything
    with Store(tmp_path / "mentor" / "erbsim.db", clock=later) as other:
        new_id = session_from_dict(other, doc)
        original, copy = store.get_session(sid), other.get_session(new_id)
        assert copy.session.uuid == original.session.uuid
        assert copy.session.last_heartbeat == original.session.last_heartbeat
        assert [t.corrected_at for t in copy.turns] == [t.corrected_at for t in original.turns]
        assert [[(r.dimension, r.rater, r.score, r.created_at) for r in t.ratings] for t in copy.turns] == \
            [[(r.dimension, r.rater, r.score, r.created_at) for r in t.ratings] for t in original.turns]
        assert [(n.text, n.created_at) for n in copy.notes] == [(n.text, n.created_at) for n in original.notes]
        assert [(v.seat, v.vote, v.created_at) for v in copy.votes] == [("gm", "pass", original.votes[0].created_at)]
        assert copy.notes[0].turn_id == copy.turns[0].id and copy.turns[1].parent_turn_id == copy.turns[0].id


def test_a_running_session_arrives_interrupted_and_a_bad_document_leaves_nothing(store, tmp_path):
    sid = store.create_session(started_at=T0)
    turn = store.add_turn(sid, question_text="Who asked you to do this?")
    store.set_transcript(turn, "We rebuilt the routing engine", None)
    doc = session_to_dict(store.get_session(sid), store.schema_version)
    with Store(tmp_path / "mentor" / "erbsim.db") as other:
        broken = {**doc, "votes": [{"seat": "ceo", "voter": "", "vote": "pass", "rationale": "",
                                    "created_at": "2026-08-14T10:00:00.000Z"}]}
        with pytest.raises(ValueError):
            session_from_dict(other, broken)
        assert other.list_sessions() == [] and other.search("routing engine") == []
        new_id = session_from_dict(other, doc)
        assert other.summary(new_id).status == "interrupted"
        assert [h.session_id for h in other.search("routing engine")] == [new_id]
        with pytest.raises(StorageError):
            session_from_dict(other, doc)  # the same uuid twice
