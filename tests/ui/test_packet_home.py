"""The packet in the main window: Ctrl+P opens the editor, the home view's packet choice reaches the defense plan."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from test_packet_editor import seed, strong_example

from erbsim.core.packet import Packet


@pytest.fixture
def build_window(qtbot, settings_store, data_home):
    """The app's main window over the real services, without loading the speech model."""
    from erbsim.ui.main_window import MainWindow
    from erbsim.ui.services import Services

    windows = []

    def build():
        window = MainWindow(Services(settings_store, load_model=False))
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        windows.append(window)
        return window

    yield build
    for window in windows:
        if window.isVisible():
            window.close()


def choose(combo, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, f"{text!r} is not offered"
    combo.setCurrentIndex(index)


def start_and_capture(qtbot, window, monkeypatch) -> object:
    plans = []
    monkeypatch.setattr(window, "_run", lambda plan, scores: plans.append(plan))  # the plan, not a defense
    qtbot.keyClick(window.home, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(plans) == 1)
    return plans[0]


def test_the_chosen_packet_goes_into_the_defense_plan_and_is_remembered(qtbot, build_window, data_home,
                                                                        settings_store, monkeypatch):
    autumn, _draft = seed(data_home, Packet("ERB 2026 autumn", "Wang Jing", examples=(strong_example(),)),
                         Packet("Empty draft"))
    window = build_window()
    home = window.home
    qtbot.waitUntil(lambda: home.packet_combo.count() == 3)
    # The most recently edited packet is offered first; with no examples there is nothing to centre on.
    assert home.packet_combo.currentText() == "Empty draft (0 examples)"
    assert not home.packet_focus_check.isEnabled()
    choose(home.packet_combo, "ERB 2026 autumn (1 example)")
    assert home.packet_focus_check.isEnabled()
    home.packet_focus_check.setChecked(True)

    plan = start_and_capture(qtbot, window, monkeypatch)
    assert plan.packet_id == autumn
    assert plan.packet.name == "ERB 2026 autumn"
    assert plan.packet.examples == (strong_example(),)
    assert plan.packet_focus is True
    prefs = settings_store.load()
    assert (prefs.packet, prefs.packet_focus) == (str(autumn), True)

    # The next start of the app offers the same choice, though another packet was edited since.
    window.close()
    again = build_window()
    qtbot.waitUntil(lambda: again.home.packet_combo.count() == 3)
    assert again.home.packet_combo.currentData() == autumn
    assert again.home.packet_focus_check.isChecked()

    choose(again.home.packet_combo, "No packet (general questions)")
    assert not again.home.packet_focus_check.isEnabled()
    plan = start_and_capture(qtbot, again, monkeypatch)
    assert (plan.packet, plan.packet_id, plan.packet_focus) == (None, None, False)
    assert settings_store.load().packet == "none"


def test_ctrl_p_opens_the_editor_on_the_chosen_packet_and_esc_closes_it(qtbot, build_window, data_home):
    autumn, _spring = seed(data_home, Packet("ERB 2026 autumn", examples=(strong_example(),)),
                           Packet("ERB 2027 spring"))
    window = build_window()
    qtbot.waitUntil(lambda: window.home.packet_combo.count() == 3)
    choose(window.home.packet_combo, "ERB 2026 autumn (1 example)")
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.packet_editor is not None and window.packet_editor.isVisible())
    editor = window.packet_editor
    qtbot.waitUntil(lambda: editor.name_edit.text() == "ERB 2026 autumn")
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    qtbot.keyClicks(editor.name_edit, " (revised)")
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: editor.status.text().startswith("Saved"))
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.packet_editor is None)
    # The home view offers the packet under its new name, still chosen.
    qtbot.waitUntil(lambda: window.home.packet_combo.currentText() == "ERB 2026 autumn (revised) (1 example)")
    assert window.home.packet_combo.currentData() == autumn
