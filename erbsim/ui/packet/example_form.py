"""One example of the packet, edited in the order the board reads it: the four steps of a decision story."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from erbsim.ui.packet.adopters import AdoptersTable
from erbsim.ui.widgets import buddy_label

TRACK_LABELS = (("staff", "Staff PM"), ("principal", "Principal PM"))

# The board's four steps (../shared/domain/erb.md, "What a strong answer sounds like").
STEP_TITLES = {
    1: "1. Seen before it was urgent",
    2: "2. Acted without formal authority",
    3: "3. Impact beyond your team",
    4: "4. Reused and adopted",
}
STEP_FIELDS = {
    0: ("title", "business_unit", "started", "ended", "track", "sponsor", "quotes", "evidence"),
    1: ("risk_seen", "lead_time_months"),
    2: ("action", "asked_by"),
    3: ("impact", "metric", "before", "after"),
    4: ("adoption", "adopters"),
}

PLACEHOLDERS = {
    "title": "e.g. Privacy-first recommendations after consent",
    "business_unit": "e.g. Taobao Personalisation: the business unit, not your team",
    "started": "e.g. 2024-03",
    "ended": "e.g. 2025-06 (empty: still running)",
    "risk_seen": ("e.g. Eight months before the data-personalisation rules took effect, I saw that consent "
                  "would cut our recommendation reach by half."),
    "action": ("e.g. Without a mandate I built a privacy-first recommendation layer and piloted it with one "
               "sister business."),
    "asked_by": "Empty: nobody asked. Else who, e.g. the GM, in the Q4 plan",
    "impact": ("e.g. Two business units moved next year's personalisation budget onto the layer instead of "
               "building their own."),
    "metric": "e.g. recommendation reach after consent",
    "before": "e.g. 41%",
    "after": "e.g. 78%",
    "adoption": ("e.g. Cainiao and Ele.me took it up; it is now the group standard for personalisation "
                 "after consent."),
    "sponsor": "e.g. Taobao's CPO (a P10 or CPO sponsor)",
    "quotes": "One per line, e.g. \u201cWe dropped our own consent project and used Mei's layer.\u201d "
              "(Ele.me product head)",
    "evidence": "One per line: what the board can check, e.g. Group personalisation standard v2 (2025)",
}

HINTS = {
    1: "The risk or opportunity you saw before anyone called it urgent, and how far ahead.",
    2: "What you started without being told to. Work a GM asked for is execution, not leadership.",
    3: "How behaviour, budget or strategy changed outside your own team, in before/after numbers.",
    4: "Which other organisations reused it, and as what. The board looks for at least two.",
}


class LeadTimeSpin(QDoubleSpinBox):
    """Months ahead, or "not stated" (None)."""

    NOT_STATED = -1.0

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRange(self.NOT_STATED, 240)
        self.setDecimals(1)
        self.setSingleStep(1)
        self.setSpecialValueText("not stated")
        self.setSuffix(" months")
        self.setValue(self.NOT_STATED)
        self.setToolTip("How far ahead you saw it. The board expects Staff PMs to look 18-24 months ahead.")
        self.setAccessibleName("Lead time in months")

    def textFromValue(self, value: float) -> str:
        return f"{value:g}"

    def months(self) -> float | None:
        return None if self.value() <= self.NOT_STATED else float(self.value())

    def set_months(self, months: float | None) -> None:
        self.setValue(self.NOT_STATED if months is None else float(months))


class GrowingTextEdit(QTextEdit):
    """Plain text that grows with what is typed, from `lines` up to `max_lines` lines (then scrolls),
    so a long step reads whole in the form instead of through a slot."""

    def __init__(self, lines: int = 3, max_lines: int = 16, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self._lines = (lines, max_lines)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(lambda _size: self._fit())
        self._fit()

    def _fit(self) -> None:
        low, high = self._lines
        spacing = QFontMetrics(self.font()).lineSpacing()
        margin = 2 * self.document().documentMargin()
        content = min(max(self.document().size().height(), spacing * low + margin), spacing * high + margin)
        height = int(content) + 2 * self.frameWidth() + 2
        if self.minimumHeight() != height or self.maximumHeight() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()


def _text_box(lines: int) -> GrowingTextEdit:
    return GrowingTextEdit(lines)


class ExampleForm(QScrollArea):
    """The fields of one example; scrolls when the window is too short for all four steps."""

    changed = Signal()
    title_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.example_id = ""
        self._loading = False
        self.fields: dict[str, QWidget] = {}
        self.groups: dict[int, QGroupBox] = {}

        body = QWidget()
        body.setObjectName("exampleFormBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 0, 12, 8)
        layout.setSpacing(10)
        layout.addWidget(self._basics_box())
        for step in (1, 2, 3, 4):
            layout.addWidget(self._step_box(step))
        layout.addWidget(self._backing_box())
        layout.addStretch(1)
        self.setWidget(body)

        for name, widget in self.fields.items():
            widget.setAccessibleName(name.replace("_", " "))
            if name in PLACEHOLDERS and hasattr(widget, "setPlaceholderText"):
                widget.setPlaceholderText(PLACEHOLDERS[name])
            if isinstance(widget, QLineEdit):
                widget.textChanged.connect(self._edited)
            elif isinstance(widget, QTextEdit):
                widget.textChanged.connect(self._edited)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self._edited)
            elif isinstance(widget, LeadTimeSpin):
                widget.valueChanged.connect(self._edited)
            elif isinstance(widget, AdoptersTable):
                widget.changed.connect(self._edited)
        self.fields["title"].textChanged.connect(self.title_changed)

    # Building ------------------------------------------------------------------

    def _form(self, box: QGroupBox, step: int = 0) -> QFormLayout:
        outer = QVBoxLayout(box)
        if step in HINTS:
            hint = QLabel(HINTS[step])
            hint.setObjectName("subtitle")
            hint.setWordWrap(True)
            outer.addWidget(hint)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(form)
        return form

    def _basics_box(self) -> QGroupBox:
        box = QGroupBox("The example")
        form = self._form(box)
        title = self.fields["title"] = QLineEdit()
        form.addRow(buddy_label("&Title", title), title)
        bu = self.fields["business_unit"] = QLineEdit()
        form.addRow(buddy_label("&Business unit", bu), bu)
        started = self.fields["started"] = QLineEdit()
        ended = self.fields["ended"] = QLineEdit()
        track = self.fields["track"] = QComboBox()
        for value, label in TRACK_LABELS:
            track.addItem(label, value)
        track.setToolTip("Staff PM: market, segments, partners. Principal PM: architecture, APIs, latency.")
        dates = QHBoxLayout()
        dates.addWidget(started, 1)
        dates.addWidget(QLabel("to"))
        dates.addWidget(ended, 1)
        form.addRow(buddy_label("Dates", started), dates)
        form.addRow("Track", track)
        self.groups[0] = box
        return box

    def _step_box(self, step: int) -> QGroupBox:
        box = QGroupBox(STEP_TITLES[step])
        box.setObjectName(f"step{step}")
        form = self._form(box, step)
        if step == 1:
            risk = self.fields["risk_seen"] = _text_box(3)
            form.addRow("Risk or opportunity", risk)
            lead = self.fields["lead_time_months"] = LeadTimeSpin()
            lead.setMaximumWidth(160)
            form.addRow("Seen this far ahead", lead)
        elif step == 2:
            action = self.fields["action"] = _text_box(3)
            form.addRow("What you did", action)
            asked = self.fields["asked_by"] = QLineEdit()
            asked.setToolTip("The board will ask \u201cWho asked you to do this?\u201d. Empty means nobody did.")
            form.addRow("Who asked you", asked)
        elif step == 3:
            impact = self.fields["impact"] = _text_box(3)
            form.addRow("What changed", impact)
            metric = self.fields["metric"] = QLineEdit()
            before = self.fields["before"] = QLineEdit()
            after = self.fields["after"] = QLineEdit()
            form.addRow("Metric", metric)
            numbers = QHBoxLayout()
            numbers.addWidget(before, 1)
            numbers.addWidget(QLabel("after"))
            numbers.addWidget(after, 1)
            form.addRow("Before", numbers)
        else:
            adoption = self.fields["adoption"] = _text_box(2)
            form.addRow("How it spread", adoption)
            adopters = self.fields["adopters"] = AdoptersTable()
            form.addRow(QLabel("Adopters: the other organisations that reuse it"))
            form.addRow(adopters)
        self.groups[step] = box
        return box

    def _backing_box(self) -> QGroupBox:
        box = QGroupBox("Sponsor and evidence")
        form = self._form(box)
        sponsor = self.fields["sponsor"] = QLineEdit()
        form.addRow("Sponsor", sponsor)
        quotes = self.fields["quotes"] = _text_box(2)
        form.addRow("Stakeholder quotes", quotes)
        evidence = self.fields["evidence"] = _text_box(2)
        form.addRow("Evidence", evidence)
        return box

    # Reading and writing --------------------------------------------------------

    def set_example(self, data: dict[str, Any]) -> None:
        """Show one example (its plain-data form, Example.to_dict())."""
        self._loading = True
        try:
            self.example_id = str(data.get("id") or "")
            for name, widget in self.fields.items():
                value = data.get(name)
                if isinstance(widget, QLineEdit):
                    widget.setText(str(value or ""))
                elif isinstance(widget, QTextEdit):
                    widget.setPlainText("\n".join(value) if isinstance(value, list | tuple) else str(value or ""))
                elif isinstance(widget, QComboBox):
                    widget.setCurrentIndex(max(widget.findData(value or "staff"), 0))
                elif isinstance(widget, LeadTimeSpin):
                    widget.set_months(value)
                elif isinstance(widget, AdoptersTable):
                    widget.set_adopters(list(value or []))
        finally:
            self._loading = False

    def to_dict(self) -> dict[str, Any]:
        """What the form holds, in Example.to_dict()'s shape (not yet checked)."""
        f = self.fields
        data: dict[str, Any] = {"id": self.example_id}
        for name, widget in f.items():
            if isinstance(widget, QLineEdit):
                data[name] = widget.text().strip()
            elif isinstance(widget, QTextEdit):
                text = widget.toPlainText()
                if name in ("quotes", "evidence"):
                    data[name] = [line.strip() for line in text.splitlines() if line.strip()]
                else:
                    data[name] = text.strip()
        data["track"] = f["track"].currentData()
        data["lead_time_months"] = f["lead_time_months"].months()
        data["adopters"] = f["adopters"].adopters()
        return data

    def title(self) -> str:
        return self.fields["title"].text().strip()

    def focus_field(self, name: str) -> None:
        """Scroll to a field and put the cursor there (a finding of the packet check was chosen)."""
        widget = self.fields.get(name) or self.fields["title"]
        target = widget.table if isinstance(widget, AdoptersTable) else widget
        self.ensureWidgetVisible(widget, 20, 40)
        target.setFocus()

    def _edited(self, *_args) -> None:
        if not self._loading:
            self.changed.emit()
