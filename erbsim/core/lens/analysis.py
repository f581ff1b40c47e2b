"""analyze(): one answer read by every rule, in order."""

from __future__ import annotations

from .context import AnswerContext
from .results import LensResult
from .rules import RULES, find_decisions

__all__ = ["analyze"]


def analyze(text: str) -> LensResult:
    """Mark the ERB signals in one answer. Never raises on any string."""
    if not isinstance(text, str):
        raise TypeError("analyze() takes a string")
    ctx = AnswerContext(text)
    for rule in RULES:
        rule(ctx)
    decisions = find_decisions(ctx)
    for sig in ctx.signals.values():
        sig.evidence.sort(key=lambda e: (e.start, e.trigger_start))
    return LensResult(text=text, sentences=ctx.sentences, signals=ctx.signals, decisions=decisions)
