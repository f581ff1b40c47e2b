"""Word timings of a machine transcript: how they are stored, and how a place
in the text maps back to a time in the audio."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

_WORD_KEYS = ("text", "start", "end", "probability")


def encode_words(words: Iterable[Mapping]) -> str:
    """Word timings as compact JSON: [[text, start, end, probability], ...],
    times rounded to the millisecond (a 45-minute session has ~6,000 words)."""
    rows = []
    for w in words:
        start, end, prob = w.get("start"), w.get("end"), w.get("probability")
        rows.append([str(w.get("text", "")),
                     None if start is None else round(float(start), 3),
                     None if end is None else round(float(end), 3),
                     None if prob is None else round(float(prob), 3)])
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def decode_words(stored: str | None) -> list[dict] | None:
    """[{text, start, end, probability}] from the stored form."""
    if not stored:
        return None
    return [dict(zip(_WORD_KEYS, row, strict=True)) if isinstance(row, list) else dict(row)
            for row in json.loads(stored)]


def _word_spans(text: str, words: Iterable[Any]):
    """Yield (start, end, start_time) for each timed word found in the text, in
    order; words not found are skipped. Accepts stored rows or word dicts."""
    pos, lowered = 0, None
    for word in words:
        if isinstance(word, Mapping):
            token, start_time = word.get("text", ""), word.get("start")
        else:
            token, start_time = word[0], word[1]
        token = str(token).strip()
        if not token:
            continue
        at = text.find(token, pos)
        if at < 0:
            lowered = lowered or text.lower()
            at = lowered.find(token.lower(), pos)
        if at < 0:
            continue
        yield at, at + len(token), start_time
        pos = at + len(token)


def time_of_offset(text: str, words: Iterable[Any] | None, offset: int) -> float | None:
    """Start time of the word at character `offset` of `text` (or the next one)."""
    if not words:
        return None
    for _start, end, start_time in _word_spans(text, words):
        if end > offset:
            return float(start_time) if start_time is not None else None
    return None
