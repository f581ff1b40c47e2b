"""Where erbsim keeps its data: database, recordings, caches."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import platformdirs

APP_NAME = "erbsim"
HOME_ENV = "ERBSIM_HOME"


def resolve_data_dir(override: str | os.PathLike | None = None) -> Path:
    """The data folder, not created: an explicit override (--data-dir), else
    $ERBSIM_HOME, else the platform's."""
    chosen = override or os.environ.get(HOME_ENV) or platformdirs.user_data_dir(APP_NAME)
    return Path(chosen).expanduser().absolute()


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """The data folder as `resolve_data_dir()` finds it, created if missing."""
    path = resolve_data_dir(override)
    path.mkdir(parents=True, exist_ok=True)
    return path


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
    path = (root or data_dir()) / "recordings"
    path.mkdir(parents=True, exist_ok=True)
    return path
