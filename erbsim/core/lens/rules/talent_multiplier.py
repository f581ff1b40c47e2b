"""talent_multiplier: a framework of the candidate's that others use to decide
(docs/lens.md, "talent_multiplier")."""

from __future__ import annotations

import re

from ..context import AnswerContext
from ..results import Sentence
from .cross_bu import NOT_OTHER_RX
from .scan import PatternRule, rx, scan

_ARTEFACT_RX = rx(
    r"\b(?:(?:decision|prioriti[sz]ation|prioriti[sz]ing|evaluation|scoring|assessment|triage|"
    r"investment|sizing|readiness|maturity|review|onboarding|launch|pricing|market[\s-]entry|"
    r"trade[\s-]off|go/no[\s-]go|operating)[\s-]+)?(?:framework|scoring model|rubric|scorecard|score card|"
    r"decision (?:template|tree|model|matrix|memo template|checklist)|template|playbook|checklist|"
    r"methodology|prioriti[sz]ation model|evaluation model|decision record|criteria)\b")
_OTHERS_USE_RX = rx(
    r"\b(?:(?:other|their|her|his|sister|partner|several|multiple|many|\w+) )?"
    r"(?:teams?|pms|product managers|orgs?|business units|bus|groups|managers|leads|divisions|committees?|"
    r"everyone|everybody|people|colleagues)\b[^.;]{0,60}?\b(?:use|uses|used|using|adopted|apply|applies|"
    r"decide|decides|deciding|rely on|relies on|run|runs|plan with|prioriti[sz]e with|score)\b|"
    r"\b(?:used|adopted|applied) by\b|\bhow (?:\w+ ){0,2}(?:now )?decides?\b|"
    r"\b(?:in|for) their (?:own )?(?:planning|reviews?|decisions?|roadmaps?|prioriti[sz]ation|entry decisions|"
    r"planning reviews)\b")
_MINE_RX = rx(r"\b(?:my|our|i (?:wrote|built|created|designed|developed|made|drafted|put together|came up with)|"
              r"we (?:wrote|built|created|designed|developed))\b")


def _not_theirs_to_decide_with(ctx: AnswerContext, s: Sentence, m: re.Match) -> bool:
    """The artefact must be the candidate's (this or the previous sentence), and
    others must use it (this or the next sentence)."""
    previous, following = ctx.neighbours(s)
    if not (_MINE_RX.search(ctx.sent_clean(s)) or (previous and _MINE_RX.search(ctx.sent_clean(previous)))):
        return True
    window = [s] + ([following] if following else [])
    uses = [w for w in window for u in _OTHERS_USE_RX.finditer(ctx.sent_clean(w))
            if not ctx.negated(w, u.start(), 35) and ctx.achieved(w, u.start(), u.end())
            and not NOT_OTHER_RX.search(ctx.sent_clean(w))]
    return not uses


ARTEFACT_USED_BY_OTHERS = PatternRule("talent_multiplier.artefact_used_by_others", _ARTEFACT_RX,
                                      negation_window=25, skip=_not_theirs_to_decide_with)


def rule_talent_multiplier(ctx: AnswerContext) -> None:
    scan(ctx, "talent_multiplier", (ARTEFACT_USED_BY_OTHERS,))
