"""Test set-up shared by every layer.

Order matters: the sound server must be running, with its environment set,
before anything creates a QApplication or asks QtMultimedia for devices (Qt
does not reconnect later), so it is started in pytest_configure.
"""

from __future__ import annotations

import faulthandler
import os
import sys
import tempfile
import threading
import time

import pytest
from hypothesis import settings as hypothesis_settings

# Property tests draw the same examples on every run (derandomize), so a clean
# machine in CI sees what the last run saw: a new failing example is found by
# changing a test, not by chance on someone else's run.
hypothesis_settings.register_profile("erbsim", derandomize=True, print_blob=True)
hypothesis_settings.load_profile("erbsim")

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


# Threads the app keeps for the whole process on purpose (by name prefix).
# Every other thread a test starts must be gone when the test ends.
PROCESS_WIDE_THREADS = (
    # The one pyttsx3 engine per driver (erbsim.speech.synthesis._EngineThread):
    # espeak-ng crashes with two engines in a process, so it is never stopped.
    "erbsim-tts",
    # erbsim.ui.audio.capture._PRESENCE_CHECKS: one module-level worker that asks
    # the sound server whether the microphone being recorded is still there.
    "erbsim-mic-check",
    # tqdm's monitor: faster-whisper's transcribe() makes a (disabled) tqdm bar
    # for every answer, and tqdm starts this thread on the first bar and keeps
    # it for the life of the process.
    "tqdm_monitor",
)
THREAD_GRACE_S = 5.0  # how long a thread that is finishing may take to end

# The folders every test must find as pytest_configure set them (a test may
# change them through monkeypatch, which puts them back).
WATCHED_ENVIRONMENT = ("ERBSIM_HOME", "XDG_CONFIG_HOME")


def _process_qt_events() -> None:
    """Let queued Qt work run, if this test run has a Qt application (core tests have none)."""
    qt_core = sys.modules.get("PySide6.QtCore")
    if qt_core is not None and qt_core.QCoreApplication.instance() is not None:
        qt_core.QCoreApplication.processEvents()


@pytest.fixture(autouse=True)
def no_leftover_threads():
    """Fail a test that leaves a thread (or an executor's worker) running, as napari's test suite does."""
    before = set(threading.enumerate())
    yield

    def leftovers() -> list[threading.Thread]:
        return [t for t in threading.enumerate()
                if t not in before and t.is_alive() and not t.name.startswith(PROCESS_WIDE_THREADS)]

    deadline = time.monotonic() + THREAD_GRACE_S
    while leftovers() and time.monotonic() < deadline:
        _process_qt_events()  # a thread may be waiting for the GUI thread to finish
        leftovers()[0].join(0.02)
    left = leftovers()
    if left:
        pytest.fail(f"the test left {len(left)} thread(s) running: "
                    + ", ".join(f"{t.name} ({getattr(t, '_target', None)})" for t in left), pytrace=False)


@pytest.fixture(autouse=True)
def environment_restored():
    """Fail a test that changes $ERBSIM_HOME or $XDG_CONFIG_HOME and leaves it so, then put it back:
    a later test would read and write another test's folder."""
    before = {name: os.environ.get(name) for name in WATCHED_ENVIRONMENT}
    yield
    changed = {name: os.environ.get(name) for name in WATCHED_ENVIRONMENT if os.environ.get(name) != before[name]}
    for name in changed:
        if before[name] is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before[name]
    if changed:
        pytest.fail("the test changed and left " + ", ".join(f"${k}={v!r}" for k, v in changed.items())
                    + " (use monkeypatch.setenv, or pass the folder as a parameter)", pytrace=False)


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
