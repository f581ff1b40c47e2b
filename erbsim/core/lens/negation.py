"""Negation: is a match said under "not", "never", "nobody", "without"...?

A rule that must not fire under negation ("nobody asked me", "it never became
the standard") looks back a few characters from its match, within the same
clause only: "nobody used it at first but then three teams adopted it" is not
negated at "adopted".
"""

from __future__ import annotations

import re

__all__ = ["NEGATION_RX", "negated_before"]

NEGATION_RX = re.compile(r"\b(?:not|never|no|nobody|nothing|none|neither|nor|without|"
                         r"hardly|barely|\w+n't|cannot|no\s+one|didn|wasn|isn|hasn|haven|hadn)\b", re.I)
# Where a clause ends, looking back: "but", "then", "so", ";", "and I" / "and we".
_CLAUSE_CUT_RX = re.compile(r"\bbut\b|\bthen\b|\bso\b|;|\band\s+(?=i\b|we\b)")


def negated_before(clean: str, start: int, sent_start: int, window: int = 40) -> bool:
    """Is there a negation in the same clause, at most `window` characters before `start`?

    `clean` is the cleaned text (lower case); the look-back never crosses
    `sent_start`, the start of the sentence."""
    lo = max(sent_start, start - window)
    chunk = clean[lo:start]
    parts = _CLAUSE_CUT_RX.split(chunk)
    return bool(NEGATION_RX.search(parts[-1]))
