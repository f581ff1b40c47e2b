"""What a seat says when it cuts into an answer that has run too long.

Real boards interrupt: well past the soft limit a member stops the candidate,
politely, and turns them toward what the board needs (the decision, who else
uses it, what it cost). Each seat cuts in in its own manner; the line is
chosen deterministically from the seat and the turn, so a rerun of a seeded
session says the same thing.
"""

from __future__ import annotations

import zlib

INTERRUPTIONS: dict[str, tuple[str, ...]] = {
    "cpo": (
        "Let me stop you there. What was the decision, and why then?",
        "I'm going to cut in, in the interest of time: give me the one decision you made.",
        "Let me pause you. What did you see before anyone asked you to act?",
    ),
    "peer_exec": (
        "Let me stop you there. Who outside your team uses this today?",
        "Sorry to cut in. Which other business unit adopted it, and as what?",
        "Let me jump in: would my organisation take this as it is, and why?",
    ),
    "tech_fellow": (
        "Let me stop you there. Was this an engineering problem or a market problem?",
        "I'll cut in here. What was the one technical decision that mattered?",
        "Let me pause you. Skip the components: what would have broken without it?",
    ),
    "gm": (
        "Let me stop you there. What did it cost, and who paid for it?",
        "I have to cut in. What did you give up to do this?",
        "Let me jump in: give me the trade-off in one sentence.",
    ),
    "talent_lead": (
        "Let me stop you there. Which team decides with your framework today?",
        "Sorry to cut in. What did you leave behind that others now use without you?",
        "Let me pause you. What is the repeatable part of this?",
    ),
}
DEFAULT_INTERRUPTION = "Let me stop you there. What was the decision?"


def interruption_for(seat: str, question_id: str = "", turn_index: int = 0) -> str:
    """The seat's interruption for this turn; the same inputs always give the same line."""
    lines = INTERRUPTIONS.get(seat)
    if not lines:
        return DEFAULT_INTERRUPTION
    key = zlib.crc32(f"{question_id}:{turn_index}".encode())
    return lines[key % len(lines)]
