"""One filler table: the lens, the delivery analytics and the transcriber agree on it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from erbsim.core.analytics import find_fillers
from erbsim.core.fillers import FILLER_KINDS, HESITATIONS, hesitation_kind
from erbsim.core.lens.cleaning import clean
from erbsim.speech.transcription import FILLER_PROMPT, FILLERS, canonical_filler, plain_words

SPELLINGS = {
    "um": ["um", "umm", "ummmm", "uhm"],
    "uh": ["uh", "uhh", "eh"],
    "er": ["er", "err", "erm", "errm"],
    "ah": ["ah", "ahh", "aah"],
    "hmm": ["hm", "hmm", "hmmm", "mm", "mmm", "mhm"],
}


def _analytics_kind(word: str) -> str | None:
    """The filler the analytics count for `word` said on its own, or None."""
    hits = find_fillers([word])
    return hits[0].filler if hits else None


def _lens_blanks(word: str) -> bool:
    text = f"we {word} built it"
    return clean(text) == "we " + " " * len(word) + " built it"


def test_the_table_names_every_spelling():
    assert set(SPELLINGS) == HESITATIONS
    assert FILLERS == HESITATIONS
    assert HESITATIONS <= FILLER_KINDS


@pytest.mark.parametrize("kind,word", [(k, w) for k, ws in SPELLINGS.items() for w in ws])
def test_each_spelling_is_the_same_filler_everywhere(kind, word):
    assert hesitation_kind(word) == kind
    assert _analytics_kind(word) == kind
    assert _lens_blanks(word)
    assert canonical_filler(word) == kind


def test_erm_is_the_same_filler_everywhere():
    assert _analytics_kind("erm") == "er"
    assert _analytics_kind("Erm,") == "er"
    assert _lens_blanks("erm")
    assert clean("Erm, we built it") == "   , we built it"
    assert canonical_filler("Erm,") == "er"
    assert "er" in FILLERS


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="uhmeraoy", min_size=1, max_size=6))
def test_a_word_is_a_filler_for_all_three_or_for_none(word):
    kind = hesitation_kind(word)
    assert _analytics_kind(word) == kind
    assert _lens_blanks(word) == (kind is not None)
    assert (canonical_filler(word) in FILLERS) == (kind is not None)


@pytest.mark.parametrize("word", ["hum", "ermine", "ahead", "them", "mom", "oh", "yeah"])
def test_real_words_are_not_fillers_anywhere(word):
    assert hesitation_kind(word) is None
    assert _analytics_kind(word) is None
    assert not _lens_blanks(word)
    assert canonical_filler(word) not in FILLERS


def test_you_know_set_off_by_commas_is_a_filler_for_the_lens_and_the_analytics():
    text = "it was, you know, fine"
    assert [h.filler for h in find_fillers(text.split())] == ["you know"]
    assert clean(text) == "it was,           fine"


def test_every_kind_the_analytics_count_is_in_the_table():
    text = "like um uh er ah hmm we, you know, shipped it and I mean so basically it was kind of sort of fine"
    assert {h.filler for h in find_fillers(text.split())} == FILLER_KINDS


def test_like_after_any_hesitation_is_a_filler():
    for spellings in SPELLINGS.values():
        for word in spellings:
            assert [h.filler for h in find_fillers([word, "like", "we", "shipped"])][1:] == ["like"], word


def test_the_whisper_prompt_is_primed_with_fillers_of_the_table():
    fillers = [canonical_filler(w) for w in plain_words(FILLER_PROMPT) if canonical_filler(w) in FILLERS]
    assert fillers == ["um", "uh"]
