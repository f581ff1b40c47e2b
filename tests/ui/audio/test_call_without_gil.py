"""ui.audio.playback.call_without_gil must let other threads run Python while
the GUI thread is inside the Qt call: that is what keeps QMediaPlayer.stop()
from deadlocking against a media thread that needs the GIL.

The probe slot is QDialog.exec(), a C++ nested event loop. A Python thread
closes the dialog; it can only do so if the GIL is free while exec() runs.
A C++ timer closes it anyway after 5 s, so a held GIL fails the test
instead of hanging it.
"""

import threading
import time

from PySide6.QtCore import SLOT, QMetaObject, Qt, QTimer
from PySide6.QtWidgets import QDialog

from erbsim.ui.audio.playback import call_without_gil


def test_a_python_thread_runs_while_the_qt_call_waits(qapp):
    dialog = QDialog()
    QTimer.singleShot(5000, dialog, SLOT("reject()"))  # C++ fallback, needs no Python
    in_exec = threading.Event()
    QTimer.singleShot(0, in_exec.set)  # the first event loop to run is exec()'s
    ran = threading.Event()

    def close_from_python():
        in_exec.wait(10)
        ran.set()
        QMetaObject.invokeMethod(dialog, "accept", Qt.ConnectionType.QueuedConnection)

    worker = threading.Thread(target=close_from_python)
    started = time.monotonic()
    worker.start()
    call_without_gil(dialog, "exec")
    elapsed = time.monotonic() - started
    worker.join()
    assert ran.is_set()
    assert dialog.result() == QDialog.DialogCode.Accepted, f"closed by the fallback timer after {elapsed:.1f} s"


def test_an_unknown_slot_is_an_error(qapp):
    import pytest

    with pytest.raises(RuntimeError, match="no_such_slot"):
        call_without_gil(QDialog(), "no_such_slot")
