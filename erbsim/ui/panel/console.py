"""The mentor's console in a mock panel.

Left: the upcoming questions and the candidate's packet, read-only. Middle:
what to ask (a typed question for a seat, the classic probes, the board's
suggested follow-up, a seat cutting in) and the answer's controls. Right: the
live transcript, scores, flags and timed notes. After End: the vote, the
reveal and the debrief.

Display only, like the defense view: its parts signal what the mentor does,
and the PanelController carries it out and shows the result here and, for the
little the candidate may see, on the candidate's display.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from erbsim.core.board import Board
from erbsim.ui.panel.ask_panel import AskPanel
from erbsim.ui.panel.judgement import NotesPanel, ScorePanel, person_raters
from erbsim.ui.panel.keys import bind
from erbsim.ui.panel.queue_panel import QueuePanel
from erbsim.ui.panel.vote_panel import VotePanel
from erbsim.ui.widgets import BigLabel, format_clock

KEYS_HELP = ("Ctrl+N ask the top queued question · Ctrl+L type a question · Alt+1… probes · Ctrl+G suggestion · "
             "Ctrl+I interrupt · F5 answer · Ctrl+P pause · Ctrl+M note · F6-F9 flags · Ctrl+E end")


class MentorConsole(QWidget):
    answer_toggled = Signal()
    pause_toggled = Signal()
    end_requested = Signal()
    next_requested = Signal()  # ask the top question of the queue
    typed_answer_submitted = Signal(str)
    closing = Signal()

    def __init__(self, board: Board, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("mentorConsole")
        self.setWindowTitle("erbsim: mentor console")
        self.board = board

        self.turn_label = BigLabel("", scale=1.25, bold=True)
        self.turn_label.setObjectName("turnLabel")
        self.turn_label.setWordWrap(True)
        self.clock_label = BigLabel("45:00", scale=1.6, bold=True)
        self.clock_label.setObjectName("boardClock")
        self.clock_label.setToolTip("The board's clock, as the candidate sees it")
        self.status_label = QLabel("Ready")
        self.status_label.setObjectName("statusChip")
        self.answer_button = self._button("Start answer", "Record the candidate's answer; again to stop it "
                                          "(F5)", "F5", self.answer_toggled)
        self.pause_button = self._button("Pause clock", "Stop the board's clock, e.g. for a fire drill; again "
                                         "to resume (Ctrl+P)", "Ctrl+P", self.pause_toggled)
        self.end_button = self._button("End and vote…", "End the questions; the board votes (Ctrl+E)", "Ctrl+E",
                                       self.end_requested)
        top = QHBoxLayout()
        top.addWidget(self.clock_label)
        top.addWidget(self.status_label, alignment=Qt.AlignmentFlag.AlignVCenter)
        top.addSpacing(12)
        top.addWidget(self.turn_label, 1)
        top.addWidget(self.answer_button)
        top.addWidget(self.pause_button)
        top.addWidget(self.end_button)

        self.message_label = QLabel("")
        self.message_label.setObjectName("warningBanner")
        self.message_label.setWordWrap(True)
        self.message_label.hide()

        # Left: queue and packet
        self.queue = QueuePanel()
        self.packet_view = QTextBrowser()
        self.packet_view.setAccessibleName("The candidate's packet")
        self.packet_view.setOpenLinks(False)
        packet_box = QWidget()
        packet_layout = QVBoxLayout(packet_box)
        packet_layout.setContentsMargins(0, 0, 0, 0)
        packet_title = QLabel("Packet")
        packet_title.setObjectName("panelTitle")
        packet_layout.addWidget(packet_title)
        packet_layout.addWidget(self.packet_view, 1)
        self.packet_box = packet_box
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.queue)
        left.addWidget(packet_box)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 2)

        # Middle: asking and the answer
        self.ask = AskPanel(board)
        self.typed_answer = QPlainTextEdit()
        self.typed_answer.setAccessibleName("Typed answer")
        self.typed_answer.setPlaceholderText("No microphone: type the candidate's answer here, then Ctrl+Enter.")
        self.typed_answer.setMaximumHeight(110)
        self.typed_answer.hide()
        QShortcut(QKeySequence("Ctrl+Return"), self.typed_answer, activated=self._submit_typed)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(self.ask)
        middle_layout.addWidget(self.typed_answer)
        middle_layout.addStretch(1)

        # Right: live judgement
        transcript_title = QLabel("Live transcript of the answer")
        transcript_title.setObjectName("panelTitle")
        self.transcript = QPlainTextEdit()
        self.transcript.setReadOnly(True)
        self.transcript.setAccessibleName("Live transcript")
        self.transcript.setPlaceholderText("The candidate's words appear here as they answer.")
        self.scores = ScorePanel()
        self.scores.set_raters(person_raters(board))
        self.notes = NotesPanel()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(transcript_title)
        right_layout.addWidget(self.transcript, 2)
        right_layout.addWidget(self.scores)
        right_layout.addWidget(self.notes, 2)

        columns = QSplitter(Qt.Orientation.Horizontal)
        for widget in (left, middle, right):
            columns.addWidget(widget)
        columns.setStretchFactor(0, 3)
        columns.setStretchFactor(1, 3)
        columns.setStretchFactor(2, 3)
        columns.setChildrenCollapsible(False)

        self.votes = VotePanel(board)
        self.pages = QStackedWidget()
        self.pages.addWidget(columns)
        self.pages.addWidget(self.votes)

        keys = QLabel(KEYS_HELP)
        keys.setObjectName("keyHints")
        keys.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 8)
        layout.addLayout(top)
        layout.addWidget(self.message_label)
        layout.addWidget(self.pages, 1)
        layout.addWidget(keys)

        for keys_, slot in (("Ctrl+M", self.notes.open_note), ("Ctrl+L", self._focus_question),
                            ("Ctrl+N", self.next_requested.emit), ("Ctrl+B", self.queue.browse_requested.emit)):
            QShortcut(QKeySequence(keys_), self, activated=slot)
        for number in range(1, 6):
            QShortcut(QKeySequence(f"Ctrl+{number}"), self,
                      activated=lambda n=number: self._choose_seat(n))

    def _button(self, text: str, tip: str, keys: str, signal) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        bind(button, keys)
        button.clicked.connect(signal.emit)
        return button

    def _focus_question(self) -> None:
        self.ask.custom_edit.setFocus()

    def _choose_seat(self, number: int) -> None:
        seat = next((s for s in self.board.seats if s.number == number), None)
        if seat is not None:
            self.ask.select_seat(seat.seat)

    def _submit_typed(self) -> None:
        text = self.typed_answer.toPlainText().strip()
        if text:
            self.typed_answer_submitted.emit(text)

    # Showing -------------------------------------------------------------------------

    def set_packet(self, markdown: str | None) -> None:
        self.packet_box.setVisible(markdown is not None)
        self.packet_view.setMarkdown(markdown or "")

    def set_clock(self, remaining_s: float, overtime: bool, paused: bool) -> None:
        text = format_clock(remaining_s)
        if self.clock_label.text() != text:
            self.clock_label.setText(text)
        label = "Resume clock" if paused else "Pause clock"
        if self.pause_button.text() != label:
            self.pause_button.setText(label)

    def set_status(self, text: str) -> None:
        if self.status_label.text() != text:
            self.status_label.setText(text)

    def set_turn(self, text: str) -> None:
        self.turn_label.setText(text)

    def set_answering(self, answering: bool) -> None:
        self.answer_button.setText("Stop answer" if answering else "Start answer")

    def set_typed_mode(self, typed: bool) -> None:
        self.typed_answer.setVisible(typed)

    def show_message(self, text: str, urgent: bool = False) -> None:
        self.message_label.setProperty("level", "urgent" if urgent else "info")
        self.message_label.style().unpolish(self.message_label)
        self.message_label.style().polish(self.message_label)
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def show_votes(self) -> None:
        self.pages.setCurrentWidget(self.votes)
        for button in (self.answer_button, self.pause_button, self.end_button):
            button.setEnabled(False)

    def closeEvent(self, event) -> None:
        self.closing.emit()
        super().closeEvent(event)
