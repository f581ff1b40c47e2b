"""Keyboard shortcuts for the console's buttons.

A QShortcut that clicks the button at once (QAbstractButton.setShortcut animates the
click and acts 100 ms later), active while the button's window is and the button is
shown; the keys go into its tooltip.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton


def bind(button: QAbstractButton, keys: str) -> QShortcut:
    shortcut = QShortcut(QKeySequence(keys), button)
    shortcut.activated.connect(button.click)
    tip = button.toolTip()
    if keys not in tip:
        button.setToolTip(f"{tip} ({keys})" if tip else keys)
    return shortcut
