"""The store tests run against a real SQLite file in tmp_path."""

from __future__ import annotations

import pytest
from store_fixtures import StepClock

from erbsim.core.store import Store


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "erbsim.db", clock=StepClock()) as s:
        yield s
