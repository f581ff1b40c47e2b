"""Small reusable widgets: the level meter, large labels and the board's clock."""

from __future__ import annotations

import math

from PySide6.QtCore import Property, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


def format_clock(seconds: float) -> str:
    """45:00, 0:07, -1:30 in overtime."""
    sign = "-" if seconds < 0 else ""
    # Counting down, 44:59.2 left still shows 45:00; in overtime, 0:00.5 over shows -0:00.
    whole = math.ceil(seconds) if seconds >= 0 else math.floor(-seconds)
    return f"{sign}{whole // 60}:{whole % 60:02d}"


class LevelMeter(QWidget):
    """A horizontal bar for the microphone level, 0..1, with a quiet zone marked."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._level = 0.0
        self.setMinimumSize(120, 10)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Microphone level")

    def level(self) -> float:
        return self._level

    def set_level(self, value: float) -> None:
        value = max(0.0, min(1.0, float(value)))
        if abs(value - self._level) > 0.005:
            self._level = value
            self.update()

    level_value = Property(float, level, set_level)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        base = self.palette().color(QPalette.ColorRole.Mid)
        painter.setPen(base)
        painter.setBrush(self.palette().color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(rect, 4, 4)
        painter.setPen(Qt.PenStyle.NoPen)
        if self._level > 0:
            filled = QRectF(rect.x(), rect.y(), rect.width() * self._level, rect.height())
            color = QColor("#2e9d5b") if self._level < 0.85 else QColor("#d9822b")
            painter.setBrush(color)
            painter.drawRoundedRect(filled, 4, 4)


class BigLabel(QLabel):
    """A label whose font is a multiple of the application font."""

    def __init__(self, text: str = "", scale: float = 2.0, bold: bool = False, parent: QWidget | None = None):
        super().__init__(text, parent)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * scale)
        font.setBold(bold)
        self.setFont(font)


class BoardClock(BigLabel):
    """The board's clock in large type: the time left, red in overtime (the theme's
    #boardClock[overtime="true"])."""

    def __init__(self, scale: float, parent: QWidget | None = None):
        super().__init__("45:00", scale=scale, bold=True, parent=parent)
        self.setObjectName("boardClock")
        self.setAccessibleName("Time left")

    def show_time(self, remaining_s: float, overtime: bool = False) -> None:
        text = format_clock(remaining_s)
        if self.text() != text:
            self.setText(text)
        if bool(self.property("overtime")) != overtime:
            self.setProperty("overtime", overtime)
            self.style().unpolish(self)
            self.style().polish(self)


def buddy_label(text: str, widget: QWidget) -> QLabel:
    """A label for `widget`: its Alt+letter (the & in `text`) moves the focus there."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label
