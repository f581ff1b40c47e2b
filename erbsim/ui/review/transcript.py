"""The machine transcript as clickable, timed words.

Clicking a word emits `word_clicked(index, seconds)`; `highlight_time(t)`
marks the word being played. Fillers are shown in a muted, underlined style.
Words come straight from the store (times are seconds into the audio file).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from erbsim.core.analytics import find_fillers

CURRENT = QColor("#ffd666")
FILLER = QColor("#8a6d3b")


class TranscriptView(QPlainTextEdit):
    word_clicked = Signal(int, float)  # index into words, start in seconds

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setObjectName("transcript")
        self.setAccessibleName("Transcript: click a word to play from there")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.setFont(font)
        self._words: list[dict] = []
        self._spans: list[tuple[int, int]] = []  # character span of each word
        self._span_starts: list[int] = []
        self._times: list[float] = []  # start of each timed word (same order as words)
        self._timed_index: list[int] = []  # word index of each entry of _times
        self._current = -1
        self._press: QPoint | None = None

    # -- content

    def set_words(self, words: Sequence[dict] | None, fallback_text: str = "") -> None:
        """Show timed words (clickable), or `fallback_text` when there are none."""
        self._words = [w for w in (words or ()) if str(w.get("text", "")).strip()]
        self._spans, self._current = [], -1
        if not self._words:
            self.setPlainText(fallback_text or "")
            self._span_starts, self._times, self._timed_index = [], [], []
            return
        pieces, pos = [], 0
        for i, w in enumerate(self._words):
            token = str(w["text"]).strip()
            if i:
                pieces.append(" ")
                pos += 1
            self._spans.append((pos, pos + len(token)))
            pieces.append(token)
            pos += len(token)
        self.setPlainText("".join(pieces))
        self._span_starts = [s for s, _ in self._spans]
        timed = sorted((float(w["start"]), i) for i, w in enumerate(self._words) if w.get("start") is not None)
        self._times = [t for t, _ in timed]
        self._timed_index = [i for _, i in timed]
        self._mark_fillers()
        self.setExtraSelections([])

    def set_marks(self, marks: Sequence[tuple[float, str, str]]) -> list[int]:
        """Mark moments on the words: (seconds into the audio, colour, tooltip) each; the word
        being said then gets a tinted background and the tooltip. Returns the marked word indexes
        (a moment before the first timed word marks that word)."""
        marked: list[int] = []
        if not self._times:
            return marked
        cursor = QTextCursor(self.document())
        for seconds, color, tip in marks:
            index = self.word_at_time(seconds)
            if index < 0:
                index = self._timed_index[0]
            fmt = QTextCharFormat()
            tint = QColor(color)
            tint.setAlpha(90)
            fmt.setBackground(tint)
            fmt.setFontUnderline(True)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(QColor(color))
            fmt.setToolTip(tip)
            start, end = self._spans[index]
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
            marked.append(index)
        return marked

    def marked_words(self) -> list[int]:
        """Indexes of words carrying a moment's mark (for tests and accessibility)."""
        out = []
        for i, (start, end) in enumerate(self._spans):
            cursor = QTextCursor(self.document())
            cursor.setPosition(start + 1 if end > start else start)
            if cursor.charFormat().toolTip() not in ("", "filler"):
                out.append(i)
        return out

    def _mark_fillers(self) -> None:
        fmt = QTextCharFormat()
        fmt.setForeground(FILLER)
        fmt.setFontUnderline(True)
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        fmt.setToolTip("filler")
        cursor = QTextCursor(self.document())
        for hit in find_fillers([str(w["text"]).strip() for w in self._words]):
            start = self._spans[hit.index][0]
            end = self._spans[hit.index + hit.words - 1][1]
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)

    def words(self) -> list[dict]:
        return list(self._words)

    def has_timings(self) -> bool:
        return bool(self._times)

    # -- geometry helpers (also used by tests)

    def word_rect(self, index: int):
        """Viewport rectangle of a word's middle."""
        cursor = QTextCursor(self.document())
        start, end = self._spans[index]
        cursor.setPosition((start + end) // 2)
        return self.cursorRect(cursor)

    def word_index_at(self, point: QPoint) -> int | None:
        if not self._spans:
            return None
        pos = self.cursorForPosition(point).position()
        i = bisect.bisect_right(self._span_starts, pos) - 1
        if i < 0:
            return None
        start, end = self._spans[i]
        if pos > end and i + 1 < len(self._spans):
            return i + 1
        return i

    def word_at_time(self, seconds: float) -> int:
        """Index of the word being said at `seconds` (the last one started), -1 before the first."""
        i = bisect.bisect_right(self._times, seconds + 1e-6) - 1
        return self._timed_index[i] if i >= 0 else -1

    def current_word(self) -> int:
        return self._current

    # -- highlighting

    def highlight_time(self, seconds: float, follow: bool = True) -> None:
        self.highlight(self.word_at_time(seconds), follow)

    def highlight(self, index: int, follow: bool = True) -> None:
        if index == self._current:
            return
        self._current = index
        if index < 0 or index >= len(self._spans):
            self.setExtraSelections([])
            return
        selection = QTextEdit.ExtraSelection()
        selection.format.setBackground(CURRENT)
        selection.format.setForeground(QColor("#1d1d1f"))
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, False)
        cursor = QTextCursor(self.document())
        start, end = self._spans[index]
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        self.setExtraSelections([selection])
        if follow:
            rect = self.cursorRect(cursor)
            if rect.top() < 0 or rect.bottom() > self.viewport().height():
                place = QTextCursor(self.document())
                place.setPosition(start)
                self.setTextCursor(place)
                self.centerCursor()

    # -- clicks

    def mousePressEvent(self, event) -> None:
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        point, self._press = event.position().toPoint(), None
        if self.textCursor().hasSelection():
            return  # selecting text to copy, not seeking
        index = self.word_index_at(point)
        if index is None:
            return
        start = self._words[index].get("start")
        if start is None:
            return
        self.highlight(index, follow=False)
        self.word_clicked.emit(index, float(start))
