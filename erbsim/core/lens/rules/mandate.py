"""mandate: the work was requested or assigned from above (docs/lens.md, "mandate")."""

from __future__ import annotations

import re

from ..context import AnswerContext
from ..results import Sentence
from .scan import PatternRule, rx, scan

_AUTHORITY = (r"(?:(?:my|our|the|a|his|her|their|business|unit|bu|group|company|senior|"
              r"[a-z.]+'s|[a-z.]+)\s+){0,3}?(?:gm|general\s+manager|boss|manager|director|vp|"
              r"vice\s+president|cpo|ceo|cto|coo|cfo|chief\s+\w+\s+officer|chief\s+architect|architect|head(?:\s+of\s+\w+(?:\s+\w+)?)?|strategy\s+office|"
              r"leadership(?:\s+team)?|management|skip[\s-]level|p10|p11|executives?|exec|higher[\s-]ups|"
              r"supervisor|the\s+business|hq|headquarters|president|founder|lead|sponsor|office|"
              r"committee|board|pmo|he|she|they)")
_MANDATE_ACTIVE_RX = rx(r"\b(?P<who>" + _AUTHORITY + r") (?:(?:then|also|formally|explicitly|had|has|"
                        r"directly|personally|originally|initially|first|just|specifically) )?(?P<verb>asked me|asked us|asked my team|"
                        r"asked our team|asked (?:me |us )?for (?:a|an)|wanted (?:a|an|one)|gives? (?:me|us) the|"
                        r"told (?:me|us),? go|assigned (?:to )?(?:me|us)|told me to|told us to|assigned|tasked|gave me|gave us|handed me|"
                        r"handed us|wanted me to|wanted us to|directed me|directed us|instructed|ordered|"
                        r"requested|mandated|put me (?:on|in charge)|charged me|commissioned|"
                        r"delegated|needed me to|needed us to|expected me to|made me)\b")
_MANDATE_PASSIVE_RX = rx(
    r"\b(?:i|we|my team|our team) (?:was|were|got|had been|have been|was being) (?:formally |officially |directly )?"
    r"(?:asked|assigned|tasked|told to|given|handed|directed|instructed|ordered|put in charge|"
    r"charged|brought in|appointed|commissioned|mandated|requested)\b")
_MANDATE_SAID_RX = rx(r"\b(?P<who>" + _AUTHORITY + r") (?:said|decided|insisted|wrote) (?:that )?"
                      r"(?:we|i|my team|our team) (?:should|must|had to|have to|needed to|need to|would)\b")
# "the project was assigned in Q1", "was requested by the Taobao CPO", "assigned to me by"
_MANDATE_ASSIGNED_RX = rx(
    r"\b(?:(?:was|were|is|had been|got) (?:\w+ )?(?:assigned|requested|commissioned|mandated)(?: to (?:me|us|my team))?"
    r" (?:by|in|from|last|this|at)|assigned to (?:me|us|my team)|that (?:is|was) assigned|was assigned)\b")
_MANDATE_NOUN_RX = rx(
    r"\b(?:(?:a|the|this|it was a|it was the) (?:top[\s-]down |direct |formal |explicit |official )?"
    r"(?:directive|mandate|assignment|ask from (?:above|the top|leadership|my \w+))|came from (?:above|the top)|"
    r"handed down|from above|top[\s-]down (?:request|ask|project|priority)|"
    r"(?:was|were|it was) (?:on|in) (?:my|our) (?:okrs?|kpis?) from)")
# "instead of what the directive said": the opposite of a mandate (autonomy reads it too).
INSTEAD_RX = rx(r"\b(?:instead of|rather than|contrary to|against) [^.;]{0,80}?(?:directive|mandate|asked|said|"
                r"told|wanted|plan)\b")

# Only an explicit ask counts when the one asking is a pronoun or a body: "she told me to".
_BARE_ASKERS = ("he", "she", "they", "committee", "board")


def _against_the_ask(ctx: AnswerContext, s: Sentence, m: re.Match) -> bool:
    """Inside "instead of what the directive said": the opposite of a mandate."""
    counter = [(c.start(), c.end()) for c in INSTEAD_RX.finditer(ctx.sent_clean(s))]
    if any(a <= m.start() < b or a < m.end() <= b for a, b in counter):
        return True
    # "The directive was to cut it by a third. I didn't." / "... I went the other way"
    _, following = ctx.neighbours(s)
    rest = ctx.sent_clean(s)[m.end():] + " . " + (ctx.sent_clean(following) if following else "")
    return bool(_WENT_AGAINST_RX.search(rest))


_WENT_AGAINST_RX = re.compile(
    r"(?:^|[.,;]|\bbut)\s*(?:i|we) (?:didn't|did not|went (?:the )?other way|thought (?:that|it|this) was (?:the )?wrong|"
    r"pushed back|disagreed|refused|said no|ignored it|argued against)\b")


def _not_an_authority(m: re.Match) -> bool:
    who = m.group("who").strip().split()[0]
    if who in ("i", "we", "nobody", "no"):
        return True
    # "said we should" has no request verb: from a pronoun it is not an ask
    verb = m.groupdict().get("verb") or ""
    return who in _BARE_ASKERS and not re.match(r"(?:asked|told|wanted|needed|expected)", verb)


def _not_a_request(ctx: AnswerContext, s: Sentence, m: re.Match) -> bool:
    if _against_the_ask(ctx, s, m) or _not_an_authority(m):
        return True
    after = ctx.sent_clean(s)[m.end():m.end() + 30]
    before = ctx.sent_clean(s)[max(0, m.start() - 40):m.start()]
    # a question about results, not a request: "my GM later asked me how we did it"
    if re.match(r"[\s,]*(?:how|what|why|whether|if|about|for (?:the|an?) (?:numbers|update|result|demo|walk)|"
                r"to (?:walk|explain|show|present|share|brief))\b", after) or \
            re.search(r"\blater\b|\bafter\b|\bwhen (?:it|the)\b", before + m.group(0)):
        return True
    # negated just after the verb: "my GM asked me not to"
    return bool(re.search(r"\b(?:not|never|n't|didn)\b", ctx.sent_clean(s)[m.end():m.end() + 12]))


# Negation within 10 characters before, or inside the match: "nobody asked me",
# "my boss did not assign this".
REQUEST = PatternRule("mandate.request", _MANDATE_ACTIVE_RX, negation_window=10, negation_inside=True,
                      skip=_not_a_request)
PASSIVE = PatternRule("mandate.passive", _MANDATE_PASSIVE_RX, negation_window=10, negation_inside=True,
                      skip=_against_the_ask)
ASSIGNED = PatternRule("mandate.assigned", _MANDATE_ASSIGNED_RX, negation_window=10, negation_inside=True,
                      skip=_against_the_ask)
NOUN = PatternRule("mandate.noun", _MANDATE_NOUN_RX, negation_window=10, negation_inside=True,
                   skip=_against_the_ask)
SAID_WE_SHOULD = PatternRule("mandate.said_we_should", _MANDATE_SAID_RX, negation_window=10, negation_inside=True,
                             skip=lambda ctx, s, m: _against_the_ask(ctx, s, m) or _not_an_authority(m))


def rule_mandate(ctx: AnswerContext) -> None:
    scan(ctx, "mandate", (REQUEST, PASSIVE, ASSIGNED, NOUN, SAID_WE_SHOULD))
