"""End of session: what was asked, how long each answer took, a quick self-rating,
and, beside each answer, what the board listened for (the question's listen_for
covered or not, why it asked a follow-up, when it cut in, the track the language
reads as). None of that is shown during the defense."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from erbsim.core.banks import DIMENSIONS
from erbsim.core.listening import SessionHeard
from erbsim.core.seats import seat_by_id
from erbsim.ui.review.formatting import heard_html, track_html
from erbsim.ui.widgets import BigLabel, format_clock

DIMENSION_LABELS = {"strategic_autonomy": "Autonomy", "cross_bu_impact": "Cross-BU", "talent_multiplier": "Talent"}
COLUMNS = (["#", "Seat", "Question", "Answer", "Words", "WPM"] + [DIMENSION_LABELS[d] for d in DIMENSIONS]
           + ["Board heard"])
RATING_COLUMN = 6  # the first of the three rating columns
HEARD_COLUMN = RATING_COLUMN + len(DIMENSIONS)


def words_per_minute(words: int, seconds: float | None) -> float | None:
    if not seconds or seconds < 1:
        return None
    return words / (seconds / 60)


class SummaryView(QWidget):
    ratings_saved = Signal(int, object)  # session id, {turn_id: {dimension: score}}
    home_requested = Signal()
    review_requested = Signal(int)  # session id

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("summaryView")
        self._session_id: int | None = None
        self._turn_ids: list[int] = []
        self._turns: list = []
        self._heard = SessionHeard()
        self.title = BigLabel("Session summary", scale=1.7, bold=True)
        self.overview = QLabel("")
        self.overview.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_heard(row))
        self.heard_box = QGroupBox("What the board listened for")
        heard_layout = QVBoxLayout(self.heard_box)
        heard_layout.setContentsMargins(10, 8, 10, 10)
        self.heard = QLabel("")
        self.heard.setObjectName("boardHeard")
        self.heard.setWordWrap(True)
        self.heard.setTextFormat(Qt.TextFormat.RichText)
        self.heard.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.heard.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        heard_scroll = QScrollArea()
        heard_scroll.setWidget(self.heard)
        heard_scroll.setWidgetResizable(True)
        heard_scroll.setFrameShape(QFrame.Shape.NoFrame)
        heard_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        heard_layout.addWidget(heard_scroll)
        self.session_track = QLabel("")
        self.session_track.setObjectName("sessionTrack")
        self.session_track.setWordWrap(True)
        self.session_track.setTextFormat(Qt.TextFormat.RichText)
        hint = QLabel("Rate each answer 1-5 on the three dimensions the board judges. "
                      "Low-rated questions come up more often in later sessions.")
        hint.setWordWrap(True)
        self.status = QLabel("")
        self.save_button = QPushButton("Save ratings")
        self.save_button.setObjectName("primaryButton")
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(self._save)
        home = QPushButton("Back to home")
        home.clicked.connect(self.home_requested.emit)
        review = QPushButton("Listen back and review")
        review.setToolTip("Audio, transcripts, ERB-lens feedback and delivery analytics")
        review.clicked.connect(lambda: self._session_id is not None and self.review_requested.emit(self._session_id))
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(home)
        buttons.addWidget(review)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 20)
        layout.addWidget(self.title)
        layout.addWidget(self.overview)
        layout.addWidget(self.session_track)
        layout.addWidget(hint)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.heard_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([420, 220])
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

    def show_session(self, detail, heard: SessionHeard | None = None) -> None:
        """detail: a storage SessionDetail; heard: what the board heard in it (erbsim.core.listening),
        read off the GUI thread."""
        self._session_id = detail.session.id
        turns = [t for t in detail.turns]
        self._turn_ids = [t.id for t in turns]
        self._turns = turns
        self._heard = heard or SessionHeard()
        self.table.setRowCount(len(turns))
        total_answer = 0.0
        total_words = 0
        for row, turn in enumerate(turns):
            seat = seat_by_id(turn.seat).name if turn.seat else "Mentor"
            duration = turn.answer_duration_s
            words = len((turn.text or "").split())
            total_answer += duration or 0.0
            total_words += words
            wpm = words_per_minute(words, duration)
            question = ("Follow-up: " if turn.is_follow_up else "") + turn.question_text
            cells = [str(turn.position), seat, question,
                     format_clock(duration) if duration is not None else "not answered",
                     str(words) if turn.text is not None else "…", f"{wpm:.0f}" if wpm else "-"]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, column, item)
            existing = {r.dimension: r.score for r in turn.ratings if r.rater == "self"}
            for offset, dimension in enumerate(DIMENSIONS):
                combo = QComboBox()
                combo.addItem("-", 0)
                for score in range(1, 6):
                    combo.addItem(str(score), score)
                combo.setCurrentIndex(existing.get(dimension, 0))
                combo.setAccessibleName(f"{DIMENSION_LABELS[dimension]} rating for question {row + 1}")
                self.table.setCellWidget(row, RATING_COLUMN + offset, combo)
            item = QTableWidgetItem(self._heard_cell(turn.id))
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            item.setToolTip("Select the row to see what the board listened for in this answer")
            self.table.setItem(row, HEARD_COLUMN, item)
        self.table.resizeRowsToContents()
        if turns:
            self.table.setCurrentCell(0, 2)
        self._show_heard(0 if turns else -1)
        self.session_track.setText(track_html(self._heard.track, "Across the session, your language")
                                   if self._heard.track is not None else "")
        self.session_track.setVisible(self._heard.track is not None)
        summary = detail.summary
        # The board's clock, from the engine's offsets (wall time would count a pause before a resume).
        used = max([0.0] + [t for turn in turns for t in (turn.asked_at_s, turn.answer_ended_s) if t is not None])
        budget = detail.session.budget_s
        wpm = words_per_minute(total_words, total_answer)
        self.title.setText(f"Session summary: {summary.track.capitalize()} PM, {summary.status}")
        self.overview.setText(
            f"{len(turns)} questions asked in {format_clock(used)} of the board's {format_clock(budget)}; "
            f"{format_clock(total_answer)} spent answering"
            + (f", {wpm:.0f} words per minute on average." if wpm else "."))
        self.status.setText("")

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # Wrapped questions need their rows measured at the table's real width, which a view
        # filled while hidden did not know yet.
        QTimer.singleShot(0, self.table.resizeRowsToContents)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self.table.resizeRowsToContents)

    def _heard_cell(self, turn_id: int) -> str:
        """At a glance: listen_for points covered, a chosen follow-up, a cut-in."""
        heard = self._heard.for_turn(turn_id)
        if heard is None:
            return "–"
        parts = []
        if heard.listen_for:
            parts.append(f"{heard.covered} of {len(heard.listen_for)}")
        if heard.why is not None:
            parts.append("why asked")
        if heard.interruptions:
            parts.append("cut in")
        return " · ".join(parts) or "–"

    def _show_heard(self, row: int) -> None:
        if not 0 <= row < len(self._turns):
            self.heard_box.setTitle("What the board listened for")
            self.heard.setText("")
            return
        turn = self._turns[row]
        self.heard_box.setTitle(f"What the board listened for: question {turn.position}")
        self.heard.setText(heard_html(self._heard.for_turn(turn.id), turn))

    def ratings(self) -> dict[int, dict[str, int]]:
        result: dict[int, dict[str, int]] = {}
        for row, turn_id in enumerate(self._turn_ids):
            for offset, dimension in enumerate(DIMENSIONS):
                score = self.table.cellWidget(row, RATING_COLUMN + offset).currentData()
                if score:
                    result.setdefault(turn_id, {})[dimension] = score
        return result

    def _save(self) -> None:
        if self._session_id is not None:
            self.ratings_saved.emit(self._session_id, self.ratings())

    def set_status(self, text: str) -> None:
        self.status.setText(text)
