"""institutionalized: it became a standard, policy, default or template
(docs/lens.md, "institutionalized")."""

from __future__ import annotations

import re

from ..context import AnswerContext
from ..results import Sentence
from .scan import PatternRule, rx, scan

_STANDARD_NOUN = (r"(?:standard|default|policy|norm|baseline|template|blueprint|reference (?:architecture|"
                  r"implementation|design)|playbook|mandatory|required|requirement|official (?:\w+ ){0,2}?(?:process|tool|way|method|model|path|approach|"
                  r"pricing|tiering|step|guideline|rubric|template)|only sanctioned \w+(?: \w+)?|sanctioned (?:way|path|\w+ path)|"
                  r"canonical \w+|de facto \w+|go[\s-]to \w+|single source of truth|golden path)")
_INSTITUTION_RX = rx(
    r"\b(?:(?:it|this|that|which|the \w+(?: \w+)?|our \w+(?: \w+)?|my \w+(?: \w+)?) )?"
    r"(?:is|was|became|become|becomes|has become|had become|turned into|turn into|got made|was made|"
    r"made it|made this|made them|adopted (?:it |this |them )?as|accepted as|approved as|written into|baked into|"
    r"embedded in|is now|are now|now|it's|it's now|it's actually|that's|that's now) (?:\w+ )?(?:the|a|an|our|their)? ?(?:new )?(?:official |group |group-wide |"
    r"company |company-wide |companywide |org-wide |orgwide |de facto |industry |default |bu |"
    r"cross-bu |platform |global |alibaba |group wide |company wide )?(?:wide )?(?:\w+ )?" + _STANDARD_NOUN + r"\b")
_INSTITUTION_OTHER_RX = rx(
    r"\b(?:standardi[sz]ed (?:on|across|it)|(?:on|enabled|turned on) by default|"
    r"(?:written|built|baked|put|folded) (?:straight |directly )?into (?:the|our) (?:\w+ ){0,2}(?:policy|process|"
    r"guidelines|review|checklist|launch process|sop|standard|handbook|playbook|pack)|"
    r"(?:it's|it is|is now|became) (?:group |company |bu )?policy|"
    r"(?:every|any|each) (?:new )?(?:\w+ )?(?:team|launch|project|product|bu|business unit|review|pm|service|release|"
    r"program|programme|feature|seller|merchant)s? [^.;]{0,40}?(?:now )?(?:has to|have to|must|is required to|are required to)|"
    r"(?:part|a part) of the (?:official|standard|mandatory|required) \w+|"
    r"(?:is|are|became) (?:now )?(?:mandatory|required) (?:for|in|across))\b")
_STANDARD_THING_RX = re.compile(r"\b(?:a|the) (?:standard|default) (?!for\b)(?:\w+ )?(?:way|practice|approach|"
                                r"feature|setting|screen|flow|option)\b")
_BECAME_RX = re.compile(r"\b(?:became|become|turned|made|now|is now)\b")


def _not_made_a_standard(ctx: AnswerContext, s: Sentence, m: re.Match) -> bool:
    sc, mt = ctx.sent_clean(s), m.group(0)
    if not ctx.achieved(s, m.start(), m.end()):
        return True  # "we hope it becomes the standard", "if they take it on, it becomes..."
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
