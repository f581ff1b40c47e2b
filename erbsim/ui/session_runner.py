"""What a solo defense and a mentor-led panel both do while the board's clock runs.

SessionRunner is the base of DefenseController (erbsim.ui.defense_controller)
and PanelController (erbsim.ui.panel.controller). It carries out the engine's
effects that mean the same in both: saving each question asked, the answer's
times and recording, the final or typed transcript, heartbeats and the
session's end, all through the StoreClient's thread; the clock's ticker; and
the board's reading of each answer (erbsim.core.probe.choose_follow_up), run
off the GUI thread and offered to the engine.

While the candidate answers, the board's voice renders what may be asked next
(`_prepare_ahead`: in a solo defense what N and F would ask, from the engine's
peek, which draws nothing; a panel adds its own candidates), so a question
starts from the cache when it is asked.

What each shows, and where, stays in the subclass, through a few hooks:
_warn, _notify, _storage_failed, _focus_typed_answer, _typed_mode_after_failure,
_follow_up_chosen, _follow_up_failed, _transcript_arrived, _refresh.
"""

from __future__ import annotations

import logging
import time
import uuid
from concurrent.futures import Future

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from erbsim.core import engine as eng
from erbsim.core import native_memory
from erbsim.core.banks import Question
from erbsim.core.drawing import DrawFilter, fresh_seed
from erbsim.core.interruptions import interruption_for
from erbsim.core.packet import Packet
from erbsim.core.probe import FollowUp, choose_follow_up
from erbsim.ui.store_client import StoreClient

log = logging.getLogger(__name__)

TICK_MS = 100
HEARTBEAT_MS = 5000
TRIM_EVERY_BEATS = 9  # give freed native memory back every 45 s of a running session


def new_seed(seed: int | None) -> int:
    """The plan's seed, or a fresh one when the plan has none."""
    return seed if seed is not None else fresh_seed()


def resolved(value) -> Future:
    """A future that already holds `value` (an id known before the session starts)."""
    future: Future = Future()
    future.set_result(value)
    return future


class SessionRunner(QObject):
    transcript_saved = Signal(int)  # turn id

    def __init__(self, store: StoreClient, voice, recorder, questions: list[Question],
                 session: eng.DefenseSession, draw_filter: DrawFilter, packet: Packet | None, soft_limit_s: int,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._beats = 0  # heartbeats so far (every TRIM_EVERY_BEATS-th trims native memory)
        self.store = store
        self.voice = voice
        self.recorder = recorder
        self.session = session
        # Questions asked only after an answer that did something (listed eight metrics ...): the
        # board may choose one as a follow-up.
        self.session.conditionals = {q.id: q for q in questions if q.condition and draw_filter.admits(q)}
        self._soft_limit_s = soft_limit_s
        self._examples = {x.id: x for x in packet.examples} if packet is not None else {}
        self._session_id: Future | None = None
        self._turn_ids: dict[int, Future] = {}  # engine turn index -> Future[turn id]
        self._token = uuid.uuid4().hex  # tells this session's transcripts from another's
        self._recording_turn: int | None = None
        self._typed = recorder is None or not recorder.available()
        self._closed = False
        self.save_failed = False  # a write to the database failed (a full disk): nothing says "saved"

        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.setTimerType(Qt.TimerType.PreciseTimer)
        self._ticker.timeout.connect(self.tick)
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(HEARTBEAT_MS)
        self._heartbeat.timeout.connect(self._beat)
        self._connections: list[tuple] = []

    # Hooks: what the subclass shows -------------------------------------------------------

    def _warn(self, text: str, urgent: bool = False) -> None:
        raise NotImplementedError

    def _notify(self, text: str) -> None:
        raise NotImplementedError

    def _storage_failed(self, error: BaseException) -> None:
        raise NotImplementedError

    def _status_text(self, label: str) -> str:
        """The status label, unless a save failed: then "Answer saved" would not be true."""
        if self.save_failed and self.session.status == "between":
            return "Answer not saved"
        return label

    def _chair_seat(self) -> str:
        """The seat that announces the time."""
        raise NotImplementedError

    def _focus_typed_answer(self) -> None:
        raise NotImplementedError

    def _typed_mode_after_failure(self, message: str) -> None:
        """The microphone failed for good (`message` says why): answers are typed from now on."""
        raise NotImplementedError

    def _follow_up_chosen(self, index: int, follow_up: FollowUp) -> None:
        """The board's reading of answer `index` is in (already offered to the engine)."""

    def _follow_up_failed(self, index: int, error: BaseException) -> None:
        """Reading answer `index` failed: the bank's follow-ups remain."""

    def _transcript_arrived(self, index: int, text: str) -> None:
        """The final transcript of answer `index`, while the session runs."""

    def _refresh(self) -> None:
        """Show the clock and the status after each batch of effects."""

    # Connections -------------------------------------------------------------------------

    def _connect(self, signal, slot) -> None:
        signal.connect(slot)
        self._connections.append((signal, slot))

    def _connect_recorder(self) -> None:
        recorder = self.recorder
        if recorder is None:
            return
        self._connect(recorder.partial_text, self._partial_text)
        self._connect(recorder.transcript_ready, self._transcript_ready)
        self._connect(recorder.failed, self._recorder_failed)
        self._connect(recorder.transcript_failed,
                      lambda _tag, message: self._warn(message + " The recording is kept.", urgent=True))

    def detach(self) -> None:
        """Disconnect from the shared windows, voice and recorder, so the next session starts clean.
        Transcripts still on their way keep their connection until they arrive."""
        for signal, slot in self._connections:
            if slot == self._transcript_ready:
                continue
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        self._connections.clear()

    # Life cycle ------------------------------------------------------------------------

    @property
    def session_id(self) -> int | None:
        future = self._session_id
        return future.result() if future is not None and future.done() and not future.exception() else None

    def _start_clock(self) -> None:
        self._ticker.start()
        self._heartbeat.start()

    def _stop_clock(self) -> None:
        self._ticker.stop()
        self._heartbeat.stop()

    def _close_session(self, status: str, on_done=None) -> None:
        """Stop the clock and the voice; save the board's clock and the final status, then
        `on_done(session id)`."""
        self._closed = True
        self._stop_clock()
        self.voice.stop()
        session_future = self._session_id
        if session_future is None:
            return
        elapsed = self.session.elapsed_s()

        def finish(store) -> int:
            store.heartbeat(session_future.result(), board_elapsed_s=elapsed)
            store.finish_session(session_future.result(), status)
            return session_future.result()

        self.store.submit(finish, on_done, self._storage_failed)

    def tick(self) -> None:
        self.apply(self.session.tick())

    def apply(self, effects: list) -> None:
        for effect in effects:
            getattr(self, f"_on_{type(effect).__name__}")(effect)
        if any(isinstance(effect, (eng.AskQuestion, eng.AnswerStarted)) for effect in effects):
            self._prepare_ahead()
        self._refresh()

    def _prepare_ahead(self) -> None:
        """Have the voice render what the board may ask next (it plays nothing): what N would
        ask, then what F would, and the words the seat cuts in with should the answer run on.
        Called after a question is asked, when an answer starts, and when the board's choice of
        follow-up arrives; the likeliest goes last (the voice renders the newest first)."""
        if self._closed:
            return
        session = self.session
        turn = session.current_turn
        if (session.phase is eng.Phase.ANSWERING and turn is not None and turn.cut_in_at_s is None
                and session.config.cut_in_after_s > 0):
            self.voice.prepare(interruption_for(turn.seat, turn.asked_question.id, turn.index), turn.seat)
        for upcoming in (session.peek_follow_up(), session.peek_next()):
            if upcoming is not None:
                self.voice.prepare(upcoming.text, upcoming.seat)

    def toggle_answer(self) -> None:
        if self.session.phase is eng.Phase.ANSWERING:
            self.apply(self.session.stop_answer())
        else:
            self.apply(self.session.start_answer())

    # Effects both carry out alike ----------------------------------------------------------

    def _on_RepeatQuestion(self, effect: eng.RepeatQuestion) -> None:
        self.voice.speak(effect.turn.text, effect.turn.seat)

    def _on_AnswerStarted(self, effect: eng.AnswerStarted) -> None:
        self.voice.stop()
        index = effect.turn.index
        # Saved when the answer starts, with its audio file, so that after a crash mid-answer the
        # recovery finds the recording and knows where the answer began (erbsim.ui.recovery).
        fields: dict = {"answer_started_s": effect.turn.answer_started_s}
        if self._typed:
            self._focus_typed_answer()
        else:
            # In the session's own folder, which deleting the session removes; the id is
            # known long before anyone can start an answer (creating the row takes milliseconds).
            folder = self.session_id if self.session_id is not None else self._token[:12]
            relative = f"recordings/{folder}/answer-{index + 1:03d}.opus"
            self._recording_turn = index
            if self.recorder.start(self.store.data_root / relative, tag=(self._token, index)):
                fields["audio_path"] = relative
        turn_id = self._turn_ids.get(index)
        if turn_id is not None:
            self.store.submit(lambda store: store.update_turn(turn_id.result(), **fields),
                              on_failure=self._storage_failed)

    def _on_AnswerStopped(self, effect: eng.AnswerStopped) -> None:
        turn = effect.turn
        self._save_turn_times(turn)
        if self._recording_turn == turn.index:
            self._stop_recording()

    def _on_TimeWarning(self, effect: eng.TimeWarning) -> None:
        minutes = effect.minutes_left
        text = "One minute left." if minutes == 1 else f"{minutes} minutes left."
        self._warn(text, urgent=minutes <= 1)
        self.voice.speak(text, self._chair_seat(), interrupt=False)

    def _on_NothingToAsk(self, effect: eng.NothingToAsk) -> None:
        self._notify(effect.reason[:1].upper() + effect.reason[1:] + ".")

    # Storage -------------------------------------------------------------------------------

    def _save_asked(self, turn: eng.Turn, main: eng.Turn | None, **fields) -> None:
        """Save the question `turn` asks (a follow-up under its `main` turn), with why the board
        chose it; `fields` are further turn fields."""
        session_future = self._session_id
        if session_future is None:
            return
        parent = self._turn_ids.get(main.index) if turn.is_follow_up and main is not None else None
        question = turn.asked_question
        text = turn.text
        extra = {"example_id": turn.example_id or None, **fields}
        chosen = turn.follow_up
        if chosen is not None:  # why the board asked it, for the summary and the review
            extra.update(follow_up_signal=chosen.signal or None, follow_up_reason=chosen.reason or None,
                         follow_up_evidence="\n".join(chosen.evidence) or None)

        def add(store):
            return store.add_turn(
                session_future.result(), question_text=text, question_id=question.id or None, seat=turn.seat,
                category=question.category or None, dimension=question.dimension or None,
                is_follow_up=turn.is_follow_up, parent_turn_id=parent.result() if parent is not None else None,
                asked_at_s=turn.asked_at_s, **extra)

        self._turn_ids[turn.index] = self.store.submit(add, on_failure=self._storage_failed)

    def _save_turn_times(self, turn: eng.Turn) -> None:
        turn_id = self._turn_ids.get(turn.index)
        if turn_id is None:
            return
        started, ended = turn.answer_started_s, turn.answer_ended_s
        self.store.submit(lambda store: store.update_turn(turn_id.result(), answer_started_s=started,
                                                          answer_ended_s=ended), on_failure=self._storage_failed)

    def _save_event(self, kind: str, at_s: float, text: str, author: str, turn_id: Future | None,
                    on_done=None) -> None:
        """A timeline event (interruption, flag, pause, resume); `on_done(event id)`."""
        session_future = self._session_id
        if session_future is None:
            return

        def add(store):
            return store.add_event(session_future.result(), kind, at_s, text=text, author=author,
                                   turn_id=turn_id.result() if turn_id is not None else None)

        self.store.submit(add, on_done, self._storage_failed)

    def _save_typed_answer(self, index: int, text: str) -> bool:
        """Save `text` as the transcript of answer `index`, and have the board read it."""
        turn_id = self._turn_ids.get(index)
        if turn_id is None:
            return False
        self.store.submit(lambda store: store.set_transcript(turn_id.result(), text, None, engine="typed", model=""),
                          lambda _: self.transcript_saved.emit(turn_id.result()), self._storage_failed)
        self._listen(index, text)
        return True

    def _beat(self) -> None:
        session_id = self.session_id
        elapsed = self.session.elapsed_s()
        self._beats += 1
        trim_now = self._beats % TRIM_EVERY_BEATS == 0
        if session_id is not None:
            def beat(store) -> None:
                store.heartbeat(session_id, board_elapsed_s=elapsed)
                if trim_now:  # on the store's thread: a trim can take milliseconds
                    native_memory.trim()

            self.store.submit(beat, on_failure=self._storage_failed)

    # Recording -----------------------------------------------------------------------------

    def _stop_recording(self) -> None:
        if self._recording_turn is not None and self.recorder is not None:
            self._recording_turn = None
            self.recorder.stop()

    def _partial_text(self, text: str) -> None:
        """A live transcript of the answer so far."""

    def _transcript_ready(self, tag, transcript) -> None:
        token, index = tag
        if token != self._token:
            return  # another session's answer
        turn_id = self._turn_ids.get(index)
        if turn_id is None:
            return
        words = [{"text": w.text, "start": w.start, "end": w.end, "probability": w.probability}
                 for w in transcript.words]
        if not self._closed:
            self._listen(index, transcript.text)
            self._transcript_arrived(index, transcript.text)

        def save(store):
            store.set_transcript(turn_id.result(), transcript.text, words, engine=transcript.engine,
                                 model=transcript.model)
            return turn_id.result()

        self.store.submit(save, self.transcript_saved.emit, self._storage_failed)

    def _recorder_failed(self, message: str) -> None:
        self._warn(message, urgent=True)
        if self.session.phase is eng.Phase.ANSWERING:
            self.apply(self.session.stop_answer())
        if self.recorder is not None and not self.recorder.available():
            self._typed = True
            self._typed_mode_after_failure(message)

    # The board listens ---------------------------------------------------------------------

    def _listen(self, index: int, text: str) -> None:
        """Read the answer to turn `index` off the GUI thread and offer the engine the follow-up
        it calls for; on failure the bank's follow-ups remain."""
        if not 0 <= index < len(self.session.turns) or not (text or "").strip():
            return
        turn = self.session.turns[index]
        example = self._examples.get(turn.example_id) if turn.example_id else None
        asked = tuple(t.text for t in self.session.turns)
        bank = tuple(self.session.conditionals.values())
        answer_s, soft_limit_s = turn.answer_duration_s, float(self._soft_limit_s)
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
            self._follow_up_chosen(index, follow_up)
            self._prepare_ahead()  # the board's choice is now what the next follow-up asks

        self.store.submit(choose, offer, lambda error: self._follow_up_failed(index, error))
