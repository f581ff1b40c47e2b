"""The ERB lens: a rule-based reading of one spoken answer.

`analyze(text)` marks the signals an Executive Review Board listens for
(foresight, autonomy, mandate, cross-BU adoption, institutionalisation,
metrics, stakeholder quotes, execution language, talent multiplier), each with
the sentence that triggered it and character spans into the original text.
`feedback(result)` turns signals, and their absence, into advice in the
board's terms.

Everything is plain regular expressions and small word lists: offline, no
language model, deterministic. The rules are documented one by one in
docs/lens.md, with what fires them and their known limits.

Spoken transcripts are the input: no quotation marks, loose punctuation,
numbers as words ("eighteen percent"), fillers ("um", "you know"), run-on
"and then" chains. The text is first *cleaned* into a copy of the same length
(fillers and stutters blanked, lower case) so every match maps back to the
original characters.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

__all__ = [
    "SIGNALS", "DIMENSIONS", "Evidence", "Signal", "Sentence", "LensResult", "Feedback",
    "analyze", "feedback", "split_sentences", "find_numbers", "NumberMention",
]

SIGNALS: tuple[str, ...] = (
    "foresight", "autonomy", "mandate", "cross_bu_adoption", "institutionalized",
    "metric", "stakeholder_quote", "execution_language", "talent_multiplier",
)
DIMENSIONS: tuple[str, ...] = ("strategic_autonomy", "cross_bu_impact", "talent_multiplier")

SIGNAL_LABELS = {
    "foresight": "Foresight",
    "autonomy": "Autonomy",
    "mandate": "Mandate from above",
    "cross_bu_adoption": "Cross-BU adoption",
    "institutionalized": "Institutionalised",
    "metric": "Metric",
    "stakeholder_quote": "Stakeholder quote",
    "execution_language": "Execution language",
    "talent_multiplier": "Talent multiplier",
}


# --------------------------------------------------------------------------
# Data


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Evidence:
    """Why a signal fired: the sentence, and the words inside it that matched."""

    rule: str  # id of the rule, as named in docs/lens.md
    sentence: str
    start: int  # sentence span in the original text
    end: int
    trigger: str  # the matched words
    trigger_start: int
    trigger_end: int


@dataclass
class Signal:
    name: str
    present: bool = False
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def sentences(self) -> list[str]:
        seen: list[str] = []
        for item in self.evidence:
            if item.sentence not in seen:
                seen.append(item.sentence)
        return seen


@dataclass
class LensResult:
    text: str
    sentences: list[Sentence]
    signals: dict[str, Signal]
    # Decision words ("I decided", "trade-off", "instead of"): not a signal of
    # their own, but they keep delivery words from counting as execution
    # language and tell feedback() that a decision was described.
    decisions: list[Evidence] = field(default_factory=list)

    def present(self) -> list[str]:
        """Names of the signals present, in the canonical order of SIGNALS."""
        return [name for name in SIGNALS if self.signals[name].present]

    def __getitem__(self, name: str) -> Signal:
        return self.signals[name]

    def has(self, name: str) -> bool:
        return self.signals[name].present

    def to_dict(self) -> dict:
        return {
            "present": self.present(),
            "signals": {
                name: {
                    "present": sig.present,
                    "evidence": [asdict(e) for e in sig.evidence],
                }
                for name, sig in self.signals.items()
            },
            "sentences": [asdict(s) for s in self.sentences],
            "decisions": [asdict(e) for e in self.decisions],
        }


@dataclass(frozen=True)
class Feedback:
    code: str  # stable id, e.g. "execution_no_decision"
    message: str  # the line the board would say
    advice: str  # what to do about it
    severity: str  # "high" | "medium" | "low" | "strength"
    dimension: str  # one of DIMENSIONS
    signals: tuple[str, ...] = ()  # the signals it is about
    evidence: tuple[str, ...] = ()  # sentences it points at

    def to_dict(self) -> dict:
        data = asdict(self)
        data["signals"] = list(self.signals)
        data["evidence"] = list(self.evidence)
        return data


# --------------------------------------------------------------------------
# Cleaning: same length as the input, so spans stay valid.

_FILLER_RX = re.compile(r"\b(?:u+m+|u+h+m*|e+r+m*|a+h+|h+m+|mm+)\b", re.I)
_YOU_KNOW_RX = re.compile(r"(?:(?<=[,.])|^)\s*you know\s*,", re.I)  # ", you know," only
_STUTTER_RX = re.compile(r"\b([a-z']+)((?:[\s,]+\1\b)+)", re.I)


def _lower_same_length(text: str) -> str:
    out = []
    for ch in text:
        low = ch.lower()
        out.append(low if len(low) == 1 else ch)
    return "".join(out)


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _clean(text: str) -> str:
    clean = _lower_same_length(text)
    for rx in (_FILLER_RX, _YOU_KNOW_RX):
        for m in reversed(list(rx.finditer(clean))):
            clean = _blank(clean, m.start(), m.end())
    # "I I built" -> "I   built": keep the first of repeated words.
    for m in reversed(list(_STUTTER_RX.finditer(clean))):
        if m.group(1) in ("that", "had", "very", "really", "no"):
            continue  # "that that", "had had" can be grammatical; leave them
        clean = _blank(clean, m.start(2), m.end(2))
    return clean


# --------------------------------------------------------------------------
# Sentences

_ABBREV = ("e.g", "i.e", "mr", "mrs", "ms", "dr", "vs", "etc", "approx", "no")
_SENT_END_RX = re.compile(r"[.!?;]+(?=\s|$)|\n\s*\n|\n")
# Run-on speech: split at these when a stretch has no punctuation for a while.
_CHAIN_RX = re.compile(
    r"(?<![\s,])[\s,]+(?=(?:and\s+then|and\s+so|so\s+then|after\s+that|but\s+then|and\s+now|"
    r"and\s+today|and\s+afterwards|then\s+(?:i|we|they|it)\b))", re.I)
_RUNON_RX = re.compile(r"(?<![\s,])[\s,]+(?=(?:and|but|so)\s+(?:i|we|they|it|then|now|today)\b)", re.I)
_RUNON_WORDS = 28


def split_sentences(text: str) -> list[Sentence]:
    """Split a transcript into sentences, coping with missing punctuation.

    Splits at . ! ? ; and line breaks (not inside "Ele.me", "2.5" or "e.g."),
    then at "and then" / "so then" / "after that" chains, then, only in a
    stretch longer than ~28 words, at "and I", "but we", "so it" ...
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENT_END_RX.finditer(text):
        before = text[pos:m.start()].rstrip().lower()
        if m.group(0).startswith(".") and any(before.endswith(" " + a) or before == a for a in _ABBREV):
            continue
        spans.append((pos, m.end()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))

    def cut(spans, rx, min_words):
        out = []
        for s, e in spans:
            chunk = text[s:e]
            if len(chunk.split()) < min_words:
                out.append((s, e))
                continue
            last = s
            for m in rx.finditer(chunk):
                cut_at = s + m.start()
                if len(text[last:cut_at].split()) >= 3:
                    out.append((last, cut_at))
                    last = s + m.end()
            out.append((last, e))
        return out

    spans = cut(spans, _CHAIN_RX, 6)
    spans = cut(spans, _RUNON_RX, _RUNON_WORDS)
    sentences = []
    for s, e in spans:
        chunk = text[s:e]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        s2, e2 = s + lead, e - trail
        if e2 > s2 and re.search(r"\w", text[s2:e2]):
            sentences.append(Sentence(s2, e2, text[s2:e2]))
    return sentences


# --------------------------------------------------------------------------
# Numbers, in digits or words

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * (i + 2) for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split())}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "k": 1_000, "m": 1_000_000, "bn": 1_000_000_000, "mn": 1_000_000}
_VAGUE = {"several": 3, "multiple": 3, "many": 3, "dozens": 24, "numerous": 3, "a few": 3,
          "a couple of": 2, "a couple": 2, "a dozen": 12, "a handful of": 3, "both": 2}
_WORD_RX = re.compile(r"[a-z]+(?:-[a-z]+)*|\d+(?:[.,]\d+)*|%|\$|¥|￥", re.I)


@dataclass(frozen=True)
class NumberMention:
    start: int
    end: int
    value: float
    text: str
    words: bool  # spelled out


def find_numbers(clean: str) -> list[NumberMention]:
    """Numbers in a cleaned (lower-case) text: "18", "2.5", "1,200", "eighteen",
    "twenty two", "one hundred and twenty", "two point one", "a half"
    (after a number), "40k", "three million". Quarter and percentile labels
    ("Q4", "p99", "FY24") are not numbers; neither are 4-digit years."""
    tokens = [(m.group(0), m.start(), m.end()) for m in _WORD_RX.finditer(clean)]
    out: list[NumberMention] = []
    i = 0
    while i < len(tokens):
        tok, s, e = tokens[i]
        if tok[0].isdigit():
            if s > 0 and clean[s - 1].isalpha():  # q4, p99, fy24
                i += 1
                continue
            raw = tok.replace(",", "")
            try:
                value = float(raw)
            except ValueError:
                value = float(re.sub(r"[^\d.]", "", raw) or 0)
            end = e
            # 40k, 3m, 1.2bn
            m = re.match(r"(k|m|bn|mn)\b", clean[e:])
            if m:
                value *= _SCALES[m.group(1)]
                end = e + m.end()
            j = i + 1
            if j < len(tokens) and tokens[j][0] in ("thousand", "million", "billion", "hundred"):
                value *= _SCALES[tokens[j][0]]
                end = tokens[j][2]
                j += 1
            out.append(NumberMention(s, end, value, clean[s:end], False))
            i = j
            continue
        parts = tok.split("-")
        if all(p in _UNITS or p in _TENS for p in parts):
            total, current, j, end = 0.0, 0.0, i, e
            decimals = None
            while j < len(tokens):
                w = tokens[j][0]
                if j > i and clean[tokens[j - 1][2]:tokens[j][1]].strip(" -"):
                    break  # a comma or full stop ends the number: "twenty, two"
                ws = w.split("-")
                if all(p in _UNITS or p in _TENS for p in ws):
                    if decimals is not None:
                        for p in ws:
                            decimals += str(_UNITS.get(p, _TENS.get(p, 0)))
                    else:
                        for p in ws:
                            current += _UNITS.get(p, _TENS.get(p, 0))
                    end = tokens[j][2]
                    j += 1
                elif w in ("hundred",) and decimals is None:
                    current = (current or 1) * 100
                    end = tokens[j][2]
                    j += 1
                elif w in ("thousand", "million", "billion") and decimals is None:
                    total += (current or 1) * _SCALES[w]
                    current = 0
                    end = tokens[j][2]
                    j += 1
                elif (w == "and" and j + 1 < len(tokens) and decimals is None
                      and tokens[j + 1][0].split("-")[0] in {**_UNITS, **_TENS}
                      and tokens[j - 1][0] in ("hundred", "thousand", "million", "billion")):
                    j += 1
                elif (w == "point" and decimals is None and j + 1 < len(tokens)
                      and tokens[j + 1][0] in _UNITS):
                    decimals = ""
                    j += 1
                elif (w == "and" and j + 2 < len(tokens) and tokens[j + 1][0] == "a"
                      and tokens[j + 2][0] == "half"):
                    current += 0.5
                    end = tokens[j + 2][2]
                    j += 3
                    break
                else:
                    break
            value = total + current
            if decimals:
                value += float("0." + decimals)
            out.append(NumberMention(s, end, value, clean[s:end], True))
            i = j
            continue
        i += 1
    return out


# Regex fragment for "a number" inside patterns (value not needed).
_NUMW = (r"(?:\d+(?:[.,]\d+)*|(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
         r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|"
         r"sixty|seventy|eighty|ninety|hundred|and|a|an|half|couple|of|few|several|dozen|"
         r"about|around|roughly|almost|nearly|over|more|than|some|full)(?:[\s-]+(?:zero|one|two|three|"
         r"four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|and|"
         r"a|half|of|couple|few|dozen|more|than)){0,6})")


# --------------------------------------------------------------------------
# Shared helpers

_SEP = r"[\s,]+"  # between words: spaces, commas (spoken pauses)


def _rx(pattern: str) -> re.Pattern:
    """Compile with " " meaning one or more spaces or commas, " ?" none or more."""
    return re.compile(pattern.replace(" ?", r"[\s,]*").replace(" ", _SEP), re.I)


_NEG_RX = re.compile(r"\b(?:not|never|no|nobody|nothing|none|neither|nor|without|"
                     r"hardly|barely|\w+n't|cannot|no\s+one|didn|wasn|isn|hasn|haven|hadn)\b", re.I)

_BU_NAMES = (
    "taobao", "tmall", "cainiao", "ele\\.me", "eleme", "freshippo", "hema", "lazada", "daraz",
    "trendyol", "aliexpress", "alipay", "ant group", "ant financial", "dingtalk", "youku", "amap",
    "gaode", "fliggy", "xianyu", "idle fish", "1688", "alibaba\\.com", "alibaba cloud", "aliyun",
    "damo", "tongyi", "qwen", "quark", "ucweb", "uc browser", "koubei", "alimama", "intime",
    "sun art", "miravia", "kaola", "tmall global", "taobao live", "lingxi", "alibaba health",
    "alibaba pictures", "cloud intelligence", "local services", "international digital commerce",
    "aidc", "cainiao smart logistics", "taotian", "ele\\.me", "ding ?talk",
)
_BU_RX = re.compile(r"\b(?:" + "|".join(n.replace(" ", _SEP) for n in _BU_NAMES) + r")\b", re.I)
# "the Search team", "the payments org" ... (captured in the original text)
_NAMED_TEAM_RX = re.compile(
    r"\b(?:the|our|their|her|his)\s+((?:[A-Z0-9][\w.&-]*\s+){1,3})(?:team|org|organi[sz]ation|group|"
    r"division|unit|business|squad|department|bu)\b")
_ORG_NOUNS = (r"(?:other\s+|sister\s+|partner\s+|different\s+|separate\s+|product\s+|engineering\s+|"
              r"business\s+|more\s+)*(?:teams|business\s+units|bus|orgs|organi[sz]ations|divisions|"
              r"departments|product\s+lines|subsidiaries|companies|groups|markets|brands|businesses|"
              r"sister\s+companies|platforms|bus?\b)")

_FIRST_PERSON = r"(?:i|we|my\s+team|our\s+team)"


def _neg_before(clean: str, start: int, sent_start: int, window: int = 40) -> bool:
    """Is there a negation in the same clause shortly before `start`?"""
    lo = max(sent_start, start - window)
    chunk = clean[lo:start]
    # Only the current clause: cut at the last "but" / "so" / "and then" / ";".
    parts = re.split(r"\bbut\b|\bthen\b|\bso\b|;|\band\s+(?=i\b|we\b)", chunk)
    return bool(_NEG_RX.search(parts[-1]))


class _Ctx:
    def __init__(self, text: str):
        self.text = text
        self.clean = _clean(text)
        self.sentences = split_sentences(text)
        self.numbers = find_numbers(self.clean)
        self.signals = {name: Signal(name) for name in SIGNALS}

    def sentence_at(self, pos: int) -> Sentence:
        for s in self.sentences:
            if s.start <= pos < s.end:
                return s
        return Sentence(0, len(self.text), self.text)

    def add(self, signal: str, rule: str, start: int, end: int, sentence: Sentence | None = None):
        sentence = sentence or self.sentence_at(start)
        sig = self.signals[signal]
        for ev in sig.evidence:
            if ev.start == sentence.start and ev.rule == rule:
                return
        sig.present = True
        sig.evidence.append(Evidence(rule, sentence.text, sentence.start, sentence.end,
                                     self.text[start:end], start, end))

    def sent_clean(self, s: Sentence) -> str:
        return self.clean[s.start:s.end]


# --------------------------------------------------------------------------
# Rules. Each takes the context and adds evidence. Order matters only where a
# rule reads another signal (autonomy reads mandate; execution reads all).

# -- foresight
_LEAD_UNIT = r"(?:months?|quarters?|years?|(?:weeks?))"
_FORESIGHT_LEAD_RX = _rx(
    r"\b(?P<n>" + _NUMW + r")[\s-]+(?P<u>" + _LEAD_UNIT + r")(?: and a half)? (?P<rel>before|ahead of|"
    r"earlier than|prior to|in advance of|ahead)\b(?P<obj>(?: \w+){0,3})")
_FORESIGHT_PHRASES_RX = _rx(
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


def _rule_foresight(ctx: _Ctx):
    for s in ctx.sentences:
        sc = ctx.sent_clean(s)
        for m in _FORESIGHT_LEAD_RX.finditer(sc):
            n_text, unit = m.group("n").strip(), m.group("u")
            if unit.startswith("week"):
                nums = find_numbers(n_text)
                if not nums or nums[0].value < 8:
                    continue  # "two weeks before launch" is planning, not foresight
            if not re.search(r"\d|[a-z]", n_text):
                continue
            if _NOT_FORESIGHT_OBJ.match(m.group("obj").strip(" ,")):
                continue  # "a year before I joined", "two months before the deadline"
            if _neg_before(ctx.clean, s.start + m.start(), s.start, 25):
                continue
            ctx.add("foresight", "foresight.lead_time", s.start + m.start(), s.start + m.end("rel"), s)
        for m in _FORESIGHT_PHRASES_RX.finditer(sc):
            if _neg_before(ctx.clean, s.start + m.start(), s.start, 20):
                continue
            ctx.add("foresight", "foresight.phrase", s.start + m.start(), s.start + m.end(), s)


# -- mandate
_AUTHORITY = (r"(?:(?:my|our|the|a|his|her|their|business|unit|bu|group|company|senior|"
              r"[a-z.]+'s|[a-z.]+)\s+){0,3}?(?:gm|general\s+manager|boss|manager|director|vp|"
              r"vice\s+president|cpo|ceo|cto|coo|cfo|chief\s+\w+\s+officer|head(?:\s+of\s+\w+)?|"
              r"leadership(?:\s+team)?|management|skip[\s-]level|p10|p11|executives?|exec|higher[\s-]ups|"
              r"supervisor|the\s+business|hq|headquarters|president|founder|lead|sponsor|office|"
              r"committee|board|pmo|he|she|they)")
_REQUEST_VERB = (r"(?:asked|told|assigned|tasked|gave|handed|wanted|directed|instructed|ordered|"
                 r"requested|mandated|put|charged|commissioned|delegated|needed|expected|"
                 r"made)(?: me| us| our team| my team)?(?: with| to| on| the| a| an|\b)")
_MANDATE_ACTIVE_RX = _rx(r"\b(?P<who>" + _AUTHORITY + r") (?:(?:later|then|also|eventually|formally|explicitly|"
                         r"directly|personally|originally|initially|first|just|specifically) )?(?P<verb>asked me|asked us|asked my team|"
                         r"asked our team|told me to|told us to|assigned|tasked|gave me|gave us|handed me|"
                         r"handed us|wanted me to|wanted us to|directed me|directed us|instructed|ordered|"
                         r"requested|mandated|put me (?:on|in charge)|charged me|commissioned|"
                         r"delegated|needed me to|needed us to|expected me to|made me)\b")
_MANDATE_PASSIVE_RX = _rx(
    r"\b(?:i|we|my team|our team) (?:was|were|got|had been|have been|was being) (?:formally |officially |directly )?"
    r"(?:asked|assigned|tasked|told to|given|handed|directed|instructed|ordered|put in charge|"
    r"charged|brought in|appointed|commissioned|mandated|requested)\b")
_MANDATE_SAID_RX = _rx(r"\b(?P<who>" + _AUTHORITY + r") (?:said|decided|insisted|wrote) (?:that )?"
                      r"(?:we|i|my team|our team) (?:should|must|had to|have to|needed to|need to|would)\b")
_MANDATE_NOUN_RX = _rx(
    r"\b(?:(?:a|the|this|it was a|it was the) (?:top[\s-]down |direct |formal |explicit |official )?"
    r"(?:directive|mandate|assignment|ask from (?:above|the top|leadership|my \w+))|came from (?:above|the top)|"
    r"handed down|from above|top[\s-]down (?:request|ask|project|priority)|"
    r"(?:was|were|it was) (?:on|in) (?:my|our) (?:okrs?|kpis?) from)")
_INSTEAD_RX = _rx(r"\b(?:instead of|rather than|contrary to|against) [^.;]{0,80}?(?:directive|mandate|asked|said|"
                  r"told|wanted|plan)\b")


def _rule_mandate(ctx: _Ctx):
    for s in ctx.sentences:
        sc = ctx.sent_clean(s)
        counter = [(m.start(), m.end()) for m in _INSTEAD_RX.finditer(sc)]
        for rx, rule in ((_MANDATE_ACTIVE_RX, "mandate.request"), (_MANDATE_PASSIVE_RX, "mandate.passive"),
                         (_MANDATE_NOUN_RX, "mandate.noun"), (_MANDATE_SAID_RX, "mandate.said_we_should")):
            for m in rx.finditer(sc):
                if any(a <= m.start() < b or a < m.end() <= b for a, b in counter):
                    continue  # "instead of what the directive said" is the opposite of a mandate
                if rule in ("mandate.request", "mandate.said_we_should"):
                    who = m.group("who").strip().split()[0]
                    if who in ("i", "we", "nobody", "no"):
                        continue
                    if who in ("he", "she", "they", "committee", "board") and \
                            not re.match(r"(?:asked|told|wanted|needed|expected)", m.group("verb")):
                        continue  # pronouns count only with an explicit ask: "she told me to"
                if _neg_before(ctx.clean, s.start + m.start(), s.start, 10) or _NEG_RX.search(m.group(0)):
                    continue  # "nobody asked me", "my boss did not assign this"
                if rule == "mandate.request" and re.search(r"\b(?:not|never|n't|didn)\b", sc[m.end():m.end() + 12]):
                    continue
                ctx.add("mandate", rule, s.start + m.start(), s.start + m.end(), s)


# -- autonomy
_AUTONOMY_NEGATED_RX = _rx(
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
_AUTONOMY_OWN_RX = _rx(
    r"\b(?:on my own(?: initiative| time| accord)?|of my own accord|my own initiative|on our own initiative|"
    r"self[\s-]initiated|self[\s-]started|i took the initiative|took it upon myself|i volunteered|"
    r"i went looking|i started looking|i went digging|i dug into|i pushed for|i pitched|"
    r"i decided (?:on my own |myself |)to|i took the risk|i raised the alarm|"
    r"(?:i|we) (?:pushed back|challenged (?:the|my|our)|argued against|said no to)|"
    r"(?:did|pulled|ran|built|wrote|analy[sz]ed|checked|coded|prototyped) [\w\s]{0,30}? myself)")
_AUTONOMY_PROACTIVE_RX = _rx(
    r"\b(?:i|we) (?:(?:had|have|then|first|quietly|already|just|actually|personally) )*(?:proposed|prototyped|initiated|pitched|instigated|spearheaded|championed|"
    r"set out to|decided to|chose to|bet on|started an? (?:\w+ ){0,3}(?:initiative|effort|project|program|"
    r"programme|experiment))\b")


def _rule_autonomy(ctx: _Ctx):
    strong_found = False
    for s in ctx.sentences:
        sc = ctx.sent_clean(s)
        for rx, rule in ((_AUTONOMY_NEGATED_RX, "autonomy.negated_mandate"), (_AUTONOMY_OWN_RX, "autonomy.own_initiative")):
            for m in rx.finditer(sc):
                if rule == "autonomy.own_initiative" and _neg_before(ctx.clean, s.start + m.start(), s.start, 20):
                    continue  # "I never pushed back"
                ctx.add("autonomy", rule, s.start + m.start(), s.start + m.end(), s)
                strong_found = True
        for m in _INSTEAD_RX.finditer(sc):
            rest = sc[m.end():]
            if re.search(r"\b(?:i|we) (?:proposed|built|did|went|chose|decided|argued|pushed|pitched|designed)\b", rest):
                ctx.add("autonomy", "autonomy.against_the_ask", s.start + m.start(), s.start + m.end(), s)
                strong_found = True
    if ctx.signals["mandate"].present and not strong_found:
        return  # "my GM asked me to... so I proposed": the proposal is inside the mandate
    for s in ctx.sentences:
        sc = ctx.sent_clean(s)
        for m in _AUTONOMY_PROACTIVE_RX.finditer(sc):
            if _neg_before(ctx.clean, s.start + m.start(), s.start, 20):
                continue
            ctx.add("autonomy", "autonomy.proactive_verb", s.start + m.start(), s.start + m.end(), s)


# -- stakeholder quote
_PERSON = (r"(?:gm|general manager|cpo|ceo|cto|coo|cfo|vp|director|head(?: of [\w-]+)?|lead|manager|"
           r"owner|architect|engineer|customer|client|merchant|seller|partner|founder|president|officer|"
           r"boss|sponsor|pm|analyst|chair|chairman|member|executive|exec|fellow|colleague|peer|"
           r"stakeholder|buyer|user|he|she|they|\w+ team|team lead)")
_QUOTE_VERB_RX = _rx(
    r"\b(?P<verb>said|says|told (?:me|us|the \w+|our \w+(?: \w+)?|my \w+|her \w+|his \w+|everyone|them)|"
    r"wrote(?: to \w+| in \w+ \w+)?|emailed(?: me| us)?|messaged(?: me| us)?|put it|called it|described it as|"
    r"admitted|commented|remarked|mentioned(?: to \w+)?|quoted|thanked (?:me|us|the team) for|"
    r"stated|credited (?:it|this|the \w+|our \w+|my \w+))\b")
_QUOTE_PHRASE_RX = _rx(
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


def _speaker_before(ctx: _Ctx, s: Sentence, pos: int) -> str | None:
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
               "directly", "recently", "really", "personally", "herself", "himself", "even"}
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


def _rule_stakeholder_quote(ctx: _Ctx):
    for s in ctx.sentences:
        sc = ctx.sent_clean(s)
        for m in _QUOTE_VERB_RX.finditer(sc):
            after = sc[m.end():m.end() + 20]
            if m.group("verb").startswith("told") and re.match(r"[\s,]+to\s+\w+", after):
                continue  # "told me to fix it" is an instruction, not a report of words
            speaker = _speaker_before(ctx, s, s.start + m.start())
            if speaker is None:
                continue
            if _neg_before(ctx.clean, s.start + m.start(), s.start, 12):
                continue  # "nobody said a word"
            lo = ctx.clean.rfind(speaker, s.start, s.start + m.start())
            ctx.add("stakeholder_quote", "stakeholder_quote.reporting_verb", lo if lo >= 0 else s.start + m.start(),
                    s.start + m.end(), s)
        for m in _QUOTE_PHRASE_RX.finditer(sc):
            ctx.add("stakeholder_quote", "stakeholder_quote.phrase", s.start + m.start(), s.start + m.end(), s)


# -- cross-BU adoption
_ADOPT_VERB = (r"(?:adopted|adopt|adopts|adopting|picked (?:it |this |them )?up|pick (?:it )?up|reused|reuse|reuses|"
               r"rolled (?:it |this )?out (?:to|across|in)|migrated (?:to|onto)|moved (?:to|onto)|built on|"
               r"integrated|standardi[sz]ed on|copied|replicated|took (?:it|this) (?:up|over|on)|"
               r"(?:now |also |all )?(?:use|uses|used|using|run|runs|running|rely on|relies on|depend on|"
               r"depends on|apply|applies)(?= (?:it|this|that|them|these|our|my|the same|the \w+ i|the \w+ we|"
               r"the (?:framework|model|tool|api|platform|layer|service|rubric|template|engine|process|"
               r"method|system|harness|playbook)))|(?:is|are|was|were) (?:now )?(?:used|run|adopted) (?:by|in|across)|"
               r"(?:onboarded|signed up|switched) (?:to|onto)|(?:now )?decides?)")
_ADOPT_RX = _rx(r"\b" + _ADOPT_VERB + r"\b")
_COUNT_ORGS_RX = _rx(r"\b(?P<n>" + _NUMW + r"|several|multiple|many|numerous|both|all) (?:of )?(?:the )?"
                     r"(?P<org>" + _ORG_NOUNS + r")\b")
_ACROSS_RX = _rx(r"\b(?:across|by|in|to) (?:the |all )?(?P<n>" + _NUMW + r"|several|multiple|many|all|other|every)"
                 r" (?:other |sister |partner )?(?:business units|bus|orgs|organi[sz]ations|divisions|teams)\b")
_NOT_OTHER_RX = _rx(r"\b(?:outside (?:my|our) (?:team|group|org)|nobody else|no other|no one else|only (?:my|our))\b")


def _orgs_in(ctx: _Ctx, s: Sentence) -> list[tuple[str, int, int]]:
    sc = ctx.sent_clean(s)
    found: dict[str, tuple[str, int, int]] = {}
    for m in _BU_RX.finditer(sc):
        key = re.sub(r"\W+", "", m.group(0))
        if key == "eleme":
            key = "eleme"
        found.setdefault(key, (m.group(0), s.start + m.start(), s.start + m.end()))
    for m in _NAMED_TEAM_RX.finditer(s.text):
        name = m.group(1).strip()
        if name.lower() in ("i", "we", "my", "our") or name.split()[0] in ("I",):
            continue
        key = re.sub(r"\W+", "", name.lower())
        if any(key.startswith(k) or k.startswith(key) for k in found):
            continue
        found.setdefault(key, (name, s.start + m.start(1), s.start + m.end(1)))
    return list(found.values())


def _rule_cross_bu(ctx: _Ctx):
    for s in ctx.sentences:
        sc = ctx.sent_clean(s)
        adopt = [m for m in _ADOPT_RX.finditer(sc)
                 if not _neg_before(ctx.clean, s.start + m.start(), s.start, 35)]
        if not adopt or _NOT_OTHER_RX.search(sc):
            continue
        # 1. "three business units adopted it", "adopted across several BUs"
        for rx in (_COUNT_ORGS_RX, _ACROSS_RX):
            for m in rx.finditer(sc):
                n = m.group("n").strip()
                if n in ("several", "multiple", "many", "numerous", "both", "all", "every", "other"):
                    value = 2
                else:
                    nums = find_numbers(n)
                    value = nums[0].value if nums else (2 if re.search(r"couple|few|dozen", n) else 0)
                if value >= 2 and not _neg_before(ctx.clean, s.start + m.start(), s.start, 15):
                    ctx.add("cross_bu_adoption", "cross_bu.count", s.start + m.start(), s.start + m.end(), s)
        # 2. two or more named organisations in a sentence that adopts
        orgs = _orgs_in(ctx, s)
        if len(orgs) >= 2:
            start = min(o[1] for o in orgs)
            end = max(o[2] for o in orgs)
            ctx.add("cross_bu_adoption", "cross_bu.named_orgs", start, end, s)


# -- institutionalized
_STANDARD_NOUN = (r"(?:standard|default|policy|norm|baseline|template|blueprint|reference (?:architecture|"
                  r"implementation|design)|playbook|mandatory|required|requirement|official (?:process|tool|way)|"
                  r"canonical \w+|de facto \w+|go[\s-]to \w+|single source of truth|golden path)")
_INSTITUTION_RX = _rx(
    r"\b(?:(?:it|this|that|which|the \w+(?: \w+)?|our \w+(?: \w+)?|my \w+(?: \w+)?) )?"
    r"(?:is|was|became|become|becomes|has become|had become|turned into|turn into|got made|was made|"
    r"made it|made this|made them|adopted as|accepted as|approved as|written into|baked into|embedded in|"
    r"is now|are now|now) (?:\w+ )?(?:the|a|an|our|their)? ?(?:new )?(?:official |group |group-wide |"
    r"company |company-wide |companywide |org-wide |orgwide |de facto |industry |default |bu |"
    r"cross-bu |platform |global |alibaba |group wide |company wide )?(?:wide )?" + _STANDARD_NOUN + r"\b")
_INSTITUTION_OTHER_RX = _rx(
    r"\b(?:standardi[sz]ed (?:on|across|it)|(?:on|enabled|turned on) by default|"
    r"(?:written|built|baked) into (?:the|our) (?:\w+ )?(?:policy|process|guidelines|review|checklist|"
    r"launch process|sop)|"
    r"every (?:new )?(?:team|launch|project|product|bu|business unit|review|pm) (?:now )?(?:has to|must|is required to)|"
    r"(?:part|a part) of the (?:official|standard|mandatory|required) \w+|"
    r"(?:is|are|became) (?:now )?(?:mandatory|required) (?:for|in|across))\b")


def _rule_institutionalized(ctx: _Ctx):
    for s in ctx.sentences:
        sc = ctx.sent_clean(s)
        for rx, rule in ((_INSTITUTION_RX, "institutionalized.became_standard"),
                         (_INSTITUTION_OTHER_RX, "institutionalized.process")):
            for m in rx.finditer(sc):
                mt = m.group(0)
                if _NEG_RX.search(mt) or _neg_before(ctx.clean, s.start + m.start(), s.start, 30):
                    continue  # "it never turned into a company standard"
                if re.search(r"\b(?:a|the) (?:standard|default) (?!for\b)(?:\w+ )?(?:way|practice|approach|"
                             r"feature|setting|screen|flow|option)\b", mt + sc[m.end():m.end() + 12]) and \
                        not re.search(r"\b(?:became|become|turned|made|now|is now)\b", mt):
                    continue  # "it was a standard feature"
                if re.search(r"\b(?:was|were) (?:required|mandatory)\b", mt) and not re.search(r"\bfor\b", sc[m.end():m.end() + 5]):
                    continue  # "which was required" (a requirement on me, not of my work)
                ctx.add("institutionalized", rule, s.start + m.start(), s.start + m.end(), s)


# -- metric
_PERCENT_RX = re.compile(r"^\s*(?:%|per\s*cent|percent(?:age)?(?:\s+points?)?|pp\b|points?\b|basis\s+points|bps\b)", re.I)
_MONEY_AFTER_RX = re.compile(r"^\s*(?:(?:thousand|million|billion|k|m|bn)\s+)?(?:yuan|rmb|dollars?|usd|cny|euros?|"
                             r"renminbi|bucks|in\s+(?:revenue|savings|cost|gmv|sales|profit)|a\s+year\s+in)\b", re.I)
_MONEY_BEFORE_RX = re.compile(r"(?:\$|¥|￥|rmb\s*|usd\s*|cny\s*)$", re.I)
_MULT_RX = _rx(r"\b(?:doubled|tripled|quadrupled|halved|cut in half|(?:" + _NUMW + r"|\d+(?:\.\d+)?) ?(?:x|times) "
               r"(?:faster|more|higher|lower|fewer|less|cheaper|bigger|the)|(?:\d+(?:\.\d+)?)x\b)")
_VOLUME_NOUNS = (r"(?:users?|customers?|merchants?|sellers?|buyers?|members?|subscribers?|shoppers?|"
                 r"orders?|transactions?|sessions?|requests?|queries|qps|tps|dau|mau|visits?|visitors?|"
                 r"downloads?|installs?|clicks?|conversions?|parcels?|packages?|deliveries|tickets? (?:a|per)|"
                 r"calls?|complaints?|refunds?|gmv|revenue|hours? (?:a|per|of)|impressions?)")
_VOLUME_AFTER_RX = _rx(r"^ ?(?:(?:more|fewer|new|additional|extra|daily|monthly|active|paying|weekly|"
                       r"million|thousand|billion|k|m) )*" + _VOLUME_NOUNS + r"\b")
_TIME_UNITS = r"(?:milliseconds?|ms|seconds?|secs?|s\b|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)"
_DELIVERY_NOUNS_RX = _rx(r"^ ?(?:(?:new|more|major|key|big|small|other|of (?:our|the|my)) )*(?:features?|okrs?|"
                         r"kpis?|milestones?|projects?|releases?|launches|products?|epics?|stories|tickets|"
                         r"sprints?|apis|services|pages?|teams?|people|engineers|pms|members of|designers|"
                         r"business units|bus|orgs?|organi[sz]ations|divisions|markets|countries|languages|"
                         r"initiatives|experiments|a/b tests|tests|iterations|versions|modules|screens|"
                         r"workshops|meetings|reviews|reports|dashboards|docs|documents|slides|rubrics?)\b")
_CHANGE_RX = _rx(r"\b(?:rose|rise|rising|grew|grow|grown|growing|fell|fall|falling|fallen|dropped|drop|cut|cutting|"
                 r"reduced|reduce|reducing|reduction|increased|increase|increasing|decreased|decrease|decreasing|"
                 r"improved|improve|improving|improvement|lifted|lift|boosted|boost|climbed|declined|decline|"
                 r"shrank|shrunk|saved|saving|savings|gained|gain|lost|jumped|jump|doubled|halved|went up|"
                 r"went down|came down|go up|go down|up|down|from|to|by|hit|reached|reach|lowered|raised|"
                 r"shaved|trimmed|accelerated|sped up|slashed|shortened|higher|lower|faster|slower|more|less|"
                 r"fewer|took|takes|before|after|now)\b")
_BEFORE_AFTER_RX = _rx(r"\b(?:from [^.;]{1,40}? to |before [^.;]{1,40}? after|(?:before|previously|used to) [^.;]{0,60}?"
                       r"(?:now|today)|(?:took|takes|was) [^.;]{1,30}? (?:before|and now))")


def _rule_metric(ctx: _Ctx):
    clean = ctx.clean
    for num in ctx.numbers:
        s = ctx.sentence_at(num.start)
        after = clean[num.end:num.end + 40]
        before = clean[max(s.start, num.start - 60):num.start]
        if num.value >= 1900 and num.value <= 2100 and not num.words and "." not in num.text:
            if not _PERCENT_RX.match(after) and not _MONEY_BEFORE_RX.search(before.rstrip()):
                continue  # a year: "in 2023"
        if _PERCENT_RX.match(after):
            ctx.add("metric", "metric.percent", num.start, num.end + _PERCENT_RX.match(after).end(), s)
            continue
        if _MONEY_AFTER_RX.match(after) or _MONEY_BEFORE_RX.search(before.rstrip()):
            ctx.add("metric", "metric.money", num.start, num.end + (_MONEY_AFTER_RX.match(after).end()
                                                                   if _MONEY_AFTER_RX.match(after) else 0), s)
            continue
        if _DELIVERY_NOUNS_RX.match(after):
            continue  # "five features", "3 OKRs", "three business units": counts, not outcomes
        # lead time of foresight: "ten months before"
        if re.match(r"[\s,-]+" + _TIME_UNITS.replace(r"s\b", "s") + r"[\s,]+(?:and a half[\s,]+)?(?:before|ahead|earlier|prior|in advance)", after):
            continue
        window = before[-45:]
        has_change = bool(_CHANGE_RX.search(window)) or bool(re.match(r"[\s,]*" + _TIME_UNITS + r"?[\s,]*(?:to|and now|after|before|faster|"
                                                                        r"shorter|less|lower|higher|more|up|down)\b", after))
        sentence_ba = bool(_BEFORE_AFTER_RX.search(ctx.sent_clean(s)))
        if _VOLUME_AFTER_RX.match(after) and (has_change or sentence_ba or num.value >= 1000):
            ctx.add("metric", "metric.volume", num.start, num.end + _VOLUME_AFTER_RX.match(after).end(), s)
            continue
        unit = re.match(r"[\s,-]*" + _TIME_UNITS, after)
        if unit and (has_change or sentence_ba):
            ctx.add("metric", "metric.before_after", num.start, num.end + unit.end(), s)
            continue
        if not unit and re.search(r"\b(?:grew|rose|fell|dropped|increased|decreased|reached|hit|climbed|jumped|"
                                  r"doubled|went up|went down|came down|cut|reduced|improved|lifted|boosted|"
                                  r"declined|shrank) (?:\w+ ){0,2}(?:to|by|from)?[\s,]*$", before):
            ctx.add("metric", "metric.change", num.start, num.end, s)
    for s in ctx.sentences:
        for m in _MULT_RX.finditer(ctx.sent_clean(s)):
            ctx.add("metric", "metric.multiplier", s.start + m.start(), s.start + m.end(), s)


# -- talent multiplier
_ARTEFACT_RX = _rx(
    r"\b(?:(?:decision|prioriti[sz]ation|prioriti[sz]ing|evaluation|scoring|assessment|triage|"
    r"investment|sizing|readiness|maturity|review|onboarding|launch|pricing|market[\s-]entry|"
    r"trade[\s-]off|go/no[\s-]go|operating)[\s-]+)?(?:framework|scoring model|rubric|scorecard|score card|"
    r"decision (?:template|tree|model|matrix|memo template|checklist)|template|playbook|checklist|"
    r"methodology|prioriti[sz]ation model|evaluation model|decision record|criteria)\b")
_OTHERS_USE_RX = _rx(
    r"\b(?:(?:other|their|her|his|sister|partner|several|multiple|many|\w+) )?"
    r"(?:teams?|pms|product managers|orgs?|business units|bus|groups|managers|leads|divisions|committees?|"
    r"everyone|everybody|people|colleagues)\b[^.;]{0,60}?\b(?:use|uses|used|using|adopted|apply|applies|"
    r"decide|decides|deciding|rely on|relies on|run|runs|plan with|prioriti[sz]e with|score)\b|"
    r"\b(?:used|adopted|applied) by\b|\bhow (?:\w+ ){0,2}(?:now )?decides?\b|"
    r"\b(?:in|for) their (?:own )?(?:planning|reviews?|decisions?|roadmaps?|prioriti[sz]ation|entry decisions|"
    r"planning reviews)\b")
_MINE_RX = _rx(r"\b(?:my|our|i (?:wrote|built|created|designed|developed|made|drafted|put together|came up with)|"
               r"we (?:wrote|built|created|designed|developed))\b")


def _rule_talent_multiplier(ctx: _Ctx):
    sents = ctx.sentences
    for i, s in enumerate(sents):
        sc = ctx.sent_clean(s)
        for m in _ARTEFACT_RX.finditer(sc):
            if _neg_before(ctx.clean, s.start + m.start(), s.start, 25):
                continue
            # The artefact must be the candidate's, and used by others: same or next sentence.
            window = [s] + ([sents[i + 1]] if i + 1 < len(sents) else [])
            if not (_MINE_RX.search(sc) or (i > 0 and _MINE_RX.search(ctx.sent_clean(sents[i - 1])))):
                continue
            uses = [w for w in window for u in _OTHERS_USE_RX.finditer(ctx.sent_clean(w))
                    if not _neg_before(ctx.clean, w.start + u.start(), w.start, 35)
                    and not _NOT_OTHER_RX.search(ctx.sent_clean(w))]
            if uses:
                ctx.add("talent_multiplier", "talent_multiplier.artefact_used_by_others",
                        s.start + m.start(), s.start + m.end(), s)


# -- execution language
_EXECUTION_RX = _rx(
    r"\b(?:launched|launch(?:ed)? of|led the launch|launching|shipped|ship|shipping|delivered|deliver|"
    r"delivering|released|release of|rolled out|rollout|completed|finished|went live|go[\s-]live|"
    r"executed|implemented|on (?:time|schedule|budget)|ahead of schedule|hit (?:every|all|each|our|the) "
    r"(?:\w+ )?(?:milestones?|targets?|okrs?|deadlines?)|okrs?|(?:" + _NUMW + r") (?:new |major |key )?"
    r"(?:features|releases|launches|projects|milestones))\b")
_DECISION_RX = _rx(
    r"\b(?:i|we) (?:decided|chose|bet|traded off|killed|deprioriti[sz]ed|prioriti[sz]ed|convinced|argued|"
    r"pushed back|said no|realised|realized|noticed|saw that|saw the|proposed|recommended|redesigned the "
    r"strategy)|\b(?:trade[\s-]?offs?|the decision (?:was|i made)|my decision|instead of|rather than|"
    r"the insight|my insight|my bet|the bet)\b")


def _rule_execution(ctx: _Ctx):
    hits = []
    for s in ctx.sentences:
        for m in _EXECUTION_RX.finditer(ctx.sent_clean(s)):
            if re.search(r"\b(?:launch|release) (?:review|process|checklist|gate|readiness)\b",
                         ctx.sent_clean(s)[m.start():m.end() + 12]):
                continue  # "the launch review" is a process noun, not a delivery claim
            hits.append((s, m))
    if not hits:
        return
    decided = (ctx.signals["foresight"].present or ctx.signals["autonomy"].present
               or ctx.signals["talent_multiplier"].present
               or any(_DECISION_RX.search(ctx.sent_clean(s)) for s in ctx.sentences))
    if decided:
        return
    for s, m in hits:
        ctx.add("execution_language", "execution_language.delivery_words", s.start + m.start(), s.start + m.end(), s)


_RULES = (_rule_foresight, _rule_mandate, _rule_autonomy, _rule_stakeholder_quote, _rule_cross_bu,
          _rule_institutionalized, _rule_metric, _rule_talent_multiplier, _rule_execution)


def analyze(text: str) -> LensResult:
    """Mark the ERB signals in one answer. Never raises on any string."""
    if not isinstance(text, str):
        raise TypeError("analyze() takes a string")
    ctx = _Ctx(text)
    for rule in _RULES:
        rule(ctx)
    decisions = []
    for s in ctx.sentences:
        for m in _DECISION_RX.finditer(ctx.sent_clean(s)):
            decisions.append(Evidence("decision", s.text, s.start, s.end, text[s.start + m.start():s.start + m.end()],
                                      s.start + m.start(), s.start + m.end()))
    for sig in ctx.signals.values():
        sig.evidence.sort(key=lambda e: (e.start, e.trigger_start))
    return LensResult(text=text, sentences=ctx.sentences, signals=ctx.signals, decisions=decisions)


# --------------------------------------------------------------------------
# Feedback

_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "strength": 3}


def feedback(result: LensResult) -> list[Feedback]:
    """Plain advice in the board's terms, most serious first, strengths last."""
    has = result.has
    out: list[Feedback] = []

    def ev(*names: str) -> tuple[str, ...]:
        seen: list[str] = []
        for n in names:
            for sentence in result.signals[n].sentences:
                if sentence not in seen:
                    seen.append(sentence)
        return tuple(seen)

    def add(code, message, advice, severity, dimension, signals=(), evidence=()):
        out.append(Feedback(code, message, advice, severity, dimension, tuple(signals), tuple(evidence)))

    story = has("foresight") or has("autonomy") or has("talent_multiplier") or bool(result.decisions)
    if not result.text.strip() or (not result.present() and not result.decisions):
        add("no_story", "No decision story here: nothing the board can score.",
            "Frame it as a decision story: what you saw early, what you did without being asked, "
            "what changed beyond your team (with a number), and who reused it.",
            "high", "strategic_autonomy")
    if has("execution_language"):
        add("execution_no_decision", "You described what shipped, not what you decided.",
            "Replace delivery words with the decision: what you saw, what you chose, what you gave up, and why.",
            "high", "strategic_autonomy", ["execution_language"], ev("execution_language"))
    if has("mandate"):
        if has("autonomy"):
            add("mandate_and_autonomy", "Part of this was asked of you: make clear which part you started yourself.",
                "Separate the assignment from what you did beyond it, without being told.",
                "medium", "strategic_autonomy", ["mandate", "autonomy"], ev("mandate"))
        else:
            add("mandate_from_above", "Who asked you to do this? It sounds like a mandate from above.",
                "Work requested by a GM is execution. Lead with what you saw and started on your own, "
                "or choose an example you initiated.",
                "high", "strategic_autonomy", ["mandate"], ev("mandate"))
    if has("metric") and not story:
        add("metric_without_story", "A number with no story: say what you decided and why.",
            "A metric is the ripple, not the answer. Put the decision before it: the risk you saw and the call you made.",
            "medium", "strategic_autonomy", ["metric"], ev("metric"))
    if not has("foresight") and (result.present() or result.decisions):
        add("no_foresight", "When did you see it coming? Nothing says you acted before it was urgent.",
            "Say how far ahead you saw the risk or opportunity: \"eight months before the rules took effect\".",
            "medium", "strategic_autonomy")
    if not has("autonomy") and not has("mandate") and (result.present() or result.decisions):
        add("no_autonomy", "Whose idea was it? The answer does not say you started it.",
            "Say plainly that you started it without being asked, and what you did without formal authority.",
            "medium", "strategic_autonomy")
    if not has("cross_bu_adoption"):
        add("no_adoption", "Who else uses it? No other team is named.",
            "Name at least two other teams or business units that adopted it, and what they use it for.",
            "high" if story or has("metric") else "medium", "cross_bu_impact")
    elif not has("institutionalized"):
        add("adopted_not_standard", "Others adopted it: did it become a standard?",
            "Say whether it is now the default, a policy or the template others start from.",
            "low", "cross_bu_impact", ["cross_bu_adoption"], ev("cross_bu_adoption"))
    if not has("metric") and (story or has("cross_bu_adoption") or has("institutionalized")):
        add("no_metric", "What changed as a result? There is no before/after number.",
            "Give one outcome number with its before and after: cost, time, conversion, users.",
            "medium", "cross_bu_impact")
    if (has("cross_bu_adoption") or has("institutionalized")) and not has("stakeholder_quote"):
        add("no_quote", "Whose words back this up? No stakeholder is quoted.",
            "Quote what a leader of an adopting team said, in their words.",
            "low", "cross_bu_impact")
    if not has("talent_multiplier"):
        add("no_talent_multiplier", "What can others decide with? No reusable framework is named.",
            "Name the framework, scoring model or template other teams now use to make their own decisions "
            "(mentoring two juniors does not count).",
            "medium" if story else "low", "talent_multiplier")
    strengths = {
        "foresight": ("You acted ahead of the need.", "strategic_autonomy"),
        "autonomy": ("You started it without being told to.", "strategic_autonomy"),
        "cross_bu_adoption": ("Other business units adopted it.", "cross_bu_impact"),
        "institutionalized": ("It became a standard, not an integration.", "cross_bu_impact"),
        "stakeholder_quote": ("A stakeholder's own words back the claim.", "cross_bu_impact"),
        "talent_multiplier": ("Other teams decide with your framework: institutional leverage.", "talent_multiplier"),
    }
    for name, (message, dimension) in strengths.items():
        if has(name):
            add(f"strength_{name}", message, "Keep it, and keep it early in the answer.",
                "strength", dimension, [name], ev(name))
    if has("metric") and story:
        add("strength_metric", "The number is tied to a decision.", "Keep the before and after.",
            "strength", "cross_bu_impact", ["metric"], ev("metric"))
    out.sort(key=lambda f: _SEVERITY_ORDER[f.severity])
    return out
