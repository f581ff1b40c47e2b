"""Feedback: the signals of one answer, and their absence, turned into advice in
the board's terms (docs/lens.md, "Feedback")."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from .numbers import find_numbers
from .question import QuestionFocus, question_focus
from .results import LensResult

__all__ = ["Feedback", "feedback", "lead_time_months"]


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


_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "strength": 3}


# Adoption said of teams inside the candidate's own unit: integration, not standardisation.
_OWN_UNIT_RX = re.compile(r"\b(?:in|inside|within|of) (?:my|our) own (?:bu|business unit|org|organi[sz]ation|unit|"
                          r"group|department|division)|\b(?:inside|within) (?:my|our) (?:bu|business unit|org|unit|"
                          r"department|division)\b|\bonly one other team\b|\bone other team\b", re.I)
_AB_TEST_RX = re.compile(r"\ba/?b[\s-]?tests?\b|\bab tests?\b|\bexperiments? (?:showed|won|result)|"
                         r"\bvariant\b|\bcontrol group\b|\bstatistically significant\b", re.I)
_OUTPUT_COUNT_RX = re.compile(r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|"
                              r"fifteen|twenty)\s+(?:new\s+)?(?:features|widgets|launches|releases|okrs|milestones)\b|"
                              r"\b(?:all|every|our|my)\s+(?:\w+\s+)?okrs\b|"
                              r"\bokrs?\s+(?:met|hit|achieved|completed)", re.I)
_LEAD_RX = re.compile(r"(?P<n>[\w\s.-]+?)[\s-]+(?P<u>months?|years?|quarters?)(?P<half> and a half)?\b", re.I)
_BOARD_LEAD_MONTHS = (18, 24)
# Messages about something missing that a short answer to another question need not carry.
_ABSENCES_BY_ASK = {"no_adoption": "adoption", "adopted_not_standard": "adoption", "no_quote": "adoption",
                    "no_foresight": "foresight", "no_autonomy": "origin", "no_metric": "metric",
                    "no_talent_multiplier": "framework", "no_story": None}
_SHORT_ANSWER_WORDS = 60


def lead_time_months(result: LensResult) -> float | None:
    """The longest lead time said in the foresight evidence, in months ("fourteen
    months before" -> 14, "a year and a half ahead" -> 18); None when none is said."""
    best = None
    for ev in result.signals["foresight"].evidence:
        text = ev.trigger.lower()
        text = re.sub(r"\ba (year|quarter|month)\b", r"one \1", text)
        for m in _LEAD_RX.finditer(text):
            nums = find_numbers(m.group("n").split()[-1] if m.group("n").split() else "")
            if not nums:
                nums = find_numbers(m.group("n"))
            if not nums:
                continue
            value = nums[-1].value + (0.5 if m.group("half") else 0)
            months = value * {"m": 1, "y": 12, "q": 3}[m.group("u")[0]]
            best = months if best is None else max(best, months)
    return best


def feedback(result: LensResult, question=None) -> list[Feedback]:
    """Plain advice in the board's terms, most serious first, strengths last.

    `question` (optional): the bank `Question` answered, or its plain text.
    Advice then follows what it asks for: a short direct answer to a framing
    question ("engineering problem or market problem?") is not told to name
    adopters, and what the question asks for and the answer lacks is said first."""
    focus = question_focus(question)
    out = _advice(result)
    if focus is not None:
        out = _for_the_question(result, out, focus)
    out.sort(key=lambda f: _SEVERITY_ORDER[f.severity])
    return out


def _for_the_question(result: LensResult, out: list[Feedback], focus: QuestionFocus) -> list[Feedback]:
    short = len(result.text.split()) <= _SHORT_ANSWER_WORDS
    kept = []
    for f in out:
        if f.code in _ABSENCES_BY_ASK:
            ask = _ABSENCES_BY_ASK[f.code]
            if focus.framing and short:
                continue  # a crisp framing is what was asked; the story comes with the follow-ups
            if ask is not None and ask in focus.asks:
                f = Feedback(f.code, f.message, f.advice, "high", f.dimension, f.signals, f.evidence)
            elif short and ask is not None:
                continue  # a short answer to another question need not carry this
        kept.append(f)
    return kept


def _advice(result: LensResult) -> list[Feedback]:
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
    decided = bool(result.decisions) or has("foresight") or has("autonomy")
    if _OUTPUT_COUNT_RX.search(result.text) and not decided:
        add("output_counts", "Feature counts and OKRs met read as execution, not a decision.",
            "Counting what shipped says you delivered. Say what you chose, what you gave up and why.",
            "high", "strategic_autonomy", ["execution_language"], ev("execution_language"))
    if _AB_TEST_RX.search(result.text) and not (decided or has("talent_multiplier")):
        add("ab_test_only", "A/B test results alone: a test executor, not a thought leader.",
            "\"Data-driven\" means a decision the data changed. Say what you believed, what the test was meant "
            "to settle, and what you decided because of it.",
            "medium", "strategic_autonomy", ["metric"], ev("metric"))
    if has("foresight"):
        months = lead_time_months(result)
        lo, hi = _BOARD_LEAD_MONTHS
        if months is not None and months < lo:
            add("foresight_short_lead", f"You saw it about {months:g} months ahead; the board expects {lo}-{hi}.",
                f"A Staff PM is expected to anticipate shifts {lo}-{hi} months out. Show the earliest signal you "
                "acted on, or choose an example with a longer lead.",
                "medium", "strategic_autonomy", ["foresight"], ev("foresight"))
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
            "A metric is the ripple, not the answer. "
            "Put the decision before it: the risk you saw and the call you made.",
            "medium", "strategic_autonomy", ["metric"], ev("metric"))
    if not has("foresight") and (result.present() or result.decisions):
        add("no_foresight", "When did you see it coming? Nothing says you acted before it was urgent.",
            "Say how far ahead you saw the risk or opportunity: \"eight months before the rules took effect\".",
            "medium", "strategic_autonomy")
    if not has("autonomy") and not has("mandate") and (result.present() or result.decisions):
        add("no_autonomy", "Whose idea was it? The answer does not say you started it.",
            "Say plainly that you started it without being asked, and what you did without formal authority.",
            "medium", "strategic_autonomy")
    own_unit = [s.text for s in result.sentences if _OWN_UNIT_RX.search(s.text)]
    # adoption said only of teams in the candidate's own unit does not count as cross-BU
    cross_bu = has("cross_bu_adoption") and not (
        own_unit and all(s in own_unit for s in result.signals["cross_bu_adoption"].sentences))
    if own_unit and not cross_bu:
        add("adoption_inside_own_bu", "Two teams in your own BU is integration, not standardisation.",
            "Cross-BU impact needs at least two other organisations or business units. Name them, "
            "or say what stopped them.",
            "high", "cross_bu_impact", [], tuple(own_unit))
    elif not cross_bu:
        add("no_adoption", "Who else uses it? No other team is named.",
            "Name at least two other teams or business units that adopted it, and what they use it for.",
            "high" if story or has("metric") else "medium", "cross_bu_impact")
    if cross_bu and not has("institutionalized"):
        add("adopted_not_standard", "Others adopted it: did it become a standard?",
            "Say whether it is now the default, a policy or the template others start from.",
            "low", "cross_bu_impact", ["cross_bu_adoption"], ev("cross_bu_adoption"))
    if not has("metric") and (story or cross_bu or has("institutionalized")):
        add("no_metric", "What changed as a result? There is no before/after number.",
            "Give one outcome number with its before and after: cost, time, conversion, users.",
            "medium", "cross_bu_impact")
    if (cross_bu or has("institutionalized")) and not has("stakeholder_quote"):
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
        if has(name) and (name != "cross_bu_adoption" or cross_bu):
            add(f"strength_{name}", message, "Keep it, and keep it early in the answer.",
                "strength", dimension, [name], ev(name))
    if has("metric") and story:
        add("strength_metric", "The number is tied to a decision.", "Keep the before and after.",
            "strength", "cross_bu_impact", ["metric"], ev("metric"))
    return out
