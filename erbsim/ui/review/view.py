"""The Review view: past sessions, one session in detail, attempts compared, trends.

All database work goes through the StoreClient (its own thread); results and
failures come back on the GUI thread, and every failure is shown in the
view's banner and logged. Each kind of request carries a generation number so
that a slow, stale answer never overwrites a newer one.

Host it with `ReviewView(store_client)`; call `refresh()` when sessions
may have changed (after a defense) and `open_session(id, turn_id, time_s)` to
jump to an answer at a moment.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from erbsim.core.banks import Question
from erbsim.core.export import local_time
from erbsim.core.trends import DEFAULT_SOFT_LIMIT_S
from erbsim.ui.review.compare import ComparePanel
from erbsim.ui.review.data import SessionData, load_session
from erbsim.ui.review.detail import SessionDetailPanel
from erbsim.ui.review.session_list import SessionListPanel
from erbsim.ui.review.trends_view import TrendsPanel
from erbsim.ui.store_client import StoreClient

log = logging.getLogger(__name__)

LIST_LIMIT = 2000  # rows shown in the table; filters narrow it down
SEARCH_LIMIT = 50
FILE_FILTERS = {"md": "Markdown (*.md)", "html": "HTML (*.html)", "json": "JSON (*.json)", "pdf": "PDF (*.pdf)",
                "bundle": "erbsim bundle (*.zip)"}
SUFFIXES = {"md": ".md", "html": ".html", "json": ".json", "pdf": ".pdf", "bundle": ".zip"}


class ReviewView(QWidget):
    start_defense_requested = Signal()
    session_loaded = Signal(int)  # a session is shown in the detail page
    sessions_listed = Signal(int)  # rows in the list
    search_done = Signal(int)  # hits shown
    trends_loaded = Signal(int)  # points shown
    attempts_shown = Signal(int)  # cards shown
    session_deleted = Signal(int)
    session_imported = Signal(int)
    sessions_changed = Signal()  # a session was added, deleted or changed here
    exported = Signal(str, str)  # format, path
    failed = Signal(str)  # a message already shown to the person
    status_message = Signal(str)

    TAB_SESSIONS, TAB_COMPARE, TAB_TRENDS = 0, 1, 2

    def __init__(self, store: StoreClient, parent: QWidget | None = None, *,
                 questions: Iterable[Question] = ()):
        """store must be built with a FutureBridge: its callbacks run on the GUI thread.
        `questions`: the bank questions, for each answer's listen_for."""
        super().__init__(parent)
        self.store = store
        self.questions: dict[str, Question] = {q.id: q for q in questions}
        self.soft_limit_s = DEFAULT_SOFT_LIMIT_S
        self._gen = {"list": 0, "search": 0, "session": 0, "trends": 0, "attempts": 0, "questions": 0}
        self._trends_stale = True
        self._pending_jump: tuple[int | None, float | None] = (None, None)
        # dialogs, replaceable in tests: (title, text) -> bool; (title, suggested, filter) -> path or ""
        self.confirm: Callable[[str, str], bool] = self._confirm_dialog
        self.ask_save_path: Callable[[str, str, str], str] = self._save_dialog
        self.ask_open_path: Callable[[str, str], str] = self._open_dialog

        self.banner = QLabel("")
        self.banner.setObjectName("warningBanner")
        self.banner.setWordWrap(True)
        self.banner.hide()

        self.list_panel = SessionListPanel()
        self.detail = SessionDetailPanel()
        self.detail.audio_file = self._audio_path
        self.session_pages = QStackedWidget()
        self.session_pages.addWidget(self.list_panel)
        self.session_pages.addWidget(self.detail)
        self.compare = ComparePanel()
        self.trends = TrendsPanel()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.session_pages, "Sessions")
        self.tabs.addTab(self.compare, "Compare attempts")
        self.tabs.addTab(self.trends, "Trends")
        self.tabs.currentChanged.connect(self._tab_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)

        lp = self.list_panel
        lp.query_changed.connect(self._reload_list)
        lp.session_activated.connect(lambda sid: self.open_session(sid))
        lp.hit_activated.connect(lambda hit: self.open_session(hit.session_id, hit.turn_id, hit.time_s))
        lp.import_requested.connect(self.import_bundle_dialog)
        lp.start_defense_requested.connect(self.start_defense_requested)
        d = self.detail
        d.back_requested.connect(self.show_list)
        d.export_requested.connect(self.export_dialog)
        d.delete_requested.connect(self.delete_current)
        d.answer.correction_requested.connect(self.save_correction)
        d.answer.rating_requested.connect(self.save_rating)
        d.answer.compare_requested.connect(self.show_compare)
        self.compare.question_chosen.connect(self._load_attempts)
        self.compare.open_requested.connect(lambda sid, tid: self.open_session(sid, tid))
        self.compare.refresh_requested.connect(self._load_questions)
        self.trends.reload_requested.connect(self._load_trends)
        self.refresh()

    # ------------------------------------------------------------ public

    def refresh(self) -> None:
        """Re-read what is shown (call after a defense ends or data changed elsewhere)."""
        self._trends_stale = True
        self._reload_list()
        if self.detail.session_id() is not None and self.session_pages.currentWidget() is self.detail:
            self._load_session(self.detail.session_id(), None, None, reset_jump=False)
        current = self.tabs.currentIndex()
        if current == self.TAB_TRENDS:
            self._load_trends()
        elif current == self.TAB_COMPARE:
            self._load_questions()

    def open_session(self, session_id: int, turn_id: int | None = None, time_s: float | None = None) -> None:
        """Show a session; with turn_id, that answer; with time_s, at that moment of its audio."""
        self.tabs.setCurrentIndex(self.TAB_SESSIONS)
        self.session_pages.setCurrentWidget(self.detail)
        self._load_session(session_id, turn_id, time_s)

    def show_list(self) -> None:
        self.tabs.setCurrentIndex(self.TAB_SESSIONS)
        self.session_pages.setCurrentWidget(self.list_panel)

    def show_compare(self, question_id: str | None = None) -> None:
        if question_id:
            self.compare.choose(question_id)
        self.tabs.setCurrentIndex(self.TAB_COMPARE)
        self._load_questions(select=question_id)

    def show_trends(self) -> None:
        self.tabs.setCurrentIndex(self.TAB_TRENDS)

    def set_soft_limit(self, seconds: float) -> None:
        """The per-answer soft limit from Settings (analytics compare durations to it)."""
        if seconds and seconds != self.soft_limit_s:
            self.soft_limit_s = float(seconds)
            self._trends_stale = True

    def current_session_id(self) -> int | None:
        return self.detail.session_id() if self.session_pages.currentWidget() is self.detail else None

    # ------------------------------------------------------------ helpers

    def _next(self, kind: str) -> int:
        self._gen[kind] += 1
        return self._gen[kind]

    def _is_current(self, kind: str, gen: int) -> bool:
        return self._gen[kind] == gen

    def _audio_path(self, relative: str) -> Path:
        return Path(self.store.data_root) / relative

    def _show_error(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.setProperty("level", "urgent")
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
        self.banner.show()
        self.status_message.emit(message)
        self.failed.emit(message)

    def _show_info(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.setProperty("level", "info")
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
        self.banner.show()
        self.status_message.emit(message)

    def _failed(self, what: str) -> Callable[[BaseException], None]:
        def handle(error: BaseException) -> None:
            log.error("%s failed", what, exc_info=error)
            self._show_error(f"{what} failed: {error}")
        return handle

    # ------------------------------------------------------------ list and search

    def _reload_list(self) -> None:
        query = self.list_panel.query_text()
        filters = self.list_panel.filters()
        if query:
            gen = self._next("search")

            def search(store):
                hits = store.search(query, limit=SEARCH_LIMIT)
                if any(filters.values()):
                    keep = {s.id for s in store.list_sessions(limit=None, **filters)}
                    hits = [h for h in hits if h.session_id in keep]
                return hits
            self.store.submit(search, lambda hits: self._hits_ready(gen, query, hits), self._failed("Search"))
        else:
            self._next("search")  # drop a search still running
            gen = self._next("list")
            order = self.list_panel.order()

            def listing(store):
                rows = store.list_sessions(limit=LIST_LIMIT, order=order, **filters)
                total = store.count_sessions(**filters) if len(rows) >= LIST_LIMIT else len(rows)
                anything = bool(rows) or store.count_sessions() > 0
                return rows, total, anything
            self.store.submit(listing, lambda result: self._list_ready(gen, *result),
                              self._failed("Reading the sessions"))

    def _list_ready(self, gen: int, rows, total: int, anything: bool) -> None:
        if not self._is_current("list", gen) or self.list_panel.query_text():
            return
        self.list_panel.show_sessions(rows, total, anything)
        self.sessions_listed.emit(len(rows))

    def _hits_ready(self, gen: int, query: str, hits) -> None:
        if not self._is_current("search", gen):
            return
        self.list_panel.show_hits(query, hits)
        self.search_done.emit(len(hits))

    # ------------------------------------------------------------ one session

    def _load_session(self, session_id: int, turn_id: int | None, time_s: float | None, *,
                      reset_jump: bool = True) -> None:
        gen = self._next("session")
        if reset_jump:
            self._pending_jump = (turn_id, time_s)
        limit, questions = self.soft_limit_s, self.questions
        self.store.submit(lambda store: load_session(store, session_id, limit, questions),
                          lambda data: self._session_ready(gen, data), self._session_failed)

    def _session_failed(self, error: BaseException) -> None:
        from erbsim.core.store import SessionNotFound

        if isinstance(error, SessionNotFound):
            self._show_error("That session is no longer here.")
            self.show_list()
            self._reload_list()
        else:
            self._failed("Opening the session")(error)

    def _session_ready(self, gen: int, data: SessionData) -> None:
        if not self._is_current("session", gen):
            return
        turn_id, time_s = self._pending_jump
        self._pending_jump = (None, None)
        previous = self.detail.session_id()
        if previous != data.detail.session.id:
            self.banner.hide()
        self.detail.show_data(data, turn_id)
        if time_s is not None and self.detail.current_turn_id() == turn_id:
            answer = self.detail.answer
            answer.player.seek(time_s)
            answer.transcript.highlight_time(time_s, follow=True)
        self.session_loaded.emit(data.detail.session.id)

    def save_correction(self, turn_id: int, text) -> None:
        session_id = self.detail.session_id()

        def save(store):
            store.set_correction(turn_id, text)
        self.store.submit(save, lambda _: self._changed(session_id), self._failed("Saving the correction"))

    def save_rating(self, turn_id: int, rater: str, scores: dict, note: str) -> None:
        session_id = self.detail.session_id()

        def save(store):
            for dimension, value in scores.items():
                if value is None:
                    store.unrate(turn_id, dimension, rater)
                else:
                    store.rate(turn_id, dimension, int(value), rater)
            if note:
                store.add_note(session_id, note, turn_id=turn_id, author=rater)
        self.store.submit(save, lambda _: self._changed(session_id, note_saved=bool(note)),
                          self._failed("Saving the rating"))

    def _changed(self, session_id: int | None, note_saved: bool = False) -> None:
        if note_saved:
            self.detail.answer.note_editor.clear()
        self._trends_stale = True
        if session_id is not None and self.detail.session_id() == session_id:
            self._load_session(session_id, None, None, reset_jump=False)
        self._reload_list()
        self.sessions_changed.emit()

    # ------------------------------------------------------------ export, bundle, delete

    def export_dialog(self, fmt: str) -> None:
        session_id = self.detail.session_id()
        if session_id is None:
            return
        data = self.detail.data
        stamp = local_time(data.detail.session.started_at).replace(":", "").replace(" ", "-")
        suggested = str(Path.home() / f"erbsim-session-{stamp}{SUFFIXES[fmt]}")
        path = self.ask_save_path("Export the session", suggested, FILE_FILTERS[fmt])
        if path:
            if not Path(path).suffix:
                path += SUFFIXES[fmt]
            self.export_to(session_id, fmt, path)

    def export_to(self, session_id: int, fmt: str, path: str | Path) -> None:
        """Write a session as md, html, json, pdf or bundle; emits `exported` when done."""
        path = Path(path)
        if fmt == "bundle":
            from erbsim.core.bundle import export_bundle

            self.store.submit(lambda store: export_bundle(store, session_id, path),
                              lambda _: self._exported(fmt, path), self._failed("Export"))
            return

        def render(store):
            from erbsim.core.export import export_session

            return export_session(store, session_id, "html" if fmt == "pdf" else fmt)

        def write(text: str) -> None:
            try:
                if fmt == "pdf":
                    from erbsim.ui.review.pdf import html_to_pdf

                    html_to_pdf(text, path)  # on the GUI thread: QTextDocument
                else:
                    path.write_text(text, encoding="utf-8")
            except OSError as error:
                self._show_error(f"Could not write {path}: {error.strerror or error}")
                return
            self._exported(fmt, path)
        self.store.submit(render, write, self._failed("Export"))

    def _exported(self, fmt: str, path: Path) -> None:
        label = "Bundle" if fmt == "bundle" else fmt.upper() if fmt != "md" else "Markdown"
        self._show_info(f"{label} saved to {path}")
        self.exported.emit(fmt, str(path))

    def import_bundle_dialog(self) -> None:
        path = self.ask_open_path("Import a session bundle", "erbsim bundle (*.zip)")
        if path:
            self.import_bundle(path)

    def import_bundle(self, path: str | Path) -> None:
        from erbsim.core.bundle import BundleError, import_bundle
        from erbsim.speech.recording import check_recording

        def done(result) -> None:
            self._show_info("Imported the session" + (
                f"; {len(result.missing_audio)} recording(s) were not in the bundle" if result.missing_audio else "."))
            self._trends_stale = True
            self._reload_list()
            self.session_imported.emit(result.session_id)
            self.sessions_changed.emit()
            self.open_session(result.session_id)

        def failed(error: BaseException) -> None:
            if isinstance(error, BundleError):
                self._show_error(f"Could not import {Path(path).name}: {error}")
            else:
                self._failed("Import")(error)
        self.store.submit(lambda store: import_bundle(store, path, check_audio=check_recording), done, failed)

    def delete_current(self) -> None:
        data = self.detail.data
        if data is None:
            return
        s = data.detail.session
        who = f" ({s.candidate})" if s.candidate else ""
        if not self.confirm("Delete this session?",
                            f"The session of {local_time(s.started_at)}{who}, its {len(data.detail.turns)} "
                            "answers, their recordings, ratings and notes will be deleted. This cannot be undone."):
            return
        self.delete_session(s.id)

    def delete_session(self, session_id: int) -> None:
        """Delete without asking (the caller has confirmed)."""
        self.detail.answer.player.set_source(None)  # release the file

        def done(removed) -> None:
            self._show_info(f"Session deleted with {len(removed)} recording(s).")
            self._trends_stale = True
            self.show_list()
            self._reload_list()
            self.session_deleted.emit(session_id)
            self.sessions_changed.emit()
        self.store.submit(lambda store: store.delete_session(session_id), done, self._failed("Delete"))

    # ------------------------------------------------------------ compare and trends

    def _tab_changed(self, index: int) -> None:
        if index != self.TAB_SESSIONS:
            self.detail.answer.player.pause()
        if index == self.TAB_TRENDS and self._trends_stale:
            self._load_trends()
        elif index == self.TAB_COMPARE:
            self._load_questions()

    def _load_questions(self, select: str | None = None) -> None:
        from erbsim.core.trends import questions_with_attempts

        gen = self._next("questions")
        self.store.submit(questions_with_attempts,
                          lambda qs: self._is_current("questions", gen) and self.compare.set_questions(qs, select),
                          self._failed("Reading the questions"))

    def _load_attempts(self, question_id: str) -> None:
        from erbsim.core.trends import review_attempts

        gen = self._next("attempts")
        limit = self.soft_limit_s

        def ready(reviewed) -> None:
            if self._is_current("attempts", gen):
                self.compare.show_attempts(reviewed)
                self.attempts_shown.emit(len(reviewed))
        self.store.submit(lambda store: review_attempts(store.attempts_for_question(question_id), limit), ready,
                          self._failed("Reading the attempts"))

    def _load_trends(self) -> None:
        from erbsim.core.trends import load_trends

        gen = self._next("trends")
        limit, track, soft = self.trends.limit(), self.trends.track_filter(), self.soft_limit_s
        self.trends.show_loading()

        def ready(trends) -> None:
            if self._is_current("trends", gen):
                self._trends_stale = False
                self.trends.show_trends(trends, soft)
                self.trends_loaded.emit(len(trends.points))
        self.store.submit(lambda store: load_trends(store, limit, track=track, soft_limit_s=soft), ready,
                          self._failed("Reading the trends"))

    # ------------------------------------------------------------ dialogs

    def _confirm_dialog(self, title: str, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self)
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is delete

    def _save_dialog(self, title: str, suggested: str, file_filter: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, title, suggested, file_filter)
        return path

    def _open_dialog(self, title: str, file_filter: str) -> str:
        path, _ = QFileDialog.getOpenFileName(self, title, str(Path.home()), file_filter)
        return path

