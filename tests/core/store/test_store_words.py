"""Word timings: their stored form, and the time of a place in the text."""

from __future__ import annotations

from erbsim.core.store import decode_words, encode_words, time_of_offset


def test_word_timings_are_stored_compactly_and_read_back_as_dicts():
    words = [{"text": " Eight", "start": 1.23456, "end": 1.5, "probability": 0.98765},
             {"text": " months", "start": 1.5, "end": None}]
    stored = encode_words(words)
    assert stored == '[[" Eight",1.235,1.5,0.988],[" months",1.5,null,null]]'
    assert decode_words(stored) == [{"text": " Eight", "start": 1.235, "end": 1.5, "probability": 0.988},
                                    {"text": " months", "start": 1.5, "end": None, "probability": None}]
    assert decode_words('[{"text": "old", "start": 0.1}]') == [{"text": "old", "start": 0.1}]
    assert decode_words(None) is None


def test_time_of_an_offset_is_the_start_of_the_word_there_or_the_next():
    text = "We shipped the routing API"
    words = [{"text": " We", "start": 0.5}, {"text": " shipped", "start": 0.9},
             {"text": " the", "start": 1.4}, {"text": " routing", "start": 1.6}, {"text": " API", "start": 2.2}]
    assert time_of_offset(text, words, text.index("routing") + 2) == 1.6
    assert time_of_offset(text, words, text.index(" the")) == 1.4  # the space before a word: that word
    assert time_of_offset(text, json_rows(words), text.index("API")) == 2.2  # stored rows work too
    assert time_of_offset(text, words, len(text)) is None
    assert time_of_offset(text, None, 0) is None


def json_rows(words):
    import json
    return json.loads(encode_words(words))
