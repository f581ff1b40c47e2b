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

from .reading import BU_RX, OWN_UNIT_RX, PERSON_RX, AnswerReading, read_answer
from .results import ListenPoint

__all__ = ["listen_for_coverage", "split_points", "stem", "content_stems", "CONCEPTS", "OVERLAP_SHARE"]

OVERLAP_SHARE = 0.4  # share of a point's content words one answer sentence must share (and at least two)
_FRAMING_WORDS = 25  # a framing is a first sentence this short or shorter


_NEGATED_BEFORE_RX = re.compile(r"\b(?:not|n't|never|no|nothing|nobody|hardly|without)\b"
                                r"(?:(?!\b(?:and|but|so|then)\b)[^,.;:]){0,25}$", re.I)


def negated(text: str, start: int) -> bool:
    """Is the match at `start` said under a negation ("I don't think we gave up anything")?"""
    return bool(_NEGATED_BEFORE_RX.search(text[:start].replace("don't", "do n't").replace("didn't", "did n't")))


def _first(r: AnswerReading, rx: re.Pattern[str]) -> str | None:
    for s in r.sentences:
        if any(not negated(s.text, m.start()) for m in rx.finditer(s.text)):
            return s.text
    return None


def _signal(name: str) -> Callable[[AnswerReading, str], str | None]:
    def check(r: AnswerReading, point: str) -> str | None:
        sentences = r.evidence(name)
        return sentences[0] if sentences else None
    return check


_MONTHS_RX = re.compile(r"\b(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                        r"fifteen|sixteen|eighteen|twenty|twenty[\s-]four|a few|several|half a|a couple of) "
                        r"(?:months?|years?|quarters?)\b[^.;]{0,12}?\b(?:before|ahead|earlier|later|early)\b|"
                        r"\blead time\b[^.;]{0,40}?\bmonths?\b|\bmonths?\b[^.;]{0,30}?\blead time\b", re.I)
_AHEAD_RX = re.compile(_MONTHS_RX.pattern.replace("|later|", "|"), re.I)
_EARLY_RX = re.compile(r"\bbefore (?:anyone|others|peers|the others|it (?:became|was|took|hit)|there was)\b|"
                       r"\bahead of (?:peers|others|the (?:market|competition|need|curve))\b|"
                       r"\b(?:saw|noticed|spotted|caught|read) (?:it|the \w+|this) (?:early|coming|first)\b", re.I)


def _foresight(r: AnswerReading, point: str) -> str | None:
    if re.search(r"\bmonths?\b|\blead time\b", point, re.I):  # the note asks for the lead time itself
        if lead_time_months(r.result) is not None and r.evidence("foresight"):
            return r.evidence("foresight")[0]
        return _first(r, _MONTHS_RX)
    if r.late:
        return None  # "it was already a big trend"
    sentences = r.evidence("foresight")
    return sentences[0] if sentences else _first(r, _EARLY_RX) or _first(r, _AHEAD_RX)


_OWN_IDEA_RX = re.compile(r"^\s*(?:nobody|no one)\b|\b(?:nobody|no one) (?:asked|told|assigned)\b|\bon my own\b|"
                          r"\bmy own (?:initiative|idea|time|budget)\b|\bwithout (?:being asked|a mandate|any mandate|"
                          r"a budget|anyone asking)\b|\bit was my (?:idea|proposal)\b|\bi started (?:it|this)\b", re.I)


def _autonomy(r: AnswerReading, point: str) -> str | None:
    said = _first(r, _OWN_IDEA_RX)
    if r.mandate and not r.has("autonomy"):
        return said
    sentences = r.evidence("autonomy")
    return sentences[0] if sentences else said


_ORIGIN_RX = re.compile(_OWN_IDEA_RX.pattern + r"|\basked me\b|\b(?:gm|vp|director|manager|boss|lead|leadership|cpo|"
                        r"ceo|president)\b[^.;]{0,25}?\b(?:asked|told|gave|assigned|wanted|handed)\b", re.I)


def _origin(r: AnswerReading, point: str) -> str | None:
    """Who asked, or that nobody did: either is an answer."""
    if r.mandate:
        return r.mandate_evidence[0]
    return _autonomy(r, point) or _first(r, _ORIGIN_RX)


_PLURAL_RX = re.compile(r"\b(?:two|three|several|multiple|many|other (?:organi[sz]ations|teams|business units|bus|orgs|"
                        r"units))\b", re.I)


def _cross_bu(r: AnswerReading, point: str) -> str | None:
    """Adoption by other organisations; one named adopter is enough when the note asks for one
    ("numbers from an adopter", "used by another team")."""
    if r.cross_bu:
        return (r.evidence("cross_bu_adoption") or r.adopter_sentences)[0]
    if r.adopters_named and not _PLURAL_RX.search(point):
        first = r.adopters_named[0]
        return next((s.text for s in r.sentences if first in s.text), None)
    for s in r.sentences:  # "Outside my own team, Ele.me and Koubei."
        names = {m.group(0).casefold() for m in BU_RX.finditer(s.text) if not negated(s.text, m.start())}
        if len(names) >= 2 and not OWN_UNIT_RX.search(s.text):
            return s.text
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
        return (r.evidence("cross_bu_adoption") or r.adopter_sentences)[0]
    if r.adopters_named:  # another organisation took it up
        first = r.adopters_named[0]
        return next((s.text for s in r.sentences if first in s.text), None)
    for s in r.sentences:
        if (_OTHER_ORG_RX.search(s.text) and _CHANGE_RX.search(s.text)) or _GROUP_WIDE_RX.search(s.text):
            return s.text
    return None


_DECIDED_RX = re.compile(r"\b(?:decided|decide|chose|chosen|choose|picked|went with|settled on|killed|dropped|refused|"
                         r"said no|cut|stopped|called it|made the call|won on|so we (?:went|chose|picked))\b", re.I)


def _decision(r: AnswerReading, point: str) -> str | None:
    if r.result.decisions:
        return r.result.decisions[0].sentence
    sentences = r.evidence("autonomy")
    return sentences[0] if sentences else _first(r, _DECIDED_RX)


_QUOTED_RX = re.compile(r"\b(?:told (?:me|us|the board)|said (?:to me|that|it|the)|says|in (?:her|his|their) words|"
                        r"called it|credited it|wrote to me|put it)\b|[\"\u201c]", re.I)
_FULL_NAME_RX = re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b")


def _quote(r: AnswerReading, point: str) -> str | None:
    """Someone else's words: the lens's, or a named person or role said to have told or said something."""
    if r.quoted:
        return r.evidence("stakeholder_quote")[0]
    for s in r.sentences:
        if _QUOTED_RX.search(s.text) and (PERSON_RX.search(s.text) or _named_person(s.text) or BU_RX.search(s.text)):
            return s.text
    return None


def _named_person(text: str) -> bool:
    return any(not BU_RX.search(m.group(0)) for m in _FULL_NAME_RX.finditer(text[1:]))


_ROLE_AT_RX = re.compile(r"\b(?:head|lead|director|gm|vp|cpo|manager) (?:of|at|in)\b", re.I)


def _vouch(r: AnswerReading, point: str) -> str | None:
    """Someone there who would vouch: a quote, or a person named by name or role."""
    found = _quote(r, point)
    if found:
        return found
    for s in r.sentences:
        if _named_person(s.text) or _ROLE_AT_RX.search(s.text):
            return s.text
    return None


_ARTEFACT_RX = re.compile(r"\b(?:it'?s|it is|there is|there's|we have|i have) an? (?:[\w-]+ ){0,3}(?:method|template|"
                          r"checklist|rubric|scorecard|scoring model|framework|playbook|rule|one[\s-]pager|page|"
                          r"document|watchlist|model|guide|process)\b|"
                          r"\b(?:each|every) (?:[\w-]+ ){0,3}(?:gets|is) (?:scored|rated|"
                          r"ranked)\b|\b(?:questions|criteria|checks|steps) on one page\b", re.I)


def _framework(r: AnswerReading, point: str) -> str | None:
    if r.framework_made:
        return r.framework_made[0]
    return _first(r, _ARTEFACT_RX)




def _pattern(pattern: str) -> Callable[[AnswerReading, str], str | None]:
    rx = re.compile(pattern, re.I)
    return lambda r, point: _first(r, rx)


_NOT_A_FRAME_RX = re.compile(r"^\W*(?:so,? )?(?:this|it) (?:all )?(?:started|began)\b|"
                             r"^\W*(?:so,? )?(?:back in|when i was|"
                             r"let me (?:tell|start|give)|first of all|okay so|well,? so)\b|\b(?:it'?s|it is|a bit of|"
                             r"kind of) both\b|\bit depends\b", re.I)


_FILLERS = {"sure", "ok", "okay", "so", "um", "uh", "well", "framing", "frame", "yes", "right"}


def _framing(r: AnswerReading, point: str) -> str | None:
    if not r.sentences:
        return None
    first = r.sentences[0].text
    words = [w for w in re.findall(r"[a-z']+", first.lower()) if w not in _FILLERS]
    if len(first.split()) > _FRAMING_WORDS or len(words) < 3 or _NOT_A_FRAME_RX.search(first):
        return None
    return first


@dataclass(frozen=True)
class Concept:
    name: str
    in_point: re.Pattern[str]  # the point names it
    in_answer: Callable[[AnswerReading, str], str | None]  # the covering sentence, or None


def _c(name: str, pattern: str, check: Callable[[AnswerReading, str], str | None]) -> Concept:
    return Concept(name, re.compile(pattern, re.I), check)


CONCEPTS: tuple[Concept, ...] = (
    _c("framing", r"\bfram(?:e|es|ing)\b|\bcrisp\b|\bone sentence\b|places the work on (?:a|one) track", _framing),
    _c("foresight", r"foresight(?! (?:method|framework|process|model|tool))|lead time|\bahead\b|"
                    r"\bearly\b(?! (?:allies|adopters?|champions?|customers|users|partners))|"
                    r"\bearlier\b|before (?:it|others|peers|anyone)|"
                    r"anticipat\w*|months? (?:before|ahead)|\btiming\b|saw it coming|why now", _foresight),
    _c("origin", r"who asked|nobody did|whose idea", _origin),
    _c("autonomy", r"without (?:a |any )?mandate|initiative|own idea|unprompted|without being (?:asked|told)|"
                   r"started the work|nobody asked|self[\s-]started|without (?:formal )?authority|"
                   r"driven by the candidate", _autonomy),
    _c("beyond_team", r"beyond the (?:candidate'?s? )?(?:own )?(?:team|unit)|elsewhere|outside (?:the|their|"
                      r"the candidate'?s?) (?:own )?team|team outside|outside the candidate", _beyond_team),
    _c("adoption", r"other (?:organi[sz]ations?|teams|business units|bus|orgs)|\badopt\w*|\breus\w*|replicat\w*|"
                   r"integrate with|others (?:integrate|build|use)|another (?:team|unit|business unit|organi[sz]ation)|"
                   r"outside teams|building on it|(?:two|several) (?:organi[sz]ations|teams|units)|"
                   r"\bteams? (?:that|who) (?:use|used|copied|apply)|organi[sz]ations? beyond", _cross_bu),
    _c("standard", r"\bstandard\b|standardi[sz]\w*|\bdefault\b|polic(?:y|ies)|institutionali\w+|mandatory|"
                   r"enforce\w*|ownership",
       lambda r, point: r.standard[0] if r.standard else None),
    _c("metric", r"\bnumbers?\b|\bmetrics?\b|before and after|before/after|(?<!cannot )(?<!can't )measur\w*|"
                 r"quantif\w*|\bkpis?\b", _signal("metric")),
    _c("vouch", r"\bvouch|would confirm|\bcontact\b|\bchampion\b", _vouch),
    _c("quote", r"stakeholder|in their (?:own )?words|\bquote\w*|'s words", _quote),
    _c("framework", r"framework|template|scoring|rubric|playbook|decision model|\bmethod\w*|repeatable",
       _framework),
    _c("reversal", r"\brevers\w*|rolled back|\bundo\b|\bundid\b",
       _pattern(r"\brevers\w*|\brolled (?:it |that |the \w+ )?back\b|\bpulled (?:it|the \w+)\b|"
                r"\bswitched (?:it )?off\b|\bundid\b|\bbacked out\b|\bstopped (?:it|the \w+)\b|"
                r"\bkilled (?:it|the \w+)\b|\bturned (?:it )?off\b")),
    _c("decision", r"\bdecision\b(?! (?:framework|model|template|tree|matrix|record|checklist|rule|"
                   r"made (?:elsewhere|by)))|trade[\s-]?offs?|\bchoice\b|\bchose\b|\bthe call\b|\bchoosing\b",
       _decision),
    _c("alternatives", r"alternatives|\boptions\b|\brejected\b|\bversus\b",
       _pattern(r"\boptions?\b|\balternatives?\b|\binstead of\b|\brather than\b|\bversus\b|\bvs\.?\s|\bconsidered\b|"
                r"\bor (?:we|i) could\b|\brejected\b|\bkill(?:ed|ing)\b")),
    _c("cost", r"(?<!learning )\bcost\b|price of|who (?:bore|paid)|bore the cost|gave up|given up|give up|sacrific\w*|"
               r"who bore",
       _pattern(r"\bcost\w*|\bpaid\b|\blost\b|\bgave up\b|\bgive up\b|\bsacrific\w*|\bat the expense\b|\bhurt\b|"
                r"\bwrite[\s-]off\b|\bwrote off\b|\bpaid for it\b")),
    _c("delay", r"cost of delay|\bwaiting\b|\bdelay\b|never start\w*|not (?:being )?start\w*|without the work",
       _pattern(r"\bwait\w*|\bdelay\w*|\bif (?:we|i) had(?:n't| not)\b|\bwould have (?:cost|lost|hit|been)\b|"
                r"\btoo late\b|\bmonths later\b|\bwithout (?:it|this|the \w+), (?:we|they)\b")),
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
    (re.compile(r"integration|one[\s-]off", re.I), lambda r: r.cross_bu and not r.standard),
    (re.compile(r"integrated for them|done for them|built for them", re.I),
     lambda r: bool(re.search(r"\b(?:we|i|my (?:team|engineers)) (?:integrated|built|wired|plugged) (?:it |the \w+ )?"
                              r"(?:for|into) (?:them|their)\b|\bdid the work\b", r.text, re.I))),
    (re.compile(r"instinct|\bgut\b|intuition", re.I),
     lambda r: _first(r, re.compile(r"\binstinct\w*|\bgut\b|\bintuition\b|\bnose for\b", re.I)) is not None),
    (re.compile(r"a/?b tests?|experiments? alone", re.I),
     lambda r: bool(re.search(r"\ba/?b[\s-]?tests?\b", r.text, re.I)) and not r.result.decisions),
)
_NEGATION_RX = re.compile(r"(?:^|[,:;]\s*|\band\s)(?:not|never|no)\b|\brather than\b|\binstead of\b", re.I)

_STOP = set("""a an the and or but if then than so to of in on at by for with from into onto over under about
as is are was were be been being it its this that these those there their they them he she his her we our us i
my me you your what which who whom whose when where why how not no nor do does did done has have had having
can could should would will may might must shall just only also very more most less least some any each every
all both other another such same own one two three first second new now out up down off again further once
s t re ve ll d m candidate candidates answer shows show showing names named name clear clearly specific real
evidence rather way made make makes given give gives says say describes describe explains explain offers offer
states state puts put tells tell knows know includes include draws draw argues argue real concrete honestly honest
plainly whether someone something thing things its it's them between among owns owned""".split())


def stem(word: str) -> str:
    """A crude English stem: enough to match "adopted" with "adoption", "decides" with "decided"."""
    w = word.lower().strip("'")
    for suffix in ("ational", "isation", "ization", "ations", "ation", "ments", "ment", "ness", "ities", "ity",
                   "ings", "ing", "ies", "ied", "ers", "er", "ed", "es", "ly", "s", "e"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            doubled = len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsaeiou"
            if suffix in ("ed", "ing", "er", "ers", "ings") and doubled:
                w = w[:-1]  # "dropped" -> "drop"
            elif suffix in ("ies", "ied"):
                w += "y"  # "allies" -> "ally"
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


# Ideas the bank's notes name in words an answer rarely repeats: (name, how a note says it, how an answer says it).
# A note's words for an idea are matched by any of the answer's paraphrases (not under a negation).
IDEAS: tuple[tuple[str, str, str], ...] = (
    ("reason", r"\bwhy\b|\breasons?\b|\breasoning\b|\bbecause\b|\bworth it\b|\bwas worth\b",
     r"\bbecause\b|\bso that\b|\bsince\b|\breasons?\b|\bthe point (?:was|is)\b|\bwhich meant\b|\bwould have cost\b|"
     r"\bworth\b|\bfar more\b|\bpaid off\b|\bthe right call\b"),
    ("written", r"written down|\bwritten\b|\bdocument\w*|\bwrite down\b",
     r"\b(?:wrote|written|(?:i|we) (?:did )?write) (?:it |that |this |how \w+ \w+ \w+ )?down\b|\bwritten\b|"
     r"\bdocument\w*|\bwiki\b|\bone[\s-]pager\b|"
     r"\bon (?:one|a|the same) page\b|\bpage document\b|\bdoc\b|\bconfluence\b|\byuque\b"),
    ("surfaced", r"\bsurfac\w*|\brevealed?\b|\bflagg?\w*|\bcaught\b",
     r"\bsurfac\w*|\brevealed?\b|\bflagg\w*|\bcaught\b|\bspotted\b|\bshowed (?:them|us)\b|\bmade them see\b|"
     r"\bwarned\b|\bpicked up\b|\bdetected\b|\bfound\b"),
    ("ally", r"\ball(?:y|ies)\b|\bchampions?\b|\bsupporters?\b",
     r"\ball(?:y|ies)\b|\bchampion\w*|\bsupporters?\b|\bhelp(?:ed)? (?:from|me)\b|\bbacked (?:me|it|us)\b|"
     r"\bjoined\b|\bsided with\b"),
    ("resistance", r"\bresist\w*|\bopposition\b|\bopponents?\b|\bobject\w*|\bholdouts?\b|\bobjections?\b|"
                   r"\bdisagree\w*|\brefus\w*|\bdeclined\b|\bpushed back\b",
     r"\bagainst (?:it|this|the)\b|\bobject\w*|\bpushed back\b|\bdisagree\w*|\bresist\w*|\bopposed?\b|\brefused\b|"
     r"\bdeclined\b|\bsaid no\b|\bblocked\b|\bdid(?: not|n't) (?:want|trust|agree)\b|\bsceptic\w*|\bskeptic\w*"),
    ("escalation", r"\bescalat\w*", r"\bescalat\w*|\bover (?:his|her|their|my) heads?\b|\bwent to (?:my|his|her|their) "
                                    r"(?:vp|boss|gm|director)\b"),
    ("mistake", r"\bmistakes?\b|\bwrong\b|\berrors?\b|\bfailures?\b|\bwhat broke\b",
     r"\bmistakes?\b|\bwrong\b|\bmy fault\b|\bmisjudged\b|\bunderestimated\b|\bi own (?:it|that)\b|\bfailed\b|"
     r"\bbroke\b"),
    ("detected", r"\bdetected\b|\bdiagnos\w*|\bnoticed\b",
     r"\bsaw (?:it|that|this)\b|\bnoticed\b|\bspotted\b|\bdetected\b|\bcaught\b|\bdiagnos\w*|\breports?\b|"
     r"\bdashboards?\b|\balerts?\b|\bmonitor\w*|\bfound (?:out|that)\b|\binterviews?\b|\btalked to\b|"
     r"\basked (?:them|the)\b"),
    ("fast", r"\bhow fast\b|\bquickly\b|\bspeed\b",
     r"\bwithin\b|\bon day\b|\bquickly\b|\bin (?:a|one|two|three|\d+) (?:days?|hours?|weeks?)\b|"
     r"\b(?:days?|hours?|weeks?) "
     r"later\b|\bnext (?:day|morning|week)\b|\bsame day\b"),
    ("afterwards", r"\bafterwards\b|\bsince\b|\bfrom then on\b|\bnext planning\b|\bsurvived\b",
     r"\bafter that\b|\bafterwards\b|\bsince then\b|\bfrom then on\b|\bever since\b|\bnow (?:every|any|all|we|they)\b|"
     r"\bstill\b|\bnext (?:cycle|year|planning)\b"),
    ("decision_process", r"way decisions are made|how (?:teams|they|people) decide|way of deciding",
     r"\brules?\b|\bchecklists?\b|\bprocess\b|\btemplate\b|\bcriteria\b|\breview\b|\bmust\b|\bgets? an?\b"),
    ("criteria", r"\bcriteri\w*", r"\bcriteri\w*|\bscored on\b|\bjudged (?:it |them )?on\b|\bweighed\b|\bwon on\b|"
                                  r"\blost (?:badly )?on\b|\bmeasured (?:them|it) (?:on|by)\b"),
    ("tension", r"\btension\b|\bconflict\w*|\bopposite\b",
     r"\bwon on\b[^.]{0,60}\blost\b|\bbut (?:we |it |you )?(?:would|could)? ?lose\b|\bat the (?:cost|expense) of\b|"
     r"\bcheapest but\b|\bconflict\w*|\btension\b|\btrade[\s-]?off\b|\bpull(?:ed|s)? against\b"),
    ("options", r"\boptions\b|\balternatives?\b", r"\boptions?\b|\balternatives?\b|\binstead of\b|\brather than\b|"
                                                  r"\bor (?:we|i) could\b|\beither\b"),
    ("trade", r"\btrade\b|\btrade[\s-]?offs?\b",
     r"\bgave up\b|\btrade\w*|\binstead\b|\brather than\b|\bmoved (?:those|the|our) \w+ (?:onto|to)\b|"
     r"\bat the (?:cost|expense) of\b|\bin exchange\b|\bpaid for\b"),
    ("follows", r"follows from|consistent with|\bties? (?:the \w+ |it )?to\b",
     r"\bbecause\b|\bso that\b|\bsince\b|\bwhich meant\b|\bthe (?:whole )?point (?:was|is)\b|\bgiven (?:that|the)\b"),
    ("existed_before", r"existed before|before any (?:mandate|resources|sponsor)|came before|under way before|"
                       r"before the sponsor",
     r"\bby the time\b|\balready (?:had|built|running|working|using|live)\b|\bbefore (?:anyone|my \w+|the \w+|he|she|"
     r"they|any)\b[^.;]{0,20}?\b(?:heard|knew|saw|asked|approved|agreed|involved)\b|\bprototype\b|\bfirst version\b"),
    ("use_for", r"uses? it for|what (?:each|they) uses?", r"\b(?:uses?|used|runs?|ran|plugged) (?:it|them|this|the \w+)"
                                                          r"(?: \w+){0,3} (?:to|as|for|when|into)\b"),
    ("without_me", r"without the candidate|did not drive|not drive personally|without (?:their|the candidate'?s?) help|"
                   r"stands without|works without|without the candidate'?s? help",
     r"\bwithout me\b|\bi (?:was|am) not (?:in|there|part|invited)\b|\bi only heard\b|"
     r"\bheard about it (?:after|later)\w*|"
     r"\bnot in (?:the|those) (?:room|meetings?|loop)\b|\bi(?:'m| am) not in the loop\b|\bwithout (?:my|our) "
     r"(?:help|involvement|team)\b|\bon their own\b|\bthemselves\b|\bnone of them were told\b|\bnobody from my team\b"),
    ("owner", r"\bowners?\b|\bwho owns\b|\bmaintains?\b|\bkeeps? (?:it|the \w+) current\b|\bcarries\b",
     r"\bown(?:s|ed|er|ers|ership)\b|\bmaintain\w*|\bon[\s-]call\b|\bresponsible\b|\bin charge\b|\bruns? it\b|"
     r"\bfunds?\b"),
    ("drop", r"\bdrop\w*|\bcut\b|\bstop\w*|\bno longer\b|\bremoved?\b",
     r"\bdropp\w*|\bdrop\b|\bcut\b|\bstopp\w*|\bno longer\b|\bremoved?\b|\bkilled\b|\bclosed\b|\bgave up\b|\bpulled\b"),
    ("simple", r"\bsimplicity\b|\bsimple\b", r"\bsimpl\w*|\bone (?:call|line|page|endpoint|step)\b|\bminutes to\b|"
                                             r"\bin an afternoon\b|\bno training\b|\bself[\s-]serve\b"),
    ("used", r"\bused rather than stored\b|\bin use\b|\bused\b",
     r"\b(?:use[sd]?|using|runs?|ran|adopt\w*|took it|every (?:week|day|month|quarter|launch|review))\b"),
)
_IDEAS_RX = tuple((name, re.compile(point, re.I), re.compile(answer, re.I)) for name, point, answer in IDEAS)
# "Names who decided it": a person, a role, an organisation or a named team (checked in _ideas_in).
_WHO_RX = re.compile(r"\bwho (?:decided|owns|owned|maintains|bore|paid|agreed|objected|said|gave|keeps|carries|asked|"
                     r"wanted|had to agree)\b|\bnames? (?:a |the )?(?:person|people|owners?|champion)\b", re.I)
_TEAM_NAMED_RX = re.compile(r"\b(?:the|their|our|my) (?:[a-z]+ ){0,2}(?:team|lead|head|manager|director|owner|"
                            r"office)\b", re.I)


def _ideas_in_point(text: str) -> tuple[set[str], str]:
    """The ideas a point names, and its words left over."""
    names: set[str] = set()
    rest = text
    if _WHO_RX.search(rest):
        names.add("who")
    for name, in_point, _ in _IDEAS_RX:
        if in_point.search(rest):
            names.add(name)
            rest = in_point.sub(" ", rest)
    return names, rest


_SELF_OWNER_RX = re.compile(r"\b(?:i'm|i am) the (?:\w+ )?owner\b|\bcome to me\b", re.I)


def _ideas_in(text: str, names: set[str]) -> set[str]:
    found = set()
    if "who" in names and (PERSON_RX.search(text) or _named_person(text) or BU_RX.search(text)
                           or _TEAM_NAMED_RX.search(text)):
        found.add("who")
    for name, _, in_answer in _IDEAS_RX:
        if name in names and any(not negated(text, m.start()) for m in in_answer.finditer(text)):
            if name == "owner" and _SELF_OWNER_RX.search(text):
                continue  # the candidate as the owner is what the note asks beyond
            found.add(name)
    return found


def _overlap(r: AnswerReading, text: str) -> str | None:
    """The sentence (with the next one, as spoken answers run on) that says the most of the point: its ideas in
    any of their paraphrases and its other content words, stemmed; at least 40% of them and at least two, or
    the one idea or word of a short point."""
    ideas, rest = _ideas_in_point(text)
    wanted = content_stems(rest)
    units = len(ideas) + len(wanted)
    if not units:
        return None
    need = units if units <= 2 else max(2, math.ceil(OVERLAP_SHARE * units))
    best, best_n = None, 0
    for i, s in enumerate(r.sentences):
        # an idea of a longer point may come a sentence or two later; a one-idea point is said in one sentence
        window = " ".join(t.text for t in r.sentences[i:i + (3 if units > 1 else 1)])
        n = len(ideas & _ideas_in(window, ideas)) + len(wanted & content_stems(s.text))
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
    ideas, _ = _ideas_in_point(asks)  # "a decision made with it *without the candidate*"
    if ideas and not ideas <= _ideas_in(r.text, ideas):
        return ListenPoint(point, False)
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
