"""Runs one defense: the engine's effects become speech, recording and storage.

The engine (erbsim.core.engine) decides; this class only carries out. It
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
import time
import uuid
from concurrent.futures import Future
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from erbsim.core import engine as eng
from erbsim.core.banks import Question
from erbsim.core.clock import Clock, SystemClock
from erbsim.core.drawing import DrawFilter, QuestionDrawer
from erbsim.core.packet import Packet
from erbsim.core.probe import FollowUp, choose_follow_up
from erbsim.core.seats import SEAT_IDS, seat_by_id
from erbsim.ui.defense_view import DefenseView
from erbsim.ui.store_client import StoreClient

log = logging.getLogger(__name__)

TICK_MS = 100
HEARTBEAT_MS = 5000
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


class DefenseController(QObject):
    ended = Signal(int, str)  # session id, final status
    transcript_saved = Signal(int)  # turn id
    follow_up_offered = Signal(int, object)  # engine turn index, the FollowUp the board chose
    interruption_saved = Signal(int)  # event id

    def __init__(self, view: DefenseView, store: StoreClient, voice, recorder,
                 questions: list[Question], plan: DefensePlan, past_scores: dict[str, float] | None = None,
                 clock: Clock | None = None, captions: bool = False, parent: QObject | None = None):
        super().__init__(parent)
        self.view = view
        self.store = store
        self.voice = voice
        self.recorder = recorder
        self.plan = plan
        self.captions = captions
        self.seed = plan.seed if plan.seed is not None else random.SystemRandom().randrange(2**31)
        config = eng.EngineConfig(budget_s=plan.minutes * 60, answer_soft_limit_s=plan.soft_limit_s,
                                  follow_ups_per_question=plan.follow_ups, cut_in_after_s=max(0, plan.cut_in_after_s))
        draw_filter = DrawFilter(track=plan.track, seats=tuple(plan.seats), banks=tuple(plan.banks))
        self.drawer = _drawer(questions, random.Random(self.seed), draw_filter, past_scores, plan)
        self.session = eng.DefenseSession(drawer=self.drawer, clock=clock or SystemClock(), config=config)
        # Questions asked only after an answer that did something (listed eight metrics ...): the
        # board may choose one as a follow-up.
        self.session.conditionals = {q.id: q for q in questions if q.condition and draw_filter.admits(q)}
        self._questions = {q.id: q for q in questions}
        self._examples = {x.id: x for x in plan.packet.examples} if plan.packet is not None else {}
        self._session_id: Future | None = None
        self._turn_ids: dict[int, Future] = {}  # engine turn index -> Future[turn id]
        self._token = uuid.uuid4().hex  # tells this defense's transcripts from another's
        self._recording_turn: int | None = None
        self._typed = recorder is None or not recorder.available()
        self._closed = False
        self._caption = ""

        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.setTimerType(Qt.TimerType.PreciseTimer)
        self._ticker.timeout.connect(self.tick)
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(HEARTBEAT_MS)
        self._heartbeat.timeout.connect(self._beat)

        self._connections: list[tuple] = []
        self._connect(view.answer_toggled, self.toggle_answer)
        self._connect(view.next_requested, lambda: self.apply(self.session.next_question()))
        self._connect(view.follow_up_requested, lambda: self.apply(self.session.follow_up()))
        self._connect(view.repeat_requested, lambda: self.apply(self.session.repeat()))
        self._connect(view.typed_answer_submitted, self._typed_answer)
        self._connect(view.captions_toggled, self._set_captions)
        if recorder is not None:
            self._connect(recorder.level_changed, view.level_meter.set_level)
            self._connect(recorder.partial_text, self._partial_text)
            self._connect(recorder.transcript_ready, self._transcript_ready)
            self._connect(recorder.failed, self._recorder_failed)
            self._connect(recorder.transcript_failed, lambda _tag, message: self.view.show_warning(
                message + " The recording is kept.", urgent=True))
        if self._typed:
            reason = recorder.unavailable_reason() if recorder is not None else ""
            view.set_typed_mode(True, reason or "No microphone: answers are typed.")
        else:
            view.set_typed_mode(False)
        view.set_captions_visible(captions)
        view.set_answer_time(None, plan.soft_limit_s)

    def _connect(self, signal, slot) -> None:
        signal.connect(slot)
        self._connections.append((signal, slot))

    def detach(self) -> None:
        """Disconnect from the shared view and recorder, so the next defense starts clean.
        Transcripts still on their way keep their connection until they arrive."""
        for signal, slot in self._connections:
            if slot == self._transcript_ready:
                continue
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        self._connections.clear()

    # Life cycle --------------------------------------------------------------

    @property
    def session_id(self) -> int | None:
        future = self._session_id
        return future.result() if future is not None and future.done() and not future.exception() else None

    def start(self) -> None:
        plan = self.plan
        if plan.resume_session_id is not None:
            self._session_id = _resolved(plan.resume_session_id)
            turns, earlier = self._earlier_turns(plan.resume_turns or [])
            # The last heartbeat's clock covers an answer cut off by a crash; turn times
            # cover a session from before heartbeats carried the clock.
            elapsed = max([plan.resume_elapsed_s] + [x for t in turns for x in (t.asked_at_s, t.answer_ended_s)
                                                     if x is not None])
            self.session.resume(earlier, elapsed)
            for index, turn in enumerate(turns):
                self._turn_ids[index] = _resolved(turn.id)
            self.view.show_notice(f"Resumed with {len(turns)} earlier questions. Press N for the next one.")
            self.apply([])
        else:
            self._session_id = self.store.submit(lambda store: store.create_session(
                mode="solo", track=plan.track, budget_s=plan.minutes * 60, seed=self.seed, banks=plan.banks,
                seats=plan.seats, soft_limit_s=plan.soft_limit_s, packet_id=plan.packet_id),
                on_failure=self._storage_failed)
            self.apply(self.session.start())
        self._ticker.start()
        self._heartbeat.start()
        self.view.setFocus()

    def interrupt(self) -> None:
        """The window is closing mid-session: keep the audio, mark the session interrupted."""
        if self._closed:
            return
        self.apply(self.session.stop_answer())  # saves the answer's times and closes its file
        self._stop_recording()
        self._close("interrupted")

    # Events ------------------------------------------------------------------

    def toggle_answer(self) -> None:
        if self.session.phase is eng.Phase.ANSWERING:
            self.apply(self.session.stop_answer())
        else:
            self.apply(self.session.start_answer())

    def tick(self) -> None:
        self.apply(self.session.tick())

    def apply(self, effects: list) -> None:
        for effect in effects:
            handler = getattr(self, f"_on_{type(effect).__name__}")
            handler(effect)
        self._refresh()

    # Effects -----------------------------------------------------------------

    def _on_AskQuestion(self, effect: eng.AskQuestion) -> None:
        turn = effect.turn
        self._caption = ""
        self.view.hide_banner()
        self.view.show_question(turn.seat, turn.text, turn.is_follow_up, turn.index + 1)
        parent = None
        if turn.is_follow_up:
            main = next((t for t in self.session.turns if t.question.id == turn.question.id
                         and not t.is_follow_up), None)
            parent = self._turn_ids.get(main.index) if main is not None else None
        session_future = self._session_id
        question = turn.asked_question
        text = turn.text
        extra = {"example_id": turn.example_id or None}
        chosen = turn.follow_up
        if chosen is not None:  # why the board asked it, for the summary and the review
            extra.update(follow_up_signal=chosen.signal or None, follow_up_reason=chosen.reason or None,
                         follow_up_evidence="\n".join(chosen.evidence) or None)

        def add(store):
            return store.add_turn(
                session_future.result(), question_text=text, question_id=question.id, seat=turn.seat,
                category=question.category, dimension=question.dimension, is_follow_up=turn.is_follow_up,
                parent_turn_id=parent.result() if parent is not None else None, asked_at_s=turn.asked_at_s,
                **extra)

        self._turn_ids[turn.index] = self.store.submit(add, on_failure=self._storage_failed)
        self.voice.speak(text, turn.seat)

    def _on_RepeatQuestion(self, effect: eng.RepeatQuestion) -> None:
        self.voice.speak(effect.turn.text, effect.turn.seat)

    def _on_AnswerStarted(self, effect: eng.AnswerStarted) -> None:
        self.voice.stop()
        if self._typed:
            self.view.typed_answer.setFocus()
            return
        index = effect.turn.index
        # In the session's own folder, which deleting the session removes; the id is
        # known long before anyone can press Space (creating the row takes milliseconds).
        folder = self.session_id if self.session_id is not None else self._token[:12]
        relative = f"recordings/{folder}/answer-{index + 1:03d}.opus"
        self._recording_turn = index
        if self.recorder.start(self.store.data_root / relative, tag=(self._token, index)):
            turn_id = self._turn_ids.get(index)
            if turn_id is not None:  # saved now, so a crash mid-answer still finds the audio
                self.store.submit(lambda store: store.update_turn(turn_id.result(), audio_path=relative),
                                  on_failure=self._storage_failed)

    def _on_AnswerStopped(self, effect: eng.AnswerStopped) -> None:
        turn = effect.turn
        self._save_turn_times(turn)
        if self._recording_turn == turn.index:
            self._stop_recording()

    def _on_TimeWarning(self, effect: eng.TimeWarning) -> None:
        minutes = effect.minutes_left
        text = "One minute left." if minutes == 1 else f"{minutes} minutes left."
        self.view.show_warning(text, urgent=minutes <= 1)
        self.voice.speak(text, CHAIR, interrupt=False)

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
        turn_id = self._turn_ids.get(turn.index)
        session_future = self._session_id
        if session_future is None:
            return
        at_s, text = effect.at_s, effect.text

        def record(store):
            return store.add_event(session_future.result(), "interruption", at_s,
                                   turn_id=turn_id.result() if turn_id is not None else None, text=text,
                                   author=seat)

        self.store.submit(record, self.interruption_saved.emit, self._storage_failed)

    def _on_OvertimeStarted(self, effect: eng.OvertimeStarted) -> None:
        self.view.show_warning("Time is up. The real board would stop you here; press Esc to end.", urgent=True)
        self.voice.speak("Time is up.", CHAIR, interrupt=False)

    def _on_NothingToAsk(self, effect: eng.NothingToAsk) -> None:
        self.view.show_notice(effect.reason[:1].upper() + effect.reason[1:] + ".")

    def _on_SessionEnded(self, effect: eng.SessionEnded) -> None:
        status = "finished" if effect.phase is eng.Phase.FINISHED else "abandoned"
        self._close(status)

    # Helpers -----------------------------------------------------------------

    def end(self, status: str = "finished") -> None:
        self.apply(self.session.finish() if status == "finished" else self.session.abandon())

    def _close(self, status: str) -> None:
        self._closed = True
        self.detach()
        self._ticker.stop()
        self._heartbeat.stop()
        self.voice.stop()
        session_future = self._session_id
        if session_future is None:
            return
        elapsed = self.session.elapsed_s()

        def finish(store) -> None:
            store.heartbeat(session_future.result(), board_elapsed_s=elapsed)
            store.finish_session(session_future.result(), status)

        self.store.submit(finish, lambda _: self.ended.emit(session_future.result(), status), self._storage_failed)

    def _refresh(self) -> None:
        session = self.session
        self.view.set_clock(session.remaining_s(), session.overtime)
        self.view.set_answer_time(session.answer_elapsed_s(), self.plan.soft_limit_s)
        self.view.set_answering(session.phase is eng.Phase.ANSWERING)
        if session.status == "answering" and self._typed:
            self.view.set_status("Answering (typed)")
        else:
            self.view.set_status(STATUS_LABELS.get(session.status, session.status))

    def _save_turn_times(self, turn: eng.Turn) -> None:
        turn_id = self._turn_ids.get(turn.index)
        if turn_id is None:
            return
        started, ended = turn.answer_started_s, turn.answer_ended_s
        self.store.submit(lambda store: store.update_turn(turn_id.result(), answer_started_s=started,
                                                          answer_ended_s=ended), on_failure=self._storage_failed)

    def _stop_recording(self) -> None:
        if self._recording_turn is not None and self.recorder is not None:
            self._recording_turn = None
            self.recorder.stop()

    def _transcript_ready(self, tag, transcript) -> None:
        token, index = tag
        if token != self._token:
            return  # another defense's answer
        turn_id = self._turn_ids.get(index)
        if turn_id is None:
            return
        words = [{"text": w.text, "start": w.start, "end": w.end, "probability": w.probability}
                 for w in transcript.words]
        if not self._closed:
            self._listen(index, transcript.text)

        def save(store):
            store.set_transcript(turn_id.result(), transcript.text, words, engine=transcript.engine,
                                 model=transcript.model)
            return turn_id.result()

        self.store.submit(save, self.transcript_saved.emit, self._storage_failed)

    def _typed_answer(self, text: str) -> None:
        turn = self.session.current_turn
        if turn is None:
            return
        if self.session.phase is eng.Phase.ANSWERING:
            self.apply(self.session.stop_answer())
        turn_id = self._turn_ids.get(turn.index)
        if turn_id is None:
            return
        self.store.submit(lambda store: store.set_transcript(turn_id.result(), text, None, engine="typed", model=""),
                          lambda _: self.transcript_saved.emit(turn_id.result()), self._storage_failed)
        self._listen(turn.index, text)
        self.view.show_notice("Typed answer saved. Press N for the next question.")

    def _listen(self, index: int, text: str) -> None:
        """Read the answer to turn `index` off the GUI thread and offer the engine the follow-up
        it calls for. Nothing is shown; on failure the bank's follow-ups remain."""
        if not 0 <= index < len(self.session.turns) or not (text or "").strip():
            return
        turn = self.session.turns[index]
        example = self._examples.get(turn.example_id) if turn.example_id else None
        asked = tuple(t.text for t in self.session.turns)
        bank = tuple(self.session.conditionals.values())
        answer_s, soft_limit_s = turn.answer_duration_s, float(self.plan.soft_limit_s)
        question = turn.question
        started = time.monotonic()

        def choose(_store) -> FollowUp:
            return choose_follow_up(text, question, example, asked=asked, bank=bank, answer_s=answer_s,
                                    soft_limit_s=soft_limit_s)

        def offer(follow_up: FollowUp) -> None:
            if self._closed:
                return
            log.debug("follow-up for turn %d chosen in %.0f ms (%s): %s", index + 1,
                      (time.monotonic() - started) * 1000, follow_up.signal or follow_up.source, follow_up.text)
            self.session.offer_follow_up(index, follow_up)
            self.follow_up_offered.emit(index, follow_up)

        def failed(error: BaseException) -> None:
            # The board still asks: the engine falls back to the bank's follow-ups.
            log.error("choosing the follow-up for answer %d failed; the bank's follow-up stands", index + 1,
                      exc_info=error)

        self.store.submit(choose, offer, failed)

    def _partial_text(self, text: str) -> None:
        self._caption = text
        if self.captions:
            self.view.set_caption_text(text)

    def _set_captions(self, visible: bool) -> None:
        self.captions = visible
        if visible:
            self.view.set_caption_text(self._caption)

    def _recorder_failed(self, message: str) -> None:
        self.view.show_warning(message, urgent=True)
        if self.session.phase is eng.Phase.ANSWERING:
            self.apply(self.session.stop_answer())
        if self.recorder is not None and not self.recorder.available():
            self._typed = True
            self.view.set_typed_mode(True, message + " You can type your answers instead.")

    def _storage_failed(self, error: BaseException) -> None:
        log.error("saving the session failed", exc_info=error)
        self.view.show_warning(f"Could not save to the database: {error}", urgent=True)

    def _beat(self) -> None:
        session_id = self.session_id
        elapsed = self.session.elapsed_s()
        if session_id is not None:
            self.store.submit(lambda store: store.heartbeat(session_id, board_elapsed_s=elapsed),
                              on_failure=self._storage_failed)

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


def _drawer(questions: list[Question], rng: random.Random, draw_filter: DrawFilter,
            past_scores: dict[str, float] | None, plan: DefensePlan) -> QuestionDrawer:
    """The drawer, asking about the plan's packet (most questions, in a packet-centred defense)."""
    return QuestionDrawer(questions, rng, draw_filter, past_scores, packet=plan.packet, packet_focus=plan.packet_focus)


def _duration_words(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    if secs == 0:
        return "1 minute" if minutes == 1 else f"{minutes} minutes"
    return f"{minutes}:{secs:02d}"


def _resolved(value) -> Future:
    future: Future = Future()
    future.set_result(value)
    return future
