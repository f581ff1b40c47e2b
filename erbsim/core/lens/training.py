"""Training the lens's learned model (erbsim/core/lens/learned.py) from the
labelled training corpus; run at build time, never when the app starts:

    python -m erbsim.core.lens.training            # writes erbsim/core/lens/model.json

Plain L2-regularised logistic regression by full-batch gradient descent in
numpy: deterministic (no random start, no shuffling), a few seconds. Only the
training files are used (TRAINING_FILES); the held-out test files never are.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Sequence

import numpy as np

from .analysis import read_rules, rule_ids
from .evaluation import Example, load_corpus
from .learned import MODEL_PATH, LearnedModel, SignalModel, features
from .results import SIGNALS

__all__ = ["TRAINING_FILES", "train", "answer_features", "main"]

_ROOT = Path(__file__).resolve().parents[3]
_CORPUS = _ROOT / "tests" / "core" / "lens_corpus"
TRAINING_FILES = (
    _CORPUS / "train_a.yaml", _CORPUS / "train_b.yaml", _CORPUS / "train_c.yaml",
    _ROOT / "tests" / "core" / "lens_cases.yaml",
    _ROOT.parent / "shared" / "domain" / "lens-examples.yaml",
)

L2 = 1.0  # on the sum of squared weights; the loss is summed over examples
STEPS = 600
MIN_COUNT = 2  # a feature seen in fewer training answers is dropped
# Low: a missed signal costs the candidate more than an extra one, and the
# leave-one-file-out estimate (docs/lens.md) peaks here.
THRESHOLD = 0.25


def answer_features(text: str) -> set[str]:
    ctx = read_rules(text)
    return features(ctx.clean, rule_ids(ctx))


def _fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Logistic regression with L2 on the weights (not the bias), by Nesterov
    accelerated gradient descent with the step 1/L, L the gradient's Lipschitz
    bound: converges without tuning, and deterministically."""
    n, d = x.shape
    xb = np.hstack([x, np.ones((n, 1))])  # last column: the bias
    lipschitz = 0.25 * float(np.linalg.norm(xb, 2)) ** 2 + 2 * L2
    step = 1.0 / lipschitz
    reg = np.full(d + 1, 2 * L2)
    reg[-1] = 0.0
    w = np.zeros(d + 1)
    prev = w.copy()
    for k in range(1, STEPS + 1):
        look = w + (k - 1) / (k + 2) * (w - prev)
        p = 1.0 / (1.0 + np.exp(-(xb @ look)))
        grad = xb.T @ (p - y) + reg * look
        prev, w = w, look - step * grad
    return w[:-1], float(w[-1])


def train(examples: Sequence[Example], feature_sets: Sequence[set[str]] | None = None,
          sources: Sequence[str] = ()) -> LearnedModel:
    feats = list(feature_sets) if feature_sets is not None else [answer_features(e.text) for e in examples]
    counts: dict[str, int] = {}
    for f in feats:
        for k in f:
            counts[k] = counts.get(k, 0) + 1
    vocab = sorted(k for k, c in counts.items() if c >= MIN_COUNT)
    index = {k: i for i, k in enumerate(vocab)}
    x = np.zeros((len(examples), len(vocab)))
    for row, f in enumerate(feats):
        for k in f:
            if k in index:
                x[row, index[k]] = 1.0
    models = {}
    for name in SIGNALS:
        y = np.array([1.0 if name in e.signals else 0.0 for e in examples])
        w, b = _fit(x, y)
        kept = {vocab[i]: float(w[i]) for i in np.nonzero(np.abs(w) > 0.01)[0]}
        models[name] = SignalModel(kept, round(b, 4), THRESHOLD)
    return LearnedModel(models, tuple(sources))


def main(argv: Sequence[str] | None = None) -> int:
    out = Path(argv[0]) if argv else MODEL_PATH
    examples: list[Example] = []
    names = []
    for path in TRAINING_FILES:
        examples.extend(load_corpus(path))
        names.append(path.name)
    model = train(examples, sources=names)
    out.write_text(json.dumps(model.to_dict(), indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{out}: {len(examples)} answers, {sum(len(m.weights) for m in model.signals.values())} weights")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
