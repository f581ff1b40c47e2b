"""execution_language: delivery words with no decision behind them
(docs/lens.md, "execution_language"). Reads every signal before it."""

from __future__ import annotations

import re

from ..context import AnswerContext
from ..numbers import NUMBER_PATTERN
from ..results import Sentence
from .decisions import find_decisions
from .scan import PatternRule, rx, scan

_EXECUTION_RX = rx(
    r"\b(?:launched|launch(?:ed)? of|led the launch|launching|shipped|ship|shipping|delivered|deliver|"
    r"delivering|released|release of|rolled out|rollout|completed|finished|went live|go[\s-]live|"
    r"executed|implemented|on (?:time|schedule|budget)|ahead of schedule|hit (?:every|all|each|our|the) "
    r"(?:\w+ )?(?:milestones?|targets?|okrs?|deadlines?)|okrs?|(?:" + NUMBER_PATTERN + r") (?:new |major |key )?"
    r"(?:features|releases|launches|projects|milestones))\b")
_PROCESS_NOUN_RX = re.compile(r"\b(?:launch|release) (?:review|process|checklist|gate|readiness)\b")


def _process_noun(ctx: AnswerContext, s: Sentence, m: re.Match) -> bool:
    """A process noun ("the launch review"), not a delivery claim."""
    return bool(_PROCESS_NOUN_RX.search(ctx.sent_clean(s)[m.start():m.end() + 12]))


DELIVERY_WORDS = PatternRule("execution_language.delivery_words", _EXECUTION_RX, skip=_process_noun)


def _decided(ctx: AnswerContext) -> bool:
    """Does the answer show a decision anywhere? Mandate, metrics, quotes and
    adoption do not count as one."""
    return (ctx.signals["foresight"].present or ctx.signals["autonomy"].present
            or ctx.signals["talent_multiplier"].present or bool(find_decisions(ctx)))


def rule_execution(ctx: AnswerContext) -> None:
    if not _decided(ctx):  # a decision anywhere clears every delivery word in the answer
        scan(ctx, "execution_language", (DELIVERY_WORDS,))
