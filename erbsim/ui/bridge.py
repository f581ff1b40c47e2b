"""Hand results of background work back to the GUI thread.

The core and speech layers return concurrent.futures.Future objects and know
nothing of Qt. `FutureBridge.when_done` calls back on the GUI thread through a
queued signal, so widgets are only ever touched from there.
"""

from __future__ import annotations

import concurrent.futures
import logging
import time
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal

log = logging.getLogger(__name__)


class FutureBridge(QObject):
    _finished = Signal(object, object, object)  # callback, value, error

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._finished.connect(self._deliver)
        self._pending: set[concurrent.futures.Future] = set()

    def when_done(self, future: concurrent.futures.Future,
                  on_success: Callable[[Any], None] | None = None,
                  on_error: Callable[[BaseException], None] | None = None) -> concurrent.futures.Future:
        self._pending.add(future)

        def relay(done: concurrent.futures.Future) -> None:
            try:
                if done.cancelled():
                    return
                error = done.exception()
                if error is not None:
                    self._finished.emit(on_error or _log_error, None, error)
                elif on_success is not None:
                    self._finished.emit(on_success, done.result(), None)
            finally:
                # Only after the emit, so drain() cannot miss a callback on its way.
                self._pending.discard(done)

        future.add_done_callback(relay)
        return future

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


def _log_error(error: BaseException) -> None:
    log.error("background task failed", exc_info=error)
