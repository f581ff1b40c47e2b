"""ERB lens on the labelled corpus (tests/core/lens_corpus/, GUIDE.md): per-signal
F1 floors on the held-out files, which were written by other authors and never
used to tune the rules or train the model, and on the training files.

Floors sit about 0.03 under what the lens reached (docs/lens.md, "How well it
generalises"), never under the issue's bar (0.90 macro, 0.80 a signal) where
that bar was reached. No timing here: `bench_lens` measures speed."""

from __future__ import annotations

from pathlib import Path

import pytest

from erbsim.core.lens import SIGNALS, bench_lens, evaluate, load_corpus

CORPUS = Path(__file__).parents[1] / "lens_corpus"

HELD_OUT_FLOORS = {
    "test.yaml": {"macro": 0.90, "foresight": 0.88, "autonomy": 0.82, "mandate": 0.84, "cross_bu_adoption": 0.90,
                  "institutionalized": 0.93, "metric": 0.89, "stakeholder_quote": 0.88, "execution_language": 0.91,
                  "talent_multiplier": 0.85},
    "test_b.yaml": {"macro": 0.83, "foresight": 0.87, "autonomy": 0.73, "mandate": 0.80, "cross_bu_adoption": 0.84,
                    "institutionalized": 0.75, "metric": 0.85, "stakeholder_quote": 0.84, "execution_language": 0.87,
                    "talent_multiplier": 0.90},
}
TRAINING_FILES = ("train_a.yaml", "train_b.yaml", "train_c.yaml")


@pytest.fixture(scope="module")
def scores():
    return {name: evaluate(load_corpus(CORPUS / name)) for name in (*HELD_OUT_FLOORS, *TRAINING_FILES)}


@pytest.mark.parametrize("name", list(HELD_OUT_FLOORS))
def test_held_out_macro_f1_floor(scores, name):
    assert scores[name].macro_f1 >= HELD_OUT_FLOORS[name]["macro"], scores[name].to_dict()


@pytest.mark.parametrize("name,signal", [(n, s) for n in HELD_OUT_FLOORS for s in SIGNALS])
def test_held_out_signal_f1_floor(scores, name, signal):
    got = scores[name].scores[signal]
    assert got.f1 >= HELD_OUT_FLOORS[name][signal], f"{name} {signal}: P={got.precision:.2f} R={got.recall:.2f}"


@pytest.mark.parametrize("name", TRAINING_FILES)
def test_training_files_still_pass(scores, name):
    ev = scores[name]
    assert ev.macro_f1 >= 0.97, ev.to_dict()
    weak = {s: round(v.f1, 2) for s, v in ev.scores.items() if v.f1 < 0.94}
    assert weak == {}


def test_corpus_files_load_with_known_signals():
    for name in (*HELD_OUT_FLOORS, *TRAINING_FILES):
        examples = load_corpus(CORPUS / name)
        assert len(examples) >= 90
        assert all(e.text.strip() for e in examples)


def test_load_corpus_rejects_unknown_signals(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("examples:\n  - id: x\n    text: hello\n    signals: [charisma]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="charisma"):
        load_corpus(bad)


def test_bench_lens_reports_f1_and_a_session(tmp_path):
    report = bench_lens([CORPUS / "train_a.yaml"])
    file_report = report["files"][str(CORPUS / "train_a.yaml")]
    assert set(file_report["signals"]) == set(SIGNALS)
    assert file_report["n"] == 110
    assert report["session"]["answers"] == 15
    assert report["session"]["words"] >= 15 * 400
    assert report["session"]["seconds"] > 0
