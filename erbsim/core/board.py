"""The board of a mock panel: five seats, each a person on the board.

A seat keeps the persona id that the question banks use (`erbsim.core.seats`:
cpo, peer_exec, tech_fellow, gm, talent_lead) and adds what a mentor sets up
for a panel: the name and role said on screen, the voice the app speaks it in
(or `person=True`: a real person in the room asks, and nothing is spoken),
and the questions it leans to (dimensions, categories, track).

The default follows the real board (../shared/domain/erb.md): the business
unit's CPO in the chair, a P10 executive, a GM of another business unit, the
HR business partner, and a chief architect who leads on the Principal track.
Named boards ("my sponsor's board") are stored and reused; a panel session
keeps a copy of the board it ran with.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from erbsim.core.seats import SEAT_IDS, SEATS

CATEGORIES = ("strategy", "trade_offs", "replication")
DIMENSIONS = ("strategic_autonomy", "cross_bu_impact", "talent_multiplier")
SEAT_TRACKS = ("staff", "principal", "both")
# The classic probes a mentor fires with one click (the domain notes' "typical
# probes after any claim", and the penalties the board listens for).
CLASSIC_PROBES = (
    "Who asked you to do this?",
    "Who else uses it?",
    "What changed as a result?",
    "From what, to what?",
    "What did you decide, and what did you give up?",
    "When did you first see it coming, and who else saw it then?",
    "Is it a standard now, or an integration?",
    "Who there would say so, in their own words?",
)


class BoardError(ValueError):
    """A board document that cannot be used; the message names the field."""


@dataclass(frozen=True)
class BoardSeat:
    seat: str  # persona id from erbsim.core.seats (the banks' `seat`)
    name: str
    role: str
    voice: str = ""  # an installed voice id; "" = the seat's default voice
    person: bool = False  # a real person in the room asks for this seat: nothing is spoken
    dimensions: tuple[str, ...] = ()  # the seat's emphasis; () = all
    categories: tuple[str, ...] = ()
    track: str = "both"  # the track the seat leads on

    @property
    def number(self) -> int:
        return SEAT_IDS.index(self.seat) + 1

    def to_dict(self) -> dict[str, Any]:
        return {"seat": self.seat, "name": self.name, "role": self.role, "voice": self.voice,
                "person": self.person, "dimensions": list(self.dimensions),
                "categories": list(self.categories), "track": self.track}


@dataclass(frozen=True)
class Board:
    name: str
    seats: tuple[BoardSeat, ...] = field(default_factory=tuple)  # five, one per persona, in seat order

    def seat(self, seat_id: str) -> BoardSeat:
        for seat in self.seats:
            if seat.seat == seat_id:
                return seat
        raise KeyError(seat_id)

    @property
    def chair(self) -> BoardSeat:
        return self.seats[0]

    def with_seat(self, seat: BoardSeat) -> Board:
        return replace(self, seats=tuple(seat if s.seat == seat.seat else s for s in self.seats))

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "seats": [s.to_dict() for s in self.seats]}

    @classmethod
    def from_dict(cls, data: Any) -> Board:
        if not isinstance(data, dict):
            raise BoardError("a board is a mapping with a name and five seats")
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            raise BoardError("name: a board needs a name")
        seats = data.get("seats")
        if not isinstance(seats, list) or len(seats) != len(SEAT_IDS):
            raise BoardError(f"seats: a board has exactly {len(SEAT_IDS)} seats")
        parsed = [_seat(item, f"seats[{i}]") for i, item in enumerate(seats)]
        if sorted(s.seat for s in parsed) != sorted(SEAT_IDS):
            raise BoardError(f"seats: each of {', '.join(SEAT_IDS)} must appear once")
        parsed.sort(key=lambda s: SEAT_IDS.index(s.seat))
        return cls(name.strip(), tuple(parsed))


_DEFAULT_EMPHASIS = {
    "cpo": ((), ("strategy",), "both"),
    "peer_exec": (("cross_bu_impact",), ("replication",), "both"),
    "tech_fellow": ((), (), "principal"),  # leads on the Principal track
    "gm": (("strategic_autonomy",), ("trade_offs",), "staff"),
    "talent_lead": (("talent_multiplier",), (), "both"),
}


def default_board(name: str = "Standard board") -> Board:
    seats = []
    for persona in SEATS:
        dimensions, categories, track = _DEFAULT_EMPHASIS[persona.id]
        seats.append(BoardSeat(persona.id, persona.name, persona.title, dimensions=dimensions,
                               categories=categories, track=track))
    return Board(name, tuple(seats))


def _seat(data: Any, where: str) -> BoardSeat:
    if not isinstance(data, dict):
        raise BoardError(f"{where}: must be a mapping")
    seat = data.get("seat")
    if seat not in SEAT_IDS:
        raise BoardError(f"{where}.seat: {seat!r} is not one of {', '.join(SEAT_IDS)}")
    texts = {}
    for key in ("name", "role", "voice"):
        value = data.get(key, "")
        if not isinstance(value, str):
            raise BoardError(f"{where}.{key}: must be text")
        texts[key] = value.strip()[:200]
    if not texts["name"]:
        raise BoardError(f"{where}.name: every seat needs a name")
    person = data.get("person", False)
    if not isinstance(person, bool):
        raise BoardError(f"{where}.person: must be true or false")
    track = data.get("track", "both")
    if track not in SEAT_TRACKS:
        raise BoardError(f"{where}.track: {track!r} is not one of {', '.join(SEAT_TRACKS)}")
    lists = {}
    for key, allowed in (("dimensions", DIMENSIONS), ("categories", CATEGORIES)):
        value = data.get(key) or []
        if not isinstance(value, list) or any(v not in allowed for v in value):
            raise BoardError(f"{where}.{key}: a list drawn from {', '.join(allowed)}")
        lists[key] = tuple(dict.fromkeys(value))
    return BoardSeat(seat, texts["name"], texts["role"], texts["voice"], person,
                     lists["dimensions"], lists["categories"], track)
