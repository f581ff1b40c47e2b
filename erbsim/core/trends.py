"""What the review shows, computed without Qt: per-answer analytics and ERB-lens
reading, attempts of one question side by side, and trends over sessions.

One answer (`review_answer`): delivery analytics from its word timings and the
ERB lens on its text. When the answer was corrected by hand, everything that
depends on the words (count, pace, fillers, lens) is computed from the
correction; pauses and the longest stretch come from the audio's timings,
which a correction does not change.

Trends (`compute_trends` / `load_trends`): one point per session, oldest first:
pace (words per minute over all its answers), fillers per minute, average
answer length (words and seconds), self and mentor scores per dimension, and
for each lens signal the share of answers in which it was heard.

Pure functions over storage records; `load_trends` and
`questions_with_attempts` read a Store (call them on its thread).
"""

from __future__ import annotations

import hashlib
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace

from erbsim.core import analytics, lens
from erbsim.core.lens import Feedback
from erbsim.core.store import SELF, Attempt, QuestionAttempts, SessionDetail, Store, Turn

__all__ = [
    "DEFAULT_SOFT_LIMIT_S", "AnswerReview", "SessionPoint", "Trends", "QuestionAttempts",
    "review_answer", "answer_stats", "session_point", "compute_trends", "load_trends",
    "questions_with_attempts", "review_attempts", "timed_words",
]

DEFAULT_SOFT_LIMIT_S = 180.0  # the app's default soft limit per answer (Settings)
DIMENSIONS = lens.DIMENSIONS
SIGNALS = lens.SIGNALS


# ---------------------------------------------------------------- one answer


@dataclass(frozen=True)
class AnswerReview:
    turn_id: int
    text: str  # what was analysed: the correction if any, else the machine transcript
    corrected: bool
    stats: analytics.DeliveryStats
    lens: lens.LensResult
    feedback: tuple[Feedback, ...]  # not lens.Feedback: the field above hides the module here

    @property
    def signals(self) -> list[str]:
        return self.lens.present()


def timed_words(turn: Turn) -> list[dict]:
    """The machine words with usable timings, in seconds from the answer's
    start (the word times are seconds into the audio file; the answer starts
    at turn.audio_offset_s in it)."""
    offset = turn.audio_offset_s or 0.0
    out = []
    for w in turn.words or ():
        if w.get("start") is None or w.get("end") is None or not str(w.get("text", "")).strip():
            continue
        out.append({"text": str(w["text"]).strip(), "start": max(0.0, float(w["start"]) - offset),
                    "end": max(0.0, float(w["end"]) - offset)})
    return out


def _duration(turn: Turn, words: Sequence[Mapping]) -> float | None:
    if turn.answer_duration_s:
        return turn.answer_duration_s
    if words:
        return max(float(w["end"]) for w in words)
    return None


def answer_stats(turn: Turn, soft_limit_s: float | None = DEFAULT_SOFT_LIMIT_S) -> analytics.DeliveryStats:
    """Delivery analytics for one answer, using the hand correction when there is one."""
    words = timed_words(turn)
    duration = _duration(turn, words)
    text = turn.text or ""
    if words and turn.corrected_text is None:
        return analytics.analyze_words(words, duration=duration, soft_limit=soft_limit_s)
    stats = analytics.analyze_text(text, duration=duration, soft_limit=soft_limit_s)
    if words:
        # timings belong to the audio, which the correction does not change
        timed = analytics.analyze_words(words, duration=duration, soft_limit=soft_limit_s)
        speaking = None
        if duration and timed.total_pause_s is not None and duration - timed.total_pause_s > 0:
            speaking = round(stats.word_count * 60.0 / (duration - timed.total_pause_s), 2)
        stats = replace(stats, pauses=timed.pauses, total_pause_s=timed.total_pause_s,
                        longest_stretch=timed.longest_stretch, speaking_words_per_minute=speaking)
    return stats


_LENS_CACHE: dict[str, tuple[lens.LensResult, tuple[lens.Feedback, ...]]] = {}
_LENS_CACHE_MAX = 20_000


def _lens(text: str) -> tuple[lens.LensResult, tuple[lens.Feedback, ...]]:
    """The lens is deterministic: cache by text (trends re-read many answers)."""
    key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    hit = _LENS_CACHE.get(key)
    if hit is None:
        result = lens.analyze(text)
        hit = (result, tuple(lens.feedback(result)))
        if len(_LENS_CACHE) >= _LENS_CACHE_MAX:
            _LENS_CACHE.clear()
        _LENS_CACHE[key] = hit
    return hit


def review_answer(turn: Turn, soft_limit_s: float | None = DEFAULT_SOFT_LIMIT_S) -> AnswerReview:
    text = turn.text or ""
    result, advice = _lens(text)
    return AnswerReview(turn.id, text, turn.corrected_text is not None, answer_stats(turn, soft_limit_s),
                        result, advice)


def _answered(turn: Turn) -> bool:
    return bool((turn.text or "").strip())


# ---------------------------------------------------------------- trends


@dataclass(frozen=True)
class SessionPoint:
    session_id: int
    started_at: str
    track: str
    mode: str
    answers: int  # answers with any text
    words_per_minute: float | None  # all words / all answer time
    fillers_per_minute: float | None
    answer_words: float | None  # mean words per answer
    answer_seconds: float | None  # mean answer duration
    self_scores: dict[str, float] = field(default_factory=dict)  # dimension -> mean
    mentor_scores: dict[str, float] = field(default_factory=dict)
    signals: dict[str, float] = field(default_factory=dict)  # signal -> share of answers (0..1)


@dataclass(frozen=True)
class Trends:
    points: tuple[SessionPoint, ...]

    def series(self, name: str) -> list[tuple[int, float]]:
        """(index of point, value) for an attribute, skipping sessions without one.
        `name` is an attribute ("words_per_minute") or "self:<dimension>",
        "mentor:<dimension>", "signal:<name>"."""
        out = []
        for i, p in enumerate(self.points):
            if ":" in name:
                kind, key = name.split(":", 1)
                value = {"self": p.self_scores, "mentor": p.mentor_scores, "signal": p.signals}[kind].get(key)
            else:
                value = getattr(p, name)
            if value is not None:
                out.append((i, value))
        return out

    def to_dict(self) -> dict:
        return {"points": [asdict(p) for p in self.points]}


def _mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return _mean_of(values) if values else None


def _mean_of(values: Sequence[float]) -> float:
    """The mean of values there are (at least one)."""
    return round(statistics.fmean(values), 3)


def session_point(detail: SessionDetail, soft_limit_s: float | None = DEFAULT_SOFT_LIMIT_S) -> SessionPoint:
    answered = [t for t in detail.turns if _answered(t)]
    reviews = [review_answer(t, soft_limit_s) for t in answered]
    # (stats, seconds) of the answers that have a length
    timed = [(r.stats, r.stats.duration_s) for r in reviews if r.stats.duration_s]
    seconds = sum(d for _, d in timed)
    wpm = round(sum(st.word_count for st, _ in timed) * 60.0 / seconds, 2) if seconds else None
    fpm = round(sum(st.filler_count for st, _ in timed) * 60.0 / seconds, 2) if seconds else None
    scores: dict[str, dict[str, list[int]]] = {"self": {}, "mentor": {}}
    for turn in detail.turns:
        for r in turn.ratings:
            side = "self" if r.rater == SELF else "mentor"
            scores[side].setdefault(r.dimension, []).append(r.score)
    signals = {}
    if reviews:
        signals = {name: round(sum(1 for r in reviews if r.lens.has(name)) / len(reviews), 3) for name in SIGNALS}
    s = detail.session
    return SessionPoint(
        session_id=s.id, started_at=s.started_at, track=s.track, mode=s.mode, answers=len(reviews),
        words_per_minute=wpm, fillers_per_minute=fpm,
        answer_words=_mean(r.stats.word_count for r in reviews),
        answer_seconds=_mean(d for _, d in timed),
        self_scores={d: _mean_of(v) for d, v in sorted(scores["self"].items())},
        mentor_scores={d: _mean_of(v) for d, v in sorted(scores["mentor"].items())},
        signals=signals)


def compute_trends(details: Iterable[SessionDetail], soft_limit_s: float | None = DEFAULT_SOFT_LIMIT_S) -> Trends:
    """One point per session with at least one answer, oldest first."""
    points = [session_point(d, soft_limit_s) for d in details]
    points = [p for p in points if p.answers]
    points.sort(key=lambda p: (p.started_at, p.session_id))
    return Trends(tuple(points))


def load_trends(store: Store, limit: int | None = 50, *, track: str | None = None, mode: str | None = None,
                soft_limit_s: float | None = DEFAULT_SOFT_LIMIT_S) -> Trends:
    """Trends over the newest `limit` sessions (all when None), shown oldest first.
    Running sessions are left out."""
    summaries = [s for s in store.list_sessions(limit=None if limit is None else limit * 2 + 10,
                                                 track=track, mode=mode)
                 if s.status != "running"]
    if limit is not None:
        summaries = summaries[:limit]
    return compute_trends((store.get_session(s.id) for s in summaries), soft_limit_s)


# ---------------------------------------------------------------- attempts


def questions_with_attempts(store: Store, minimum: int = 1) -> list[QuestionAttempts]:
    """Bank questions that were answered, most attempted first."""
    return store.answered_questions(minimum)


def review_attempts(attempts: Iterable[Attempt], soft_limit_s: float | None = DEFAULT_SOFT_LIMIT_S,
                    ) -> list[tuple[Attempt, AnswerReview]]:
    return [(a, review_answer(a.turn, soft_limit_s)) for a in attempts]
