"""The board listening: what to ask next from what an answer lacked, which of a
question's listen_for points an answer covered, and which track its language
reads as.

API (used by the defense controller, the review, the panel console and
`erbsim probe`):

    choose_follow_up(answer, question, example=None, *, asked=(), bank=None,
                     answer_s=None, soft_limit_s=None) -> FollowUp
    listen_for_coverage(answer, question) -> list[ListenPoint]
    read_track(answers, chosen_track) -> TrackReading

This first version only falls back to the bank's fixed follow-ups; the reading
of the answer is filled in by the modules of this package.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from erbsim.core.banks import Question
from erbsim.core.packet.model import Example

__all__ = ["FollowUp", "ListenPoint", "TrackReading", "TrackSentence",
           "choose_follow_up", "listen_for_coverage", "read_track"]


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


def choose_follow_up(answer: str, question: Question | str, example: Example | None = None, *,
                     asked: Sequence[str] = (), bank: Sequence[Question] | None = None,
                     answer_s: float | None = None, soft_limit_s: float | None = None) -> FollowUp:
    """The follow-up the board asks after `answer` to `question` (about packet
    `example`, if any); `asked` are texts already asked in the session (not
    repeated); `bank` holds conditional questions that may be chosen."""
    follow_ups = [] if isinstance(question, str) else [f for f in question.follow_ups if f not in asked]
    if follow_ups:
        return FollowUp(follow_ups[0], "", "The bank's next follow-up for this question.", source="bank")
    return FollowUp("What changed as a result?", "metric", "A classic probe; nothing else was left to ask.",
                    source="bank")


def listen_for_coverage(answer: str, question: Question) -> list[ListenPoint]:
    return [ListenPoint(question.listen_for, False)]


def read_track(answers: str | Sequence[str], chosen_track: str) -> TrackReading:
    return TrackReading("unclear", chosen_track, 0.0, 0.0)
