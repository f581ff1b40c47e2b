"""What the seat says: the follow-up texts for each target, in each seat's voice.

Each target has a few wordings; the asking seat's own come first, then the
others, and the first one not yet asked in the session is said. `{...}` fields
are filled from the answer or the packet (never left raw: a wording whose
fields cannot all be filled is skipped). See docs/probe.md, "Wording".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

__all__ = ["WORDINGS", "wordings"]

_ANY = "*"

# target -> seat -> wordings (seat "*": any seat, tried after the seat's own)
WORDINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "no_adoption": {
        "peer_exec": ("Would my organisation use this? Who outside your unit already does?",),
        "tech_fellow": ("Which other teams build on it today?",),
        "gm": ("Who else uses it, and what did it cost them to switch?",),
        "talent_lead": ("Which other teams work with it today, without you in the room?",),
        "cpo": ("Who else uses it, outside your own team?",),
        _ANY: ("Who else uses it?", "Which other business unit has taken this up?"),
    },
    "one_adopter": {
        _ANY: ("{organisation} is one. Who else uses it?",
               "Which other business unit uses it, besides {organisation}?"),
    },
    "ab_test_only": {
        "tech_fellow": ("That is a test result. What told you to start, before there was anything to test?",),
        _ANY: ("That is a test result. What did you see before there was anything to test?",
               "What made you start, before any test could tell you?"),
    },
    "own_unit_adoption": {
        "peer_exec": ("Those teams sit in your own unit. Which business unit outside it has taken this up?",),
        _ANY: ("Those are teams in your own unit. Who else uses it, outside it?",
               "Which other business unit uses it?"),
    },
    "metric_no_baseline": {
        _ANY: ("You said {number}. From what, to what?", "From what, to what?",
               "What was the number before you started, and what is it now?"),
    },
    "no_metric": {
        "gm": ("What did it change in the numbers? Before and after.",),
        "tech_fellow": ("What did it change, measured? Give me the before and after.",),
        "peer_exec": ("What changed for the business as a result? Give me the number.",),
        _ANY: ("What changed as a result? Give me the number.", "Give me one number: before and after."),
    },
    "mandate": {
        "gm": ("So this was assigned to you. What did you add that nobody asked for?",),
        "peer_exec": ("Who asked you to do this, and what would not exist if you had only done what was asked?",),
        _ANY: ("Who asked you to do this? What did you add that nobody asked for?",
               "What part of this would not exist if you had only done what you were asked?"),
    },
    "mandate_and_own": {
        _ANY: ("Part of this was asked of you. Which part did you start yourself, without being asked?",
               "Who asked you to do this? What did you add that nobody asked for?"),
    },
    "no_autonomy": {
        "gm": ("Whose idea was it, and who had to be convinced?",),
        _ANY: ("Who asked you to do this?", "Whose idea was it, and what did you do before anyone asked?"),
    },
    "no_foresight": {
        "cpo": ("How many months before it became urgent did you see it?",),
        "gm": ("When did you first see it, and what would waiting have cost?",),
        "tech_fellow": ("When did you see the problem coming, before it showed up in the numbers?",),
        _ANY: ("When did you see it coming, and how long before it was urgent?",
               "What did you see before everyone else did?"),
    },
    "execution": {
        "gm": ("What did you decide, and what did it cost you?",),
        "tech_fellow": ("Which design decision was yours, and what did you give up for it?",),
        "cpo": ("That is what shipped. What did you decide, and what did you give up?",),
        _ANY: ("What did you decide, and what did you give up?", "Which call was yours, and what did you say no to?"),
    },
    "no_framework": {
        "talent_lead": ("Which framework or template of yours do other teams now decide with, without you in the "
                        "room?",),
        "cpo": ("Is that a personal habit, or a method other teams now use? Name it.",),
        _ANY: ("What did you leave behind that other teams now decide with?",
               "Which framework, template or scoring model of yours do other teams use?"),
    },
    "not_standard": {
        "peer_exec": ("Is it now the default, or something a few teams tried?",),
        "cpo": ("Did it become the standard? Who owns it now?",),
        _ANY: ("Did it become the standard, or is it still an option teams can skip?",
               "Is it a standard now, or an integration?"),
    },
    "said_optional": {
        "peer_exec": ("You said teams can still skip it. What would make it the default?",),
        "cpo": ("So it is still optional. Who would have to decide to make it the standard?",),
        _ANY: ("You said it is still optional. What stops it becoming the standard?",
               "If teams can skip it, is it a standard or an integration?"),
    },
    "said_late": {
        "cpo": ("If everyone already saw it, what did you see that they did not, and when?",),
        _ANY: ("If it was already obvious, what did you see before the others did?",
               "What was the earliest signal you acted on, and how many months before it was urgent?"),
    },
    "no_quote": {
        "peer_exec": ("Who there would vouch for it if I called them?",),
        "cpo": ("What did a leader of an adopting team say about it, in their words?",),
        _ANY: ("Who outside your team would say that, and what did they say?",
               "Whose words back this up?"),
    },
    "packet_adopter": {
        _ANY: ("Your packet says {organisation} adopted it{as_what}: what changed for them?",
               "Your packet names {organisation} as an adopter. What do they do differently now?"),
    },
    "packet_metric": {
        _ANY: ("Your packet says {metric} went from {before} to {after}. What did you decide that moved it?",
               "Your packet puts {metric} at {before} before and {after} after. How do you know it was your work?"),
    },
    "packet_metric_after": {
        _ANY: ("Your packet puts {metric} at {after}. From what, and what moved it?",),
    },
    "packet_asked_by": {
        _ANY: ("Your packet says {asked_by} asked for this. What did you add that nobody asked for?",
               "Your packet says {asked_by} asked for this work. Which part of it was your own idea?"),
    },
    "packet_lead_time": {
        _ANY: ("Your packet says you saw this {lead_time} ahead. What did you see, and what did you do then?",),
    },
    "packet_sponsor": {
        _ANY: ("Your packet names {sponsor} as your sponsor. What would they say changed?",),
    },
}

_FIELD_RX = re.compile(r"\{([a-z_]+)\}")


def wordings(target: str, seat: str | None, values: Mapping[str, str] | None = None) -> list[str]:
    """The wordings of `target`, the seat's own first, fields filled; a wording
    with a field that has no value is left out."""
    table = WORDINGS[target]
    ordered: Sequence[str] = table.get(seat or "", ()) + table.get(_ANY, ())  # never another seat's voice
    values = values or {}
    out: list[str] = []
    for text in ordered:
        names = _FIELD_RX.findall(text)
        if any(name not in values or (not values[name] and name != "as_what") for name in names):
            continue
        filled = _FIELD_RX.sub(lambda m: values[m.group(1)], text)
        if filled not in out:
            out.append(filled)
    return out
