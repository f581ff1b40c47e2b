"""The question card: the asking seat's name and role over the question, in large type.

The solo defense (erbsim.ui.defense_view) and the candidate's display of a
mock panel (erbsim.ui.panel.candidate_display) both show one; the display's
is larger, to read on a shared screen. The question is plain text: a question
the mentor typed, or one filled from the packet, is shown as written.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QSizePolicy, QVBoxLayout, QWidget

from erbsim.ui.widgets import BigLabel


@dataclass(frozen=True)
class CardSize:
    seat_scale: float  # the seat's name, times the application font
    role_scale: float
    question_scale: float
    padding: tuple[int, int]  # inside the card: left and right, top and bottom
    gap: int  # between the role and the question


class QuestionCard(QFrame):
    def __init__(self, placeholder: str, size: CardSize, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("questionCard")
        self.seat_label = BigLabel("", scale=size.seat_scale, bold=True)
        self.seat_label.setObjectName("seatName")
        self.role_label = BigLabel("", scale=size.role_scale)
        self.role_label.setObjectName("seatRole")
        self.role_label.setWordWrap(True)
        self.question_label = BigLabel(placeholder, scale=size.question_scale)
        self.question_label.setObjectName("questionText")
        self.question_label.setWordWrap(True)
        self.question_label.setTextFormat(Qt.TextFormat.PlainText)
        self.question_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.question_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.question_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

        across, down = size.padding
        layout = QVBoxLayout(self)
        layout.setContentsMargins(across, down, across, down)
        layout.addWidget(self.seat_label)
        layout.addWidget(self.role_label)
        layout.addSpacing(size.gap)
        layout.addWidget(self.question_label, 1)

    def show_question(self, seat: str, role: str, text: str) -> None:
        self.seat_label.setText(seat)
        self.role_label.setText(role)
        self.question_label.setText(text)
