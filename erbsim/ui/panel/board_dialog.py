"""Setting up the board of a mentor-led panel: five seats, saved as named boards.

The mentor picks a saved board ("my sponsor's board") or the standard one,
edits the five seats (name, role, voice or a real person in the room, what
each seat leans to) and saves it under a name. `BoardDialog.board()` is the
board to run the panel with; the dialog remembers which board was used last
(Preferences.board). Every read and write goes through the StoreClient, off
the GUI thread.

    dialog = BoardDialog(services.store, services.voice, services.prefs, parent,
                         save_prefs=services.save_prefs)
    if dialog.exec():
        board = dialog.board()
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from erbsim.core.board import Board, BoardError, default_board
from erbsim.core.seats import SEAT_IDS
from erbsim.core.store.records import StoredBoard
from erbsim.ui.board_voice import voice_settings
from erbsim.ui.panel.seat_card import SeatCard
from erbsim.ui.settings_store import Preferences
from erbsim.ui.store_client import StoreClient

STANDARD = 0  # the combo's data for the built-in board; saved boards have their store id (>= 1)
STANDARD_NAME = default_board().name
log = logging.getLogger(__name__)


class BoardDialog(QDialog):
    boards_loaded = Signal()  # the saved boards are listed (after opening, saving, renaming, deleting)
    saved = Signal(int)  # a board's id, once it is saved

    def __init__(self, store: StoreClient, voice, prefs: Preferences, parent: QWidget | None = None, *,
                 save_prefs: Callable[[Preferences], None] | None = None):
        """voice: the app's BoardVoice (None: no previews); save_prefs: how the last used board is
        remembered (Services.save_prefs) when the dialog is accepted."""
        super().__init__(parent)
        self.setWindowTitle("The board")
        self._store = store
        self._voice = voice
        self._prefs = copy.deepcopy(prefs)
        self._save_prefs = save_prefs
        self._boards: dict[int, StoredBoard] = {}
        self._current_id = STANDARD
        self._dirty = False
        self._filling = False
        self._chosen: Board | None = None

        self.board_combo = QComboBox()
        self.board_combo.setAccessibleName("Saved boards")
        self.board_combo.setMinimumContentsLength(22)
        self.board_combo.addItem(STANDARD_NAME, STANDARD)
        self.board_combo.currentIndexChanged.connect(self._board_picked)
        board_label = QLabel("&Board")
        board_label.setBuddy(self.board_combo)
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Board name")
        self.name_edit.setPlaceholderText("e.g. My sponsor's board")
        self.name_edit.setMaxLength(120)
        self.name_edit.textEdited.connect(self._edited)
        name_label = QLabel("&Name")
        name_label.setBuddy(self.name_edit)
        self.save_button = QPushButton("&Save")
        self.save_button.setToolTip("Save the changes to this board (the standard board is saved as a new one)")
        self.save_as_button = QPushButton("Save as ne&w")
        self.rename_button = QPushButton("Rena&me")
        self.rename_button.setToolTip("Give the saved board the name typed here")
        self.delete_button = QPushButton("&Delete")
        self.save_button.clicked.connect(self.save)
        self.save_as_button.clicked.connect(self.save_as_new)
        self.rename_button.clicked.connect(self.rename)
        self.delete_button.clicked.connect(self.delete)
        top = QHBoxLayout()
        top.addWidget(board_label)
        top.addWidget(self.board_combo)
        top.addSpacing(12)
        top.addWidget(name_label)
        top.addWidget(self.name_edit, 1)
        for button in (self.save_button, self.save_as_button, self.rename_button, self.delete_button):
            button.setAutoDefault(False)
            top.addWidget(button)

        intro = QLabel("Five seats, as on the real board. A seat taken by a real person in the room is only "
                       "shown to you, never spoken. Ticked boxes say what a seat leans to; all ticked, it asks "
                       "anything.")
        intro.setWordWrap(True)

        voices = voice.voice_list(short=True) if voice is not None else []
        labels = dict(voices)
        self.cards: dict[str, SeatCard] = {}
        seats_box = QWidget()
        row = QHBoxLayout(seats_box)
        row.setContentsMargins(0, 0, 0, 0)
        for seat_id in SEAT_IDS:
            own = voice_settings(seat_id, self._prefs.voices.get(seat_id)).voice
            card = SeatCard(seat_id, voices, labels.get(own, own))
            card.changed.connect(self._edited)
            card.preview_requested.connect(self._preview)
            card.preview_button.setEnabled(voice is not None)
            row.addWidget(card, 1)
            self.cards[seat_id] = card
        scroll = QScrollArea()
        scroll.setWidget(seats_box)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        scroll.setMinimumHeight(seats_box.sizeHint().height() + 4)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Board message")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.use_button = buttons.addButton("&Use this board", QDialogButtonBox.ButtonRole.AcceptRole)
        self.use_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(900)  # narrower screens scroll the seats sideways
        screen = self.screen().availableGeometry().width() if self.screen() is not None else 1400
        self.resize(min(max(1320, seats_box.sizeHint().width() + 48), 1400, screen), self.sizeHint().height())

        self._show_board(default_board())
        self._update_buttons()
        self._refresh(select=_as_id(self._prefs.board))

    # -- what the caller reads ---------------------------------------------
    def board(self) -> Board:
        """The board chosen (after accept) or, before, the one on screen as far as it is valid."""
        if self._chosen is not None:
            return self._chosen
        board, _problem = self._board_on_screen()
        return board if board is not None else default_board()

    def board_id(self) -> int | None:
        """The saved board on screen, or None for the standard board."""
        return self._current_id or None

    def preferences(self) -> Preferences:
        """The preferences with the last used board, as remembered on accept."""
        return copy.deepcopy(self._prefs)

    def is_changed(self) -> bool:
        return self._dirty

    # -- the editor ----------------------------------------------------------
    def _show_board(self, board: Board) -> None:
        self._filling = True
        try:
            self.name_edit.setText(board.name)
            for seat in board.seats:
                self.cards[seat.seat].set_seat(seat)
        finally:
            self._filling = False
        self._dirty = False

    def _board_on_screen(self) -> tuple[Board | None, tuple[str, QWidget] | None]:
        name = self.name_edit.text().strip()
        if not name:
            return None, ("Give the board a name, such as the sponsor's it copies.", self.name_edit)
        for card in self.cards.values():
            problem = card.problem()
            if problem is not None:
                return None, problem
        board = Board(name, tuple(card.seat() for card in self.cards.values()))
        try:  # the same rules the store's readers apply
            return Board.from_dict(board.to_dict()), None
        except BoardError as error:
            return None, (f"This board cannot be used: {error}.", self.name_edit)

    def _checked_board(self, *, new_name: bool) -> Board | None:
        board, problem = self._board_on_screen()
        if problem is None and board is not None:
            problem = self._name_problem(board.name, None if new_name else self._current_id)
        if problem is not None:
            self._say(problem[0], error=True)
            problem[1].setFocus()
            return None
        return board

    def _name_problem(self, name: str, keep_id: int | None) -> tuple[str, QWidget] | None:
        if name.casefold() == STANDARD_NAME.casefold():
            return (f"“{STANDARD_NAME}” is the built-in board; give yours its own name.", self.name_edit)
        for board_id, stored in self._boards.items():
            if board_id != keep_id and stored.name.casefold() == name.casefold():
                return f"Another saved board is called “{stored.name}”; choose another name.", self.name_edit
        return None

    def _edited(self, *_args) -> None:
        if not self._filling:
            self._dirty = True
            self._say("")

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b3261e;" if error else "")

    def _update_buttons(self) -> None:
        saved = self._current_id != STANDARD
        self.rename_button.setEnabled(saved)
        self.delete_button.setEnabled(saved)

    def _preview(self, seat_id: str, voice_id: str) -> None:
        if self._voice is not None:
            self._voice.preview_voice(seat_id, voice_id)

    # -- saved boards ----------------------------------------------------------
    def _refresh(self, select: int | None = None) -> None:
        self._store.submit(lambda store: store.list_boards(), lambda boards: self._listed(boards, select),
                           self._failed("list the saved boards"), what="Listing the saved boards")

    def _listed(self, boards: list[StoredBoard], select: int | None) -> None:
        self._boards = {b.id: b for b in boards}
        target = select if select in self._boards else (
            self._current_id if self._current_id in self._boards else STANDARD)
        self._fill_combo(boards, target)
        if target != self._current_id or select is not None:
            self._open(target)
        self.boards_loaded.emit()

    def _fill_combo(self, boards: list[StoredBoard], current: int) -> None:
        """The standard board, then the saved ones by name; `current` chosen, without opening it."""
        self.board_combo.blockSignals(True)
        try:
            self.board_combo.clear()
            self.board_combo.addItem(STANDARD_NAME, STANDARD)
            for stored in sorted(boards, key=lambda b: b.name.casefold()):
                self.board_combo.addItem(stored.name, stored.id)
            self.board_combo.setCurrentIndex(max(self.board_combo.findData(current), 0))
        finally:
            self.board_combo.blockSignals(False)

    def _open(self, board_id: int) -> None:
        self._current_id = board_id
        self._update_buttons()
        if board_id == STANDARD:
            self._show_board(default_board())
            return
        try:
            self._show_board(Board.from_dict(self._boards[board_id].body))
        except BoardError as error:
            log.warning("saved board %s cannot be read: %s", board_id, error)
            self._show_board(default_board(self._boards[board_id].name))
            self._say(f"This saved board could not be read ({error}), so the standard seats are shown.",
                      error=True)

    def _board_picked(self, index: int) -> None:
        board_id = self.board_combo.itemData(index)
        if board_id is None or board_id == self._current_id:
            return
        if self._dirty and not self._discard_ok():
            self.board_combo.blockSignals(True)
            self.board_combo.setCurrentIndex(max(self.board_combo.findData(self._current_id), 0))
            self.board_combo.blockSignals(False)
            return
        self._say("")
        self._open(board_id)

    def save(self) -> None:
        """Save the changes into the board on screen; the standard board becomes a new saved board."""
        if self._current_id == STANDARD:
            self.save_as_new()
            return
        board = self._checked_board(new_name=False)
        if board is not None:
            self._write(board, self._current_id)

    def save_as_new(self) -> None:
        board = self._checked_board(new_name=True)
        if board is not None:
            self._write(board, None)

    def _write(self, board: Board, board_id: int | None) -> None:
        body = board.to_dict()

        def done(saved_id: int) -> None:
            self._dirty = False
            self._say(f"Saved “{board.name}”.")
            self._current_id = saved_id
            self._refresh(select=saved_id)
            self.saved.emit(saved_id)
        self._store.submit(lambda store: store.save_board(body, board_id), done, self._failed("save the board"),
                           what="Saving a board")

    def rename(self) -> None:
        """Give the saved board on screen the typed name, leaving its stored seats as they are."""
        board_id = self._current_id
        if board_id == STANDARD:
            return
        name = self.name_edit.text().strip()
        problem = (("Type the new name first.", self.name_edit) if not name
                   else self._name_problem(name, board_id))
        if problem is not None:
            self._say(problem[0], error=True)
            self.name_edit.setFocus()
            return
        old = self._boards[board_id].name
        seats_changed = self._dirty

        def work(store) -> int:
            body = dict(store.get_board(board_id).body)
            body["name"] = name
            return store.save_board(body, board_id)

        def done(saved_id: int) -> None:
            self._say(f"Renamed “{old}” to “{name}”.")
            self._listed_keep_edits(saved_id, seats_changed)
            self.saved.emit(saved_id)
        self._store.submit(work, done, self._failed("rename the board"), what="Renaming a board")

    def _listed_keep_edits(self, board_id: int, seats_changed: bool) -> None:
        """After a rename: list again, keeping unsaved seat edits on screen."""
        def listed(boards: list[StoredBoard]) -> None:
            self._boards = {b.id: b for b in boards}
            self._fill_combo(boards, board_id)
            self._dirty = seats_changed
            self.boards_loaded.emit()
        self._store.submit(lambda store: store.list_boards(), listed, self._failed("list the saved boards"),
                           what="Listing the saved boards")

    def delete(self) -> None:
        board_id = self._current_id
        if board_id == STANDARD:
            return
        name = self._boards[board_id].name
        answer = QMessageBox.question(self, "Delete board", f"Delete the saved board “{name}”? Past panels keep "
                                      "their own copy of it.")
        if answer != QMessageBox.StandardButton.Yes:
            return

        def done(_result) -> None:
            self._say(f"Deleted “{name}”.")
            self._current_id = STANDARD
            self._refresh(select=STANDARD)
        self._store.submit(lambda store: store.delete_board(board_id), done, self._failed("delete the board"),
                           what="Deleting a board")

    def _failed(self, doing: str) -> Callable[[BaseException], None]:
        def failed(error: BaseException) -> None:
            log.error("could not %s", doing, exc_info=error)
            self._say(f"Could not {doing}: {error}.", error=True)
        return failed

    # -- closing -------------------------------------------------------------------
    def _discard_ok(self) -> bool:
        answer = QMessageBox.question(self, "Unsaved changes", "Discard the changes to this board?",
                                      QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard

    def accept(self) -> None:
        board, problem = self._board_on_screen()
        if problem is not None or board is None:
            if problem is not None:
                self._say(problem[0], error=True)
                problem[1].setFocus()
            return
        self._chosen = board
        self._prefs.board = str(self._current_id) if self._current_id != STANDARD else ""
        if self._save_prefs is not None:
            self._save_prefs(self.preferences())
        super().accept()

    def reject(self) -> None:
        """Esc and Cancel: unsaved edits are only dropped after asking."""
        if self._dirty and not self._discard_ok():
            return
        super().reject()


def _as_id(text: str) -> int | None:
    try:
        value = int(text)
    except (TypeError, ValueError):
        return None
    return value if value > 0 else None
