"""The board listening: what to ask next from what an answer lacked, which of a
question's listen_for points an answer covered, and which track its language
reads as.

API (used by the defense controller, the review, the panel console and
`erbsim probe`):

    choose_follow_up(answer, question, example=None, *, asked=(), bank=None,
                     answer_s=None, soft_limit_s=None) -> FollowUp
    listen_for_coverage(answer, question) -> list[ListenPoint]
    read_track(answers, chosen_track) -> TrackReading
    meets_condition(condition, answer, result, answer_s=None, soft_limit_s=None) -> bool

The package, one job per module (docs/probe.md explains the rules):
- `results`: the result types;
- `reading`: one answer read once (the ERB lens plus baselines, own-unit
  adoption, names and numbers);
- `conditions`: whether an answer meets a bank question's condition;
- `claims`: what the packet example says that the answer left out;
- `phrasing`: the follow-up wordings, per seat;
- `followup`: choose_follow_up();
- `coverage`: listen_for_coverage();
- `track`: read_track().

Offline, deterministic, no Qt.
"""

from __future__ import annotations

from .conditions import meets_condition
from .coverage import listen_for_coverage
from .followup import choose_follow_up
from .results import FollowUp, ListenPoint, TrackReading, TrackSentence
from .track import read_track

__all__ = ["FollowUp", "ListenPoint", "TrackReading", "TrackSentence",
           "choose_follow_up", "listen_for_coverage", "read_track", "meets_condition"]
