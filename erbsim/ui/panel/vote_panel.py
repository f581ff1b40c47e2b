"""The vote after the panel: each seat approves or rejects with a one-line rationale,
4 of 5 decide, the mentor reveals the result on the candidate's display, then writes
the debrief.

A seat with a real person is voted by the mentor for them (as that person says).
Display only; the PanelController stores the votes and tallies them.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from erbsim.core.board import Board
from erbsim.ui.panel.keys import bind
from erbsim.ui.widgets import BigLabel

APPROVE, REJECT = 1, 2


class VotePanel(QWidget):
    voted = Signal(str, str, str)  # seat id, "pass" | "fail", rationale
    reveal_requested = Signal()
    finish_requested = Signal(str)  # the debrief

    def __init__(self, board: Board, parent: QWidget | None = None):
        super().__init__(parent)
        title = BigLabel("The board votes", scale=1.5, bold=True)
        hint = QLabel("Each seat approves or rejects, with one line of why. Approval needs 4 of 5. "
                      "For a seat with a person in the room, enter their vote.")
        hint.setObjectName("subtitle")
        hint.setWordWrap(True)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        self.choices: dict[str, QButtonGroup] = {}
        self.rationales: dict[str, QLineEdit] = {}
        for row, seat in enumerate(board.seats):
            name = QLabel(f"<b>{seat.name}</b><br><span>{seat.role}</span>"
                          + ("<br><i>in the room: their vote</i>" if seat.person else ""))
            name.setWordWrap(True)
            approve = QRadioButton("Approve")
            reject = QRadioButton("Reject")
            group = QButtonGroup(self)
            group.addButton(approve, APPROVE)
            group.addButton(reject, REJECT)
            rationale = QLineEdit()
            rationale.setPlaceholderText("One line: why")
            rationale.setAccessibleName(f"Why {seat.name} votes so")
            group.idClicked.connect(lambda _id, s=seat.seat: self._changed(s))
            rationale.editingFinished.connect(lambda s=seat.seat: self._changed(s))
            grid.addWidget(name, row, 0)
            grid.addWidget(approve, row, 1)
            grid.addWidget(reject, row, 2)
            grid.addWidget(rationale, row, 3)
            self.choices[seat.seat] = group
            self.rationales[seat.seat] = rationale
        grid.setColumnStretch(3, 1)
        self.tally_label = QLabel("No votes yet.")
        self.tally_label.setObjectName("tally")
        self.reveal_button = QPushButton("Reveal the result to the candidate")
        self.reveal_button.setToolTip("Shows the board's decision on the candidate's display (Ctrl+R)")
        bind(self.reveal_button, "Ctrl+R")
        self.reveal_button.setEnabled(False)
        self.reveal_button.clicked.connect(self.reveal_requested)
        row = QHBoxLayout()
        row.addWidget(self.tally_label, 1)
        row.addWidget(self.reveal_button)
        self.debrief = QPlainTextEdit()
        self.debrief.setAccessibleName("Debrief notes")
        self.debrief.setPlaceholderText("Debrief: what to keep, what to change before the real board")
        self.finish_button = QPushButton("Save the debrief and close the panel")
        self.finish_button.setObjectName("primaryButton")
        self.finish_button.setToolTip("Saves the debrief, closes both windows and returns home (Ctrl+Shift+Enter)")
        bind(self.finish_button, "Ctrl+Shift+Return")
        self.finish_button.clicked.connect(lambda: self.finish_requested.emit(self.debrief.toPlainText().strip()))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(grid)
        layout.addLayout(row)
        debrief_title = QLabel("Debrief")
        debrief_title.setObjectName("panelTitle")
        layout.addWidget(debrief_title)
        layout.addWidget(self.debrief, 1)
        layout.addWidget(self.finish_button)

    def _changed(self, seat: str) -> None:
        choice = self.choices[seat].checkedId()
        if choice in (APPROVE, REJECT):
            self.voted.emit(seat, "pass" if choice == APPROVE else "fail", self.rationales[seat].text().strip())

    def set_vote(self, seat: str, approve: bool, rationale: str = "") -> None:
        """As if the mentor clicked (scripts and tests)."""
        self.rationales[seat].setText(rationale)
        self.choices[seat].button(APPROVE if approve else REJECT).setChecked(True)
        self._changed(seat)

    def show_tally(self, passes: int, fails: int, approved: bool | None, revealed: bool) -> None:
        if approved is None:
            text = f"{passes} approve, {fails} reject: not decided yet (4 of 5 needed)."
        else:
            text = (f"{passes} approve, {fails} reject: "
                    + ("approved." if approved else "not approved.") + (" Shown to the candidate." if revealed else ""))
        self.tally_label.setText(text)
        self.reveal_button.setEnabled(approved is not None and not revealed)
