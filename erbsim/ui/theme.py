"""Light and dark looks. "system" follows the desktop's colour scheme."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
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
#panelTitle { font-weight: bold; }
#findingExample { font-weight: bold; margin-top: 6px; }
#findingStep { color: palette(placeholder-text); margin-top: 2px; }
#findingCard { border: 1px solid palette(mid); border-left: 4px solid #d9a21b; border-radius: 4px;
               background: palette(base); }
#findingCard[level="major"] { border-left-color: #c62828; }
#findingCard[level="minor"] { border-left-color: #5b8dd6; }
#findingCard:focus { border-color: palette(highlight); }
#pausedChip { padding: 4px 18px; border-radius: 12px; background: #fff3cd; color: #5c4400; }
#questionText[approved="true"] { color: #2e7d32; font-weight: bold; }
#questionText[approved="false"] { color: #c62828; font-weight: bold; }
#suggestionCard { border: 1px solid palette(mid); border-left: 4px solid #5b8dd6; border-radius: 4px;
                  background: palette(base); }
#suggestionText { font-weight: bold; }
"""


def dark_palette() -> QPalette:
    palette = QPalette()
    colors = {
        QPalette.ColorRole.Window: "#202326", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#17191c", QPalette.ColorRole.AlternateBase: "#2a2e33",
        QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#2c3035",
        QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.Highlight: "#3d7bd9",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#2c3035",
        QPalette.ColorRole.ToolTipText: "#e6e6e6", QPalette.ColorRole.PlaceholderText: "#9aa0a6",
        QPalette.ColorRole.Mid: "#4a4f55", QPalette.ColorRole.Link: "#7fb0ff",
    }
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7d838a"))
    return palette


def apply_theme(app: QApplication, theme: str) -> None:
    """Fusion with a light or dark palette; "system" follows the desktop's scheme."""
    app.setStyle("Fusion")
    hints = QGuiApplication.styleHints()
    dark = theme == "dark" or (theme == "system" and hints.colorScheme() == Qt.ColorScheme.Dark)
    app.setPalette(dark_palette() if dark else app.style().standardPalette())
    app.setStyleSheet(STYLE)
