"""The mentor's side of a panel's questions: the upcoming queue and the bank browser.

`PanelQueue` keeps `size` upcoming questions drawn through the session's
QuestionDrawer, which already balances the three categories, turns to the
packet's examples, fills slotted questions and never draws a conditional one.
Every item carries the board seat that will ask it: the seat whose emphasis
(BoardSeat.dimensions, .categories, and .track against the session's track)
fits the question best, else the question's own seat. A seat marked as a real
person gets questions like any other (the person asks them).

Queue items count as drawn in the drawer from the moment they are queued, so
the draws after them balance around them and the engine's `ask()` of a taken
item counts nothing twice. A skipped item is set aside: never drawn again this
session and no longer counted. Taking or skipping tops the queue up to `size`;
`refill()` tops it up on demand (after the size changed, say). `insert()` may
push the queue past `size`; nothing is dropped to make room.

The usual round: `item = queue.pop(0)` (or `queue.take(0)` for the question
alone) then `session.ask(item.question, seat=item.seat)`. A question asked from
the bank browser instead leaves the queue with `remove(question)`.

`filter_questions` is the bank browser's search. It takes the packet
(`packet=`): a question about the packet is listed once per example that fills
it, filled from that example (text, follow-ups, example_id), so what the mentor
picks can be asked as it stands; without a packet, or when no example fills
it, a slotted question is not listed at all (its raw "{example}" text cannot
be asked).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from erbsim.core.banks import Question
from erbsim.core.board import Board, BoardSeat
from erbsim.core.drawing import QuestionDrawer, filled
from erbsim.core.packet.model import Packet


class QueueItem(NamedTuple):
    question: Question
    seat: str  # the board seat (persona id) that asks it


def emphasis_score(seat: BoardSeat, question: Question, track: str) -> int:
    """How well `question` fits `seat`'s emphasis in a defense on `track`: 2 for its
    dimension, 2 for its category; for a seat that leads on one track, 3 when the defense
    is on that track and the question is written for it (the chief architect takes the
    Principal questions), -2 when the defense is on the other track. An empty emphasis
    (all dimensions, all categories, both tracks) adds 0."""
    score = 2 * (question.dimension in seat.dimensions) + 2 * (question.category in seat.categories)
    if seat.track != "both":
        if seat.track != track:
            score -= 2
        elif question.track == track:
            score += 3
    return score


class PanelQueue:
    def __init__(self, drawer: QuestionDrawer, board: Board, size: int = 6, track: str | None = None):
        if size < 1:
            raise ValueError("a queue holds at least one question")
        self.drawer = drawer
        self.board = board
        self.size = size
        self.track = track if track is not None else drawer.track
        self._items: list[QueueItem] = []
        self._counted: set[str] = set()  # ids this queue counted in the drawer (drawn, or inserted and new)
        self._load: Counter[str] = Counter()  # questions given to each seat, for ties
        self.skipped: list[Question] = []
        self.refill()

    @property
    def items(self) -> tuple[QueueItem, ...]:
        return tuple(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def seat_for(self, question: Question) -> str:
        """The seat that asks `question`: best emphasis score above 0; ties go to the
        question's own seat, then to the seat given the fewest questions, then seat order.
        No fitting seat: the question's own."""
        scored = [(emphasis_score(s, question, self.track), s.seat) for s in self.board.seats]
        best = max((score for score, _ in scored), default=0)
        if best <= 0:
            return question.seat
        tied = [seat for score, seat in scored if score == best]
        if question.seat in tied:
            return question.seat
        return min(tied, key=lambda seat: (self._load[seat], tied.index(seat)))

    def refill(self) -> int:
        """Draw until the queue holds `size` items or the drawer runs dry; returns how many were added."""
        added = 0
        while len(self._items) < self.size:
            question = self.drawer.draw()
            if question is None:
                break
            self._counted.add(question.id)
            self._items.append(self._item(question))
            added += 1
        return added

    def move(self, i: int, j: int) -> None:
        """Move item `i` to position `j` (clamped to the queue)."""
        item = self._items.pop(i)
        self._items.insert(max(0, min(j, len(self._items))), item)

    def skip(self, i: int) -> Question:
        """Drop item `i` for this session (never drawn again) and top the queue up."""
        item = self._items.pop(i)
        self._load[item.seat] -= 1
        if item.question.id in self._counted:
            self._counted.discard(item.question.id)
            self.drawer.set_aside(item.question)
        self.skipped.append(item.question)
        self.refill()
        return item.question

    def insert(self, question: Question, at: int = 0, seat: str | None = None) -> QueueItem:
        """Queue `question` (a bank-browser pick) at position `at`, asked by `seat` (default:
        by emphasis). Already queued: it moves there instead."""
        if seat is not None:
            self.board.seat(seat)  # KeyError for a seat not on the board
        existing = self._index(question)
        if existing is not None:
            item = self._items.pop(existing)
            if seat is not None and seat != item.seat:
                self._load[item.seat] -= 1
                self._load[seat] += 1
                item = QueueItem(item.question, seat)
        else:
            if self.drawer.mark_asked(question):
                self._counted.add(question.id)
            item = self._item(question, seat)
        self._items.insert(max(0, min(at, len(self._items))), item)
        return item

    def assign(self, i: int, seat: str) -> QueueItem:
        """Give item `i` to another seat."""
        self.board.seat(seat)
        old = self._items[i]
        self._load[old.seat] -= 1
        self._load[seat] += 1
        self._items[i] = QueueItem(old.question, seat)
        return self._items[i]

    def pop(self, i: int = 0) -> QueueItem:
        """Take item `i` off the queue to ask it now, and top the queue up."""
        item = self._items.pop(i)
        self._counted.discard(item.question.id)
        self.refill()
        return item

    def take(self, i: int = 0) -> Question:
        """`pop(i)`'s question (its seat is items[i].seat before taking)."""
        return self.pop(i).question

    def remove(self, question: Question) -> bool:
        """`question` was asked from elsewhere (the bank browser): it leaves the queue,
        which tops up. Returns whether it was queued."""
        index = self._index(question)
        if index is None:
            return False
        self.pop(index)
        return True

    def _index(self, question: Question) -> int | None:
        for index, item in enumerate(self._items):
            if item.question.id == question.id:
                return index
        return None

    def _item(self, question: Question, seat: str | None = None) -> QueueItem:
        chosen = seat if seat is not None else self.seat_for(question)
        self._load[chosen] += 1
        return QueueItem(question, chosen)


def filter_questions(questions: Iterable[Question], text: str = "", category: str | None = None,
                     dimension: str | None = None, seat: str | None = None, track: str | None = None,
                     slotted: bool | None = None, *, packet: Packet | None = None,
                     lang: str | None = None) -> list[Question]:
    """The bank browser's search, in bank order. `text`: every word must occur (case
    ignored) in the question's text, follow-ups or listen-for notes (filled ones, for
    a question about the packet). `track`: questions that fit it (a "both" question fits
    either). `slotted`: True, only questions about the packet (filled, one per example that
    fills it); False, only general ones; None, both. See the module notes on `packet`."""
    words = text.lower().split()
    examples = packet.examples if packet is not None else ()
    found: list[Question] = []
    for question in questions:
        if category is not None and question.category != category:
            continue
        if dimension is not None and question.dimension != dimension:
            continue
        if seat is not None and question.seat != seat:
            continue
        if track is not None and not question.fits_track(track):
            continue
        if lang is not None and question.lang != lang:
            continue
        if slotted is not None and question.is_slotted != slotted:
            continue
        if question.is_slotted:
            versions = [q for q in (filled(question, e) for e in examples) if q is not None]
        else:
            versions = [question]
        found += [q for q in versions if _matches(q, words)]
    return found


def _matches(question: Question, words: list[str]) -> bool:
    haystack = "\n".join((question.text, *question.follow_ups, question.listen_for)).lower()
    return all(word in haystack for word in words)
