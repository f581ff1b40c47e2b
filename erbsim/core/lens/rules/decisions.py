"""Decisions (not a signal): "I decided", "trade-off", "instead of"...

They clear execution language and tell feedback that a decision was described
(docs/lens.md, "decisions").
"""

from __future__ import annotations

from ..context import AnswerContext
from ..results import Evidence
from .scan import rx

__all__ = ["DECISION_RX", "find_decisions"]

DECISION_RX = rx(
    r"\b(?:i|we) (?:decided|chose|bet|traded off|killed|deprioriti[sz]ed|prioriti[sz]ed|convinced|argued|"
    r"pushed back|said no|realised|realized|noticed|saw that|saw the|proposed|recommended|redesigned the "
    r"strategy)|\b(?:trade[\s-]?offs?|the decision (?:was|i made)|my decision|instead of|rather than|"
    r"the insight|my insight|my bet|the bet)\b")


def find_decisions(ctx: AnswerContext) -> list[Evidence]:
    """Every decision phrase, sentence by sentence, as evidence of rule "decision"."""
    text = ctx.text
    decisions = []
    for s in ctx.sentences:
        for m in DECISION_RX.finditer(ctx.sent_clean(s)):
            if ctx.negated(s, m.start(), 30):
                continue  # "there wasn't really a trade-off"
            decisions.append(Evidence("decision", s.text, s.start, s.end, text[s.start + m.start():s.start + m.end()],
                                      s.start + m.start(), s.start + m.end()))
    return decisions
