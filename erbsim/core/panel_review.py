"""What a panel session recorded, arranged for reading it back: the board as it
ran, every rater's scores beside the candidate's own, the flags, timed notes
and pauses of each answer at their moment in it, and the vote.

Pure functions over a SessionDetail; the export (Markdown, HTML, PDF) and the
review's widgets both use them, so they say the same thing. A solo session
simply has no board, no votes and no flags: every function still answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from erbsim.core.board import Board, BoardError, BoardSeat
from erbsim.core.seats import SEAT_IDS, seat_by_id
from erbsim.core.store import SELF, BoardOutcome, Session, SessionDetail, Turn

TIMELINE_KINDS = ("flag", "note", "pause")
RATER_MENTOR = "mentor"


@dataclass(frozen=True)
class TimelineItem:
    """A moment the mentor marked during an answer."""
    kind: str  # one of TIMELINE_KINDS
    at_s: float  # seconds from the session's start
    into_s: float | None  # seconds into the answer; None when raised before the answer began
    text: str  # the flag ("vague", "no metric", ...), the note, or "" for a pause
    author: str
    duration_s: float | None = None  # a pause: until the clock ran again (None: never resumed)


@dataclass(frozen=True)
class ScoreTable:
    """One answer's scores: raters in order (self first), and each dimension's score by rater."""
    raters: tuple[str, ...]
    scores: dict[str, dict[str, int]]  # dimension -> rater -> score

    def score(self, dimension: str, rater: str) -> int | None:
        return self.scores.get(dimension, {}).get(rater)


def board_of(session: Session) -> Board | None:
    """The board a panel ran with, or None (a solo session, or a board that cannot be read)."""
    if not session.board:
        return None
    try:
        return Board.from_dict(session.board)
    except BoardError:
        return None


def seat_of(session: Session, seat_id: str | None) -> BoardSeat | None:
    board = board_of(session)
    if board is None or seat_id not in SEAT_IDS:
        return None
    return board.seat(seat_id)


def seat_name(session: Session, seat_id: str | None) -> str:
    """"Ana Ruiz, CPO" from the panel's board, else the persona's name and title."""
    seat = seat_of(session, seat_id)
    if seat is not None:
        return f"{seat.name}, {seat.role}" if seat.role else seat.name
    if seat_id in SEAT_IDS:
        persona = seat_by_id(seat_id)
        return f"{persona.name}, {persona.title}"
    return seat_id or "–"


def rater_label(session: Session, rater: str, *, short: bool = False) -> str:
    """Who gave a score, for people: "Self", "Mentor (Ana)" ("Mentor" when short), a seat's
    person by name."""
    if rater == SELF:
        return "Self"
    if rater == RATER_MENTOR:
        return f"Mentor ({session.mentor})" if session.mentor and not short else "Mentor"
    seat = seat_of(session, rater)
    if seat is not None:
        return seat.name
    if rater in SEAT_IDS:
        return seat_by_id(rater).name
    return rater


def score_table(turn: Turn) -> ScoreTable:
    """Self first, then the mentor, then the seats in seat order, then anyone else by name."""
    scores: dict[str, dict[str, int]] = {}
    raters: set[str] = set()
    for r in turn.ratings:
        scores.setdefault(r.dimension, {})[r.rater] = r.score
        raters.add(r.rater)

    def order(rater: str) -> tuple[int, int, str]:
        if rater == SELF:
            return (0, 0, "")
        if rater == RATER_MENTOR:
            return (1, 0, "")
        if rater in SEAT_IDS:
            return (2, SEAT_IDS.index(rater), "")
        return (3, 0, rater.casefold())

    return ScoreTable(tuple(sorted(raters, key=order)), scores)


def judged_by_others(turn: Turn) -> bool:
    return any(r.rater != SELF for r in turn.ratings)


def _turn_windows(detail: SessionDetail) -> list[tuple[Turn, float, float]]:
    """Each turn with the stretch of the session it owns: from its question to the next one."""
    timed = [t for t in detail.turns if t.asked_at_s is not None]
    timed.sort(key=lambda t: (t.asked_at_s, t.position))
    out = []
    for i, turn in enumerate(timed):
        end = timed[i + 1].asked_at_s if i + 1 < len(timed) else float("inf")
        out.append((turn, float(turn.asked_at_s or 0.0), float(end or 0.0)))
    return out


def _owner(detail: SessionDetail, turn_id: int | None, at_s: float | None) -> int | None:
    """The turn a moment belongs to: the one it names, else the one whose stretch holds it."""
    if turn_id is not None:
        return turn_id
    if at_s is None:
        return None
    for turn, start, end in _turn_windows(detail):
        if start <= at_s < end:
            return turn.id
    return None


def _into(turn: Turn | None, at_s: float) -> float | None:
    if turn is None or turn.answer_started_s is None or at_s < turn.answer_started_s:
        return None
    return at_s - turn.answer_started_s


def timeline(detail: SessionDetail) -> dict[int | None, list[TimelineItem]]:
    """Flags, timed notes and pauses by the turn they belong to (None: outside every answer),
    each list in time order. Notes without a time are not moments and are left out."""
    turns = {t.id: t for t in detail.turns}
    out: dict[int | None, list[TimelineItem]] = {}

    def put(turn_id: int | None, at_s: float, kind: str, text: str, author: str,
            duration_s: float | None = None) -> None:
        owner = _owner(detail, turn_id, at_s)
        out.setdefault(owner, []).append(
            TimelineItem(kind, at_s, _into(turns.get(owner) if owner is not None else None, at_s), text, author,
                         duration_s))

    events = sorted(detail.events, key=lambda ev: (ev.at_s, ev.id))
    for i, ev in enumerate(events):
        if ev.kind == "flag":
            put(ev.turn_id, ev.at_s, "flag", ev.text, ev.author)
        elif ev.kind == "pause":
            resume = next((r for r in events[i + 1:] if r.kind == "resume"), None)
            put(ev.turn_id, ev.at_s, "pause", ev.text, ev.author,
                None if resume is None else max(0.0, resume.at_s - ev.at_s))
    for note in detail.notes:
        if note.at_s is not None:
            put(note.turn_id, note.at_s, "note", note.text, note.author)
    for items in out.values():
        items.sort(key=lambda item: item.at_s)
    return out


def pauses(detail: SessionDetail) -> list[TimelineItem]:
    """Every pause of the board's clock, in order."""
    return sorted((item for items in timeline(detail).values() for item in items if item.kind == "pause"),
                  key=lambda item: item.at_s)


def verdict(outcome: BoardOutcome) -> str:
    return {True: "approved", False: "not approved", None: "undecided"}[outcome.approved]


def outcome_line(outcome: BoardOutcome) -> str:
    """"4 approve, 1 reject: approved (4 of 5 needed)"."""
    return (f"{outcome.passes} approve, {outcome.fails} reject: {verdict(outcome)} "
            f"({outcome.needed} of {len(SEAT_IDS)} needed)")


VOTE_WORDS = {"pass": "approve", "fail": "reject"}


def timeline_line(item: TimelineItem) -> str:
    """"Flag “no metric” at 1:05 into the answer" — the time is said by the caller (see `when`)."""
    if item.kind == "flag":
        return f"Flag “{item.text}”"
    if item.kind == "pause":
        length = "" if item.duration_s is None else f" for {_clock(item.duration_s)}"
        why = f" ({item.text})" if item.text else ""
        return f"Clock paused{length}{why}"
    return f"Note: {item.text}"


def when(item: TimelineItem) -> str:
    if item.into_s is not None:
        return f"{_clock(item.into_s)} into the answer"
    return f"{_clock(item.at_s)} on the board's clock"


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
