"""The app's log file: erbsim.log in the data folder, rotated, with uncaught exceptions.

`set_up_logging(data_root)` adds a RotatingFileHandler to the root logger and
routes uncaught exceptions there: those of the GUI thread (sys.excepthook,
which PySide calls for an exception escaping a slot) and those of other
threads (threading.excepthook). It returns a LogFile whose `close()` undoes
all of it, so a test leaves the root logger and the hooks as it found them.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
from collections.abc import Callable
from pathlib import Path

LOG_FILE_NAME = "erbsim.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3  # erbsim.log.1 .. .3: about 4 MB at most
FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"

log = logging.getLogger(__name__)


def log_path(data_root: Path) -> Path:
    """Where the app writes its log for this data folder."""
    return Path(data_root) / LOG_FILE_NAME


class LogFile:
    """The installed log file and exception hooks; `close()` removes them again."""

    def __init__(self, data_root: Path, level: int = logging.INFO):
        self.path = log_path(data_root)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handler = logging.handlers.RotatingFileHandler(
            self.path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
        self.handler.setLevel(level)
        self.handler.setFormatter(logging.Formatter(FORMAT))
        # Told after an uncaught exception is logged (the app shows a sentence in its window).
        self.notify: Callable[[BaseException], None] | None = None
        self._previous_hooks = (sys.excepthook, threading.excepthook)
        logging.getLogger().addHandler(self.handler)
        sys.excepthook = self._uncaught
        threading.excepthook = self._uncaught_in_thread

    def close(self) -> None:
        sys.excepthook, threading.excepthook = self._previous_hooks
        logging.getLogger().removeHandler(self.handler)
        self.handler.close()

    def _uncaught(self, kind, error, trace) -> None:
        previous = self._previous_hooks[0]
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, trace)
            return
        log.critical("uncaught exception", exc_info=(kind, error, trace))
        self._tell(error)
        # The interpreter's own hook only prints to stderr, as the log's stderr handler
        # already did; another one (a debugger's, pytest-qt's) must still see it.
        if previous is not sys.__excepthook__:
            previous(kind, error, trace)

    def _uncaught_in_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return  # how a thread ends on purpose; the default hook ignores it too
        name = args.thread.name if args.thread is not None else "a thread"
        log.critical("uncaught exception in %s", name, exc_info=(args.exc_type, args.exc_value, args.exc_traceback))
        if args.exc_value is not None:
            self._tell(args.exc_value)
        previous = self._previous_hooks[1]
        if previous is not threading.__excepthook__:
            previous(args)

    def _tell(self, error: BaseException) -> None:
        if self.notify is None:
            return
        try:
            self.notify(error)
        except Exception:  # noqa: BLE001 - a hook must not raise (the window may be gone)
            log.exception("could not tell the user about an uncaught exception")


def set_up_logging(data_root: Path, level: int = logging.INFO) -> LogFile:
    """Log to <data folder>/erbsim.log (1 MB, 3 old files kept) and catch uncaught exceptions."""
    return LogFile(data_root, level)
