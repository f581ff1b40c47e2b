"""How long the GUI thread was kept from its event loop: the candidate's display must stay
smooth (its clock ticking) while the mentor types, scores and reorders on the console.

A precise timer asks to run every `interval_ms`; the longest gap between two runs,
less the interval, is the longest stall. Used by tests and `erbsim selftest --panel`.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Qt, QTimer


class StallMeter(QObject):
    def __init__(self, interval_ms: int = 5, parent: QObject | None = None):
        super().__init__(parent)
        self.interval_ms = interval_ms
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._beat)
        self._last: float | None = None
        self.longest_ms = 0.0

    def start(self) -> None:
        self._last = time.perf_counter()
        self.longest_ms = 0.0
        self._timer.start()

    def stop(self) -> float:
        self._beat()
        self._timer.stop()
        self._last = None
        return self.longest_ms

    def _beat(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            self.longest_ms = max(self.longest_ms, (now - self._last) * 1000 - self.interval_ms)
        self._last = now
