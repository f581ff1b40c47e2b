"""The candidate's display in a mock panel: what the candidate sees, and nothing else.

The seat asking (name and role), the question, the board's clock ("Paused"
during a fire drill), a line when a seat cuts in, and the board's decision
once the mentor reveals it. Large type, so it reads well when shared over a
video call.

It only ever receives what it shows: its methods take the seat's name and
role, the question's text, the clock's seconds, the cut-in line and the vote
count. It holds no controller, store, console or session, so no mentor-only
text (notes, flags, scores, the queue, the live transcript, suggestions) can
reach it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from erbsim.ui.question_card import CardSize, QuestionCard
from erbsim.ui.widgets import BigLabel, BoardClock

TITLE = "erbsim: the board"
WAITING = "The board will ask its first question shortly."
CARD = CardSize(seat_scale=2.2, role_scale=1.5, question_scale=3.0, padding=(40, 32), gap=20)  # a shared screen


class CandidateDisplay(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("candidateDisplay")
        self.setWindowTitle(TITLE)

        self.clock_label = BoardClock(scale=4.2)
        self.paused_label = BigLabel("Paused", scale=2.0, bold=True)
        self.paused_label.setObjectName("pausedChip")
        self.paused_label.hide()
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.paused_label, alignment=Qt.AlignmentFlag.AlignVCenter)
        top.addSpacing(24)
        top.addWidget(self.clock_label)

        self.card = QuestionCard(WAITING, CARD)
        self.seat_label = self.card.seat_label
        self.role_label = self.card.role_label
        self.question_label = self.card.question_label

        self.cut_in_label = BigLabel("", scale=2.0, bold=True)
        self.cut_in_label.setObjectName("warningBanner")
        self.cut_in_label.setProperty("level", "urgent")
        self.cut_in_label.setWordWrap(True)
        self.cut_in_label.setTextFormat(Qt.TextFormat.PlainText)
        self.cut_in_label.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 28, 48, 36)
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addWidget(self.card, 1)
        layout.addSpacing(12)
        layout.addWidget(self.cut_in_label)

    def resizeEvent(self, event) -> None:
        """Type in proportion to the window, so it reads on a shared screen of any size."""
        super().resizeEvent(event)
        unit = max(10.0, min(self.height() / 900, self.width() / 1200) * 20)  # 20 px at 1200x900
        for label, scale in ((self.clock_label, 3.0), (self.paused_label, 1.6), (self.seat_label, 1.8),
                             (self.role_label, 1.3), (self.question_label, 2.2), (self.cut_in_label, 1.4)):
            font = label.font()
            size = round(unit * scale)
            if font.pixelSize() != size:
                font.setPixelSize(size)
                label.setFont(font)

    # What the candidate sees ---------------------------------------------------------

    def show_question(self, name: str, role: str, text: str) -> None:
        """The seat asking and its question; a cut-in line from before goes away."""
        self.card.show_question(name, role, text)
        self.cut_in_label.hide()
        self.cut_in_label.setText("")

    def show_cut_in(self, name: str, text: str) -> None:
        """A seat interrupts the answer."""
        self.cut_in_label.setText(f"{name}: “{text}”")
        self.cut_in_label.show()

    def set_clock(self, remaining_s: float, overtime: bool = False) -> None:
        self.clock_label.show_time(remaining_s, overtime)

    def set_paused(self, paused: bool) -> None:
        self.paused_label.setVisible(paused)

    def show_outcome(self, approved: bool, passes: int, fails: int) -> None:
        """The board's decision, once the mentor reveals it."""
        self.seat_label.setText("The board's decision")
        self.role_label.setText(f"{passes} approve, {fails} reject. Approval needs 4 of 5.")
        self.question_label.setText("Approved: the board supports the promotion." if approved
                                    else "Not approved this time.")
        self.question_label.setProperty("approved", approved)
        self.question_label.style().unpolish(self.question_label)
        self.question_label.style().polish(self.question_label)
        self.cut_in_label.hide()

    # Where it goes --------------------------------------------------------------------

    def place(self, screen: QScreen | None, console: QWidget | None = None) -> None:
        """Full screen on `screen`; when it is the console's screen too (a laptop), the two share
        it: the display on the left (two fifths, or what the console leaves), the console on the right."""
        if screen is None:
            self.show()
            return
        area = screen.availableGeometry()
        console_screen = console.screen() if console is not None else None
        if console is not None and console_screen is screen:
            wanted = max(console.minimumSizeHint().width(), area.width() * 3 // 5)
            half = max(area.width() // 4, self.minimumSizeHint().width(), area.width() - wanted)
            self.setScreen(screen)
            self.setGeometry(area.x(), area.y(), half, area.height())
            console.setGeometry(area.x() + half, area.y(), area.width() - half, area.height())
            self.show()
            console.show()
            return
        self.setScreen(screen)
        self.setGeometry(area)
        self.showFullScreen()


def widget_texts(window: QWidget) -> list[str]:
    """Every text a window carries: its title, and each child's text, title, placeholder,
    tooltip, status tip, accessible name and description. For checking that no
    mentor-only text reaches the candidate's display."""
    texts = [window.windowTitle(), window.toolTip()]
    for widget in [window, *window.findChildren(QWidget)]:
        for getter in ("text", "toPlainText", "placeholderText", "title", "windowTitle", "toolTip",
                       "statusTip", "whatsThis", "accessibleName", "accessibleDescription", "currentText"):
            method = getattr(widget, getter, None)
            if callable(method):
                try:
                    value = method()
                except TypeError:
                    continue
                if isinstance(value, str) and value:
                    texts.append(value)
    return texts
