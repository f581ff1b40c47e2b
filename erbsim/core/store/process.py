"""Whether the process that owns a running session is still there (crash
detection: see Store.recover_interrupted)."""

from __future__ import annotations

import os


def process_start_time(pid: int) -> float | None:
    try:
        import psutil
        return psutil.Process(pid).create_time()
    except Exception:
        return None


def process_alive(pid: int, started: float | None) -> bool:
    """True if process `pid` exists and (when known) started at `started`."""
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil is a dependency
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    try:
        actual = psutil.Process(pid).create_time()
    except psutil.NoSuchProcess:
        return False
    except psutil.Error:
        return True
    return started is None or abs(actual - started) < 1.0
