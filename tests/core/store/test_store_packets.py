"""Schema v5: the candidate's packets, follow-up reasons and timeline events."""

from __future__ import annotations

import pytest
from store_fixtures import T0, StepClock

from erbsim.core.store import PacketNotFound, Store


def test_migrate_from_v4_keeps_old_sessions_and_adds_packets_and_events(tmp_path):
    path = tmp_path / "erbsim.db"
    with Store(path, migrate_to=4, clock=StepClock()) as s:
        assert "packets" not in s.db.table_names()
        old = s.create_session(track="staff", started_at=T0, soft_limit_s=120)
        turn = s.add_turn(old, question_text="Who else uses it?")
    with Store(path) as s:
        detail = s.get_session(old)
        assert detail.session.packet_id is None and detail.session.soft_limit_s == 120.0
        assert detail.turns[0].id == turn and detail.turns[0].follow_up_reason is None
        assert detail.events == ()
        s.add_event(old, "interruption", 250.0, turn_id=turn, text="Let me stop you there.")
        assert [e.kind for e in s.get_session(old).events] == ["interruption"]


def test_several_packets_are_kept_and_a_session_remembers_its_packet(tmp_path):
    with Store(tmp_path / "erbsim.db", clock=StepClock()) as s:
        spring = s.save_packet({"name": "Spring cycle", "track": "staff", "examples": []})
        autumn = s.save_packet({"name": "Autumn cycle", "track": "principal", "candidate": "Lin", "examples": []})
        assert [p.name for p in s.list_packets()] == ["Autumn cycle", "Spring cycle"]  # last changed first
        s.save_packet({"name": "Spring cycle (revised)", "track": "staff", "examples": [{"id": "ex1"}]}, spring)
        assert [p.name for p in s.list_packets()] == ["Spring cycle (revised)", "Autumn cycle"]
        assert s.get_packet(spring).body["examples"] == [{"id": "ex1"}]
        assert s.get_packet(autumn).candidate == "Lin"
        session = s.create_session(packet_id=spring)
        s.delete_packet(spring)  # the session stays, without its packet
        assert s.get_session(session).session.packet_id is None
        with pytest.raises(PacketNotFound):
            s.get_packet(spring)


@pytest.mark.parametrize("body, message", [({"name": " ", "track": "staff"}, "name"),
                                           ({"name": "x", "track": "manager"}, "track")])
def test_a_packet_without_a_name_or_with_an_unknown_track_is_refused(tmp_path, body, message):
    with Store(tmp_path / "erbsim.db") as s, pytest.raises(ValueError, match=message):
        s.save_packet(body)


def test_follow_up_reasons_and_events_are_stored_with_the_turn(tmp_path):
    with Store(tmp_path / "erbsim.db", clock=StepClock()) as s:
        sid = s.create_session()
        main = s.add_turn(sid, question_text="Which other business units use it?", example_id="ex2")
        probe = s.add_turn(sid, question_text="From what, to what?", is_follow_up=True, parent_turn_id=main,
                           follow_up_signal="metric", follow_up_reason="You gave thirty percent with no baseline.",
                           follow_up_evidence="cut churn by thirty percent")
        s.add_event(sid, "interruption", 301.5, turn_id=main, text="Let me stop you there.")
        with pytest.raises(ValueError, match="kind"):
            s.add_event(sid, "applause", 1.0)
        turns = {t.id: t for t in s.get_session(sid).turns}
        assert turns[main].example_id == "ex2"
        assert (turns[probe].follow_up_signal, turns[probe].follow_up_evidence) == (
            "metric", "cut churn by thirty percent")
        (event,) = s.get_session(sid).events
        assert (event.turn_id, event.at_s, event.text) == (main, 301.5, "Let me stop you there.")
