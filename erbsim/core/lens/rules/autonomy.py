"""autonomy: started without being told to (docs/lens.md, "autonomy"). Reads mandate."""

from __future__ import annotations

import re

from ..context import AnswerContext
from ..results import Sentence
from .mandate import INSTEAD_RX
from .scan import PatternRule, rx, scan

_AUTONOMY_NEGATED_RX = rx(
    r"\b(?:(?:nobody|no one|no-one|noone|none of my bosses|no manager|no gm|no director|no exec\w*)"
    r"(?: had| has| ever| really)? (?:asked|told|assigned|requested|mandated|tasked|wanted|expected|"
    r"needed|directed|instructed|suggested|cared)|"
    r"without (?:being|anyone|anybody|a|any|formal|an?) ?(?:asked|told|assigned|asking|telling|mandate|"
    r"request|directive|headcount|budget|authority|formal authority|approval|sponsor|being asked|being told|"
    r"permission)|"
    r"(?:wasn't|was not|weren't|were not|never) (?:asked|told|assigned|tasked|mandated|requested)|"
    r"(?:didn't|did not|never) (?:ask|assign|tell|request|mandate) (?:me|us|this|it|for)|"
    r"(?:not|never) (?:on|in|part of) (?:my|our|anyone's) (?:okrs?|roadmap|scope|mandate|plan|job|"
    r"job description|kpis?)|"
    r"(?:no|without a) (?:mandate|request|ticket|assignment|directive)\b)")
_AUTONOMY_OWN_RX = rx(
    r"\b(?:on my own(?: initiative| time| accord)?|of my own accord|my own initiative|on our own initiative|"
    r"self[\s-]initiated|self[\s-]started|i took the initiative|took it upon myself|i volunteered|"
    r"i went looking|i started looking|i went digging|i dug into|i pushed for|i pitched|"
    r"i decided (?:on my own |myself |)to|i took the risk|i raised the alarm|"
    r"(?:i|we) (?:pushed back|challenged (?:the|my|our)|argued against|said no to)|"
    r"(?:did|pulled|ran|built|wrote|analy[sz]ed|checked|coded|prototyped) [\w\s]{0,30}? myself)")
_AUTONOMY_PROACTIVE_RX = rx(
    r"\b(?:i|we) (?:(?:had|have|then|first|quietly|already|just|actually|personally) )*(?:proposed|prototyped|initiated|pitched|instigated|spearheaded|championed|"
    r"set out to|decided to|chose to|bet on|started an? (?:\w+ ){0,3}(?:initiative|effort|project|program|"
    r"programme|experiment))\b")
_COUNTER_PROPOSAL_RX = re.compile(r"\b(?:i|we) (?:proposed|built|did|went|chose|decided|argued|pushed|pitched|"
                                  r"designed)\b")


def _no_counter_proposal(ctx: AnswerContext, s: Sentence, m: re.Match) -> bool:
    """Against the ask counts only when what I did instead follows: "instead of X, I proposed Y"."""
    return not _COUNTER_PROPOSAL_RX.search(ctx.sent_clean(s)[m.end():])


NEGATED_MANDATE = PatternRule("autonomy.negated_mandate", _AUTONOMY_NEGATED_RX)
OWN_INITIATIVE = PatternRule("autonomy.own_initiative", _AUTONOMY_OWN_RX, negation_window=20)  # "I never pushed back"
AGAINST_THE_ASK = PatternRule("autonomy.against_the_ask", INSTEAD_RX, skip=_no_counter_proposal)
PROACTIVE_VERB = PatternRule("autonomy.proactive_verb", _AUTONOMY_PROACTIVE_RX, negation_window=20)


def rule_autonomy(ctx: AnswerContext) -> None:
    strong_found = scan(ctx, "autonomy", (NEGATED_MANDATE, OWN_INITIATIVE, AGAINST_THE_ASK))
    if ctx.signals["mandate"].present and not strong_found:
        return  # "my GM asked me to... so I proposed": the proposal is inside the mandate
    scan(ctx, "autonomy", (PROACTIVE_VERB,))
