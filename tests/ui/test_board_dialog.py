"""Setting up a panel's board: named boards in a real store, seats edited and read back, previews spoken."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from erbsim.core.board import Board, default_board
from erbsim.speech.synthesis import SpeechSynthesizer
from erbsim.ui.board_voice import PREVIEW_TEXT, BoardVoice, voice_settings
from erbsim.ui.bridge import FutureBridge
from erbsim.ui.panel.board_dialog import BoardDialog
from erbsim.ui.settings_store import Preferences
from erbsim.ui.store_client import StoreClient


@pytest.fixture
def panel_bridge(qapp):
    return FutureBridge()


@pytest.fixture
def boards_store(tmp_path, panel_bridge):
    client = StoreClient(tmp_path / "data", panel_bridge)
    client.opened.result(20)
    yield client
    client.close()


@pytest.fixture
def synth(tmp_path):
    return SpeechSynthesizer(tmp_path / "speech")


@pytest.fixture
def voice(panel_bridge, synth):
    board_voice = BoardVoice(panel_bridge, Preferences(), synth)
    yield board_voice
    board_voice.shutdown()


@pytest.fixture
def open_dialog(qtbot, boards_store, voice):
    """A shown BoardDialog whose saved boards are listed; remembered preferences land in `saved_prefs`."""
    saved_prefs: list[Preferences] = []

    def make(prefs: Preferences | None = None) -> BoardDialog:
        dialog = BoardDialog(boards_store, voice, prefs or Preferences(), save_prefs=saved_prefs.append)
        qtbot.addWidget(dialog)
        with qtbot.waitSignal(dialog.boards_loaded, timeout=10000):
            dialog.show()
        return dialog

    make.saved_prefs = saved_prefs
    yield make
    boards_store.wait_until_idle()


def stored_boards(store: StoreClient) -> list[Board]:
    return [Board.from_dict(b.body) for b in store.submit(lambda s: s.list_boards()).result(10)]


def type_name(qtbot, edit, text: str) -> None:
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def test_a_named_board_is_saved_and_opens_again_next_time(qtbot, open_dialog, boards_store):
    dialog = open_dialog()
    assert dialog.name_edit.text() == "Standard board"
    type_name(qtbot, dialog.name_edit, "My sponsor's board")
    with qtbot.waitSignal(dialog.saved, timeout=10000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.board_combo.currentText() == "My sponsor's board")
    assert [b.name for b in stored_boards(boards_store)] == ["My sponsor's board"]
    dialog.accept()
    assert dialog.board().name == "My sponsor's board"
    assert open_dialog.saved_prefs[-1].board == str(saved.args[0])

    again = open_dialog(open_dialog.saved_prefs[-1])
    assert again.board_combo.currentText() == "My sponsor's board"
    assert again.board_id() == saved.args[0]
    assert [again.board_combo.itemText(i) for i in range(again.board_combo.count())] == [
        "Standard board", "My sponsor's board"]


def test_seat_edits_round_trip_through_the_store(qtbot, open_dialog, boards_store):
    dialog = open_dialog()
    type_name(qtbot, dialog.name_edit, "Rita in the room")
    gm = dialog.cards["gm"]
    gm.person_check.click()
    assert not gm.voice_combo.isEnabled()
    fellow = dialog.cards["tech_fellow"]
    fellow.voice_combo.setFocus()
    index = fellow.voice_combo.findData("gmw/en-gb-x-rp+f3")
    fellow.voice_combo.setCurrentIndex(index)
    fellow.voice_combo.activated.emit(index)  # as a pick from the list does
    talent = dialog.cards["talent_lead"]
    type_name(qtbot, talent.role_edit, "HR business partner of the candidate's unit")
    talent.category_checks["strategy"].click()  # was: asks anything
    talent.track_combo.setCurrentIndex(talent.track_combo.findData("principal"))
    talent.track_combo.activated.emit(talent.track_combo.currentIndex())
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.save()

    saved = stored_boards(boards_store)[0]
    assert saved.seat("gm").person is True
    assert saved.seat("tech_fellow").voice == "gmw/en-gb-x-rp+f3"
    seat = saved.seat("talent_lead")
    assert (seat.role, seat.categories, seat.track) == (
        "HR business partner of the candidate's unit", ("trade_offs", "replication"), "principal")
    assert saved.seat("cpo") == default_board().seat("cpo")  # untouched seats stay as they were

    dialog.accept()
    again = open_dialog(open_dialog.saved_prefs[-1])
    assert again.board() == saved
    assert again.cards["gm"].person_check.isChecked()
    assert again.cards["tech_fellow"].voice_combo.currentData() == "gmw/en-gb-x-rp+f3"
    assert not again.cards["talent_lead"].category_checks["strategy"].isChecked()


def test_a_seat_without_a_name_is_not_saved_and_says_why(qtbot, open_dialog, boards_store):
    dialog = open_dialog()
    type_name(qtbot, dialog.name_edit, "Half a board")
    dialog.cards["peer_exec"].name_edit.clear()
    dialog.cards["peer_exec"].name_edit.textEdited.emit("")
    dialog.save()
    assert dialog.message.text() == "Seat 2 needs a name: the candidate sees it on screen."
    dialog.accept()
    assert dialog.isVisible()
    boards_store.wait_until_idle()
    assert stored_boards(boards_store) == []


def test_names_must_differ_from_the_standard_and_other_saved_boards(qtbot, open_dialog, boards_store):
    boards_store.submit(lambda s: s.save_board(default_board("Sponsor").to_dict())).result(10)
    dialog = open_dialog()
    dialog.save()  # still called "Standard board"
    assert dialog.message.text() == "“Standard board” is the built-in board; give yours its own name."
    type_name(qtbot, dialog.name_edit, "sponsor")
    dialog.save_as_new()
    assert dialog.message.text() == "Another saved board is called “Sponsor”; choose another name."
    assert [b.name for b in stored_boards(boards_store)] == ["Sponsor"]


def test_rename_and_delete_a_saved_board(qtbot, open_dialog, boards_store, monkeypatch):
    board_id = boards_store.submit(lambda s: s.save_board(default_board("Sponsor").to_dict())).result(10)
    dialog = open_dialog(Preferences(board=str(board_id)))
    assert dialog.name_edit.text() == "Sponsor"
    type_name(qtbot, dialog.name_edit, "Sponsor, March")
    with qtbot.waitSignal(dialog.boards_loaded, timeout=10000):
        dialog.rename()
    assert dialog.board_combo.currentText() == "Sponsor, March"
    assert [b.name for b in stored_boards(boards_store)] == ["Sponsor, March"]

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(dialog.boards_loaded, timeout=10000):
        dialog.delete()
    assert stored_boards(boards_store) == []
    assert dialog.board_combo.currentText() == "Standard board"
    assert dialog.board() == default_board()
    assert not dialog.delete_button.isEnabled()


def test_escape_asks_before_dropping_changes(qtbot, open_dialog, monkeypatch):
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    asked = []

    def question(*args, **kwargs):
        asked.append(args[2])
        return answers.pop(0)
    monkeypatch.setattr(QMessageBox, "question", question)
    dialog = open_dialog()
    dialog.cards["cpo"].person_check.click()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # "Cancel": keep editing
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert asked == ["Discard the changes to this board?"] * 2
    assert dialog.result() == BoardDialog.DialogCode.Rejected


def test_escape_without_changes_closes_at_once(qtbot, open_dialog, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("nothing changed: no question"))
    dialog = open_dialog()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


@pytest.mark.audio
def test_preview_speaks_in_the_voice_on_the_card(qtbot, open_dialog, voice, synth):
    dialog = open_dialog()
    card = dialog.cards["peer_exec"]
    card.voice_combo.setCurrentIndex(card.voice_combo.findData("gmw/en-us+m3"))
    with qtbot.waitSignal(voice.spoken, timeout=30000) as spoken:
        qtbot.mouseClick(card.preview_button, Qt.MouseButton.LeftButton)
    assert spoken.args == [PREVIEW_TEXT]
    expected = voice_settings("peer_exec", None, "gmw/en-us+m3")
    assert synth.cached_path(PREVIEW_TEXT, expected).exists()
    assert len(list(synth.cache_folder.glob("*.wav"))) == 1


def test_every_control_is_reached_with_tab(qtbot, open_dialog):
    dialog = open_dialog()
    dialog.activateWindow()
    dialog.board_combo.setFocus()
    qtbot.waitUntil(lambda: dialog.board_combo.hasFocus())
    reached = []
    for _ in range(80):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        reached.append(dialog.focusWidget())
        if dialog.focusWidget() is dialog.board_combo:
            break
    card = dialog.cards["talent_lead"]
    wanted = [dialog.name_edit, dialog.save_button, dialog.save_as_button,
              card.name_edit, card.role_edit, card.voice_combo, card.preview_button, card.person_check,
              card.dimension_checks["talent_multiplier"], card.category_checks["replication"], card.track_combo,
              dialog.use_button]
    assert [w for w in wanted if w not in reached] == []
