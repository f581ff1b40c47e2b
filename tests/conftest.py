"""Test set-up shared by every layer.

Order matters: the sound server must be running, with its environment set,
before anything creates a QApplication or asks QtMultimedia for devices (Qt
does not reconnect later), so it is started in pytest_configure.
"""

from __future__ import annotations

import faulthandler
import os
import tempfile

import pytest

# A test that hangs ends the run after this long, printing every thread's
# stack. faulthandler's watchdog is a C thread: it fires even when the main
# thread is stuck inside Qt holding the GIL, where a Python timer (as in
# pytest-timeout) never gets to run.
TEST_LIMIT_S = float(os.environ.get("ERBSIM_TEST_LIMIT_S", "240"))
_watchdog_out = None  # the real stderr: during a test, fd 2 is pytest's capture file

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false")


def pytest_configure(config):
    global _watchdog_out
    _watchdog_out = os.fdopen(os.dup(2), "w")  # capture is suspended here
    # Never touch the user's real data folder or settings.
    home = tempfile.mkdtemp(prefix="erbsim-test-home-")
    os.environ["ERBSIM_HOME"] = home
    os.environ["XDG_CONFIG_HOME"] = os.path.join(home, "config")
    try:
        import audio_server
    except ImportError:
        return
    audio_server.ensure_sound_server()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    faulthandler.dump_traceback_later(TEST_LIMIT_S, exit=True, file=_watchdog_out)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


def pytest_sessionfinish(session, exitstatus):
    # Shutting down (Qt, the sound server, worker threads) must not hang either.
    faulthandler.dump_traceback_later(TEST_LIMIT_S, exit=True, file=_watchdog_out)


@pytest.fixture(scope="session")
def whisper():
    """The real tiny.en model, loaded once for the whole run (as the app loads it once)."""
    from erbsim.speech.transcription import WhisperTranscriber

    transcriber = WhisperTranscriber()
    transcriber.load()
    return transcriber


@pytest.fixture(scope="session")
def synthesizer(tmp_path_factory):
    """The real pyttsx3 voice thread, rendering into a cache folder of this run."""
    from erbsim.speech.synthesis import SpeechSynthesizer

    tts = SpeechSynthesizer(tmp_path_factory.mktemp("speech-cache"))
    yield tts
    tts.close()
