"""Scores the board's listening (erbsim.core.probe) on frozen held-out files:
which follow-up it chooses, which listen_for points it says an answer covered,
and which track the language reads as. `erbsim bench probe FILE... --json`.

The files (tests/core/probe_corpus/) were written before the probe's rules, by
someone who did not read them; only aggregate scores are reported, so the
rules are never tuned on single items.

A follow-up counts as right when it targets what the item says was missing:
- a lens signal label (cross_bu_adoption, mandate, foresight, ...): the
  follow-up's `signal` is that signal and it was not a packet claim;
- `metric` and `metric_baseline`: the signal is `metric` (a baseline question
  and a "what changed" question both ask for the number);
- `packet_claim`: the follow-up comes from the packet (`source == "packet"`)
  and names what the answer left out (an adopter it lists, or, for `metric`,
  the packet's metric or numbers).
"""

from __future__ import annotations

import re
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml

from erbsim.core.packet import Example
from erbsim.core.probe import choose_follow_up, listen_for_coverage, read_track


def _items(path: str | Path) -> list[dict]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return list(data["items"] if isinstance(data, dict) else data)  # {"items": [...]} or a top-level list (dev_c)


def _question(item: dict) -> SimpleNamespace:
    """A bank-like question from the item's own copy (the banks change; the file does not)."""
    return SimpleNamespace(id=item.get("question_id", ""), text=item.get("question", ""),
                           dimension=item.get("dimension"), category=item.get("category"),
                           listen_for=item.get("listen_for", ""), follow_ups=(), condition="", seat="cpo")


def _follow_up_right(item: dict, follow_up) -> bool:
    expected = item["expected"]
    if expected == "packet_claim":
        if follow_up.source != "packet":
            return False
        left_out = item.get("left_out") or []
        left_out = [left_out] if isinstance(left_out, str) else left_out
        example = item.get("example") or {}
        said = f"{follow_up.text} {' '.join(follow_up.evidence)}".casefold()
        names = []
        for entry in left_out:
            if entry == "metric":
                names += [example.get("metric", ""), example.get("before", ""), example.get("after", "")]
            else:
                names.append(entry)
        return any(name and name.casefold() in said for name in names)
    if follow_up.source == "packet":
        return False
    if expected in ("metric", "metric_baseline"):
        return follow_up.signal == "metric"
    return follow_up.signal == expected


def score_follow_ups(path: str | Path) -> dict[str, Any]:
    items = _items(path)
    per_label: dict[str, Counter] = defaultdict(Counter)
    chosen: Counter = Counter()
    seconds = []
    for item in items:
        example = Example.from_dict(item["example"]) if item.get("example") else None
        t0 = time.perf_counter()
        follow_up = choose_follow_up(item["answer"], _question(item), example)
        seconds.append(time.perf_counter() - t0)
        right = _follow_up_right(item, follow_up)
        per_label[item["expected"]]["right" if right else "wrong"] += 1
        chosen[f"{item['expected']} -> {follow_up.source}:{follow_up.signal or '-'}"] += 1
    right = sum(c["right"] for c in per_label.values())
    return {
        "items": len(items), "accuracy": round(right / len(items), 3) if items else None,
        "per_label": {label: round(c["right"] / (c["right"] + c["wrong"]), 3)
                      for label, c in sorted(per_label.items())},
        "chosen": dict(sorted(chosen.items())),
        "max_seconds": round(max(seconds), 4) if seconds else None,
    }


def score_track(path: str | Path) -> dict[str, Any]:
    items = _items(path)
    confusion: Counter = Counter()
    for item in items:
        reading = read_track(item["answer"], "staff").reading
        confusion[f"{item['expected']} -> {reading}"] += 1
    right = sum(n for key, n in confusion.items() if key.split(" -> ")[0] == key.split(" -> ")[1])
    return {"items": len(items), "accuracy": round(right / len(items), 3) if items else None,
            "confusion": dict(sorted(confusion.items()))}


def score_coverage(path: str | Path) -> dict[str, Any]:
    """Per-point precision, recall and F1 of "covered", over items whose points
    the probe splits as the file does (the others are counted, not scored)."""
    items = _items(path)
    tp = fp = fn = tn = 0
    misaligned = 0
    for item in items:
        points = listen_for_coverage(item["answer"], _question(item))
        expected = set(item["covered"])
        sentences = [s for s in _sentences(item["listen_for"])]
        if len(points) != len(sentences):
            misaligned += 1
            continue
        for index, point in enumerate(points):
            truth = index in expected
            tp += point.covered and truth
            fp += point.covered and not truth
            fn += (not point.covered) and truth
            tn += (not point.covered) and not truth
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    scored = tp + fp + fn + tn
    return {"items": len(items), "misaligned_items": misaligned, "points": scored,
            "accuracy": round((tp + tn) / scored, 3) if scored else None,
            "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if s.strip()]


def bench_probe(paths: Sequence[str | Path]) -> dict[str, Any]:
    """Each file scored by what it holds (by name: followups / track / listen_for)."""
    report: dict[str, Any] = {}
    for path in paths:
        name = Path(path).name
        if name.startswith("followups"):
            report[name] = score_follow_ups(path)
        elif name.startswith("track"):
            report[name] = score_track(path)
        elif name.startswith("listen_for"):
            report[name] = score_coverage(path)
        else:
            raise ValueError(f"{path}: not a follow-ups, track or listen_for file")
    return report
