"""What the store tests share: a fixed start time, a recorded answer, a
stepping clock and a whole recorded session (the `store` fixture is in
conftest.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from erbsim.core.store import Store

T0 = datetime(2026, 8, 14, 9, 30, tzinfo=timezone.utc)

ANSWER = ("Eight months before the new data personalisation rules took effect I saw the risk "
          "and built a privacy first recommendation layer on my own initiative")


def words_for(text: str, start: float = 0.5, step: float = 0.4) -> list[dict]:
    return [{"text": " " + w, "start": round(start + i * step, 3), "end": round(start + i * step + 0.3, 3),
             "probability": 0.9} for i, w in enumerate(text.split())]


class StepClock:
    """Each reading is one second after the previous one."""

    def __init__(self, start: datetime = T0):
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def record_session(store: Store, *, track="staff", mode="solo", started_at=T0, answer=ANSWER,
                   question_id="strategy-001", minutes=40) -> tuple[int, list[int]]:
    sid = store.create_session(mode=mode, track=track, seed=7, banks=["default"], candidate="Mei",
                               mentor="Helen" if mode == "panel" else None, started_at=started_at)
    audio, absolute = store.new_recording_path(sid)
    absolute.write_bytes(b"RIFF....WAVE")
    t1 = store.add_turn(sid, question_text="Who asked you to do this?", question_id=question_id,
                        seat="cpo", category="strategy", dimension="strategic_autonomy", asked_at_s=2.0)
    store.update_turn(t1, answer_started_s=5.0, answer_ended_s=95.0, audio_path=audio, audio_offset_s=0.0)
    store.set_transcript(t1, answer, words_for(answer), engine="faster-whisper", model="small.en")
    t2 = store.add_turn(sid, question_text="Who else uses it?", question_id="replication-002", seat="peer_exec",
                        category="replication", dimension="cross_bu_impact", is_follow_up=True,
                        parent_turn_id=t1, asked_at_s=100.0)
    store.update_turn(t2, answer_started_s=103.0, answer_ended_s=160.0, audio_path=audio, audio_offset_s=98.0)
    store.set_transcript(t2, "Three business units adopted it and it is now the standard",
                         words_for("Three business units adopted it and it is now the standard", start=1.0))
    store.rate(t1, "strategic_autonomy", 4)
    store.rate(t1, "cross_bu_impact", 2)
    store.rate(t2, "cross_bu_impact", 3)
    if mode == "panel":
        store.rate(t1, "strategic_autonomy", 5, rater="Helen")
    store.add_note(sid, "Name the pilot business unit next time", turn_id=t1)
    store.add_note(sid, "Overall too much execution language")
    store.finish_session(sid, "finished", ended_at=started_at + timedelta(minutes=minutes))
    return sid, [t1, t2]
