"""Synthetic rehearsals for benchmarks and tests: realistic spoken answers
(300-450 words with fillers and word timings), ratings and notes, written
straight into a store. Used by `erbsim bench store` and the CLI tests.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

_OPENINGS = [
    "So the context here is that {lead} before {event} I saw {risk}.",
    "Um, {lead} before {event}, I noticed {risk}, and nobody had it on a roadmap yet.",
    "The short version is that I saw {risk} about {lead} ahead of {event}.",
    "I think the, uh, the important part is that {risk} was visible {lead} before {event}.",
]
_ACTIONS = [
    "Nobody asked me to, but I wrote a one page proposal and got two engineers on loan from {bu}.",
    "I started a small pilot on my own initiative with the {team} team, without any formal budget.",
    "The GM asked us to deliver the {thing} in Q4, so we shipped it and closed the OKRs.",
    "So basically we launched {thing} and delivered twelve features in two quarters.",
    "I built a {thing} and, you know, a scoring model for deciding which merchants to onboard first.",
    "I decided to drop the {other} work, which was a real trade-off, to focus on the {thing}.",
]
_RIPPLES = [
    "Conversion went from {a} percent to {b} percent, and return rates dropped by a third.",
    "After that {n} business units adopted it, including {bu} and {bu2}, and it is now the standard for {area}.",
    "The head of {bu} told me this saved her team a quarter of planning work.",
    "Latency fell from {ms} milliseconds to under one hundred, and the cost per order dropped {a} percent.",
    "We improved CTR by eighteen percent.",
    "Other teams now use my framework to decide their own roadmap trade-offs, it became the template.",
]
_FILLERS = ["um", "uh", "like", "you know", "so basically", "I mean"]
_TOPICS = dict(
    lead=["eight months", "two quarters", "a year", "six months", "three months"],
    event=["the new data rules took effect", "peak season", "the partner contract renewal", "the platform migration",
           "Singles Day"],
    risk=["a consent risk in personalisation", "a capacity gap in cross-border logistics",
          "churn among small merchants", "a pricing problem in the partner ecosystem",
          "a latency problem in the checkout API"],
    bu=["Cainiao", "Taobao", "Alibaba Cloud", "Local Services", "International Digital Commerce"],
    bu2=["Fliggy", "Lazada", "Tmall", "AliExpress"],
    team=["logistics", "search", "merchant growth", "payments", "recommendation"],
    thing=["privacy first recommendation layer", "merchant risk scoring model", "routing API",
           "pricing experiment framework", "seller onboarding template"],
    other=["dashboard", "loyalty", "campaign tooling"],
    area=["personalisation after consent", "merchant onboarding", "cross-border routing"],
    a=["two", "three", "four", "eleven"], b=["five", "six", "seven", "nine"],
    n=["two", "three", "four"], ms=["four hundred", "six hundred", "eight hundred"],
)
_QUESTIONS = [
    ("strategy-{:03d}", "What did you see coming before anyone asked you to act, and what did you do about it?"),
    ("tradeoff-{:03d}", "What did you give up to make this happen, and who paid for it?"),
    ("replication-{:03d}", "Who else uses what you built, and how did it become their default?"),
    ("talent-{:03d}", "Which framework of yours do other teams now decide with?"),
]


def _fill(rng: random.Random, template: str) -> str:
    return template.format(**{k: rng.choice(v) for k, v in _TOPICS.items()})


def synthetic_answer(rng: random.Random, min_words: int = 300, max_words: int = 450) -> str:
    """A spoken-style answer of min..max words: decision-story sentences with fillers."""
    target = rng.randint(min_words, max_words)
    sentences: list[str] = []
    count = 0
    while count < target:
        pool = _OPENINGS if not sentences else rng.choice((_ACTIONS, _RIPPLES, _ACTIONS, _RIPPLES, _OPENINGS))
        sentence = _fill(rng, rng.choice(pool))
        if rng.random() < 0.35:
            words = sentence.split()
            at = rng.randrange(1, len(words))
            words.insert(at, rng.choice(_FILLERS) + ",")
            sentence = " ".join(words)
        sentences.append(sentence)
        count += len(sentence.split())
    words = " ".join(sentences).split()[:target]
    text = " ".join(words)
    return text if text.endswith(".") else text + "."


def synthetic_words(rng: random.Random, text: str, start: float = 0.3) -> list[dict]:
    """Word timings at a natural pace (about 130-160 wpm) with a few long pauses."""
    out, t = [], start
    for w in text.split():
        length = 0.12 + 0.045 * len(w) + rng.random() * 0.08
        out.append({"text": " " + w, "start": round(t, 3), "end": round(t + length, 3),
                    "probability": round(0.7 + rng.random() * 0.3, 3)})
        gap = 0.08 + rng.random() * 0.12
        if w.endswith(".") and rng.random() < 0.18:
            gap += 2.0 + rng.random() * 1.5
        t += length + gap
    return out


def populate(store, sessions: int, answers: int = 12, seed: int = 7, *, audio_for: set[int] | None = None,
             start: datetime | None = None) -> list[int]:
    """Add `sessions` finished rehearsals of `answers` answers each; returns their ids.
    For session numbers in `audio_for` (0-based), a silent FLAC per answer is written."""
    from erbsim.core.lens import DIMENSIONS
    from erbsim.core.seats import SEAT_IDS

    rng = random.Random(seed)
    start = start or datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
    ids = []
    for n in range(sessions):
        began = start + timedelta(hours=10 * n + rng.random() * 6)
        mode = "panel" if rng.random() < 0.3 else "solo"
        sid = store.create_session(mode=mode, track=rng.choice(("staff", "principal")), seed=n, banks=["default"],
                                   candidate="Mei Chen", mentor="Helen Zhou" if mode == "panel" else None,
                                   started_at=began, status="finished")
        clock_s, rows = 5.0, []
        for position in range(1, answers + 1):
            qid, question = _QUESTIONS[rng.randrange(len(_QUESTIONS))]
            text = synthetic_answer(rng)
            words = synthetic_words(rng, text)
            duration = words[-1]["end"] + 0.8
            audio = None
            if audio_for and n in audio_for:
                audio = _silent_flac(store, sid, position, duration)
            rows.append({"position": position, "question_id": qid.format(rng.randrange(1, 25)),
                         "question_text": question, "seat": rng.choice(SEAT_IDS), "category": "strategy",
                         "dimension": rng.choice(DIMENSIONS), "is_follow_up": position > 1 and rng.random() < 0.2,
                         "asked_at_s": clock_s, "answer_started_s": clock_s + 6,
                         "answer_ended_s": clock_s + 6 + duration, "audio_path": audio, "audio_offset_s": 0.0,
                         "transcript_text": text, "engine": "faster-whisper", "model": "tiny.en",
                         "words": words})
            clock_s += 6 + duration + 10
        with store.transaction():
            for row in rows:
                turn_id = store.add_turn(sid, **row)
                for dim in DIMENSIONS:
                    if rng.random() < 0.8:
                        store.rate(turn_id, dim, rng.randint(2, 5))
                    if mode == "panel":
                        store.rate(turn_id, dim, rng.randint(1, 5), rater="Helen Zhou")
                if rng.random() < 0.1:
                    store.add_note(sid, "Lead with the decision, then the number.", turn_id=turn_id)
        store.finish_session(sid, ended_at=began + timedelta(seconds=clock_s))
        ids.append(sid)
    return ids


def _silent_flac(store, session_id: int, position: int, seconds: float) -> str:
    import numpy as np
    import soundfile as sf

    relative, absolute = store.new_recording_path(session_id, f"answer-{position:03d}.flac")
    rng = np.random.default_rng(position)
    samples = (rng.standard_normal(int(16000 * seconds)) * 0.002).astype("float32")
    sf.write(absolute, samples, 16000, format="FLAC")
    return relative


# ---------------------------------------------------------------- a mentor-led panel

_PANEL_TURNS = [
    # (question id, question, seat, category, dimension, follow-up, origin)
    ("strategy-004", "What did you see coming before anyone asked you to act, and what did you do about it?",
     "cpo", "strategy", "strategic_autonomy", False, "bank"),
    (None, "Who asked you to do this?", "gm", "strategy", "strategic_autonomy", True, "probe"),
    ("replication-011", "Who else uses what you built, and how did it become their default?",
     "peer_exec", "replication", "cross_bu_impact", False, "bank"),
    (None, "Which of those teams would tell me, in their own words, what changed for them?",
     "tech_fellow", "replication", "cross_bu_impact", True, "custom"),
    ("talent-007", "Which framework of yours do other teams now decide with?",
     "talent_lead", "replication", "talent_multiplier", False, "bank"),
]
PANEL_FLAGS = ("vague", "no metric", "whose decision?", "mandate")
PANEL_VOTES = (
    ("cpo", "pass", "Saw the consent risk two quarters early and moved without a mandate."),
    ("peer_exec", "pass", "Three business units run it as their standard; my team would adopt it."),
    ("tech_fellow", "fail", "Architecture choices were the team's; I did not hear her own trade-off."),
    ("gm", "pass", "Named what she gave up (the dashboard work) and who paid for it."),
    ("talent_lead", "pass", "Other teams now plan with her template: a real talent multiplier."),
)
PANEL_DEBRIEF = ("Lead with the risk you saw and when, then the decision that was yours.\n"
                 "Say the adoption as a number of business units, and name one by its head's words.\n"
                 "Cut the feature list: the board heard execution there.")


def populate_panel(store, *, seed: int = 11, audio: bool = True, started_at: datetime | None = None,
                   votes=PANEL_VOTES, mentor: str = "Ana Ruiz") -> int:
    """Add one finished mentor-led panel: a board (seat 3 a person in the room), five answers
    (a classic probe and a custom follow-up among them), the candidate's self-scores and the
    mentor's and seat 3's scores, flags, timed notes, a pause for a fire drill, five votes with
    rationales (4-1 by default), the reveal and a debrief. Returns the session id."""
    from erbsim.core.board import default_board
    from erbsim.core.lens import DIMENSIONS

    rng = random.Random(seed)
    began = started_at or datetime(2026, 3, 2, 14, 0, tzinfo=timezone.utc)
    board = default_board("My sponsor's board")
    tech = board.seat("tech_fellow")
    board = board.with_seat(type(tech)(tech.seat, "Priya Natarajan", "Chief Architect, Alibaba Cloud",
                                       person=True, track="principal"))
    sid = store.create_session(mode="panel", track="staff", seed=seed, banks=["default"], candidate="Mei Chen",
                               mentor=mentor, started_at=began, status="finished", soft_limit_s=180.0)
    clock_s = 8.0
    for position, (qid, question, seat, category, dim, follow, origin) in enumerate(_PANEL_TURNS, start=1):
        text = synthetic_answer(rng, 180, 260)
        words = synthetic_words(rng, text)
        duration = words[-1]["end"] + 0.8
        started = clock_s + 5
        turn_id = store.add_turn(
            sid, position=position, question_id=qid, question_text=question, seat=seat, category=category,
            dimension=dim, is_follow_up=follow, asked_at_s=clock_s, answer_started_s=started,
            answer_ended_s=started + duration, audio_offset_s=0.0, transcript_text=text, words=words,
            engine="faster-whisper", model="tiny.en", origin=origin,
            audio_path=_silent_flac(store, sid, position, duration) if audio else None)
        for d in DIMENSIONS:
            store.rate(turn_id, d, rng.randint(3, 5))
            store.rate(turn_id, d, rng.randint(2, 4), rater="mentor")
        store.rate(turn_id, "cross_bu_impact", rng.randint(2, 4), rater="tech_fellow")
        flag = PANEL_FLAGS[(position - 1) % len(PANEL_FLAGS)]
        store.add_event(sid, "flag", started + duration * 0.3, turn_id=turn_id, text=flag, author="mentor")
        if position in (1, 3):
            store.add_note(sid, "Lead with the decision, then the number." if position == 1 else
                           "Adoption claimed: ask which business unit, and who there would say so.",
                           turn_id=turn_id, author="mentor", at_s=started + duration * 0.6)
        if position == 3:
            store.add_event(sid, "pause", started + duration * 0.75, turn_id=turn_id, text="fire drill",
                            author="mentor")
            store.add_event(sid, "resume", started + duration * 0.75 + 42, turn_id=turn_id, author="mentor")
        clock_s = started + duration + 12
    for seat, vote, rationale in votes:
        voter = mentor if not board.seat(seat).person else board.seat(seat).name
        store.add_vote(sid, seat, vote, voter=voter, rationale=rationale)
    store.update_session(sid, board=board.to_dict(), debrief=PANEL_DEBRIEF,
                         revealed_at=began + timedelta(seconds=clock_s + 60))
    store.finish_session(sid, ended_at=began + timedelta(seconds=clock_s + 120))
    return sid
