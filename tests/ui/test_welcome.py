"""The first-run welcome: microphone level and a spoken test played back (real sound server),
one board voice heard, where data is kept, the speech model's progress, a 5-minute practice,
and when the app opens it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from shared_data import clip

from erbsim.speech.transcription import plain_words

pytestmark = [pytest.mark.audio, pytest.mark.slow]


def welcome_action(window):
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    return next(a for a in help_menu.actions() if a.text() == "&Welcome…")


def open_from_help(qtbot, window):
    from erbsim.ui.welcome import WelcomeDialog

    welcome_action(window).trigger()
    qtbot.waitUntil(lambda: window.findChild(WelcomeDialog, "welcomeDialog") is not None, timeout=5000)
    dialog = window.findChild(WelcomeDialog, "welcomeDialog")
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    return dialog


class Speaker:
    """What comes out of the virtual speaker, 16 kHz mono, as `parec` hears it."""

    def __init__(self, path: Path):
        self.path = path
        self._file = open(path, "wb")  # noqa: SIM115 - closed in stop()
        self._proc = subprocess.Popen(["parec", "-d", "vspeaker_loop", "--latency-msec=20", "--raw",
                                       "--format=s16le", "--rate=16000", "--channels=1"], stdout=self._file)

    def listening(self) -> bool:
        return self.path.stat().st_size > 0  # the idle speaker streams silence once parec is connected

    def samples(self) -> np.ndarray:
        data = self.path.read_bytes()
        return np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2").astype(np.float32) / 32768

    def stop(self) -> None:
        self._proc.terminate()
        self._proc.wait(5)
        self._file.close()


@pytest.fixture
def speaker(tmp_path):
    heard = Speaker(tmp_path / "speaker.raw")
    yield heard
    heard.stop()


def test_the_level_moves_with_the_voice_and_the_spoken_test_is_played_back(
        qtbot, make_window, play_into, speaker, whisper, settings_store):
    window = make_window()
    dialog = open_from_help(qtbot, window)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal  # one user of the microphone at a time
    dialog.next_button.click()
    mic = dialog.mic
    assert dialog.pages.currentWidget() is mic and dialog.step.text() == "Step 2 of 5"
    qtbot.waitUntil(lambda: mic.listener.is_listening, timeout=5000)
    # Nobody speaks yet: the microphone delivers silence and the bar stays down.
    with qtbot.waitSignal(mic.listener.level, timeout=10_000, check_params_cb=lambda _rms, peak: peak < 0.01):
        pass
    assert mic.meter.level() < 0.01
    player = play_into(clip("jfk_inaugural"))
    qtbot.waitUntil(lambda: mic.meter.level() > 0.1, timeout=10_000)
    player.kill()
    player.wait(5)

    # The spoken test: recorded for 5 s while the person speaks, then played back to the speaker.
    qtbot.waitUntil(speaker.listening, timeout=5000)
    mic.record_button.click()
    assert mic.recorder.is_recording and mic.record_button.text() == "&Stop the test"
    qtbot.waitUntil(lambda: mic.recorder.seconds > 0, timeout=10_000)  # Qt has reached the sound server
    play_into(clip("jfk_inaugural"))
    with qtbot.waitSignal(mic.recorder.stopped, timeout=15_000):
        pass
    assert mic.status.text().startswith("Recorded 5 seconds. Playing it back")
    with qtbot.waitSignal(mic.player.finished, timeout=20_000):
        pass
    assert mic.status.text().startswith("That was your test.")
    recorded = whisper.transcribe(mic.test_path).text
    # What came out of the speaker after the test was recorded is the test itself, words and all.
    heard_audio = speaker.samples()
    qtbot.waitUntil(lambda: len(speaker.samples()) > len(heard_audio) + 8000, timeout=5000)  # the tail played out
    heard = whisper.transcribe(speaker.samples()[-16000 * 12:]).text
    shared = set(plain_words(recorded)) & set(plain_words(heard)) & {"and", "so", "my", "fellow", "americans", "ask",
                                                                      "not", "what", "your", "country"}
    assert len(shared) >= 3, f"recorded {recorded!r}, heard {heard!r}"
    test_folder = mic.test_path.parent
    assert test_folder.is_dir()

    QTest.keyClick(dialog, Qt.Key.Key_Escape)  # Esc closes the welcome
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert not test_folder.exists()  # the test recording is the person's voice: it is not kept
    assert settings_store.load().welcome_shown


def test_silence_gets_the_microphone_verdict_and_no_playback(qtbot, open_window):
    window = open_window()
    dialog = open_from_help(qtbot, window)
    dialog.show_page(dialog.mic)
    mic = dialog.mic
    with qtbot.assertNotEmitted(mic.player.started, wait=200):
        with qtbot.waitSignal(mic.recorder.stopped, timeout=15_000):
            mic.record_button.click()
    assert "delivers silence" in mic.status.text()
    assert mic.play_button.isEnabled()  # it can still be listened to
    dialog.reject()


def test_without_a_microphone_the_page_says_so(qtbot):
    from erbsim.ui.welcome.mic_page import NO_MICROPHONE, MicPage

    page = MicPage([], "")
    qtbot.addWidget(page)
    page.show()
    page.start_listening()
    assert page.status.text() == NO_MICROPHONE
    assert not page.record_button.isEnabled() and not page.listener.is_listening


def test_a_board_voice_is_heard(qtbot, open_window, speaker):
    window = open_window()
    dialog = open_from_help(qtbot, window)
    dialog.show_page(dialog.voice)
    qtbot.waitUntil(speaker.listening, timeout=5000)
    voice = dialog.voice
    with qtbot.waitSignal(window.services.voice.spoken, timeout=30_000):
        voice.play_button.click()
    assert voice.status.text().startswith("That is how the board sounds")
    qtbot.waitUntil(lambda: np.abs(speaker.samples()).max() > 0.1, timeout=5000)
    dialog.reject()


def test_a_voice_that_cannot_be_rendered_is_told_in_one_sentence(qtbot, open_window, monkeypatch):
    from erbsim.speech.synthesis import SpeechUnavailable

    window = open_window()
    board = window.services.voice
    monkeypatch.setattr(board._synth, "render", lambda text, voice: _failed(SpeechUnavailable(
        "no speech engine is installed")))
    monkeypatch.setattr(window, "_voice_unavailable", lambda reason: None)  # the window's own box
    dialog = open_from_help(qtbot, window)
    dialog.show_page(dialog.voice)
    dialog.voice.play_button.click()
    qtbot.waitUntil(lambda: "could not be played" in dialog.voice.status.text(), timeout=10_000)
    assert dialog.voice.status.text() == ("The board's voice could not be played (no speech engine is installed), "
                                          "so questions will be shown as text.")
    dialog.reject()


def _failed(error):
    from concurrent.futures import Future

    future = Future()
    future.set_exception(error)
    return future


def test_the_data_page_names_the_real_folder(qtbot, open_window, data_home):
    window = open_window()
    dialog = open_from_help(qtbot, window)
    dialog.show_page(dialog.data)
    text = dialog.data.findChild(type(dialog.step), "dataFolder").text()
    assert str(data_home) in text and str(data_home / "erbsim.log") in text
    assert data_home.is_dir()
    dialog.reject()


def test_the_speech_model_loads_with_visible_progress(qtbot, settings_store, data_home):
    from erbsim.speech.transcription import WhisperTranscriber
    from erbsim.ui.main_window import MainWindow
    from erbsim.ui.services import Services
    from erbsim.ui.welcome import open_welcome

    services = Services(settings_store, transcriber=WhisperTranscriber(), load_model=False)
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    dialog = open_welcome(window)
    assert dialog.model_label.text() == "Loading the speech model…"
    assert dialog.model_progress.isVisible() and dialog.model_progress.maximum() == 0  # busy
    services.load_model()
    qtbot.waitUntil(lambda: dialog.model_label.text() == "Speech model tiny.en ready", timeout=60_000)
    assert not dialog.model_progress.isVisible()
    dialog.reject()
    window.close()


def test_a_model_that_cannot_load_is_told(qtbot, settings_store, data_home):
    from erbsim.speech.transcription import WhisperTranscriber
    from erbsim.ui.main_window import MainWindow
    from erbsim.ui.services import Services
    from erbsim.ui.welcome import open_welcome

    services = Services(settings_store, transcriber=WhisperTranscriber("no-such-model"), load_model=False)
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    dialog = open_welcome(window)
    services.load_model()
    qtbot.waitUntil(lambda: "failed to load" in dialog.model_label.text(), timeout=30_000)
    assert dialog.model_label.text().startswith("Speech model failed to load: unknown Whisper model 'no-such-model'")
    assert not dialog.model_progress.isVisible()
    dialog.reject()
    window.close()


def test_the_practice_is_a_five_minute_solo_defense(qtbot, make_window):
    window = make_window()
    services = window.services
    assert window.home.minutes_spin.value() == 45
    dialog = open_from_help(qtbot, window)
    dialog.show_page(dialog.practice)
    dialog.practice.start_button.click()
    qtbot.waitUntil(lambda: window.controller is not None, timeout=10_000)
    from erbsim.ui.welcome import WelcomeDialog

    qtbot.waitUntil(lambda: window.findChild(WelcomeDialog) is None, timeout=5000)  # closed, and gone
    assert window.stack.currentWidget() is window.defense
    assert window.controller.plan.minutes == 5
    qtbot.waitUntil(lambda: window.defense.clock_label.text() == "5:00", timeout=10_000)
    # The minutes chosen for real defenses are kept.
    assert services.settings.load().minutes == 45 and window.home.minutes_spin.value() == 45


SAID = ("showing the welcome", "no first-run welcome")


def app_log(home: Path) -> str:
    path = home / "erbsim.log"
    return path.read_text() if path.exists() else ""


@pytest.mark.parametrize("shown_before, flag, expected", [
    (False, [], "erbsim.ui.welcome: showing the welcome"),
    (False, ["--no-welcome"], "no first-run welcome: --no-welcome"),
    (True, [], "no first-run welcome: shown before"),
])
def test_the_app_opens_the_welcome_on_the_first_run_only(qtbot, tmp_path, shown_before, flag, expected):
    home, config = tmp_path / "home", tmp_path / "config"
    if shown_before:
        settings = QSettings(str(config / "erbsim" / "erbsim.conf"), QSettings.Format.IniFormat)
        settings.setValue("ui/welcome_shown", True)
        settings.sync()
    env = dict(os.environ, ERBSIM_HOME=str(home), XDG_CONFIG_HOME=str(config), QT_QPA_PLATFORM="offscreen")
    app = subprocess.Popen([sys.executable, "-m", "erbsim", *flag], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    try:
        qtbot.waitUntil(lambda: any(said in app_log(home) for said in SAID), timeout=60_000)
        text = app_log(home)
    finally:
        app.send_signal(signal.SIGTERM)
        app.wait(30)
    assert expected in text
    assert sum(text.count(said) for said in SAID) == 1  # shown, or skipped: never both
