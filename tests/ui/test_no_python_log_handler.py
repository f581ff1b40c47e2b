"""Qt's media threads must never have to call into Python to log.

Qt Multimedia loads and plays media on threads of its own, and they log
(a cancelled load says "Could not open media" from its loading thread). A
Python message handler makes such a thread wait for the GIL, and the GUI
thread holds the GIL while it waits inside Qt for that thread (in
QMediaPlayer.stop(), or when a player is destroyed): the app freezes.
The review froze that way under pytest-qt's log capture, which installs a
Python handler; `--no-qt-log` in pyproject.toml turns that capture off, and
the app itself installs none.
"""

from PySide6.QtCore import qInstallMessageHandler


def _current_handler():
    previous = qInstallMessageHandler(None)
    qInstallMessageHandler(previous)
    return previous


def test_no_python_message_handler_during_tests(qapp):
    assert _current_handler() is None, "a Python Qt message handler is installed: run pytest with --no-qt-log"


def test_the_app_window_installs_no_message_handler(make_window):
    make_window()  # the main window with its services, model loading and board voices
    assert _current_handler() is None
