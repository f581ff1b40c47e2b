"""The five board seats that ask questions.

A real ERB has five members; at least one is a P10 executive and the business
unit's Chief Product Officer sits on it. Each seat is a persona with its own
angle, so the questions it asks and the voice it speaks in differ.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Seat:
    number: int  # 1-5, as shown on screen and used by `erbsim say --seat N`
    id: str  # stable key used in question banks and storage
    name: str
    title: str
    focus: str


SEATS: tuple[Seat, ...] = (
    Seat(1, "cpo", "Helen Zhou", "Chief Product Officer of your business unit (chair)",
         "Product strategy of the business unit: what you chose to build, and why then."),
    Seat(2, "peer_exec", "Marcus Li", "P10 executive, sister business unit",
         "Replication: would my organisation adopt this, and did anyone outside your team?"),
    Seat(3, "tech_fellow", "Wen Gao", "Chief Architect",
         "Technical depth: architecture, scale, and whether this was an engineering or a market problem."),
    Seat(4, "gm", "Rita Sun", "General Manager, another business unit",
         "Trade-offs: what you gave up, what it cost, and who paid for it."),
    Seat(5, "talent_lead", "David Ma", "HR Business Partner",
         "Talent multiplier: the frameworks and templates other teams now decide with."),
)

SEAT_IDS = tuple(seat.id for seat in SEATS)
SEAT_NUMBERS = tuple(seat.number for seat in SEATS)
_BY_ID = {seat.id: seat for seat in SEATS}
_BY_NUMBER = {seat.number: seat for seat in SEATS}


def seat_by_id(seat_id: str) -> Seat:
    return _BY_ID[seat_id]


def seat_by_number(number: int) -> Seat:
    return _BY_NUMBER[number]
