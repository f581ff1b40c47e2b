"""Feedback: the signals of one answer, and their absence, turned into advice in
the board's terms (docs/lens.md, "Feedback")."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .results import LensResult

__all__ = ["Feedback", "feedback"]


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
