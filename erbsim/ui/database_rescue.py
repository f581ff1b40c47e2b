"""The way out when the database cannot be used at start.

Says what is wrong in one sentence and that nothing was changed, then offers:
open a backup (the daily ones, with their dates), start fresh (the old file
is kept as erbsim.db.broken-<date>), or quit. The main window carries out the
choice on the store's thread (StoreClient.reopen).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from erbsim.core.store import Backup, DatabaseUnusable


def sentence(error: BaseException) -> str:
    text = str(error).strip().rstrip(".")
    return text[:1].upper() + text[1:] + "."


class DatabaseRescueDialog(QDialog):
    restore_requested = Signal(object)  # Path of the backup to open
    fresh_requested = Signal()
    quit_requested = Signal()

    def __init__(self, error: BaseException, backups: list[Backup], today: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("erbsim: the database cannot be opened")
        self.setModal(True)
        layout = QVBoxLayout(self)
        self.message = QLabel(f"{sentence(error)} Nothing was changed.")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)

        self.backups = QListWidget()
        for backup in backups:
            item = QListWidgetItem(backup.label)
            item.setData(Qt.ItemDataRole.UserRole, str(backup.path))
            self.backups.addItem(item)
        if backups:
            layout.addWidget(QLabel("Backups, newest first:"))
            layout.addWidget(self.backups)
            self.backups.setCurrentRow(0)
        else:
            self.backups.hide()
            layout.addWidget(QLabel("There are no backups in the data folder yet."))

        self.open_button = QPushButton("Open a backup")
        self.open_button.setEnabled(bool(backups))
        self.open_button.clicked.connect(self._open_backup)
        name = error.path.name if isinstance(error, DatabaseUnusable) else "erbsim.db"
        self.fresh_button = QPushButton(f"Start fresh (the old file is kept as {name}.broken-{today})")
        self.fresh_button.clicked.connect(self._fresh)
        self.quit_button = QPushButton("Quit")
        self.quit_button.clicked.connect(self.reject)
        self.rejected.connect(self.quit_requested)  # Quit, Esc or the window's close button
        for button in (self.open_button, self.fresh_button, self.quit_button):
            layout.addWidget(button)
        if backups:
            self.open_button.setDefault(True)
        else:
            self.quit_button.setDefault(True)

    def chosen_backup(self) -> Path | None:
        item = self.backups.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _open_backup(self) -> None:
        chosen = self.chosen_backup()
        if chosen is not None:
            self.accept()
            self.restore_requested.emit(chosen)

    def _fresh(self) -> None:
        self.accept()
        self.fresh_requested.emit()
