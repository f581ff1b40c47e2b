"""The log file in the data folder, and uncaught exceptions routed into it."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading

import pytest

from erbsim import __version__
from erbsim.ui.logging_setup import BACKUP_COUNT, LOG_FILE_NAME, MAX_BYTES, set_up_logging


@pytest.fixture
def log_file(tmp_path):
    """erbsim.log in a data folder of this test's own; removed again afterwards."""
    handlers_before = list(logging.getLogger().handlers)
    logs = set_up_logging(tmp_path / "data")
    yield logs
    logs.close()
    assert logging.getLogger().handlers == handlers_before


def test_the_log_file_is_created_in_the_data_folder_and_rotates(log_file, tmp_path):
    assert log_file.path == tmp_path / "data" / LOG_FILE_NAME
    assert log_file.path.is_file()
    assert (log_file.handler.maxBytes, log_file.handler.backupCount) == (MAX_BYTES, BACKUP_COUNT)
    logging.getLogger("erbsim.test").error("a line for the file")
    log_file.handler.flush()
    assert "ERROR" in log_file.path.read_text() and "a line for the file" in log_file.path.read_text()


def test_close_restores_the_hooks_and_the_root_logger(tmp_path):
    hooks = (sys.excepthook, threading.excepthook)
    handlers = list(logging.getLogger().handlers)
    logs = set_up_logging(tmp_path)
    assert logs.handler in logging.getLogger().handlers
    assert sys.excepthook != hooks[0] and threading.excepthook != hooks[1]
    logs.close()
    assert (sys.excepthook, threading.excepthook) == hooks
    assert logging.getLogger().handlers == handlers


# The hook also hands the exception on to pytest's, which warns about it: expected here.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_an_uncaught_exception_in_a_thread_is_logged_with_its_traceback(log_file):
    told = []
    log_file.notify = told.append

    def work() -> None:
        raise ValueError("the worker tripped")

    thread = threading.Thread(target=work, name="erbsim-test-worker")
    thread.start()
    thread.join(10)
    log_file.handler.flush()
    text = log_file.path.read_text()
    assert "uncaught exception in erbsim-test-worker" in text
    assert "Traceback (most recent call last)" in text and 'raise ValueError("the worker tripped")' in text
    assert [str(error) for error in told] == ["the worker tripped"]


@pytest.mark.qt_no_exception_capture  # the exception is this test's subject, not a failure
def test_an_exception_escaping_a_slot_on_the_gui_thread_is_logged(qtbot, tmp_path):
    from PySide6.QtCore import QTimer

    logs = set_up_logging(tmp_path)  # here, after pytest-qt has set its own hooks for the test
    try:
        told = []
        logs.notify = told.append

        def slot() -> None:
            raise KeyError("slot-key")

        QTimer.singleShot(0, slot)
        qtbot.waitUntil(lambda: bool(told), timeout=5000)
        logs.handler.flush()
        text = logs.path.read_text()
    finally:
        logs.close()
    assert "CRITICAL" in text and "uncaught exception" in text
    assert "Traceback (most recent call last)" in text and "KeyError: 'slot-key'" in text


def test_the_app_writes_its_log_into_the_data_folder(tmp_path):
    """The real app, started as a user starts it, until its window is up."""
    from erbsim.ui.app import READY_PROBE_ENV

    home = tmp_path / "home"
    env = dict(os.environ, ERBSIM_HOME=str(home), XDG_CONFIG_HOME=str(tmp_path / "config"),
               QT_QPA_PLATFORM="offscreen", **{READY_PROBE_ENV: "1"})
    result = subprocess.run([sys.executable, "-m", "erbsim"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    text = (home / LOG_FILE_NAME).read_text()
    assert f"erbsim.ui.app: erbsim {__version__} started; data folder {home}" in text


def test_the_app_logs_into_the_folder_named_with_data_dir(tmp_path, monkeypatch, qapp):
    """run_app(data_dir=...) puts erbsim.log there, not in $ERBSIM_HOME or the platform folder."""
    import erbsim.ui.app
    import erbsim.ui.logging_setup

    class Stop(Exception):
        pass

    chosen = []

    def record(folder):
        chosen.append(folder)
        raise Stop

    monkeypatch.setenv("ERBSIM_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(erbsim.ui.logging_setup, "set_up_logging", record)
    with pytest.raises(Stop):
        erbsim.ui.app.run_app([], data_dir=tmp_path / "named")
    assert chosen == [tmp_path / "named"]
