"""The engine events a mentor-led panel drives by hand: questions from the queue or the
bank, typed questions and probes in any seat's name, cut-ins on demand, and a board clock
that a fire drill can stop. All on the fake clock."""

from __future__ import annotations

import random

import pytest

from erbsim.core.banks import Question, default_bank_paths, load_banks
from erbsim.core.clock import FakeClock
from erbsim.core.drawing import DrawFilter, QuestionDrawer, filled
from erbsim.core.engine import (
    AnswerStarted,
    AnswerStopped,
    AskQuestion,
    BoardCutsIn,
    ClockPaused,
    ClockResumed,
    DefenseSession,
    EarlierTurn,
    EngineConfig,
    NothingToAsk,
    Phase,
    SessionEnded,
    SoftLimitReached,
    TimeWarning,
)
from erbsim.core.interruptions import INTERRUPTIONS
from erbsim.core.packet.model import Adopter, Example, Packet
from erbsim.core.probe import FollowUp

PACKET = Packet(name="spring", candidate="Lin", track="staff", examples=(
    Example(id="ex1", title="Returns routing API", business_unit="Cainiao", started="2023-09",
            risk_seen="Return volumes would double after the free-returns policy", lead_time_months=10,
            asked_by="nobody", metric="cost per return", before="RMB 7.2", after="RMB 4.9",
            adopters=(Adopter("Tmall", "API"), Adopter("AliExpress", "standard")), sponsor="the Cainiao CPO"),
))


@pytest.fixture(scope="module")
def questions() -> list[Question]:
    return load_banks(default_bank_paths()).questions


def make_session(questions, seed=3, config=None, packet=None):
    clock = FakeClock()
    drawer = QuestionDrawer(questions, random.Random(seed), DrawFilter(track="staff"), packet=packet)
    return DefenseSession(drawer, clock, config or EngineConfig()), clock


def tick_for(session, clock, seconds, step=5.0):
    effects = []
    for _ in range(int(seconds / step)):
        clock.advance(step)
        effects += session.tick()
    return effects


def a_question_not_drawn(questions, session, seat=None):
    asked = {t.question.id for t in session.turns}
    return next(q for q in questions if q.fits_track("staff") and not q.condition and not q.is_slotted
                and q.id not in asked and (seat is None or q.seat != seat))


# Pause -----------------------------------------------------------------------

def test_pause_freezes_the_board_clock_and_the_answer_timer(questions):
    session, clock = make_session(questions)
    session.start()
    clock.advance(10)
    session.start_answer()
    clock.advance(30)
    assert session.pause() == [ClockPaused(40.0)]
    assert session.paused
    clock.advance(600)  # the fire drill
    assert session.remaining_s() == pytest.approx(45 * 60 - 40)
    assert session.elapsed_s() == pytest.approx(40)
    assert session.answer_elapsed_s() == pytest.approx(30)
    assert session.session_s() == pytest.approx(640)
    assert session.resume_clock() == [ClockResumed(640.0, 600.0)]
    assert not session.paused
    clock.advance(20)
    assert session.remaining_s() == pytest.approx(45 * 60 - 60)
    assert session.answer_elapsed_s() == pytest.approx(50)
    (stopped,) = session.stop_answer()
    # Timestamps stay on the real timeline; the duration leaves the drill out.
    assert (stopped.turn.answer_started_s, stopped.turn.answer_ended_s) == (pytest.approx(10), pytest.approx(660))
    assert stopped.turn.answer_duration_s == pytest.approx(50)
    assert session.paused_s() == pytest.approx(600)


def test_two_pauses_add_up_and_a_pause_between_answers_leaves_the_answer_alone(questions):
    session, clock = make_session(questions)
    session.start()
    clock.advance(5)
    session.pause()
    clock.advance(100)
    session.resume_clock()
    session.start_answer()
    clock.advance(40)
    session.pause()
    clock.advance(200)
    session.resume_clock()
    clock.advance(20)
    (stopped,) = session.stop_answer()
    assert stopped.turn.answer_duration_s == pytest.approx(60)
    assert session.elapsed_s() == pytest.approx(65)
    assert session.paused_s() == pytest.approx(300)


def test_no_warning_soft_limit_cut_in_or_overtime_fires_while_paused(questions):
    config = EngineConfig(budget_s=11 * 60, answer_soft_limit_s=60, cut_in_after_s=30)
    session, clock = make_session(questions, config=config)
    session.start()
    session.start_answer()
    clock.advance(55)  # 5 s before the soft limit, 5 s before the 10-minute warning
    assert session.tick() == []
    session.pause()
    assert tick_for(session, clock, 3600) == []  # an hour outside: past every limit on the wall clock
    assert not session.overtime and session.status == "answering"
    session.resume_clock()
    assert session.tick() == []
    fired = tick_for(session, clock, 5)
    assert [type(e) for e in fired] == [TimeWarning, SoftLimitReached]
    assert fired[0].seconds_left == 600
    cut = tick_for(session, clock, 30)
    assert [type(e) for e in cut] == [BoardCutsIn]
    assert cut[0].at_s == pytest.approx(55 + 3600 + 35)  # when it happened, on the real timeline


def test_while_paused_nothing_is_asked_but_the_answer_can_close_and_the_session_end(questions):
    session, clock = make_session(questions)
    (first,) = session.start()
    session.start_answer()
    clock.advance(30)
    session.pause()
    clock.advance(60)
    other = a_question_not_drawn(questions, session)
    assert session.pause() == []  # already paused
    assert session.next_question() == []
    assert session.follow_up() == []
    assert session.ask(other) == []
    assert session.ask_text("Who asked you to do this?", "gm") == []
    assert session.cut_in("gm", "Let me stop you there.") == []
    assert session.repeat() == []
    assert len(session.turns) == 1 and session.phase is Phase.ANSWERING
    offer = FollowUp("Who else uses it?", "adoption", "No adopter named.", source="lens")
    session.offer_follow_up(0, offer)  # a result from the background still lands
    assert session.offered(0) == offer
    (stopped,) = session.stop_answer()
    assert stopped.turn.answer_duration_s == pytest.approx(30)
    assert session.start_answer() == []  # not while the room is empty
    clock.advance(60)
    assert session.finish() == [SessionEnded(Phase.FINISHED)]
    assert session.elapsed_s() == pytest.approx(30)
    assert session.resume_clock() == []  # ended paused: nothing to restart
    clock.advance(100)
    assert session.remaining_s() == pytest.approx(45 * 60 - 30)


def test_a_session_ended_while_answering_and_paused_keeps_the_pause_out_of_the_answer(questions):
    session, clock = make_session(questions)
    session.start()
    session.start_answer()
    clock.advance(25)
    session.pause()
    clock.advance(500)
    effects = session.abandon()
    assert [type(e) for e in effects] == [AnswerStopped, SessionEnded]
    assert effects[0].turn.answer_duration_s == pytest.approx(25)
    assert session.elapsed_s() == pytest.approx(25)


def test_pause_before_the_start_or_resume_without_a_pause_does_nothing(questions):
    session, clock = make_session(questions)
    assert session.pause() == []
    session.start()
    assert session.resume_clock() == []
    clock.advance(10)
    assert session.remaining_s() == pytest.approx(45 * 60 - 10)


# ask -------------------------------------------------------------------------

def test_ask_stops_the_answer_and_puts_the_chosen_question_on_the_table(questions):
    session, clock = make_session(questions)
    session.start()
    session.start_answer()
    clock.advance(20)
    chosen = a_question_not_drawn(questions, session, seat="gm")
    effects = session.ask(chosen, seat="gm")
    assert [type(e) for e in effects] == [AnswerStopped, AskQuestion]
    turn = effects[1].turn
    assert turn.question == chosen and turn.text == chosen.text and not turn.is_follow_up
    assert turn.seat == "gm" and turn.question.seat != "gm" and turn.origin == "bank"
    assert turn.asked_at_s == pytest.approx(20)
    assert session.drawer.was_asked(chosen)
    later = []
    while (question := session.drawer.draw()) is not None:
        later.append(question.id)
    assert chosen.id not in later


def test_ask_without_a_seat_uses_the_question_own_seat(questions):
    session, _ = make_session(questions)
    chosen = a_question_not_drawn(questions, session)
    (asked,) = session.start(chosen)
    assert asked.turn.question == chosen and asked.turn.seat == chosen.seat
    assert asked.turn.seat_override is None
    assert session.drawer.was_asked(chosen)


def test_a_filled_packet_question_asked_from_the_browser_keeps_its_example(questions):
    session, clock = make_session(questions, packet=PACKET)
    session.start(draw=False)
    fillable = [(q, filled(q, PACKET.examples[0])) for q in questions
                if q.is_slotted and q.fits_track("staff") and not q.condition]
    bank_question, question = next((q, f) for q, f in fillable if f is not None and f.follow_ups)
    seat = "peer_exec" if bank_question.seat != "peer_exec" else "gm"
    (asked,) = session.ask(question, seat=seat)
    assert asked.turn.example_id == "ex1"
    assert "{" not in asked.turn.text and asked.turn.text != bank_question.text
    session.start_answer()
    clock.advance(30)
    probe = session.next_question()[-1].turn
    assert probe.is_follow_up and probe.text == question.follow_ups[0]
    assert probe.example_id == "ex1"
    assert probe.seat == seat  # the seat that asked it probes it


def test_start_without_drawing_runs_the_clock_with_nothing_asked(questions):
    session, clock = make_session(questions)
    assert session.start(draw=False) == []
    assert session.phase is Phase.BETWEEN and session.turns == []
    clock.advance(90)
    assert session.remaining_s() == pytest.approx(45 * 60 - 90)
    assert session.ask_text("Who asked you to do this?", "cpo") == [
        NothingToAsk("no question has been asked yet to follow up")]
    (asked,) = session.ask_text("Tell us about the decision you are proudest of.", "cpo", follow_up=False)
    assert asked.turn.index == 0 and asked.turn.asked_at_s == pytest.approx(90)


# ask_text --------------------------------------------------------------------

def test_typed_follow_ups_probe_the_main_question_and_count_on(questions):
    session, clock = make_session(questions, config=EngineConfig(follow_ups_per_question=2))
    (first,) = session.start()
    main = first.turn.question
    session.start_answer()
    clock.advance(40)
    effects = session.ask_text("  Who asked you   to do this? ", "talent_lead", origin="probe")
    assert [type(e) for e in effects] == [AnswerStopped, AskQuestion]
    probe = effects[1].turn
    assert probe.text == "Who asked you to do this?"
    assert (probe.question, probe.follow_up_index, probe.seat, probe.origin) == (main, 0, "talent_lead", "probe")
    assert probe.follow_up is None
    session.start_answer()
    clock.advance(40)
    session.stop_answer()
    choice = FollowUp("Which other business unit adopted it?", "cross_bu_adoption", "No adopter named.",
                      evidence=("We rolled it out to our team.",), source="lens")
    (suggested,) = session.ask_text("Which business unit outside yours adopted it, and as what?", "peer_exec",
                                    origin="suggestion", choice=choice)
    turn = suggested.turn
    assert (turn.follow_up_index, turn.follow_up, turn.origin) == (1, choice, "suggestion")
    assert turn.text == "Which business unit outside yours adopted it, and as what?"  # as the mentor edited it
    assert turn.seat == "peer_exec" and session.main_turn(turn) is first.turn
    moved = session.next_question()[-1].turn  # two follow-ups asked: N moves on
    assert not moved.is_follow_up and moved.question.id != main.id


def test_a_choice_is_kept_only_for_a_suggestion_and_an_empty_text_asks_the_choice(questions):
    session, _ = make_session(questions)
    session.start()
    choice = FollowUp("From what, to what?", "metric", "A number with no baseline.", source="lens")
    (custom,) = session.ask_text("What did it cost?", "gm", choice=choice)
    assert custom.turn.follow_up is None and custom.turn.origin == "custom"
    (suggested,) = session.ask_text("", "gm", origin="suggestion", choice=choice)
    assert suggested.turn.text == "From what, to what?" and suggested.turn.follow_up == choice
    assert session.ask_text("   ", "gm") == []


def test_a_suggestion_naming_a_conditional_question_asks_it_as_that_question(questions):
    session, _ = make_session(questions)
    conditional = next(q for q in questions if q.condition == "many_metrics" and q.fits_track("staff"))
    session.conditionals = {conditional.id: conditional}
    session.start()
    choice = FollowUp(conditional.text, "many_metrics", "Eight numbers in a row.", source="bank",
                      question_id=conditional.id)
    (asked,) = session.ask_text(conditional.text, "cpo", origin="suggestion", choice=choice)
    assert asked.turn.asked_question == conditional and asked.turn.seat == "cpo"
    assert conditional not in session.drawer.conditional("many_metrics")


def test_a_typed_main_question_has_no_bank_id_and_takes_its_own_follow_ups(questions):
    session, clock = make_session(questions)
    session.start()
    session.ask_text("Which follow-up did you expect us to ask?", "gm")
    (custom,) = session.ask_text("Are you solving an engineering problem or a market problem?", "tech_fellow",
                                 origin="custom", follow_up=False)
    turn = custom.turn
    assert not turn.is_follow_up and turn.question.id == "" and turn.seat == "tech_fellow"
    assert turn.text == "Are you solving an engineering problem or a market problem?"
    (probe,) = session.ask_text("Who decided that?", "cpo", origin="probe")
    assert probe.turn.follow_up_index == 0 and session.main_turn() is turn  # counts on the typed question
    assert session.follow_up() == [NothingToAsk("this question has no follow-ups left")]
    (second,) = session.ask_text("What would you do differently?", "gm", follow_up=False)
    (again,) = session.ask_text("Why?", "gm", origin="probe")
    assert again.turn.follow_up_index == 0 and session.main_turn() is second.turn


def test_n_asks_the_board_offered_follow_up_on_a_typed_question(questions):
    session, clock = make_session(questions, config=EngineConfig(follow_ups_per_question=1))
    session.start(draw=False)
    session.ask_text("Why did you start it?", "cpo", follow_up=False)
    session.ask_text("Who asked you to do this?", "cpo", origin="probe")
    (second,) = session.ask_text("What did you give up for it?", "gm", follow_up=False)
    session.start_answer()
    clock.advance(30)
    session.stop_answer()
    session.offer_follow_up(second.turn.index, FollowUp("From what, to what?", "metric", "No baseline.",
                                                        source="lens"))
    (probe,) = session.next_question()
    assert probe.turn.is_follow_up and probe.turn.text == "From what, to what?"
    assert probe.turn.follow_up_index == 0 and probe.turn.seat == "gm"


def test_unknown_seats_and_origins_are_refused(questions):
    session, _ = make_session(questions)
    session.start()
    with pytest.raises(ValueError, match="seat"):
        session.ask_text("Who else uses it?", "ceo")
    with pytest.raises(ValueError, match="origin"):
        session.ask_text("Who else uses it?", "gm", origin="mentor")
    with pytest.raises(ValueError, match="seat"):
        session.cut_in("chair")


# cut_in ----------------------------------------------------------------------

def test_the_mentor_makes_a_seat_cut_in_and_the_board_does_not_cut_in_again(questions):
    config = EngineConfig(answer_soft_limit_s=60, cut_in_after_s=30)
    session, clock = make_session(questions, config=config)
    session.start()
    assert session.cut_in("gm", "Who decided?") == []  # no answer to interrupt
    session.start_answer()
    clock.advance(20)
    (cut,) = session.cut_in("gm", "Let me stop you there. Who decided?")
    assert (cut.seat, cut.text, cut.at_s) == ("gm", "Let me stop you there. Who decided?", pytest.approx(20))
    turn = cut.turn
    assert (turn.cut_in_seat, turn.cut_in_at_s, turn.cut_in_text) == ("gm", pytest.approx(20), cut.text)
    assert session.phase is Phase.ANSWERING  # the candidate answers the interruption
    assert all(not isinstance(e, BoardCutsIn) for e in tick_for(session, clock, 200))


def test_a_cut_in_without_text_uses_the_seat_own_words(questions):
    session, clock = make_session(questions)
    session.start()
    session.start_answer()
    clock.advance(5)
    (cut,) = session.cut_in("peer_exec")
    assert cut.text in INTERRUPTIONS["peer_exec"] and cut.seat == "peer_exec"


def test_the_automatic_cut_in_comes_from_the_seat_that_asked(questions):
    session, clock = make_session(questions, config=EngineConfig(answer_soft_limit_s=60, cut_in_after_s=10))
    session.start(draw=False)
    chosen = a_question_not_drawn(questions, session, seat="talent_lead")
    session.ask(chosen, seat="talent_lead")
    assert [type(e) for e in session.start_answer()] == [AnswerStarted]
    cuts = [e for e in tick_for(session, clock, 80) if isinstance(e, BoardCutsIn)]
    assert len(cuts) == 1
    assert cuts[0].seat == "talent_lead" and cuts[0].text in INTERRUPTIONS["talent_lead"]
    assert cuts[0].turn.cut_in_seat == "talent_lead"


# Resume and solo ---------------------------------------------------------------

def test_a_resumed_panel_keeps_seats_and_origins_and_does_not_count_typed_questions(questions):
    def drawer():
        return QuestionDrawer(questions, random.Random(3), DrawFilter(track="staff"), packet=PACKET, packet_focus=True)

    session = DefenseSession(drawer(), FakeClock())
    bank_question = a_question_not_drawn(questions, session)
    typed = EarlierTurn(Question("", "", "", "both", "gm", 0, "Why you?", (), ""), origin="custom", seat="gm")
    remaining = session.drawer.remaining()
    session.resume([EarlierTurn(bank_question, seat="cpo"), typed,
                    EarlierTurn(typed.question, 0, text="Who asked?", origin="probe", seat="talent_lead")],
                   elapsed_s=600)
    assert [(t.seat, t.origin) for t in session.turns] == [("cpo", "bank"), ("gm", "custom"),
                                                            ("talent_lead", "probe")]
    assert session.drawer.remaining() == remaining - 1
    assert session.main_turn().question.text == "Why you?"
    # The typed questions count toward no balance: the draws go on as if only the bank one was asked.
    alone = drawer()
    alone.mark_asked(bank_question)
    assert [session.drawer.draw() for _ in range(8)] == [alone.draw() for _ in range(8)]


def test_a_solo_defense_never_paused_keeps_one_time_base(questions):
    session, clock = make_session(questions, config=EngineConfig(answer_soft_limit_s=60, cut_in_after_s=15))
    effects = session.start()
    for _ in range(6):
        effects += session.start_answer()
        effects += tick_for(session, clock, 90)
        effects += session.next_question()
        effects += tick_for(session, clock, 10)
    assert session.elapsed_s() == pytest.approx(600)
    assert session.session_s() == pytest.approx(600)
    assert all(t.answer_duration_s == pytest.approx(90) for t in session.turns if t.answer_ended_s is not None)
    assert not any(isinstance(e, (ClockPaused, ClockResumed)) for e in effects)
    cuts = [e for e in effects if isinstance(e, BoardCutsIn)]
    assert len(cuts) == 6 and all(c.seat == c.turn.asked_question.seat for c in cuts)
    assert all(t.origin == "bank" and t.seat_override is None for t in session.turns)
