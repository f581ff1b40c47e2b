"""The mentor's live judgement: scores per dimension, flags and timed notes.

Display only; the PanelController stores what these signal. The candidate's
display never sees any of it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from erbsim.core.board import DIMENSIONS, Board
from erbsim.ui.panel.keys import bind
from erbsim.ui.panel.queue_panel import DIMENSION_NAMES
from erbsim.ui.widgets import format_clock

MENTOR = "mentor"  # the rater and author of the mentor's own judgement
FLAGS = (("vague", "Vague", "F6"), ("no metric", "No metric", "F7"), ("whose decision?", "Whose decision?", "F8"),
         ("mandate", "Mandate", "F9"))


class ScorePanel(QWidget):
    """1-5 per dimension for one answer, by the mentor or a seat with a person."""
    scored = Signal(str, int, str)  # dimension, score, rater

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._scores: dict[tuple[int, str], dict[str, int]] = {}  # (turn index, rater) -> scores
        self._turn: int | None = None
        title = QLabel("Scores")
        title.setObjectName("panelTitle")
        self.answer_label = QLabel("No answer yet")
        self.answer_label.setObjectName("subtitle")
        self.rater_combo = QComboBox()
        self.rater_combo.setAccessibleName("Scored by")
        self.rater_combo.setToolTip("Who gives these scores: you, or a seat with a person in the room")
        self.rater_combo.currentIndexChanged.connect(self._show)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addWidget(self.answer_label, 1)
        head.addWidget(self.rater_combo)
        grid = QGridLayout()
        grid.setHorizontalSpacing(4)
        self.groups: dict[str, QButtonGroup] = {}
        for row, dimension in enumerate(DIMENSIONS):
            grid.addWidget(QLabel(DIMENSION_NAMES[dimension]), row, 0)
            group = QButtonGroup(self)
            group.setExclusive(True)
            for score in range(1, 6):
                button = QPushButton(str(score))
                button.setCheckable(True)
                button.setFixedWidth(36)
                button.setAccessibleName(f"{DIMENSION_NAMES[dimension]} {score}")
                button.setToolTip(f"{DIMENSION_NAMES[dimension]}: {score} of 5")
                button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
                group.addButton(button, score)
                grid.addWidget(button, row, score)
            group.idClicked.connect(lambda score, d=dimension: self._clicked(d, score))
            self.groups[dimension] = group
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addLayout(grid)
        self.set_raters([])
        self.setEnabled(False)

    def set_raters(self, seats: list[tuple[str, str]]) -> None:
        """seats: (seat id, name) of the seats with a person in the room."""
        self.rater_combo.blockSignals(True)
        self.rater_combo.clear()
        self.rater_combo.addItem("You (mentor)", MENTOR)
        for seat_id, name in seats:
            self.rater_combo.addItem(f"{name} (in the room)", seat_id)
        self.rater_combo.blockSignals(False)
        self.rater_combo.setVisible(bool(seats))

    def rater(self) -> str:
        return self.rater_combo.currentData() or MENTOR

    def set_turn(self, index: int, label: str) -> None:
        self._turn = index
        self.answer_label.setText(label)
        self.setEnabled(True)
        self._show()

    def _show(self, *_args) -> None:
        chosen = self._scores.get((self._turn, self.rater()), {}) if self._turn is not None else {}
        for dimension, group in self.groups.items():
            group.setExclusive(False)
            for button in group.buttons():
                button.setChecked(group.id(button) == chosen.get(dimension))
            group.setExclusive(True)

    def _clicked(self, dimension: str, score: int) -> None:
        if self._turn is None:
            return
        self._scores.setdefault((self._turn, self.rater()), {})[dimension] = score
        self.scored.emit(dimension, score, self.rater())

    def set_score(self, dimension: str, score: int, rater: str = MENTOR) -> None:
        """As if clicked (scripts and tests)."""
        index = self.rater_combo.findData(rater)
        if index >= 0:
            self.rater_combo.setCurrentIndex(index)
        button = self.groups[dimension].button(score)
        button.setChecked(True)
        self._clicked(dimension, score)


class NotesPanel(QWidget):
    """Flags at a click, notes on Ctrl+M, both listed with the session time they were taken."""
    note_taken = Signal(str)
    flag_raised = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        title = QLabel("Flags and notes")
        title.setObjectName("panelTitle")
        flags = QHBoxLayout()
        flags.setSpacing(4)
        self.flag_buttons: dict[str, QPushButton] = {}
        for label, text, key in FLAGS:
            button = QPushButton(text)
            button.setToolTip(f"Flag this moment of the answer: {label} ({key})")
            bind(button, key)
            button.clicked.connect(lambda _=False, value=label: self.flag_raised.emit(value))
            flags.addWidget(button)
            self.flag_buttons[label] = button
        self.custom_flag = QLineEdit()
        self.custom_flag.setPlaceholderText("Custom flag, Enter")
        self.custom_flag.setAccessibleName("Custom flag")
        self.custom_flag.setToolTip("A flag of your own words, placed at this moment")
        self.custom_flag.returnPressed.connect(self._custom_flag)

        self.note_edit = QLineEdit()
        self.note_edit.setAccessibleName("Note")
        self.note_edit.setPlaceholderText("A private note, stamped with the session time (Ctrl+M, Enter saves)")
        self.note_edit.setToolTip("Private: never on the candidate's display (Ctrl+M)")
        self.note_edit.returnPressed.connect(self._note)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.note_edit,
                  activated=lambda: (self.note_edit.clear(), self.note_edit.clearFocus()))
        self.timeline = QListWidget()
        self.timeline.setAccessibleName("Flags and notes so far")
        self.timeline.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addLayout(flags)
        layout.addWidget(self.custom_flag)
        layout.addWidget(self.note_edit)
        layout.addWidget(self.timeline, 1)

    def open_note(self) -> None:
        self.note_edit.setFocus()
        self.note_edit.selectAll()

    def _note(self) -> None:
        text = " ".join(self.note_edit.text().split())
        if text:
            self.note_taken.emit(text)
        self.note_edit.clear()

    def _custom_flag(self) -> None:
        text = " ".join(self.custom_flag.text().split())
        if text:
            self.flag_raised.emit(text)
        self.custom_flag.clear()

    def add_entry(self, at_s: float, kind: str, text: str) -> None:
        self.timeline.addItem(f"{format_clock(at_s)}  {kind}: {text}")
        self.timeline.scrollToBottom()


def person_raters(board: Board) -> list[tuple[str, str]]:
    return [(s.seat, s.name) for s in board.seats if s.person]
