"""The learned half of the lens: one small linear model per signal, over the
answer's words and the rules' verdicts (docs/lens.md, "The learned model").

The rules fit the phrasing they were written from; the model has seen 350
answers by several authors and learns which words go with each signal. Its
features are the words and word pairs of the cleaned text, each marked when it
sits in a negated ("nobody", "never") or not-yet-real ("will", "plan to",
"if") clause, plus which rules fired. It is a logistic regression whose
weights are stored in `model.json` beside this file (trained by
the developer tool `train_lens` from the training corpus only, never from the
held-out files), so reading an answer needs no training and no dependency
beyond the standard library: offline and deterministic.

Each flag the model raises is explained by its highest-scoring sentence.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["LearnedModel", "features", "sentence_features", "load_model", "MODEL_PATH"]

MODEL_PATH = Path(__file__).with_name("model.json")

_TOKEN_RX = re.compile(r"[a-z][a-z'&-]*|\d+(?:[.,]\d+)*|%|[.,;!?]")
_CLAUSE_END = {".", ",", ";", "!", "?", "but", "so", "then", "because", "although", "though", "while",
               "whereas", "which", "and"}
_NEGATION = {"not", "never", "no", "nobody", "none", "nothing", "neither", "nor", "without", "cannot",
             "hardly", "barely", "noone"}
_IRREALIS = {"will", "would", "could", "might", "may", "if", "unless", "hope", "hoping", "hopefully",
             "plan", "plans", "planning", "aim", "aiming", "meant", "supposed", "intend", "intends",
             "trying", "talks", "piloting", "gonna", "should", "wish", "eventually", "yet"}


def _tokens(clean: str) -> list[str]:
    """Words of a cleaned (lower-case) text, each marked "~" when negated and
    "?" when not yet real, within its clause."""
    out: list[str] = []
    neg = irr = False
    for tok in _TOKEN_RX.findall(clean):
        if tok in _CLAUSE_END:
            neg = irr = False
            if tok in (".", ",", ";", "!", "?"):
                continue
        if tok[0].isdigit():
            tok = "#"
        if tok in _NEGATION or tok.endswith("n't"):
            neg = True
            out.append(tok)
            continue
        if tok in _IRREALIS or tok.endswith("'ll"):
            irr = True
            out.append(tok)
            continue
        out.append(("~" if neg else "") + ("?" if irr else "") + tok)
    return out


def sentence_features(clean: str) -> set[str]:
    """Word and word-pair features of a piece of cleaned text."""
    toks = _tokens(clean)
    feats = {"w:" + t for t in toks}
    feats.update("p:" + a + "_" + b for a, b in itertools.pairwise(toks))
    return feats


def features(clean: str, fired: Iterable[str]) -> set[str]:
    """Features of a whole answer: its words and the rule ids that fired."""
    feats = sentence_features(clean)
    for rule_id in fired:
        feats.add("r:" + rule_id)
        feats.add("s:" + rule_id.split(".")[0])
    return feats


@dataclass(frozen=True)
class SignalModel:
    weights: dict[str, float]
    bias: float
    threshold: float

    def score(self, feats: Iterable[str]) -> float:
        return self.bias + sum(self.weights.get(f, 0.0) for f in feats)

    def probability(self, feats: Iterable[str]) -> float:
        z = self.score(feats)
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def word_score(self, feats: Iterable[str]) -> float:
        """How much the words alone (no rule features, no bias) speak for the signal."""
        return sum(self.weights.get(f, 0.0) for f in feats if f[:2] in ("w:", "p:"))


@dataclass(frozen=True)
class LearnedModel:
    signals: dict[str, SignalModel]
    trained_on: tuple[str, ...]

    @classmethod
    def from_dict(cls, data: dict) -> LearnedModel:
        return cls({name: SignalModel(m["weights"], m["bias"], m["threshold"]) for name, m in data["signals"].items()},
                   tuple(data.get("trained_on", ())))

    def to_dict(self) -> dict:
        return {"trained_on": list(self.trained_on),
                "signals": {name: {"bias": m.bias, "threshold": m.threshold,
                                   "weights": {k: round(v, 4) for k, v in sorted(m.weights.items())}}
                            for name, m in self.signals.items()}}


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> LearnedModel | None:
    """The stored model, or None when there is none (the rules then work alone)."""
    p = Path(path) if path else MODEL_PATH
    if not p.exists():
        return None
    return LearnedModel.from_dict(json.loads(p.read_text(encoding="utf-8")))
