"""Training the lens's learned model (erbsim/core/lens/learned.py) from the
labelled training corpus; run by a developer, never when the app starts:

    python -m erbsim.devtools.train_lens FILE.yaml...      # writes erbsim/core/lens/model.json
    python -m erbsim.devtools.train_lens --out M.json FILE.yaml...

The files are the training split only (docs/lens.md names them); the held-out
test files never are.

Plain L2-regularised logistic regression by full-batch gradient descent in
numpy: deterministic (no random start, no shuffling), a few seconds. """

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from erbsim.core.lens.analysis import read_rules, rule_ids
from erbsim.core.lens.evaluation import Example, load_corpus
from erbsim.core.lens.learned import MODEL_PATH, LearnedModel, SignalModel, features
from erbsim.core.lens.results import SIGNALS

__all__ = ["train", "answer_features", "main"]

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
    import argparse

    parser = argparse.ArgumentParser(prog="python -m erbsim.devtools.train_lens",
                                     description="Train the ERB lens's learned model from labelled answers.")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE.yaml", help="training files only")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help=f"where to write (default {MODEL_PATH})")
    args = parser.parse_args(argv)
    examples: list[Example] = []
    for path in args.files:
        examples.extend(load_corpus(path))
    model = train(examples, sources=[path.name for path in args.files])
    args.out.write_text(json.dumps(model.to_dict(), indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(examples)} answers, {sum(len(m.weights) for m in model.signals.values())} weights")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
