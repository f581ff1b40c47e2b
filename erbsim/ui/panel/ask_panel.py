"""What the mentor asks: a typed question for a chosen seat, the classic probes, the
board's suggested follow-up, and a seat cutting in.

Display only; every action is a signal the PanelController carries out.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from erbsim.core.board import CLASSIC_PROBES, Board
from erbsim.core.interruptions import interruption_for
from erbsim.ui.panel.keys import bind

TYPING_PAUSE_MS = 250  # typing paused this long: the question so far is rendered ahead


class AskPanel(QWidget):
    custom_requested = Signal(str, str, bool)  # text, seat id, as a follow-up
    probe_requested = Signal(str, str)  # text, seat id
    suggestion_requested = Signal()
    interrupt_requested = Signal(str, str)  # seat id, line
    typing_paused = Signal(str, str)  # text so far, seat id: the mentor paused while typing a question

    def __init__(self, board: Board, parent: QWidget | None = None):
        super().__init__(parent)
        self._board = board
        self._keys: list[QShortcut] = []
        title = QLabel("Ask")
        title.setObjectName("panelTitle")

        self.seat_combo = QComboBox()
        self.seat_combo.setAccessibleName("Seat asking")
        self.seat_combo.setToolTip("The seat that asks your question, a probe, or cuts in (Ctrl+1 … Ctrl+5)")
        self.seat_combo.currentIndexChanged.connect(self._seat_changed)
        self.custom_edit = QLineEdit()
        self.custom_edit.setAccessibleName("Your question")
        self.custom_edit.setPlaceholderText("Type a question or follow-up; Enter asks it (Ctrl+L)")
        self.custom_edit.setToolTip("Asked by the chosen seat, in its voice, when you press Enter")
        self.custom_edit.returnPressed.connect(self._ask_custom)
        # A pause in typing (before Enter, mostly) lets the seat's voice render the question ahead.
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self._typing_paused)
        self.custom_edit.textEdited.connect(lambda _text: self._typing.start())
        self.follow_up_check = QCheckBox("As a follow-up")
        self.follow_up_check.setChecked(True)
        self.follow_up_check.setToolTip("On: it probes the current question. Off: a new main question")
        seat_row = QHBoxLayout()
        seat_row.addWidget(QLabel("Seat"))
        seat_row.addWidget(self.seat_combo, 1)
        seat_row.addWidget(self.follow_up_check)

        self.probes = QListWidget()
        self.probes.setAccessibleName("Classic probes")
        self.probes.setWordWrap(True)
        self.probes.setToolTip("Click: asked now by the chosen seat (Alt+1 … Alt+8)")
        self.probes.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.probe_buttons: list[QPushButton] = []  # hidden: they carry the keys
        for i, text in enumerate(CLASSIC_PROBES):
            self.probes.addItem(QListWidgetItem(f"{i + 1}. {text}" if i < 9 else text))
            button = QPushButton(text, self)
            button.hide()
            button.clicked.connect(lambda _=False, t=text: self.probe_requested.emit(t, self.seat()))
            if i < 9:
                self._keys.append(QShortcut(QKeySequence(f"Alt+{i + 1}"), self, activated=button.click))
            self.probe_buttons.append(button)
        self.probes.itemClicked.connect(lambda item: self.probe_buttons[self.probes.row(item)].click())
        self.probes.setSizeAdjustPolicy(QListWidget.SizeAdjustPolicy.AdjustToContents)

        self.suggestion_card = QFrame()
        self.suggestion_card.setObjectName("suggestionCard")
        card = QVBoxLayout(self.suggestion_card)
        heading = QLabel("The board would follow up with")
        heading.setObjectName("subtitle")
        self.suggestion_text = QLabel("Waiting for an answer.")
        self.suggestion_text.setWordWrap(True)
        self.suggestion_text.setObjectName("suggestionText")
        self.suggestion_reason = QLabel("")
        self.suggestion_reason.setWordWrap(True)
        self.suggestion_reason.setObjectName("subtitle")
        self.suggestion_button = QPushButton("Ask it")
        self.suggestion_button.setToolTip("The suggested follow-up, asked by the seat of the current question "
                                          "(Ctrl+G)")
        bind(self.suggestion_button, "Ctrl+G")
        self.suggestion_button.setEnabled(False)
        self.suggestion_button.clicked.connect(self.suggestion_requested)
        card.addWidget(heading)
        card.addWidget(self.suggestion_text)
        card.addWidget(self.suggestion_reason)
        card.addWidget(self.suggestion_button, alignment=Qt.AlignmentFlag.AlignRight)

        self.interrupt_edit = QLineEdit()
        self.interrupt_edit.setAccessibleName("Interruption")
        self.interrupt_edit.setToolTip("What the chosen seat says when it cuts in")
        self.interrupt_button = QPushButton("Interrupt")
        self.interrupt_button.setToolTip("The chosen seat cuts into the answer now (Ctrl+I)")
        bind(self.interrupt_button, "Ctrl+I")
        self.interrupt_button.clicked.connect(self._interrupt)
        interrupt_row = QHBoxLayout()
        interrupt_row.addWidget(self.interrupt_edit, 1)
        interrupt_row.addWidget(self.interrupt_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addLayout(seat_row)
        layout.addWidget(self.custom_edit)
        layout.addSpacing(4)
        probes_title = QLabel("Classic probes")
        probes_title.setObjectName("subtitle")
        layout.addWidget(probes_title)
        layout.addWidget(self.probes)
        layout.addSpacing(4)
        layout.addWidget(self.suggestion_card)
        layout.addSpacing(4)
        layout.addLayout(interrupt_row)
        self.set_board(board)

    def set_board(self, board: Board) -> None:
        self._board = board
        current = self.seat()
        self.seat_combo.blockSignals(True)
        self.seat_combo.clear()
        for seat in board.seats:
            suffix = " (in the room)" if seat.person else ""
            self.seat_combo.addItem(f"{seat.number}. {seat.name}{suffix}", seat.seat)
        self.seat_combo.blockSignals(False)
        self.select_seat(current or board.chair.seat)

    def seat(self) -> str:
        return self.seat_combo.currentData() or ""

    def select_seat(self, seat_id: str) -> None:
        index = self.seat_combo.findData(seat_id)
        if index >= 0:
            self.seat_combo.setCurrentIndex(index)
            self._seat_changed()

    def _seat_changed(self, *_args) -> None:
        seat = self.seat()
        if seat:
            self.interrupt_edit.setText(interruption_for(seat))
            self.interrupt_edit.setCursorPosition(0)

    def _typing_paused(self) -> None:
        text = " ".join(self.custom_edit.text().split())
        if text and self.seat():
            self.typing_paused.emit(text, self.seat())

    def _ask_custom(self) -> None:
        self._typing.stop()
        text = " ".join(self.custom_edit.text().split())
        if not text:
            return
        self.custom_requested.emit(text, self.seat(), self.follow_up_check.isChecked())
        self.custom_edit.clear()

    def _interrupt(self) -> None:
        text = " ".join(self.interrupt_edit.text().split()) or interruption_for(self.seat())
        self.interrupt_requested.emit(self.seat(), text)

    def show_suggestion(self, text: str, reason: str) -> None:
        self.suggestion_text.setText(text)
        self.suggestion_reason.setText(reason)
        self.suggestion_button.setEnabled(bool(text))

    def clear_suggestion(self, message: str = "Waiting for an answer.") -> None:
        self.show_suggestion("", "")
        self.suggestion_text.setText(message)
