"""The packet check: what the board will find missing in each example, said in
the board's words, before the candidate walks in.

Each example is read twice: its structured fields (lead time, who asked,
before/after, adopters, sponsor, quotes) and its four step texts through the
ERB lens (`erbsim.core.lens`), so an example that says "nine months before"
in its text but leaves the field empty is not told it has no lead time, and
one whose field says nobody asked but whose text says "the GM asked us in Q4"
is. The rules, and why the board cares, are listed in docs/packet.md.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from erbsim.core.lens import LensResult, analyze, find_numbers, lead_time_months
from erbsim.core.packet.model import MAX_EXAMPLES, MIN_EXAMPLES, Adopter, Example, Packet

__all__ = ["Finding", "SEVERITIES", "STEP_NAMES", "check_packet", "check_example", "is_nobody",
           "other_adopters", "own_unit_adopters"]

SEVERITIES = ("high", "medium", "low")
STEP_NAMES = {0: "The whole example", 1: "Risk seen early", 2: "Action without formal authority",
              3: "Impact beyond the team", 4: "Reuse and adoption"}
EARLY_ENOUGH_MONTHS = 6  # under this, the board hears a reaction, not foresight


@dataclass(frozen=True)
class Finding:
    example_id: str  # "" for the packet as a whole
    step: int  # 1-4: the step of the example it is about; 0: the whole example (or packet)
    code: str  # stable id, e.g. "one_adopter"
    message: str  # what the board would notice, one or two sentences
    advice: str  # what to change in the packet
    severity: str  # one of SEVERITIES

    def to_dict(self) -> dict:
        return asdict(self)


# "Asked by: nobody" and the other ways of saying no one asked.
_NOBODY = re.compile(r"^\s*(?:nobody|no[- ]?one|none|n/?a|not asked|unprompted|self[- ]?initiated|myself|"
                     r"my own(?: initiative)?|on my own|-+|—|无|没有|没人|自发|自己)(?:\W|$)", re.I)
# Names of teams inside a unit, where the board needs another business unit.
_TEAM = re.compile(r"\b(?:teams?|squads?|pods?|crews?|tribes?|chapters?|sub-?teams?|workstreams?)\b|"
                   r"^\s*(?:my|our|the same|own)\b|团队|小组|我们", re.I)
_FEATURE_COUNT = re.compile(r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"
                            r"\s+(?:new\s+)?(?:features|launches|releases|okrs|milestones)\b|\bokrs?\b", re.I)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_SPONSOR_LEVEL = re.compile(r"\bP1[0-4]\b|\bCPO\b|\bchief\b|\bpresident\b|\bCEO\b|\bCTO\b|首席|总裁", re.I)


def is_nobody(asked_by: str) -> bool:
    """True when `asked_by` says nobody asked (or is empty)."""
    return not asked_by.strip() or bool(_NOBODY.match(asked_by))


def _names(text: str) -> set[str]:
    """A unit's name and the names in and around its brackets: "Ele.me (Local Services)"
    -> {"ele.me (local services)", "ele.me", "local services"}."""
    text = text.casefold().strip()
    out = {text} if text else set()
    for part in re.split(r"[()（）/,，]", text):
        if part.strip():
            out.add(part.strip())
    return out


def own_unit_adopters(example: Example) -> list[Adopter]:
    """Adopters that look like the candidate's own unit or a team inside it."""
    own = _names(example.business_unit)
    return [a for a in example.adopters if _TEAM.search(a.organisation) or (own & _names(a.organisation))]


def other_adopters(example: Example) -> list[Adopter]:
    """Adopters that count for the board: other organisations, each once."""
    inside = set(map(id, own_unit_adopters(example)))
    seen: dict[str, Adopter] = {}
    for adopter in example.adopters:
        if id(adopter) not in inside:
            seen.setdefault(adopter.organisation.casefold(), adopter)
    return list(seen.values())


def _read(text: str) -> LensResult:
    """The lens reading of a step text; lines wrapped by hand are joined first, so a
    sentence is read whole (paragraph breaks stay)."""
    return analyze(re.sub(r"(?<!\n)[ \t]*\n[ \t]*(?!\n)", " ", text))


def _numbers(text: str) -> list[str]:
    return [n.text for n in find_numbers(text.lower()) if not _YEAR.match(n.text)]


def _quoted(sentence: str, limit: int = 120) -> str:
    """A sentence to quote back, cut at a word when long."""
    sentence = " ".join(sentence.split())
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit].rsplit(" ", 1)[0] if " " in sentence[:limit] else sentence[:limit]
    return cut.rstrip(",;:") + " …"


def _names_list(adopters: list[Adopter]) -> str:
    names = [a.organisation for a in adopters]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def check_example(example: Example) -> list[Finding]:
    """What the board would find missing in one example, most serious first within each step."""
    found: list[Finding] = []

    def add(step: int, code: str, message: str, advice: str, severity: str) -> None:
        found.append(Finding(example.id, step, code, message, advice, severity))

    if not example.business_unit:
        add(0, "no_business_unit", "The example does not name its business unit, so the board cannot tell "
            "which adopters are outside it.", "Fill in the business unit the work started in.", "medium")

    # 1. foresight
    risk = _read(example.risk_seen) if example.risk_seen else None
    lead = example.lead_time_months
    if lead is None and risk is not None:
        lead = lead_time_months(risk)
    if not example.risk_seen and lead is None:
        add(1, "no_risk", "Step 1 is empty: the board wants the risk or opportunity you saw before it was urgent.",
            "Describe the shift you saw coming (in consumers, regulation or cost) and when you saw it.", "high")
    elif lead is None:
        add(1, "no_lead_time", "The example does not say how far ahead you saw it. Without a lead time the "
            "board hears a reaction, not foresight.",
            "Say how many months before it became urgent you saw it; the board hopes for 18-24 months.", "high")
    elif lead < EARLY_ENOUGH_MONTHS:
        months = f"{lead:g} month" if lead == 1 else f"{lead:g} months"
        add(1, "short_lead_time", f"You saw it {months} ahead: to the board, you saw it when everyone saw it.",
            "Start from the first signal you noticed, or choose an example you saw coming earlier.", "high")

    # 2. autonomy
    action = _read(example.action) if example.action else None
    if action is None:
        add(2, "no_action", "Step 2 is empty: the board will ask what you did, and on whose authority.",
            "Say what you did without formal authority, and the decision you made.", "high")
    if not is_nobody(example.asked_by):
        add(2, "assigned", f"Who asked you to do this? The packet answers “{_quoted(example.asked_by, 60)}”, and "
            "work requested from above is execution, not leadership.",
            "Say what you added that nobody asked for, or choose an example you started yourself.", "high")
    elif action is not None and action.has("mandate"):
        said = _quoted(action["mandate"].sentences[0])
        add(2, "assigned", f"Who asked you to do this? The action reads as a mandate from above: “{said}”",
            "Say what you added that nobody asked for, or choose an example you started yourself.", "high")
    elif action is not None and not action.has("autonomy") and not example.asked_by:
        add(2, "autonomy_unclear", "The action does not say the work was your call; the board will ask "
            "“Who asked you to do this?”", "Say plainly that nobody asked, and what you did without "
            "formal authority.", "medium")

    # Launches and OKRs with no decision (read over the action and impact together).
    story = _read("\n\n".join(t for t in (example.action, example.impact) if t)) \
        if example.action or example.impact else None
    if story is not None and not story.decisions and (
            story.has("execution_language") or _FEATURE_COUNT.search(story.text)):
        evidence = story["execution_language"].sentences or [
            s.text for s in story.sentences if _FEATURE_COUNT.search(s.text)]
        add(2, "execution_language", "This reads as launches and deliverables, not decisions: "
            f"“{_quoted(evidence[0])}” The board hears execution.",
            "Say what you decided, what you traded off against what, and why.", "high")

    # 3. impact
    impact_numbers = _numbers(example.impact)
    if not example.impact:
        add(3, "no_impact", "Step 3 is empty: the board will ask “What changed as a result?”",
            "Say how behaviour, budget or strategy changed beyond your team, with numbers.", "high")
    if not example.before and not example.after and len(impact_numbers) < 2:
        add(3, "no_before_after", "What changed as a result? The example has no before-and-after number.",
            "Give the metric with its value before and after, for example seller churn 9.1% to 6.4%.", "high")
    elif bool(example.before) != bool(example.after):
        given = example.after or example.before
        add(3, "no_baseline", f"From what, to what? The example gives {given} without the value "
            f"{'before' if example.after else 'after'}.", "Fill in both Before and After.", "medium")
    elif not (example.before and example.after):
        add(3, "numbers_not_in_fields", "The numbers are in the text but the Metric, Before and After fields "
            "are empty, so the board's questions cannot quote them.",
            "Fill in Metric, Before and After from the impact text.", "low")
    elif not example.metric:
        add(3, "no_metric_name", f"{example.before} to {example.after}, but of what? The example does not name "
            "the metric.", "Name what was measured in the Metric field.", "low")
    quoted_in_text = any(_read(t).has("stakeholder_quote") for t in (example.impact, example.adoption) if t)
    if not example.quotes and not quoted_in_text:
        add(3, "no_quote", "No stakeholder is quoted. The board wants to hear, in someone else's words, what "
            "changed for them.", "Add one sentence from a GM, CPO or head of another unit, with their name and "
            "role.", "medium")

    # 4. replication
    inside = own_unit_adopters(example)
    others = other_adopters(example)
    adoption = _read(example.adoption) if example.adoption else None
    if not others:
        claimed = adoption is not None and adoption.has("cross_bu_adoption") and not example.adopters
        add(4, "no_adopters", "Who else uses it? " + (
            "The text says others took it up, but no adopter is listed." if claimed else
            "No other organisation is named as adopting it, so it reads as one team's project."),
            "Name each business unit that reuses it, and as what: template, standard, API, policy.", "high")
    elif len(others) == 1:
        add(4, "one_adopter", f"Only {others[0].organisation} adopted it. One other organisation is an "
            "integration; the board looks for a standard that at least two others use.",
            "Name a second organisation that reuses it, or choose an example that spread further.", "high")
    if inside:
        unit = example.business_unit or "your own unit"
        add(4, "team_not_bu", f"{_names_list(inside)} {'looks' if len(inside) == 1 else 'look'} like "
            f"{'a team' if len(inside) == 1 else 'teams'} inside {unit}, not another business unit; the board "
            "counts adoption across business units.",
            f"List the business units outside {unit} that took it up; use within your unit is integration.",
            "medium")
    vague = [a for a in others if not a.reused_as]
    if vague:
        add(4, "no_reuse_form", f"The packet does not say as what {_names_list(vague)} took it up.",
            "After each adopter write the form in brackets: template, standard, API, policy, process.", "low")
    if example.adopters and not example.adoption:
        add(4, "no_adoption_story", "Step 4 lists adopters but does not tell how it spread or whether it "
            "became a standard.", "Say how the others came to use it and what it is now: a template, a standard, "
            "a policy.", "low")
    if not example.evidence:
        add(0, "no_evidence", "Nothing points to evidence the board could ask for: a memo, a review, a dashboard.",
            "List the documents that back the numbers and the adoption.", "low")

    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(found, key=lambda f: (f.step == 0, f.step, order[f.severity]))


def check_packet(packet: Packet) -> list[Finding]:
    """Findings about the packet as a whole, then each example's, in packet order."""
    found: list[Finding] = []
    n = len(packet.examples)
    if n < MIN_EXAMPLES:
        found.append(Finding("", 0, "too_few_examples",
                             f"The packet has {'no examples' if n == 0 else f'{n} example' + ('s' if n > 1 else '')};"
                             f" the board reads {MIN_EXAMPLES} to {MAX_EXAMPLES}.",
                             f"Add examples until there are at least {MIN_EXAMPLES}: decisions of yours that "
                             "others took up.", "high"))
    elif n > MAX_EXAMPLES:
        found.append(Finding("", 0, "too_many_examples",
                             f"The packet has {n} examples; the board reads {MIN_EXAMPLES} to {MAX_EXAMPLES}.",
                             f"Keep the {MAX_EXAMPLES} strongest: those others adopted as a standard.", "high"))
    sponsors = [e.sponsor for e in packet.examples if e.sponsor]
    if not sponsors:
        found.append(Finding("", 0, "no_sponsor", "No example names a sponsor. A packet without a P10 or CPO "
                             "sponsor is filtered out before it reaches the board.",
                             "Write your P10 or CPO sponsor in the Sponsor field of the examples they stand behind.",
                             "high"))
    elif not any(_SPONSOR_LEVEL.search(s) for s in sponsors):
        found.append(Finding("", 0, "sponsor_level_unclear", f"The sponsor ({sponsors[0]}) is not named as a P10 "
                             "or CPO; screening filters out packets without one.",
                             "Write the sponsor's title and level, for example “CPO Local Services (P10)”.",
                             "medium"))
    for example in packet.examples:
        found.extend(check_example(example))
    return found
