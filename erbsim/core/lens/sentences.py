"""Splitting a spoken transcript into sentences, the unit of evidence.

Transcripts have loose punctuation and run-on "and then" chains, so besides
. ! ? ; and line breaks this also splits at chain words, and, in long stretches
with no punctuation at all, at "and I" / "but we" / "so it".
"""

from __future__ import annotations

import re

from .results import Sentence

__all__ = ["split_sentences"]

_ABBREV = ("e.g", "i.e", "mr", "mrs", "ms", "dr", "vs", "etc", "approx", "no")
_SENT_END_RX = re.compile(r"[.!?;]+(?=\s|$)|\n\s*\n|\n")
# Run-on speech: split at these when a stretch has no punctuation for a while.
_CHAIN_RX = re.compile(
    r"(?<![\s,])[\s,]+(?=(?:and\s+then|and\s+so|so\s+then|after\s+that|but\s+then|and\s+now|"
    r"and\s+today|and\s+afterwards|then\s+(?:i|we|they|it)\b))", re.I)
_RUNON_RX = re.compile(r"(?<![\s,])[\s,]+(?=(?:and|but|so)\s+(?:i|we|they|it|then|now|today)\b)", re.I)
_RUNON_WORDS = 28


def split_sentences(text: str) -> list[Sentence]:
    """Split a transcript into sentences, coping with missing punctuation.

    Splits at . ! ? ; and line breaks (not inside "Ele.me", "2.5" or "e.g."),
    then at "and then" / "so then" / "after that" chains, then, only in a
    stretch longer than ~28 words, at "and I", "but we", "so it" ...
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENT_END_RX.finditer(text):
        before = text[pos:m.start()].rstrip().lower()
        if m.group(0).startswith(".") and any(before.endswith(" " + a) or before == a for a in _ABBREV):
            continue
        spans.append((pos, m.end()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))

    def cut(spans, rx, min_words):
        out = []
        for s, e in spans:
            chunk = text[s:e]
            if len(chunk.split()) < min_words:
                out.append((s, e))
                continue
            last = s
            for m in rx.finditer(chunk):
                cut_at = s + m.start()
                if len(text[last:cut_at].split()) >= 3:
                    out.append((last, cut_at))
                    last = s + m.end()
            out.append((last, e))
        return out

    spans = cut(spans, _CHAIN_RX, 6)
    spans = cut(spans, _RUNON_RX, _RUNON_WORDS)
    sentences = []
    for s, e in spans:
        chunk = text[s:e]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        s2, e2 = s + lead, e - trail
        if e2 > s2 and re.search(r"\w", text[s2:e2]):
            sentences.append(Sentence(s2, e2, text[s2:e2]))
    return sentences
