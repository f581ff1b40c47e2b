"""Delivery analytics on hand-built word lists."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from erbsim.core.analytics import Word, analyze_text, analyze_words, find_fillers


def timed(spec: str, start: float = 0.0, word_s: float = 0.3, gap_s: float = 0.1):
    """'a b | c' -> words 0.3 s long, 0.1 s apart; '|' is a 3 s silence, '||' 6 s."""
    words, t = [], start
    for tok in spec.split():
        if set(tok) == {"|"}:
            t += 3.0 * len(tok)
            continue
        words.append({"text": tok, "start": round(t, 3), "end": round(t + word_s, 3)})
        t += word_s + gap_s
    return words


def fillers(text: str) -> list[str]:
    return [h.filler for h in find_fillers(text.split())]


# -- fillers

def test_simple_fillers_and_phrases():
    assert fillers("um so uh I mean we kind of er you know shipped it ah") == \
        ["um", "uh", "i mean", "kind of", "er", "you know", "ah"]
    assert fillers("so basically we rebuilt it") == ["so basically"]


@pytest.mark.parametrize("text", [
    "I like this approach", "they would like a discount", "users like the new feed",
    "it looks like a risk", "tools like DingTalk", "something like twenty percent",
    "we don't like it", "she felt like it mattered",
])
def test_like_as_verb_or_preposition_is_not_a_filler(text):
    assert fillers(text) == []


@pytest.mark.parametrize("text", [
    "and like we shipped it", "it was, like, huge", "like the team was tired", "so like nobody cared",
])
def test_like_as_filler(text):
    assert fillers(text) == ["like"]


def test_kind_of_and_you_know_real_uses():
    assert fillers("a kind of framework") == []
    assert fillers("this sort of problem") == []
    assert fillers("do you know the answer") == []
    assert fillers("you know how pricing works") == []
    assert fillers("what I mean is simple") == []


def test_like_between_hesitations_with_timings():
    words = [{"text": "pricing", "start": 0, "end": 0.2}, {"text": "like", "start": 0.8, "end": 1.0},
             {"text": "rebuilt", "start": 1.1, "end": 1.5}]
    assert analyze_words(words).filler_counts == {"like": 1}
    words[1] = {"text": "like", "start": 0.25, "end": 0.45}  # no hesitation: a real use
    words[2] = {"text": "rebuilt", "start": 0.5, "end": 0.9}
    assert analyze_words(words).filler_counts == {}


# -- pauses, stretches, rates

def test_pauses_over_two_seconds_are_listed_with_times():
    words = timed("I saw the risk | and nobody asked me || so I built it")
    stats = analyze_words(words)
    assert [(p.after_word, p.duration) for p in stats.pauses] == [(3, 3.1), (7, 6.1)]
    first = stats.pauses[0]
    assert first.start == words[3]["end"] and first.end == words[4]["start"]
    assert stats.total_pause_s == pytest.approx(9.2)


def test_pause_of_exactly_two_seconds_is_not_counted():
    words = [{"text": "a", "start": 0, "end": 1}, {"text": "b", "start": 3, "end": 4}]
    assert analyze_words(words).pauses == []
    words[1] = {"text": "b", "start": 3.01, "end": 4}
    assert len(analyze_words(words).pauses) == 1


def test_longest_stretch_without_a_pause():
    words = timed("one two | three four five six seven | eight")
    st_ = analyze_words(words).longest_stretch
    assert (st_.first_word, st_.last_word, st_.word_count) == (2, 6, 5)
    assert st_.duration == pytest.approx(5 * 0.3 + 4 * 0.1)


def test_words_per_minute_and_over_soft_limit():
    words = [{"text": f"w{i}", "start": i * 0.4, "end": i * 0.4 + 0.3} for i in range(150)]
    stats = analyze_words(words, duration=75.0, soft_limit=60.0)
    assert stats.words_per_minute == 120.0
    assert stats.over_limit is True and stats.over_limit_s == 15.0
    within = analyze_words(words, duration=60.0, soft_limit=90.0)
    assert within.over_limit is False and within.over_limit_s == 0.0


def test_filler_rates_and_times():
    words = timed("um we rebuilt it uh and you know it worked")
    stats = analyze_words(words, duration=30.0)
    assert stats.filler_count == 3
    assert stats.filler_counts == {"uh": 1, "um": 1, "you know": 1}
    assert stats.fillers_per_minute == 6.0
    assert stats.fillers_per_100_words == pytest.approx(100 * 3 / 10, abs=0.01)
    you_know = [h for h in stats.fillers if h.filler == "you know"][0]
    assert you_know.start == words[6]["start"] and you_know.end == words[7]["end"]


def test_leading_and_trailing_silence_count_as_pauses():
    words = timed("hello there", start=2.5)
    stats = analyze_words(words, duration=10.0)
    assert stats.pauses[0].after_word == -1 and stats.pauses[0].duration == 2.5
    assert stats.pauses[-1].after_word == 1
    assert stats.speaking_words_per_minute > stats.words_per_minute


def test_duration_defaults_to_last_word():
    stats = analyze_words(timed("a b c"))
    assert stats.duration_s == pytest.approx(1.1)
    assert stats.over_limit is None


def test_no_words():
    stats = analyze_words([], duration=5.0, soft_limit=3.0)
    assert stats.word_count == 0 and stats.over_limit_s == 2.0
    assert stats.pauses[0].duration == 5.0
    json.dumps(stats.to_dict())


def test_accepts_word_objects_and_unsorted_input():
    words = [Word("b", 1.0, 1.2), Word("a", 0.0, 0.2)]
    assert analyze_words(words).word_count == 2


def test_to_dict_is_json():
    stats = analyze_words(timed("um I | like, decided"), duration=8, soft_limit=5)
    data = json.loads(json.dumps(stats.to_dict()))
    assert data["timings"] is True and data["pauses"][0]["duration"] == pytest.approx(3.1)
    assert data["longest_stretch"]["word_count"] >= 1


# -- text only

def test_text_only_computes_what_it_can():
    stats = analyze_text("Um so basically, like, I decided to stop, you know, the old plan.")
    assert stats.timings is False
    assert stats.filler_counts == {"like": 1, "so basically": 1, "um": 1, "you know": 1}
    assert stats.words_per_minute is None and stats.pauses is None and stats.longest_stretch is None
    with_duration = analyze_text("one two three four five six", duration=3.0, soft_limit=2.0)
    assert with_duration.words_per_minute == 120.0 and with_duration.over_limit_s == 1.0
    json.dumps(stats.to_dict())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=8), st.floats(0, 100), st.floats(0, 5)), max_size=40),
       st.one_of(st.none(), st.floats(0.1, 200)), st.one_of(st.none(), st.floats(1, 200)))
def test_arbitrary_words_never_crash(items, duration, soft):
    words = [{"text": t, "start": s, "end": s + d} for t, s, d in items]
    stats = analyze_words(words, duration=duration, soft_limit=soft)
    json.dumps(stats.to_dict())
    assert stats.filler_count == sum(stats.filler_counts.values())
