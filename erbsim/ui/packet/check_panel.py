"""The packet check: what the board would find missing, per example and step.

Each finding is a focusable card: Enter, Space or a click takes the cursor to
the field it is about.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from erbsim.ui.packet.example_form import STEP_TITLES

SEVERITY_LEVELS = {"error": "major", "major": "major", "high": "major", "blocker": "major",
                   "info": "minor", "minor": "minor", "note": "minor", "low": "minor"}


def severity_level(severity: Any) -> str:
    """"major", "warning" or "minor", whatever words the check uses."""
    return SEVERITY_LEVELS.get(str(severity or "").lower(), "warning")


class FindingCard(QFrame):
    activated = Signal(object)  # the finding

    def __init__(self, finding: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.finding = finding
        self.setObjectName("findingCard")
        self.setProperty("level", severity_level(getattr(finding, "severity", "")))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        message = str(getattr(finding, "message", "") or "")
        advice = str(getattr(finding, "advice", "") or "")
        self.setAccessibleName(message)
        self.setAccessibleDescription(advice)
        self.setToolTip("Enter or click: go to the field")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 8, 6)
        layout.setSpacing(2)
        self.message_label = QLabel(message)
        self.message_label.setObjectName("findingMessage")
        self.message_label.setWordWrap(True)
        layout.addWidget(self.message_label)
        self.advice_label = QLabel(advice)
        self.advice_label.setObjectName("subtitle")
        self.advice_label.setWordWrap(True)
        layout.addWidget(self.advice_label)
        self.advice_label.setVisible(bool(advice))  # after it has a parent: never a window of its own

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.activated.emit(self.finding)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit(self.finding)
            return
        super().keyPressEvent(event)


class CheckPanel(QWidget):
    finding_activated = Signal(object)  # a Finding

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("checkPanel")
        self.title = QLabel("Packet c&heck")
        self.title.setObjectName("panelTitle")
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setObjectName("subtitle")
        self.cards: list[FindingCard] = []

        self._list = QWidget()
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setContentsMargins(0, 0, 6, 0)
        self._list_layout.setSpacing(6)
        self._list_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self._list)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.title.setBuddy(self.scroll)  # Alt+H: on to the first finding (eventFilter)
        self.scroll.installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.scroll, 1)

    def eventFilter(self, watched, event) -> bool:
        if (watched is self.scroll and event.type() == QEvent.Type.FocusIn
                and event.reason() == Qt.FocusReason.ShortcutFocusReason and self.cards):
            self.cards[0].setFocus(Qt.FocusReason.ShortcutFocusReason)
        return super().eventFilter(watched, event)

    def show_unavailable(self, reason: str) -> None:
        self._clear()
        self.summary.setText(reason)

    def show_findings(self, findings: list[Any], titles: dict[str, str]) -> None:
        """findings: the check's Findings; titles: example id -> "2. Its title", in packet order."""
        self._clear()
        if not findings:
            self.summary.setText("Nothing the board would call missing. Rehearse saying it out loud.")
            return
        count = len(findings)
        examples = {str(getattr(f, "example_id", "") or "") for f in findings} - {""}
        self.summary.setText(f"{count} point{'s' if count != 1 else ''} the board would press on"
                             + (f", in {len(examples)} example{'s' if len(examples) != 1 else ''}."
                                if examples else "."))
        order = {example_id: i for i, example_id in enumerate(titles)}
        groups: dict[str, list[Any]] = {example_id: [] for example_id in titles}
        for finding in findings:
            groups.setdefault(str(getattr(finding, "example_id", "") or ""), []).append(finding)
        position = self._list_layout.count() - 1  # before the stretch
        for example_id in sorted(groups, key=lambda e: (e != "", order.get(e, len(order)))):
            heading = QLabel(titles.get(example_id, example_id) if example_id else "The packet as a whole")
            heading.setObjectName("findingExample")
            heading.setWordWrap(True)
            self._list_layout.insertWidget(position, heading)
            position += 1
            if not groups[example_id]:
                fine = QLabel("Nothing the board would call missing.")
                fine.setObjectName("subtitle")
                self._list_layout.insertWidget(position, fine)
                position += 1
            last_step: object = None
            steps = sorted(groups[example_id], key=lambda f: (_step_number(getattr(f, "step", None)) == 0,
                                                              _step_number(getattr(f, "step", None))))
            for finding in steps:
                step = _step_number(getattr(finding, "step", None))
                heading_text = STEP_TITLES.get(step, "The example as a whole" if example_id else "")
                if step != last_step and heading_text:
                    label = QLabel(heading_text)
                    label.setObjectName("findingStep")
                    self._list_layout.insertWidget(position, label)
                    position += 1
                last_step = step
                card = FindingCard(finding)
                card.activated.connect(self.finding_activated)
                self._list_layout.insertWidget(position, card)
                position += 1
                self.cards.append(card)

    def _clear(self) -> None:
        self.cards = []
        while self._list_layout.count() > 1:
            item = self._list_layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()


def _step_number(step: Any) -> int:
    """The board's step 1-4 a finding is about (0: the example or packet as a whole)."""
    if isinstance(step, int):
        return step
    text = str(step or "")
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits:
        return int(digits)
    words = {"foresight": 1, "risk": 1, "autonomy": 2, "action": 2, "impact": 3, "ripple": 3,
             "replication": 4, "adoption": 4, "reuse": 4}
    return next((n for word, n in words.items() if word in text.lower()), 0)
