"""Reading back: a whole session, the sessions list, questions across sessions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from store_fixtures import ANSWER, T0, record_session, words_for


def test_round_trip_of_a_whole_session(store):
    sid, (t1, t2) = record_session(store, mode="panel")
    store.set_correction(t2, "Three business units adopted it; it is now the standard.")
    for seat, vote in zip(("cpo", "peer_exec", "tech_fellow", "gm", "talent_lead"),
                          ("pass", "pass", "fail", "pass", "pass"), strict=True):
        store.add_vote(sid, seat, vote, voter="Helen", rationale=f"{seat} rationale")

    detail = store.get_session(sid)
    s = detail.session
    assert (s.mode, s.track, s.seed, s.banks, s.candidate, s.mentor, s.status) == (
        "panel", "staff", 7, ["default"], "Mei", "Helen", "finished")
    assert s.started_at == "2026-08-14T09:30:00.000Z"
    assert s.ended_at == "2026-08-14T10:10:00.000Z"
    assert len(s.seats) == 5
    first, second = detail.turns
    assert (first.id, first.position, first.seat, first.question_id, first.is_follow_up) == (
        t1, 1, "cpo", "strategy-001", False)
    assert (second.position, second.is_follow_up, second.parent_turn_id, second.audio_offset_s) == (
        2, True, t1, 98.0)
    assert first.transcript_text == ANSWER and first.words == words_for(ANSWER)
    assert (first.engine, first.model, first.answer_duration_s) == ("faster-whisper", "small.en", 90.0)
    assert first.corrected_text is None and first.text == ANSWER
    assert second.transcript_text.startswith("Three business units adopted it and")  # machine text kept
    assert second.text == "Three business units adopted it; it is now the standard." and second.corrected_at
    assert {(r.dimension, r.score, r.rater) for r in first.ratings} == {
        ("strategic_autonomy", 4, "self"), ("cross_bu_impact", 2, "self"), ("strategic_autonomy", 5, "Helen")}
    assert [n.text for n in detail.notes] == ["Name the pilot business unit next time",
                                              "Overall too much execution language"]
    assert detail.notes[0].turn_id == t1 and detail.notes[1].turn_id is None
    assert [v.seat for v in detail.votes] == ["cpo", "peer_exec", "tech_fellow", "gm", "talent_lead"]
    assert detail.outcome.passes == 4 and detail.outcome.approved is True
    summary = detail.summary
    assert summary.duration_s == pytest.approx(2400, abs=0.01)
    assert (summary.question_count, summary.follow_up_count) == (2, 1)
    assert summary.avg_self == pytest.approx(3.0) and summary.avg_mentor == pytest.approx(5.0)

    store.set_correction(t2, None)
    assert store.get_turn(t2).corrected_text is None and store.get_turn(t2).corrected_at is None


# ---------------------------------------------------------------- listing


def test_list_sessions_order_filters_and_aggregates(store):
    a, _ = record_session(store, track="staff", started_at=T0, minutes=30)
    b, _ = record_session(store, track="principal", mode="panel", started_at=T0 + timedelta(days=1), minutes=45)
    c = store.create_session(track="staff", started_at=T0 + timedelta(days=2))
    rows = store.list_sessions()
    assert [r.id for r in rows] == [c, b, a]
    assert rows[0].question_count == 0 and rows[0].avg_self is None and rows[0].status == "running"
    assert rows[1].avg_mentor == pytest.approx(5.0) and rows[2].avg_mentor is None
    assert rows[2].duration_s == pytest.approx(1800, abs=0.01)
    assert [r.id for r in store.list_sessions(order="oldest")] == [a, b, c]
    assert [r.id for r in store.list_sessions(order="longest")][:2] == [b, a]
    assert [r.id for r in store.list_sessions(track="principal")] == [b]
    assert [r.id for r in store.list_sessions(mode="solo", status="finished")] == [a]
    assert [r.id for r in store.list_sessions(limit=1, offset=1)] == [b]
    assert [r.id for r in store.list_sessions(since=T0 + timedelta(hours=12))] == [c, b]
    assert store.count_sessions(track="staff") == 2
    with pytest.raises(ValueError):
        store.list_sessions(order="id; DROP TABLE sessions")


def test_empty_database_lists_nothing(store):
    assert store.list_sessions() == []
    assert store.search("anything") == []
    assert store.question_scores() == {}
    assert store.attempts_for_question("strategy-001") == []


def test_attempts_and_question_scores(store):
    first, _ = record_session(store, started_at=T0)
    second, _ = record_session(store, started_at=T0 + timedelta(days=7), answer="A shorter second attempt")
    attempts = store.attempts_for_question("strategy-001")
    assert [(a.session_id, a.turn.text) for a in attempts] == [(first, ANSWER), (second, "A shorter second attempt")]
    assert attempts[0].started_at < attempts[1].started_at and attempts[0].turn.ratings
    scores = store.question_scores()
    assert scores["strategy-001"] == pytest.approx(3.0)  # (4 + 2) per session, both sessions
    assert scores["replication-002"] == pytest.approx(3.0)
    store.rate(attempts[1].turn.id, "cross_bu_impact", 1)
    assert store.question_scores()["strategy-001"] == pytest.approx((4 + 2 + 4 + 1) / 4)


def test_attempt_counts_are_answers_per_question_across_sessions(store):
    record_session(store, started_at=T0)
    record_session(store, started_at=T0 + timedelta(days=7))
    sid = store.create_session()
    store.add_turn(sid, question_text="Asked but never answered", question_id="strategy-001")
    corrected = store.add_turn(sid, question_text="Answered by hand only", question_id="talent-004")
    store.set_correction(corrected, "Typed in afterwards")
    assert store.attempt_counts(["strategy-001", "replication-002", "talent-004", "never-asked"]) == {
        "strategy-001": 2, "replication-002": 2, "talent-004": 1}
    assert store.attempt_counts(iter(["replication-002", "replication-002"])) == {"replication-002": 2}
    assert store.attempt_counts([]) == {}
    many = [f"q-{i}" for i in range(40_000)] + ["strategy-001"]  # more than SQLite takes as parameters
    assert store.attempt_counts(many) == {"strategy-001": 2}


def test_answered_questions_most_attempted_first_with_the_latest_wording(store):
    record_session(store, started_at=T0)
    record_session(store, started_at=T0 + timedelta(days=7), question_id="tradeoff-003")
    sid = store.create_session()
    turn = store.add_turn(sid, question_text="What did you give up, and who paid?", question_id="tradeoff-003")
    store.set_transcript(turn, "We dropped the dashboard work", None)
    store.add_turn(sid, question_text="Unanswered", question_id="talent-004")
    rows = store.answered_questions()
    assert [(q.question_id, q.attempts, q.sessions) for q in rows] == [
        ("replication-002", 2, 2), ("tradeoff-003", 2, 2), ("strategy-001", 1, 1)]
    assert rows[1].question_text == "What did you give up, and who paid?"
    assert [q.question_id for q in store.answered_questions(minimum=2)] == ["replication-002", "tradeoff-003"]


def test_session_by_uuid(store):
    sid, _ = record_session(store)
    uuid = store.get_session(sid).session.uuid
    found = store.session_by_uuid(uuid)
    assert (found.id, found.uuid, found.candidate, found.banks) == (sid, uuid, "Mei", ["default"])
    assert store.session_by_uuid("00000000-0000-0000-0000-000000000000") is None


def test_corpus_stats(store):
    assert (store.corpus_stats().sessions, store.corpus_stats().turns) == (0, 0)
    assert store.corpus_stats().words_per_answer is None
    record_session(store)
    record_session(store, answer="A much shorter answer")
    stats = store.corpus_stats()
    assert (stats.sessions, stats.turns) == (2, 4)
    second_answer = len("Three business units adopted it and it is now the standard".split())
    assert stats.words_per_answer == pytest.approx((len(ANSWER.split()) + 4 + 2 * second_answer) / 4)
