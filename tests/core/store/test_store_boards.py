"""Schema v6: named boards, a panel's board, debrief and reveal, timed notes, question origins."""

from __future__ import annotations

import pytest
from store_fixtures import T0, StepClock

from erbsim.core.board import Board, BoardError, default_board
from erbsim.core.store import BoardNotFound, Store


def test_migrate_from_v5_keeps_notes_and_turns_and_adds_the_panel_columns(tmp_path):
    path = tmp_path / "erbsim.db"
    with Store(path, migrate_to=5, clock=StepClock()) as s:
        old = s.create_session(started_at=T0)
        turn = s.add_turn(old, question_text="Who else uses it?")
        s.add_note(old, "strong answer", turn_id=turn)
    with Store(path) as s:
        detail = s.get_session(old)
        assert [(n.text, n.at_s) for n in detail.notes] == [("strong answer", None)]
        assert detail.turns[0].origin is None and detail.session.board is None
        assert s.list_boards() == []


def test_named_boards_are_saved_reused_and_deleted(tmp_path):
    board = default_board("My sponsor's board")
    board = board.with_seat(board.seat("gm").__class__(**{**board.seat("gm").to_dict(), "person": True,
                                                          "dimensions": ("strategic_autonomy",),
                                                          "categories": ("trade_offs",)}))
    with Store(tmp_path / "erbsim.db", clock=StepClock()) as s:
        first = s.save_board(board.to_dict())
        second = s.save_board(default_board("Mock with Li").to_dict())
        assert [b.name for b in s.list_boards()] == ["Mock with Li", "My sponsor's board"]
        again = Board.from_dict(s.get_board(first).body)
        assert again == board and again.seat("gm").person
        s.delete_board(second)
        with pytest.raises(BoardNotFound):
            s.get_board(second)


def test_a_panel_session_keeps_its_board_debrief_reveal_and_timed_notes(tmp_path):
    with Store(tmp_path / "erbsim.db", clock=StepClock()) as s:
        sid = s.create_session(mode="panel", mentor="Li Wei")
        s.update_session(sid, board=default_board().to_dict(), debrief="Lead with the decision.",
                         revealed_at=T0)
        turn = s.add_turn(sid, question_text="What did Fliggy give up?", origin="custom")
        s.add_note(sid, "vague on adopters", turn_id=turn, author="mentor", at_s=312.4)
        with pytest.raises(ValueError, match="origin"):
            s.add_turn(sid, question_text="x", origin="improvised")
        detail = s.get_session(sid)
        assert Board.from_dict(detail.session.board) == default_board()
        assert (detail.session.debrief, detail.session.revealed_at) == ("Lead with the decision.",
                                                                        "2026-08-14T09:30:00.000Z")
        assert detail.turns[0].origin == "custom"
        assert [(n.author, n.at_s) for n in detail.notes] == [("mentor", 312.4)]


@pytest.mark.parametrize("change, message", [
    (lambda d: d["seats"].pop(), "exactly 5 seats"),
    (lambda d: d["seats"][1].update(seat="cpo"), "must appear once"),
    (lambda d: d["seats"][2].update(name=""), "needs a name"),
    (lambda d: d["seats"][2].update(track="manager"), "track"),
    (lambda d: d["seats"][0].update(dimensions=["charisma"]), "dimensions"),
    (lambda d: d["seats"][0].update(person="yes"), "person"),
])
def test_a_malformed_board_is_refused_with_the_field_named(change, message):
    data = default_board().to_dict()
    change(data)
    with pytest.raises(BoardError, match=message):
        Board.from_dict(data)


def test_the_default_board_follows_the_domain():
    board = default_board()
    roles = [seat.role for seat in board.seats]
    assert "Chief Product Officer" in board.chair.role and any("P10" in role for role in roles)
    assert board.seat("tech_fellow").track == "principal"  # the chief architect leads on the Principal track
    assert not any(seat.person for seat in board.seats)
