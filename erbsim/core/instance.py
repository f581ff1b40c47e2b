"""One erbsim app per data folder: the lock the app holds while it runs, and what
commands that write check before they do.

The app takes `AppLock` in the data folder (an advisory fcntl lock on
`erbsim.lock`, which records the holder's pid): the kernel drops the lock when
the process ends however it ends, so a crashed app never leaves a lock that
blocks the next start. `app_holder(folder)` says whether an app holds it, for
commands that must not run under a live app (restore) or that should name it.
`server_name(folder)` is the local socket the holding app listens on (the Qt
part is erbsim/ui/single_instance.py). `RECORDING_REFUSAL` is the sentence a
writing command prints while a session is being recorded (see
`Store.recording_sessions`).
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

LOCK_FILE_NAME = "erbsim.lock"
RECORDING_REFUSAL = "erbsim is running on this data folder and recording a session; try again after it ends"

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock, every start is the first
    fcntl = None  # type: ignore[assignment]


def lock_path(data_root: Path) -> Path:
    return Path(data_root) / LOCK_FILE_NAME


def server_name(data_root: Path) -> str:
    """The local socket name of the app on `data_root`: the same folder (however
    spelled) gives the same name, another folder or another user a different one."""
    folder = os.path.realpath(os.fspath(data_root))
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    digest = hashlib.sha256(f"{user}\0{folder}".encode()).hexdigest()[:20]
    return f"erbsim-{digest}"


@dataclass(frozen=True)
class Holder:
    """The app that holds a data folder's lock, as its lock file says."""

    pid: int | None
    host: str


class AppLock:
    """The lock an app holds on its data folder for as long as it runs."""

    def __init__(self, data_root: Path):
        self.path = lock_path(data_root)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lock; False when another process holds it. An unwritable folder
        raises OSError (the caller reports the folder; nothing to lock there)."""
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                return False
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)  # whatever the umask, and an old lock file too
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid(), "host": socket.gethostname()}).encode())
        self._fd = fd
        return True

    def release(self) -> None:
        """Let the lock go (the file stays: removing it would race the next app's open)."""
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, 0)
        except OSError:
            pass
        os.close(self._fd)  # closing drops the flock
        self._fd = None

    def __enter__(self) -> AppLock:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def app_holder(data_root: Path) -> Holder | None:
    """The app holding `data_root`'s lock, or None when no app has the folder open."""
    path = lock_path(data_root)
    if fcntl is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # no lock file: no app ever ran here (or the folder is unreadable)
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            raw = os.read(fd, 4096)
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
            return None
    finally:
        os.close(fd)
    try:
        info = json.loads(raw.decode() or "{}")
    except ValueError:
        info = {}
    pid = info.get("pid") if isinstance(info, dict) else None
    host = info.get("host") if isinstance(info, dict) else None
    return Holder(pid if isinstance(pid, int) else None, host if isinstance(host, str) else "")
