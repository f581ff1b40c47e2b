"""Runs a mentor-led mock panel: the engine's effects become speech, recording, storage,
the mentor's console and the candidate's display.

The engine (erbsim.core.engine, its panel events ask, ask_text, cut_in, pause,
resume_clock) decides; this class carries out, on the SessionRunner
(erbsim.ui.session_runner) the solo defense's DefenseController runs on too.
It never blocks the GUI thread: storage and the board's reading of each
answer (erbsim.core.probe.choose_follow_up) run on the store's thread, speech
renders in BoardVoice's background, the final transcript in AnswerRecorder's.

Every console action is a method here too (ask_next, ask_custom, ask_probe,
ask_suggestion, interrupt, pause_clock, resume_clock, toggle_answer,
submit_typed_answer, score, add_note, raise_flag, queue moves, end, vote,
reveal, finish), so a script (the selftest) drives a panel the way the
mentor's clicks do.

The candidate's display gets only what the candidate may see: the asking
seat's name and role, the question, the clock, "Paused", a cut-in line and,
once revealed, the vote count.
"""

from __future__ import annotations

import logging
import random
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import partial

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox

from erbsim.core import engine as eng
from erbsim.core.banks import Question
from erbsim.core.board import CLASSIC_PROBES, Board
from erbsim.core.clock import Clock, SystemClock
from erbsim.core.drawing import DrawFilter, QuestionDrawer
from erbsim.core.packet import Packet
from erbsim.core.packet.io import packet_to_markdown
from erbsim.core.panel_queue import PanelQueue, filter_questions
from erbsim.core.probe import FollowUp
from erbsim.core.store import BoardOutcome, Vote, tally_votes
from erbsim.ui.bridge import failure_sentence
from erbsim.ui.panel.candidate_display import CandidateDisplay, widget_texts
from erbsim.ui.panel.console import MentorConsole
from erbsim.ui.panel.judgement import MENTOR
from erbsim.ui.panel.queue_panel import BankBrowser
from erbsim.ui.session_runner import SessionRunner, new_seed
from erbsim.ui.store_client import StoreClient

log = logging.getLogger(__name__)

STATUS_LABELS = {"ready": "Ready", "asking": "Question asked", "answering": "Answering",
                 "between": "Answer saved", "overtime": "Overtime", "finished": "Voting",
                 "abandoned": "Ended early"}


@dataclass
class PanelPlan:
    mentor: str
    board: Board
    track: str = "staff"
    minutes: int = 45
    banks: list[str] = field(default_factory=list)  # [] = every bank
    soft_limit_s: int = 180
    cut_in_after_s: int = 0  # the board cuts in by itself this long past the soft limit; 0: only the mentor
    packet: Packet | None = None
    packet_id: int | None = None
    packet_focus: bool = True  # with a packet, most questions are about it, as at the real board
    queue_size: int = 6
    seed: int | None = None


class PanelController(SessionRunner):
    asked = Signal(int, str, str, str)  # engine turn index, seat, text, origin
    suggestion_ready = Signal(int, object)  # engine turn index, FollowUp
    saved = Signal(str)  # what was stored: "note", "flag", "rating", "vote", "pause", "resume", ...
    ended = Signal(int)  # session id: the questions are over, the vote begins
    finished = Signal(int)  # session id: debrief saved, the panel is closed
    failed = Signal(str)  # a storage failure, in one sentence

    def __init__(self, console: MentorConsole, display: CandidateDisplay, store: StoreClient, voice, recorder,
                 questions: list[Question], plan: PanelPlan, clock: Clock | None = None,
                 parent: QObject | None = None):
        seed = new_seed(plan.seed)
        config = eng.EngineConfig(budget_s=plan.minutes * 60, answer_soft_limit_s=plan.soft_limit_s,
                                  follow_ups_per_question=1, cut_in_after_s=max(0, plan.cut_in_after_s))
        draw_filter = DrawFilter(track=plan.track, banks=tuple(plan.banks) if plan.banks else None)
        drawer = QuestionDrawer(questions, random.Random(seed), draw_filter, None, packet=plan.packet,
                                packet_focus=plan.packet is not None and plan.packet_focus)
        session = eng.DefenseSession(drawer=drawer, clock=clock or SystemClock(), config=config)
        super().__init__(store, voice, recorder, questions, session, draw_filter, plan.packet, plan.soft_limit_s,
                         parent)
        self.console = console
        self.display = display
        self.plan = plan
        self.board = plan.board
        self.questions = questions
        self.seed = seed
        self.drawer = drawer
        self.queue = PanelQueue(self.drawer, self.board, size=plan.queue_size, track=plan.track)
        self._suggestion: tuple[int, FollowUp] | None = None
        self._votes: dict[str, Vote] = {}
        self.revealed = False
        self.browser: BankBrowser | None = None
        self.end_box: QMessageBox | None = None
        self.asked_log: list[tuple[str, str, str]] = []  # (seat, text, origin), for scripts
        self.notes_log: list[tuple[float, str]] = []  # (at_s, text)
        self.flags_log: list[tuple[float, str]] = []
        self.scores_log: list[tuple[int, str, int, str]] = []  # (turn index, dimension, score, rater)

        c = console
        self._connect(c.answer_toggled, self.toggle_answer)
        self._connect(c.pause_toggled, self.toggle_pause)
        self._connect(c.end_requested, self.confirm_end)
        self._connect(c.next_requested, lambda: self.ask_next(0))
        self._connect(c.typed_answer_submitted, self.submit_typed_answer)
        self._connect(c.closing, self._console_closing)
        self._connect(c.queue.ask_requested, self.ask_next)
        self._connect(c.queue.skip_requested, self.skip_queued)
        self._connect(c.queue.move_requested, self.move_queued)
        self._connect(c.queue.reordered, self.reorder_queue)
        self._connect(c.queue.refill_requested, self.refill_queue)
        self._connect(c.queue.browse_requested, self.open_bank_browser)
        self._connect(c.ask.custom_requested, lambda text, seat, follow: self.ask_custom(text, seat, follow))
        self._connect(c.ask.probe_requested, self.ask_probe)
        self._connect(c.ask.suggestion_requested, self.ask_suggestion)
        self._connect(c.ask.interrupt_requested, self.interrupt)
        self._connect(c.ask.seat_combo.currentIndexChanged, lambda _index: self._prepare_ahead())
        self._connect(c.ask.typing_paused, self._typing_paused)
        self._connect(c.scores.scored, self.score)
        self._connect(c.notes.note_taken, self.add_note)
        self._connect(c.notes.flag_raised, self.raise_flag)
        self._connect(c.votes.voted, self._voted)
        self._connect(c.votes.reveal_requested, self.reveal)
        self._connect(c.votes.finish_requested, self.finish)
        self._connect(voice.person_asks, self._person_asks)
        self._connect_recorder()
        console.set_typed_mode(self._typed)
        console.set_packet(packet_to_markdown(plan.packet) if plan.packet is not None else None)
        self._show_queue()

    # Life cycle ------------------------------------------------------------------------

    def start(self) -> None:
        """Create the session, start the clock; the mentor asks the first question."""
        plan = self.plan
        board = self.board.to_dict()
        candidate = plan.packet.candidate if plan.packet is not None and plan.packet.candidate else None

        def create(store) -> int:
            session_id = store.create_session(
                mode="panel", mentor=plan.mentor or None, candidate=candidate, track=plan.track,
                budget_s=plan.minutes * 60, seed=self.seed, banks=plan.banks, soft_limit_s=plan.soft_limit_s,
                packet_id=plan.packet_id)
            store.update_session(session_id, board=board)
            return session_id

        self._session_id = self.store.submit(create, on_failure=self._storage_failed)
        self.voice.set_board(self.board)
        self.apply(self.session.start(draw=False))
        self._prepare_ahead()  # the top of the queue and the probes, before the first question
        self.console.set_turn("Ask the first question: Ctrl+N takes the top of the queue.")
        self._start_clock()

    # Console actions (each one a method, for scripts) --------------------------------------

    def ask_next(self, index: int = 0) -> bool:
        """Ask queue item `index` now, by the seat the queue gave it."""
        if not 0 <= index < len(self.queue) or not self._can_ask():
            return False
        item = self.queue.pop(index)
        self.apply(self.session.ask(item.question, origin="bank", seat=item.seat))
        self._show_queue()
        return True

    def ask_question(self, question: Question, seat: str | None = None) -> bool:
        """A bank-browser pick, asked now (by its own seat unless given)."""
        if not self._can_ask():
            return False
        self.queue.remove(question)
        self.apply(self.session.ask(question, origin="bank", seat=seat or self.queue.seat_for(question)))
        self._show_queue()
        return True

    def ask_custom(self, text: str, seat: str, follow_up: bool = True) -> bool:
        """A question the mentor typed, asked by `seat` in its voice."""
        return self._ask_text(text, seat, "custom", follow_up)

    def ask_probe(self, text: str, seat: str) -> bool:
        """A classic probe (erbsim.core.board.CLASSIC_PROBES) asked by `seat` as a follow-up."""
        return self._ask_text(text, seat, "probe", True)

    def ask_suggestion(self) -> bool:
        """The follow-up the board chose from the last answer, asked by the seat that asked it."""
        if self._suggestion is None:
            return False
        index, follow_up = self._suggestion
        turn = self.session.current_turn
        seat = turn.seat if turn is not None else self.board.chair.seat
        return self._ask_text(follow_up.text, seat, "suggestion", True, follow_up)

    def interrupt(self, seat: str, text: str = "") -> bool:
        """`seat` cuts into the answer now (during an answer only)."""
        if self.session.phase is not eng.Phase.ANSWERING:
            self.console.show_message("A seat can cut in only while the candidate is answering.")
            return False
        self.apply(self.session.cut_in(seat, text))
        return True

    def toggle_pause(self) -> None:
        self.resume_clock() if self.session.paused else self.pause_clock()

    def pause_clock(self) -> None:
        self.apply(self.session.pause())

    def resume_clock(self) -> None:
        self.apply(self.session.resume_clock())

    def submit_typed_answer(self, text: str) -> None:
        """The answer typed in for the candidate (no microphone): saved as the answer's transcript."""
        turn = self.session.current_turn
        if turn is None or not text.strip():
            return
        if self.session.phase is eng.Phase.ASKING:
            self.apply(self.session.start_answer())
        if self.session.phase is eng.Phase.ANSWERING:
            self.apply(self.session.stop_answer())
        if turn.index not in self._turn_ids:
            return
        self.console.transcript.setPlainText(text)
        self.console.typed_answer.clear()
        self._save_typed_answer(turn.index, text)

    def score(self, dimension: str, value: int, rater: str = MENTOR) -> None:
        """Score the answer on the console (the current question's) 1-5 on one dimension, by the
        mentor or by a seat with a person in the room (rater: its seat id)."""
        turn = self.session.current_turn
        if turn is None:
            return
        turn_id = self._turn_ids.get(turn.index)
        if turn_id is None:
            return
        self.scores_log.append((turn.index, dimension, value, rater))
        self.store.submit(lambda store: store.rate(turn_id.result(), dimension, value, rater=rater),
                          lambda _: self.saved.emit("rating"), self._storage_failed)

    def add_note(self, text: str) -> None:
        """A private note, stamped with the session time."""
        at_s = self.session.session_s()
        turn = self.session.current_turn
        turn_id = self._turn_ids.get(turn.index) if turn is not None else None
        session = self._session_id
        if session is None:
            return
        self.console.notes.add_entry(at_s, "note", text)
        self.notes_log.append((at_s, text))
        self.store.submit(lambda store: store.add_note(session.result(), text, author=MENTOR, at_s=at_s,
                                                       turn_id=turn_id.result() if turn_id else None),
                          lambda _: self.saved.emit("note"), self._storage_failed)

    def raise_flag(self, label: str) -> None:
        """A flag ("vague", "no metric" ...) on the timeline at this moment."""
        at_s = self.session.session_s()
        self._event("flag", at_s, label, MENTOR)
        self.console.notes.add_entry(at_s, "flag", label)
        self.flags_log.append((at_s, label))

    def move_queued(self, i: int, j: int) -> None:
        if 0 <= i < len(self.queue) and 0 <= j < len(self.queue):
            self.queue.move(i, j)
            self._show_queue(select=j)

    def reorder_queue(self, order: list[int]) -> None:
        """After a drag: `order` lists the queue's old indices in their new order."""
        items = list(self.queue.items)
        wanted = [items[i] for i in order if 0 <= i < len(items)]
        for target, item in enumerate(wanted):
            current = list(self.queue.items).index(item)
            if current != target:
                self.queue.move(current, target)
        self._show_queue()

    def skip_queued(self, i: int) -> None:
        if 0 <= i < len(self.queue):
            self.queue.skip(i)
            self._show_queue(select=i)

    def refill_queue(self) -> None:
        added = self.queue.refill()
        self._show_queue()
        if not added and len(self.queue) < self.queue.size:
            self.console.show_message("No more questions in the banks fit this panel.")

    def queue_question(self, question: Question, at: int = 0) -> None:
        self.queue.insert(question, at)
        self._show_queue(select=at)

    def open_bank_browser(self) -> BankBrowser:
        if self.browser is None:
            search = partial(filter_questions, packet=self.plan.packet, lang="en")
            pool = [q for q in self.questions if not q.condition and (not self.plan.banks
                                                                      or q.bank in self.plan.banks)]
            self.browser = BankBrowser(pool, self.board, self.plan.track, search, self.console)
            self.browser.add_requested.connect(self.queue_question)
            self.browser.ask_requested.connect(self.ask_question)
        self.browser.show()
        self.browser.raise_()
        return self.browser

    def confirm_end(self) -> None:
        """Ask before ending (Ctrl+E is one key away from the others); End runs `end`."""
        if self.end_box is not None or self.session.phase in (eng.Phase.FINISHED, eng.Phase.ABANDONED):
            return
        box = QMessageBox(QMessageBox.Icon.Question, "End the questions?",
                          "End the questions now? The board then votes; everything so far is kept.",
                          QMessageBox.StandardButton.NoButton, self.console)
        end = box.addButton("End and vote", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Keep asking", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(end)
        self.end_box = box

        def closed(_result: int) -> None:
            self.end_box = None
            if box.clickedButton() is end:
                self.end()

        box.finished.connect(closed)
        box.open()

    def end(self) -> None:
        """End the questions: the session is finished, and the board votes."""
        if self.session.phase in (eng.Phase.FINISHED, eng.Phase.ABANDONED):
            return
        self.apply(self.session.finish())

    def vote(self, seat: str, approve: bool, rationale: str = "") -> None:
        """A seat's vote (the mentor enters a person's vote for them)."""
        self.console.votes.set_vote(seat, approve, rationale)  # shows it, and comes back through _voted

    def outcome(self) -> BoardOutcome:
        return tally_votes(self._votes.values())

    def reveal(self) -> bool:
        """Show the board's decision on the candidate's display."""
        outcome = self.outcome()
        if outcome.approved is None or self.revealed:
            return False
        self.revealed = True
        self.display.show_outcome(outcome.approved, outcome.passes, outcome.fails)
        self.console.votes.show_tally(outcome.passes, outcome.fails, outcome.approved, True)
        session = self._session_id
        if session is not None:
            when = datetime.now(timezone.utc)
            self.store.submit(lambda store: store.update_session(session.result(), revealed_at=when),
                              lambda _: self.saved.emit("reveal"), self._storage_failed)
        return True

    def finish(self, debrief: str = "") -> None:
        """Save the debrief; the panel is over (the windows close)."""
        if self.session.phase not in (eng.Phase.FINISHED, eng.Phase.ABANDONED):
            self.end()
        session = self._session_id
        if session is None:
            return
        self.store.submit(lambda store: store.update_session(session.result(), debrief=debrief or None),
                          lambda _: self.finished.emit(session.result()), self._storage_failed)

    def interrupt_session(self) -> None:
        """The app is closing mid-panel: keep the audio, mark the session interrupted."""
        if self._closed:
            return
        self.apply(self.session.stop_answer())
        self._stop_recording()
        self._close("interrupted")

    # What only the mentor may see ---------------------------------------------------------

    def mentor_texts(self) -> list[str]:
        """Every mentor-only text of this panel so far: notes, flags, the queue as it stands, the
        live transcript, the suggestion's reason, the scores' and timeline's lines."""
        console = self.console
        # A flag's bare word ("mandate") may well be in a question: flags count as the console lists them.
        texts = [text for _, text in self.notes_log] + [f"flag: {label}" for _, label in self.flags_log]
        texts += [item.question.text for item in self.queue.items]
        texts += console.queue.items()
        texts += [console.notes.timeline.item(i).text() for i in range(console.notes.timeline.count())]
        texts += [console.transcript.toPlainText(), console.ask.suggestion_reason.text()]
        texts += [f"{dimension}: {score}" for _, dimension, score, _ in self.scores_log]
        return [t for t in dict.fromkeys(texts) if t.strip()]

    def leaked_texts(self) -> list[str]:
        """The mentor-only texts found in any text of the candidate's display (should be none)."""
        shown = widget_texts(self.display)
        return [m for m in self.mentor_texts() if any(m in t for t in shown)]

    # Effects ---------------------------------------------------------------------------

    def _on_AskQuestion(self, effect: eng.AskQuestion) -> None:
        turn = effect.turn
        seat = self.board.seat(turn.seat)
        self.display.show_question(seat.name, seat.role, turn.text)
        self.console.transcript.clear()
        self.console.ask.clear_suggestion()
        self._suggestion = None
        self.console.scores.set_turn(turn.index, f"Question {turn.index + 1}: {seat.name}")
        self.console.set_turn(f"{seat.name}'s turn to ask: read the question aloud." if seat.person
                              else f"{seat.name} asks (spoken).")
        self.console.show_message("")
        self._save_asked(turn, self.session.main_turn(turn), origin=turn.origin)
        text = turn.text
        self.asked_log.append((turn.seat, text, turn.origin))
        self.voice.speak(text, turn.seat)
        self.asked.emit(turn.index, turn.seat, text, turn.origin)

    def _on_AnswerStarted(self, effect: eng.AnswerStarted) -> None:
        self.console.transcript.clear()
        super()._on_AnswerStarted(effect)

    def _on_SoftLimitReached(self, effect: eng.SoftLimitReached) -> None:
        self.console.show_message("This answer has passed its time: a real board would be cutting in (Ctrl+I).")

    def _on_BoardCutsIn(self, effect: eng.BoardCutsIn) -> None:
        seat = self.board.seat(effect.seat)
        self.display.show_cut_in(seat.name, effect.text)
        self.voice.speak(effect.text, effect.seat, interrupt=True)
        turn_id = self._turn_ids.get(effect.turn.index)
        self._event("interruption", effect.at_s, effect.text, effect.seat, turn_id)
        self.console.notes.add_entry(effect.at_s, f"{seat.name} cut in", effect.text)

    def _on_ClockPaused(self, effect: eng.ClockPaused) -> None:
        self.display.set_paused(True)
        self.voice.stop()
        self._event("pause", effect.at_s, "", MENTOR)
        self.console.notes.add_entry(effect.at_s, "clock", "paused")

    def _on_ClockResumed(self, effect: eng.ClockResumed) -> None:
        self.display.set_paused(False)
        self._event("resume", effect.at_s, "", MENTOR)
        self.console.notes.add_entry(effect.at_s, "clock", f"resumed after {round(effect.paused_s)} s")

    def _on_OvertimeStarted(self, effect: eng.OvertimeStarted) -> None:
        self.console.show_message("Time is up: the real board would stop here. End and vote (Ctrl+E).",
                                  urgent=True)
        self.voice.speak("Time is up.", self.board.chair.seat, interrupt=False)

    def _on_SessionEnded(self, effect: eng.SessionEnded) -> None:
        self.display.show_question("", "", "The board is deliberating.")
        self.display.set_paused(False)
        self.console.show_votes()
        self.console.set_turn("The board votes.")
        self._close("finished" if effect.phase is eng.Phase.FINISHED else "abandoned")

    # Helpers ---------------------------------------------------------------------------

    def _can_ask(self) -> bool:
        if self.session.paused:
            self.console.show_message("The clock is paused: resume it (Ctrl+P) before asking.")
            return False
        return self.session.phase in eng.RUNNING

    def _ask_text(self, text: str, seat: str, origin: str, follow_up: bool,
                  choice: FollowUp | None = None) -> bool:
        if not self._can_ask():
            return False
        if follow_up and self.session.main_turn() is None:
            follow_up = False  # nothing to follow up yet: the typed question opens
        effects = self.session.ask_text(text, seat, origin=origin, follow_up=follow_up, choice=choice)
        self.apply(effects)
        return any(isinstance(e, eng.AskQuestion) for e in effects)

    def _event(self, kind: str, at_s: float, text: str, author: str, turn_id: Future | None = None) -> None:
        if turn_id is None and kind != "interruption":
            turn = self.session.current_turn
            turn_id = self._turn_ids.get(turn.index) if turn is not None else None
        self._save_event(kind, at_s, text, author, turn_id, lambda _: self.saved.emit(kind))

    def _voted(self, seat: str, vote: str, rationale: str) -> None:
        board_seat = self.board.seat(seat)
        voter = board_seat.name if board_seat.person else (self.plan.mentor or MENTOR)
        self._votes[seat] = Vote(0, self.session_id or 0, seat, voter, vote, rationale, "")
        outcome = self.outcome()
        self.console.votes.show_tally(outcome.passes, outcome.fails, outcome.approved, self.revealed)
        session = self._session_id
        if session is not None:
            self.store.submit(lambda store: store.add_vote(session.result(), seat, vote, voter=voter,
                                                           rationale=rationale),
                              lambda _: self.saved.emit("vote"), self._storage_failed)

    def _show_queue(self, select: int | None = None) -> None:
        self.console.queue.set_items([(item.question, item.seat) for item in self.queue.items], self.board, select)
        self._prepare_ahead()  # a new top of the queue

    def _typing_paused(self, text: str, seat: str) -> None:
        """The mentor paused typing a question: render it so far, so Enter plays it at once."""
        if not self._closed and self.session.phase in eng.RUNNING:
            self.voice.prepare(text, seat, replaces="typed")

    def _prepare_ahead(self) -> None:
        """Have the voice render what the mentor may ask next (it plays nothing): the classic
        probes and, during an answer, the cut-in line in the seat chosen on the console; the
        board's suggested follow-up; and the top of the queue, the likeliest, last (the voice
        renders the newest first). A panel's next question is the mentor's pick, so the
        engine's peek is not asked."""
        if self._closed or self.session.phase not in eng.RUNNING:  # the board's voices are set at the start
            return
        ask = self.console.ask
        seat = ask.seat()
        if seat:
            for probe in reversed(CLASSIC_PROBES):
                self.voice.prepare(probe, seat)
            if self.session.phase is eng.Phase.ANSWERING:
                self.voice.prepare(ask.interrupt_edit.text(), seat)
        turn = self.session.current_turn
        if self._suggestion is not None and turn is not None:
            self.voice.prepare(self._suggestion[1].text, turn.seat)
        if self.queue.items:
            top = self.queue.items[0]
            self.voice.prepare(top.question.text, top.seat)

    def _refresh(self) -> None:
        session = self.session
        remaining = session.remaining_s()
        self.display.set_clock(remaining, session.overtime)
        self.console.set_clock(remaining, session.overtime, session.paused)
        self.console.set_answering(session.phase is eng.Phase.ANSWERING)
        status = "Paused" if session.paused else STATUS_LABELS.get(session.status, session.status)
        if not session.turns and session.phase is eng.Phase.BETWEEN:
            status = "Ready"
        if session.status == "answering" and self._typed and not session.paused:
            status = "Answering (typed)"
        self.console.set_status(self._status_text(status))

    def _person_asks(self, text: str, seat_id: str) -> None:
        """A seat taken by a real person: nothing is spoken, the console says whose turn it is."""
        seat = self.board.seat(seat_id)
        turn = self.session.current_turn
        if turn is not None and turn.text == text:
            self.console.set_turn(f"{seat.name}'s turn to ask: read the question aloud.")
        else:  # a time warning or a cut-in the person says
            self.console.show_message(f"{seat.name}, please say: “{text}”")

    def _close(self, status: str) -> None:
        self._stop_recording()
        self._close_session(status, self.ended.emit if status != "interrupted" else None)

    def close(self) -> None:
        """Let go of the shared voice and recorder (after finish, or when the windows close)."""
        self.detach()
        self._stop_clock()
        if self.browser is not None:
            self.browser.close()
        if self.voice.board is self.board:
            self.voice.set_board(None)

    def _console_closing(self) -> None:
        if not self._closed:
            self.interrupt_session()

    # What the console shows ---------------------------------------------------------------

    def _warn(self, text: str, urgent: bool = False) -> None:
        self.console.show_message(text, urgent=urgent)

    def _notify(self, text: str) -> None:
        self.console.show_message(text)

    def _chair_seat(self) -> str:
        return self.board.chair.seat

    def _focus_typed_answer(self) -> None:
        self.console.typed_answer.setFocus()

    def _typed_mode_after_failure(self, message: str) -> None:
        self.console.set_typed_mode(True)

    def _transcript_arrived(self, index: int, text: str) -> None:
        if self.session.current_turn is not None and self.session.current_turn.index == index:
            self.console.transcript.setPlainText(text)

    def _follow_up_chosen(self, index: int, follow_up: FollowUp) -> None:
        """The follow-up the answer calls for becomes the console's one-click suggestion, with its reason."""
        current = self.session.current_turn
        if current is not None and current.index == index and follow_up.text:
            self._suggestion = (index, follow_up)
            self.console.ask.show_suggestion(follow_up.text, follow_up.reason)
        self.suggestion_ready.emit(index, follow_up)

    def _follow_up_failed(self, index: int, error: BaseException) -> None:
        log.error("choosing the follow-up for answer %d failed", index + 1, exc_info=error)
        self.console.ask.clear_suggestion("No suggestion for this answer (details in the log).")

    def _partial_text(self, text: str) -> None:
        if self._recording_turn is not None:
            self.console.transcript.setPlainText(text)

    def _storage_failed(self, error: BaseException) -> None:
        log.error("saving the panel failed", exc_info=error)
        self.save_failed = True
        if not self._closed:
            self._refresh()
        sentence = failure_sentence("Saving the panel", error)
        self.console.show_message(sentence, urgent=True)
        self.failed.emit(sentence)
