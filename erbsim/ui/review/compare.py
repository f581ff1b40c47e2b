"""Every answer given to one question, side by side, with its analytics."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from erbsim.core.export import local_time
from erbsim.core.store import Attempt
from erbsim.core.trends import AnswerReview, QuestionAttempts
from erbsim.ui.review.formatting import DIMENSION_LABELS, delivery_html, feedback_html, signal_chips_html

e = html.escape


class AttemptCard(QFrame):
    open_requested = Signal(int, int)  # session id, turn id

    def __init__(self, number: int, attempt: Attempt, review: AnswerReview, parent=None):
        super().__init__(parent)
        self.attempt = attempt
        self.setObjectName("attemptCard")
        self.setStyleSheet("#attemptCard { border: 1px solid palette(mid); border-radius: 8px; "
                           "background: palette(base); }")
        self.setFixedWidth(340)
        head = QLabel(f"<b>Attempt {number}</b> · {e(local_time(attempt.started_at))}<br>"
                      f"<span style='color:#666'>{e(attempt.mode)} · {e(attempt.track)} track · "
                      f"question {attempt.turn.position}</span>")
        head.setTextFormat(Qt.TextFormat.RichText)
        stats = QLabel(delivery_html(review.stats, review.corrected))
        stats.setTextFormat(Qt.TextFormat.RichText)
        stats.setWordWrap(True)
        chips = QLabel(signal_chips_html(review.lens))
        chips.setWordWrap(True)
        chips.setTextFormat(Qt.TextFormat.RichText)
        scores = {}
        for r in attempt.turn.ratings:
            scores.setdefault(r.rater, []).append(f"{DIMENSION_LABELS.get(r.dimension, r.dimension)} {r.score}")
        rating = QLabel("<br>".join(f"<b>{e(who)}</b>: {e(', '.join(v))}" for who, v in scores.items())
                        or "<span style='color:#666'>Not rated</span>")
        rating.setWordWrap(True)
        rating.setTextFormat(Qt.TextFormat.RichText)
        text = QTextBrowser()
        text.setAccessibleName(f"Answer of attempt {number}")
        text.setHtml(f"<div style='line-height:135%'>{e(review.text) or '<i>No answer</i>'}</div>"
                     f"<hr><div style='font-size:small'>{feedback_html(review.feedback, limit=4)}</div>")
        self.open_button = open_button = QPushButton("Open in its session")
        open_button.clicked.connect(lambda: self.open_requested.emit(attempt.session_id, attempt.turn.id))
        layout = QVBoxLayout(self)
        for w in (head, stats, chips, rating):
            layout.addWidget(w)
        layout.addWidget(text, 1)
        layout.addWidget(open_button)


class ComparePanel(QWidget):
    question_chosen = Signal(str)  # question id: the view loads its attempts
    open_requested = Signal(int, int)
    refresh_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.question = QComboBox()
        self.question.setAccessibleName("Question to compare")
        self.question.setMinimumContentsLength(40)
        self.question.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.question.currentIndexChanged.connect(self._chosen)
        refresh = QPushButton("Refresh")
        refresh.clicked.connect(self.refresh_requested)
        top = QHBoxLayout()
        top.addWidget(QLabel("Question"))
        top.addWidget(self.question, 1)
        top.addWidget(refresh)
        self.hint = QLabel("Answer the same bank question in several sessions to compare your attempts here.")
        self.hint.setObjectName("subtitle")
        self.hint.setWordWrap(True)
        self.row = QWidget()
        self.row_layout = QHBoxLayout(self.row)
        self.row_layout.setAlignment(Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea()
        scroll.setWidget(self.row)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(scroll, 1)
        self.cards: list[AttemptCard] = []
        self._wanted: str | None = None

    def set_questions(self, questions: list[QuestionAttempts], select: str | None = None) -> None:
        want = select or self._wanted or self.current_question()
        self.question.blockSignals(True)
        self.question.clear()
        for q in questions:
            text = q.question_text if len(q.question_text) <= 90 else q.question_text[:87] + "…"
            self.question.addItem(f"{text}  ({q.attempts} attempts)", q.question_id)
            self.question.setItemData(self.question.count() - 1, q.question_text, Qt.ItemDataRole.ToolTipRole)
        index = self.question.findData(want) if want else -1
        self.question.setCurrentIndex(index if index >= 0 else (0 if questions else -1))
        self.question.blockSignals(False)
        self.hint.setVisible(not questions or max(q.attempts for q in questions) < 2)
        self._chosen()

    def current_question(self) -> str | None:
        return self.question.currentData()

    def choose(self, question_id: str) -> None:
        """Select a question (the list may still be loading: remembered until it arrives)."""
        self._wanted = question_id
        index = self.question.findData(question_id)
        if index >= 0:
            if index == self.question.currentIndex():
                self._chosen()
            else:
                self.question.setCurrentIndex(index)

    def _chosen(self) -> None:
        qid = self.current_question()
        if qid:
            self.question_chosen.emit(qid)
        else:
            self.show_attempts([])

    def show_attempts(self, reviewed: list[tuple[Attempt, AnswerReview]]) -> None:
        for card in self.cards:
            card.setParent(None)
            card.deleteLater()
        self.cards = []
        for n, (attempt, review) in enumerate(reviewed, start=1):
            card = AttemptCard(n, attempt, review)
            card.open_requested.connect(self.open_requested)
            self.row_layout.addWidget(card)
            self.cards.append(card)
