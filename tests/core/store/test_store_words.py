"""Word timings: their stored form."""

from __future__ import annotations

from erbsim.core.store import decode_words, encode_words


def test_word_timings_are_stored_compactly_and_read_back_as_dicts():
    words = [{"text": " Eight", "start": 1.23456, "end": 1.5, "probability": 0.98765},
             {"text": " months", "start": 1.5, "end": None}]
    stored = encode_words(words)
    assert stored == '[[" Eight",1.235,1.5,0.988],[" months",1.5,null,null]]'
    assert decode_words(stored) == [{"text": " Eight", "start": 1.235, "end": 1.5, "probability": 0.988},
                                    {"text": " months", "start": 1.5, "end": None, "probability": None}]
    assert decode_words('[{"text": "old", "start": 0.1}]') == [{"text": "old", "start": 0.1}]
    assert decode_words(None) is None

