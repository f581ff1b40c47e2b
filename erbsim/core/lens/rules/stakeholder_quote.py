"""stakeholder_quote: a stakeholder's words are reported (docs/lens.md, "stakeholder_quote")."""

from __future__ import annotations

import re

from ..context import AnswerContext
from ..results import Sentence
from .scan import PatternRule, rx, scan

_QUOTE_VERB_RX = rx(
    r"\b(?P<verb>said|says|told (?:me|us|the \w+|our \w+(?: \w+)?|my \w+|her \w+|his \w+|everyone|them)|"
    r"wrote(?: to \w+| in \w+ \w+)?|emailed(?: me| us)?|messaged(?: me| us)?|put it|called it|described it as|"
    r"admitted|commented|remarked|mentioned(?: to \w+)?|quoted|thanked (?:me|us|the team) for|"
    r"stated|credited (?:it|this|the \w+|our \w+|my \w+))\b")
_QUOTE_PHRASE_RX = rx(
    r"\b(?:in (?:his|her|their) (?:own )?words|(?:his|her|their) (?:exact )?words were|quote unquote|"
    r"and i quote|to quote (?:him|her|them)|according to (?:the|our|their|her|his) (?:\w+ ){0,2}"
    r"(?:gm|cpo|ceo|cto|vp|director|head|lead|manager))\b")
_SUBJECT_STOP = {"i", "we", "you", "it", "this", "that", "which", "data", "directive", "dashboard",
                 "report", "plan", "policy", "model", "numbers", "metrics", "market", "doc", "document"}
_PERSON_WORDS = set((
    "gm gms cpo ceo cto coo cfo vp vps director head lead manager owner architect engineer customer client "
    "merchant seller partner founder president officer boss sponsor pm analyst chair chairman member "
    "executive exec fellow colleague peer stakeholder buyer user he she they someone everyone investors "
    "customers users merchants sellers partners leads managers directors engineers").split())
_CLAUSE_BREAK = {"and", "but", "so", "because", "that", "which", "who", "when", "then", "if", "as", "while"}


def _speaker_before(ctx: AnswerContext, s: Sentence, pos: int) -> str | None:
    """The person a reporting verb at `pos` belongs to, or None.

    Looks back at most five words, stopping at a clause break: a role word
    ("the head of Lazada marketing", "the Freshippo GM"), he/she/they, or a
    capitalised name; never I/we/you, and never a thing ("the directive said")."""
    before_clean = ctx.clean[s.start:pos]
    before_orig = ctx.text[s.start:pos]
    words = [(m.group(0), m.start()) for m in re.finditer(r"[\w.'-]+", before_clean)][-5:]
    if not words:
        return None
    adverbs = {"also", "then", "later", "once", "even", "publicly", "openly", "literally", "actually",
               "directly", "recently", "really", "personally", "herself", "himself"}
    while words and words[-1][0] in adverbs:
        words.pop()
    if not words or words[-1][0] in _SUBJECT_STOP or words[-1][0] in ("me", "us", "you", "one"):
        return None
    for w, off in reversed(words):
        if w in _CLAUSE_BREAK or w in ("i", "we", "you"):
            return None
        base = w.rstrip("'s").rstrip("'")
        orig = before_orig[off:off + len(w)]
        if w in _PERSON_WORDS or base in _PERSON_WORDS or w.endswith("'s"):
            return w
        if orig[:1].isupper() and off > 0 and w not in ("the", "our", "my", "a"):
            return w  # a name, not at the start of the sentence
        if off == 0 and orig[:1].isupper() and len(words) == 1 and w not in _SUBJECT_STOP and \
                w not in ("the", "our", "my", "a", "this", "it", "they", "then", "so", "and"):
            return w  # "Wei said ..."
    return None



def _no_speaker(ctx: AnswerContext, s: Sentence, m: re.Match) -> bool:
    after = ctx.sent_clean(s)[m.end():m.end() + 20]
    if m.group("verb").startswith("told") and re.match(r"[\s,]+(?:to|go|please)\s+\w+", after):
        return True  # "told me to fix it" is an instruction, not a report of words
    return _speaker_before(ctx, s, s.start + m.start()) is None


def _from_the_speaker(ctx: AnswerContext, s: Sentence, m: re.Match) -> tuple[int, int]:
    """The trigger runs from the speaker to the verb: "the Freshippo GM said"."""
    speaker = _speaker_before(ctx, s, s.start + m.start())
    if speaker is None:  # not reached: _no_speaker skips such a match before the trigger is asked for
        return m.start(), m.end()
    lo = ctx.clean.rfind(speaker, s.start, s.start + m.start())
    return (lo - s.start if lo >= 0 else m.start()), m.end()


# "nobody said a word": negation within 12 characters before the verb
REPORTING_VERB = PatternRule("stakeholder_quote.reporting_verb", _QUOTE_VERB_RX, negation_window=12,
                             skip=_no_speaker, trigger=_from_the_speaker)
PHRASE = PatternRule("stakeholder_quote.phrase", _QUOTE_PHRASE_RX)


def rule_stakeholder_quote(ctx: AnswerContext) -> None:
    scan(ctx, "stakeholder_quote", (REPORTING_VERB, PHRASE))
