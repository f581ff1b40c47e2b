"""One thread owns the database; the GUI only submits work to it.

All reads and writes go through `submit(fn)`, where fn receives the Store.
The results come back as futures (FutureBridge turns them into GUI-thread
callbacks). One worker serialises every access, as sqlite3 connections and
Store require.
"""

from __future__ import annotations

import concurrent.futures
from pathlib import Path
from typing import Any, Callable, TypeVar

from erbsim.core.store import Store

T = TypeVar("T")


class StoreClient:
    def __init__(self, data_root: Path):
        self.data_root = data_root
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="erbsim-store")
        self._store: Store | None = None
        self.opened = self._executor.submit(self._open)

    def _open(self) -> Store:
        self._store = Store(data_root=self.data_root)
        return self._store

    def submit(self, work: Callable[[Store], T]) -> concurrent.futures.Future:
        def run() -> Any:
            if self._store is None:
                raise RuntimeError("the database could not be opened")
            return work(self._store)
        return self._executor.submit(run)

    def call(self, method: str, *args, **kwargs) -> concurrent.futures.Future:
        return self.submit(lambda store: getattr(store, method)(*args, **kwargs))

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
