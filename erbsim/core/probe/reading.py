"""One answer read once for the probe: the lens result plus the facts the
follow-up, the conditions and the coverage ask about (numbers without a
baseline, adoption said only of the candidate's own unit, names and numbers).

Everything here reads the lens's output and the answer's words; the lens
rules themselves are not changed (erbsim/core/lens is frozen with its model).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from erbsim.core.lens import LensResult, Sentence, analyze, find_numbers
from erbsim.core.lens.cleaning import clean

from . import adopters as _adopters

__all__ = ["AnswerReading", "read_answer", "normalise", "BU_RX", "mentions"]

# A number said with its baseline: "from 9 to 6", "down from 12", "before ... after", "used to ... now".
BASELINE_RX = re.compile(
    r"\bfrom\b[^.;]{0,50}?\bto\b|\b(?:up|down|rose|fell|grew|dropped|increased|decreased|went|came) from\b|"
    r"\bbefore\b[^.;]{0,80}?\b(?:after|now|today)\b|\b(?:used to|previously|had been)\b[^.;]{0,80}?\b(?:now|today)\b|"
    r"\bcompared (?:with|to)\b|\bversus\b|\bvs\.?\s|\bbaseline\b|\binstead of\b[^.;]{0,12}?(?:\d|\b(?:one|two|three|"
    r"four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)\b)|"
    r"\bfrom (?:zero|nothing|none|scratch)\b|"
    r"\b\d+(?:\.\d+)?\s?(?:%|percent)?\s?(?:to|->|→)\s?\d", re.I)
# Adoption said of teams inside the candidate's own unit (integration, not cross-BU adoption).
OWN_UNIT_RX = re.compile(
    r"\b(?:in|inside|within|of|from|across) (?:my|our) own (?:bu|business unit|org|organi[sz]ation|unit|group|"
    r"department|division|company|team|area|vertical|line)\b|"
    r"\b(?:inside|within|in|across) (?:my|our) (?:bu|business unit|org|organi[sz]ation|unit|department|division|"
    r"vertical|product line)\b|\b(?:only )?one other team\b|\bneighbou?ring teams?\b|\bsister (?:teams?|squads?)\b|"
    r"\b(?:teams?|squads?) (?:next to|down the hall from|beside) (?:us|mine|ours|my team)\b|"
    r"\b(?:my|our) (?:own )?(?:other )?(?:squads?|pods?)\b", re.I)
TEAMS_RX = re.compile(r"\b(?:teams?|squads?|pods?|groups?|orgs?|departments?|use[sd]?|using|adopt\w*|picked|took|"
                      r"run[s]?|rely|relies|integrat\w*|reus\w*)\b", re.I)

_PUSHBACK_RX = re.compile(r"\b(?:pushed back|said no|argued against|challenged|disagreed|refused|instead)\b", re.I)
# Artefacts a candidate leaves behind for others to decide with (besides the lens's framework words).
_ARTEFACT = (r"(?:rules?|guidelines?|checklists?|decision trees?|calculators?|heuristics?|principles|criteria|"
             r"scorecards?|frameworks?|templates?|playbooks?|rubrics?|(?:scoring|sizing|pricing|payback|decision|"
             r"planning|prioriti[sz]ation|forecasting|readiness) models?|one[\s-]pagers?|canvas(?:es)?|worksheets?|"
             r"methods?|methodology|review formats?|guides?)")
_MADE_RULE_RX = re.compile(
    r"\b(?:i|we) (?:wrote|built|created|designed|made|drafted|put together|came up with|developed|defined|turned)\b"
    r"[^.;]{0,60}?\b" + _ARTEFACT + r"\b|"
    r"\b(?:the|a|my|our|this) (?:[\w-]+ ){0,3}" + _ARTEFACT + r" (?:that )?(?:i|we) (?:wrote|built|created|designed|"
    r"made|drafted|put together|developed|defined)\b", re.I)
_OTHERS_USE_RX = re.compile(
    r"\b(?:teams?|squads?|units?|bus|orgs?|pms|people|everyone|engineers|groups?|both|all (?:three|four|of them))\b"
    r"[^.;]{0,40}?\b(?:use|uses|used|using|apply|applies|applied|follow|follows|followed|adopted|run|runs|fill|fills|"
    r"filled|go through|went through|decide with|plan with|made (?:it|the \w+) mandatory)\b", re.I)
_NOT_USED_RX = re.compile(r"\b(?:nobody|no one|no other|never|not yet|didn't|did not|don't|doesn't)\b", re.I)
ADOPT_RX = re.compile(
    r"\b(?:adopt\w*|picked (?:it |this |them )?up|reus\w*|rolled (?:it |this )?out (?:to|across|in)|"
    r"migrated (?:to|onto)|(?:re)?built (?:\w+ ){0,3}on (?:top of )?(?:it|this|our|my)|integrat\w*|copied|replicated|"
    r"runs? on (?:it|this|our|my)|plugged (?:it |this )?into|signed up|"
    r"took (?:it|this)|"
    r"switched (?:to|onto)|onboarded|(?:now |also )?(?:use|uses|used|using|run|runs|ran|rely on|relies on|call|calls)"
    r" (?:it|this|that|our|my|the same))\b", re.I)
_NOBODY_ELSE_RX = re.compile(r"\b(?:no other|nobody else|no one else|only (?:my|our)|"
                             r"(?:nobody|no one) (?:was|is|has|had)|"
                             r"not (?:yet )?(?:used|adopted|using))\b", re.I)
# Verbs by which an organisation takes the work up: "Fliggy used it", "Tmall, Ele.me and Fliggy all reserve through it".
_USE_VERB_RX = re.compile(
    r"\b(?:use[sd]?|using|runs?|ran|adopt\w*|took|picked|integrat\w*|reus\w*|copied|plugged|rolled|rebuilt|built on|"
    r"switched|rel(?:y|ies|ied) on|fill(?:s|ed)? (?:it )?in|decides? with|plans? with|came on board|signed up|"
    r"onboarded|migrated|moved (?:onto|to)|calls?|called|reserves? through|go(?:es)? through|went through)\b", re.I)
# An organisation said as the one taking the work up: "Damai used it", "Alibaba Cloud's small business team used ...".
_SUBJECT_ORG_RX = re.compile(
    r"\b((?:[A-Z][\w.&'-]+ ){0,2}[A-Z][\w.&'-]+)(?:'s(?: [a-z][\w-]*){0,4}| (?:[a-z]+ )?teams?)?,? (?:also |then |now "
    r"|later |both |all |quickly |soon )?(?:adopted|used|uses|took (?:it|this|them|the \w+)|runs?|integrated|reused|"
    r"reuses|copied|plugged|rolled|rebuilt|switched|came on board|signed up|go(?:es)? through|went through)\b")
# All of them: "All three run it", "Both use it" said after the organisations were listed.
_ALL_OF_THEM_RX = re.compile(r"\b(?:all (?:three|four|five|of them)|both (?:of them|units|teams)?|each of them)\b"
                             r"[^.;]{0,30}?"
                             + _USE_VERB_RX.pattern, re.I)
# A list of organisations doing something together: "Tmall, Ele.me and Fliggy all reserve through it".
_LIST_ALL_RX = re.compile(r"\band (?:the )?[A-Z][\w.&'-]+(?: [A-Z][\w.&'-]+)?(?:'s [a-z]+ teams?)? "
                          r"(?:all|both|now|also) "
                          r"(?!of\b|the\b)[a-z]+")
# A lens count of customers, not units: "three hundred brands use it".
_CUSTOMER_COUNT_RX = re.compile(r"\b(?:brands|companies|markets|businesses|platforms)\b", re.I)
_BEFORE_RX = re.compile(r"\s*(?:before(?: that| it| this)?,|previously,|it used to\b|we used to\b|at the start,)", re.I)
_OTHER_UNITS_RX = re.compile(r"\b(?:two|three|four|five|several|other|many) (?:other )?(?:business units|bus|"
                             r"organi[sz]ations|orgs|units|divisions)\b", re.I)
# Said to be a standard in words the lens's rules do not list ("made it mandatory", "written into the policy").
STANDARD_RX = re.compile(
    r"\b(?:mandatory|compulsory|required (?:for|in|by|before)|(?:the|a|their|our) default|by default|"
    r"(?:the|their|our|a) (?:\w+ ){0,2}standard\b|policy|official(?:ly)?|written into|part of (?:the|every|their|our) "
    r"(?:standard|planning|launch|review|site) \w+|(?:is|became) the rule|"
    r"how (?:\w+ ){0,2}(?:works?|dispatch\w*|plans?|"
    r"decides?|launch\w*) now)\b", re.I)
# Said not to be one: "still opt-in", "not in the standard setup", "up to the site manager".
NOT_STANDARD_RX = re.compile(
    r"\b(?:(?:still |only )?opt[\s-]in|optional|not (?:yet |really )?(?:the |a |in the )?(?:standard|default|mandatory|"
    r"policy|required)|(?:nobody|no one)(?:'s| has| have)? (?:yet )?made it (?:the |a )?(?:standard|default|platform "
    r"default|mandatory)|(?:is|are|it's) up to (?:each|the|every) [\w\s]{0,20}?(?:team|site|unit|manager|pm|owner)s?|"
    r"teams? can (?:skip|ignore|choose)|still (?:an? )?option|each team (?:vendors|forks|keeps) (?:a|its own) (?:copy|"
    r"version)|separate deployments?)\b", re.I)
# The candidate says they did not see it early: "it was already a big trend", "everyone was talking about it".
LATE_RX = re.compile(
    r"\b(?:(?:i )?(?:don't|do not|didn't|did not) (?:know if (?:i|we) )?(?:see|saw) it (?:coming|before|early)|"
    r"(?:was|were) already (?:a |an )?(?:big |clear |obvious |known |huge )?(?:trend|obvious|happening|urgent|"
    r"everywhere)|everyone (?:was|were) (?:already )?talking about it|(?:we|i) (?:were|was) late|"
    r"(?:we|i) (?:were|was) not (?:first|early|ahead))\b", re.I)
# Asks the lens's mandate rules do not list: "he was the one who brought it to me", "you own this".
_HANDED_RX = re.compile(
    r"\b(?:(?:was|is) the one who (?:brought|gave|handed|assigned) (?:it|this|the \w+) to me|you own (?:this|it)|"
    r"(?:i was|i got) (?:named|made|appointed) (?:as )?(?:the )?owner|came (?:to me )?from above|top[\s-]down "
    r"(?:priority|ask|request|mandate)|handed (?:it|this|the \w+) (?:over )?to me|assigned (?:it|this) to me|"
    r"was given to me|was my assignment)\b", re.I)
# Words of someone in the candidate's own line ("my director said"), not a stakeholder outside the team.
_OWN_LINE_RX = re.compile(r"\b(?:my|our) (?:own )?(?:director|manager|boss|vp|gm|lead|team|skip[\s-]level|leadership|"
                          r"supervisor|engineers?|pms?)\b[^.;]{0,40}?\b(?:said|says|told|called it|thinks?)\b|"
                          r"\b(?:he|she) said\b", re.I)
_NAMED_UNIT_RX = re.compile(r"\b(?:the|their) ((?:[A-Z][\w.&-]*\s){1,3})(?:team|org|unit|business|group|division)\b")
_SOFT_MANDATE_RX = re.compile(
    r"\b(?:my|our|the|his|her)\s+(?:[\w.'-]+\s){0,2}?(?:manager|boss|gm|general manager|vp|director|head|lead|cpo|ceo|"
    r"cto|skip[\s-]level|leadership|supervisor)\b[^.;]{0,25}?\b(?:suggested (?:we|i|that|me|my|our)|"
    r"proposed (?:we|i|that)|nominated me|picked me|pointed me|pushed me to|volunteered me|signed me up)\b",
    re.I)  # the asks the lens's mandate rules do not list (they list "asked me to", "told me to", "gave me" ...)
_NOT_AN_ASK_RX = re.compile(r"\b(?:not|never|n't|didn't|did not|later|nobody|no one)\b", re.I)
_ABOUT_RESULTS_RX = re.compile(r"[\s,]*(?:me |us )?(?:how|what|why|whether|if|about)\b", re.I)
_WE_PUSHED_BACK_RX = re.compile(r"\b(?:i|we) (?:pushed back|said no|refused|disagreed|argued against)\b", re.I)
# Alibaba business units and products, as they are said (besides capitalised names).
_BU_NAMES = (
    "taobao", "tmall", "cainiao", r"ele\.?me", "freshippo", "hema", "lazada", "daraz", "trendyol", "aliexpress",
    "alipay", "ant group", "ant financial", "ding ?talk", "youku", "amap", "gaode", "fliggy", "xianyu", "idle fish",
    "1688", r"alibaba\.com", "alibaba cloud", "aliyun", "damo", "tongyi", "qwen", "quark", "ucweb", "uc browser",
    "koubei", "alimama", "intime", "sun art", "miravia", "kaola", "lingxi", "alibaba health", "alibaba pictures",
    "local services", "international digital commerce", "aidc", "taotian", "lazmall", "tmall global", "damai",
    "taobao maicai", "maicai", "feizhu", "zhima", "sesame credit", "hujing", "banma",
)
BU_RX = re.compile(r"\b(?:" + "|".join(n.replace(" ", r"[\s-]?") for n in _BU_NAMES) + r")\b", re.I)
# People by role: "the GM", "our CPO", "the head of Lazada marketing".
PERSON_RX = re.compile(
    r"\b(?:gm|general manager|cpo|ceo|cto|coo|cfo|vp|svp|evp|director|head of|chief \w+ officer|architect|"
    r"tech lead|p10|p11|president|founder|sponsor)\b", re.I)
# Capitalised words that name nothing specific.
_COMMON_CAPS = {
    "i", "i'm", "i've", "i'd", "i'll", "okay", "ok", "so", "and", "but", "the", "we", "it", "yes", "no", "well",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "q1", "q2", "q3",
    "then", "now", "they", "them", "their", "our", "my", "this", "that", "both", "all", "each", "everyone", "nobody",
    "people", "teams", "later", "first", "also", "most", "some", "many", "finally", "today", "eventually", "soon",
    "after", "before", "when", "once", "if", "because", "he", "she", "you", "there", "which", "who", "users",
    "q4", "okrs", "okr", "kpi", "kpis", "ai", "ml", "pm", "pms", "english", "chinese", "honestly", "actually",
}
# Words that say the work had an effect, so a missing number is a missing number.
IMPACT_RX = re.compile(
    r"\b(?:impact|result(?:ed|s)?|difference|improv\w*|better|worse|increas\w*|decreas\w*|reduc\w*|grew|growth|"
    r"rose|fell|dropped|saved|savings|faster|slower|cheaper|boost\w*|lift\w*|helped|changed|turning point|"
    r"success\w*|went well|paid off|moved the needle|huge|massive|significant\w*|differently|transform\w*)\b",
    re.I)


_COUNTED_METRICS = ("metric.percent", "metric.money", "metric.volume")
# Words that say the work spread beyond the team, whether or not anyone is named.
REACH_RX = re.compile(
    r"\b(?:spread|everyone (?:uses|is using|runs|has)|everybody (?:uses|is using)|widely (?:used|adopted)|"
    r"across the (?:company|group|whole business|org)|(?:company|group|org)[\s-]wide|everywhere|"
    r"(?:many|several|lots of|a lot of) (?:other )?(?:teams|people|units|bus|business units|orgs) (?:now )?"
    r"(?:use|run|rely)|"
    r"(?:was|got|has been) (?:adopted|reused|copied)|scaled (?:it )?(?:out|across))\b", re.I)


def normalise(text: str) -> str:
    """Lower case, letters and digits only, single spaces: for comparing texts."""
    return " ".join(re.findall(r"[a-z0-9]+", text.casefold()))


# Business units said by two names.
_ALIASES = (("freshippo", "hema"), ("ele me", "eleme"), ("amap", "gaode"), ("xianyu", "idle fish"),
            ("alibaba cloud", "aliyun"), ("international digital commerce", "aidc"), ("ant group", "ant financial"),
            ("taotian", "taobao"))


def mentions(answer_norm: str, name: str) -> bool:
    """Does a normalised answer name `name` (an organisation, a person's title)?
    "Ele.me" matches "eleme" and "ele me", "Freshippo" matches "Hema"; a long name
    matches on its first distinctive word ("Lazada marketing" -> "lazada")."""
    norm = normalise(name)
    if not norm:
        return False
    names = next((pair for pair in _ALIASES if norm in pair), (norm,))
    return any(_said(answer_norm, n) for n in names)


def _said(answer_norm: str, norm: str) -> bool:
    padded = f" {answer_norm} "
    if f" {norm} " in padded or f" {norm.replace(' ', '')} " in padded:
        return True
    words = [w for w in norm.split() if len(w) >= 4 and w not in _GENERIC_ORG_WORDS]
    return bool(words) and f" {words[0]} " in padded


_GENERIC_ORG_WORDS = {"team", "teams", "group", "unit", "business", "division", "department", "international",
                      "local", "services", "cloud", "global", "digital", "commerce", "marketing", "the"}


@dataclass
class AnswerReading:
    text: str
    result: LensResult
    clean: str = field(init=False)

    def __post_init__(self) -> None:
        self.clean = clean(self.text)

    @property
    def sentences(self) -> list[Sentence]:
        return self.result.sentences

    @cached_property
    def words(self) -> int:
        return len(self.text.split())

    @cached_property
    def norm(self) -> str:
        return normalise(self.text)

    def has(self, name: str) -> bool:
        return self.result.has(name)

    def evidence(self, name: str) -> tuple[str, ...]:
        return tuple(self.result.signals[name].sentences)

    def triggers(self, name: str) -> tuple[str, ...]:
        seen: list[str] = []
        for ev in self.result.signals[name].evidence:
            if ev.trigger not in seen:
                seen.append(ev.trigger)
        return tuple(seen)

    @cached_property
    def mandate_found(self) -> tuple[tuple[str, str], ...]:
        """(sentence, words) where the work is said to be asked for: the lens's mandate, or, when it
        marks none, a softer ask it does not list ("my manager suggested we look at it"); never what
        the candidate pushed back on ("The VP wanted to cut the subsidy. I pushed back ...")."""
        found = [(e.sentence, e.trigger) for e in self.result.signals["mandate"].evidence]
        if not found:
            for s in self.sentences:
                m = _SOFT_MANDATE_RX.search(s.text)
                if m and not _NOT_AN_ASK_RX.search(m.group(0)) and not _ABOUT_RESULTS_RX.match(s.text[m.end():]):
                    found.append((s.text, m.group(0)))
                elif (h := _HANDED_RX.search(s.text)) is not None:
                    found.append((s.text, h.group(0)))
        order = {s.text: i for i, s in enumerate(self.sentences)}
        pushed = {order.get(e.sentence, -9) for e in self.result.signals["autonomy"].evidence
                  if e.rule == "autonomy.against_the_ask" or _PUSHBACK_RX.search(e.trigger)}
        pushed |= {i for i, s in enumerate(self.sentences) if _WE_PUSHED_BACK_RX.search(s.text)}
        kept = [(text, words) for text, words in found
                if order.get(text, -9) not in pushed and order.get(text, -9) + 1 not in pushed]
        return tuple(dict.fromkeys(kept))

    @property
    def mandate(self) -> bool:
        return bool(self.mandate_found)

    @property
    def mandate_evidence(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(text for text, _ in self.mandate_found))

    @property
    def mandate_words(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(words for _, words in self.mandate_found))

    @cached_property
    def framework_evidence(self) -> tuple[str, ...]:
        """A framework of the candidate's that others use: the lens's talent_multiplier, or a rule,
        checklist or model the candidate wrote that teams or named organisations use (words the lens
        does not list)."""
        if self.has("talent_multiplier"):
            return self.evidence("talent_multiplier")
        for i, s in enumerate(self.sentences):
            if _MADE_RULE_RX.search(s.text):
                window = " ".join(t.text for t in self.sentences[i:i + 3])  # "I wrote a rule: if ...; else ... ."
                used = _OTHERS_USE_RX.search(window) or (self.adopters_named and any(
                    t.text in self.adopter_sentences for t in self.sentences[i:i + 4]))
                if used and not _NOT_USED_RX.search(window):
                    return (s.text,)
        return ()

    @cached_property
    def framework_made(self) -> tuple[str, ...]:
        """Sentences where the candidate says they made a framework, template, rule or model, used by
        others or not ("I wrote a one page scorecard")."""
        return self.framework_evidence or tuple(s.text for s in self.sentences if _MADE_RULE_RX.search(s.text))

    @property
    def framework(self) -> bool:
        return bool(self.framework_evidence)

    @cached_property
    def own_unit_sentences(self) -> tuple[str, ...]:
        """Sentences that put adopters inside the candidate's own unit."""
        out = []
        for s in self.sentences:
            m = OWN_UNIT_RX.search(s.text)
            if m is None:
                continue
            # "onboarding for all new PMs in our org" names no adopter
            rest = s.text[:m.start()] + " " + s.text[m.end():]
            if TEAMS_RX.search(rest) and (ADOPT_RX.search(s.text) or _USE_VERB_RX.search(s.text)):
                out.append(s.text)
        return tuple(out)

    @cached_property
    def cross_bu(self) -> bool:
        """Adoption by other organisations, not only by teams in the candidate's own unit: the lens's
        rules (a count of units, two organisations in one sentence), or two organisations named as
        using it, or one named and other units said ("Lazada, and then two other BUs"). When only the
        lens saw adoption by naming organisations, or only its learned model saw it, the organisations
        must be named by the reader of adopters.py too (not customers, not the candidate's own unit,
        not only planned)."""
        evidence = self.result.signals["cross_bu_adoption"].evidence
        sentences = self.evidence("cross_bu_adoption")
        if sentences and all(s in self.own_unit_sentences for s in sentences):
            return False
        if any(e.rule == "cross_bu.count" and not _CUSTOMER_COUNT_RX.search(e.trigger) for e in evidence):
            return True  # "three business units adopted it"; two organisations named are read again below
        named = len(self.adopters_named)
        others = any(_adopters.OTHER_UNITS_RX.search(s) for s in (*sentences, *self.adopter_sentences)
                     if s not in self.own_unit_sentences)
        return named >= 2 or (others and (named == 1 or bool(sentences)))

    @cached_property
    def _adoption(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(organisations named as using the work, the sentences that say so): the broad reader of
        `adopters.py`, plus a bare list the answer then says all of them use ("Hema, Tmall Supermarket
        and Taobao Maicai. All three run it.")."""
        texts = [s.text for s in self.sentences]
        names, said = _adopters.adopters(texts, self.text, self.own_unit_sentences,
                                         self.evidence("cross_bu_adoption"))
        old_said = []
        for text in texts:
            if _NOBODY_ELSE_RX.search(text) or text in self.own_unit_sentences:
                continue
            if (ADOPT_RX.search(text) or _SUBJECT_ORG_RX.search(text) or _ALL_OF_THEM_RX.search(text)
                    or _LIST_ALL_RX.search(text)):
                old_said.append(text)
        says_all = any(_ALL_OF_THEM_RX.search(t) for t in old_said)
        extra: list[str] = []
        for text in texts:
            if text in self.own_unit_sentences:
                continue
            listed = says_all and len(text.split()) <= 10 and len(BU_RX.findall(text)) + len(
                re.findall(r"(?:^|,|\band) ?[A-Z]\w+", text)) >= 3
            if text not in old_said and not listed:
                continue
            if listed:
                extra += [m.group(0) for m in _adopters.BU_RX.finditer(text)]
                extra += [n for n in (_adopters.clean_caps(m.group(0)) for m in re.finditer(
                    r"[A-Z][\w.&-]*(?: [A-Z][\w.&-]*)*", text)) if n]
        own = _adopters.own_names(self.text)
        seen = {_adopters.name_key(n) for n in names}
        for name in extra:
            key = _adopters.name_key(name)
            if key and key not in own and not any(key.startswith(k) or k.startswith(key) for k in seen):
                seen.add(key)
                names.append(name)
        order = {t: i for i, t in enumerate(texts)}
        listing = [t for t in old_said if _ALL_OF_THEM_RX.search(t) or _LIST_ALL_RX.search(t)]
        sentences = sorted(set(said) | set(listing), key=lambda t: order[t])
        return tuple(names), tuple(sentences)

    @property
    def adopter_sentences(self) -> tuple[str, ...]:
        """Sentences that say organisations adopted or use the work."""
        return self._adoption[1]

    @property
    def adopters_named(self) -> tuple[str, ...]:
        """Organisations named as adopting or using the work ("Lazada adopted it", "it is now used by
        Koubei", "Wei's squad runs it"), not those of the candidate's own unit (adopters.py)."""
        return self._adoption[0]

    @cached_property
    def standard(self) -> tuple[str, ...]:
        """Sentences that say it became a standard, default or policy (the lens, or words it does not
        list: "made it mandatory", "written into the planning policy"), not denied in the same breath."""
        if self.has("institutionalized"):
            return self.evidence("institutionalized")
        return tuple(s.text for s in self.sentences if STANDARD_RX.search(s.text) and not NOT_STANDARD_RX.search(s.text)
                     and not re.search(r"\b(?:not|never|n't|nobody|no one)\b", s.text, re.I))

    @cached_property
    def not_standard(self) -> tuple[str, ...]:
        """Sentences that say it is not a standard: "still opt-in", "up to the site manager"."""
        return tuple(s.text for s in self.sentences if NOT_STANDARD_RX.search(s.text))

    @property
    def not_standard_words(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.group(0) for s in self.not_standard for m in NOT_STANDARD_RX.finditer(s)))

    @cached_property
    def late(self) -> tuple[str, ...]:
        """Sentences where the candidate says they did not see it early."""
        return tuple(s.text for s in self.sentences if LATE_RX.search(s.text))

    @cached_property
    def quoted(self) -> bool:
        """Someone else's words back the answer: the lens's stakeholder_quote, unless every quote is
        from the candidate's own line ("my director said it was great")."""
        sentences = self.evidence("stakeholder_quote")
        return any(not _OWN_LINE_RX.search(s) or BU_RX.search(s) for s in sentences)

    @cached_property
    def unbased_metrics(self) -> tuple[tuple[str, str], ...]:
        """(trigger, sentence) of each outcome number said with no baseline
        ("fraud losses dropped 38 percent"); multipliers ("doubled") carry their own."""
        out = []
        for ev in self.result.signals["metric"].evidence:
            if ev.rule not in _COUNTED_METRICS:
                continue  # a multiplier carries its own baseline; "dropped two categories" is a count
            if BASELINE_RX.search(ev.sentence) or _BEFORE_RX.match(ev.sentence):
                continue
            out.append((ev.trigger, ev.sentence))
        return tuple(out)

    @cached_property
    def based_metric(self) -> bool:
        """At least one outcome number is said with its baseline."""
        if any(BASELINE_RX.search(ev.sentence) or ev.rule == "metric.multiplier"
               for ev in self.result.signals["metric"].evidence):
            return True
        # a baseline said in a sentence of its own: "Before, a country got thirty million." / "... instead of thirty"
        return any((BASELINE_RX.search(s.text) or _BEFORE_RX.match(s.text)) and find_numbers(s.text)
                   for s in self.sentences)

    @cached_property
    def numbers(self) -> list:
        """Numbers said, without 4-digit years and a bare "one" ("one of the teams")."""
        return [n for n in find_numbers(self.clean)
                if not (n.words and n.value == 1) and not (1900 <= n.value <= 2100 and not n.words)]

    @cached_property
    def impact_claimed(self) -> bool:
        return bool(IMPACT_RX.search(self.text))

    @cached_property
    def reach_claimed(self) -> tuple[str, ...]:
        """Sentences that say the work spread ("everyone uses it now", "it spread across the company")."""
        return tuple(s.text for s in self.sentences if REACH_RX.search(s.text))

    @cached_property
    def organisations(self) -> tuple[str, ...]:
        """Organisations and people named: business units, roles, capitalised names."""
        found = [m.group(0) for m in BU_RX.finditer(self.text)]
        found += [m.group(0) for m in PERSON_RX.finditer(self.text)]
        for s in self.sentences:
            for m in re.finditer(r"(?<=\s)[A-Z][\w.&'-]+", s.text):
                if m.start() > 0 and m.group(0).casefold().rstrip(".,'s") not in _COMMON_CAPS:
                    found.append(m.group(0))
        return tuple(dict.fromkeys(found))


def read_answer(text: str) -> AnswerReading:
    return AnswerReading(text, analyze(text))
