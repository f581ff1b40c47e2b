"""One app per data folder: a second app brings the first forward and ends (or, when the
first does not answer, offers read-only); and the app makes an open data folder private."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from erbsim.core.instance import app_holder
from erbsim.core.store import Store
from erbsim.ui import single_instance
from erbsim.ui.services import Services
from erbsim.ui.single_instance import ALREADY_OPEN, Claim, bring_to_front, claim, offer_read_only

START_S = 60  # a real app starting on a busy two-core machine


def app_env(tmp_path: Path, **extra: str) -> dict:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"), **extra)


def log_text(data: Path) -> str:
    path = data / "erbsim.log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def test_a_second_app_on_the_same_folder_brings_the_first_forward_and_ends(tmp_path, qtbot):
    data = tmp_path / "data"
    command = [sys.executable, "-m", "erbsim", "--no-welcome", "--data-dir", str(data)]
    first = subprocess.Popen(command, env=app_env(tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        qtbot.waitUntil(lambda: app_holder(data) is not None, timeout=START_S * 1000)
        assert app_holder(data).pid == first.pid
        second = subprocess.run(command, env=app_env(tmp_path), capture_output=True, text=True, timeout=START_S)
        assert second.returncode == 0, second.stderr[-2000:]
        assert second.stderr.splitlines()[-1] == f"erbsim: {ALREADY_OPEN}"
        qtbot.waitUntil(lambda: "bringing this window to the front" in log_text(data), timeout=10_000)
        assert first.poll() is None  # the first goes on
        assert app_holder(data).pid == first.pid
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(30)
    # Gone (even without closing), the folder is free for the next app.
    assert app_holder(data) is None


ASK = """
import sys
from PySide6.QtCore import QCoreApplication
from erbsim.ui.single_instance import claim
app = QCoreApplication([])
print(claim(sys.argv[1], answer_within_s=float(sys.argv[2])).claim.value, flush=True)
"""


def ask(data: Path, within_s: float = 20.0) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", ASK, str(data), str(within_s)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_the_first_app_restores_and_raises_its_window_when_asked(tmp_path, qtbot):
    first = claim(tmp_path)
    assert first.claim is Claim.FIRST
    window = QMainWindow()
    qtbot.addWidget(window)
    first.activation_requested.connect(lambda: bring_to_front(window))
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized)
    try:
        second = ask(tmp_path)
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=30_000)  # our event loop answers it
        assert second.stdout.read().strip() == "raised", second.stderr.read()
        assert not window.isMinimized()
        assert window.isVisible()
        assert "this is its window" in window.statusBar().currentMessage()
    finally:
        first.release()


HOLD_WITHOUT_ANSWERING = """
import sys
from erbsim.core.instance import AppLock
lock = AppLock(sys.argv[1])
print("held" if lock.acquire() else "refused", flush=True)
sys.stdin.readline()
"""


@pytest.fixture
def hung_app(tmp_path):
    """A process that holds the folder's lock and never answers (a hung app)."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD_WITHOUT_ANSWERING, str(tmp_path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    yield holder
    holder.kill()
    holder.wait(10)


def test_an_app_that_does_not_answer_leads_to_the_read_only_offer(tmp_path, hung_app, qtbot):
    second = claim(tmp_path, answer_within_s=0.5)
    assert second.claim is Claim.UNREACHABLE
    assert not second.lock.held


def press_when_shown(qtbot, button_text: str) -> None:
    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        assert box.text() == single_instance.NOT_ANSWERING
        next(b for b in box.buttons() if b.text() == button_text).click()
    QTimer.singleShot(0, press)


@pytest.mark.parametrize(("button", "opens"), [("Open read-only", True), ("Quit", False)])
def test_the_read_only_offer_is_one_question(qtbot, button, opens):
    press_when_shown(qtbot, button)
    assert offer_read_only() is opens


def test_a_lock_left_by_a_killed_app_lets_the_next_app_start_as_the_first(tmp_path, hung_app):
    hung_app.send_signal(signal.SIGKILL)
    hung_app.wait(10)
    instance = claim(tmp_path, answer_within_s=0.5)
    try:
        assert instance.claim is Claim.FIRST
    finally:
        instance.release()


def modes(root: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(root.stat().st_mode)}
    for path in root.rglob("*"):
        found[path.relative_to(root).as_posix()] = stat.S_IMODE(path.lstat().st_mode)
    return found


def test_the_app_makes_a_data_folder_left_open_to_others_private_at_start(tmp_path):
    data = tmp_path / "data"
    old_umask = os.umask(0o022)
    try:
        with Store(data_root=data) as store:
            session = store.create_session(candidate="Before")
            _relative, audio = store.new_recording_path(session)
        audio.write_bytes(b"RIFF")
        (data / "erbsim.log").write_text("an older version's log\n")
        for path in (data, *data.rglob("*")):
            path.chmod(0o755 if path.is_dir() else 0o644)
    finally:
        os.umask(old_umask)
    assert set(modes(data).values()) == {0o755, 0o644}
    result = subprocess.run([sys.executable, "-m", "erbsim", "--data-dir", str(data)],
                            env=app_env(tmp_path, ERBSIM_EXIT_WHEN_READY="1"), capture_output=True, text=True,
                            timeout=START_S)
    assert result.returncode == 0, result.stderr[-2000:]
    found = modes(data)
    # what the app may add meanwhile (today's backup, on the store's thread) is private too
    assert {name: mode for name, mode in found.items()
            if mode != (0o700 if (data / name).is_dir() else 0o600)} == {}
    assert {".", "recordings", f"recordings/{session}", "erbsim.db", "erbsim.log"} <= set(found)
    assert "readable by you alone" in log_text(data)


def test_services_opened_read_only_leave_the_other_apps_session_alone(qapp, settings_store, tmp_path):
    data = tmp_path / "data"
    with Store(data_root=data, pid=99_999_999) as gone:  # a session whose owner no longer exists
        left = gone.create_session(candidate="Left by a crash")
    services = Services(settings_store, load_model=False, data_dir=data, read_only=True)
    try:
        sessions = services.store.submit(lambda store: store.list_sessions()).result(30)
        assert [(s.id, s.status) for s in sessions] == [(left, "running")]  # not turned into "interrupted"
        with pytest.raises(Exception, match="readonly"):
            services.store.submit(lambda store: store.create_session(candidate="B"),
                                  on_failure=lambda _error: None).result(30)
    finally:
        services.shutdown()
    with Store(data_root=data) as store:
        assert [s.candidate for s in store.list_sessions()] == ["Left by a crash"]
