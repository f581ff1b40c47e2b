"""Who reused the example's work: organisation, as what (template, standard, API ...), what changed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSizePolicy,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from erbsim.core.packet import REUSE_FORMS

COLUMNS = ("Organisation", "Reused as", "What changed for them")
ORGANISATION, REUSED_AS, WHAT_CHANGED = range(3)


class ReuseFormDelegate(QStyledItemDelegate):
    """An editable combo for "Reused as": the board's words offered, any other text allowed."""

    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.addItems(list(REUSE_FORMS))
        combo.setAccessibleName("Reused as")
        return combo

    def setEditorData(self, editor, index):
        editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentText().strip(), Qt.ItemDataRole.EditRole)


class AdoptersTable(QWidget):
    """The adopters of one example, as rows of (organisation, reused as, what changed)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setAccessibleName("Adopters")
        self.table.setToolTip("Other organisations that took the work up. Arrow keys move, F2 or typing edits.")
        self.table.setItemDelegateForColumn(REUSED_AS, ReuseFormDelegate(self.table))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrow keys move inside it
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        triggers = QAbstractItemView.EditTrigger
        self.table.setEditTriggers(triggers.DoubleClicked | triggers.SelectedClicked | triggers.EditKeyPressed
                                   | triggers.AnyKeyPressed)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ORGANISATION, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(REUSED_AS, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(WHAT_CHANGED, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(ORGANISATION, 150)
        self.table.setColumnWidth(REUSED_AS, 110)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        self.table.itemChanged.connect(lambda _item: self._fit())
        header.sectionResized.connect(lambda *_args: self._fit())

        self.add_button = QPushButton("Add ado&pter")
        self.add_button.setToolTip("A business unit or organisation outside yours that reused this work")
        self.remove_button = QPushButton("Remo&ve adopter")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self._update_buttons()
        self._fit()

    def _fit(self) -> None:
        """As tall as its rows (at least three), so the form scrolls rather than the table."""
        self.table.resizeRowsToContents()
        rows = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        empty = self.table.verticalHeader().defaultSectionSize() * max(0, 3 - self.table.rowCount())
        height = self.table.horizontalHeader().height() + rows + empty + 2 * self.table.frameWidth() + 2
        self.table.setFixedHeight(min(height, 420))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def set_adopters(self, adopters: list[dict]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for adopter in adopters:
            self._append(adopter.get("organisation", ""), adopter.get("reused_as", ""),
                         adopter.get("what_changed", ""))
        self.table.blockSignals(False)
        self._update_buttons()
        self._fit()

    def adopters(self) -> list[dict]:
        """The rows as plain data; rows left entirely empty are not adopters."""
        rows = []
        for row in range(self.table.rowCount()):
            values = [self._text(row, column) for column in range(len(COLUMNS))]
            if any(values):
                rows.append({"organisation": values[0], "reused_as": values[1], "what_changed": values[2]})
        return rows

    def add_row(self) -> None:
        self._append("", "", "")
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, ORGANISATION)
        self.table.setFocus()
        self.table.editItem(self.table.item(row, ORGANISATION))
        self._update_buttons()
        self._fit()
        self.changed.emit()

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            row = self.table.rowCount() - 1
        if row < 0:
            return
        self.table.removeRow(row)
        self._update_buttons()
        self._fit()
        self.changed.emit()

    def _append(self, organisation: str, reused_as: str, what_changed: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, value in enumerate((organisation, reused_as, what_changed)):
            self.table.setItem(row, column, QTableWidgetItem(value))

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.table.rowCount() > 0)
