"""One thread owns the database; the GUI only submits work to it.

All reads and writes go through `submit(fn, on_success, on_failure)`, where
fn receives the Store and runs on the store thread; the callbacks run on the
GUI thread (through the FutureBridge), as with Anki's QueryOp. One worker
serialises every access, as sqlite3 connections and Store require.

No failure is lost: a caller that passes no on_failure gets the bridge's
default (logged with its traceback, one sentence in the main window), even
for work whose result nobody waits for. The returned future is still there
for work that needs another job's result (a turn needs its session's id).

A database that cannot be used (empty, cut short, damaged, not erbsim's, from
a newer erbsim) or a read-only data folder is not a passing failure: it goes
to the `when_unusable` listener (the main window's way-out dialog), and
`reopen(prepare)` opens the store again once a backup is back or the old
file is set aside.
"""

from __future__ import annotations

import concurrent.futures
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from erbsim.core.store import DatabaseUnusable, DataFolderReadOnly, Store

if TYPE_CHECKING:
    from erbsim.ui.bridge import FutureBridge

T = TypeVar("T")
log = logging.getLogger(__name__)


class StoreClient:
    def __init__(self, data_root: Path, bridge: FutureBridge | None = None, *, read_only: bool = False):
        """Without a bridge (scripts, tests of the store thread) callers wait on the futures
        themselves and failures nobody handles are only logged. `read_only`: see Store."""
        self.data_root = data_root
        self.read_only = read_only
        self._bridge = bridge
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="erbsim-store")
        self._store: Store | None = None
        self._open_error: BaseException | None = None
        self.open_problem: DatabaseUnusable | DataFolderReadOnly | None = None  # set on the GUI thread
        self._problem_listeners: list[Callable[[BaseException], None]] = []
        self.opened = self._deliver(self._executor.submit(self._open), None,
                                    self._open_failed if bridge is not None else None, "Opening the database")

    def _open_failed(self, error: BaseException) -> None:
        if isinstance(error, DatabaseUnusable | DataFolderReadOnly):
            log.error("the database cannot be used: %s", error)
            self.open_problem = error
            for listener in self._problem_listeners:
                listener(error)
        else:
            assert self._bridge is not None
            self._bridge.report_failure("Opening the database", error)

    def when_unusable(self, listener: Callable[[BaseException], None]) -> None:
        """Call `listener(error)` on the GUI thread if the database or the data folder cannot be
        used (now, when that is already known)."""
        self._problem_listeners.append(listener)
        if self.open_problem is not None:
            listener(self.open_problem)

    def reopen(self, prepare: Callable[[], T], on_success: Callable[[T], None],
               on_failure: Callable[[BaseException], None]) -> concurrent.futures.Future:
        """After opening failed: on the store thread, run prepare() (put a backup back, set the
        old file aside), then open the store; on_success(what prepare returned)."""
        def run() -> T:
            if self._store is not None:
                raise RuntimeError("the database is already open")
            result = prepare()
            self._open()
            self._open_error = None
            return result

        def opened(result: T) -> None:
            self.open_problem = None
            on_success(result)
        return self._deliver(self._executor.submit(run), opened, on_failure, "Opening the database again")

    def _open(self) -> Store:
        try:
            self._store = Store(data_root=self.data_root, read_only=self.read_only)
        except BaseException as error:
            self._open_error = error
            raise
        return self._store

    def submit(self, work: Callable[[Store], T], on_success: Callable[[T], None] | None = None,
               on_failure: Callable[[BaseException], None] | None = None, *,
               what: str = "Reading or saving your sessions") -> concurrent.futures.Future:
        """Run work(store) on the store thread. on_success(result) or on_failure(error) runs on
        the GUI thread; without on_failure a failure goes to the default, named by `what`."""
        if self._bridge is None and (on_success is not None or on_failure is not None):
            raise ValueError("callbacks need a StoreClient built with a FutureBridge")

        def run() -> Any:
            if self._store is None:  # only when opening failed: say why, not just that
                raise RuntimeError(f"the database could not be opened: {self._open_error}") from self._open_error
            return work(self._store)
        return self._deliver(self._executor.submit(run), on_success, on_failure, what)

    def call(self, method: str, *args, **kwargs) -> concurrent.futures.Future:
        """store.method(*args, **kwargs) on the store thread; a failure goes to the default."""
        return self.submit(lambda store: getattr(store, method)(*args, **kwargs), what=f"The database call {method}")

    def _deliver(self, future: concurrent.futures.Future, on_success, on_failure, what: str):
        if self._bridge is not None:
            return self._bridge.when_done(future, on_success, on_failure, what=what)

        def log_failure(done: concurrent.futures.Future) -> None:
            if not done.cancelled() and done.exception() is not None:
                log.error("%s failed", what, exc_info=done.exception())
        future.add_done_callback(log_failure)
        return future

    def wait_until_idle(self, timeout: float = 10.0) -> None:
        """Block until everything submitted so far is done (tests and shutdown)."""
        self._executor.submit(lambda: None).result(timeout)

    def close(self) -> None:
        def close_store() -> None:
            if self._store is not None:
                self._store.close()
                self._store = None
        try:
            self._executor.submit(close_store).result(10)
        except RuntimeError:
            pass  # already shut down
        self._executor.shutdown(wait=True)
