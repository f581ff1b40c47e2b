"""Starting a mock panel: the mentor's name, the board, where the candidate's display
goes, the packet, the track and the time."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from erbsim.core.board import Board, BoardError, default_board

log = logging.getLogger(__name__)


@dataclass
class PanelSetup:
    mentor: str
    board: Board
    screen: QScreen | None  # where the candidate's display goes
    packet_id: int | None
    track: str
    minutes: int


def screen_label(screen: QScreen, index: int) -> str:
    size = screen.geometry()
    name = screen.name() or f"Screen {index + 1}"
    return f"{index + 1}. {name} ({size.width()}×{size.height()})"


class PanelSetupDialog(QDialog):
    def __init__(self, store, voice, prefs, packets: list[tuple[str, int | None]], packet_id: int | None,
                 console_screen: QScreen | None, parent: QWidget | None = None, *, save_prefs=None,
                 mentor: str = ""):
        """packets: (label, id) as the home view lists them; packet_id: the one chosen there."""
        super().__init__(parent)
        self.setWindowTitle("Start a mock panel")
        self._store = store
        self._voice = voice
        self._prefs = prefs
        self._save_prefs = save_prefs
        self._board = default_board()
        intro = QLabel("You run the board; the candidate answers. The candidate's display shows only the "
                       "seat asking, the question and the clock: share it on the call or a second screen.")
        intro.setWordWrap(True)
        intro.setObjectName("subtitle")

        self.mentor_edit = QLineEdit(mentor)
        self.mentor_edit.setPlaceholderText("Your name, as the review shows it")
        self.board_label = QLabel(self._board.name)
        self.board_button = QPushButton("Set up the board…")
        self.board_button.setToolTip("Names, roles, voices, seats with a real person, and each seat's emphasis")
        self.board_button.clicked.connect(self._choose_board)
        self.board_button.setAutoDefault(False)  # Enter in the form starts the panel
        board_row = QHBoxLayout()
        board_row.addWidget(self.board_label, 1)
        board_row.addWidget(self.board_button)

        self.screen_combo = QComboBox()
        self.screen_combo.setToolTip("Full screen there; on the console's own screen the two share it side by side")
        screens = QGuiApplication.screens()
        for index, screen in enumerate(screens):
            same = " (side by side with the console)" if screen is console_screen else ""
            self.screen_combo.addItem(screen_label(screen, index) + same, index)
        others = [i for i, s in enumerate(screens) if s is not console_screen]
        self.screen_combo.setCurrentIndex(others[0] if others else 0)

        self.packet_combo = QComboBox()
        for label, value in packets:
            self.packet_combo.addItem(label, value)
        index = self.packet_combo.findData(packet_id)
        self.packet_combo.setCurrentIndex(max(0, index))
        self.track_combo = QComboBox()
        self.track_combo.addItem("Staff PM: strategic breadth", "staff")
        self.track_combo.addItem("Principal PM: technical depth", "principal")
        self.track_combo.setCurrentIndex(max(0, self.track_combo.findData(prefs.track)))
        self.minutes_spin = QSpinBox()
        self.minutes_spin.setRange(1, 180)
        self.minutes_spin.setValue(prefs.minutes or 45)
        self.minutes_spin.setSuffix(" min")

        form = QFormLayout()
        form.addRow("Mentor", self.mentor_edit)
        form.addRow("Board", board_row)
        form.addRow("Candidate's display", self.screen_combo)
        form.addRow("Packet", self.packet_combo)
        form.addRow("Track", self.track_combo)
        form.addRow("Duration", self.minutes_spin)
        self.error_label = QLabel("")
        self.error_label.setObjectName("errorText")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start_button = buttons.addButton("Start the panel", QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setDefault(True)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self._load_last_board()
        self.mentor_edit.setFocus()

    def _load_last_board(self) -> None:
        """The board last used for a panel (prefs.board), read on the store thread."""
        try:
            board_id = int(self._prefs.board or 0)
        except ValueError:
            board_id = 0
        if not board_id or self._store is None:
            return

        def unreadable(error: BaseException) -> None:
            log.warning("the last used board could not be read; the standard board stands: %s", error)

        self._store.submit(lambda store: Board.from_dict(store.get_board(board_id).body), self.set_board,
                           unreadable)

    def _choose_board(self) -> None:
        from erbsim.ui.panel.board_dialog import BoardDialog

        dialog = BoardDialog(self._store, self._voice, self._prefs, self, save_prefs=self._save_prefs)
        if dialog.exec():
            self._prefs = dialog.preferences()
            self.set_board(dialog.board())

    def set_board(self, board: Board) -> None:
        self._board = board
        people = [s.name for s in board.seats if s.person]
        self.board_label.setText(board.name + (f" (in the room: {', '.join(people)})" if people else ""))

    def _accept(self) -> None:
        try:
            Board.from_dict(self._board.to_dict())
        except BoardError as error:
            self.error_label.setText(f"The board cannot be used: {error}.")
            return
        self.accept()

    def setup(self) -> PanelSetup:
        screens = QGuiApplication.screens()
        index = self.screen_combo.currentData()
        screen = screens[index] if index is not None and 0 <= index < len(screens) else None
        return PanelSetup(mentor=" ".join(self.mentor_edit.text().split()), board=self._board, screen=screen,
                          packet_id=self.packet_combo.currentData(), track=self.track_combo.currentData(),
                          minutes=self.minutes_spin.value())
