"""The defense screen: one question at a time, the board's clock, no slides.

Display only. Keys become signals; the DefenseController decides what they do.
Buttons take no keyboard focus so Space always means "answer", except while
the typed-answer box (the no-microphone fallback) has focus.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from erbsim.core.seats import seat_by_id
from erbsim.ui.question_card import CardSize, QuestionCard
from erbsim.ui.widgets import BigLabel, BoardClock, LevelMeter, format_clock

KEY_HINTS = ("<b>Space</b> start / stop answer &nbsp;·&nbsp; <b>N</b> next question &nbsp;·&nbsp; "
             "<b>F</b> follow-up &nbsp;·&nbsp; <b>R</b> repeat aloud &nbsp;·&nbsp; <b>C</b> captions "
             "&nbsp;·&nbsp; <b>Esc</b> end session")
CARD = CardSize(seat_scale=1.3, role_scale=1.0, question_scale=2.1, padding=(28, 22), gap=12)


class DefenseView(QWidget):
    answer_toggled = Signal()
    next_requested = Signal()
    follow_up_requested = Signal()
    repeat_requested = Signal()
    end_requested = Signal()
    captions_toggled = Signal(bool)
    typed_answer_submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("defenseView")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.clock_label = BoardClock(scale=3.2)
        self.status_label = QLabel("Ready")
        self.status_label.setObjectName("statusChip")
        self.count_label = QLabel("")
        top = QHBoxLayout()
        top.addWidget(self.clock_label)
        top.addSpacing(16)
        top.addWidget(self.status_label, alignment=Qt.AlignmentFlag.AlignVCenter)
        top.addStretch(1)
        top.addWidget(self.count_label, alignment=Qt.AlignmentFlag.AlignVCenter)

        self.warning_label = QLabel("")
        self.warning_label.setObjectName("warningBanner")
        self.warning_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.warning_label.hide()

        self.card = QuestionCard("Press Space when you are ready for the first question.", CARD)
        self.seat_label = self.card.seat_label
        self.role_label = self.card.role_label
        self.question_label = self.card.question_label

        self.answer_label = BigLabel("Answer 0:00 / 3:00", scale=1.3)
        self.answer_bar = QProgressBar()
        self.answer_bar.setTextVisible(False)
        self.answer_bar.setMaximumHeight(8)
        self.level_meter = LevelMeter()
        self.level_meter.setFixedHeight(14)
        self.mic_label = QLabel("")
        answer_row = QHBoxLayout()
        answer_row.addWidget(self.answer_label)
        answer_row.addSpacing(16)
        answer_row.addWidget(self.answer_bar, 2)
        answer_row.addSpacing(16)
        answer_row.addWidget(QLabel("Mic"))
        answer_row.addWidget(self.level_meter, 1)

        self.captions = QPlainTextEdit()
        self.captions.setReadOnly(True)
        self.captions.setObjectName("captions")
        self.captions.setMaximumHeight(110)
        self.captions.setPlaceholderText("Live captions appear here as you speak.")
        self.captions.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.captions.hide()

        self.typed_answer = QPlainTextEdit()
        self.typed_answer.setPlaceholderText("No microphone: type your answer here, then press Ctrl+Enter.")
        self.typed_answer.setMaximumHeight(140)
        self.typed_answer.hide()
        submit = QShortcut(QKeySequence("Ctrl+Return"), self.typed_answer)
        submit.activated.connect(self._submit_typed)

        self.answer_button = self._button("Start answer", self.answer_toggled)
        self.answer_button.setObjectName("answerButton")
        buttons = QHBoxLayout()
        buttons.addWidget(self.answer_button)
        buttons.addWidget(self._button("Next question", self.next_requested))
        buttons.addWidget(self._button("Follow-up", self.follow_up_requested))
        buttons.addWidget(self._button("Repeat", self.repeat_requested))
        buttons.addStretch(1)
        self.captions_button = QPushButton("Captions off")
        self.captions_button.setCheckable(True)
        self.captions_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.captions_button.toggled.connect(self.set_captions_visible)
        buttons.addWidget(self.captions_button)
        buttons.addWidget(self._button("End session", self.end_requested))

        hints = QLabel(KEY_HINTS)
        hints.setObjectName("keyHints")
        hints.setAlignment(Qt.AlignmentFlag.AlignCenter)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 32, 16)
        layout.addLayout(top)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.card, 1)
        layout.addLayout(answer_row)
        layout.addWidget(self.mic_label)
        layout.addWidget(self.captions)
        layout.addWidget(self.typed_answer)
        layout.addLayout(buttons)
        layout.addWidget(hints)

    def _button(self, text: str, signal) -> QPushButton:
        button = QPushButton(text)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(signal.emit)
        return button

    # Keys --------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:
        if event.isAutoRepeat():
            return
        actions = {
            Qt.Key.Key_Space: self.answer_toggled,
            Qt.Key.Key_N: self.next_requested,
            Qt.Key.Key_F: self.follow_up_requested,
            Qt.Key.Key_R: self.repeat_requested,
            Qt.Key.Key_Escape: self.end_requested,
        }
        if event.key() == Qt.Key.Key_C and not event.modifiers():
            self.captions_button.toggle()
            return
        signal = actions.get(event.key())
        if signal is not None and not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            signal.emit()
            return
        super().keyPressEvent(event)

    # Display -----------------------------------------------------------------

    def show_question(self, seat_id: str, text: str, is_follow_up: bool, number: int) -> None:
        seat = seat_by_id(seat_id)
        # The name alone: a seat number beside "Question 1" read as a question number.
        self.card.show_question(seat.name + ("  ·  follow-up" if is_follow_up else ""), seat.title, text)
        self.count_label.setText(f"Question {number}")
        self.captions.clear()
        self.typed_answer.clear()

    def show_notice(self, text: str) -> None:
        self.warning_label.setProperty("level", "info")
        self._show_banner(text)

    def show_warning(self, text: str, urgent: bool = False) -> None:
        self.warning_label.setProperty("level", "urgent" if urgent else "warning")
        self._show_banner(text)

    def _show_banner(self, text: str) -> None:
        self.warning_label.style().unpolish(self.warning_label)
        self.warning_label.style().polish(self.warning_label)
        self.warning_label.setText(text)
        self.warning_label.show()

    def hide_banner(self) -> None:
        self.warning_label.hide()

    def set_clock(self, remaining_s: float, overtime: bool) -> None:
        self.clock_label.show_time(remaining_s, overtime)

    def set_status(self, text: str) -> None:
        self.status_label.setText(text)

    def set_answer_time(self, elapsed_s: float | None, soft_limit_s: float) -> None:
        elapsed = elapsed_s or 0.0
        over = elapsed >= soft_limit_s
        self.answer_label.setText(f"Answer {format_clock(elapsed)} / {format_clock(soft_limit_s)}"
                                  + ("  over the limit" if over else ""))
        self.answer_bar.setMaximum(int(soft_limit_s))
        self.answer_bar.setValue(int(min(elapsed, soft_limit_s)))
        self.answer_bar.setProperty("over", over)

    def set_answering(self, answering: bool) -> None:
        self.answer_button.setText("Stop answer" if answering else "Start answer")

    def set_captions_visible(self, visible: bool) -> None:
        self.captions_button.setChecked(visible)  # re-enters once through toggled when it changes
        self.captions.setVisible(visible)
        self.captions_button.setText("Captions on" if visible else "Captions off")
        self.captions_toggled.emit(visible)

    def set_caption_text(self, text: str) -> None:
        self.captions.setPlainText(text)

    def set_typed_mode(self, typed: bool, reason: str = "") -> None:
        self.typed_answer.setVisible(typed)
        self.mic_label.setText(reason)
        self.level_meter.setEnabled(not typed)

    def _submit_typed(self) -> None:
        text = self.typed_answer.toPlainText().strip()
        if text:
            self.typed_answer_submitted.emit(text)
        self.setFocus()
