"""The candidate's packet (their 3-5 examples), and the slots that bank
questions fill from it.

    model.py   Packet, Example, Adopter: the packet as data, and its plain-data form
    slots.py   the slot vocabulary ({example}, {adopter} ...) and fill()
"""

from __future__ import annotations

from erbsim.core.packet.model import (
    MAX_EXAMPLES,
    MIN_EXAMPLES,
    REUSE_FORMS,
    Adopter,
    Example,
    Packet,
    PacketError,
    next_example_id,
)
from erbsim.core.packet.slots import SLOTS, fill, slot_names, unknown_slots

__all__ = ["Packet", "Example", "Adopter", "PacketError", "MIN_EXAMPLES", "MAX_EXAMPLES", "REUSE_FORMS",
           "next_example_id", "SLOTS", "fill", "slot_names", "unknown_slots"]
