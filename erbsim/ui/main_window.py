"""The main window: home, defense and summary views in one stack."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QProgressBar, QStackedWidget

from erbsim.core.banks import DIMENSIONS, BankSet
from erbsim.core.packet import Packet
from erbsim.core.paths import database_path
from erbsim.core.store import DataFolderReadOnly, list_backups, restore_backup, set_aside
from erbsim.core.timefmt import local_time
from erbsim.ui.bridge import failure_sentence
from erbsim.ui.database_rescue import DatabaseRescueDialog, sentence
from erbsim.ui.defense_view import DefenseView
from erbsim.ui.first_question import FirstQuestion
from erbsim.ui.home_view import DefenseOptions, HomeView
from erbsim.ui.recovery import Recovery, fill_cut_answers
from erbsim.ui.services import Services
from erbsim.ui.widgets import format_clock

if TYPE_CHECKING:  # imported where they are first used: home does not wait for them at start
    from erbsim.ui.defense_controller import DefenseController, DefensePlan
    from erbsim.ui.packet import PacketEditor
    from erbsim.ui.panel.controller import PanelController
    from erbsim.ui.panel.start_dialog import PanelSetup, PanelSetupDialog
    from erbsim.ui.review import ReviewView
    from erbsim.ui.summary_view import SummaryView

log = logging.getLogger(__name__)


def bank_problems_message(loaded: BankSet) -> str:
    """The status bar's line when banks have problems: how many, in how many files."""
    problems, files = len(loaded.problems), len(loaded.problem_files)
    return (f"{problems} problem{'s' if problems != 1 else ''} in {files} question bank "
            f"file{'s' if files != 1 else ''}; run `erbsim banks validate` for details")


def _stored_packet(store, packet_id: int | None) -> Packet | None:
    """The packet a session was about, to ask about it again on resume (None if gone or unreadable)."""
    if packet_id is None:
        return None
    try:
        return Packet.from_dict(store.get_packet(packet_id).body)
    except (KeyError, ValueError):  # PacketNotFound, PacketError
        log.warning("the packet of the resumed session could not be read", exc_info=True)
        return None

FAILURE_MESSAGE_MS = 30_000  # long enough to read and act on

SHORTCUTS_HELP = """<h3>Keyboard</h3>
<table cellpadding=3>
<tr><td><b>Ctrl+Enter</b></td><td>start a defense (home)</td></tr>
<tr><td><b>Ctrl+Shift+N</b></td><td>start a mock panel run by a mentor</td></tr>
<tr><td><b>Ctrl+P</b></td><td>your packet: the examples the board questions you on</td></tr>
<tr><td><b>Space</b></td><td>start or stop your answer</td></tr>
<tr><td><b>N</b></td><td>next question (the board probes with a follow-up first, if set)</td></tr>
<tr><td><b>F</b></td><td>a follow-up from the same seat</td></tr>
<tr><td><b>R</b></td><td>repeat the question aloud</td></tr>
<tr><td><b>C</b></td><td>live captions on or off (the real board has none)</td></tr>
<tr><td><b>Esc</b></td><td>end the session (asks first)</td></tr>
<tr><td><b>Ctrl+1</b> / <b>Ctrl+2</b></td><td>home / review past sessions</td></tr>
<tr><td><b>Ctrl+,</b></td><td>settings</td></tr>
</table>"""


class MainWindow(QMainWindow):
    def __init__(self, services: Services):
        super().__init__()
        self.services = services
        self.setWindowTitle("erbsim: ERB defense rehearsal")
        self.resize(1180, 780)
        self.controller: DefenseController | None = None
        self._end_box: QMessageBox | None = None
        self.packet_editor: PacketEditor | None = None
        self.panel: PanelController | None = None  # a mock panel running in its own two windows
        self.panel_setup: PanelSetupDialog | None = None
        self._mentor = ""

        bank_names = list(services.banks.banks)
        self.home = HomeView(bank_names)
        self.defense = DefenseView()
        self._summary: SummaryView | None = None  # built when first wanted (see `summary`)
        self._review: ReviewView | None = None  # built when first wanted (see `review`)
        self.stack = QStackedWidget()
        for view in (self.home, self.defense):
            self.stack.addWidget(view)
        self.setCentralWidget(self.stack)

        prefs = services.prefs
        self.home.apply_options(prefs.track, prefs.minutes, prefs.banks, prefs.seats, prefs.follow_ups)
        self.home.start_requested.connect(self.start_defense)
        self.first_question = FirstQuestion(services, self.home, self)  # rendered while home is shown
        self.stack.currentChanged.connect(self.first_question.schedule)
        self.home.resume_requested.connect(self.resume_defense)
        self.home.dismiss_interrupted_requested.connect(self._dismiss_interrupted)
        self.home.session_opened.connect(self.open_review)
        self.home.mic_check_requested.connect(self._check_microphone)
        self.home.packet_editor_requested.connect(self.open_packet_editor)
        self.home.panel_requested.connect(self.open_panel_setup)
        self.defense.end_requested.connect(self._confirm_end)
        # The answers a crash cut off, transcribed once the person resumes or closes that session.
        self.recovery = Recovery(services.store, services.bridge, services.transcriber, self)
        self.recovery.answer_recovered.connect(self._answer_recovered)
        self.recovery.failed.connect(self.show_failure)
        # Background work whose caller left failures to the default (logged with the traceback).
        services.bridge.failure_message.connect(self.show_failure)

        self._build_menus()
        self.model_label = QLabel("")
        self.model_progress = QProgressBar()
        self.model_progress.setMaximumWidth(160)
        self.model_progress.setRange(0, 0)
        self.statusBar().addPermanentWidget(self.model_label)
        self.statusBar().addPermanentWidget(self.model_progress)
        services.model_status.connect(self._model_status)
        services.voice.unavailable.connect(self._voice_unavailable)
        services.voice.fallback.connect(self._voice_fallback)
        self._model_status(services.model_message, services.model_fraction)

        self.home.set_devices(services.input_devices(), prefs.input_device)
        if services.recorder is not None:
            services.recorder.level_changed.connect(self.home.home_meter.set_level)
            services.recorder.check_done.connect(self.home.mic_status.setText)
        if services.bank_problems:
            self.statusBar().showMessage(bank_problems_message(services.banks), 15000)
        self.rescue: DatabaseRescueDialog | QMessageBox | None = None
        self.refresh_home()
        self.refresh_packets(prefs.packet, prefs.packet_focus)
        services.store.when_unusable(self._database_unusable)

    # The database cannot be used at start ---------------------------------------------

    def _database_unusable(self, error: BaseException) -> None:
        """Never an empty history: say what is wrong, and offer a way out."""
        self.home.set_recent_unavailable(f"Your sessions cannot be shown: {sentence(error)}")
        if isinstance(error, DataFolderReadOnly):
            box = QMessageBox(QMessageBox.Icon.Warning, "erbsim: the data folder is read-only", sentence(error),
                              QMessageBox.StandardButton.Ok, self)
            self.rescue = box
            box.open()
            return
        now = datetime.now()
        dialog = DatabaseRescueDialog(error, list_backups(self.services.data_root), now.strftime("%Y-%m-%d"), self)
        database = database_path(self.services.data_root)
        dialog.restore_requested.connect(lambda backup: self._reopen(
            lambda: restore_backup(database, backup, now), f"Opened the backup {backup.name}"))
        dialog.fresh_requested.connect(lambda: self._reopen(
            lambda: set_aside(database, "broken", now), "Started a new database"))
        dialog.quit_requested.connect(self.close)
        self.rescue = dialog
        dialog.open()

    def _reopen(self, prepare, done: str) -> None:
        def opened(aside) -> None:
            self.rescue = None
            kept = f"; the old file is kept as {aside.name}" if aside is not None else ""
            self.statusBar().showMessage(f"{done}{kept}.", 30000)
            self.services.after_open()
            self.refresh_home()
            self.refresh_packets()
            self._refresh_review()

        def failed(error: BaseException) -> None:
            log.error("opening the database again failed", exc_info=error)
            self.rescue = None
            self.show_failure(failure_sentence("Opening the database again", error))
        self.services.store.reopen(prepare, opened, failed)

    def _build_menus(self) -> None:
        session_menu = self.menuBar().addMenu("&Session")
        new = QAction("&New defense", self, shortcut=QKeySequence("Ctrl+N"), triggered=self.show_home)
        settings = QAction("&Settings…", self, shortcut=QKeySequence("Ctrl+,"), triggered=self.open_settings)
        settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit, triggered=self.close)
        review = QAction("&Review past sessions", self, shortcut=QKeySequence("Ctrl+2"), triggered=self.show_review)
        new.setShortcuts([QKeySequence("Ctrl+N"), QKeySequence("Ctrl+1")])
        packet = QAction("&Packet…", self, shortcut=QKeySequence("Ctrl+P"), triggered=self.open_packet_editor)
        packet.setStatusTip("Write or revise the examples the board questions you on")
        panel = QAction("Start a &mock panel…", self, shortcut=QKeySequence("Ctrl+Shift+N"),
                        triggered=self.open_panel_setup)
        panel.setStatusTip("A mentor runs the board from a console; the candidate sees the question and the clock")
        session_menu.addActions([new, panel, packet, review, settings])
        session_menu.addSeparator()
        session_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(QAction("&Welcome…", self, triggered=self._welcome))
        help_menu.addAction(QAction("&Keyboard shortcuts", self, shortcut=QKeySequence("F1"),
                                    triggered=lambda: QMessageBox.information(self, "Keyboard", SHORTCUTS_HELP)))
        help_menu.addAction(QAction("&About erbsim", self, triggered=self._about))

    # Navigation ----------------------------------------------------------------

    def show_home(self) -> None:
        if self.controller is not None or self.panel is not None:
            return  # a defense is running; Esc ends it first
        self.stack.setCurrentWidget(self.home)
        self.refresh_home()

    def refresh_home(self) -> None:
        def load(store):
            return store.list_sessions(limit=12), store.interrupted_sessions()
        def unreadable(error: BaseException) -> None:
            if self.services.store.open_problem is None:  # else the way-out dialog says why
                log.error("reading the recent sessions failed", exc_info=error)
                self.home.set_recent_unavailable(failure_sentence("Reading the recent sessions", error))
                self.show_failure(failure_sentence("Reading the recent sessions", error))
        self.services.store.submit(load, self._show_recent, unreadable)

    def _show_recent(self, result) -> None:
        sessions, interrupted = result
        rows = [{"id": s.id, "date": local_time(s.started_at),
                 "track": s.track.capitalize() + (" · panel" if s.mode == "panel" else ""),
                 "status": s.status, "questions": s.question_count,
                 "length": format_clock(s.duration_s or 0)} for s in sessions]
        self.home.set_recent(rows)
        # A mock panel cut off by a crash is kept as it is: it resumes as neither a defense nor a panel.
        interrupted = [s for s in interrupted if s.mode != "panel"]
        if interrupted:
            latest = interrupted[0]
            self.home.set_interrupted(latest.id, (
                f"The defense started {local_time(latest.started_at)} was interrupted after "
                f"{latest.question_count} question(s). Its recordings are kept. Resume it?"))
        else:
            self.home.set_interrupted(None)

    def refresh_packets(self, chosen: str | None = None, focus: bool | None = None) -> None:
        """The home view's packet choice; chosen/focus as in HomeView.set_packets (None: keep)."""
        def load(store):
            return [(p.id, p.name, len(p.body.get("examples") or [])) for p in store.list_packets()]

        def unreadable(error: BaseException) -> None:
            # Only when the database cannot be read, which the recent sessions already say in the status bar.
            log.warning("reading the packets failed: %s", error)
            self.home.set_packets([], "none")

        self.services.store.submit(load, lambda packets: self.home.set_packets(packets, chosen, focus), unreadable)

    def open_packet_editor(self) -> None:
        if self.controller is not None:
            return  # not in the middle of a defense
        if self.packet_editor is not None:
            self.packet_editor.raise_()
            self.packet_editor.activateWindow()
            return
        from erbsim.ui.packet import PacketEditor

        editor = PacketEditor(self.services.store, self, select_id=self.home.selected_packet())
        editor.setWindowModality(Qt.WindowModality.WindowModal)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        available = self.screen().availableGeometry()
        editor.resize(min(1340, available.width() - 40), min(860, available.height() - 60))
        editor.packets_changed.connect(self.refresh_packets)
        editor.finished.connect(self._packet_editor_closed)
        self.packet_editor = editor
        editor.show()

    def _packet_editor_closed(self, _result: int) -> None:
        editor, self.packet_editor = self.packet_editor, None
        chosen = str(editor.current_id()) if editor is not None and editor.current_id() is not None else None
        self.refresh_packets(chosen)  # the packet just edited is the one to rehearse with
        self.home.packet_combo.setFocus()

    @property
    def review(self) -> ReviewView:
        """The review view, built the first time it is wanted: built at start, it would import
        the lens and read every session before home could be used."""
        if self._review is None:
            from erbsim.ui.review import ReviewView

            review = ReviewView(self.services.store, questions=self.services.banks.questions)
            review.set_soft_limit(self.services.prefs.soft_limit_s)
            review.start_defense_requested.connect(self.show_home)
            review.sessions_changed.connect(self.refresh_home)
            review.status_message.connect(self.statusBar().showMessage)
            self.stack.addWidget(review)
            self._review = review
        return self._review

    @property
    def summary(self) -> SummaryView:
        """The summary shown after a defense, built the first time it is wanted (with what it
        imports to show what the board heard)."""
        if self._summary is None:
            from erbsim.ui.summary_view import SummaryView

            summary = SummaryView()
            summary.home_requested.connect(self.show_home)
            summary.ratings_saved.connect(self._save_ratings)
            summary.review_requested.connect(self.open_review)
            self.stack.addWidget(summary)
            self._summary = summary
        return self._summary

    def _refresh_review(self) -> None:
        """Read the sessions again in the review view, if it is built (else it reads them when it is)."""
        if self._review is not None:
            self._review.refresh()

    def show_review(self) -> None:
        if self.controller is not None:
            return
        self._refresh_review()
        self.review.show_list()
        self.stack.setCurrentWidget(self.review)

    def open_review(self, session_id: int) -> None:
        if self.controller is not None:
            return
        self.review.open_session(session_id)
        self.stack.setCurrentWidget(self.review)

    # Defense -------------------------------------------------------------------

    def start_defense(self, options: DefenseOptions) -> None:
        from erbsim.ui.defense_controller import DefensePlan

        prefs = self.services.prefs
        prefs.track, prefs.minutes, prefs.banks, prefs.seats, prefs.follow_ups = (
            options.track, options.minutes, options.banks, options.seats, options.follow_ups)
        prefs.packet = "none" if options.packet_id is None else str(options.packet_id)
        prefs.packet_focus = options.packet_focus
        self.services.save_prefs(prefs)
        plan = DefensePlan(track=options.track, minutes=options.minutes, banks=options.banks,
                           seats=options.seats, follow_ups=options.follow_ups, soft_limit_s=prefs.soft_limit_s,
                           cut_in_after_s=prefs.cut_in_after_s, packet_id=options.packet_id,
                           packet_focus=options.packet_focus, seed=self.first_question.seed())
        if options.packet_id is None:
            self._start_with_scores(plan)
            return
        packet_id = options.packet_id

        def with_packet(packet: Packet) -> None:
            plan.packet = packet
            self._start_with_scores(plan)

        def unreadable(error: BaseException) -> None:
            log.error("reading packet %s for the defense failed", packet_id, exc_info=error)
            self.home.start_error.setText(f"Your packet could not be read ({error}). Open Packet… (Ctrl+P) "
                                          "to check it, or choose No packet.")

        self.services.store.submit(lambda store: Packet.from_dict(store.get_packet(packet_id).body),
                                   with_packet, unreadable)

    def _start_with_scores(self, plan: DefensePlan) -> None:
        """Read past question scores (they weight the drawing), then run the defense."""
        def without_scores(error: BaseException) -> None:
            # Past scores only weight the drawing toward weak questions: the defense can run without.
            log.warning("reading past question scores failed; drawing unweighted", exc_info=error)
            self._run(plan, {})

        self.services.store.submit(lambda store: store.question_scores(), lambda s: self._run(plan, s),
                                   without_scores)

    def resume_defense(self, session_id: int) -> None:
        def load(store):
            cut = fill_cut_answers(store, session_id)  # before the turns are read: the clock counts the cut answer
            turns = store.resume_session(session_id)
            session = store.get_session(session_id).session
            return session, turns, store.question_scores(), _stored_packet(store, session.packet_id), cut

        def go(result) -> None:
            from erbsim.ui.defense_controller import DefensePlan

            session, turns, scores, packet, cut = result
            self.recovery.transcribe(session_id, cut)
            plan = DefensePlan(track=session.track, minutes=round(session.budget_s / 60), banks=session.banks,
                               seats=session.seats, follow_ups=self.services.prefs.follow_ups,
                               soft_limit_s=session.soft_limit_s or self.services.prefs.soft_limit_s,
                               seed=session.seed, cut_in_after_s=self.services.prefs.cut_in_after_s,
                               packet=packet, packet_id=session.packet_id if packet is not None else None,
                               resume_session_id=session_id, resume_turns=turns,
                               resume_elapsed_s=session.board_elapsed_s or 0.0)
            self._run(plan, scores)

        self.services.store.submit(load, go, what="Resuming the interrupted defense")

    def _run(self, plan: DefensePlan, scores: dict) -> None:
        if self.controller is not None or self.panel is not None:
            return  # one session at a time: they share the voice and the microphone
        from erbsim.ui.defense_controller import DefenseController

        self.controller = DefenseController(
            self.defense, self.services.store, self.services.voice,
            self.services.recorder, self.services.banks.questions, plan, past_scores=scores,
            clock=self.services.clock, captions=self.services.prefs.captions, parent=self)
        self.controller.ended.connect(self._defense_ended)
        if plan.resume_session_id is None and plan.seed == self.first_question.seed():
            self.first_question.used()
        self.stack.setCurrentWidget(self.defense)
        self.controller.start()

    def _confirm_end(self) -> None:
        if self.controller is None or self._end_box is not None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, "End the defense?",
                          "End this defense now? Everything recorded so far is kept.",
                          QMessageBox.StandardButton.NoButton, self)
        end = box.addButton("End session", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Keep going", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(end)
        self._end_box = box

        def closed(_result) -> None:
            self._end_box = None
            if box.clickedButton() is end and self.controller is not None:
                self.controller.end("finished")
            self.defense.setFocus()

        box.finished.connect(closed)
        box.open()

    def _defense_ended(self, session_id: int, status: str) -> None:
        self.controller = None  # kept alive (child of the window) until its last transcript arrives
        if status == "interrupted":
            return
        self._refresh_review()
        self.open_summary(session_id)

    def open_summary(self, session_id: int) -> None:
        questions = self.services.banks.by_id()

        def load(store):  # the lens reads every answer: on the store's thread, not the GUI's
            from erbsim.core.listening import listen_to_session

            detail = store.get_session(session_id)
            return detail, listen_to_session(detail, questions)

        self.services.store.submit(load, self._show_summary, what="Opening the session summary")

    def _show_summary(self, result) -> None:
        detail, heard = result
        self.summary.show_session(detail, heard)
        self.stack.setCurrentWidget(self.summary)

    def _save_ratings(self, session_id: int, ratings: dict) -> None:
        turn_ids = list(self.summary._turn_ids)

        def save(store):
            for turn_id in turn_ids:
                chosen = ratings.get(turn_id, {})
                for dimension in DIMENSIONS:
                    if dimension in chosen:
                        store.rate(turn_id, dimension, chosen[dimension])
                    else:
                        store.unrate(turn_id, dimension)
            return sum(len(v) for v in ratings.values())

        self.services.store.submit(save, lambda n: self.summary.set_status(f"Saved {n} rating(s)."),
                                   what="Saving the ratings")

    def _dismiss_interrupted(self, session_id: int) -> None:
        def close(store):
            cut = fill_cut_answers(store, session_id)
            store.finish_session(session_id, "abandoned")
            return cut

        def closed(cut) -> None:
            self.refresh_home()
            self._refresh_review()
            self.recovery.transcribe(session_id, cut)

        self.services.store.submit(close, closed, what="Setting the interrupted defense aside")

    def _answer_recovered(self, session_id: int, _turn_id: int) -> None:
        """A cut answer's transcript is saved: show it where that session is on screen."""
        self.statusBar().showMessage("The answer cut off by the interruption is transcribed.", FAILURE_MESSAGE_MS)
        self._refresh_review()
        if self._summary is not None and self.stack.currentWidget() is self._summary \
                and self._summary._session_id == session_id:
            self.open_summary(session_id)

    # Settings, microphone, status --------------------------------------------------

    def open_settings(self) -> None:
        from erbsim.ui.settings_dialog import SettingsDialog

        services = self.services
        dialog = SettingsDialog(services.prefs, services.input_devices(), services.voice.voice_list(),
                                services.voice.default_voices(), self, voice_note=services.voice.natural_voices_note())
        dialog.preview_requested.connect(services.voice.preview)
        if dialog.exec():
            new = dialog.preferences()
            services.save_prefs(new)
            services.apply_prefs(new)
            if self._review is not None:
                self._review.set_soft_limit(new.soft_limit_s)
            self.home.set_devices(services.input_devices(), new.input_device)

    def _check_microphone(self, device_id: str) -> None:
        prefs = self.services.prefs
        if device_id != prefs.input_device:
            self.services.save_prefs(replace(prefs, input_device=device_id))
        if self.services.recorder is None:
            self.home.mic_status.setText("No microphone support here; answers will be typed.")
            return
        self.home.mic_status.setText("Listening for 3 seconds: say a few words…")
        self.services.recorder.check(device_id)

    def _model_status(self, message: str, fraction: float) -> None:
        self.model_label.setText(message)
        self.home.model_status.setText(message)
        if fraction >= 1 or fraction < -1:
            self.model_progress.hide()
        else:
            self.model_progress.show()
            if fraction < 0:
                self.model_progress.setRange(0, 0)
            else:
                self.model_progress.setRange(0, 100)
                self.model_progress.setValue(int(fraction * 100))

    def _voice_unavailable(self, reason: str) -> None:
        QMessageBox.warning(self, "Board voices unavailable",
                            f"{reason}\n\nQuestions will be shown as text only.")

    def _voice_fallback(self, reason: str) -> None:
        """Said once (BoardVoice tells once): where the person is looking, without stopping them."""
        self.statusBar().showMessage(reason)
        if self.controller is not None:
            self.defense.show_notice(reason)
        elif self.panel is not None:
            self.panel.console.show_message(reason)

    def show_failure(self, message: str) -> None:
        """A one-sentence failure message (already logged), shown in the status bar."""
        self.statusBar().showMessage(message, FAILURE_MESSAGE_MS)

    def _welcome(self) -> None:
        from erbsim.ui.welcome import open_welcome  # loaded when asked for, not at start

        open_welcome(self)

    def _about(self) -> None:
        from erbsim.ui.about_dialog import show_about

        show_about(self)

    # Mock panel --------------------------------------------------------------------

    def open_panel_setup(self) -> None:
        if self.controller is not None or self.panel is not None or self.panel_setup is not None:
            return
        from erbsim.ui.panel.start_dialog import PanelSetupDialog

        services = self.services
        dialog = PanelSetupDialog(services.store, services.voice, services.prefs, self.home.packet_choices(),
                                  self.home.selected_packet(), self.screen(), self, save_prefs=services.save_prefs,
                                  mentor=self._mentor)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.panel_setup = dialog

        def closed(result: int) -> None:
            self.panel_setup = None
            if result:
                self.start_panel(dialog.setup())

        dialog.finished.connect(closed)
        dialog.open()

    def start_panel(self, setup: PanelSetup) -> None:
        """Read the packet (if any) on the store thread, then open the console and the candidate's display."""
        if self.controller is not None or self.panel is not None:
            return
        self._mentor = setup.mentor
        if setup.packet_id is None:
            self._run_panel(setup, None)
            return
        packet_id = setup.packet_id

        def unreadable(error: BaseException) -> None:
            log.error("reading packet %s for the panel failed", packet_id, exc_info=error)
            self.home.start_error.setText(f"The packet could not be read ({error}). Open Packet… (Ctrl+P) "
                                          "to check it, or choose No packet.")

        self.services.store.submit(lambda store: Packet.from_dict(store.get_packet(packet_id).body),
                                   lambda packet: self._run_panel(setup, packet), unreadable)

    def _run_panel(self, setup: PanelSetup, packet: Packet | None) -> None:
        if self.panel is not None:
            return
        from erbsim.ui.panel.candidate_display import CandidateDisplay
        from erbsim.ui.panel.console import MentorConsole
        from erbsim.ui.panel.controller import PanelController, PanelPlan

        prefs = self.services.prefs
        plan = PanelPlan(mentor=setup.mentor, board=setup.board, track=setup.track, minutes=setup.minutes,
                         banks=list(prefs.banks), soft_limit_s=prefs.soft_limit_s, packet=packet,
                         packet_id=setup.packet_id if packet is not None else None)
        console = MentorConsole(setup.board)
        display = CandidateDisplay()
        self.panel = PanelController(console, display, self.services.store, self.services.voice,
                                     self.services.recorder, self.services.banks.questions, plan,
                                     clock=self.services.clock, parent=self)
        self.panel.finished.connect(self._panel_finished)
        console.closing.connect(self._panel_closed)
        home_screen = self.screen()
        console.setScreen(home_screen)
        console.setGeometry(home_screen.availableGeometry())
        if setup.screen is None or setup.screen is home_screen:
            display.place(home_screen, console)
        else:
            console.showMaximized()
            display.place(setup.screen)
        self.stack.setCurrentWidget(self.home)
        self.panel.start()
        console.raise_()
        console.activateWindow()

    def _panel_finished(self, _session_id: int) -> None:
        panel = self.panel
        if panel is None:
            return
        panel.console.close()  # -> _panel_closed

    def _panel_closed(self) -> None:
        panel, self.panel = self.panel, None
        if panel is None:
            return
        panel.close()
        panel.display.close()
        self._refresh_review()
        self.show_home()
        self.raise_()
        self.activateWindow()

    def closeEvent(self, event) -> None:
        if self.panel is not None:
            self.panel.console.close()  # interrupts the session, keeps its audio
        if self.packet_editor is not None:
            self.packet_editor.save_before_quitting()  # the store runs it before it closes
        if self.controller is not None:
            self.controller.interrupt()
            self.controller = None
        self.recovery.shutdown()  # before the store closes: their transcripts are saved
        self.services.shutdown()
        super().closeEvent(event)
