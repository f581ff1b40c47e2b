"""The mentor's upcoming-questions queue and the bank browser's filter."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from erbsim.core.banks import Question, default_bank_paths, load_banks
from erbsim.core.board import Board, BoardSeat, default_board
from erbsim.core.clock import FakeClock
from erbsim.core.drawing import DrawFilter, QuestionDrawer
from erbsim.core.engine import DefenseSession
from erbsim.core.packet.model import Adopter, Example, Packet
from erbsim.core.panel_queue import PanelQueue, QueueItem, emphasis_score, filter_questions
from erbsim.core.seats import SEATS

PACKET = Packet(name="spring", candidate="Lin", track="staff", examples=(
    Example(id="ex1", title="Returns routing API", business_unit="Cainiao", started="2023-09",
            risk_seen="Return volumes would double after the free-returns policy", lead_time_months=10,
            asked_by="nobody", metric="cost per return", before="RMB 7.2", after="RMB 4.9",
            adopters=(Adopter("Tmall", "API"), Adopter("AliExpress", "standard")), sponsor="the Cainiao CPO"),
    Example(id="ex2", title="Seller onboarding scoring model", business_unit="Lazada", started="2024-01",
            metric="fraud rate", before="2.3%", after="0.8%", adopters=(Adopter("Trendyol", "template"),)),
))


@pytest.fixture(scope="module")
def questions() -> list[Question]:
    return load_banks(default_bank_paths()).questions


def drawer_for(questions, seed=5, track="staff", packet=None) -> QuestionDrawer:
    return QuestionDrawer(questions, random.Random(seed), DrawFilter(track=track), packet=packet)


def plain_board(**emphasis) -> Board:
    """Five seats with no emphasis, except those given: seat id -> (dimensions, categories, track)."""
    seats = []
    for persona in SEATS:
        dimensions, categories, track = emphasis.get(persona.id, ((), (), "both"))
        seats.append(BoardSeat(persona.id, persona.name, persona.title, dimensions=dimensions,
                               categories=categories, track=track))
    return Board("test", tuple(seats))


def ids(queue: PanelQueue) -> list[str]:
    return [item.question.id for item in queue.items]


def test_the_queue_keeps_its_size_as_questions_are_taken_and_skipped(questions):
    queue = PanelQueue(drawer_for(questions), default_board(), size=6)
    assert len(queue.items) == 6 and len(set(ids(queue))) == 6
    first = queue.items[0].question
    assert queue.take(0) == first
    assert len(queue.items) == 6 and first.id not in ids(queue)
    queue.skip(2)
    assert len(queue.items) == 6
    queue.size = 9
    assert queue.refill() == 3 and len(queue.items) == 9
    assert queue.refill() == 0


def test_a_queue_on_a_drawer_that_runs_dry_holds_what_is_left(questions):
    drawer = drawer_for(questions)
    pool = drawer.remaining()
    queue = PanelQueue(drawer, default_board(), size=6)
    taken = [queue.take(0) for _ in range(pool - 4)]
    assert len(queue.items) == 4 and drawer.remaining() == 0
    assert len({q.id for q in taken} | set(ids(queue))) == pool


def test_a_skipped_question_is_never_drawn_again(questions):
    drawer = drawer_for(questions)
    queue = PanelQueue(drawer, default_board(), size=6)
    skipped = queue.skip(1)
    assert queue.skipped == [skipped]
    assert drawer.was_asked(skipped)
    queue.size = 1000
    queue.refill()
    assert skipped.id not in ids(queue)
    assert len(ids(queue)) == len(set(ids(queue)))


def test_a_skipped_question_no_longer_counts_toward_the_category_balance(questions):
    # A queue of three holds one question per category; skipping one gives its category
    # the fewest asked again, so the top-up draws that category.
    for seed in range(10):
        queue = PanelQueue(drawer_for(questions, seed=seed), default_board(), size=3)
        assert sorted(item.question.category for item in queue.items) == ["replication", "strategy", "trade_offs"]
        skipped = queue.skip(0)
        assert queue.items[-1].question.category == skipped.category, seed


def test_move_insert_take_and_remove(questions):
    drawer = drawer_for(questions)
    queue = PanelQueue(drawer, default_board(), size=5)
    before = ids(queue)
    queue.move(0, 3)
    assert ids(queue) == before[1:4] + [before[0]] + before[4:]
    queue.move(4, 99)  # clamped to the end
    assert ids(queue)[-1] == before[4]
    picked = next(q for q in questions if q.fits_track("staff") and not q.condition and not q.is_slotted
                  and not drawer.was_asked(q))
    item = queue.insert(picked, at=1, seat="talent_lead")
    assert queue.items[1] == item == QueueItem(picked, "talent_lead")
    assert len(queue.items) == 6 and drawer.was_asked(picked)  # never drawn into the queue twice
    queue.insert(picked, at=0)  # already queued: moves, keeps its seat
    assert queue.items[0] == item and ids(queue).count(picked.id) == 1
    assert queue.take(0) == picked
    assert picked.id not in ids(queue) and len(queue.items) == 5
    other = queue.items[2].question
    assert queue.remove(other) and other.id not in ids(queue) and len(queue.items) == 5
    assert not queue.remove(other)
    with pytest.raises(KeyError):
        queue.insert(picked, seat="ceo")


def test_an_inserted_question_that_is_skipped_can_be_drawn_no_more(questions):
    drawer = drawer_for(questions)
    queue = PanelQueue(drawer, default_board(), size=2)
    picked = next(q for q in questions if q.fits_track("staff") and not q.condition and not q.is_slotted
                  and not drawer.was_asked(q))
    queue.insert(picked, at=0)
    queue.skip(0)
    queue.size = 1000
    queue.refill()
    assert picked.id not in ids(queue)


def test_each_question_goes_to_the_seat_whose_emphasis_fits(questions):
    board = plain_board(peer_exec=((), ("replication",), "both"), talent_lead=(("talent_multiplier",), (), "both"))
    queue = PanelQueue(drawer_for(questions), board, size=40)
    for question, seat in queue.items:
        if question.category == "replication" and question.dimension != "talent_multiplier":
            assert seat == "peer_exec"
        elif question.dimension == "talent_multiplier" and question.category != "replication":
            assert seat == "talent_lead"
        elif question.category != "replication":
            assert seat == question.seat  # no seat leans to it: the bank's own seat asks
    assert Counter(seat for _, seat in queue.items)["peer_exec"] >= 5


def test_a_seat_that_leads_on_the_track_takes_the_questions_written_for_it(questions):
    board = plain_board(tech_fellow=((), (), "principal"))
    principal = PanelQueue(drawer_for(questions, track="principal"), board, size=40)
    for question, seat in principal.items:
        assert seat == ("tech_fellow" if question.track == "principal" else question.seat)
    staff = PanelQueue(drawer_for(questions, track="staff"), board, size=40)
    led = [q for q, seat in staff.items if seat == "tech_fellow"]
    assert led and all(q.seat == "tech_fellow" for q in led)  # a Staff defense: only its own questions


def test_seats_that_fit_equally_leave_the_question_to_its_own_seat_else_share_it(questions):
    board = plain_board(cpo=((), ("strategy",), "both"), gm=((), ("strategy",), "both"))
    queue = PanelQueue(drawer_for(questions), board, size=60)
    given: Counter[str] = Counter()
    shared = 0
    for question, seat in queue.items:  # in the order they were drawn and given out
        if question.category == "strategy" and question.seat not in ("cpo", "gm"):
            assert seat == min(("cpo", "gm"), key=lambda s: given[s])  # the one that has asked less
            shared += 1
        elif question.category == "strategy":
            assert seat == question.seat
        given[seat] += 1
    assert shared >= 4


def test_emphasis_scores_weigh_dimension_category_and_track(questions):
    question = next(q for q in questions if q.track == "principal" and q.category == "trade_offs")
    seat = BoardSeat("gm", "Rita", "GM", dimensions=(question.dimension,), categories=("trade_offs",), track="staff")
    assert emphasis_score(seat, question, "staff") == 4
    assert emphasis_score(seat, question, "principal") == 2
    architect = BoardSeat("tech_fellow", "Wen", "Architect", track="principal")
    assert emphasis_score(architect, question, "principal") == 3
    assert emphasis_score(BoardSeat("cpo", "Helen", "CPO"), question, "principal") == 0


def test_person_seats_ask_like_any_other(questions):
    board = plain_board(gm=((), ("trade_offs",), "both"))
    board = board.with_seat(BoardSeat("gm", "Rita", "GM", person=True, categories=("trade_offs",)))
    queue = PanelQueue(drawer_for(questions), board, size=12)
    assert all(seat == "gm" for q, seat in queue.items if q.category == "trade_offs")
    assert any(q.category == "trade_offs" for q, _ in queue.items)


def test_the_same_seed_gives_the_same_queue(questions):
    def run(seed):
        queue = PanelQueue(drawer_for(questions, seed=seed, packet=PACKET), default_board(), size=6)
        queue.skip(2)
        queue.take(0)
        return [(q.id, q.example_id, seat) for q, seat in queue.items]

    assert run(11) == run(11)
    assert run(11) != run(12)


def test_asking_a_queued_question_counts_it_once(questions):
    # Asking a taken item marks it asked again; the draws after it are those of a drawer
    # that only drew it.
    queued = drawer_for(questions, seed=8)
    queue = PanelQueue(queued, default_board(), size=1)
    session = DefenseSession(queued, FakeClock())
    item = queue.pop(0)
    session.start(item.question, seat=item.seat)
    alone = drawer_for(questions, seed=8)
    assert alone.draw() == item.question
    later = [q.id for q, _ in queue.items] + [queued.draw().id for _ in range(8)]
    assert later == [alone.draw().id for _ in range(9)]
    assert session.current_turn.seat == item.seat


# filter_questions ------------------------------------------------------------

def test_the_text_search_ignores_case_and_reads_follow_ups_and_listen_for(questions):
    question = next(q for q in questions if q.follow_ups and not q.is_slotted)
    word = max(question.follow_ups[-1].split(), key=len).strip("?,.").upper()
    found = filter_questions(questions, word)
    assert question in found
    assert all(word.lower() in "\n".join((q.text, *q.follow_ups, q.listen_for)).lower() for q in found)
    listen = max(question.listen_for.split(), key=len).strip("?,.").lower()
    assert question in filter_questions(questions, listen)
    assert filter_questions(questions, f"{word} zzqqx") == []  # every word must occur


def test_filters_by_category_dimension_seat_and_track(questions):
    found = filter_questions(questions, category="trade_offs", dimension="cross_bu_impact", seat="gm")
    assert found and all((q.category, q.dimension, q.seat) == ("trade_offs", "cross_bu_impact", "gm") for q in found)
    expected = [q for q in questions if q.category == "trade_offs" and q.dimension == "cross_bu_impact"
                and q.seat == "gm" and not q.is_slotted]
    assert found == expected
    principal = filter_questions(questions, track="principal")
    assert {q.track for q in principal} == {"principal", "both"}
    assert len(filter_questions(questions)) == len([q for q in questions if not q.is_slotted])


def test_packet_questions_are_listed_filled_once_per_example(questions):
    slotted = filter_questions(questions, slotted=True, packet=PACKET)
    assert slotted and all(q.example_id in ("ex1", "ex2") and "{" not in q.text for q in slotted)
    assert {q.example_id for q in slotted} == {"ex1", "ex2"}
    both = [q.id for q in slotted if q.example_id == "ex1"]
    assert set(both) & {q.id for q in slotted if q.example_id == "ex2"}
    assert filter_questions(questions, slotted=True) == []  # no packet: nothing can be asked filled
    general = filter_questions(questions, slotted=False, packet=PACKET)
    assert general and not any(q.is_slotted or q.example_id for q in general)
    assert [q for q in filter_questions(questions, packet=PACKET) if q.example_id] == slotted
    assert all(q.example_id == "ex1" for q in filter_questions(questions, "Tmall", slotted=True, packet=PACKET))
    assert filter_questions(questions, "Tmall", slotted=True, packet=PACKET)
