"""What the store hands out: frozen records, the errors it raises, and the
enumerations it checks (in Python, not by CHECK constraints: see schema.py).

Times of day are ISO 8601 UTC strings (``2026-08-14T09:30:00.000Z``); times
within a session are float seconds from its start; audio paths are relative
to the data folder.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from erbsim.core.seats import SEAT_IDS

STATUSES = ("running", "finished", "abandoned", "interrupted")
MODES = ("solo", "panel")
TRACKS = ("staff", "principal")
VOTES = ("pass", "fail")
SELF = "self"
VOTES_NEEDED = 4  # of five seats


# ---------------------------------------------------------------- errors


class StorageError(RuntimeError):
    pass


class SchemaError(RuntimeError):
    """The database cannot be used by this version of erbsim."""


class SessionNotFound(StorageError, KeyError):
    def __init__(self, session_id: Any):
        super().__init__(f"no session with id {session_id}")
        self.session_id = session_id

    def __str__(self) -> str:  # KeyError would quote the message
        return self.args[0]


class TurnNotFound(StorageError, KeyError):
    def __init__(self, turn_id: Any):
        super().__init__(f"no turn with id {turn_id}")

    def __str__(self) -> str:
        return self.args[0]


# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class Rating:
    id: int
    turn_id: int
    dimension: str
    score: int
    rater: str
    created_at: str


@dataclass(frozen=True)
class Note:
    id: int
    session_id: int
    turn_id: int | None
    author: str
    text: str
    created_at: str
    at_s: float | None = None  # seconds from session start, for a note taken live (v6)


EVENT_KINDS = ("interruption", "flag", "pause", "resume")
ORIGINS = ("bank", "custom", "probe", "suggestion")  # where a question came from (turns.origin)


@dataclass(frozen=True)
class StoredBoard:
    id: int
    name: str
    body: dict  # erbsim.core.board.Board.to_dict()
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class TurnEvent:
    """A moment on a session's timeline: the board cutting in, a flag, a pause."""
    id: int
    session_id: int
    turn_id: int | None
    kind: str  # one of EVENT_KINDS
    at_s: float  # seconds from session start
    text: str
    author: str
    created_at: str


@dataclass(frozen=True)
class StoredPacket:
    """A packet as stored: its row, and the packet itself as plain data (body)."""
    id: int
    uuid: str
    name: str
    candidate: str
    track: str
    body: dict
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class Vote:
    id: int
    session_id: int
    seat: str
    voter: str
    vote: str
    rationale: str
    created_at: str


@dataclass(frozen=True)
class Turn:
    id: int
    session_id: int
    position: int
    question_id: str | None
    question_text: str
    seat: str | None
    category: str | None
    dimension: str | None
    is_follow_up: bool
    parent_turn_id: int | None
    asked_at_s: float | None
    answer_started_s: float | None
    answer_ended_s: float | None
    audio_path: str | None
    audio_offset_s: float
    transcript_text: str | None
    words: list[dict] | None
    engine: str | None
    model: str | None
    corrected_text: str | None
    corrected_at: str | None
    example_id: str | None = None  # the packet example the question is about (v5)
    follow_up_signal: str | None = None  # the lens signal a chosen follow-up targets
    follow_up_reason: str | None = None  # why the board asked it, one sentence
    follow_up_evidence: str | None = None  # the words of the answer it was chosen from
    origin: str | None = None  # one of ORIGINS; None (sessions before v6) means "bank"
    ratings: tuple[Rating, ...] = ()

    @property
    def text(self) -> str | None:
        """What analytics and export use: the correction when there is one."""
        return self.corrected_text if self.corrected_text is not None else self.transcript_text

    @property
    def answer_duration_s(self) -> float | None:
        if self.answer_started_s is None or self.answer_ended_s is None:
            return None
        return max(0.0, self.answer_ended_s - self.answer_started_s)


@dataclass(frozen=True)
class Session:
    id: int
    uuid: str
    started_at: str
    ended_at: str | None
    status: str
    mode: str
    track: str
    lang: str
    budget_s: float
    seed: int | None
    banks: list[str]
    seats: list[str]
    candidate: str | None
    mentor: str | None
    app_version: str | None
    last_heartbeat: str | None
    board_elapsed_s: float | None = None  # the board's clock at the last heartbeat
    soft_limit_s: float | None = None  # per answer; None for sessions saved before v4
    packet_id: int | None = None  # the candidate's packet the session was about (v5)
    board: dict | None = None  # a panel's board as it ran (erbsim.core.board.Board.to_dict()) (v6)
    debrief: str | None = None  # the mentor's debrief after the vote
    revealed_at: str | None = None  # when the vote was shown on the candidate display


@dataclass(frozen=True)
class SessionSummary:
    """One line of the sessions list."""
    id: int
    uuid: str
    started_at: str
    ended_at: str | None
    status: str
    mode: str
    track: str
    lang: str
    candidate: str | None
    mentor: str | None
    duration_s: float | None  # ended (or last heartbeat) minus start
    question_count: int  # every turn, follow-ups included
    follow_up_count: int
    avg_self: float | None  # mean of the candidate's own ratings
    avg_mentor: float | None  # mean of every rating not by 'self'
    votes_pass: int = 0  # the board's vote (panel sessions)
    votes_fail: int = 0

    @property
    def outcome(self) -> BoardOutcome | None:
        """The board's vote by the 4-of-5 rule; None when no seat has voted."""
        if not (self.votes_pass or self.votes_fail):
            return None
        return _outcome(self.votes_pass, self.votes_fail)


@dataclass(frozen=True)
class BoardOutcome:
    passes: int
    fails: int
    needed: int
    seats_voted: int
    approved: bool | None  # None until decided either way


@dataclass(frozen=True)
class SessionDetail:
    session: Session
    turns: tuple[Turn, ...]
    notes: tuple[Note, ...]
    votes: tuple[Vote, ...]
    summary: SessionSummary
    events: tuple[TurnEvent, ...] = ()  # the timeline: interruptions, flags, pauses (v5)

    @property
    def outcome(self) -> BoardOutcome:
        return tally_votes(self.votes)


@dataclass(frozen=True)
class SearchHit:
    session_id: int
    turn_id: int | None  # None for a note on the whole session
    note_id: int | None
    field: str  # 'transcript' | 'correction' | 'note'
    snippet: str  # matches between HIGHLIGHT_START and HIGHLIGHT_END
    time_s: float | None  # first matching word, seconds into the answer's audio file
    started_at: str  # of the session
    position: int | None
    question_text: str | None
    rank: float


@dataclass(frozen=True)
class Attempt:
    """One answer to a question, with its session, for side-by-side comparison."""
    session_id: int
    started_at: str
    track: str
    mode: str
    turn: Turn


@dataclass(frozen=True)
class QuestionAttempts:
    """A bank question that was answered, with how often and in how many sessions."""
    question_id: str
    question_text: str  # as last asked
    attempts: int
    sessions: int


@dataclass(frozen=True)
class CorpusStats:
    """How much the store holds (the store benchmark reports it)."""
    sessions: int
    turns: int
    words_per_answer: float | None  # mean over turns with a machine transcript


def tally_votes(votes: Iterable[Vote]) -> BoardOutcome:
    votes = list(votes)
    return _outcome(sum(1 for v in votes if v.vote == "pass"), sum(1 for v in votes if v.vote == "fail"))


def _outcome(passes: int, fails: int) -> BoardOutcome:
    seats = len(SEAT_IDS)
    approved: bool | None = None
    if passes >= VOTES_NEEDED:
        approved = True
    elif fails > seats - VOTES_NEEDED:
        approved = False
    return BoardOutcome(passes, fails, VOTES_NEEDED, passes + fails, approved)


def as_dict(record: Any) -> dict:
    """A record as plain data (dataclasses.asdict), for JSON."""
    return asdict(record)
