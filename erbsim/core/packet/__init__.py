"""The candidate's packet (their 3-5 examples), and the slots that bank
questions fill from it.

    model.py   Packet, Example, Adopter: the packet as data, and its plain-data form
    slots.py   the slot vocabulary ({example}, {adopter} ...) and fill()
    io.py      the packet as a file: YAML, and the Markdown a candidate writes by hand (docs/packet.md)
    check.py   the packet check: what the board will find missing in each example, in its words
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from erbsim.core.packet.io import (
    load_packet_file,
    packet_from_markdown,
    packet_from_yaml,
    packet_to_markdown,
    packet_to_yaml,
    save_packet_file,
)
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
           "next_example_id", "SLOTS", "fill", "slot_names", "unknown_slots",
           "packet_to_yaml", "packet_from_yaml", "packet_to_markdown", "packet_from_markdown",
           "load_packet_file", "save_packet_file", "Finding", "check_packet", "check_example"]

if TYPE_CHECKING:
    from erbsim.core.packet.check import Finding, check_example, check_packet

_CHECK_NAMES = ("Finding", "check_packet", "check_example")


def __getattr__(name: str) -> Any:
    # The check reads with the ERB lens; it is imported on first use so that the
    # bank loader (which needs only the slots) does not load the lens.
    if name in _CHECK_NAMES:
        from erbsim.core.packet import check

        return getattr(check, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
