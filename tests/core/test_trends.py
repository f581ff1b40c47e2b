"""Trends over sessions, per-answer review and attempts, on a real SQLite store."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from erbsim.core.store import Store
from erbsim.core.trends import (
    answer_stats,
    compute_trends,
    load_trends,
    questions_with_attempts,
    review_answer,
    timed_words,
)

T0 = datetime(2026, 8, 1, 9, 0, tzinfo=timezone.utc)
STRONG = ("Eight months before the new data personalisation rules took effect I saw the risk and built a "
          "privacy first recommendation layer on my own initiative. Three business units adopted it, "
          "and it is now the standard for personalisation after consent.")
WEAK = "Um, so I, um, launched the new recommendation engine and, uh, we shipped twelve features."


def words_for(text: str, start: float = 0.0, step: float = 0.5, gap_after: int | None = None) -> list[dict]:
    out, t = [], start
    for i, w in enumerate(text.split()):
        out.append({"text": " " + w, "start": round(t, 3), "end": round(t + 0.4, 3), "probability": 0.9})
        t += step + (3.0 if gap_after is not None and i == gap_after else 0.0)
    return out


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "erbsim.db") as s:
        yield s


def add_session(store, day: int, answers: list[str], *, scores=None, mentor=None, track="staff"):
    sid = store.create_session(track=track, started_at=T0 + timedelta(days=day), status="finished",
                               ended_at=T0 + timedelta(days=day, minutes=40))
    turns = []
    for i, text in enumerate(answers):
        words = words_for(text)
        tid = store.add_turn(sid, question_text=f"Question {i}", question_id=f"q-{i}", seat="cpo",
                             answer_started_s=10.0 * i, answer_ended_s=10.0 * i + words[-1]["end"])
        store.set_transcript(tid, text, words)
        if scores:
            store.rate(tid, "strategic_autonomy", scores[i])
        if mentor:
            store.rate(tid, "strategic_autonomy", mentor[i], rater="Helen")
        turns.append(tid)
    return sid, turns


def test_trends_one_point_per_session_oldest_first(store):
    later, _ = add_session(store, 2, [STRONG, STRONG], scores=[4, 5], mentor=[3, 3])
    earlier, _ = add_session(store, 1, [WEAK, WEAK], scores=[2, 2])
    trends = load_trends(store)
    assert [p.session_id for p in trends.points] == [earlier, later]
    first, second = trends.points
    assert first.fillers_per_minute > 0 and second.fillers_per_minute == 0
    assert first.self_scores == {"strategic_autonomy": 2.0}
    assert second.self_scores == {"strategic_autonomy": 4.5}
    assert second.mentor_scores == {"strategic_autonomy": 3.0} and first.mentor_scores == {}
    assert second.signals["cross_bu_adoption"] == 1.0 and first.signals["cross_bu_adoption"] == 0.0
    assert first.signals["execution_language"] == 1.0
    # every answer here is spoken at two words a second (step 0.5 s)
    n_words = len(STRONG.split())
    assert second.words_per_minute == pytest.approx(n_words * 60 / (n_words * 0.5 - 0.1), rel=0.01)
    assert trends.series("self:strategic_autonomy") == [(0, 2.0), (1, 4.5)]
    assert trends.series("mentor:strategic_autonomy") == [(1, 3.0)]
    assert trends.to_dict()["points"][0]["session_id"] == earlier


def test_trends_skip_running_and_unanswered_sessions(store):
    store.create_session()  # running, nothing said
    silent = store.create_session(status="finished", started_at=T0)
    store.add_turn(silent, question_text="Asked, not answered")
    assert load_trends(store).points == ()


def test_trends_limit_keeps_the_newest(store):
    ids = [add_session(store, day, [STRONG])[0] for day in range(5)]
    assert [p.session_id for p in load_trends(store, limit=2).points] == ids[-2:]


def test_correction_changes_analytics_and_lens_but_not_pauses(store):
    sid = store.create_session(status="finished", started_at=T0)
    words = words_for(WEAK, gap_after=5)
    tid = store.add_turn(sid, question_text="Q", answer_started_s=0.0, answer_ended_s=words[-1]["end"])
    store.set_transcript(tid, WEAK, words)
    before = review_answer(store.get_turn(tid))
    assert before.stats.filler_count >= 3 and "execution_language" in before.signals
    assert len(before.stats.pauses) == 1 and not before.corrected
    store.set_correction(tid, STRONG)
    after = review_answer(store.get_turn(tid))
    assert after.corrected and after.text == STRONG
    assert after.stats.filler_count == 0
    assert after.stats.word_count == len(STRONG.split())
    assert "cross_bu_adoption" in after.signals and "execution_language" not in after.signals
    assert after.stats.pauses == before.stats.pauses  # the audio did not change
    assert after.stats.words_per_minute > before.stats.words_per_minute


def test_timed_words_are_relative_to_the_answer_start(store):
    sid = store.create_session()
    tid = store.add_turn(sid, question_text="Q", audio_offset_s=30.0)
    store.set_transcript(tid, "I saw it", [{"text": " I", "start": 30.5, "end": 30.7},
                                           {"text": " saw", "start": 30.8, "end": 31.0},
                                           {"text": " it", "start": None, "end": None}])
    assert timed_words(store.get_turn(tid)) == [{"text": "I", "start": 0.5, "end": pytest.approx(0.7)},
                                                {"text": "saw", "start": pytest.approx(0.8), "end": 1.0}]
    assert answer_stats(store.get_turn(tid)).word_count == 2


def test_text_only_answer_has_no_timing_facts(store):
    sid = store.create_session()
    tid = store.add_turn(sid, question_text="Q", answer_started_s=0.0, answer_ended_s=60.0)
    store.set_transcript(tid, "typed answer with ten words in it for the test", None, engine="typed")
    stats = answer_stats(store.get_turn(tid), soft_limit_s=30)
    assert stats.words_per_minute == 10.0 and stats.pauses is None and stats.over_limit


def test_questions_with_attempts(store):
    add_session(store, 1, [WEAK, STRONG])
    add_session(store, 2, [STRONG])
    rows = questions_with_attempts(store)
    assert [(r.question_id, r.attempts, r.sessions) for r in rows] == [("q-0", 2, 2), ("q-1", 1, 1)]
    assert questions_with_attempts(store, minimum=2)[0].question_text == "Question 0"


def test_compute_trends_on_details_directly(store):
    sid, _ = add_session(store, 1, [STRONG])
    trends = compute_trends([store.get_session(sid)])
    assert trends.points[0].answers == 1 and trends.points[0].answer_words == len(STRONG.split())
