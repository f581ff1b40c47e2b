"""What the probe gives back: the follow-up, the listen_for points, the track reading."""

from __future__ import annotations

from dataclasses import asdict, dataclass

__all__ = ["FollowUp", "ListenPoint", "TrackReading", "TrackSentence"]


@dataclass(frozen=True)
class FollowUp:
    text: str  # what the seat will say
    signal: str  # the lens signal it targets (a strength lacking or a weakness shown), "" for a bank fallback
    reason: str  # one sentence: why the board asks it
    evidence: tuple[str, ...] = ()  # words of the answer (or the packet) it was chosen from
    source: str = "bank"  # "lens" | "packet" | "condition" | "bank"
    question_id: str | None = None  # a conditional bank question chosen as the follow-up

    def to_dict(self) -> dict:
        data = asdict(self)
        data["evidence"] = list(self.evidence)
        return data


@dataclass(frozen=True)
class ListenPoint:
    text: str  # one point of the question's listen_for
    covered: bool
    evidence: str = ""  # the sentence of the answer that covered it


@dataclass(frozen=True)
class TrackSentence:
    text: str
    track: str  # "staff" | "principal"
    terms: tuple[str, ...]  # the words that placed it


@dataclass(frozen=True)
class TrackReading:
    reading: str  # "staff" | "principal" | "mixed" | "unclear"
    chosen: str  # the track the candidate chose
    staff_score: float
    principal_score: float
    sentences: tuple[TrackSentence, ...] = ()  # the sentences that decided it

    @property
    def agrees(self) -> bool | None:
        """Whether the language fits the chosen track; None when it is unclear."""
        if self.reading in ("mixed", "unclear"):
            return None
        return self.reading == self.chosen

    def to_dict(self) -> dict:
        data = asdict(self)
        data["agrees"] = self.agrees
        data["sentences"] = [{"text": s.text, "track": s.track, "terms": list(s.terms)} for s in self.sentences]
        return data
