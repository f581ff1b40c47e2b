"""foresight: acted before it was urgent or mandated (docs/lens.md, "foresight")."""

from __future__ import annotations

import re

from ..context import AnswerContext
from ..numbers import NUMBER_PATTERN, find_numbers
from ..results import Sentence
from .scan import PatternRule, rx, scan

_LEAD_UNIT = r"(?:months?|quarters?|years?|(?:weeks?))"
_FORESIGHT_LEAD_RX = rx(
    r"\b(?P<n>" + NUMBER_PATTERN + r")[\s-]+(?P<u>" + _LEAD_UNIT + r")(?: and a half)? (?P<rel>before|ahead of|"
    r"earlier than|prior to|in advance of|ahead)\b(?P<obj>(?: \w+){0,3})")
_FORESIGHT_PHRASES_RX = rx(
    r"\b(?:long before|well before|way before|well ahead of|long ahead of|"
    r"before (?:anyone|anybody|everyone|most people|the market|competitors|our competitors|"
    r"the rest of the (?:company|industry|group))(?: else)? (?:noticed|saw|asked|realised|realized|"
    r"caught on|knew|moved|did|cared|was asking|were asking|had)|"
    r"before (?:it|this|that) (?:became|was|turned into) (?:urgent|a problem|a crisis|a fire|"
    r"an issue|a priority|obvious|mandatory)|"
    r"before (?:it was|anyone was) (?:urgent|asked|mandated|required)|"
    r"ahead of the (?:market|curve|regulation|competition|competitors)|"
    r"(?:i|we) (?:anticipated|foresaw|predicted|forecast) |"
    r"saw (?:the|this|that|a) (?:risk|shift|trend|opportunity|problem|wave) (?:coming|early|ahead)|"
    r"(?:early warning|leading indicator)s?)")
_NOT_FORESIGHT_OBJ = re.compile(r"\b(?:deadline|due|i|we|joining|joined|the\s+reorg|that|this)\b")


def _not_a_lead_time(ctx: AnswerContext, s: Sentence, m: re.Match) -> bool:
    n_text, unit = m.group("n").strip(), m.group("u")
    if unit.startswith("week"):
        nums = find_numbers(n_text)
        if not nums or nums[0].value < 8:
            return True  # "two weeks before launch" is planning, not foresight
    if not re.search(r"\d|[a-z]", n_text):
        return True
    # "a year before I joined", "two months before the deadline"
    return bool(_NOT_FORESIGHT_OBJ.match(m.group("obj").strip(" ,")))


LEAD_TIME = PatternRule("foresight.lead_time", _FORESIGHT_LEAD_RX, negation_window=25, skip=_not_a_lead_time,
                        trigger=lambda ctx, s, m: (m.start(), m.end("rel")))  # the object is not quoted
PHRASE = PatternRule("foresight.phrase", _FORESIGHT_PHRASES_RX, negation_window=20)


def rule_foresight(ctx: AnswerContext) -> None:
    scan(ctx, "foresight", (LEAD_TIME, PHRASE))
