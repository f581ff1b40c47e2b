"""choose_follow_up(): the board's next question, aimed at what the answer lacked.

The answer is read once (the ERB lens plus reading.AnswerReading); every
weakness it shows and every strength it lacks becomes a candidate with a
score: a base per target (weaknesses the board penalises score above plain
absences) plus a bonus when the question asked for that thing (in its text,
its listen_for, its dimension or its category). A claim of the packet the
answer left out makes a candidate specific ("Your packet says Ele.me adopted
it ..."); a conditional bank question whose condition the answer meets may
take the candidate's place. The best candidate above MIN_SCORE whose wording
was not yet asked is chosen; below it, the question's own follow-ups.
docs/probe.md has the table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from erbsim.core.banks import Question
from erbsim.core.lens import question_focus
from erbsim.core.lens.cleaning import clean
from erbsim.core.lens.question import ASKS, DIMENSION_ASKS
from erbsim.core.packet.model import Example
from erbsim.core.packet.slots import fill

from .claims import PacketClaim, packet_claims
from .conditions import CONDITION_SIGNALS, DEFAULT_SOFT_LIMIT_S, condition_evidence, estimated_seconds
from .phrasing import wordings
from .reading import AnswerReading, normalise, read_answer
from .results import FollowUp

__all__ = ["choose_follow_up", "ask_channels", "SCORES", "ASK_BONUS", "MIN_SCORE"]

# Base score per target: weaknesses shown first, then absences in the board's order of interest.
SCORES = {
    "mandate": 60, "mandate_and_own": 56, "execution": 58, "own_unit_adoption": 56, "ab_test_only": 50,
    "said_optional": 52, "said_late": 50, "metric_no_baseline": 42, "no_adoption": 30, "no_metric": 34,
    "no_foresight": 22, "no_autonomy": 20, "one_adopter": 20, "no_framework": 18, "not_standard": 26, "no_quote": 10,
}
WEAKNESSES = ("mandate", "mandate_and_own", "execution", "own_unit_adoption", "ab_test_only", "said_optional",
              "said_late")  # shown, not absent
COMPLETE_BONUS = 24  # an answer with origin, adopters, a number and a standard: someone else's word is what is left
MANDATE_FORESIGHT_PENALTY = 30  # an answer that says the work was asked for has no foresight to probe first
# Bonus when the question asks for the target's signal: the strongest channel, plus a little per other channel.
ASK_BONUS = {"text": 50, "listen_for": 35, "dimension": 25, "category": 10}
ASK_EXTRA = 5
CLAIM_BONUS = 12  # the answer claims the thing ("it spread everywhere", "a huge difference") with nothing to show
FIRST_ASK_BONUS = 8  # what the question's text asks for first
PACKET_BONUS = 15  # a fact the board read in the packet and the answer left out
CONDITION_SCORE = 62  # a conditional bank question whose condition the answer meets
LONG_ANSWER_SCORE = 85
DOMINANT_BONUS = 50  # a weakness said in at least half of the answer's sentences
MIN_SCORE = 40  # below this nothing is clearly missing: the question's own follow-ups
SHORT_ANSWER_WORDS = 60  # a framing question's short answer is not asked for the whole story

_SIGNAL_ASK = {"cross_bu_adoption": "adoption", "institutionalized": "standard", "metric": "metric",
               "foresight": "foresight", "mandate": "origin", "autonomy": "origin",
               "talent_multiplier": "framework", "execution_language": "trade_off",
               "stakeholder_quote": "quote", "": "framing"}
_TARGET_SIGNAL = {"mandate": "mandate", "mandate_and_own": "mandate", "execution": "execution_language",
                  "own_unit_adoption": "cross_bu_adoption", "no_adoption": "cross_bu_adoption",
                  "one_adopter": "cross_bu_adoption", "ab_test_only": "foresight",
                  "no_metric": "metric", "metric_no_baseline": "metric", "no_foresight": "foresight",
                  "no_autonomy": "autonomy", "no_framework": "talent_multiplier",
                  "not_standard": "institutionalized", "no_quote": "stakeholder_quote",
                  "said_optional": "institutionalized", "said_late": "foresight"}
# What a question asks for beyond the lens's question_focus words.
_EXTRA_ASKS = {
    "adoption": r"beyond (?:it|your|the candidate's|their)(?: own)?(?: team| unit)?|elsewhere|outside (?:your|the) "
                r"(?:own )?(?:team|unit)|which other|anyone else|would my (?:organi[sz]ation|bu|team)|"
                r"other organi[sz]ations?|adopter",
    "standard": r"standard|default|polic(?:y|ies)|how things are done|institution|mandatory|official|owns it",
    "quote": r"stakeholder|vouch|in their words|what did (?:\w+ ){1,4}say|quote|who would say|testimon|words of|"
             r"someone there",
    "framework": r"use to (?:make|decide)|their own decisions|decide with|leave behind|left behind|method|"
                 r"repeatable|reusable decision|scoring|way of deciding|teams (?:now )?decide|decision rule|"
                 r"leave them a rule|\brules?\b|checklist",
    "trade_off": r"decision|hardest call|the call|cost you|what did it cost|alternative|options|sacrific|say no|"
                 r"said no|disagree",
    "foresight": r"why now|timing|right moment|earlier|how early|when did you (?:first )?(?:see|notice|realis|realiz)|"
                 r"lead time|signal|before (?:there was|anyone|it was|others)|leading indicator|see ahead",
    "origin": r"how (?:this|it) started|who started|whose|asked you|initiative|mandate|who proposed",
    "metric": r"what changed|numbers?|before and after|measur|prove",
}
_EXTRA_ASKS_RX = {name: re.compile(pattern, re.I) for name, pattern in _EXTRA_ASKS.items()}
# Where the lens's asks (erbsim.core.lens.question.ASKS) are said, to find which a question asks first.
# Framing is left out: a framing question asks for the framing as a whole, never for it first.
_LENS_ASKS = {name: pattern for name, pattern in ASKS.items() if name != "framing"}
_CATEGORY_ASKS = {"strategy": {"foresight", "origin"}, "trade_offs": {"trade_off"},
                  "replication": {"adoption", "standard"}}
_AB_TEST_RX = re.compile(r"\ba/?b[\s-]?tests?\b|\bab tests?\b|\bvariants?\b|\bcontrol group\b|"
                         r"\bstatistically significant\b", re.I)
# The question asks about one adopter only: naming one answers it.
_ONE_ADOPTER_RX = re.compile(r"\b(?:one|a single) (?:adopting|adopter|other)\b|\bone (?:business unit|team|org)\b",
                             re.I)
_MENTORING_RX = re.compile(r"\b(?:mentor\w*|coach\w*|brown[\s-]bags?|grow(?:ing)? people|junior\w*|1:1s?|"
                           r"one[\s-]on[\s-]ones?|promot(?:ed|ion))\b", re.I)

_CONDITION_REASONS = {
    "many_metrics": "You listed several numbers in a row without the decision behind them.",
    "execution_language": "The answer described delivery{triggers} rather than a decision.",
    "mandate": "You said the work was asked of you{triggers}, so the board asks what you added to it.",
    "team_not_bu": "The teams you named sit inside your own unit, where the board looks for other business units.",
    "long_answer": "The answer ran about {minutes}, well past the {limit} it had, so the board asks for the short "
                   "version.",
    "no_specifics": "The answer named no number, organisation or person.",
}


@dataclass
class _Candidate:
    target: str
    signal: str
    score: float
    reason: str
    evidence: tuple[str, ...] = ()
    source: str = "lens"
    values: dict[str, str] = field(default_factory=dict)
    question: Question | None = None  # a conditional bank question
    texts: list[str] = field(default_factory=list)


# Words that look like an ask and are not: "what changed in the market" asks for a market shift, not a number.
_NOT_ASKS_RX = re.compile(r"what changed in the (?:market|industry|world|regulation|competition)", re.I)


def _asks(text: str, *, spoken: bool = True) -> set[str]:
    text = _NOT_ASKS_RX.sub(" ", text)
    focus = question_focus(text)
    asks = set(focus.asks) if focus is not None else set()
    asks |= {name for name, rx in _EXTRA_ASKS_RX.items() if rx.search(text)}
    if spoken and "framework" in asks:
        asks.discard("adoption")  # "which framework do other teams use": others using a framework
        asks.discard("trade_off")  # "a template for trade-off decisions", "how do teams now decide"
    return asks


def ask_channels(question: Question | str | None) -> dict[str, set[str]]:
    """What the question asks for, by channel: its text, listen_for, dimension, category."""
    if question is None:
        return {}
    if isinstance(question, str):
        first = first_ask(question)
        return {"text": _asks(question), "first": {first} if first else set()}
    channels = {"text": _asks(question.text), "listen_for": _asks(question.listen_for, spoken=False),
                "dimension": set(DIMENSION_ASKS.get(question.dimension, ())),
                "category": set(_CATEGORY_ASKS.get(question.category, ()))}
    if question.category == "trade_offs" and question.dimension == "strategic_autonomy":
        channels["dimension"] = {"trade_off"}  # a trade-off question scores autonomy by the decision it made
    first = first_ask(question.text)
    if first is not None and first in channels["text"]:
        channels["first"] = {first}
    if "framework" in channels["text"] | channels["dimension"]:
        channels["category"].discard("adoption")
    return channels


def first_ask(text: str) -> str | None:
    """What a question's text asks for first (the ask matched earliest in it)."""
    text = _NOT_ASKS_RX.sub(" ", text)
    best: tuple[int, str] | None = None
    for name in sorted(_asks(text)):
        rx = _EXTRA_ASKS_RX.get(name)
        positions = [m.start() for m in rx.finditer(text)] if rx is not None else []
        positions += [m.start() for m in re.finditer(_LENS_ASKS.get(name, r"(?!)"), text, re.I)]
        if positions and (best is None or min(positions) < best[0]):
            best = (min(positions), name)
    return best[1] if best else None


def _bonus(signal: str, channels: dict[str, set[str]]) -> float:
    ask = _SIGNAL_ASK.get(signal)
    hits = sorted((ASK_BONUS[name] for name, asks in channels.items() if name in ASK_BONUS and ask in asks),
                  reverse=True)
    bonus = hits[0] + ASK_EXTRA * (len(hits) - 1) if hits else 0.0
    if ask is not None and ask in channels.get("first", set()):
        bonus += FIRST_ASK_BONUS
    return bonus


def _quote(words: Sequence[str], limit: int = 3) -> str:
    return ", ".join(f"\u201c{w.strip()}\u201d" for w in list(words)[:limit])


def _said(triggers: Sequence[str], limit: int = 3) -> str:
    """ " (“launched”, “shipped”)" from the rules' short triggers; "" when only whole sentences matched."""
    short = [t for t in triggers if len(t.split()) <= 6]
    return f" ({_quote(short, limit)})" if short else ""


def _lens_candidates(r: AnswerReading, channels: dict[str, set[str]], question_text: str) -> list[_Candidate]:
    out: list[_Candidate] = []

    def add(target: str, reason: str, evidence: tuple[str, ...] = (), values: dict[str, str] | None = None) -> None:
        signal = _TARGET_SIGNAL[target]
        out.append(_Candidate(target, signal, SCORES[target] + _bonus(signal, channels), reason, evidence,
                              values=values or {}))

    if r.mandate:
        said = _said(r.mandate_words, 1)
        if r.has("autonomy"):
            add("mandate_and_own", f"Part of the work was asked of you{said}, and the answer does not separate it "
                                   "from what you started yourself.", r.mandate_evidence)
        else:
            add("mandate", f"You said the work was asked of you{said}, which the board reads as execution, "
                           "not initiative.", r.mandate_evidence)
    if r.has("execution_language"):
        count = len(r.evidence("execution_language"))
        add("execution", f"The answer lists what was delivered{_said(r.triggers('execution_language'))} "
                         "without a decision or what it cost.", r.evidence("execution_language"))
        if count >= 2 and 2 * count >= len(r.sentences):  # mostly delivery talk: as pressing as being asked for
            out[-1].score = max(out[-1].score, SCORES["execution"] + DOMINANT_BONUS)
    own_unit = bool(r.own_unit_sentences) and not r.cross_bu
    if own_unit:
        add("own_unit_adoption", "The teams you named sit inside your own unit; the board counts adoption by "
                                 "other business units.", r.own_unit_sentences)
    if _AB_TEST_RX.search(r.text) and not r.has("foresight") and not r.result.decisions:
        add("ab_test_only", "The answer rests on A/B test results, which show a test was run, not what you saw "
                            "before there was anything to test.",
            tuple(s.text for s in r.sentences if _AB_TEST_RX.search(s.text)))
    if r.late and not r.mandate:
        add("said_late", "You said you did not see it early, so the board asks what you saw before others did.",
            r.late)
    adopted = r.cross_bu or bool(r.adopters_named)
    if r.not_standard and adopted and not r.standard:
        add("said_optional", f"You said it is still optional{_said(r.not_standard_words, 2)}, so it is adopted but "
                             "not yet a standard.", r.not_standard)
    if not r.cross_bu and not own_unit:
        named = r.adopters_named
        framework_only = bool(r.framework_made) and not r.framework  # a framework described, its users not named
        if len(named) == 1:
            if not _ONE_ADOPTER_RX.search(question_text):
                add("one_adopter", f"You named one organisation that adopted it ({named[0]}); the board looks for "
                                   "at least two.", values={"organisation": named[0]})
        elif r.reach_claimed:
            add("no_adoption", "You said it spread but named no other business unit that uses it.", r.reach_claimed)
            out[-1].score += CLAIM_BONUS
        else:
            add("no_adoption", "You said what it did but named no other business unit that uses it.")
        if framework_only and len(named) != 1:
            # the question's ask for a framework others use: the framework is there, the others are not
            out[-1].score = max(out[-1].score, SCORES["no_adoption"] + _bonus("talent_multiplier", channels))
            out[-1].reason = "You described the framework but named no team outside yours that decides with it."
    standard = bool(r.standard)
    story = r.cross_bu or standard
    if not r.has("metric"):
        if r.impact_claimed:
            add("no_metric", "You said it made a difference but gave no number for what changed.")
            out[-1].score += CLAIM_BONUS
        elif story or "metric" in channels.get("text", set()):
            add("no_metric", "The answer gave no number for what changed.")
    elif r.unbased_metrics and not r.based_metric:
        trigger, sentence = r.unbased_metrics[0]
        add("metric_no_baseline", f"You gave a number (\u201c{trigger}\u201d) with no baseline, so the board "
                                  "cannot tell how much changed.", (sentence,), {"number": trigger})
    if not r.has("foresight") and not r.late:
        add("no_foresight", "Nothing in the answer says when you saw this coming or how far ahead of the need "
                            "you acted.")
        if r.mandate:
            out[-1].score -= MANDATE_FORESIGHT_PENALTY
    if not r.has("autonomy") and not r.mandate:
        add("no_autonomy", "The answer does not say whose idea this was or that you started it without being asked.")
    if not r.framework and not r.framework_made:
        mentoring = tuple(s.text for s in r.sentences if _MENTORING_RX.search(s.text))
        add("no_framework", "You described mentoring, which the board does not count, and named no framework or "
                            "template other teams now decide with." if mentoring else
                            "You named no framework, template or scoring model that other teams now decide with.",
            mentoring)
    if adopted and not standard and not r.not_standard:
        add("not_standard", "You named organisations that adopted it but did not say it became a standard or the "
                            "default.", r.evidence("cross_bu_adoption") or r.adopter_sentences)
    if (story or r.has("metric")) and not r.quoted:
        add("no_quote", "The claims rest on your word alone: no one outside your team is quoted.")
        origin = r.has("autonomy") or r.has("foresight")
        if r.cross_bu and r.has("metric") and standard and origin and not r.mandate:
            out[-1].score += COMPLETE_BONUS
            out[-1].reason = ("The answer has the origin, the adopters, the number and the standard, all on your "
                              "word: no one outside your team is quoted.")
    return out


def _apply_claims(candidates: list[_Candidate], claims: list[PacketClaim], channels: dict[str, set[str]]) -> None:
    """A packet claim makes the candidate for its signal specific; a claim with
    no candidate (the answer did not lack the thing in general) stands alone."""
    used: set[int] = set()
    for claim in claims:
        same = [c for c in candidates if c.signal == claim.signal and c.source == "lens" and id(c) not in used]
        if claim.signal == "mandate":
            candidates[:] = [c for c in candidates if c.target != "no_autonomy"]  # the packet answers whose idea
        if same:
            best = max(same, key=lambda c: c.score)
            used.add(id(best))
            # keep the lens candidate as a fallback wording, with the packet's version first
            candidates.append(_Candidate(claim.target, claim.signal, best.score + PACKET_BONUS, claim.reason,
                                         claim.evidence, "packet", dict(claim.values)))
        else:
            base = SCORES["mandate"] if claim.signal == "mandate" else {
                "cross_bu_adoption": SCORES["no_adoption"], "metric": SCORES["no_metric"],
                "foresight": SCORES["no_foresight"], "stakeholder_quote": SCORES["no_quote"]}[claim.signal]
            score = base + PACKET_BONUS + _bonus(claim.signal, channels)
            candidates.append(_Candidate(claim.target, claim.signal, score, claim.reason, claim.evidence, "packet",
                                         dict(claim.values)))


def _condition_candidates(r: AnswerReading, question: Question | str, example: Example | None,
                          bank: Sequence[Question], candidates: list[_Candidate], channels: dict[str, set[str]],
                          answer_s: float | None, soft_limit_s: float | None) -> list[_Candidate]:
    out: list[_Candidate] = []
    seat = question.seat if isinstance(question, Question) else None
    lang = question.lang if isinstance(question, Question) else "en"
    own_id = question.id if isinstance(question, Question) else None
    met: dict[str, tuple[bool, tuple[str, ...]]] = {}
    conditional = sorted((q for q in bank if q.condition and q.id != own_id and q.lang == lang),
                         key=lambda q: (q.seat != seat, q.id))
    for q in conditional:
        if q.condition not in met:
            met[q.condition] = condition_evidence(q.condition, r, answer_s, soft_limit_s)
        ok, evidence = met[q.condition]
        if not ok:
            continue
        text = fill(q.text, example)
        if text is None:
            continue
        signal = CONDITION_SIGNALS[q.condition]
        score = (LONG_ANSWER_SCORE if q.condition == "long_answer" else CONDITION_SCORE) + _bonus(signal, channels)
        rival = [c.score for c in candidates if signal and c.signal == signal]
        if rival:
            score = max(score, max(rival) + 1)  # the bank's own words for the same probe
        if q.seat == seat:
            score += 1
        out.append(_Candidate("condition", signal, score, _condition_reason(q.condition, r, answer_s, soft_limit_s),
                              evidence, "condition", question=q, texts=[text]))
    return out


def _condition_reason(condition: str, r: AnswerReading, answer_s: float | None, soft_limit_s: float | None) -> str:
    template = _CONDITION_REASONS[condition]
    if condition == "long_answer":
        seconds = answer_s if answer_s is not None else estimated_seconds(r)
        limit = soft_limit_s if soft_limit_s and soft_limit_s > 0 else DEFAULT_SOFT_LIMIT_S
        return template.format(minutes=_duration(seconds), limit=_duration(limit))
    if "{triggers}" in template:
        words = r.mandate_words if condition == "mandate" else r.triggers(condition)
        return template.format(triggers=_said(words, 2))
    return template


def _duration(seconds: float) -> str:
    minutes = seconds / 60
    if minutes < 1:
        return f"{round(seconds)} seconds"
    whole = round(minutes * 2) / 2
    return f"{whole:g} minute" if whole == 1 else f"{whole:g} minutes"


def _own_follow_up(question: Question | str, example: Example | None, asked: _Asked,
                   answered: bool) -> FollowUp | None:
    """The question's next fixed follow-up not yet asked (slots filled from the example)."""
    if not isinstance(question, Question):
        return None
    reason = ("The answer covered what the question asked for, so the board goes on with the question's own "
              "follow-up." if answered else "No answer was heard, so the board goes on with the question's own "
              "follow-up.")
    for text in question.follow_ups:
        filled = fill(text, example)
        if filled is not None and not asked.repeats(filled):
            return FollowUp(filled, "", reason, (), "bank")
    return None


_CLASSICS = (("What changed as a result?", "metric"), ("Who else uses it?", "cross_bu_adoption"),
             ("Who asked you to do this?", "autonomy"), ("What would you do differently today?", ""))


def _classic(asked: _Asked, answered: bool) -> FollowUp:
    reason = ("A classic probe: nothing else was left to ask." if answered else
              "No answer was heard, so the board asks one of its classic probes.")
    for text, signal in _CLASSICS:
        if not asked.repeats(text):
            return FollowUp(text, signal, reason, (), "bank")
    return FollowUp("Is there anything you would add?", "", "Everything else was already asked.", (), "bank")


def choose_follow_up(answer: str, question: Question | str, example: Example | None = None, *,
                     asked: Sequence[str] = (), bank: Sequence[Question] | None = None,
                     answer_s: float | None = None, soft_limit_s: float | None = None) -> FollowUp:
    """The follow-up the board asks after `answer` to `question` (about packet
    `example`, if any); `asked` are texts already asked in the session (never
    repeated); `bank` holds conditional questions that may be chosen when the
    answer meets their condition. Deterministic."""
    said = _Asked(frozenset(normalise(t) for t in asked),
                  normalise(question if isinstance(question, str) else question.text))
    if not re.search(r"\w", clean(answer)):  # nothing heard but hesitations
        return _own_follow_up(question, example, said, answered=False) or _classic(said, answered=False)
    r = read_answer(answer)
    channels = ask_channels(question)
    focus = question_focus(question)
    question_text = question if isinstance(question, str) else question.text
    candidates = _lens_candidates(r, channels, question_text)
    if focus is not None and focus.framing and r.words <= SHORT_ANSWER_WORDS:
        # a crisp framing is what was asked: missing is only what the question's own words ask for
        candidates = [c for c in candidates if c.target in WEAKNESSES
                      or _SIGNAL_ASK.get(c.signal) in channels.get("text", set())]
    else:
        _apply_claims(candidates, packet_claims(example, r), channels)
    candidates += _condition_candidates(r, question, example, bank or (), candidates, channels, answer_s,
                                        soft_limit_s)
    seat = question.seat if isinstance(question, Question) else None
    ranked = [c for _, c in sorted(enumerate(candidates), key=lambda item: (-item[1].score, item[0]))]
    clear = [c for c in ranked if c.score >= MIN_SCORE]
    # what is clearly missing; else the question's own follow-ups; else the best of what is missing, however faint
    return (_first_unasked(clear, seat, said) or _own_follow_up(question, example, said, answered=True)
            or _first_unasked([c for c in ranked if c.score < MIN_SCORE], seat, said)
            or _classic(said, answered=True))


@dataclass(frozen=True)
class _Asked:
    """What must not be asked again: the session's texts, and the question itself."""
    texts: frozenset[str]  # normalised
    question: str  # normalised

    def repeats(self, text: str) -> bool:
        """The same text as one asked, or a wording whose first sentence the question already says."""
        norm = normalise(text)
        if norm in self.texts:
            return True
        first = normalise(re.split(r"(?<=[?.!])\s", text.strip(), maxsplit=1)[0])
        return norm in self.question or (len(first.split()) >= 3 and first in self.question)


def _first_unasked(candidates: Sequence[_Candidate], seat: str | None, asked: _Asked) -> FollowUp | None:
    for c in candidates:
        for text in c.texts or wordings(c.target, seat, c.values):
            if not asked.repeats(text):
                return FollowUp(text, c.signal, c.reason, c.evidence, c.source,
                                c.question.id if c.question is not None else None)
    return None
