"""The lens's shipped model is what its training files make: a rule change or a
new training file without retraining fails here (docs/lens.md, "The learned model")."""

from __future__ import annotations

from pathlib import Path

from shared_data import LENS_EXAMPLES, require

from erbsim.core.lens.learned import MODEL_PATH
from erbsim.devtools.train_lens import main

TESTS = Path(__file__).resolve().parents[1]


def training_files() -> list[Path]:
    corpus = sorted((TESTS / "core" / "lens_corpus").glob("train_*.yaml"))
    return [*corpus, TESTS / "core" / "lens_cases.yaml", require(LENS_EXAMPLES)]


def test_the_shipped_model_is_retrained_from_the_training_files_alone(tmp_path):
    files = training_files()
    assert not [f for f in files if f.name.startswith("test")]  # held-out files never train it
    out = tmp_path / "model.json"
    assert main([*map(str, files), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == MODEL_PATH.read_text(encoding="utf-8"), (
        "erbsim/core/lens/model.json is stale: run python -m erbsim.devtools.train_lens with the files "
        "this test names")
