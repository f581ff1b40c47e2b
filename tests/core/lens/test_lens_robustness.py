"""ERB lens robustness: any string is read without crashing, and quickly."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from erbsim.core.lens import SIGNALS, analyze, feedback

OWN = Path(__file__).parents[1] / "lens_cases.yaml"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_crashes(text):
    result = analyze(text)
    feedback(result)
    json.dumps(result.to_dict())
    for sig in result.signals.values():
        for ev in sig.evidence:
            assert text[ev.trigger_start:ev.trigger_end] == ev.trigger


_WORDS = ["I", "we", "nobody", "asked", "me", "GM", "launched", "eighteen", "percent", "three", "business",
          "units", "adopted", "it", "and", "then", "months", "before", "standard", "said", "um", "like",
          "framework", "Taobao", "Tmall", ",", ".", "not", "told", "to", "from", "twenty", "point", "a", "half"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=60))
def test_word_salad_never_crashes(words):
    text = " ".join(words)
    result = analyze(text)
    assert set(result.present()) <= set(SIGNALS)
    feedback(result)


@pytest.mark.parametrize("text", ["she said we should do it", "They said we should move first."])
def test_a_pronoun_saying_we_should_is_read_not_raised(text):
    # these used to raise IndexError: the "said we should" pattern has no verb group
    assert not analyze(text).has("mandate")


@pytest.mark.parametrize("text", [", " * 3000, "one two three " * 1000, "and then, " * 2000, "I was " * 2000,
                                  "my " * 2000 + "gm asked me"])
def test_pathological_input_stays_fast(text):
    t0 = time.perf_counter()
    analyze(text)
    assert time.perf_counter() - t0 < 2.0


def test_long_session_transcript_is_fast():
    cases = yaml.safe_load(OWN.read_text(encoding="utf-8"))["cases"]
    text = " ".join(c["text"] for c in cases) * 8  # ~5,000 words
    t0 = time.perf_counter()
    result = analyze(text)
    assert time.perf_counter() - t0 < 3.0
    # every signal but execution language, which any decision in the answer clears
    assert result.present() == [s for s in SIGNALS if s != "execution_language"]
