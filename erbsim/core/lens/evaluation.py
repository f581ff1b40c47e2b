"""Measuring the lens on a labelled corpus: per-signal precision, recall, F1
and their macro average (docs/lens.md, "How well it generalises").

A corpus file is YAML with a list of examples under `examples:` (or `cases:`,
the format of tests/core/lens_cases.yaml); each example has a `text`, the
`signals` present, and optionally the `question` it answers.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .results import SIGNALS

__all__ = ["Example", "SignalScore", "Evaluation", "load_corpus", "evaluate", "bench_lens"]


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    signals: frozenset[str]
    question: str | None = None
    style: str = ""


@dataclass(frozen=True)
class SignalScore:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        if not (self.tp + self.fp + self.fn):
            return 1.0  # never present and never predicted: nothing wrong
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)


@dataclass
class Evaluation:
    scores: dict[str, SignalScore]
    n: int
    # (example id, signal, "missed" | "extra"): for reading training errors only
    errors: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def macro_f1(self) -> float:
        return sum(s.f1 for s in self.scores.values()) / len(self.scores)

    def to_dict(self) -> dict:
        return {
            "n": self.n,
            "macro_f1": round(self.macro_f1, 3),
            "signals": {name: {"precision": round(s.precision, 3), "recall": round(s.recall, 3),
                               "f1": round(s.f1, 3), "tp": s.tp, "fp": s.fp, "fn": s.fn}
                        for name, s in self.scores.items()},
        }


def load_corpus(path: str | Path) -> list[Example]:
    """The examples of one corpus file; unknown signal names raise ValueError."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    items = data.get("examples") or data.get("cases") or []
    out = []
    for item in items:
        signals = frozenset(item.get("signals") or ())
        unknown = signals - set(SIGNALS)
        if unknown:
            raise ValueError(f"{path}: {item.get('id')}: unknown signals {sorted(unknown)}")
        out.append(Example(str(item["id"]), item["text"], signals, item.get("question"), item.get("style", "")))
    return out


Predict = Callable[[Example], Iterable[str]]


def _default_predict(example: Example) -> list[str]:
    from .analysis import analyze  # late: analysis imports the learned model

    return analyze(example.text).present()


def evaluate(examples: Sequence[Example], predict: Predict | None = None) -> Evaluation:
    """Score `predict` (default: `analyze(text).present()`) on labelled examples."""
    predict = predict or _default_predict
    counts = {name: [0, 0, 0] for name in SIGNALS}
    errors = []
    for ex in examples:
        got = set(predict(ex))
        for name in SIGNALS:
            truth, guess = name in ex.signals, name in got
            if truth and guess:
                counts[name][0] += 1
            elif guess:
                counts[name][1] += 1
                errors.append((ex.id, name, "extra"))
            elif truth:
                counts[name][2] += 1
                errors.append((ex.id, name, "missed"))
    return Evaluation({n: SignalScore(*c) for n, c in counts.items()}, len(examples), errors)


# A 45-minute defense: about fifteen answers of about 400 words.
SESSION_ANSWERS = 15
SESSION_WORDS = 400


def _session_answers(examples: Sequence[Example]) -> list[str]:
    """Fifteen answers of about 400 words, made by joining corpus answers in order."""
    texts = [e.text for e in examples] or ["I shipped it."]
    answers, i = [], 0
    for _ in range(SESSION_ANSWERS):
        parts: list[str] = []
        while sum(len(p.split()) for p in parts) < SESSION_WORDS:
            parts.append(texts[i % len(texts)])
            i += 1
        answers.append(" ".join(parts))
    return answers


def bench_lens(corpus_paths: Sequence[str | Path]) -> dict:
    """Per-file and overall per-signal F1, and the seconds the lens takes for a
    45-minute session's answers (15 of ~400 words), for `erbsim bench lens`."""
    from .analysis import analyze

    files = {}
    everything: list[Example] = []
    for path in corpus_paths:
        examples = load_corpus(path)
        everything.extend(examples)
        files[str(path)] = evaluate(examples).to_dict()
    answers = _session_answers(everything)
    analyze("warm up")  # the first call loads the model; a session pays it once
    t0 = time.perf_counter()
    for text in answers:
        analyze(text)
    seconds = time.perf_counter() - t0
    return {
        "files": files,
        "overall": evaluate(everything).to_dict() if everything else None,
        "session": {"answers": len(answers), "words": sum(len(a.split()) for a in answers),
                    "seconds": round(seconds, 4)},
    }
