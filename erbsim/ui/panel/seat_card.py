"""One seat of the board in the set-up dialog: who sits there, how it sounds, what it leans to."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from erbsim.core.board import CATEGORIES, DIMENSIONS, BoardSeat
from erbsim.core.seats import seat_by_id

DIMENSION_LABELS = {"strategic_autonomy": "Strategic autonomy", "cross_bu_impact": "Cross-BU impact",
                    "talent_multiplier": "Talent multiplier"}
CATEGORY_LABELS = {"strategy": "Strategy", "trade_offs": "Trade-offs", "replication": "Replication"}
TRACK_LABELS = {"both": "Staff and Principal", "staff": "Staff", "principal": "Principal"}
PERSON_TEXT = "Real person in the room (nothing spoken)"


class SeatCard(QGroupBox):
    """Edits one BoardSeat. Emphasis: every box ticked means no emphasis (the seat asks anything)."""

    changed = Signal()
    preview_requested = Signal(str, str)  # seat id, voice id ("" = the seat's own voice)

    def __init__(self, seat_id: str, voices: list[tuple[str, str]], own_voice: str,
                 parent: QWidget | None = None):
        persona = seat_by_id(seat_id)
        title = f"Seat {persona.number}" + (" · chair" if persona.number == 1 else "")
        super().__init__(title, parent)
        self.seat_id = seat_id
        self.number = persona.number
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(f"Seat {self.number} name")
        self.name_edit.setMaxLength(200)
        form.addRow("&Name", self.name_edit)
        self.role_edit = QLineEdit()
        self.role_edit.setAccessibleName(f"Seat {self.number} role")
        self.role_edit.setMaxLength(200)
        form.addRow("&Role", self.role_edit)

        self.voice_combo = QComboBox()
        self.voice_combo.setAccessibleName(f"Seat {self.number} voice")
        self.voice_combo.addItem(f"Own: {own_voice}", "")
        self.voice_combo.setItemData(0, "The seat's own voice, as set in Settings", Qt.ItemDataRole.ToolTipRole)
        for voice_id, label in voices:
            self.voice_combo.addItem(label, voice_id)
        self.voice_combo.setMinimumContentsLength(12)
        self.voice_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        voice_label = QLabel("&Voice")
        voice_label.setBuddy(self.voice_combo)
        form.addRow(voice_label, self.voice_combo)
        self.preview_button = QPushButton("Pre&view voice")
        self.preview_button.setAccessibleName(f"Preview the voice of seat {self.number}")
        self.preview_button.setToolTip("Say a short question in this voice")
        self.preview_button.clicked.connect(
            lambda: self.preview_requested.emit(self.seat_id, self.voice_combo.currentData() or ""))
        preview_row = QHBoxLayout()
        preview_row.addWidget(self.preview_button)
        preview_row.addStretch(1)
        form.addRow(preview_row)

        self.person_check = QCheckBox("Real person in the room\n(nothing spoken)")
        self.person_check.setAccessibleName(f"Seat {self.number}: {PERSON_TEXT}")
        self.person_check.setToolTip("Someone in the room asks this seat's questions; the app shows them "
                                     "to the mentor and says nothing.")
        self.person_check.toggled.connect(self._person_toggled)
        form.addRow(self.person_check)

        self.dimension_checks = self._checks(form, "Judges most", DIMENSION_LABELS)
        self.category_checks = self._checks(form, "Asks most about", CATEGORY_LABELS)
        self.track_combo = QComboBox()
        self.track_combo.setAccessibleName(f"Seat {self.number} leads on the track")
        for track, label in TRACK_LABELS.items():
            self.track_combo.addItem(label, track)
        form.addRow("Leads on the &track", self.track_combo)

        for edit in (self.name_edit, self.role_edit):
            edit.textEdited.connect(self.changed)
        for combo in (self.voice_combo, self.track_combo):
            combo.activated.connect(self.changed)
        for check in [self.person_check, *self.dimension_checks.values(), *self.category_checks.values()]:
            check.clicked.connect(self.changed)

    def _checks(self, form: QFormLayout, title: str, labels: dict[str, str]) -> dict[str, QCheckBox]:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        checks = {}
        for key, label in labels.items():
            check = QCheckBox(label)
            check.setAccessibleName(f"Seat {self.number} {title.lower()}: {label}")
            column.addWidget(check)
            checks[key] = check
        form.addRow(title, box)
        return checks

    def _person_toggled(self, person: bool) -> None:
        self.voice_combo.setEnabled(not person)
        self.preview_button.setEnabled(not person)

    def set_seat(self, seat: BoardSeat) -> None:
        for edit, text in ((self.name_edit, seat.name), (self.role_edit, seat.role)):
            edit.setText(text)
            edit.setCursorPosition(0)  # a long role reads from its start
            edit.setToolTip(text)
        index = self.voice_combo.findData(seat.voice)
        if index < 0:  # a voice this machine does not list: keep it, named as it is
            self.voice_combo.addItem(seat.voice, seat.voice)
            index = self.voice_combo.count() - 1
        self.voice_combo.setCurrentIndex(index)
        self.person_check.setChecked(seat.person)
        for key, check in self.dimension_checks.items():
            check.setChecked(not seat.dimensions or key in seat.dimensions)
        for key, check in self.category_checks.items():
            check.setChecked(not seat.categories or key in seat.categories)
        self.track_combo.setCurrentIndex(max(self.track_combo.findData(seat.track), 0))

    def seat(self) -> BoardSeat:
        """What the card shows, as a seat (unchecked; see problem())."""
        return BoardSeat(self.seat_id, self.name_edit.text().strip(), self.role_edit.text().strip(),
                         voice=self.voice_combo.currentData() or "", person=self.person_check.isChecked(),
                         dimensions=_emphasis(self.dimension_checks, DIMENSIONS),
                         categories=_emphasis(self.category_checks, CATEGORIES),
                         track=self.track_combo.currentData())

    def problem(self) -> tuple[str, QWidget] | None:
        """One sentence on what keeps this seat from being saved, and the widget to fix it in."""
        name = self.name_edit.text().strip()
        who = f"seat {self.number}" + (f" ({name})" if name else "")
        if not name:
            return f"Seat {self.number} needs a name: the candidate sees it on screen.", self.name_edit
        if not any(c.isChecked() for c in self.dimension_checks.values()):
            return (f"Tick at least one dimension for {who}; all three means no emphasis.",
                    next(iter(self.dimension_checks.values())))
        if not any(c.isChecked() for c in self.category_checks.values()):
            return (f"Tick at least one kind of question for {who}; all three means no emphasis.",
                    next(iter(self.category_checks.values())))
        return None


def _emphasis(checks: dict[str, QCheckBox], order: tuple[str, ...]) -> tuple[str, ...]:
    chosen = tuple(key for key in order if checks[key].isChecked())
    return () if len(chosen) == len(order) else chosen
