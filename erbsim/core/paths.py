"""Where erbsim keeps its data: database, recordings, caches.

Everything in the data folder is the user's alone: folders 0700, files 0600.
The folders made here are made so whatever the umask (`private_dir`), the app
and the commands narrow their umask to 0o077 at start (`private_umask`) so that
what they write (the database and its -wal/-shm, recordings, logs, backups) is
created 0600, and the app narrows what an older version or a copy left open
(`make_private`, a few milliseconds for thousands of files).
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import platformdirs

APP_NAME = "erbsim"
HOME_ENV = "ERBSIM_HOME"
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def resolve_data_dir(override: str | os.PathLike | None = None) -> Path:
    """The data folder, not created: an explicit override (--data-dir), else
    $ERBSIM_HOME, else the platform's."""
    chosen = override or os.environ.get(HOME_ENV) or platformdirs.user_data_dir(APP_NAME)
    return Path(chosen).expanduser().absolute()


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """The data folder as `resolve_data_dir()` finds it, created if missing."""
    return private_dir(resolve_data_dir(override))


def cache_dir() -> Path:
    """Rendered speech and downloaded models; safe to delete. When it cannot be created (a
    read-only data folder, which the app then reports), a folder in the system's temp."""
    root = os.environ.get(HOME_ENV)
    path = Path(root) / "cache" if root else Path(platformdirs.user_cache_dir(APP_NAME))
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        path = Path(tempfile.gettempdir()) / f"erbsim-cache-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
        path.mkdir(mode=0o700, exist_ok=True)
    return path


def database_path(root: Path | None = None) -> Path:
    return (root or data_dir()) / "erbsim.db"


def recordings_dir(root: Path | None = None) -> Path:
    return private_dir((root or data_dir()) / "recordings")


def private_dir(path: Path) -> Path:
    """`path`, created if missing (with its missing parents) readable by the user alone."""
    path = Path(path)
    if not path.is_dir():
        missing = [p for p in (path, *path.parents) if not p.exists()]
        path.mkdir(parents=True, exist_ok=True)
        for made in missing:
            _narrow(made, PRIVATE_DIR_MODE)
    if not _shared_folder(path):
        _narrow(path, PRIVATE_DIR_MODE)
    return path


def private_file(path: Path) -> None:
    """Narrow an existing file to 0600 (SQLite then gives its -wal and -shm the same mode)."""
    _narrow(Path(path), PRIVATE_FILE_MODE)


def private_umask() -> int:
    """Narrow this process's umask so that files it creates are 0600 and folders
    0700; returns the previous umask."""
    return os.umask(0o077)


def make_private(root: Path) -> int:
    """Narrow every folder under `root` (itself included) to 0700 and every file to
    0600 (symbolic links are left alone, not followed); returns how many changed.
    Entries that cannot be changed (another owner, a read-only folder) are skipped."""
    changed = 0
    root = Path(root)
    if not root.is_dir() or root.is_symlink() or _shared_folder(root):
        return 0
    changed += _narrow(root, PRIVATE_DIR_MODE)
    for folder, dirs, files in os.walk(root, onerror=lambda _error: None):
        for name in dirs:
            changed += _narrow(Path(folder, name), PRIVATE_DIR_MODE)
        for name in files:
            changed += _narrow(Path(folder, name), PRIVATE_FILE_MODE)
    return changed


def _shared_folder(path: Path) -> bool:
    """A data folder set to the home folder (or above it) is left as it is: its
    other contents are not erbsim's to change."""
    folder = Path(os.path.realpath(path))
    home = Path(os.path.realpath(Path.home()))
    return folder == home or folder in home.parents


def _narrow(path: Path, mode: int) -> int:
    """chmod `path` to `mode` when it is not already; 1 when changed. Symbolic links
    and special files (a FIFO someone left) are not touched."""
    try:
        info = os.lstat(path)
        if not (stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode)):
            return 0
        if stat.S_IMODE(info.st_mode) == mode:
            return 0
        os.chmod(path, mode)
    except OSError:
        return 0
    return 1
