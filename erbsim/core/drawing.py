"""Choosing the board's next question.

Balanced across the three categories (strategy, trade-offs, replication), no
repeats within a session, reproducible from a seed, and weighted toward
questions the candidate rated low in earlier sessions.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from erbsim.core.banks import CATEGORIES, Question


@dataclass(frozen=True)
class DrawFilter:
    track: str = "staff"
    seats: tuple[str, ...] | None = None  # None: all seats
    banks: tuple[str, ...] | None = None  # None: all banks
    lang: str = "en"

    def admits(self, question: Question) -> bool:
        return (question.fits_track(self.track)
                and question.lang == self.lang
                and (self.seats is None or question.seat in self.seats)
                and (self.banks is None or question.bank in self.banks))


def weight_for_score(score: float | None) -> float:
    """Unrated and top-rated questions weigh 1; a question rated 1 of 5 weighs 3."""
    if score is None:
        return 1.0
    return 1.0 + max(0.0, 5.0 - score) * 0.5


class QuestionDrawer:
    def __init__(self, questions: Iterable[Question], rng: random.Random,
                 draw_filter: DrawFilter = DrawFilter(),
                 past_scores: Mapping[str, float] | None = None):
        self._pool = [q for q in questions if draw_filter.admits(q)]
        self._rng = rng
        self._scores = dict(past_scores or {})
        self._asked: set[str] = set()
        self._per_category: Counter[str] = Counter()

    @property
    def pool_size(self) -> int:
        return len(self._pool)

    def remaining(self) -> int:
        return sum(1 for q in self._pool if q.id not in self._asked)

    def mark_asked(self, question: Question) -> None:
        """Record a question asked outside draw() (a resumed session's earlier turns)."""
        self._asked.add(question.id)
        self._per_category[question.category] += 1

    def draw(self) -> Question | None:
        """The next question, or None when every admitted question has been asked."""
        fresh = [q for q in self._pool if q.id not in self._asked]
        if not fresh:
            return None
        available = {q.category for q in fresh}
        # The least-asked category that still has questions; ties by seeded chance.
        categories = [c for c in CATEGORIES if c in available]
        fewest = min(self._per_category[c] for c in categories)
        category = self._rng.choice([c for c in categories if self._per_category[c] == fewest])
        candidates = [q for q in fresh if q.category == category]
        weights = [weight_for_score(self._scores.get(q.id)) for q in candidates]
        question = self._rng.choices(candidates, weights=weights, k=1)[0]
        self.mark_asked(question)
        return question
