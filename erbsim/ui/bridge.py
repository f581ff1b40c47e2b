"""Hand results of background work back to the GUI thread.

The core and speech layers return concurrent.futures.Future objects and know
nothing of Qt. `FutureBridge.when_done` calls back on the GUI thread through a
queued signal, so widgets are only ever touched from there.

Failures never vanish. As with Anki's QueryOp, a caller that passes its own
`on_error` handles the failure itself; one that passes none gets the default:
the error is logged with its traceback and `failure_message` carries one
sentence for the person (the main window shows it in its status bar).
"""

from __future__ import annotations

import concurrent.futures
import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from erbsim.ui.logging_setup import LOG_FILE_NAME

log = logging.getLogger(__name__)


def failure_sentence(what: str, error: BaseException) -> str:
    """One sentence for the person: what failed, why, where the details are."""
    reason = (str(error).strip().splitlines() or [""])[0].rstrip(".") or type(error).__name__
    if len(reason) > 200:
        reason = reason[:199] + "…"
    return f"{what} failed: {reason} (details in {LOG_FILE_NAME})."  # About gives its folder


class FutureBridge(QObject):
    _finished = Signal(object, object, object)  # callback, value, error
    failure_message = Signal(str)  # a failure no caller handled, in one sentence for the person

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._finished.connect(self._deliver)
        self._pending: set[concurrent.futures.Future] = set()

    def when_done(self, future: concurrent.futures.Future,
                  on_success: Callable[[Any], None] | None = None,
                  on_error: Callable[[BaseException], None] | None = None, *,
                  what: str = "A background task") -> concurrent.futures.Future:
        """Call on_success(result) or on_error(exception) on the GUI thread once the future is done.
        Without on_error a failure takes the default path (`report_failure`), named by `what`
        ("Saving the rating"), so it is never lost."""
        on_error = on_error or (lambda error: self.report_failure(what, error))
        self._pending.add(future)

        def relay(done: concurrent.futures.Future) -> None:
            try:
                if done.cancelled():
                    return
                error = done.exception()
                if error is not None:
                    self._finished.emit(on_error, None, error)
                elif on_success is not None:
                    self._finished.emit(on_success, done.result(), None)
            finally:
                # Only after the emit, so drain() cannot miss a callback on its way.
                self._pending.discard(done)

        future.add_done_callback(relay)
        return future

    def report_failure(self, what: str, error: BaseException) -> None:
        """The default failure path: log with the traceback, then tell the person. Any thread."""
        log.error("%s failed", what, exc_info=error)
        self.tell_user(what, error)

    def tell_user(self, what: str, error: BaseException) -> None:
        """Emit the one-sentence message only (for failures already logged). Any thread:
        the signal is queued to receivers on the GUI thread."""
        self.failure_message.emit(failure_sentence(what, error))

    def pending(self) -> int:
        return len(self._pending)

    def drain(self, timeout: float = 10.0) -> bool:
        """Deliver every outstanding callback, including those that start more work."""
        if not process_events_until(lambda: not self._pending, timeout):
            return False
        QCoreApplication.processEvents()  # the last callbacks' own queued signals
        return True

    @staticmethod
    def _deliver(callback, value, error) -> None:
        callback(error if error is not None else value)


def process_events_until(condition: Callable[[], bool], timeout: float, poll: float = 0.005) -> bool:
    """Run the Qt event loop until condition() holds (True) or timeout seconds pass (False).
    For shutdown and for scripts that drive the app (selftest, screenshots)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        if condition():
            return True
        time.sleep(poll)
    return False
