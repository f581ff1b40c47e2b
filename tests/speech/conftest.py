"""Fixtures for the speech tests: real clips and their manifest (the model and
the synthesizer are shared by every layer, in tests/conftest.py)."""

from __future__ import annotations

import csv

import pytest
from shared_data import SPEECH_DEV as DEV
from shared_data import (
    clip,  # noqa: F401 - the speech tests take it from here
    require,
)


@pytest.fixture(scope="session")
def dev_manifest() -> dict[str, dict]:
    with open(require(DEV / "manifest.csv"), newline="", encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}
