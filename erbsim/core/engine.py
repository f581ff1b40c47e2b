"""The defense session as a state machine.

Events are method calls (start, start_answer, stop_answer, next_question,
follow_up, offer_follow_up, repeat, tick, finish, abandon, and for a
mentor-led panel ask, ask_text, cut_in, pause, resume_clock); each returns a list of effects,
plain data that the UI carries out (speak this question, show a warning,
persist a turn). Nothing here sleeps, plays or writes.

Time comes only from the injected clock: remaining time is the deadline minus
`clock.monotonic()`, never a count of ticks, so a late or missed tick cannot
make the clock drift. Overtime is a mode of the running session rather than a
phase of its own, because the clock may run out in the middle of an answer.
An event that makes no sense in the current phase (Space after the end, say)
is ignored and returns no effects.

The board listens: once an answer's text is known, the UI reads it off the
GUI thread (erbsim.core.probe.choose_follow_up) and offers the follow-up the
answer called for (`offer_follow_up`); the next follow-up asked is that one.
When no offer came in time (the transcript is not ready, the answer was never
given) the bank's fixed follow-ups are the fallback. When an answer runs
`cut_in_after_s` past its soft limit, the seat cuts in (BoardCutsIn), once.

A mentor-led panel drives the same session by hand:
- `ask(question)` puts a question on the table now (one from the mentor's
  queue or the bank browser, not necessarily the drawer's next draw); it is
  marked asked in the drawer. `ask_text(text, seat)` asks a typed question, a
  classic probe or the suggested follow-up: by default a follow-up of the
  current main question (follow-up numbers count on), else a new main
  question with no bank id. Both stop an answer in progress first, and both
  may give the turn a seat other than the bank's (`Turn.seat_override`).
  `start(question)` opens with a chosen question; `start(draw=False)` starts
  the clock with nothing asked yet.
- `cut_in(seat, text)`: a seat interrupts the answer now (ANSWERING only);
  recorded on the turn like the automatic cut-in, which then does not fire
  for that answer.
- `pause()` / `resume_clock()` (a fire drill): the board's clock is
  `budget - (now - start - paused)`, and an answer's timer and duration
  leave out the paused seconds too. While paused, ticks fire nothing (no
  warning, no soft limit, no cut-in, no overtime), and anything that asks or
  starts something is ignored: start_answer, next_question, follow_up, ask,
  ask_text, cut_in, repeat (the room is empty; ask once the clock runs
  again). Still allowed: stop_answer (the mentor may close an answer the
  drill broke off), offer_follow_up (a background result arriving),
  finish and abandon. A session that ends while paused ends paused: no
  ClockResumed follows.

Two time bases. `elapsed_s()` / `remaining_s()` are the board's clock (pauses
left out; what resume() takes back). Every timestamp (Turn.asked_at_s,
answer_started_s/ended_s, cut_in_at_s, ClockPaused.at_s ...) is `session_s()`:
real seconds since the start, pauses included, so notes, flags and recordings
taken during a pause stay in order on one timeline. Without a pause the two
are the same, and a solo defense never pauses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

from erbsim.core.banks import Question
from erbsim.core.clock import Clock
from erbsim.core.drawing import QuestionDrawer
from erbsim.core.interruptions import interruption_for
from erbsim.core.probe import FollowUp
from erbsim.core.seats import SEAT_IDS


class Phase(str, Enum):
    READY = "ready"          # not started
    ASKING = "asking"        # a question is on the table, no answer yet
    ANSWERING = "answering"  # the candidate is answering (recording)
    BETWEEN = "between"      # the answer ended; waiting for the next question
    FINISHED = "finished"
    ABANDONED = "abandoned"


RUNNING = (Phase.ASKING, Phase.ANSWERING, Phase.BETWEEN)
# Where a question came from (the store's turns.origin): drawn from a bank, typed
# by the mentor, a classic probe, or the follow-up the board suggested.
ORIGINS = ("bank", "custom", "probe", "suggestion")


@dataclass(frozen=True)
class EngineConfig:
    budget_s: float = 45 * 60
    warnings_at_s: tuple[float, ...] = (10 * 60, 5 * 60, 60)
    answer_soft_limit_s: float = 3 * 60
    # How many follow-ups "next question" asks before moving to a new question
    # (the board probes a claim before moving on); F always asks one more.
    follow_ups_per_question: int = 1
    # The seat cuts in when an answer runs this long past the soft limit; 0: never.
    cut_in_after_s: float = 45.0


@dataclass
class Turn:
    index: int
    question: Question  # the main question; a follow-up probes it
    follow_up_index: int | None  # None: the main question; n: the n-th follow-up on it (0, 1 ...)
    asked_at_s: float  # seconds since the session started
    answer_started_s: float | None = None
    answer_ended_s: float | None = None
    follow_up: FollowUp | None = None  # the board's choice from the answer before (None: the bank's own)
    asked: Question | None = None  # a conditional bank question asked as this follow-up
    follow_up_text: str | None = None  # a bank follow-up's text, as asked
    cut_in_at_s: float | None = None  # when a seat last cut into this answer (seconds since the start)
    cut_in_text: str = ""
    cut_in_seat: str = ""  # the seat that cut in
    origin: str = "bank"  # one of ORIGINS
    seat_override: str | None = None  # the seat asking, when not the bank question's own (a panel's choice)
    said: str | None = None  # the text exactly as given to ask_text (wins over everything else)
    answer_paused_s: float = 0.0  # seconds of the answer the clock was paused (left out of its duration)

    @property
    def text(self) -> str:
        if self.said is not None:
            return self.said
        if self.follow_up_index is None:
            return self.question.text
        if self.follow_up is not None and self.follow_up.text:
            return self.follow_up.text
        if self.asked is not None:
            return self.asked.text
        if self.follow_up_text is not None:
            return self.follow_up_text
        return self.question.follow_ups[self.follow_up_index]

    @property
    def asked_question(self) -> Question:
        """The bank question this turn asks: a chosen conditional question, else the main one."""
        return self.asked if self.asked is not None else self.question

    @property
    def seat(self) -> str:
        return self.seat_override if self.seat_override else self.asked_question.seat

    @property
    def example_id(self) -> str:
        """The packet example the question is about ("" when none)."""
        return self.asked_question.example_id or self.question.example_id

    @property
    def is_follow_up(self) -> bool:
        return self.follow_up_index is not None

    @property
    def answer_duration_s(self) -> float | None:
        if self.answer_started_s is None or self.answer_ended_s is None:
            return None
        return self.answer_ended_s - self.answer_started_s - self.answer_paused_s


def custom_question(text: str, seat: str) -> Question:
    """A question typed by the mentor, as a main question: no bank id, category or dimension."""
    return Question(id="", category="", dimension="", track="both", seat=seat, difficulty=0, text=text,
                    follow_ups=(), listen_for="", bank="", source="typed by the mentor")


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
class BoardCutsIn:
    """A seat interrupts the answer: by itself once the answer ran `cut_in_after_s` past its
    soft limit (the asking seat), or when the mentor has it cut in (`cut_in`, any seat)."""
    turn: Turn
    text: str
    seat: str = ""  # the seat cutting in; "" means the turn's seat

    def __post_init__(self) -> None:
        if not self.seat:
            object.__setattr__(self, "seat", self.turn.seat)

    @property
    def at_s(self) -> float:
        return self.turn.cut_in_at_s if self.turn.cut_in_at_s is not None else 0.0


@dataclass(frozen=True)
class ClockPaused:
    at_s: float  # session seconds (pauses included) when the clock stopped


@dataclass(frozen=True)
class ClockResumed:
    at_s: float  # session seconds (pauses included) when the clock restarted
    paused_s: float = 0.0  # how long this pause lasted


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
          | SoftLimitReached | BoardCutsIn | ClockPaused | ClockResumed | OvertimeStarted | NothingToAsk
          | SessionEnded)


@dataclass(frozen=True)
class EarlierTurn:
    """A turn of an interrupted session, for resume()."""
    question: Question  # the main question
    follow_up_index: int | None = None  # None: the main question
    text: str | None = None  # a follow-up's text as it was asked
    asked: Question | None = None  # a conditional bank question asked as the follow-up
    origin: str = "bank"
    seat: str | None = None  # the seat that asked it, when not the bank question's own


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
    # Conditional bank questions by id, for a chosen follow-up that names one (FollowUp.question_id).
    conditionals: Mapping[str, Question] = field(default_factory=dict)
    _offers: dict[int, FollowUp] = field(default_factory=dict)  # turn index -> the board's choice
    _paused_total: float = 0.0  # seconds of finished pauses
    _paused_at: float | None = None  # clock reading when the current pause began; None: running

    # Time ------------------------------------------------------------------

    def _clock_now(self) -> float:
        return self._ended_at if self._ended_at is not None else self.clock.monotonic()

    def _now_s(self) -> float:
        """Seconds since the start, pauses included, frozen once the session has ended."""
        if self._started_at is None:
            return 0.0
        return self._clock_now() - self._started_at

    def _pause_so_far(self) -> float:
        return self._clock_now() - self._paused_at if self._paused_at is not None else 0.0

    def session_s(self) -> float:
        """Real seconds since the start, pauses included: the time base of every timestamp."""
        return self._now_s()

    def paused_s(self) -> float:
        """Seconds the board's clock has stood still so far (the current pause included)."""
        return self._paused_total + self._pause_so_far()

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def elapsed_s(self) -> float:
        """Seconds on the board's clock: since the start, pauses left out."""
        return self._now_s() - self.paused_s()

    def remaining_s(self) -> float:
        """Seconds left on the board's clock; negative in overtime; frozen while paused."""
        return self.config.budget_s - self.elapsed_s()

    def answer_elapsed_s(self) -> float | None:
        """Seconds into the current answer, pauses left out (frozen while paused)."""
        turn = self.current_turn
        if self.phase is not Phase.ANSWERING or turn is None or turn.answer_started_s is None:
            return None
        return self._now_s() - turn.answer_started_s - turn.answer_paused_s - self._pause_so_far()

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

    def start(self, question: Question | None = None, *, seat: str | None = None, origin: str = "bank",
              draw: bool = True) -> list[Effect]:
        """Start the clock and ask the first question: `question` when given (a panel's
        first pick, marked asked), else the drawer's draw; with draw=False, nothing yet
        (the mentor asks with ask or ask_text)."""
        if self.phase is not Phase.READY:
            return []
        _check(origin, seat)
        self._started_at = self.clock.monotonic()
        if question is not None:
            self.phase = Phase.BETWEEN
            return self.ask(question, origin=origin, seat=seat)
        if not draw:
            self.phase = Phase.BETWEEN
            return []
        question = self.drawer.draw()
        if question is None:
            return [NothingToAsk("no questions match this track, these seats and banks")]
        return self._ask(Turn(0, question, None, 0.0))

    def resume(self, earlier: Sequence[EarlierTurn | tuple[Question, int | None]], elapsed_s: float) -> list[Effect]:
        """Carry on an interrupted session: its earlier turns and the time already used."""
        if self.phase is not Phase.READY:
            return []
        self._started_at = self.clock.monotonic() - elapsed_s
        for item in earlier:
            turn = item if isinstance(item, EarlierTurn) else EarlierTurn(*item)
            if turn.follow_up_index is None and turn.question.id:
                self.drawer.mark_asked(turn.question)
            self.turns.append(Turn(len(self.turns), turn.question, turn.follow_up_index, asked_at_s=0.0,
                                   asked=turn.asked, follow_up_text=turn.text, origin=turn.origin,
                                   seat_override=turn.seat or None))
        self.phase = Phase.BETWEEN
        for threshold in self.config.warnings_at_s:
            if self.remaining_s() <= threshold:
                self._warnings_fired.add(threshold)
        self.overtime = self.remaining_s() <= 0
        return []

    def start_answer(self) -> list[Effect]:
        turn = self.current_turn
        if self.phase is not Phase.ASKING or turn is None or self.paused:
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
        turn.answer_paused_s += self._pause_so_far()  # stopped mid-pause: the pause so far is not answering
        return [AnswerStopped(turn)]

    def next_question(self) -> list[Effect]:
        """Probe the current question further (up to the configured count), else draw a new one."""
        if self.phase not in RUNNING or self.paused:
            return []
        effects = self.stop_answer()
        follow_up = self._next_follow_up(limit=self.config.follow_ups_per_question)
        if follow_up is not None:
            return effects + self._ask(follow_up)
        question = self.drawer.draw()
        if question is None:
            return effects + [NothingToAsk("every question that fits this session has been asked")]
        return effects + self._ask(Turn(len(self.turns), question, None, 0.0))

    def follow_up(self) -> list[Effect]:
        """The board probes further on the current question (one more, whatever the count)."""
        if self.phase not in RUNNING or self.paused:
            return []
        follow_up = self._next_follow_up(limit=None)
        if follow_up is None:
            return [NothingToAsk("this question has no follow-ups left")]
        return self.stop_answer() + self._ask(follow_up)

    def peek_next(self) -> Turn | None:
        """The turn next_question() would ask now (start() before the start), changing nothing:
        a follow-up while the configured count allows, else the drawer's next draw (see
        QuestionDrawer.peek). None when it would ask nothing. What it says holds until the
        session changes: an offered follow-up, a question asked or marked."""
        if self.phase is Phase.READY:
            question = self.drawer.peek()
            return Turn(0, question, None, 0.0) if question is not None else None
        if self.phase not in RUNNING:
            return None
        follow_up = self._next_follow_up(limit=self.config.follow_ups_per_question)
        if follow_up is not None:
            return follow_up
        question = self.drawer.peek()
        return Turn(len(self.turns), question, None, 0.0) if question is not None else None

    def peek_follow_up(self) -> Turn | None:
        """The turn follow_up() would ask now (one more probe of the current question), changing
        nothing; None when it would ask nothing."""
        if self.phase not in RUNNING:
            return None
        return self._next_follow_up(limit=None)

    def offer_follow_up(self, turn_index: int, follow_up: FollowUp) -> list[Effect]:
        """The board's choice of follow-up after the answer to turn `turn_index`, read from
        what that answer lacked. Asked by the next follow-up while that turn is the current
        one; an offer for a turn the session has moved past is kept but never asked."""
        if 0 <= turn_index < len(self.turns) and self.phase in RUNNING:
            self._offers[turn_index] = follow_up
        return []

    def offered(self, turn_index: int) -> FollowUp | None:
        return self._offers.get(turn_index)

    def repeat(self) -> list[Effect]:
        turn = self.current_turn
        if self.phase not in RUNNING or turn is None or self.paused:
            return []
        return [RepeatQuestion(turn)]

    # Panel events ------------------------------------------------------------

    def ask(self, question: Question, *, origin: str = "bank", seat: str | None = None) -> list[Effect]:
        """Put `question` on the table now, asked by `seat` (default: the question's own):
        a queue item or a bank-browser pick, already filled when it is about the packet.
        An answer in progress is stopped first; the question is marked asked in the drawer."""
        _check(origin, seat)
        if self.phase not in RUNNING or self.paused:
            return []
        effects = self.stop_answer()
        if question.id:
            self.drawer.mark_asked(question)
        return effects + self._ask(Turn(len(self.turns), question, None, 0.0, origin=origin,
                                        seat_override=seat or None))

    def ask_text(self, text: str, seat: str, *, origin: str = "custom", follow_up: bool = True,
                 choice: FollowUp | None = None) -> list[Effect]:
        """Ask `text` in `seat`'s name: a typed question (origin "custom"), a classic probe
        ("probe") or the board's suggested follow-up ("suggestion", with the FollowUp it came
        from as `choice`, kept on the turn; an empty text asks the choice's). With follow_up=True
        it probes the current main question (its follow-up number counts on; NothingToAsk
        when no question was asked yet); else it is a new main question with no bank id.
        An answer in progress is stopped first."""
        _check(origin, seat)
        if self.phase not in RUNNING or self.paused:
            return []
        said = " ".join(text.split()) or (" ".join(choice.text.split()) if choice is not None else "")
        if not said:
            return []
        if not follow_up:
            turn = Turn(len(self.turns), custom_question(said, seat), None, 0.0, origin=origin,
                        seat_override=seat, said=said)
            return self.stop_answer() + self._ask(turn)
        main = self.main_turn()
        if main is None:
            return [NothingToAsk("no question has been asked yet to follow up")]
        kept = choice if origin == "suggestion" else None
        conditional = self.conditionals.get(kept.question_id) if kept is not None and kept.question_id else None
        if conditional is not None:
            self.drawer.mark_asked(conditional)
        turn = Turn(len(self.turns), main.question, len(self._follow_ups_of_current()), 0.0, follow_up=kept,
                    asked=conditional, origin=origin, seat_override=seat, said=said)
        return self.stop_answer() + self._ask(turn)

    def cut_in(self, seat: str, text: str = "") -> list[Effect]:
        """The mentor has `seat` interrupt the answer now (with `text`, else the seat's own
        words). Recorded on the turn (the latest cut-in is kept); the automatic cut-in does
        not fire on an answer the board already cut into. Ignored outside an answer."""
        _check("bank", seat)
        turn = self.current_turn
        if self.phase is not Phase.ANSWERING or turn is None or self.paused:
            return []
        said = " ".join(text.split()) or interruption_for(seat, turn.asked_question.id, turn.index)
        turn.cut_in_at_s = self._now_s()
        turn.cut_in_text = said
        turn.cut_in_seat = seat
        return [BoardCutsIn(turn, said, seat)]

    def pause(self) -> list[Effect]:
        """Stop the board's clock and the answer timer (a fire drill)."""
        if self.phase not in RUNNING or self.paused:
            return []
        self._paused_at = self.clock.monotonic()
        return [ClockPaused(self._now_s())]

    def resume_clock(self) -> list[Effect]:
        """Restart the board's clock where it stood."""
        if self.phase not in RUNNING or not self.paused:
            return []
        at_s, length = self._now_s(), self._close_pause()
        return [ClockResumed(at_s, length)]

    def main_turn(self, turn: Turn | None = None) -> Turn | None:
        """The main-question turn that `turn` (default: the current one) asks or probes."""
        turn = self.current_turn if turn is None else turn
        if turn is None:
            return None
        for earlier in reversed(self.turns[:turn.index + 1]):
            if earlier.follow_up_index is None:
                return earlier
        return None

    def tick(self) -> list[Effect]:
        """Call often (the UI does every ~100 ms); fires warnings and limits once each;
        nothing while the clock is paused."""
        if self.phase not in RUNNING or self.paused:
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
        cut_in = self.config.cut_in_after_s
        if (turn is not None and elapsed is not None and cut_in > 0 and turn.cut_in_at_s is None
                and elapsed >= self.config.answer_soft_limit_s + cut_in):
            turn.cut_in_at_s = self._now_s()
            turn.cut_in_text = interruption_for(turn.seat, turn.asked_question.id, turn.index)
            turn.cut_in_seat = turn.seat
            effects.append(BoardCutsIn(turn, turn.cut_in_text, turn.seat))
        return effects

    def finish(self) -> list[Effect]:
        return self._end(Phase.FINISHED)

    def abandon(self) -> list[Effect]:
        return self._end(Phase.ABANDONED)

    # Helpers ---------------------------------------------------------------

    def _end(self, phase: Phase) -> list[Effect]:
        if self.phase not in RUNNING and self.phase is not Phase.READY:
            return []
        if self.paused:
            self._close_pause()  # the session ends paused; the pause is over
        effects = self.stop_answer()
        if self._started_at is None:
            self._started_at = self.clock.monotonic()
        self._ended_at = self.clock.monotonic()
        self.phase = phase
        return effects + [SessionEnded(phase)]

    def _close_pause(self) -> float:
        """End the current pause; returns its length. An answer running through it is credited."""
        length = self._pause_so_far()
        self._paused_total += length
        self._paused_at = None
        turn = self.current_turn
        if self.phase is Phase.ANSWERING and turn is not None:
            turn.answer_paused_s += length
        return length

    def _follow_ups_of_current(self) -> list[Turn]:
        """The follow-ups asked on the current main question so far."""
        used: list[Turn] = []
        for turn in reversed(self.turns):
            if turn.follow_up_index is None:
                break
            used.append(turn)
        return used

    def _ask(self, turn: Turn) -> list[Effect]:
        turn.asked_at_s = self._now_s()
        self.turns.append(turn)
        self.phase = Phase.ASKING
        return [AskQuestion(turn)]

    def _next_follow_up(self, limit: int | None) -> Turn | None:
        """The next follow-up on the current main question: the board's offered choice for
        the answer just given, else the bank's next fixed follow-up not yet asked; None when
        the count is reached or nothing is left. Asked by the seat that asked the main question."""
        current = self.current_turn
        if current is None:
            return None
        question = current.question
        used = self._follow_ups_of_current()
        main = self.main_turn()
        seat = main.seat_override if main is not None else None  # the seat that asked the question probes it
        if limit is not None and len(used) >= limit:
            return None
        index = len(self.turns)
        asked_texts = {_norm(t.text) for t in self.turns}
        offer = self._offers.get(current.index)
        if offer is not None:
            conditional = self.conditionals.get(offer.question_id) if offer.question_id else None
            repeated = conditional is not None and any(t.asked_question.id == conditional.id for t in self.turns)
            if _norm(offer.text or (conditional.text if conditional else "")) not in asked_texts and not repeated:
                return Turn(index, question, len(used), 0.0, follow_up=offer, asked=conditional, seat_override=seat)
        text = next((f for f in question.follow_ups if _norm(f) not in asked_texts), None)
        if text is None:
            return None
        return Turn(index, question, len(used), 0.0, follow_up_text=text, seat_override=seat)


def _check(origin: str, seat: str | None) -> None:
    if origin not in ORIGINS:
        raise ValueError(f"origin {origin!r} is not one of {', '.join(ORIGINS)}")
    if seat is not None and seat not in SEAT_IDS:
        raise ValueError(f"seat {seat!r} is not one of {', '.join(SEAT_IDS)}")


def _norm(text: str) -> str:
    return " ".join(text.lower().split())
