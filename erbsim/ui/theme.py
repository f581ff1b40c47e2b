"""Light and dark looks. "system" follows the desktop's colour scheme."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

STYLE = """
#questionCard { border: 1px solid palette(mid); border-radius: 10px; background: palette(base); }
#questionText { line-height: 140%; }
#seatRole, #subtitle, #keyHints, #modelStatus { color: palette(placeholder-text); }
#boardClock[overtime="true"] { color: #c62828; }
#statusChip { padding: 3px 10px; border-radius: 10px; background: palette(alternate-base); }
#warningBanner { padding: 8px; border-radius: 6px; font-weight: bold; background: #fff3cd; color: #5c4400; }
#warningBanner[level="urgent"] { background: #fdecea; color: #8e1c14; }
#warningBanner[level="info"] { background: #e7f1fb; color: #0b3d6b; }
#interruptedBanner { border-radius: 6px; background: #fff3cd; color: #5c4400; }
#errorText { color: #c62828; }
QPushButton#primaryButton { padding: 6px 18px; font-weight: bold; }
"""


def apply_theme(app: QApplication, theme: str) -> None:
    app.setStyle("Fusion")
    hints = QGuiApplication.styleHints()
    schemes = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark, "system": Qt.ColorScheme.Unknown}
    if hasattr(hints, "setColorScheme"):  # Qt 6.8+
        hints.setColorScheme(schemes.get(theme, Qt.ColorScheme.Unknown))
    app.setStyleSheet(STYLE)
