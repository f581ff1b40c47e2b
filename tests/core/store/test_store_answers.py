"""Turns, ratings, notes and votes: what is accepted and what is refused."""

from __future__ import annotations

import pytest
from store_fixtures import record_session

from erbsim.core.store import SessionNotFound, TurnNotFound, tally_votes


def test_rating_again_replaces_and_bad_scores_are_refused(store):
    sid, (t1, _) = record_session(store)
    store.rate(t1, "strategic_autonomy", 1)
    assert [r.score for r in store.get_turn(t1).ratings if r.dimension == "strategic_autonomy"] == [1]
    for bad in (0, 6, 2.5, True, "3"):
        with pytest.raises(ValueError):
            store.rate(t1, "strategic_autonomy", bad)
    with pytest.raises(TurnNotFound):
        store.rate(9999, "strategic_autonomy", 3)
    store.unrate(t1, "strategic_autonomy")
    assert "strategic_autonomy" not in {r.dimension for r in store.get_turn(t1).ratings}


def test_votes_replace_per_seat_and_are_validated(store):
    sid, _ = record_session(store)
    store.add_vote(sid, "gm", "fail")
    store.add_vote(sid, "gm", "pass", voter="Rita", rationale="convinced by the adoption numbers")
    votes = store.get_session(sid).votes
    assert [(v.seat, v.vote, v.voter) for v in votes] == [("gm", "pass", "Rita")]
    with pytest.raises(ValueError):
        store.add_vote(sid, "ceo", "pass")
    with pytest.raises(ValueError):
        store.add_vote(sid, "gm", "maybe")
    assert tally_votes(votes).approved is None


def test_validation_and_unknown_ids(store):
    with pytest.raises(ValueError):
        store.create_session(mode="duo")
    with pytest.raises(ValueError):
        store.create_session(track="manager")
    sid = store.create_session()
    with pytest.raises(ValueError):
        store.update_turn(store.add_turn(sid, question_text="q"), colour="red")
    with pytest.raises(SessionNotFound):
        store.add_turn(12345, question_text="q")
    with pytest.raises(SessionNotFound):
        store.get_session(12345)
    with pytest.raises(TurnNotFound):
        store.update_turn(12345, answer_ended_s=1.0)
    other = store.create_session()
    foreign_turn = store.add_turn(other, question_text="q")
    with pytest.raises(ValueError):
        store.add_note(sid, "wrong session", turn_id=foreign_turn)


def test_set_audio_paths_moves_known_files_and_clears_the_rest(store):
    sid, (t1, t2) = record_session(store)
    old = store.get_turn(t1).audio_path
    moved = store.add_turn(sid, question_text="A third answer", audio_path="recordings/elsewhere/b.flac")
    silent = store.add_turn(sid, question_text="Never answered")
    other, (other_turn, _) = record_session(store)
    store.set_audio_paths(sid, {old: "recordings/9/answers.wav"})
    assert [store.get_turn(t).audio_path for t in (t1, t2, moved, silent)] == [
        "recordings/9/answers.wav", "recordings/9/answers.wav", None, None]
    assert store.get_turn(other_turn).audio_path == old.replace(f"/{sid}/", f"/{other}/")  # other sessions stay
    with pytest.raises(SessionNotFound):
        store.set_audio_paths(12345, {})
