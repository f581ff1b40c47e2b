"""Choosing the board's next question.

Balanced across the three categories (strategy, trade-offs, replication), no
repeats within a session, reproducible from a seed, and weighted toward
questions the candidate rated low in earlier sessions.

Questions about the candidate's packet carry slots ({example}, {adopter} ...).
One is drawn only when an example of the packet fills every slot of its text;
the drawn question carries the filled text, the follow-ups that example can
fill, and the example's id. Examples take turns (the least-asked first), so
the board covers the whole packet. With `packet_focus` about three questions
in four are about the packet, the way the real board works.

Questions with a condition ("You've just given me a lot of metrics in a row")
are never drawn: they only make sense after an answer that did that, so the
probe asks for them with `conditional()`.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from erbsim.core.banks import CATEGORIES, CONDITIONS, Question
from erbsim.core.packet.model import Example, Packet
from erbsim.core.packet.slots import fill

PACKET_SHARE = 0.75  # with packet_focus: the share of drawn questions about the packet


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


def fresh_seed() -> int:
    """A new seed for a defense's draw (a plan without one, or the next defense picked ahead)."""
    return random.SystemRandom().randrange(2**31)


def weight_for_score(score: float | None) -> float:
    """Unrated and top-rated questions weigh 1; a question rated 1 of 5 weighs 3."""
    if score is None:
        return 1.0
    return 1.0 + max(0.0, 5.0 - score) * 0.5


def filled(question: Question, example: Example) -> Question | None:
    """`question` about `example`: its text and follow-ups filled from the example
    (follow-ups the example cannot fill are dropped); None when the text cannot be."""
    text = fill(question.text, example)
    if text is None:
        return None
    follow_ups = tuple(f for f in (fill(f, example) for f in question.follow_ups) if f is not None)
    return replace(question, text=text, follow_ups=follow_ups, example_id=example.id)


class QuestionDrawer:
    def __init__(self, questions: Iterable[Question], rng: random.Random,
                 draw_filter: DrawFilter = DrawFilter(),
                 past_scores: Mapping[str, float] | None = None,
                 packet: Packet | None = None, packet_focus: bool = False):
        admitted = [q for q in questions if draw_filter.admits(q)]
        self._filter = draw_filter
        self._rng = rng
        self._scores = dict(past_scores or {})
        self._packet = packet
        self._examples: tuple[Example, ...] = tuple(packet.examples) if packet is not None else ()
        self._conditional = [q for q in admitted if q.condition]
        self._general = [q for q in admitted if not q.condition and not q.is_slotted]
        # A slotted question -> the examples that fill its text, in packet order.
        self._fillers: dict[str, tuple[Example, ...]] = {}
        for question in admitted:
            if question.is_slotted and not question.condition:
                examples = tuple(e for e in self._examples if fill(question.text, e) is not None)
                if examples:
                    self._fillers[question.id] = examples
        self._slotted = [q for q in admitted if q.id in self._fillers]
        self._packet_focus = packet_focus
        self._asked: set[str] = set()
        self._per_category: Counter[str] = Counter()
        self._per_example: Counter[str] = Counter()
        self._drawn = 0  # questions asked as questions (not conditional follow-ups), drawn or marked
        self._about_packet = 0  # ... of which about the packet

    @property
    def pool_size(self) -> int:
        """How many questions draw() could return in a fresh session."""
        return len(self._general) + len(self._slotted)

    @property
    def packet(self) -> Packet | None:
        return self._packet

    def remaining(self) -> int:
        return sum(1 for q in self._general + self._slotted if q.id not in self._asked)

    @property
    def track(self) -> str:
        return self._filter.track

    def was_asked(self, question: Question) -> bool:
        """Has `question` been drawn or marked asked (or set aside) this session?"""
        return question.id in self._asked

    def mark_asked(self, question: Question) -> bool:
        """Record a question asked outside draw(): a resumed session's earlier
        turns, a conditional question the probe chose as a follow-up, a panel's
        pick from the bank. A question already drawn or marked counts once:
        returns whether this call counted it."""
        if question.id in self._asked:
            return False
        self._asked.add(question.id)
        if question.condition:
            return True  # a follow-up to an answer: it counts toward no balance
        self._count(question, 1)
        return True

    def set_aside(self, question: Question) -> None:
        """A question drawn (or marked) but then not asked (a panel's skipped queue item):
        it is never drawn again this session, and no longer counts toward the balance
        of categories, examples and packet share. Call once, only for a question this
        session has counted and not asked."""
        if question.id not in self._asked or question.condition:
            self._asked.add(question.id)
            return
        self._count(question, -1)

    def _count(self, question: Question, step: int) -> None:
        self._per_category[question.category] += step
        self._drawn += step
        if question.example_id or question.is_slotted:
            self._about_packet += step
        if question.example_id:
            self._per_example[question.example_id] += step

    def fill_for(self, question: Question, example_id: str) -> Question | None:
        """A stored question rebuilt for a resumed session: the bank question
        filled from packet example `example_id`; None when that example is gone
        from the packet or no longer fills the question. A question without
        slots comes back unchanged."""
        if not question.is_slotted:
            return question
        example = self._packet.example(example_id) if self._packet is not None else None
        return filled(question, example) if example is not None else None

    def conditional(self, condition: str) -> list[Question]:
        """The admitted questions asked only after an answer that did `condition`
        (one of CONDITIONS), not yet asked, in bank order."""
        if condition not in CONDITIONS:
            raise ValueError(f"unknown condition {condition!r}; expected one of {', '.join(CONDITIONS)}")
        return [q for q in self._conditional if q.condition == condition and q.id not in self._asked]

    def draw(self) -> Question | None:
        """The next question, or None when every drawable question has been asked."""
        drawn = self._choose()
        if drawn is not None:
            self.mark_asked(drawn)
        return drawn

    def peek(self) -> Question | None:
        """The question the next draw() returns, drawing nothing: the seeded chance is wound
        back afterwards, so a session that peeks asks exactly what one that never peeks asks
        (the UI renders the next question's voice ahead). A peek holds only while nothing is
        drawn, marked or set aside in between."""
        state = self._rng.getstate()
        try:
            return self._choose()
        finally:
            self._rng.setstate(state)

    def _choose(self) -> Question | None:
        general = [q for q in self._general if q.id not in self._asked]
        slotted = [q for q in self._slotted if q.id not in self._asked]
        if not general and not slotted:
            return None
        if self._packet_focus and general and slotted:
            pool = slotted if self._packet_turn() else general
        else:
            pool = general + slotted
        category = self._category(pool)
        candidates = [q for q in pool if q.category == category]
        example: Example | None
        if pool is slotted:
            # The least-asked example first, then a question it can fill.
            example = self._least_asked([e for q in candidates for e in self._fillers[q.id]])
            candidates = [q for q in candidates if example.id in {e.id for e in self._fillers[q.id]}]
            question = self._weighted(candidates)
        else:
            question = self._weighted(candidates)
            example = self._least_asked(self._fillers[question.id]) if question.is_slotted else None
        drawn = filled(question, example) if example is not None else question
        assert drawn is not None  # _fillers holds only examples that fill the text
        return drawn

    def _packet_turn(self) -> bool:
        """With packet_focus: is this draw about the packet? By seeded chance at
        PACKET_SHARE, kept within one question of that share at every point."""
        target = PACKET_SHARE * (self._drawn + 1)  # questions about the packet after this draw, ideally
        if self._about_packet + 1 > target + 1:
            return False
        if self._about_packet < target - 1:
            return True
        return self._rng.random() < PACKET_SHARE

    def _category(self, pool: Sequence[Question]) -> str:
        """The least-asked category that still has questions; ties by seeded chance."""
        available = [c for c in CATEGORIES if any(q.category == c for q in pool)]
        fewest = min(self._per_category[c] for c in available)
        return self._rng.choice([c for c in available if self._per_category[c] == fewest])

    def _weighted(self, candidates: Sequence[Question]) -> Question:
        weights = [weight_for_score(self._scores.get(q.id)) for q in candidates]
        return self._rng.choices(candidates, weights=weights, k=1)[0]

    def _least_asked(self, examples: Iterable[Example]) -> Example:
        ids = {e.id for e in examples}
        ordered = [e for e in self._examples if e.id in ids]  # packet order, so a seed gives one answer
        fewest = min(self._per_example[e.id] for e in ordered)
        return self._rng.choice([e for e in ordered if self._per_example[e.id] == fewest])
