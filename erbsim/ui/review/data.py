"""What the detail page needs, loaded on the store's thread in one go (after a
change the page loads it again: the lens results are cached by text, so that is quick)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from erbsim.core.banks import Question
from erbsim.core.listening import SessionHeard, listen_to_session
from erbsim.core.store import SessionDetail, Store, Turn
from erbsim.core.trends import DEFAULT_SOFT_LIMIT_S, AnswerReview, review_answer


@dataclass
class SessionData:
    detail: SessionDetail
    reviews: dict[int, AnswerReview]
    attempts: dict[str, int] = field(default_factory=dict)  # question_id -> answers across sessions
    soft_limit_s: float = DEFAULT_SOFT_LIMIT_S
    heard: SessionHeard = field(default_factory=SessionHeard)  # listen_for, follow-up reasons, cut-ins, track

    def turn(self, turn_id: int) -> Turn | None:
        return next((t for t in self.detail.turns if t.id == turn_id), None)

    def notes_for(self, turn_id: int | None):
        return [n for n in self.detail.notes if n.turn_id == turn_id]


def load_session(store: Store, session_id: int, soft_limit_s: float = DEFAULT_SOFT_LIMIT_S,
                 questions: Mapping[str, Question] | None = None) -> SessionData:
    """`soft_limit_s` (the current setting) stands in for sessions saved without their own;
    `questions` (bank questions by id) give each answer's listen_for."""
    detail = store.get_session(session_id)
    soft_limit_s = detail.session.soft_limit_s or soft_limit_s
    reviews = {t.id: review_answer(t, soft_limit_s) for t in detail.turns}
    attempts = store.attempt_counts(t.question_id for t in detail.turns if t.question_id)
    return SessionData(detail, reviews, attempts, soft_limit_s, listen_to_session(detail, questions or {}))

