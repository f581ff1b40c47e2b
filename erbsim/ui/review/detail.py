"""One session under review: its questions, and for the chosen answer the
recording, the clickable transcript, a hand correction, what the board
listened for (the question's listen_for covered or not, why it asked a
follow-up, when it cut in, the track the language reads as), delivery
analytics, the ERB lens, and the self-rating with notes.

A panel session adds the mentor's judgement of each answer (every rater's
scores beside the self-score; flags, timed notes and pauses at their moment
in the answer, marked on the transcript and clickable to play from there) and
a last entry in the questions list, the board's vote: the board, the votes
with their rationales, the 4-of-5 outcome and the debrief."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from erbsim.core import panel_review as pr
from erbsim.core.export import clock, local_time, score, seat_label
from erbsim.core.lens import DIMENSIONS
from erbsim.core.listening import AnswerHeard
from erbsim.core.probe import TrackReading
from erbsim.core.store import SELF, Session, Turn
from erbsim.core.trends import AnswerReview
from erbsim.ui.review.data import SessionData
from erbsim.ui.review.formatting import (
    DIMENSION_LABELS,
    MOMENT_COLORS,
    delivery_html,
    feedback_html,
    heard_html,
    moments_html,
    scores_html,
    signal_chips_html,
    track_html,
    verdict_html,
)
from erbsim.ui.review.player import AnswerPlayer
from erbsim.ui.review.transcript import TranscriptView

log = logging.getLogger(__name__)
e = html.escape


def _box(title: str) -> tuple[QGroupBox, QVBoxLayout]:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(10, 8, 10, 10)
    return box, layout


def _rich(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return label


class AnswerPanel(QWidget):
    """The chosen answer. Emits requests; the detail page talks to the store."""

    correction_requested = Signal(int, object)  # turn id, text or None (remove)
    rating_requested = Signal(int, str, object, str)  # turn id, rater, {dimension: score or None}, new note
    compare_requested = Signal(str)  # question id

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.turn: Turn | None = None
        self.review: AnswerReview | None = None
        self._ratings_by_rater: dict[str, dict[str, int]] = {}

        self.meta = QLabel("")
        self.meta.setObjectName("subtitle")
        self.question = QLabel("")
        self.question.setObjectName("reviewQuestion")
        self.question.setWordWrap(True)
        font = self.question.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.question.setFont(font)
        self.player = AnswerPlayer()
        self.transcript = TranscriptView()
        self.transcript.word_clicked.connect(lambda _i, t: self.player.seek(t))
        self.player.position_changed.connect(self._position)

        caption_row = QHBoxLayout()
        self.transcript_caption = QLabel("Transcript: click a word to play from there")
        self.transcript_caption.setObjectName("subtitle")
        self.correct_button = QPushButton("Correct the transcript…")
        self.correct_button.clicked.connect(self.start_correction)
        self.compare_button = QPushButton("Compare attempts")
        self.compare_button.clicked.connect(
            lambda: self.turn and self.turn.question_id and self.compare_requested.emit(self.turn.question_id))
        caption_row.addWidget(self.transcript_caption, 1)
        caption_row.addWidget(self.compare_button)
        caption_row.addWidget(self.correct_button)

        # the correction: shown apart from the machine transcript
        self.correction_box = QFrame()
        self.correction_box.setObjectName("correctionBox")
        self.correction_box.setStyleSheet("#correctionBox { border-left: 3px solid #2f7d4f; "
                                          "background: palette(alternate-base); }")
        cbox = QVBoxLayout(self.correction_box)
        cbox.setContentsMargins(10, 6, 6, 6)
        self.correction_title = QLabel("<b>Corrected by hand</b> · used for analytics, the lens and export")
        self.correction_text = QPlainTextEdit()
        self.correction_text.setReadOnly(True)
        self.correction_text.setAccessibleName("Corrected transcript (read only)")
        self.correction_text.setMaximumHeight(140)
        self.correction_text.setFrameShape(QFrame.Shape.NoFrame)
        self.correction_editor = QPlainTextEdit()
        self.correction_editor.setAccessibleName("Corrected transcript")
        self.correction_editor.setMinimumHeight(110)
        buttons = QHBoxLayout()
        self.save_correction_button = QPushButton("Save correction")
        self.save_correction_button.setObjectName("primaryButton")
        self.save_correction_button.clicked.connect(self.save_correction)
        self.cancel_correction_button = QPushButton("Cancel")
        self.cancel_correction_button.clicked.connect(self.cancel_correction)
        self.edit_correction_button = QPushButton("Edit")
        self.edit_correction_button.clicked.connect(self.start_correction)
        self.remove_correction_button = QPushButton("Back to the machine transcript")
        self.remove_correction_button.clicked.connect(
            lambda: self.turn and self.correction_requested.emit(self.turn.id, None))
        for b in (self.save_correction_button, self.cancel_correction_button, self.edit_correction_button,
                  self.remove_correction_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        cbox.addWidget(self.correction_title)
        cbox.addWidget(self.correction_text)
        cbox.addWidget(self.correction_editor)
        cbox.addLayout(buttons)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.meta)
        lv.addWidget(self.question)
        lv.addWidget(self.player)
        lv.addLayout(caption_row)
        lv.addWidget(self.transcript, 3)
        lv.addWidget(self.correction_box, 1)

        # side column: the panel's judgement, what the board listened for, delivery, lens, rating
        self.judgement_box, jl = _box("The panel's judgement")
        self.judgement_box.setObjectName("panelJudgement")
        self.scores = _rich()
        self.scores.setObjectName("panelScores")
        self.scores.setAccessibleName("Scores by every rater, self first")
        self.moments = _rich()
        self.moments.setObjectName("panelMoments")
        self.moments.setAccessibleName("Flags, notes and pauses during the answer")
        self.moments.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                             | Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.moments.linkActivated.connect(self._link)
        jl.addWidget(self.scores)
        jl.addWidget(self.moments)
        self.judgement_box.hide()
        heard_box, hl = _box("What the board listened for")
        self.heard = _rich()
        self.heard.setObjectName("boardHeard")
        self.heard.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                           | Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.heard.linkActivated.connect(self._link)
        self.session_track = _rich()
        self.session_track.setObjectName("sessionTrack")
        hl.addWidget(self.heard)
        hl.addWidget(self.session_track)
        delivery_box, dl = _box("Delivery")
        self.delivery = _rich()
        dl.addWidget(self.delivery)
        lens_box, ll = _box("ERB lens")
        self.signals = _rich()
        self.feedback = _rich()
        ll.addWidget(self.signals)
        ll.addWidget(self.feedback)
        rating_box, rl = _box("Rating and notes")
        grid = QGridLayout()
        grid.addWidget(QLabel("Rate as"), 0, 0)
        self.rater = QComboBox()
        self.rater.setEditable(True)
        self.rater.setAccessibleName("Who is rating")
        self.rater.setToolTip("'self' for your own rating; a mentor types their name")
        self.rater.currentTextChanged.connect(self._show_rater_scores)
        grid.addWidget(self.rater, 0, 1)
        self.score_boxes: dict[str, QComboBox] = {}
        for row, dim in enumerate(DIMENSIONS, start=1):
            combo = QComboBox()
            combo.addItem("–", None)
            for n in range(1, 6):
                combo.addItem(str(n), n)
            combo.setAccessibleName(f"{DIMENSION_LABELS[dim]} score")
            grid.addWidget(QLabel(DIMENSION_LABELS[dim]), row, 0)
            grid.addWidget(combo, row, 1)
            self.score_boxes[dim] = combo
        rl.addLayout(grid)
        self.other_ratings = _rich()
        rl.addWidget(self.other_ratings)
        self.notes = _rich()
        rl.addWidget(self.notes)
        self.note_editor = QPlainTextEdit()
        self.note_editor.setPlaceholderText("A note on this answer…")
        self.note_editor.setAccessibleName("New note")
        self.note_editor.setFixedHeight(64)
        rl.addWidget(self.note_editor)
        self.save_rating_button = QPushButton("Save rating and note")
        self.save_rating_button.clicked.connect(self.save_rating)
        rl.addWidget(self.save_rating_button)

        side = QWidget()
        sv = QVBoxLayout(side)
        sv.setContentsMargins(0, 0, 6, 0)
        for box in (self.judgement_box, heard_box, delivery_box, lens_box, rating_box):
            sv.addWidget(box)
        sv.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(side)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setMinimumWidth(330)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 400])  # the side column gets room for a panel's scores side by side
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        QShortcut(QKeySequence(Qt.Key.Key_Space), self.transcript, self.player.toggle,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.show_turn(None, None, None, [], None)

    # -- content

    def show_turn(self, turn: Turn | None, review: AnswerReview | None, audio_path, notes: list,
                  mentor: str | None, attempts: int = 0, heard: AnswerHeard | None = None,
                  session_track: TrackReading | None = None, *, session: Session | None = None,
                  moments: list[pr.TimelineItem] | tuple[pr.TimelineItem, ...] = ()) -> None:
        """`session` names the raters and seats of a panel; `moments`: the answer's flags, timed
        notes and pauses (erbsim.core.panel_review.timeline)."""
        same = self.turn is not None and turn is not None and turn.id == self.turn.id
        self.turn, self.review = turn, review
        self.moment_items = list(moments) if turn is not None else []
        if turn is None:
            self.judgement_box.hide()
            self.meta.setText("")
            self.question.setText("Choose a question on the left.")
            self.player.set_source(None)
            self.transcript.set_words(None, "")
            self.correction_box.hide()
            for w in (self.correct_button, self.compare_button, self.save_rating_button):
                w.setEnabled(False)
            self.delivery.setText("")
            self.heard.setText("")
            self.session_track.setText("")
            self.signals.setText("")
            self.feedback.setText("")
            self.notes.setText("")
            self.other_ratings.setText("")
            return
        follow = "Follow-up · " if turn.is_follow_up else ""
        parts = [f"Question {turn.position}", follow.rstrip(" ·"), _seat_name(session, turn.seat),
                 (turn.category or "").replace("_", " "),
                 f"asked at {clock(turn.asked_at_s)}" if turn.asked_at_s is not None else ""]
        self.meta.setText(" · ".join(p for p in parts if p))
        self.question.setText(turn.question_text or "(no question text)")
        if not same:
            self.player.set_source(audio_path)
            self.transcript.set_words(turn.words, turn.transcript_text or "")
            offset = turn.audio_offset_s or 0.0
            self.transcript.set_marks([(offset + m.into_s, MOMENT_COLORS.get(m.kind, "#5f6b7a"),
                                        f"{pr.when(m)}: {pr.timeline_line(m)}")
                                       for m in self.moment_items if m.into_s is not None])
        if not (turn.transcript_text or turn.words):
            self.transcript.setPlainText("No answer was recorded for this question.")
        self.transcript_caption.setText("Transcript: click a word to play from there" if self.transcript.has_timings()
                                        else "Transcript (no word timings)")
        self.correct_button.setEnabled(True)
        self.save_rating_button.setEnabled(True)
        self.compare_button.setEnabled(bool(turn.question_id) and attempts > 1)
        self.compare_button.setText(f"Compare attempts ({attempts})" if attempts > 1 else "Compare attempts")
        self._show_correction(editing=False)
        self.heard.setText(heard_html(heard, turn, links=True))
        self.session_track.setText("<hr>" + track_html(session_track, "The whole session")
                                   if session_track is not None else "")
        if review is not None:
            self.delivery.setText(delivery_html(review.stats, review.corrected))
            self.signals.setText(signal_chips_html(review.lens))
            self.feedback.setText(feedback_html(review.feedback))
        # the panel's judgement: scores side by side, flags, timed notes and pauses
        judged = scores_html(session, turn) if session is not None else ""
        self.scores.setText(judged)
        self.scores.setVisible(bool(judged))
        self.moments.setText(moments_html(self.moment_items, links=True, session=session))
        self.moments.setVisible(bool(self.moment_items))
        self.judgement_box.setVisible(bool(judged or self.moment_items))
        # ratings
        by_rater: dict[str, dict[str, int]] = {}
        for r in turn.ratings:
            by_rater.setdefault(r.rater, {})[r.dimension] = r.score
        self._ratings_by_rater = by_rater
        current = self.rater.currentText() if same else SELF
        raters = [SELF] + ([mentor] if mentor else []) + sorted(set(by_rater) - {SELF, mentor})
        self.rater.blockSignals(True)
        self.rater.clear()
        for name in raters:
            self.rater.addItem(name)
        self.rater.setCurrentText(current or SELF)
        self.rater.blockSignals(False)
        self._show_rater_scores(self.rater.currentText())
        self.notes.setText("".join(f"<p style='margin:2px 0'><b>{e(n.author)}</b>: {e(n.text)}</p>" for n in notes
                                   if getattr(n, "at_s", None) is None))  # timed notes: on the timeline
        if not same:
            self.note_editor.clear()

    def _show_rater_scores(self, rater: str) -> None:
        scores = self._ratings_by_rater.get(rater.strip(), {})
        for dim, combo in self.score_boxes.items():
            combo.setCurrentIndex(combo.findData(scores.get(dim)) if scores.get(dim) else 0)
        others = []
        for who, dims in sorted(self._ratings_by_rater.items()):
            if who == rater.strip():
                continue
            text = ", ".join(f"{DIMENSION_LABELS.get(d, d).split()[0].lower()} {s}" for d, s in dims.items())
            others.append(f"<b>{e(who)}</b>: {e(text)}")
        self.other_ratings.setText("<br>".join(others))

    def _show_correction(self, editing: bool) -> None:
        turn = self.turn
        corrected = turn is not None and turn.corrected_text is not None
        self.correction_box.setVisible(editing or corrected)
        self.correction_title.setText("<b>Correct the transcript</b> · the machine transcript is kept"
                                      if editing else
                                      "<b>Corrected by hand</b> · used for analytics, the lens and export")
        self.correction_text.setVisible(corrected and not editing)
        if corrected:
            self.correction_text.setPlainText(turn.corrected_text)
        self.correction_editor.setVisible(editing)
        self.save_correction_button.setVisible(editing)
        self.cancel_correction_button.setVisible(editing)
        self.edit_correction_button.setVisible(corrected and not editing)
        self.remove_correction_button.setVisible(corrected and not editing)
        self.correct_button.setVisible(not corrected and not editing)

    def start_correction(self) -> None:
        if self.turn is None:
            return
        self.correction_editor.setPlainText(self.turn.text or "")
        self._show_correction(editing=True)
        self.correction_editor.setFocus()

    def cancel_correction(self) -> None:
        self._show_correction(editing=False)

    def save_correction(self) -> None:
        if self.turn is None:
            return
        text = self.correction_editor.toPlainText().strip()
        if text == (self.turn.transcript_text or "").strip():
            text = None  # same as the machine: no correction
        self.correction_requested.emit(self.turn.id, text)

    def save_rating(self) -> None:
        if self.turn is None:
            return
        rater = self.rater.currentText().strip() or SELF
        scores = {dim: combo.currentData() for dim, combo in self.score_boxes.items()}
        self.rating_requested.emit(self.turn.id, rater, scores, self.note_editor.toPlainText().strip())

    def _link(self, href: str) -> None:
        """A time in the answer ("seek:<seconds into the answer>"): play from there."""
        if not href.startswith("seek:") or self.turn is None:
            return
        try:
            seconds = (self.turn.audio_offset_s or 0.0) + float(href.split(":", 1)[1])
        except ValueError:
            return
        self.player.seek(seconds)
        self.transcript.highlight_time(seconds, follow=True)

    def _position(self, seconds: float) -> None:
        self.transcript.highlight_time(seconds, follow=self.player.is_playing())


def _seat_name(session: Session | None, seat_id: str | None) -> str:
    if session is not None:
        return pr.seat_name(session, seat_id)
    return seat_label(seat_id)


class VerdictPanel(QWidget):
    """A panel session's board, its vote with rationales and the outcome, the debrief, and the
    flags, notes and pauses that fell outside every answer."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.body = _rich()
        self.body.setObjectName("panelVerdict")
        self.body.setAccessibleName("The board, its vote and the debrief")
        self.outside = _rich()
        self.outside.setObjectName("panelMomentsOutside")
        inner = QWidget()
        iv = QVBoxLayout(inner)
        iv.setContentsMargins(16, 8, 16, 16)
        iv.addWidget(self.body)
        iv.addWidget(self.outside)
        iv.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def show_session(self, detail, moments: list[pr.TimelineItem]) -> None:
        self.body.setText(verdict_html(detail))
        self.outside.setText("<h3>Outside the answers</h3>" + moments_html(moments, session=detail.session)
                             if moments else "")
        self.outside.setVisible(bool(moments))


class SessionDetailPanel(QWidget):
    """Header with actions, the list of questions, and the answer panel."""

    back_requested = Signal()
    export_requested = Signal(str)  # 'md' | 'html' | 'json' | 'pdf' | 'bundle'
    delete_requested = Signal()
    turn_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.data: SessionData | None = None
        self.audio_file: Callable[[str], object] = lambda rel: None

        back = QPushButton("← All sessions")
        back.clicked.connect(self.back_requested)
        self.title = QLabel("")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.facts = QLabel("")
        self.facts.setObjectName("subtitle")
        self.facts.setWordWrap(True)
        self.export_button = QToolButton()
        self.export_button.setText("Export")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        for label, fmt in (("Markdown…", "md"), ("HTML…", "html"), ("PDF…", "pdf"), ("JSON…", "json"),
                           ("Bundle with audio (zip, for a mentor)…", "bundle")):
            menu.addAction(label, lambda f=fmt: self.export_requested.emit(f))
        self.export_button.setMenu(menu)
        self.delete_button = QPushButton("Delete…")
        self.delete_button.clicked.connect(self.delete_requested)
        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.facts)
        head.addWidget(back, 0, Qt.AlignmentFlag.AlignTop)
        head.addSpacing(8)
        head.addLayout(titles, 1)
        head.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignTop)

        self.questions = QListWidget()
        self.questions.setAccessibleName("Questions in this session")
        self.questions.setWordWrap(True)
        self.questions.setMinimumWidth(220)
        self.questions.currentRowChanged.connect(self._row_changed)
        self.answer = AnswerPanel()
        self.verdict = VerdictPanel()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.answer)
        self.pages.addWidget(self.verdict)
        self._moments: dict[int | None, list[pr.TimelineItem]] = {}
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.questions)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([250, 1000])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(splitter, 1)

    def session_id(self) -> int | None:
        return self.data.detail.session.id if self.data else None

    def current_turn_id(self) -> int | None:
        return self.answer.turn.id if self.answer.turn else None

    def show_data(self, data: SessionData, turn_id: int | None = None) -> None:
        """Show a (re)loaded session; keeps the current answer when turn_id is None."""
        same_session = self.data is not None and self.data.detail.session.id == data.detail.session.id
        keep = turn_id if turn_id is not None else (self.current_turn_id() if same_session else None)
        self.data = data
        d, s = data.detail, data.detail.session
        who = f" · {s.candidate}" if s.candidate else ""
        self.title.setText(f"{local_time(s.started_at)}{who}")
        sm = d.summary
        outcome = ""
        if d.votes:
            o = d.outcome
            outcome = f" · board {o.passes}–{o.fails}, {pr.verdict(o)}"
        self._moments = pr.timeline(d)
        self.facts.setText(f"{s.mode} · {s.track} track · {s.status} · {clock(sm.duration_s)} of "
                           f"{clock(s.budget_s)} · {sm.question_count} questions · self {score(sm.avg_self)}"
                           f" · mentor {score(sm.avg_mentor)}{outcome}")
        self.questions.blockSignals(True)
        self.questions.clear()
        row_to_select = 0
        for row, t in enumerate(d.turns):
            marks = []
            if t.corrected_text is not None:
                marks.append("corrected")
            if any(r.rater == SELF for r in t.ratings):
                marks.append("rated")
            heard = data.heard.for_turn(t.id)
            if heard is not None and heard.interruptions:
                marks.append("cut in")
            if pr.judged_by_others(t):
                marks.append("panel scores")
            flags = sum(1 for m in self._moments.get(t.id, ()) if m.kind == "flag")
            if flags:
                marks.append(f"{flags} flag" + ("s" if flags > 1 else ""))
            duration = clock(t.answer_duration_s) if t.answer_duration_s is not None else ""
            prefix = "   ↳ " if t.is_follow_up else f"{t.position}. "
            text = f"{prefix}{t.question_text}"
            sub = " · ".join(p for p in (duration, *marks) if p)
            item = QListWidgetItem(text + (f"\n     {sub}" if sub else ""))
            item.setToolTip(t.question_text)
            item.setData(Qt.ItemDataRole.UserRole, t.id)
            self.questions.addItem(item)
            if t.id == keep:
                row_to_select = row
        if self.has_verdict():
            o = d.outcome
            sub = f"{o.passes}–{o.fails}, {pr.verdict(o)}" if d.votes else "no vote recorded"
            item = QListWidgetItem(f"The board's vote\n     {sub}")
            item.setToolTip("The board, each seat's vote with its rationale, the outcome and the debrief")
            item.setData(Qt.ItemDataRole.UserRole, None)
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            self.questions.addItem(item)
        self.questions.blockSignals(False)
        if d.turns:
            if self.questions.currentRow() == row_to_select:
                self._row_changed(row_to_select)
            else:
                self.questions.setCurrentRow(row_to_select)
        else:
            self.answer.show_turn(None, None, None, [], None)
            if self.has_verdict():
                self.questions.setCurrentRow(0)

    def has_verdict(self) -> bool:
        """A panel session (a board, votes or a debrief) ends its questions list with the vote."""
        if self.data is None:
            return False
        d = self.data.detail
        return bool(d.session.board or d.votes or d.session.debrief)

    def show_verdict(self) -> bool:
        """Select the board's vote entry; False for a session without one."""
        if not self.has_verdict() or self.data is None:
            return False
        self.questions.setCurrentRow(len(self.data.detail.turns))
        return True

    def select_turn(self, turn_id: int) -> bool:
        for row in range(self.questions.count()):
            if self.questions.item(row).data(Qt.ItemDataRole.UserRole) == turn_id:
                self.questions.setCurrentRow(row)
                return True
        return False

    def _row_changed(self, row: int) -> None:
        if self.data is None or row < 0:
            return
        if row >= len(self.data.detail.turns):
            if self.has_verdict():
                self.answer.player.pause()
                self.verdict.show_session(self.data.detail, self._moments.get(None, []))
                self.pages.setCurrentWidget(self.verdict)
            return
        self.pages.setCurrentWidget(self.answer)
        turn = self.data.detail.turns[row]
        audio = self.audio_file(turn.audio_path) if turn.audio_path else None
        self.answer.show_turn(turn, self.data.reviews.get(turn.id), audio, self.data.notes_for(turn.id),
                              self.data.detail.session.mentor, self.data.attempts.get(turn.question_id or "", 0),
                              self.data.heard.for_turn(turn.id), self.data.heard.track,
                              session=self.data.detail.session, moments=self._moments.get(turn.id, ()))
        self.turn_changed.emit(turn.id)
