"""Where the shared reference data lives: ../shared beside the checkout (as in CI),
or $ERBSIM_SHARED_DIR. Missing data skips a test locally but fails it in CI,
where a skip would hide that nothing was checked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(os.environ.get("ERBSIM_SHARED_DIR") or Path(__file__).resolve().parents[2] / "shared")
SPEECH_DEV = SHARED / "speech" / "dev"
LENS_EXAMPLES = SHARED / "domain" / "lens-examples.yaml"


def require(path: Path) -> Path:
    if not path.exists():
        message = f"shared data missing: {path} (set ERBSIM_SHARED_DIR)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def clip(name: str) -> Path:
    """A recording of the speech dev set by its id."""
    return require(SPEECH_DEV / "audio" / f"{name}.wav")
