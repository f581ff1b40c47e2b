"""One answer being read: its text, cleaned copy, sentences, numbers and the
signals found so far. The rules read it and record their evidence in it."""

from __future__ import annotations

from .cleaning import clean
from .factuality import achieved
from .negation import negated_before
from .numbers import find_numbers
from .results import SIGNALS, Evidence, Sentence, Signal
from .sentences import split_sentences

__all__ = ["AnswerContext"]


class AnswerContext:
    def __init__(self, text: str):
        self.text = text
        self.clean = clean(text)
        self.sentences = split_sentences(text)
        self.numbers = find_numbers(self.clean)
        self.signals = {name: Signal(name) for name in SIGNALS}
        self._index = {s.start: i for i, s in enumerate(self.sentences)}

    def sentence_at(self, pos: int) -> Sentence:
        """The sentence holding character `pos` (the whole text if none does)."""
        for s in self.sentences:
            if s.start <= pos < s.end:
                return s
        return Sentence(0, len(self.text), self.text)

    def neighbours(self, s: Sentence) -> tuple[Sentence | None, Sentence | None]:
        """The sentences just before and just after `s` (None at either end)."""
        i = self._index[s.start]
        before = self.sentences[i - 1] if i > 0 else None
        after = self.sentences[i + 1] if i + 1 < len(self.sentences) else None
        return before, after

    def sent_clean(self, s: Sentence) -> str:
        """The cleaned text of sentence `s` (offsets relative to s.start)."""
        return self.clean[s.start:s.end]

    def negated(self, s: Sentence, pos: int, window: int) -> bool:
        """Negation in the clause just before `pos`, an offset inside sentence `s`."""
        return negated_before(self.clean, s.start + pos, s.start, window)

    def achieved(self, s: Sentence, start: int, end: int) -> bool:
        """Is the claim at start..end (offsets inside sentence `s`) an achieved
        fact: not negated, future, planned, conditional or taken back?"""
        return achieved(self.clean, s.start, s.end, s.start + start, s.start + end)

    def add(self, signal: str, rule: str, start: int, end: int, sentence: Sentence | None = None) -> None:
        """Record that `rule` fired for `signal` on text[start:end] (once per rule and sentence)."""
        sentence = sentence or self.sentence_at(start)
        sig = self.signals[signal]
        for ev in sig.evidence:
            if ev.start == sentence.start and ev.rule == rule:
                return
        sig.present = True
        sig.evidence.append(Evidence(rule, sentence.text, sentence.start, sentence.end,
                                     self.text[start:end], start, end))
