"""institutionalized: it became a standard, policy, default or template
(docs/lens.md, "institutionalized")."""

from __future__ import annotations

import re

from ..context import AnswerContext
from ..results import Sentence
from .scan import PatternRule, rx, scan

_STANDARD_NOUN = (r"(?:standard|default|policy|norm|baseline|template|blueprint|reference (?:architecture|"
                  r"implementation|design)|playbook|mandatory|required|requirement|official (?:process|tool|way)|"
                  r"canonical \w+|de facto \w+|go[\s-]to \w+|single source of truth|golden path)")
_INSTITUTION_RX = rx(
    r"\b(?:(?:it|this|that|which|the \w+(?: \w+)?|our \w+(?: \w+)?|my \w+(?: \w+)?) )?"
    r"(?:is|was|became|become|becomes|has become|had become|turned into|turn into|got made|was made|"
    r"made it|made this|made them|adopted as|accepted as|approved as|written into|baked into|embedded in|"
    r"is now|are now|now) (?:\w+ )?(?:the|a|an|our|their)? ?(?:new )?(?:official |group |group-wide |"
    r"company |company-wide |companywide |org-wide |orgwide |de facto |industry |default |bu |"
    r"cross-bu |platform |global |alibaba |group wide |company wide )?(?:wide )?" + _STANDARD_NOUN + r"\b")
_INSTITUTION_OTHER_RX = rx(
    r"\b(?:standardi[sz]ed (?:on|across|it)|(?:on|enabled|turned on) by default|"
    r"(?:written|built|baked) into (?:the|our) (?:\w+ )?(?:policy|process|guidelines|review|checklist|"
    r"launch process|sop)|"
    r"every (?:new )?(?:team|launch|project|product|bu|business unit|review|pm) (?:now )?(?:has to|must|is required to)|"
    r"(?:part|a part) of the (?:official|standard|mandatory|required) \w+|"
    r"(?:is|are|became) (?:now )?(?:mandatory|required) (?:for|in|across))\b")
_STANDARD_THING_RX = re.compile(r"\b(?:a|the) (?:standard|default) (?!for\b)(?:\w+ )?(?:way|practice|approach|"
                                r"feature|setting|screen|flow|option)\b")
_BECAME_RX = re.compile(r"\b(?:became|become|turned|made|now|is now)\b")


def _not_made_a_standard(ctx: AnswerContext, s: Sentence, m: re.Match) -> bool:
    sc, mt = ctx.sent_clean(s), m.group(0)
    if _STANDARD_THING_RX.search(mt + sc[m.end():m.end() + 12]) and not _BECAME_RX.search(mt):
        return True  # "it was a standard feature"
    # "which was required": a requirement on me, not of my work
    return bool(re.search(r"\b(?:was|were) (?:required|mandatory)\b", mt)) and \
        not re.search(r"\bfor\b", sc[m.end():m.end() + 5])


# Negation inside the match or within 30 characters before it: "it never turned into a company standard".
BECAME_STANDARD = PatternRule("institutionalized.became_standard", _INSTITUTION_RX, negation_window=30,
                              negation_inside=True, skip=_not_made_a_standard)
PROCESS = PatternRule("institutionalized.process", _INSTITUTION_OTHER_RX, negation_window=30,
                      negation_inside=True, skip=_not_made_a_standard)


def rule_institutionalized(ctx: AnswerContext) -> None:
    scan(ctx, "institutionalized", (BECAME_STANDARD, PROCESS))
