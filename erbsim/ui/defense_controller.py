"""Runs one defense: the engine's effects become speech, recording and storage.

The engine (erbsim.core.engine) decides; this class only carries out, on the
SessionRunner it shares with the mock panel (erbsim.ui.session_runner). It
never blocks: storage goes through the StoreClient's thread, speech through
BoardVoice, recording and transcription through AnswerRecorder. Every storage
failure, even of work whose result nobody waits for (heartbeats, answer times),
ends in the defense view's warning banner and the log.

The board listens: as soon as an answer's text is known (the final transcript,
or a typed answer) it is read on the store's worker thread
(erbsim.core.probe.choose_follow_up, ~10 ms) and the follow-up it calls for is
offered to the engine, so the next follow-up asks what the answer lacked. If
the reading is late or fails, the engine falls back to the bank's follow-ups.
Nothing of the reading is shown during the defense; the summary and the
review show it afterwards.
"""

from __future__ import annotations

import dataclasses
import logging
import random
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from erbsim.core import engine as eng
from erbsim.core.banks import Question
from erbsim.core.clock import Clock, SystemClock
from erbsim.core.drawing import DrawFilter, QuestionDrawer
from erbsim.core.packet import Packet
from erbsim.core.probe import FollowUp
from erbsim.core.seats import SEAT_IDS, seat_by_id
from erbsim.ui.defense_view import DefenseView
from erbsim.ui.session_runner import SessionRunner, new_seed, resolved
from erbsim.ui.store_client import StoreClient

log = logging.getLogger(__name__)

CHAIR = "cpo"  # the chair announces the time
STATUS_LABELS = {"ready": "Ready", "asking": "Question asked", "answering": "Recording your answer",
                 "between": "Answer saved", "overtime": "Overtime", "finished": "Finished",
                 "abandoned": "Ended early"}


@dataclass
class DefensePlan:
    track: str
    minutes: int
    banks: list[str]
    seats: list[str]
    follow_ups: int = 1
    soft_limit_s: int = 180
    seed: int | None = None
    resume_session_id: int | None = None  # carry on an interrupted session
    resume_turns: list | None = None  # storage Turns of that session
    resume_elapsed_s: float = 0.0  # the board's clock at the session's last heartbeat
    packet: Packet | None = None  # the candidate's packet the board asks about
    packet_id: int | None = None  # its id in the store
    packet_focus: bool = False  # a packet-centred defense: most questions are about the packet
    cut_in_after_s: int = 45  # the board cuts in this long past the soft limit; 0: never


class DefenseController(SessionRunner):
    ended = Signal(int, str)  # session id, final status
    follow_up_offered = Signal(int, object)  # engine turn index, the FollowUp the board chose
    interruption_saved = Signal(int)  # event id

    def __init__(self, view: DefenseView, store: StoreClient, voice, recorder,
                 questions: list[Question], plan: DefensePlan, past_scores: dict[str, float] | None = None,
                 clock: Clock | None = None, captions: bool = False, parent: QObject | None = None):
        seed = new_seed(plan.seed)
        config = eng.EngineConfig(budget_s=plan.minutes * 60, answer_soft_limit_s=plan.soft_limit_s,
                                  follow_ups_per_question=plan.follow_ups, cut_in_after_s=max(0, plan.cut_in_after_s))
        draw_filter = DrawFilter(track=plan.track, seats=tuple(plan.seats), banks=tuple(plan.banks))
        drawer = _drawer(questions, random.Random(seed), draw_filter, past_scores, plan)
        session = eng.DefenseSession(drawer=drawer, clock=clock or SystemClock(), config=config)
        super().__init__(store, voice, recorder, questions, session, draw_filter, plan.packet, plan.soft_limit_s,
                         parent)
        self.view = view
        self.plan = plan
        self.captions = captions
        self.seed = seed
        self.drawer = drawer
        self._questions = {q.id: q for q in questions}
        self._caption = ""

        self._connect(view.answer_toggled, self.toggle_answer)
        self._connect(view.next_requested, lambda: self.apply(self.session.next_question()))
        self._connect(view.follow_up_requested, lambda: self.apply(self.session.follow_up()))
        self._connect(view.repeat_requested, lambda: self.apply(self.session.repeat()))
        self._connect(view.typed_answer_submitted, self._typed_answer)
        self._connect(view.captions_toggled, self._set_captions)
        if recorder is not None:
            self._connect(recorder.level_changed, view.level_meter.set_level)
        self._connect_recorder()
        if self._typed:
            reason = recorder.unavailable_reason() if recorder is not None else ""
            view.set_typed_mode(True, reason or "No microphone: answers are typed.")
        else:
            view.set_typed_mode(False)
        view.set_captions_visible(captions)
        view.set_answer_time(None, plan.soft_limit_s)

    # Life cycle --------------------------------------------------------------

    def start(self) -> None:
        plan = self.plan
        if plan.resume_session_id is not None:
            self._session_id = resolved(plan.resume_session_id)
            turns, earlier = self._earlier_turns(plan.resume_turns or [])
            # The last heartbeat's clock covers an answer cut off by a crash; turn times
            # cover a session from before heartbeats carried the clock.
            elapsed = max([plan.resume_elapsed_s] + [x for t in turns for x in (t.asked_at_s, t.answer_ended_s)
                                                     if x is not None])
            self.session.resume(earlier, elapsed)
            for index, turn in enumerate(turns):
                self._turn_ids[index] = resolved(turn.id)
            self.view.show_notice(f"Resumed with {len(turns)} earlier questions. Press N for the next one.")
            self.apply([])
            self._prepare_ahead()
        else:
            self._session_id = self.store.submit(lambda store: store.create_session(
                mode="solo", track=plan.track, budget_s=plan.minutes * 60, seed=self.seed, banks=plan.banks,
                seats=plan.seats, soft_limit_s=plan.soft_limit_s, packet_id=plan.packet_id),
                on_failure=self._storage_failed)
            self.apply(self.session.start())
        self._start_clock()
        self.view.setFocus()

    def interrupt(self) -> None:
        """The window is closing mid-session: keep the audio, mark the session interrupted."""
        if self._closed:
            return
        self.apply(self.session.stop_answer())  # saves the answer's times and closes its file
        self._stop_recording()
        self._close("interrupted")

    # Effects -----------------------------------------------------------------

    def _on_AskQuestion(self, effect: eng.AskQuestion) -> None:
        turn = effect.turn
        self._caption = ""
        self.view.hide_banner()
        self.view.show_question(turn.seat, turn.text, turn.is_follow_up, turn.index + 1)
        main = None
        if turn.is_follow_up:
            main = next((t for t in self.session.turns if t.question.id == turn.question.id
                         and not t.is_follow_up), None)
        self._save_asked(turn, main)
        self.voice.speak(turn.text, turn.seat)

    def _on_SoftLimitReached(self, effect: eng.SoftLimitReached) -> None:
        minutes = _duration_words(self.plan.soft_limit_s)
        if self.session.config.cut_in_after_s > 0:
            self.view.show_warning(f"This answer has passed {minutes}. Come to the decision: "
                                   "the board will cut in.")
        else:
            self.view.show_warning(f"This answer has passed {minutes}. The board would be cutting in by now.")

    def _on_BoardCutsIn(self, effect: eng.BoardCutsIn) -> None:
        turn = effect.turn
        seat = turn.seat
        name = seat_by_id(seat).name if seat in SEAT_IDS else "The board"
        self.view.show_warning(f"{name} cuts in: “{effect.text}”", urgent=True)
        self.voice.speak(effect.text, seat, interrupt=True)
        self._save_event("interruption", effect.at_s, effect.text, seat, self._turn_ids.get(turn.index),
                         self.interruption_saved.emit)

    def _on_OvertimeStarted(self, effect: eng.OvertimeStarted) -> None:
        self.view.show_warning("Time is up. The real board would stop you here; press Esc to end.", urgent=True)
        self.voice.speak("Time is up.", CHAIR, interrupt=False)

    def _on_SessionEnded(self, effect: eng.SessionEnded) -> None:
        status = "finished" if effect.phase is eng.Phase.FINISHED else "abandoned"
        self._close(status)

    # Helpers -----------------------------------------------------------------

    def end(self, status: str = "finished") -> None:
        self.apply(self.session.finish() if status == "finished" else self.session.abandon())

    def _close(self, status: str) -> None:
        self.detach()
        self._close_session(status, lambda session_id: self.ended.emit(session_id, status))

    def _refresh(self) -> None:
        session = self.session
        self.view.set_clock(session.remaining_s(), session.overtime)
        self.view.set_answer_time(session.answer_elapsed_s(), self.plan.soft_limit_s)
        self.view.set_answering(session.phase is eng.Phase.ANSWERING)
        if session.status == "answering" and self._typed:
            self.view.set_status("Answering (typed)")
        else:
            self.view.set_status(self._status_text(STATUS_LABELS.get(session.status, session.status)))

    def _typed_answer(self, text: str) -> None:
        turn = self.session.current_turn
        if turn is None:
            return
        if self.session.phase is eng.Phase.ANSWERING:
            self.apply(self.session.stop_answer())
        if self._save_typed_answer(turn.index, text):
            self.view.show_notice("Typed answer saved. Press N for the next question.")

    # What the defense view shows ------------------------------------------------

    def _warn(self, text: str, urgent: bool = False) -> None:
        self.view.show_warning(text, urgent=urgent)

    def _notify(self, text: str) -> None:
        self.view.show_notice(text)

    def _chair_seat(self) -> str:
        return CHAIR

    def _focus_typed_answer(self) -> None:
        self.view.typed_answer.setFocus()

    def _typed_mode_after_failure(self, message: str) -> None:
        self.view.set_typed_mode(True, message + " You can type your answers instead.")

    def _follow_up_chosen(self, index: int, follow_up: FollowUp) -> None:
        # Nothing is shown during the defense; the summary and the review show it afterwards.
        self.follow_up_offered.emit(index, follow_up)

    def _follow_up_failed(self, index: int, error: BaseException) -> None:
        # The board still asks: the engine falls back to the bank's follow-ups.
        log.error("choosing the follow-up for answer %d failed; the bank's follow-up stands", index + 1,
                  exc_info=error)

    def _partial_text(self, text: str) -> None:
        self._caption = text
        if self.captions:
            self.view.set_caption_text(text)

    def _set_captions(self, visible: bool) -> None:
        self.captions = visible
        if visible:
            self.view.set_caption_text(self._caption)

    def _storage_failed(self, error: BaseException) -> None:
        log.error("saving the session failed", exc_info=error)
        self.save_failed = True
        if not self._closed:
            self._refresh()
        if "disk is full" in str(error):  # sqlite3's words for SQLITE_FULL
            self.view.show_warning("The disk is full: the session could not be saved to the database "
                                   "(what was recorded is kept).", urgent=True)
        else:
            self.view.show_warning(f"Could not save to the database: {error}", urgent=True)

    def _earlier_turns(self, stored: list) -> tuple[list, list[eng.EarlierTurn]]:
        """The stored turns of an interrupted session that can be carried on, and the engine's
        view of them: slotted questions filled again from the packet, follow-ups with the text
        they were asked with (a follow-up the board chose is not in the bank)."""
        kept: list = []
        earlier: list[eng.EarlierTurn] = []
        mains: dict[int, eng.EarlierTurn] = {}  # stored turn id -> its main question's entry
        counts: dict[int, int] = {}  # stored main turn id -> follow-ups so far
        last_main: int | None = None
        for t in stored:
            if not t.is_follow_up:
                if t.question_id not in self._questions:
                    last_main = None
                    continue
                question = self._filled(self._questions[t.question_id], t)
                entry = eng.EarlierTurn(question)
                mains[t.id] = entry
                last_main = t.id
            else:
                main_id = t.parent_turn_id if t.parent_turn_id in mains else last_main
                if main_id is None:
                    continue
                main = mains[main_id].question
                asked = self._questions.get(t.question_id) if t.question_id != main.id else None
                entry = eng.EarlierTurn(main, counts.get(main_id, 0), t.question_text, asked)
                counts[main_id] = counts.get(main_id, 0) + 1
            kept.append(t)
            earlier.append(entry)
        return kept, earlier

    def _filled(self, question: Question, stored) -> Question:
        """A bank question as it was asked: filled from the packet example it was about."""
        example_id = getattr(stored, "example_id", None)
        if not example_id:
            return question
        # None when the packet changed since: the stored text still says what was asked.
        filled = self.drawer.fill_for(question, example_id)
        if filled is not None:
            return filled
        return dataclasses.replace(question, text=stored.question_text or question.text, example_id=example_id)


def first_question(questions: list[Question], plan: DefensePlan,
                   past_scores: dict[str, float] | None) -> Question | None:
    """The question a defense with this plan (its seed set) draws first, drawing nothing: the
    drawer is built exactly as DefenseController builds it."""
    if plan.seed is None:
        raise ValueError("the first question is known only for a plan with a seed")
    draw_filter = DrawFilter(track=plan.track, seats=tuple(plan.seats), banks=tuple(plan.banks))
    return _drawer(questions, random.Random(plan.seed), draw_filter, past_scores, plan).peek()


def _drawer(questions: list[Question], rng: random.Random, draw_filter: DrawFilter,
            past_scores: dict[str, float] | None, plan: DefensePlan) -> QuestionDrawer:
    """The drawer, asking about the plan's packet (most questions, in a packet-centred defense)."""
    return QuestionDrawer(questions, rng, draw_filter, past_scores, packet=plan.packet, packet_focus=plan.packet_focus)


def _duration_words(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    if secs == 0:
        return "1 minute" if minutes == 1 else f"{minutes} minutes"
    return f"{minutes}:{secs:02d}"

