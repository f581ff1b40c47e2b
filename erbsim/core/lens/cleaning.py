"""Cleaning a transcript for the rules: fillers blanked, stutters reduced, lower case.

The cleaned copy has exactly the length of the original, so a match found in
it is also a span of the original text, and evidence quotes what was said.
"""

from __future__ import annotations

import re

from erbsim.core.fillers import HESITATION_RX

__all__ = ["clean"]

# "you know" is blanked only when set off by commas: ", you know,". Elsewhere
# it may be meant ("you know the Tmall team"), and the rules must not lose it.
_YOU_KNOW_RX = re.compile(r"(?:(?<=[,.])|^)\s*you know\s*,", re.I)
_STUTTER_RX = re.compile(r"\b([a-z']+)((?:[\s,]+\1\b)+)", re.I)
# Repeated words that can be grammatical: "that that", "had had".
_REPEATS_KEPT = ("that", "had", "very", "really", "no")


def _lower_same_length(text: str) -> str:
    out = []
    for ch in text:
        low = ch.lower()
        out.append(low if len(low) == 1 else ch)
    return "".join(out)


def _blank(text: str, start: int, end: int) -> str:
    """`text` with the characters from start to end replaced by spaces."""
    return text[:start] + " " * (end - start) + text[end:]


def clean(text: str) -> str:
    """Lower case, hesitations (erbsim.core.fillers) and ", you know," blanked,
    stutters reduced ("I I built" -> "I   built"); same length as `text`."""
    cleaned = _lower_same_length(text)
    for rx in (HESITATION_RX, _YOU_KNOW_RX):
        for m in reversed(list(rx.finditer(cleaned))):
            cleaned = _blank(cleaned, m.start(), m.end())
    # Keep the first of repeated words.
    for m in reversed(list(_STUTTER_RX.finditer(cleaned))):
        if m.group(1) in _REPEATS_KEPT:
            continue
        cleaned = _blank(cleaned, m.start(2), m.end(2))
    return cleaned
