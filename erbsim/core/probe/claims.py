"""What the candidate's packet says about the example and the answer left out.

The board has read the packet: when an answer leaves out an adopter, a
before/after number, a sponsor or a lead time the packet states, or presents
as its own initiative work the packet says was asked for, the follow-up can
name it ("Your packet says Ele.me adopted it: what changed for them?").
Only what the example really says is used; empty fields make no claim.
"""

from __future__ import annotations

from dataclasses import dataclass

from erbsim.core.lens import find_numbers
from erbsim.core.packet.model import Example
from erbsim.core.packet.slots import SLOTS

from .reading import AnswerReading, mentions, normalise

__all__ = ["PacketClaim", "packet_claims"]


@dataclass(frozen=True)
class PacketClaim:
    signal: str  # the lens signal the claim is about
    target: str  # the wording target in phrasing.WORDINGS
    values: dict[str, str]  # fields for the wording
    reason: str
    evidence: tuple[str, ...]  # the packet's words


def _number_said(reading: AnswerReading, value: str) -> bool:
    """Is a packet value ("9.1%", "31 yuan") said in the answer, in digits or words?"""
    wanted = [n.value for n in find_numbers(value.lower())]
    if not wanted:
        return normalise(value) in reading.norm if normalise(value) else False
    said = {round(n.value, 2) for n in reading.numbers}
    return any(round(w, 2) in said for w in wanted)


def _adopter_claims(example: Example, reading: AnswerReading) -> list[PacketClaim]:
    others = [a for a in example.adopters
              if a.organisation.casefold() != example.business_unit.casefold()]
    left_out = [a for a in others if not mentions(reading.norm, a.organisation)]
    claims = []
    for adopter in left_out:
        as_what = f" as {_article(adopter.reused_as)}" if adopter.reused_as.strip() not in ("", "other") else ""
        words = f"{adopter.organisation} adopted it{as_what}"
        if adopter.what_changed:
            words += f"; what changed: {adopter.what_changed}"
        claims.append(PacketClaim(
            "cross_bu_adoption", "packet_adopter", {"organisation": adopter.organisation, "as_what": as_what},
            f"Your packet says {adopter.organisation} adopted it, and the answer did not mention "
            f"{adopter.organisation}.", (f"Packet: {words}.",)))
    return claims


def _article(reused_as: str) -> str:
    """ "template" -> "a template", "API" -> "an API", "their weekly review" stays."""
    word = reused_as.strip()
    first = word.split()[0]
    if first.lower() in ("a", "an", "the", "their", "its", "our", "my"):
        return word
    if first.isupper() and len(first) > 1:  # an acronym, said letter by letter
        return f"an {word}" if first[0] in "AEFHILMNORSX" else f"a {word}"
    return f"an {word}" if first[0].lower() in "aeiou" else f"a {word}"


def _metric_claim(example: Example, reading: AnswerReading) -> PacketClaim | None:
    metric, before, after = example.metric.strip(), example.before.strip(), example.after.strip()
    if not metric or not after:
        return None
    if _number_said(reading, after) and (not before or _number_said(reading, before)):
        return None
    if reading.based_metric and (_number_said(reading, after) or (before and _number_said(reading, before))):
        return None  # the answer gave the change from-to, one end as the packet says it ("to under one percent")
    if before:
        return PacketClaim("metric", "packet_metric", {"metric": metric, "before": before, "after": after},
                           f"Your packet gives {metric} before and after ({before} to {after}), "
                           "and the answer did not say it.", (f"Packet: {metric}, before {before}, after {after}.",))
    return PacketClaim("metric", "packet_metric_after", {"metric": metric, "after": after},
                       f"Your packet puts {metric} at {after}, and the answer did not say it.",
                       (f"Packet: {metric}, after {after}.",))


def _asked_by_claim(example: Example, reading: AnswerReading) -> PacketClaim | None:
    asked_by = example.asked_by.strip()
    if not asked_by or reading.mandate:
        return None  # nobody asked, or the answer says so itself (the lens reads that)
    claimed_own = reading.has("autonomy")
    reason = (f"Your packet says {asked_by} asked for this work, but the answer presented it as your own initiative."
              if claimed_own else
              f"Your packet says {asked_by} asked for this work, and the answer did not say where it came from.")
    evidence = (f"Packet: asked by {asked_by}.",) + (reading.evidence("autonomy")[:1] if claimed_own else ())
    return PacketClaim("mandate", "packet_asked_by", {"asked_by": asked_by}, reason, evidence)


def _lead_time_claim(example: Example, reading: AnswerReading) -> PacketClaim | None:
    lead = SLOTS["lead_time"][1](example)
    if not lead or reading.has("foresight"):
        return None
    return PacketClaim("foresight", "packet_lead_time", {"lead_time": lead},
                       f"Your packet says you saw this {lead} ahead, and the answer did not say when you saw it.",
                       (f"Packet: lead time {lead}.",))


def _sponsor_claim(example: Example, reading: AnswerReading) -> PacketClaim | None:
    sponsor = example.sponsor.strip()
    if not sponsor or reading.has("stakeholder_quote") or mentions(reading.norm, sponsor):
        return None
    return PacketClaim("stakeholder_quote", "packet_sponsor", {"sponsor": sponsor},
                       f"Your packet names {sponsor} as sponsor, and no one's words back the answer.",
                       (f"Packet: sponsor {sponsor}.",))


def packet_claims(example: Example | None, reading: AnswerReading) -> list[PacketClaim]:
    """What the example states that the answer left out, one claim per fact."""
    if example is None:
        return []
    claims = _adopter_claims(example, reading)
    for claim in (_metric_claim(example, reading), _asked_by_claim(example, reading),
                  _lead_time_claim(example, reading), _sponsor_claim(example, reading)):
        if claim is not None:
            claims.append(claim)
    return claims
