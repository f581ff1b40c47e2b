"""Whether an answer meets a bank question's condition (erbsim.core.banks.CONDITIONS).

A conditional question only makes sense after an answer that did something
("You've just given me eight metrics in a row"); these tests decide it. Each
returns the sentences that met the condition (empty when it is not met, or
when the condition is about the whole answer, like its length).
See docs/probe.md, "Conditions".
"""

from __future__ import annotations

import re

from erbsim.core.banks import CONDITIONS
from erbsim.core.lens import LensResult

from .reading import AnswerReading

__all__ = ["meets_condition", "condition_evidence", "CONDITION_SIGNALS", "DEFAULT_SOFT_LIMIT_S",
           "SPEAKING_WPM", "LONG_OVER_S", "LONG_OVER_SHARE", "estimated_seconds"]

# The lens signal each condition is about (what the follow-up targets).
CONDITION_SIGNALS = {
    "many_metrics": "metric",
    "execution_language": "execution_language",
    "mandate": "mandate",
    "team_not_bu": "cross_bu_adoption",
    "long_answer": "",
    "no_specifics": "metric",
}
DEFAULT_SOFT_LIMIT_S = 180.0  # the engine's default soft limit per answer
SPEAKING_WPM = 140.0  # to estimate an answer's length when its duration is not known
LONG_OVER_S = 30.0  # "well past": at least this far over the soft limit ...
LONG_OVER_SHARE = 0.15  # ... and at least this share of it
_MIN_WORDS_VAGUE = 8  # shorter than this is no answer, not a vague one
_FROM_TO_RX = re.compile(r"\bfrom\b[^.;]{0,50}?\bto\b|\b(?:up|down) from\b|\b\d+(?:\.\d+)?\s?(?:%|percent)?\s?to\s?\d",
                         re.I)


def estimated_seconds(reading: AnswerReading) -> float:
    return reading.words * 60.0 / SPEAKING_WPM


def _metric_counts(reading: AnswerReading) -> list[tuple[int, str]]:
    """Per sentence holding an outcome number: (how many metrics it states, its text).
    "from 9 to 6 percent" states one metric with two numbers."""
    metric_sentences = set(reading.evidence("metric"))
    counts = []
    for s in reading.sentences:
        if s.text not in metric_sentences:
            continue
        lo, hi = s.start, s.end
        numbers = [n for n in reading.numbers if lo <= n.start < hi]
        pairs = len(_FROM_TO_RX.findall(s.text))
        counts.append((max(1, len(numbers) - pairs), s.text))
    return counts


def _many_metrics(reading: AnswerReading) -> tuple[str, ...]:
    """Three outcome numbers within two sentences, or four and more in an
    answer that is mostly numbers."""
    counts = _metric_counts(reading)
    order = {s.text: i for i, s in enumerate(reading.sentences)}
    for i, (n, text) in enumerate(counts):
        if n >= 3:
            return (text,)
        if i + 1 < len(counts):
            n2, text2 = counts[i + 1]
            if order[text2] == order[text] + 1 and n + n2 >= 3:
                return (text, text2)
    total = sum(n for n, _ in counts)
    if total >= 4 and len(counts) * 2 >= len(reading.sentences):
        return tuple(text for _, text in counts)
    return ()


def _team_not_bu(reading: AnswerReading) -> tuple[str, ...]:
    """Adopting teams named inside the candidate's own unit, and no other unit adopting."""
    if reading.cross_bu:
        return ()
    return reading.own_unit_sentences


def _long(reading: AnswerReading, answer_s: float | None, soft_limit_s: float | None) -> bool:
    limit = soft_limit_s if soft_limit_s and soft_limit_s > 0 else DEFAULT_SOFT_LIMIT_S
    seconds = answer_s if answer_s is not None else estimated_seconds(reading)
    return seconds - limit >= max(LONG_OVER_S, LONG_OVER_SHARE * limit)


def _no_specifics(reading: AnswerReading) -> bool:
    return reading.words >= _MIN_WORDS_VAGUE and not reading.numbers and not reading.organisations


def condition_evidence(condition: str, reading: AnswerReading, answer_s: float | None = None,
                       soft_limit_s: float | None = None) -> tuple[bool, tuple[str, ...]]:
    """(met, the sentences that met it)."""
    if condition not in CONDITIONS:
        raise ValueError(f"unknown condition {condition!r}; expected one of {', '.join(CONDITIONS)}")
    if not reading.text.strip():
        return False, ()
    if condition == "many_metrics":
        found = _many_metrics(reading)
        return bool(found), found
    if condition == "execution_language":
        return reading.has("execution_language"), reading.evidence("execution_language")
    if condition == "mandate":
        return reading.mandate, reading.mandate_evidence
    if condition == "team_not_bu":
        found = _team_not_bu(reading)
        return bool(found), found
    if condition == "long_answer":
        return _long(reading, answer_s, soft_limit_s), ()
    return _no_specifics(reading), ()


def meets_condition(condition: str, answer: str, result: LensResult, answer_s: float | None = None,
                    soft_limit_s: float | None = None) -> bool:
    """Whether `answer` (read by the lens as `result`) meets `condition`, one of
    erbsim.core.banks.CONDITIONS. `answer_s` is how long it ran and
    `soft_limit_s` its soft limit (for long_answer; estimated from the word
    count at SPEAKING_WPM when the duration is unknown)."""
    return condition_evidence(condition, AnswerReading(answer, result), answer_s, soft_limit_s)[0]

