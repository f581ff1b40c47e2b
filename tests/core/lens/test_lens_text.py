"""ERB lens text handling: cleaning, sentences, numbers and negation on spoken text."""

from __future__ import annotations

import pytest

from erbsim.core.lens import analyze, find_numbers, split_sentences
from erbsim.core.lens.cleaning import clean
from erbsim.core.lens.negation import negated_before

# -- cleaning


def test_cleaning_keeps_the_length_and_blanks_fillers_and_stutters():
    text = "Um, so I I built it, you know, before erm anyone asked."
    cleaned = clean(text)
    assert len(cleaned) == len(text)
    assert cleaned == "  , so i   built it,           before     anyone asked."


def test_cleaning_keeps_repeats_that_can_be_grammatical():
    assert clean("he said that that was fine").split() == ["he", "said", "that", "that", "was", "fine"]


def test_fillers_do_not_hide_signals():
    text = "um so uh nobody, you know, nobody asked me and I I built it myself"
    assert analyze(text).has("autonomy")


# -- sentences

def test_split_run_on_and_then_chain():
    text = ("so I saw it coming and then I built a prototype and then two teams tried it and then "
            "it became the default")
    parts = [s.text for s in split_sentences(text)]
    assert parts == ["so I saw it coming", "and then I built a prototype", "and then two teams tried it",
                     "and then it became the default"]


def test_split_keeps_dotted_names_and_decimals():
    parts = [s.text for s in split_sentences("We piloted it with Ele.me first. Latency fell to 2.5 seconds.")]
    assert parts == ["We piloted it with Ele.me first.", "Latency fell to 2.5 seconds."]


def test_split_long_run_on_without_punctuation():
    run_on = ["we worked on the ranking model for the whole home feed of the app"] * 3
    text = " ".join(run_on + ["and I decided to stop"])
    assert len(split_sentences(text)) >= 2


# -- numbers

@pytest.mark.parametrize("text,value", [
    ("eighteen", 18), ("twenty two", 22), ("twenty-two", 22), ("one hundred and twenty", 120),
    ("two point one", 2.1), ("four and a half", 4.5), ("three million", 3_000_000), ("1,200", 1200),
    ("40k", 40_000), ("3.5", 3.5), ("two hundred thousand", 200_000),
])
def test_numbers_in_words_and_digits(text, value):
    (num,) = find_numbers(text)
    assert num.value == pytest.approx(value)


def test_labels_are_not_numbers_and_commas_end_numbers():
    assert find_numbers("q4 p99 fy24") == []
    assert [n.value for n in find_numbers("twenty, two")] == [20, 2]


# -- negation

def test_negation_is_looked_for_in_the_same_clause_only():
    text = "nobody used it at first but then three teams adopted it"
    assert negated_before(text, text.index("used"), 0)
    assert not negated_before(text, text.index("adopted"), 0)


def test_negation_look_back_is_bounded_by_the_window_and_the_sentence():
    text = "it was not ready. the gm asked me"
    at = text.index("asked")
    assert negated_before(text, at, 0, window=40)
    assert not negated_before(text, at, text.index("the gm"), window=40)
    assert not negated_before(text, at, 0, window=10)
