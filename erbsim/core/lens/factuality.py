"""Is a claim an achieved fact? Shared by every achievement rule (adoption,
standardisation, talent multiplier, decisions).

A match is not a fact when its clause is negated ("it never became the
standard"), or is future, planned, hoped for or conditional ("will adopt",
"plan to roll out", "are piloting", "if Lazada adopts it", "would have"), or
when the clause that follows takes it back ("were meant to adopt it, but that
never happened", "it didn't stick").
"""

from __future__ import annotations

import re

from .negation import NEGATION_RX

__all__ = ["achieved", "IRREALIS_RX"]

# Where a clause begins or ends.
_CLAUSE_CUT_RX = re.compile(r"\bbut\b|\balthough\b|\bthough\b|\bwhereas\b|\bhowever\b|;|[.!?](?=\s|$)|"
                            r",\s*(?:and\s+)?(?:then|now|today|so)\b|\bso\s+(?=i\b|we\b)")
IRREALIS_RX = re.compile(
    r"\b(?:will|won't|'ll|going to|gonna|plan(?:s|ned)? to|planning to|hope(?:s|d)?|hoping|hopefully|"
    r"aim(?:s|ed|ing)? to|want(?:s|ed)? (?:it|them|this) to|(?:is|are|am|was|were) trying to|try(?:ing)? to|"
    r"intend(?:s|ed)? to|meant to|supposed to|in talks|about to|would|could|might|if|unless|"
    r"expect(?:s|ed)? (?:to|it|them)|(?:are|is) (?:still )?piloting|(?:are|is) (?:still )?(?:evaluating|"
    r"considering|exploring|looking at)|on (?:the|their) roadmap|next (?:quarter|year|half))\b", re.I)
# The next clause takes it back: "but that never happened", "it didn't stick".
_TAKEN_BACK_RX = re.compile(
    r"^[\s,]*(?:but|and|though|although|which|however)?[\s,]*(?:that|it|this|they|none of (?:that|it|them)|"
    r"nobody|no one|the \w+)?[\s,]*(?:\w+\s+){0,2}?(?:never|didn't|did not|hasn't|has not|haven't|have not|"
    r"wasn't|was not|weren't|fell through|failed|got (?:cancelled|shelved|dropped|killed))\b", re.I)


def _clause(clean: str, lo: int, hi: int, start: int, end: int) -> tuple[int, int]:
    """The clause of clean[lo:hi] holding start..end, as (begin, finish)."""
    begin, finish = lo, hi
    for m in _CLAUSE_CUT_RX.finditer(clean, lo, hi):
        if m.end() <= start:
            begin = m.end()
        elif m.start() >= end:
            finish = m.start()
            break
    return begin, finish


def achieved(clean: str, lo: int, hi: int, start: int, end: int, negation_window: int = 40) -> bool:
    """Is the claim clean[start:end], in the sentence clean[lo:hi], said as an
    achieved fact? `clean` is the cleaned (lower-case) text; `hi` may run past
    the sentence to see the clause that follows."""
    begin, finish = _clause(clean, lo, hi, start, end)
    before = clean[begin:start]
    if IRREALIS_RX.search(before) or IRREALIS_RX.search(clean[start:end]):
        return False
    if NEGATION_RX.search(before[-negation_window:]):
        return False
    after = clean[end:finish]
    if re.match(r"^[\s,]*(?:\w+\s+){0,3}?(?:not|never|yet)\b", after):
        return False  # "adopted it not at all", "not rolled out yet"
    if finish < hi and _TAKEN_BACK_RX.match(clean[finish:hi]):
        return False
    # the sentence after: "It never happened." / "That didn't stick."
    return not re.match(r"^[\s.]*(?:but )?(?:that|it|this|none of (?:that|it))\s+(?:\w+\s+)?(?:never|didn't|did not)\b",
                        clean[hi:hi + 40])
