"""Slots in bank questions, filled from one example of the candidate's packet.

A bank question may say "{example}" or "{adopter}"; before it is asked the
slots are filled from the example the question is about. A question whose
slots cannot all be filled from an example is not asked about it (`fill`
returns None), so no question reaches the candidate with a raw "{slot}" or a
premise the packet does not support.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from erbsim.core.packet.model import Example

SLOT_RX = re.compile(r"\{([a-z_]+)\}")
_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                 "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
                 "nineteen", "twenty", "twenty-one", "twenty-two", "twenty-three", "twenty-four")


def _months(example: Example) -> str:
    months = example.lead_time_months
    if months is None or months <= 0:
        return ""
    whole = round(months)
    words = _NUMBER_WORDS[whole] if whole < len(_NUMBER_WORDS) else str(whole)
    return f"{words} month" if whole == 1 else f"{words} months"


def _adopter(index: int, part: str = "organisation") -> Callable[[Example], str]:
    def get(example: Example) -> str:
        others = [a for a in example.adopters
                  if a.organisation.casefold() != example.business_unit.casefold()]
        return getattr(others[index], part) if len(others) > index else ""
    return get


def _reused_as(example: Example) -> str:
    """As what the first adopter took it up; unfillable when the packet says only "other"."""
    form = _adopter(0, "reused_as")(example)
    return "" if form.strip().casefold() == "other" else form


def _short(text: str, limit: int = 90) -> str:
    """The first clause of a field, when it is short enough to be said in a question."""
    first = re.split(r"(?<=[.;!?])\s", text.strip(), maxsplit=1)[0].rstrip(".;!? ")
    return first if 0 < len(first) <= limit else ""


# slot name -> (what it stands for, how it is read from an example)
SLOTS: dict[str, tuple[str, Callable[[Example], str]]] = {
    # Quoted: a title is a name ("Food-safety risk scoring for small restaurants")
    # that reads as one in the middle of a question; the voices do not speak the quotes.
    "example": ("the example's title, in quotation marks", lambda e: f"\u201c{e.title}\u201d" if e.title else ""),
    "bu": ("the business unit the example was in", lambda e: e.business_unit),
    "started": ("when the work started", lambda e: e.started),
    "lead_time": ("how far ahead the risk was seen, in words", _months),
    "risk": ("the risk or opportunity seen early, if said in one short clause", lambda e: _short(e.risk_seen)),
    "asked_by": ("who asked for the work (empty when nobody did)", lambda e: e.asked_by),
    "metric": ("what was measured", lambda e: e.metric),
    "before": ("the metric before", lambda e: e.before),
    "after": ("the metric after", lambda e: e.after),
    "adopter": ("the first other organisation that adopted it", _adopter(0)),
    "second_adopter": ("a second other organisation that adopted it", _adopter(1)),
    "reused_as": ("as what the first adopter took it up (template, standard, API ...)", _reused_as),
    "sponsor": ("the executive sponsor", lambda e: e.sponsor),
}


def slot_names(text: str) -> list[str]:
    """The slots a text uses, in order of first use."""
    seen: list[str] = []
    for name in SLOT_RX.findall(text):
        if name not in seen:
            seen.append(name)
    return seen


def unknown_slots(text: str) -> list[str]:
    return [name for name in slot_names(text) if name not in SLOTS]


def fill(text: str, example: Example | None) -> str | None:
    """`text` with every slot filled from `example`; the text itself when it has
    no slots; None when a slot is unknown, or empty for this example."""
    names = slot_names(text)
    if not names:
        return text
    if example is None:
        return None
    values = {}
    for name in names:
        if name not in SLOTS:
            return None
        value = SLOTS[name][1](example).strip()
        if not value:
            return None
        values[name] = value
    return SLOT_RX.sub(lambda m: values[m.group(1)], text)
