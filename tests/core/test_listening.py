"""What the board heard in a finished session: listen_for per answer (a follow-up judged
with the answers before it), why a follow-up was asked, the cut-ins, the track reading."""

from __future__ import annotations

import pytest

from erbsim.core.banks import default_bank_paths, load_banks
from erbsim.core.listening import listen_to_session
from erbsim.core.probe import listen_for_coverage, read_track
from erbsim.core.store import Store

WEAK = "We launched the pricing engine and shipped twelve features. The GM asked for it in Q4."
ADOPTED = "Cainiao and Local Services adopted the pricing template; it is their standard now."
OTHER = "Latency fell from 120 to 80 milliseconds after we rewrote the API gateway."


@pytest.fixture(scope="module")
def bank():
    return {q.id: q for q in load_banks(default_bank_paths()).questions}


def test_each_answer_heard_against_its_question(tmp_path, bank):
    main = next(q for q in bank.values() if q.category == "replication" and q.listen_for)
    second = next(q for q in bank.values() if q.category == "strategy" and q.listen_for)
    with Store(data_root=tmp_path) as store:
        sid = store.create_session(track="staff")
        t1 = store.add_turn(sid, question_text=main.text, question_id=main.id, answer_started_s=10.0,
                            answer_ended_s=200.0)
        t2 = store.add_turn(sid, question_text="Who else uses it?", question_id=main.id, is_follow_up=True,
                            parent_turn_id=t1, follow_up_signal="cross_bu_adoption",
                            follow_up_reason="No organisation was named.",
                            follow_up_evidence="We launched the pricing engine.\nThe GM asked for it.")
        t3 = store.add_turn(sid, question_text=second.text, question_id=second.id)
        t4 = store.add_turn(sid, question_text="A mentor's own question")
        for turn_id, text in ((t1, WEAK), (t2, ADOPTED), (t3, OTHER)):
            store.set_transcript(turn_id, text)
        store.add_event(sid, "interruption", 175.0, turn_id=t1, text="Let me stop you there.", author="cpo")
        store.add_event(sid, "flag", 180.0, turn_id=t1, text="a mentor's flag")
        heard = listen_to_session(store.get_session(sid), bank)

    first, probe, other, mentor = (heard.for_turn(t) for t in (t1, t2, t3, t4))
    assert first.listen_for == tuple(listen_for_coverage(WEAK, main)) and not first.thread
    assert probe.thread and probe.listen_for == tuple(listen_for_coverage(f"{WEAK} {ADOPTED}", main))
    assert other.listen_for == tuple(listen_for_coverage(OTHER, second))
    assert mentor.listen_for == () and mentor.track is None  # no bank question, no answer
    assert first.why is None and other.why is None
    assert (probe.why.signal, probe.why.reason, probe.why.evidence) == (
        "cross_bu_adoption", "No organisation was named.", ("We launched the pricing engine.", "The GM asked for it."))
    assert [(e.kind, e.text) for e in first.interruptions] == [("interruption", "Let me stop you there.")]
    assert probe.interruptions == ()
    assert first.track == read_track(WEAK, "staff")
    assert heard.track == read_track([WEAK, ADOPTED, OTHER], "staff")
