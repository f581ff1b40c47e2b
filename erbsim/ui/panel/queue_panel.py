"""The mentor's upcoming questions, and a browser over the whole bank.

Display only: the PanelController owns the queue (erbsim.core.panel_queue)
and shows it with `set_items`; what the mentor does comes back as signals.
Reorder by drag or Alt+Up / Alt+Down, Delete skips, Enter asks.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from erbsim.core.banks import Question
from erbsim.core.board import CATEGORIES, DIMENSIONS, Board

ORDER_ROLE = Qt.ItemDataRole.UserRole  # the item's index in the queue as last shown
CATEGORY_NAMES = {"strategy": "Strategy", "trade_offs": "Trade-offs", "replication": "Replication"}
DIMENSION_NAMES = {"strategic_autonomy": "Strategic autonomy", "cross_bu_impact": "Cross-BU impact",
                   "talent_multiplier": "Talent multiplier"}


def question_line(question: Question, board: Board, seat: str | None = None) -> str:
    try:
        name = board.seat(seat or question.seat).name
    except KeyError:
        name = seat or question.seat
    category = CATEGORY_NAMES.get(question.category, question.category)
    return f"{name} · {category}\n{question.text}"


class QueuePanel(QWidget):
    ask_requested = Signal(int)  # queue index
    skip_requested = Signal(int)
    move_requested = Signal(int, int)  # from, to
    reordered = Signal(list)  # the old indices in their new order (after a drag)
    refill_requested = Signal()
    browse_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        title = QLabel("Upcoming questions")
        title.setObjectName("panelTitle")
        self.list = QListWidget()
        self.list.setAccessibleName("Upcoming questions")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setToolTip("Drag or Alt+Up / Alt+Down to reorder · Enter asks · Delete skips")
        self.list.itemActivated.connect(lambda item: self.ask_requested.emit(self.list.row(item)))
        self.list.model().rowsMoved.connect(self._dragged)
        self._showing = False

        for keys, action in (("Alt+Up", lambda: self._move(-1)), ("Alt+Down", lambda: self._move(1)),
                             ("Delete", self._skip)):
            shortcut = QShortcut(QKeySequence(keys), self.list)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(action)

        self.ask_button = QPushButton("Ask selected")
        self.ask_button.setToolTip("The selected question, asked now by its seat (Enter in the list; "
                                   "Ctrl+N asks the top one)")
        self.ask_button.clicked.connect(lambda: self._emit_current(self.ask_requested))
        self.skip_button = QPushButton("Skip")
        self.skip_button.setToolTip("Drop the selected question from the queue (Delete)")
        self.skip_button.clicked.connect(self._skip)
        self.refill_button = QPushButton("Refill")
        self.refill_button.setToolTip("Draw more questions from the banks up to a full queue")
        self.refill_button.clicked.connect(self.refill_requested)
        self.browse_button = QPushButton("Bank…")
        self.browse_button.setToolTip("Search the question banks with filters (Ctrl+B)")
        self.browse_button.clicked.connect(self.browse_requested)
        buttons = QHBoxLayout()
        for button in (self.ask_button, self.skip_button, self.refill_button, self.browse_button):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def set_items(self, items: list[tuple[Question, str]], board: Board, select: int | None = None) -> None:
        """items: (question, the seat that asks it), in queue order."""
        current = self.list.currentRow() if select is None else select
        self._showing = True
        self.list.clear()
        for index, (question, seat) in enumerate(items):
            item = QListWidgetItem(question_line(question, board, seat))
            item.setData(ORDER_ROLE, index)
            item.setToolTip(question.text)
            self.list.addItem(item)
        self._showing = False
        if items:
            self.list.setCurrentRow(max(0, min(current, len(items) - 1)))

    def items(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _emit_current(self, signal) -> None:
        row = self.list.currentRow()
        if row >= 0:
            signal.emit(row)

    def _skip(self) -> None:
        self._emit_current(self.skip_requested)

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row >= 0 and 0 <= target < self.list.count():
            self.move_requested.emit(row, target)

    def _dragged(self, *_args) -> None:
        if self._showing:
            return
        order = [int(self.list.item(i).data(ORDER_ROLE)) for i in range(self.list.count())]
        if order != sorted(order):
            self.reordered.emit(order)


class BankBrowser(QDialog):
    """Search the banks with filters; add a question to the queue or ask it now."""
    add_requested = Signal(object)  # Question
    ask_requested = Signal(object)

    def __init__(self, questions: list[Question], board: Board, track: str, filter_questions,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Question bank")
        self.resize(760, 560)
        self._questions = questions
        self._board = board
        self._filter = filter_questions
        self._shown: list[Question] = []
        self.search = QLineEdit()
        self.search.setPlaceholderText("Words in the question or its follow-ups")
        self.search.setClearButtonEnabled(True)
        self.category = self._combo([("", "Any category")] + [(c, CATEGORY_NAMES[c]) for c in CATEGORIES])
        self.dimension = self._combo([("", "Any dimension")] + [(d, DIMENSION_NAMES[d]) for d in DIMENSIONS])
        self.seat = self._combo([("", "Any seat")] + [(s.seat, s.name) for s in board.seats])
        self.track = self._combo([("", "Either track"), ("staff", "Staff"), ("principal", "Principal")])
        self.track.setCurrentIndex(max(0, self.track.findData(track)))
        self.slotted = QCheckBox("Only questions about the packet")
        form = QFormLayout()
        form.addRow("Search", self.search)
        row = QHBoxLayout()
        for combo in (self.category, self.dimension, self.seat, self.track):
            row.addWidget(combo)
        form.addRow("Filters", row)
        form.addRow("", self.slotted)
        self.results = QListWidget()
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.itemActivated.connect(lambda _item: self._emit(self.ask_requested))
        self.count = QLabel("")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.add_button = buttons.addButton("Add to queue", QDialogButtonBox.ButtonRole.ActionRole)
        self.ask_button = buttons.addButton("Ask now", QDialogButtonBox.ButtonRole.ActionRole)
        self.add_button.clicked.connect(lambda: self._emit(self.add_requested))
        self.ask_button.clicked.connect(lambda: self._emit(self.ask_requested))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self.refresh)
        self.slotted.toggled.connect(self.refresh)
        for combo in (self.category, self.dimension, self.seat, self.track):
            combo.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def _combo(self, entries: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        for value, label in entries:
            combo.addItem(label, value)
        return combo

    def refresh(self, *_args) -> None:
        self._shown = self._filter(self._questions, text=self.search.text().strip(),
                                   category=self.category.currentData() or None,
                                   dimension=self.dimension.currentData() or None,
                                   seat=self.seat.currentData() or None, track=self.track.currentData() or None,
                                   slotted=True if self.slotted.isChecked() else None)
        self.results.clear()
        for question in self._shown[:400]:
            item = QListWidgetItem(question_line(question, self._board))
            item.setToolTip("\n".join(question.follow_ups))
            self.results.addItem(item)
        self.count.setText(f"{len(self._shown)} question(s)")
        if self._shown:
            self.results.setCurrentRow(0)

    def selected(self) -> Question | None:
        row = self.results.currentRow()
        return self._shown[row] if 0 <= row < len(self._shown) else None

    def _emit(self, signal) -> None:
        question = self.selected()
        if question is not None:
            signal.emit(question)
