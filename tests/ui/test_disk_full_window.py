"""The disk fills up in the middle of an answer: the defense window says so in one
sentence, the answer stops, what was recorded decodes and is transcribed, and the
session ends normally. Real window, real microphone (the virtual one), and a real
tiny filesystem for the recordings when the tests run as root (else a file that
fails like one)."""

from __future__ import annotations

import errno
import os
import re
import subprocess

import pytest
import soundfile as sf
from conftest import speak_into_microphone
from failing_files import FailsAt
from PySide6.QtCore import Qt

from erbsim.core import engine as eng
from erbsim.core.store import Store

pytestmark = [pytest.mark.audio, pytest.mark.slow]

ROOM = 24 * 1024  # about 6 s of Opus


@pytest.fixture
def small_recordings(data_home):
    """("mounted", folder): a 24 KiB tmpfs on <data>/recordings; ("injected", folder) without root."""
    folder = data_home / "recordings"
    folder.mkdir(parents=True)
    mounted = None
    if os.geteuid() == 0:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={ROOM}", "tmpfs", str(folder)],
                                 capture_output=True)
    if mounted is not None and mounted.returncode == 0:
        yield "mounted", folder
        subprocess.run(["umount", "-l", str(folder)], check=True)
    else:
        yield "injected", folder


def test_a_full_disk_mid_answer_stops_it_and_keeps_the_audio(qtbot, make_window, fake_clock, data_home,
                                                            small_recordings):
    how, folder = small_recordings
    window = make_window()
    if how == "injected":
        window.services.recorder._recorder._opener = lambda path: FailsAt(path, ROOM, errno.ENOSPC)
    window.home.follow_ups_spin.setValue(0)
    qtbot.keyClick(window.home, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.controller is not None and window.defense.count_label.text() == "Question 1")
    controller = window.controller
    qtbot.waitUntil(lambda: not window.services.voice.is_busy(), timeout=20000)

    qtbot.keyClick(window.defense, Qt.Key.Key_Space)
    assert window.defense.answer_button.text() == "Stop answer"
    player = speak_into_microphone("long_sonnet001.wav")
    try:
        with qtbot.waitSignal(controller.transcript_saved, timeout=60000) as saved:
            qtbot.waitUntil(lambda: "disk is full" in window.defense.warning_label.text(), timeout=40000)
    finally:
        player.kill()
        player.wait()
    said = window.defense.warning_label.text()
    match = re.fullmatch(r"The disk is full: the answer was stopped at 0:(\d\d) and what was recorded is kept\.", said)
    assert match, said
    stopped_at = int(match.group(1))
    assert controller.session.phase is not eng.Phase.ANSWERING
    assert window.defense.answer_button.text() == "Start answer"
    assert window.defense.status_label.text() == "Answer saved"  # the database was not full: it is

    with Store(data_root=data_home) as store:
        turn = store.get_turn(saved.args[0])
    assert turn.answer_started_s is not None and turn.answer_ended_s is not None
    assert turn.transcript_text.strip()  # what was recorded is transcribed
    audio, rate = sf.read(str(data_home / turn.audio_path))
    assert stopped_at - 1.5 <= len(audio) / rate <= stopped_at + 1  # everything written up to the stop decodes
    assert (data_home / turn.audio_path).stat().st_size <= ROOM

    qtbot.keyClick(window.defense, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window._end_box is not None)
    [b for b in window._end_box.buttons() if b.text() == "End session"][0].click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.summary, timeout=10000)
    with Store(data_root=data_home) as store:
        (summary,) = store.list_sessions()
    assert summary.status == "finished"
