"""What a board question asks for, so feedback answers the question asked
(docs/lens.md, "Feedback"). Takes a bank `Question` (erbsim/core/banks.py:
category, dimension, text, listen_for) or the question's plain text."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["QuestionFocus", "question_focus", "ASKS", "DIMENSION_ASKS"]

# What the board listens for, as words in the question text and listen_for.
ASKS = {
    "framing": r"engineering problem or a market problem|market problem or an engineering|one sentence|"
               r"in a sentence|framing|which track|what kind of problem|place the work on a track",
    "adoption": r"who else|other teams|other (?:bus|business units|orgs)|adopt|reuse|replicat|standard",
    "origin": r"who asked|whose idea|your idea|own initiative|told to|assigned|mandate|without being asked",
    "foresight": r"before others|ahead|see it coming|saw it coming|early|anticipat|months before|foresight",
    "metric": r"what changed|result|impact|number|measure|metric|before and after|outcome",
    "framework": r"framework|template|scoring|rubric|playbook|others decide|institutional|multipl",
    "trade_off": r"trade[\s-]?off|give up|gave up|instead|choice|chose|decid",
}
DIMENSION_ASKS = {"strategic_autonomy": {"origin", "foresight"}, "cross_bu_impact": {"adoption", "metric"},
                   "talent_multiplier": {"framework"}}


@dataclass(frozen=True)
class QuestionFocus:
    text: str
    dimension: str | None
    category: str | None
    asks: frozenset[str]

    @property
    def framing(self) -> bool:
        """A framing question: it wants a crisp direct answer, not the whole story."""
        return "framing" in self.asks


def question_focus(question) -> QuestionFocus | None:
    """The focus of `question` (a bank Question, plain text, or None)."""
    if question is None:
        return None
    if isinstance(question, str):
        text, listen, dimension, category = question, "", None, None
    else:
        text = getattr(question, "text", "") or ""
        listen = getattr(question, "listen_for", "") or ""
        dimension = getattr(question, "dimension", None)
        category = getattr(question, "category", None)
    words = f"{text} {listen}".lower()
    asks = {name for name, pattern in ASKS.items() if re.search(pattern, words)}
    if "framing" not in asks:  # a framing question is about the framing, whatever its dimension
        asks |= DIMENSION_ASKS.get(dimension or "", set())
    return QuestionFocus(text, dimension, category, frozenset(asks))
