"""What most rules share: a pattern looked for sentence by sentence, a look-back
for negation, a few exclusions, and a piece of evidence for each match kept.

A rule is then a `PatternRule` (its id, its pattern and its exclusions) and a
call to `scan()`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..context import AnswerContext
from ..negation import NEGATION_RX
from ..results import Sentence

__all__ = ["SEP", "rx", "PatternRule", "scan", "scan_sentence"]

SEP = r"[\s,]+"  # between words: spaces, commas (spoken pauses)


def rx(pattern: str) -> re.Pattern:
    """Compile with " " meaning one or more spaces or commas, " ?" none or more."""
    return re.compile(pattern.replace(" ?", r"[\s,]*").replace(" ", SEP), re.I)


# (context, sentence, match in the sentence's cleaned text) -> ...
Skip = Callable[[AnswerContext, Sentence, re.Match], bool]
Trigger = Callable[[AnswerContext, Sentence, re.Match], tuple[int, int]]


@dataclass(frozen=True)
class PatternRule:
    """A rule that fires on each match of `pattern` in a sentence's cleaned text."""

    id: str  # as named in docs/lens.md, e.g. "foresight.lead_time"
    pattern: re.Pattern
    # Characters looked back, within the clause, for a negation that cancels
    # the match; None: negation does not matter to this rule.
    negation_window: int | None = None
    # Also cancel a match that itself contains a negation ("it never became the standard").
    negation_inside: bool = False
    # Exclusions: True drops the match.
    skip: Skip | None = None
    # The words quoted as the trigger, as offsets into the sentence; default: the match.
    trigger: Trigger | None = None

    def accepts(self, ctx: AnswerContext, s: Sentence, m: re.Match) -> bool:
        if self.negation_inside and NEGATION_RX.search(m.group(0)):
            return False
        if self.negation_window is not None and ctx.negated(s, m.start(), self.negation_window):
            return False
        return not (self.skip and self.skip(ctx, s, m))


def scan_sentence(ctx: AnswerContext, signal: str, s: Sentence, rules: Sequence[PatternRule]) -> bool:
    """Run `rules`, in order, on sentence `s`; record evidence for `signal`.
    True when any match was kept."""
    found = False
    sc = ctx.sent_clean(s)
    for rule in rules:
        for m in rule.pattern.finditer(sc):
            if not rule.accepts(ctx, s, m):
                continue
            start, end = rule.trigger(ctx, s, m) if rule.trigger else (m.start(), m.end())
            ctx.add(signal, rule.id, s.start + start, s.start + end, s)
            found = True
    return found


def scan(ctx: AnswerContext, signal: str, rules: Sequence[PatternRule]) -> bool:
    """Run `rules` on every sentence, sentence by sentence. True when any match was kept."""
    found = False
    for s in ctx.sentences:
        found = scan_sentence(ctx, signal, s, rules) or found
    return found
