"""listen_for_coverage(): which points of a question's listen_for the answer covered.

The listen_for note is split into its sentences (a trailing list of clauses
stays one point). A point that names something the lens reads (foresight,
initiative, adoption by other units, a number, a standard, a framework, a
stakeholder's words, a decision ...) is covered only when the answer shows
every such thing it names, and the covering sentence is the lens's evidence.
A point that names none of them is covered when one sentence of the answer
shares enough of its content words (stemmed). A clause the note rules out
("not mentoring", "rather than reaction to an instruction") uncovers the
point when the answer does that. Conservative: no evidence, not covered.
See docs/probe.md, "Coverage".
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from erbsim.core.banks import Question
from erbsim.core.lens import lead_time_months

from .reading import BU_RX, AnswerReading, read_answer
from .results import ListenPoint

__all__ = ["listen_for_coverage", "split_points", "stem", "content_stems", "CONCEPTS", "OVERLAP_SHARE"]

OVERLAP_SHARE = 0.4  # share of a point's content words one answer sentence must share (and at least two)
_FRAMING_WORDS = 25  # a framing is a first sentence this short or shorter


def _first(r: AnswerReading, rx: re.Pattern[str]) -> str | None:
    for s in r.sentences:
        if rx.search(s.text):
            return s.text
    return None


def _signal(name: str) -> Callable[[AnswerReading, str], str | None]:
    def check(r: AnswerReading, point: str) -> str | None:
        sentences = r.evidence(name)
        return sentences[0] if sentences else None
    return check


def _foresight(r: AnswerReading, point: str) -> str | None:
    sentences = r.evidence("foresight")
    if not sentences:
        return None
    if re.search(r"\bmonths?\b|\blead time\b", point, re.I) and lead_time_months(r.result) is None:
        return None  # the note asks for the lead time itself
    return sentences[0]


_PLURAL_RX = re.compile(r"\b(?:two|three|several|multiple|many|other (?:organi[sz]ations|teams|business units|bus|orgs|"
                        r"units))\b", re.I)


def _cross_bu(r: AnswerReading, point: str) -> str | None:
    """Adoption by other organisations; one named adopter is enough when the note asks for one
    ("numbers from an adopter", "used by another team")."""
    if r.cross_bu:
        return r.evidence("cross_bu_adoption")[0]
    if r.adopters_named and not _PLURAL_RX.search(point):
        first = r.adopters_named[0]
        return next((s.text for s in r.sentences if first in s.text), None)
    return None


_OTHER_ORG_RX = re.compile(r"\b(?:other|sister|partner) (?:business units?|bus?|teams?|orgs?|organi[sz]ations?|"
                           r"divisions?|units?)\b|" + BU_RX.pattern, re.I)
_CHANGE_RX = re.compile(r"\b(?:changed|moved|shifted|stopped|started|rebuilt|cut|doubled|redirected|rewrote|"
                        r"re-?planned|switched|dropped|now (?:use|run|plan|decide|start))\b", re.I)


_GROUP_WIDE_RX = re.compile(r"\b(?:group|company|org|bu)[\s-]wide\b|\bacross the (?:group|company)\b|"
                            r"\b(?:in|for) the (?:whole )?group\b|\b(?:every|all) (?:other )?(?:bus|business units)\b",
                            re.I)


def _beyond_team(r: AnswerReading, point: str) -> str | None:
    if r.cross_bu:
        return r.evidence("cross_bu_adoption")[0]
    if r.adopters_named:  # another organisation took it up
        first = r.adopters_named[0]
        return next((s.text for s in r.sentences if first in s.text), None)
    for s in r.sentences:
        if (_OTHER_ORG_RX.search(s.text) and _CHANGE_RX.search(s.text)) or _GROUP_WIDE_RX.search(s.text):
            return s.text
    return None


def _decision(r: AnswerReading, point: str) -> str | None:
    if r.result.decisions:
        return r.result.decisions[0].sentence
    sentences = r.evidence("autonomy")
    return sentences[0] if sentences else None


def _pattern(pattern: str) -> Callable[[AnswerReading, str], str | None]:
    rx = re.compile(pattern, re.I)
    return lambda r, point: _first(r, rx)


def _framing(r: AnswerReading, point: str) -> str | None:
    if not r.sentences:
        return None
    first = r.sentences[0].text
    return first if len(first.split()) <= _FRAMING_WORDS else None


@dataclass(frozen=True)
class Concept:
    name: str
    in_point: re.Pattern[str]  # the point names it
    in_answer: Callable[[AnswerReading, str], str | None]  # the covering sentence, or None


def _c(name: str, pattern: str, check: Callable[[AnswerReading, str], str | None]) -> Concept:
    return Concept(name, re.compile(pattern, re.I), check)


CONCEPTS: tuple[Concept, ...] = (
    _c("framing", r"\bfram(?:e|es|ing)\b|\bcrisp\b|\bone sentence\b|places the work on a track", _framing),
    _c("foresight", r"foresight(?! (?:method|framework|process|model|tool))|lead time|\bahead\b|\bearly\b|"
                    r"\bearlier\b|before (?:it|others|peers|anyone)|"
                    r"anticipat\w*|months? (?:before|ahead)|\btiming\b|saw it coming|why now", _foresight),
    _c("autonomy", r"without (?:a |any )?mandate|initiative|own idea|unprompted|without being (?:asked|told)|"
                   r"started the work|nobody asked|self[\s-]started|without (?:formal )?authority|"
                   r"driven by the candidate", _signal("autonomy")),
    _c("beyond_team", r"beyond the (?:candidate'?s? )?(?:own )?(?:team|unit)|elsewhere|outside (?:the|their|"
                      r"the candidate'?s?) (?:own )?team", _beyond_team),
    _c("adoption", r"other (?:organi[sz]ations?|teams|business units|bus|orgs)|\badopt\w*|\breus\w*|replicat\w*|"
                   r"integrate with|others (?:integrate|build|use)|another (?:team|unit|business unit|organi[sz]ation)|"
                   r"outside teams|building on it",
       _cross_bu),
    _c("standard", r"\bstandard\b|standardi[sz]\w*|\bdefault\b|polic(?:y|ies)|institutionali\w+|mandatory|"
                   r"enforce\w*|ownership",
       _signal("institutionalized")),
    _c("metric", r"\bnumbers?\b|\bmetrics?\b|before and after|before/after|measur\w*|quantif\w*|\bkpis?\b",
       _signal("metric")),
    _c("quote", r"stakeholder|in their (?:own )?words|\bvouch|\bquote\w*", _signal("stakeholder_quote")),
    _c("framework", r"framework|template|scoring|rubric|playbook|decision model|\bmethod\w*|repeatable",
       lambda r, point: r.framework_evidence[0] if r.framework_evidence else None),
    _c("decision", r"\bdecision\b(?! (?:framework|model|template|tree|matrix|record|checklist|rule|"
                   r"made (?:elsewhere|by)))|trade[\s-]?offs?|\bchoice\b|\bchose\b|\bthe call\b|\bchoosing\b",
       _decision),
    _c("alternatives", r"alternatives|\boptions\b|\brejected\b|\bversus\b",
       _pattern(r"\boptions?\b|\balternatives?\b|\binstead of\b|\brather than\b|\bversus\b|\bvs\.?\s|\bconsidered\b|"
                r"\bor (?:we|i) could\b|\brejected\b|\bkill(?:ed|ing)\b")),
    _c("cost", r"\bcost\b|price of|who (?:bore|paid)|bore the cost|gave up|given up|give up|sacrific\w*",
       _pattern(r"\bcost\w*|\bpaid\b|\blost\b|\bgave up\b|\bgive up\b|\bsacrific\w*|\bat the expense\b|\bhurt\b|"
                r"\bwrite[\s-]off\b|\bwrote off\b")),
    _c("delay", r"cost of delay|\bwaiting\b|\bdelay\b",
       _pattern(r"\bwait\w*|\bdelay\w*|\bif we had(?:n't| not)\b|\bwould have cost\b|\btoo late\b|"
                r"\bmonths later\b")),
    _c("segment", r"\bsegment\w*",
       _pattern(r"\bsegment\w*|\btiers?\b|\bcohorts?\b|\b(?:small|large|mid-size|new|first-time) (?:sellers|merchants|"
                r"customers|buyers|brands|restaurants|shops)\b")),
    _c("incentives", r"\bincentives?\b",
       _pattern(r"\bincentives?\b|\bkpis?\b|\bbonus\w*|\bcompensat\w*|\bquotas?\b|\bpaid on\b|\btargets?\b")),
    _c("sponsorship", r"\bsponsor\w*",
       _pattern(r"\bsponsor\w*|\b(?:gm|cpo|vp|director|ceo|cto)\b[^.;]{0,60}\b(?:backed|supported|championed|"
                r"funded|put it (?:into|in) the plan)")),
)
# Things a note rules out ("not mentoring", "rather than reaction to an instruction"), and how an answer does them.
_RULED_OUT: tuple[tuple[re.Pattern[str], Callable[[AnswerReading], bool]], ...] = (
    (re.compile(r"instruction|assign\w*|\btold\b|mandate|asked to|request", re.I), lambda r: r.mandate),
    (re.compile(r"shipping|delivery|launch\w*|execution|feature counts?|output", re.I),
     lambda r: r.has("execution_language")),
    (re.compile(r"mentor\w*|coaching", re.I),
     lambda r: not r.has("talent_multiplier") and bool(re.search(r"\bmentor\w*|\bcoach\w*", r.text, re.I))),
    (re.compile(r"integration|one[\s-]off", re.I), lambda r: r.cross_bu and not r.has("institutionalized")),
    (re.compile(r"a/?b tests?|experiments? alone", re.I),
     lambda r: bool(re.search(r"\ba/?b[\s-]?tests?\b", r.text, re.I)) and not r.result.decisions),
)
_NEGATION_RX = re.compile(r"\b(?:not|rather than|instead of|never|no)\b", re.I)

_STOP = set("""a an the and or but if then than so to of in on at by for with from into onto over under about
as is are was were be been being it its this that these those there their they them he she his her we our us i
my me you your what which who whom whose when where why how not no nor do does did done has have had having
can could should would will may might must shall just only also very more most less least some any each every
all both other another such same own one two three first second new now out up down off again further once
s t re ve ll d m candidate candidates answer shows show showing names named name clear clearly specific real
evidence rather way made make makes given give gives""".split())


def stem(word: str) -> str:
    """A crude English stem: enough to match "adopted" with "adoption", "decides" with "decided"."""
    w = word.lower().strip("'")
    for suffix in ("ational", "isation", "ization", "ations", "ation", "ments", "ment", "ness", "ities", "ity",
                   "ings", "ing", "ies", "ied", "ers", "er", "ed", "es", "ly", "s", "e"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    return w[:6]


def content_stems(text: str) -> set[str]:
    return {stem(w) for w in re.findall(r"[a-z][a-z'-]+", text.lower()) if w not in _STOP and len(w) > 2}


def split_points(listen_for: str) -> list[str]:
    """The note's sentences; a list of clauses inside one sentence stays one point."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z\"\u201c(])", (listen_for or "").strip())
    return [p.strip() for p in parts if re.search(r"\w", p)]


def _positive(point: str) -> tuple[str, str]:
    """(what the point asks for, what it rules out): a ruled-out clause runs from "not" / "rather
    than" to the next comma, colon or semicolon ("Institutional leverage rather than personal
    mentoring: a decision made elsewhere ..." asks for the leverage and the decision)."""
    asks, rules_out, rest = [], [], point
    while (m := _NEGATION_RX.search(rest)) is not None:
        end = re.compile(r"[,:;.]").search(rest, m.end())
        stop = end.start() if end else len(rest)
        asks.append(rest[: m.start()])
        rules_out.append(rest[m.start(): stop])
        rest = rest[stop:]
    asks.append(rest)
    return " ".join(asks), " ".join(rules_out)


def _overlap(r: AnswerReading, text: str) -> str | None:
    wanted = content_stems(text)
    if not wanted:
        return None
    need = max(2, math.ceil(OVERLAP_SHARE * len(wanted)))
    best, best_n = None, 0
    for s in r.sentences:
        n = len(wanted & content_stems(s.text))
        if n > best_n:
            best, best_n = s.text, n
    return best if best_n >= need else None


def _cover(r: AnswerReading, point: str, previous: ListenPoint | None) -> ListenPoint:
    asks, rules_out = _positive(point)
    for rx, does in _RULED_OUT:
        if rules_out and rx.search(rules_out) and does(r):
            return ListenPoint(point, False)
    concepts = [c for c in CONCEPTS if c.in_point.search(asks)]
    if not concepts:
        if not re.search(r"[a-z]{3}", asks, re.I):  # only a caution ("Not mentoring."): kept when the point before was
            if previous is not None and previous.covered:
                return ListenPoint(point, True, previous.evidence)
            return ListenPoint(point, False)
        found = _overlap(r, asks)
        return ListenPoint(point, found is not None, found or "")
    evidence = []
    for concept in concepts:
        sentence = concept.in_answer(r, asks)
        if sentence is None:
            return ListenPoint(point, False)
        evidence.append(sentence)
    return ListenPoint(point, True, evidence[0])


def listen_for_coverage(answer: str, question: Question) -> list[ListenPoint]:
    """The question's listen_for, point by point, with whether the answer covered
    each one and the sentence that did."""
    points = split_points(getattr(question, "listen_for", "") or "")
    if not points:
        return []
    r = read_answer(answer or "")
    out: list[ListenPoint] = []
    for point in points:
        out.append(_cover(r, point, out[-1] if out else None))
    return out
