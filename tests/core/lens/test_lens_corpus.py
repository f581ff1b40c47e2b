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
    "test.yaml": {"macro": 0.90, "foresight": 0.93, "autonomy": 0.81, "mandate": 0.84, "cross_bu_adoption": 0.94,
                  "institutionalized": 0.93, "metric": 0.90, "stakeholder_quote": 0.89, "execution_language": 0.90,
                  "talent_multiplier": 0.88},
    "test_b.yaml": {"macro": 0.86, "foresight": 0.91, "autonomy": 0.83, "mandate": 0.82, "cross_bu_adoption": 0.89,
                    "institutionalized": 0.76, "metric": 0.86, "stakeholder_quote": 0.87, "execution_language": 0.91,
                    "talent_multiplier": 0.91},
}
TRAINING_FILES = tuple(sorted(path.name for path in CORPUS.glob("train_*.yaml")))


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
    assert len(TRAINING_FILES) == 6
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
