"""The defense session as a state machine.

Events are method calls (start, start_answer, stop_answer, next_question,
follow_up, repeat, tick, finish, abandon); each returns a list of effects,
plain data that the UI carries out (speak this question, show a warning,
persist a turn). Nothing here sleeps, plays or writes.

Time comes only from the injected clock: remaining time is the deadline minus
`clock.monotonic()`, never a count of ticks, so a late or missed tick cannot
make the clock drift. Overtime is a mode of the running session rather than a
phase of its own, because the clock may run out in the middle of an answer.
An event that makes no sense in the current phase (Space after the end, say)
is ignored and returns no effects.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from erbsim.core.banks import Question
from erbsim.core.clock import Clock
from erbsim.core.drawing import QuestionDrawer


class Phase(str, Enum):
    READY = "ready"          # not started
    ASKING = "asking"        # a question is on the table, no answer yet
    ANSWERING = "answering"  # the candidate is answering (recording)
    BETWEEN = "between"      # the answer ended; waiting for the next question
    FINISHED = "finished"
    ABANDONED = "abandoned"


RUNNING = (Phase.ASKING, Phase.ANSWERING, Phase.BETWEEN)


@dataclass(frozen=True)
class EngineConfig:
    budget_s: float = 45 * 60
    warnings_at_s: tuple[float, ...] = (10 * 60, 5 * 60, 60)
    answer_soft_limit_s: float = 3 * 60
    # How many follow-ups "next question" asks before moving to a new question
    # (the board probes a claim before moving on); F always asks one more.
    follow_ups_per_question: int = 1


@dataclass
class Turn:
    index: int
    question: Question
    follow_up_index: int | None  # None: the main question
    asked_at_s: float  # seconds since the session started
    answer_started_s: float | None = None
    answer_ended_s: float | None = None

    @property
    def text(self) -> str:
        if self.follow_up_index is None:
            return self.question.text
        return self.question.follow_ups[self.follow_up_index]

    @property
    def seat(self) -> str:
        return self.question.seat

    @property
    def is_follow_up(self) -> bool:
        return self.follow_up_index is not None

    @property
    def answer_duration_s(self) -> float | None:
        if self.answer_started_s is None or self.answer_ended_s is None:
            return None
        return self.answer_ended_s - self.answer_started_s


# Effects -------------------------------------------------------------------

@dataclass(frozen=True)
class AskQuestion:
    turn: Turn


@dataclass(frozen=True)
class RepeatQuestion:
    turn: Turn


@dataclass(frozen=True)
class AnswerStarted:
    turn: Turn


@dataclass(frozen=True)
class AnswerStopped:
    turn: Turn


@dataclass(frozen=True)
class TimeWarning:
    seconds_left: float  # the threshold crossed: 600, 300 or 60 by default

    @property
    def minutes_left(self) -> int:
        return round(self.seconds_left / 60)


@dataclass(frozen=True)
class SoftLimitReached:
    turn: Turn


@dataclass(frozen=True)
class OvertimeStarted:
    pass


@dataclass(frozen=True)
class NothingToAsk:
    reason: str


@dataclass(frozen=True)
class SessionEnded:
    phase: Phase


Effect = (AskQuestion | RepeatQuestion | AnswerStarted | AnswerStopped | TimeWarning
          | SoftLimitReached | OvertimeStarted | NothingToAsk | SessionEnded)


@dataclass
class DefenseSession:
    drawer: QuestionDrawer
    clock: Clock
    config: EngineConfig = field(default_factory=EngineConfig)
    phase: Phase = Phase.READY
    turns: list[Turn] = field(default_factory=list)
    overtime: bool = False
    _started_at: float | None = None
    _warnings_fired: set[float] = field(default_factory=set)
    _soft_limit_flagged: set[int] = field(default_factory=set)
    _ended_at: float | None = None

    # Time ------------------------------------------------------------------

    def _now_s(self) -> float:
        """Seconds since the start, frozen once the session has ended."""
        if self._started_at is None:
            return 0.0
        end = self._ended_at if self._ended_at is not None else self.clock.monotonic()
        return end - self._started_at

    def elapsed_s(self) -> float:
        return self._now_s()

    def remaining_s(self) -> float:
        """Seconds left on the board's clock; negative in overtime."""
        return self.config.budget_s - self._now_s()

    def answer_elapsed_s(self) -> float | None:
        turn = self.current_turn
        if self.phase is not Phase.ANSWERING or turn is None or turn.answer_started_s is None:
            return None
        return self._now_s() - turn.answer_started_s

    @property
    def current_turn(self) -> Turn | None:
        return self.turns[-1] if self.turns else None

    @property
    def status(self) -> str:
        """The phase, or "overtime" while running past the budget."""
        if self.overtime and self.phase in RUNNING:
            return "overtime"
        return self.phase.value

    # Events ----------------------------------------------------------------

    def start(self) -> list[Effect]:
        if self.phase is not Phase.READY:
            return []
        self._started_at = self.clock.monotonic()
        question = self.drawer.draw()
        if question is None:
            return [NothingToAsk("no questions match this track, these seats and banks")]
        return self._ask(question, None)

    def resume(self, earlier: Sequence[tuple[Question, int | None]], elapsed_s: float) -> list[Effect]:
        """Carry on an interrupted session: its earlier turns and the time already used."""
        if self.phase is not Phase.READY:
            return []
        self._started_at = self.clock.monotonic() - elapsed_s
        for question, follow_up_index in earlier:
            if follow_up_index is None:
                self.drawer.mark_asked(question)
            self.turns.append(Turn(len(self.turns), question, follow_up_index, asked_at_s=0.0))
        self.phase = Phase.BETWEEN
        for threshold in self.config.warnings_at_s:
            if self.remaining_s() <= threshold:
                self._warnings_fired.add(threshold)
        self.overtime = self.remaining_s() <= 0
        return []

    def start_answer(self) -> list[Effect]:
        turn = self.current_turn
        if self.phase is not Phase.ASKING or turn is None:
            return []
        self.phase = Phase.ANSWERING
        turn.answer_started_s = self._now_s()
        return [AnswerStarted(turn)]

    def stop_answer(self) -> list[Effect]:
        turn = self.current_turn
        if self.phase is not Phase.ANSWERING or turn is None:
            return []
        self.phase = Phase.BETWEEN
        turn.answer_ended_s = self._now_s()
        return [AnswerStopped(turn)]

    def next_question(self) -> list[Effect]:
        """Probe the current question further (up to the configured count), else draw a new one."""
        if self.phase not in RUNNING:
            return []
        effects = self.stop_answer()
        follow_up = self._next_follow_up(limit=self.config.follow_ups_per_question)
        if follow_up is not None:
            return effects + self._ask(*follow_up)
        question = self.drawer.draw()
        if question is None:
            return effects + [NothingToAsk("every question that fits this session has been asked")]
        return effects + self._ask(question, None)

    def follow_up(self) -> list[Effect]:
        """The same seat probes further on the current question."""
        if self.phase not in RUNNING:
            return []
        follow_up = self._next_follow_up(limit=None)
        if follow_up is None:
            return [NothingToAsk("this question has no follow-ups left")]
        return self.stop_answer() + self._ask(*follow_up)

    def repeat(self) -> list[Effect]:
        turn = self.current_turn
        if self.phase not in RUNNING or turn is None:
            return []
        return [RepeatQuestion(turn)]

    def tick(self) -> list[Effect]:
        """Call often (the UI does every ~100 ms); fires warnings and limits once each."""
        if self.phase not in RUNNING:
            return []
        effects: list[Effect] = []
        remaining = self.remaining_s()
        if remaining <= 0 and not self.overtime:
            self.overtime = True
            self._warnings_fired.update(self.config.warnings_at_s)
            effects.append(OvertimeStarted())
        crossed = [t for t in self.config.warnings_at_s if remaining <= t and t not in self._warnings_fired]
        if crossed:
            # After a stall that skipped several thresholds, say only the most urgent.
            self._warnings_fired.update(crossed)
            effects.append(TimeWarning(min(crossed)))
        turn = self.current_turn
        elapsed = self.answer_elapsed_s()
        if (turn is not None and elapsed is not None and elapsed >= self.config.answer_soft_limit_s
                and turn.index not in self._soft_limit_flagged):
            self._soft_limit_flagged.add(turn.index)
            effects.append(SoftLimitReached(turn))
        return effects

    def finish(self) -> list[Effect]:
        return self._end(Phase.FINISHED)

    def abandon(self) -> list[Effect]:
        return self._end(Phase.ABANDONED)

    # Helpers ---------------------------------------------------------------

    def _end(self, phase: Phase) -> list[Effect]:
        if self.phase not in RUNNING and self.phase is not Phase.READY:
            return []
        effects = self.stop_answer()
        if self._started_at is None:
            self._started_at = self.clock.monotonic()
        self._ended_at = self.clock.monotonic()
        self.phase = phase
        return effects + [SessionEnded(phase)]

    def _ask(self, question: Question, follow_up_index: int | None) -> list[Effect]:
        turn = Turn(len(self.turns), question, follow_up_index, asked_at_s=self._now_s())
        self.turns.append(turn)
        self.phase = Phase.ASKING
        return [AskQuestion(turn)]

    def _main_question(self) -> Question | None:
        turn = self.current_turn
        return turn.question if turn is not None else None

    def _next_follow_up(self, limit: int | None) -> tuple[Question, int] | None:
        """The current main question and the index of its next follow-up; None if none is left."""
        question = self._main_question()
        if question is None:
            return None
        used = [t.follow_up_index for t in self.turns
                if t.question.id == question.id and t.follow_up_index is not None]
        if limit is not None and len(used) >= limit:
            return None
        next_index = len(used)
        return (question, next_index) if next_index < len(question.follow_ups) else None
