"""What the board heard in a finished session, for the summary and the review.

Never shown during the defense (the real board gives no feedback while you
answer). For each answer: the question's `listen_for` points and which of them
the answer covered (with the covering sentence), why the board asked it when
it was a follow-up the board chose (the signal it targeted, its reason, the
words of the answer before it came from), the moments the board cut in, and
which track the answer's language reads as; for the session, the track
reading over every answer against the track the candidate chose.

`listen_to_session` reads the lens for every answer: run it off the GUI thread
(the StoreClient's worker does).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from erbsim.core.banks import Question
from erbsim.core.probe import ListenPoint, TrackReading, listen_for_coverage, read_track
from erbsim.core.store import SessionDetail, Turn, TurnEvent

__all__ = ["FollowUpWhy", "AnswerHeard", "SessionHeard", "listen_to_session"]


@dataclass(frozen=True)
class FollowUpWhy:
    """Why the board asked a follow-up, as saved when it was asked."""
    signal: str  # the lens signal it targeted ("" for none)
    reason: str
    evidence: tuple[str, ...] = ()  # words of the answer before it


@dataclass(frozen=True)
class AnswerHeard:
    turn_id: int
    listen_for: tuple[ListenPoint, ...] = ()  # () when the question is not in the banks here
    thread: bool = False  # True: the points are judged on the main answer and its follow-ups so far
    why: FollowUpWhy | None = None
    interruptions: tuple[TurnEvent, ...] = ()
    track: TrackReading | None = None  # None when there is no answer text

    @property
    def covered(self) -> int:
        return sum(1 for point in self.listen_for if point.covered)


@dataclass(frozen=True)
class SessionHeard:
    answers: dict[int, AnswerHeard] = field(default_factory=dict)  # turn id -> what was heard
    track: TrackReading | None = None  # over every answer; None when nothing was answered

    def for_turn(self, turn_id: int) -> AnswerHeard | None:
        return self.answers.get(turn_id)


def listen_to_session(detail: SessionDetail, questions: Mapping[str, Question]) -> SessionHeard:
    """`questions`: the bank questions by id (their listen_for)."""
    chosen = detail.session.track
    by_id = {t.id: t for t in detail.turns}
    thread_text: dict[int, list[str]] = {}  # main turn id -> its answers so far, in order
    answers: dict[int, AnswerHeard] = {}
    texts: list[str] = []
    for turn in detail.turns:
        text = (turn.text or "").strip()
        if text:
            texts.append(text)
        main = _main_turn(turn, by_id)
        question = questions.get(turn.question_id or "")
        thread = turn.is_follow_up and main is not None and main.question_id == turn.question_id
        if main is not None:
            thread_text.setdefault(main.id, []).append(text)
        points: tuple[ListenPoint, ...] = ()
        judged = " ".join(thread_text.get(main.id, [])) if thread and main is not None else text
        if question is not None and question.listen_for.strip():
            points = tuple(listen_for_coverage(judged, question))
        answers[turn.id] = AnswerHeard(
            turn.id, points, thread, _why(turn),
            tuple(e for e in detail.events if e.kind == "interruption" and e.turn_id == turn.id),
            read_track(text, chosen) if text else None)
    return SessionHeard(answers, read_track(texts, chosen) if texts else None)


def _main_turn(turn: Turn, by_id: Mapping[int, Turn]) -> Turn | None:
    """The main question's turn a turn belongs to (itself for a main question)."""
    if not turn.is_follow_up:
        return turn
    return by_id.get(turn.parent_turn_id) if turn.parent_turn_id is not None else None


def _why(turn: Turn) -> FollowUpWhy | None:
    if not turn.is_follow_up or not turn.follow_up_reason:
        return None
    evidence = tuple(line.strip() for line in (turn.follow_up_evidence or "").splitlines() if line.strip())
    return FollowUpWhy(turn.follow_up_signal or "", turn.follow_up_reason, evidence)
