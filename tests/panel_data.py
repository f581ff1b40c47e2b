"""A mentor-led panel session built through the Store API, for the tests of how a panel is
saved, exported, bundled and reviewed (the panel's own windows are not needed)."""

from __future__ import annotations

from datetime import datetime, timezone

import numpy as np
import soundfile as sf

from erbsim.core.board import BoardSeat, default_board
from erbsim.core.store import Store

ANSWER_WORDS = ("Eight months before the consent rules I saw the risk in personalisation and wrote a "
                "one page proposal nobody asked for three business units now run it").split()
VOTES = [("cpo", "pass", "Saw the consent risk two quarters early, without a mandate."),
         ("peer_exec", "pass", "Three business units run it as their standard."),
         ("tech_fellow", "fail", "The architecture trade-offs were the team's, not hers."),
         ("gm", "pass", "Named what she gave up and who paid for it."),
         ("talent_lead", "pass", "Other teams plan with her template.")]


def make_panel(store: Store, votes=VOTES, *, audio: bool = False, self_scores: bool = True) -> int:
    """Two answers (the second a classic probe), self, mentor and seat-3 scores, two flags, a timed
    note on the first answer and an untimed one on the session, a 45 s pause that names no turn,
    five votes with rationales, the board (seat 3 a person in the room), the reveal and a debrief.
    With `audio`, the first answer has a recording (silence) and word timings, 0.6 s a word."""
    board = default_board("My sponsor's board").with_seat(
        BoardSeat("tech_fellow", "Priya Natarajan", "Chief Architect", person=True, track="principal"))
    sid = store.create_session(mode="panel", candidate="Mei", mentor="Ana Ruiz", status="finished",
                               started_at=datetime(2026, 3, 2, 14, 0, tzinfo=timezone.utc),
                               ended_at=datetime(2026, 3, 2, 14, 40, tzinfo=timezone.utc))
    recording = {"transcript_text": "I saw the consent risk early."}
    if audio:
        text = " ".join(ANSWER_WORDS[i % len(ANSWER_WORDS)] for i in range(190))
        words = [{"text": " " + w, "start": round(0.3 + 0.6 * i, 2), "end": round(0.3 + 0.6 * i + 0.5, 2),
                  "probability": 0.9} for i, w in enumerate(text.split())]
        relative, absolute = store.new_recording_path(sid, "answer-001.flac")
        sf.write(absolute, np.zeros(16000 * 120, dtype="float32"), 16000, format="FLAC")
        recording = {"audio_path": relative, "audio_offset_s": 0.0, "words": words, "transcript_text": text}
    first = store.add_turn(sid, position=1, question_text="What did you see coming before anyone asked?",
                           seat="cpo", asked_at_s=10.0, answer_started_s=15.0, answer_ended_s=135.0,
                           origin="bank", **recording)
    probe = store.add_turn(sid, position=2, question_text="Who asked you to do this?", seat="gm",
                           is_follow_up=True, parent_turn_id=first, asked_at_s=140.0, answer_started_s=144.0,
                           answer_ended_s=200.0, transcript_text="Nobody; I wrote the proposal.", origin="probe")
    if self_scores:
        store.rate(first, "strategic_autonomy", 4)
        store.rate(probe, "strategic_autonomy", 5)
    store.rate(first, "strategic_autonomy", 2, rater="mentor")
    store.rate(first, "cross_bu_impact", 3, rater="tech_fellow")
    store.add_event(sid, "flag", 52.0, turn_id=first, text="no metric", author="mentor")
    store.add_event(sid, "flag", 150.5, turn_id=probe, text="whose decision?", author="mentor")
    store.add_note(sid, "Lead with the decision.", turn_id=first, author="mentor", at_s=75.0)
    store.add_note(sid, "Good recovery overall.", author="mentor")  # on the session, untimed
    store.add_event(sid, "pause", 160.0, text="fire drill", author="mentor")  # no turn: placed by its time
    store.add_event(sid, "resume", 205.0, author="mentor")
    for seat, vote, why in votes:
        store.add_vote(sid, seat, vote, voter="Ana Ruiz", rationale=why)
    store.update_session(sid, board=board.to_dict(), debrief="Lead with the risk you saw.\nName the adopters.",
                         revealed_at="2026-03-02T14:38:00.000Z")
    return sid


