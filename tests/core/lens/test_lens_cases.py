"""ERB lens: every shared example and every case of our own gives exactly its signals."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from shared_data import LENS_EXAMPLES as SHARED
from shared_data import require

from erbsim.core.lens import SIGNALS, analyze

OWN = Path(__file__).parents[1] / "lens_cases.yaml"


def _load_shared():
    if not SHARED.exists():  # reported (skip, or failure in CI) by the test itself
        return [pytest.param(None, id="shared-missing")]
    examples = yaml.safe_load(SHARED.read_text(encoding="utf-8"))["examples"]
    return [pytest.param(e, id=e["id"]) for e in examples]


def _load_own():
    cases = yaml.safe_load(OWN.read_text(encoding="utf-8"))["cases"]
    return [pytest.param(c, id=c["id"]) for c in cases]


def _check(case):
    result = analyze(case["text"])
    unknown = set(case["signals"]) - set(SIGNALS)
    assert not unknown, f"unknown signal names {unknown}"
    expected = [s for s in SIGNALS if s in case["signals"]]
    got = result.present()
    detail = {s: [(e.rule, e.trigger) for e in result[s].evidence] for s in set(got) - set(expected)}
    assert got == expected, f"missing={sorted(set(expected) - set(got))} extra={detail}"


@pytest.mark.parametrize("example", _load_shared())
def test_shared_example(example):
    if example is None:
        require(SHARED)
    _check(example)


@pytest.mark.parametrize("case", _load_own())
def test_own_case(case):
    _check(case)


def test_own_cases_are_enough_and_split():
    cases = yaml.safe_load(OWN.read_text(encoding="utf-8"))["cases"]
    assert len(cases) >= 40
    assert sum(c["split"] == "heldout" for c in cases) >= 15
    assert len({c["id"] for c in cases}) == len(cases)
    assert {c["track"] for c in cases} >= {"staff", "principal"}
