"""A real database made by a recorded session, for the Review view tests.

Answers are spoken by espeak-ng, stored as FLAC the way the app records them,
and transcribed by the real Whisper model, so word timings are real. The data
folder is built once per test run and copied for each test.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pytest

T0 = datetime(2026, 8, 3, 9, 0, tzinfo=timezone.utc)
HOSTILE_CANDIDATE = 'Mei <script>alert("x")</script> & co'

WEAK = ("Um, so I led the launch of the new recommendation engine. The GM asked us to deliver it in Q4, "
        "and we shipped twelve features. Click through rate went up eighteen percent.")
STRONG_A = "Eight months before the new data rules took effect, I saw the risk to personalisation."
STRONG_B = ("On my own initiative I built a privacy first recommendation layer. Three business units adopted it, "
            "and it is now the standard for personalisation after consent.")
FOLLOW_UP = "Cainiao and Taobao use it. Their product heads said it saved a quarter of planning work."


def speak(text: str, folder: Path, name: str) -> np.ndarray:
    """16 kHz mono float32 samples of espeak-ng saying `text`."""
    import soundfile as sf

    from erbsim.speech.transcription import SAMPLE_RATE, resample

    wav = folder / f"{name}.wav"
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(wav), text], check=True, capture_output=True)
    samples, rate = sf.read(wav, dtype="float32", always_2d=False)
    if samples.ndim > 1:
        samples = samples.mean(axis=1)
    return resample(samples, rate, SAMPLE_RATE).astype("float32")


def record_answer(store, whisper, session_id: int, position: int, pieces: list[np.ndarray], work: Path,
                  **turn) -> int:
    """Store one answer as the app does: a FLAC per answer, transcribed with word timings."""
    import soundfile as sf

    from erbsim.speech.transcription import SAMPLE_RATE

    silence = np.zeros(int(SAMPLE_RATE * 2.6), dtype="float32")  # a pause over 2 s between pieces
    lead = np.zeros(int(SAMPLE_RATE * 0.4), dtype="float32")
    samples = np.concatenate([lead] + [p for piece in pieces for p in (piece, silence)][:-1] + [lead])
    relative, absolute = store.new_recording_path(session_id, f"answer-{position:03d}.flac")
    sf.write(absolute, samples, SAMPLE_RATE, format="FLAC")
    transcript = whisper.transcribe(absolute)
    duration = len(samples) / SAMPLE_RATE
    asked = 5.0 + 200.0 * (position - 1)
    turn_id = store.add_turn(session_id, position=position, asked_at_s=asked, answer_started_s=asked + 4,
                             answer_ended_s=asked + 4 + duration, audio_path=relative, **turn)
    store.set_transcript(turn_id, transcript.text,
                         [{"text": w.text, "start": w.start, "end": w.end, "probability": w.probability}
                          for w in transcript.words], engine=transcript.engine, model=transcript.model)
    return turn_id


# Qt objects left running ----------------------------------------------------------

def _running_qt_timers_and_threads() -> list:
    """Every QTimer still active and every QThread still running that Python made.

    The app makes all its timers and threads from Python, so walking the
    Python wrappers finds them wherever they hang: under a widget, a
    controller, Services (which has no parent widget), or nothing.
    """
    import gc

    import shiboken6
    from PySide6.QtCore import QThread, QTimer

    running = []
    for obj in gc.get_objects():
        if isinstance(obj, QTimer) and shiboken6.isValid(obj) and obj.isActive():
            running.append(obj)
        elif isinstance(obj, QThread) and shiboken6.isValid(obj) and obj.isRunning():
            running.append(obj)
    return running


def _describe(obj) -> str:
    owner = obj.parent()
    interval = f" every {obj.interval()} ms" if hasattr(obj, "interval") else ""
    return f"{type(obj).__name__}{interval} of {type(owner).__name__ if owner else 'no parent'}"


@pytest.fixture(autouse=True)
def no_running_qt_timers_or_threads():
    """Fail a test whose windows are closed (pytest-qt closes those given to addWidget
    before any fixture is torn down) while a QTimer still ticks or a QThread runs."""
    yield
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    app.processEvents()  # queued stops and deleteLater()s
    running = _running_qt_timers_and_threads()
    for obj in running:  # so the next test starts clean
        if isinstance(obj, QTimer):
            obj.stop()
        else:
            obj.quit()
            obj.wait(5000)
    if running:
        pytest.fail("the test left Qt work running: " + ", ".join(_describe(o) for o in running), pytrace=False)


@pytest.fixture(scope="session")
def recorded_template(tmp_path_factory, whisper) -> Path:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is needed to record the test session")
    from erbsim.core.store import Store

    root = tmp_path_factory.mktemp("review-data")
    work = tmp_path_factory.mktemp("review-audio")
    weak, strong_a, strong_b, follow = (speak(t, work, n) for t, n in
                                        ((WEAK, "weak"), (STRONG_A, "a"), (STRONG_B, "b"), (FOLLOW_UP, "f")))
    with Store(data_root=root) as store:
        first = store.create_session(mode="solo", track="staff", started_at=T0, candidate=HOSTILE_CANDIDATE,
                                     banks=["default"], status="finished", ended_at="2026-08-03T09:40:00Z",
                                     soft_limit_s=60)  # rehearsed with a 1:00 limit per answer
        t1 = record_answer(store, whisper, first, 1, [weak], work, question_id="strategy-001",
                           question_text="Tell us about a direction you started without being asked.",
                           seat="cpo", category="strategy", dimension="strategic_autonomy")
        record_answer(store, whisper, first, 2, [follow], work, question_id="replication-002",
                      question_text="Who else uses it?", seat="peer_exec", category="replication",
                      dimension="cross_bu_impact", is_follow_up=True, parent_turn_id=t1)
        store.rate(t1, "strategic_autonomy", 2)
        second = store.create_session(mode="panel", track="principal", started_at=T0.replace(day=10),
                                      candidate="Mei", mentor="Helen Zhou", banks=["default"], status="finished",
                                      ended_at="2026-08-10T09:44:00Z")
        t3 = record_answer(store, whisper, second, 1, [strong_a, strong_b], work, question_id="strategy-001",
                           question_text="Tell us about a direction you started without being asked.",
                           seat="cpo", category="strategy", dimension="strategic_autonomy")
        store.rate(t3, "strategic_autonomy", 4)
        store.rate(t3, "strategic_autonomy", 3, rater="Helen Zhou")
        store.add_note(second, "Name the <b>two</b> adopting units first", turn_id=t3, author="Helen Zhou")
        store.add_vote(second, "cpo", "pass", voter="Helen Zhou")
    return root


@pytest.fixture
def data_root(recorded_template, tmp_path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(recorded_template, root)
    return root


@pytest.fixture
def store_client(data_root, bridge):
    from erbsim.ui.store_client import StoreClient

    client = StoreClient(data_root, bridge)
    client.opened.result(20)
    yield client
    client.close()


@pytest.fixture
def bridge(qapp):
    from erbsim.ui.bridge import FutureBridge

    return FutureBridge()


@pytest.fixture
def review(qtbot, store_client):
    """A shown ReviewView over the recorded sessions, its list loaded."""
    from erbsim.ui.review import ReviewView

    view = ReviewView(store_client)
    qtbot.addWidget(view)
    view.resize(1400, 880)
    view.show()
    qtbot.waitUntil(lambda: view.list_panel.model.rowCount() == 2, timeout=10_000)
    yield view
    view.detail.answer.player.stop()
    store_client.wait_until_idle()



# The defense window ------------------------------------------------------------

from shared_data import SPEECH_DEV, require  # noqa: E402

DEV_AUDIO = SPEECH_DEV / "audio"


@pytest.fixture
def data_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "data"
    monkeypatch.setenv("ERBSIM_HOME", str(home))
    return home


@pytest.fixture
def settings_store(tmp_path):
    from PySide6.QtCore import QSettings

    from erbsim.ui.settings_store import SettingsStore

    return SettingsStore(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def fake_clock():
    from erbsim.core.clock import FakeClock

    return FakeClock()


@pytest.fixture
def make_window(qtbot, settings_store, fake_clock, whisper, data_home):
    """Build Services + MainWindow the way the app does, with a fake clock and a shared model."""
    from erbsim.ui.main_window import MainWindow
    from erbsim.ui.services import Services

    windows = []

    def build():
        services = Services(settings_store, clock=fake_clock, transcriber=whisper)
        window = MainWindow(services)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()  # keyboard shortcuts go to the active window
        qtbot.waitUntil(window.isActiveWindow)
        qtbot.waitUntil(lambda: services.model_fraction >= 1, timeout=30000)
        windows.append(window)
        return window

    yield build
    for window in windows:
        if window.isVisible():
            window.close()


@pytest.fixture
def open_window(qtbot, settings_store, fake_clock, whisper, data_home):
    """Services + MainWindow as the app builds them, without waiting for the model or for the
    window to be active (a dialog opened at start takes the activation)."""
    from erbsim.ui.main_window import MainWindow
    from erbsim.ui.services import Services

    windows = []

    def build():
        services = Services(settings_store, clock=fake_clock, transcriber=whisper, load_model=False)
        window = MainWindow(services)
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield build
    for window in windows:
        if window.isVisible():
            window.close()


def speak_into_microphone(clip: str) -> subprocess.Popen:
    """Play a real recording into the virtual microphone, in real time."""
    path = require(DEV_AUDIO / clip)
    return subprocess.Popen(["paplay", "-d", "vmic_in", str(path)])


# The audio adapters (tests/ui/audio) ----------------------------------------

class PlayInto:
    """`paplay` a file into a virtual sink, in real time, as a person speaking."""

    def __init__(self):
        self.procs: list[subprocess.Popen] = []

    def __call__(self, path: Path, sink: str = "vmic_in") -> subprocess.Popen:
        proc = subprocess.Popen(["paplay", "-d", sink, str(path)])
        self.procs.append(proc)
        return proc

    def close(self):
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
            proc.wait(5)


@pytest.fixture
def play_into():
    player = PlayInto()
    yield player
    player.close()


# Logging ------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def no_log_file_left_behind():
    """A test that sets up the app's log file (erbsim.ui.logging_setup) closes it again."""
    import logging.handlers
    import sys
    import threading

    from erbsim.ui.logging_setup import LogFile

    yield
    left = [h for h in logging.getLogger().handlers if isinstance(h, logging.handlers.RotatingFileHandler)]
    assert not left, f"log files left on the root logger: {left}"
    for hook in (sys.excepthook, threading.excepthook):
        assert not isinstance(getattr(hook, "__self__", None), LogFile), "exception hooks left installed"


def log_text(logs) -> str:
    """What the app's log file (erbsim.ui.logging_setup.LogFile) holds so far."""
    logs.handler.flush()
    return logs.path.read_text()
