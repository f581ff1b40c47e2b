"""The candidate's packet: the 3-5 examples the real board questions them on.

The ERB reads a 12-page packet before the defense; each example in it should
walk the four steps the board expects (see ../shared/domain/erb.md):

1. the risk or opportunity seen before it was urgent, and how far ahead;
2. the action taken without formal authority, and who, if anyone, asked;
3. how it changed behaviour, budget or strategy beyond the team (before/after);
4. how it was reused or adopted: which other organisations, as what.

`Packet.to_dict()` / `Packet.from_dict()` are the one plain-data form (stored
as JSON, written as YAML, and the source of the Markdown form).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

TRACKS = ("staff", "principal")
MIN_EXAMPLES, MAX_EXAMPLES = 3, 5
# As what another organisation took the work up (the board's own words).
REUSE_FORMS = ("template", "standard", "API", "policy", "process", "tool", "framework", "playbook", "other")


class PacketError(ValueError):
    """A packet document that cannot be read; the message names the field."""


@dataclass(frozen=True)
class Adopter:
    organisation: str  # another business unit or organisation, e.g. "Ele.me"
    reused_as: str = ""  # one of REUSE_FORMS, or free text
    what_changed: str = ""  # what changed for them, in their numbers if known


@dataclass(frozen=True)
class Example:
    id: str  # short and stable within the packet, e.g. "ex1"
    title: str
    business_unit: str = ""
    started: str = ""  # "2024-03" or free text
    ended: str = ""
    track: str = "staff"
    # 1. foresight
    risk_seen: str = ""
    lead_time_months: float | None = None
    # 2. autonomy
    action: str = ""
    asked_by: str = ""  # who asked; "" when nobody did (the board's preferred answer)
    # 3. impact beyond the team
    impact: str = ""
    metric: str = ""  # what was measured, e.g. "seller churn"
    before: str = ""  # e.g. "9.1%"
    after: str = ""  # e.g. "6.4%"
    # 4. replication
    adoption: str = ""
    adopters: tuple[Adopter, ...] = ()
    sponsor: str = ""
    quotes: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "business_unit": self.business_unit,
            "started": self.started, "ended": self.ended, "track": self.track,
            "risk_seen": self.risk_seen, "lead_time_months": self.lead_time_months,
            "action": self.action, "asked_by": self.asked_by,
            "impact": self.impact, "metric": self.metric, "before": self.before, "after": self.after,
            "adoption": self.adoption,
            "adopters": [{"organisation": a.organisation, "reused_as": a.reused_as, "what_changed": a.what_changed}
                         for a in self.adopters],
            "sponsor": self.sponsor, "quotes": list(self.quotes), "evidence": list(self.evidence),
        }

    @classmethod
    def from_dict(cls, data: Any, where: str = "example") -> Example:
        if not isinstance(data, dict):
            raise PacketError(f"{where}: must be a mapping of fields")
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(map(str, data)) - known)
        if unknown:
            raise PacketError(f"{where}: unknown field(s) {', '.join(unknown)}")
        values: dict[str, Any] = {}
        for name in known - {"lead_time_months", "adopters", "quotes", "evidence"}:
            values[name] = _text(data.get(name), f"{where}.{name}")
        if not values["id"]:
            raise PacketError(f"{where}.id: missing")
        if not values["title"]:
            raise PacketError(f"{where}.title: missing")
        values["track"] = values["track"] or "staff"
        if values["track"] not in TRACKS:
            raise PacketError(f"{where}.track: {values['track']!r} is not one of {', '.join(TRACKS)}")
        lead = data.get("lead_time_months")
        if lead is not None and (isinstance(lead, bool) or not isinstance(lead, int | float) or not 0 <= lead <= 240):
            raise PacketError(f"{where}.lead_time_months: must be a number of months from 0 to 240")
        values["lead_time_months"] = float(lead) if lead is not None else None
        adopters = data.get("adopters") or []
        if not isinstance(adopters, list):
            raise PacketError(f"{where}.adopters: must be a list")
        values["adopters"] = tuple(_adopter(a, f"{where}.adopters[{i}]") for i, a in enumerate(adopters))
        for name in ("quotes", "evidence"):
            items = data.get(name) or []
            if not isinstance(items, list):
                raise PacketError(f"{where}.{name}: must be a list of text")
            values[name] = tuple(t for i, item in enumerate(items) if (t := _text(item, f"{where}.{name}[{i}]")))
        return cls(**values)


@dataclass(frozen=True)
class Packet:
    name: str  # e.g. "ERB 2027 spring"
    candidate: str = ""
    track: str = "staff"
    target_level: str = ""  # e.g. "Staff PM (P8)"
    examples: tuple[Example, ...] = field(default_factory=tuple)
    uuid: str = ""

    def example(self, example_id: str) -> Example | None:
        return next((e for e in self.examples if e.id == example_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "candidate": self.candidate, "track": self.track,
                "target_level": self.target_level, "uuid": self.uuid,
                "examples": [e.to_dict() for e in self.examples]}

    @classmethod
    def from_dict(cls, data: Any) -> Packet:
        if not isinstance(data, dict):
            raise PacketError("a packet must be a mapping with name, track and examples")
        unknown = sorted(set(map(str, data)) - set(cls.__dataclass_fields__))
        if unknown:
            raise PacketError(f"packet: unknown field(s) {', '.join(unknown)}")
        name = _text(data.get("name"), "name")
        if not name:
            raise PacketError("name: missing")
        track = _text(data.get("track"), "track") or "staff"
        if track not in TRACKS:
            raise PacketError(f"track: {track!r} is not one of {', '.join(TRACKS)}")
        examples = data.get("examples") or []
        if not isinstance(examples, list):
            raise PacketError("examples: must be a list")
        if len(examples) > MAX_EXAMPLES:
            raise PacketError(f"examples: a packet holds at most {MAX_EXAMPLES} examples, this one has {len(examples)}")
        parsed = tuple(Example.from_dict(e, f"examples[{i}]") for i, e in enumerate(examples))
        ids = [e.id for e in parsed]
        if len(set(ids)) != len(ids):
            raise PacketError("examples: two examples share an id")
        return cls(name=name, candidate=_text(data.get("candidate"), "candidate"), track=track,
                   target_level=_text(data.get("target_level"), "target_level"), examples=parsed,
                   uuid=_text(data.get("uuid"), "uuid"))


def next_example_id(packet: Packet) -> str:
    used = {e.id for e in packet.examples}
    n = 1
    while f"ex{n}" in used:
        n += 1
    return f"ex{n}"


def _adopter(data: Any, where: str) -> Adopter:
    if isinstance(data, str):
        data = {"organisation": data}
    if not isinstance(data, dict):
        raise PacketError(f"{where}: must be a mapping (organisation, reused_as, what_changed) or a name")
    unknown = sorted(set(map(str, data)) - {"organisation", "reused_as", "what_changed"})
    if unknown:
        raise PacketError(f"{where}: unknown field(s) {', '.join(unknown)}")
    organisation = _text(data.get("organisation"), f"{where}.organisation")
    if not organisation:
        raise PacketError(f"{where}.organisation: missing")
    return Adopter(organisation, _text(data.get("reused_as"), f"{where}.reused_as"),
                   _text(data.get("what_changed"), f"{where}.what_changed"))


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_FIELD_CHARS = 20_000


def _text(value: Any, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise PacketError(f"{where}: must be text")
    text = _CONTROL.sub("", str(value).replace("\r\n", "\n").replace("\r", "\n")).strip()
    if len(text) > MAX_FIELD_CHARS:
        raise PacketError(f"{where}: longer than {MAX_FIELD_CHARS:,} characters")
    return text
