"""The session engine, driven by a fake clock through whole defenses."""

from __future__ import annotations

import dataclasses
import random

import pytest

from erbsim.core.banks import CATEGORIES, Question, default_bank_paths, load_banks
from erbsim.core.clock import FakeClock
from erbsim.core.drawing import DrawFilter, QuestionDrawer, weight_for_score
from erbsim.core.engine import (
    AnswerStarted,
    AnswerStopped,
    AskQuestion,
    BoardCutsIn,
    DefenseSession,
    EarlierTurn,
    EngineConfig,
    NothingToAsk,
    OvertimeStarted,
    Phase,
    RepeatQuestion,
    SessionEnded,
    SoftLimitReached,
    TimeWarning,
)
from erbsim.core.interruptions import INTERRUPTIONS
from erbsim.core.probe import FollowUp


@pytest.fixture(scope="module")
def questions() -> list[Question]:
    return load_banks(default_bank_paths()).questions


def make_session(questions, seed=7, track="staff", config=None, scores=None):
    config = EngineConfig() if config is None else config
    clock = FakeClock()
    drawer = QuestionDrawer(questions, random.Random(seed), DrawFilter(track=track), scores)
    return DefenseSession(drawer, clock, config), clock


def run_full_defense(session, clock, answer_s=150, gap_s=20, step_s=1.0):
    """Answer questions until 50 minutes have passed, ticking every step; returns all effects."""
    effects = session.start()
    while session.elapsed_s() < 50 * 60:
        effects += session.start_answer()
        for _ in range(int(answer_s / step_s)):
            clock.advance(step_s)
            effects += session.tick()
        effects += session.stop_answer()
        for _ in range(int(gap_s / step_s)):
            clock.advance(step_s)
            effects += session.tick()
        effects += session.next_question()
    effects += session.finish()
    return effects


def test_full_defense_fires_every_warning_once_then_overtime(questions):
    session, clock = make_session(questions)
    effects = run_full_defense(session, clock)
    warnings = [e.seconds_left for e in effects if isinstance(e, TimeWarning)]
    assert warnings == [600, 300, 60]
    assert sum(isinstance(e, OvertimeStarted) for e in effects) == 1
    assert isinstance(effects[-1], SessionEnded) and effects[-1].phase is Phase.FINISHED
    assert session.phase is Phase.FINISHED and session.overtime
    assert session.remaining_s() < 0
    order = [type(e) for e in effects if isinstance(e, (TimeWarning, OvertimeStarted))]
    assert order == [TimeWarning, TimeWarning, TimeWarning, OvertimeStarted]


def test_warning_time_is_from_the_deadline_not_tick_count(questions):
    session, clock = make_session(questions)
    session.start()
    clock.advance(35 * 60 - 0.5)
    assert session.tick() == []
    clock.advance(0.5)
    assert session.tick() == [TimeWarning(600)]
    assert session.remaining_s() == pytest.approx(600)
    assert session.tick() == []


def test_stall_past_several_thresholds_says_only_the_most_urgent(questions):
    session, clock = make_session(questions)
    session.start()
    clock.advance(44.5 * 60)
    assert session.tick() == [TimeWarning(60)]
    clock.advance(60)
    assert session.tick() == [OvertimeStarted()]
    assert session.status == "overtime"
    clock.advance(600)
    assert session.tick() == []


def test_soft_limit_fires_once_per_answer(questions):
    session, clock = make_session(questions, config=EngineConfig(answer_soft_limit_s=180, cut_in_after_s=0))
    session.start()
    session.start_answer()
    clock.advance(179)
    assert session.tick() == []
    clock.advance(2)
    (effect,) = session.tick()
    assert isinstance(effect, SoftLimitReached) and effect.turn.index == 0
    clock.advance(60)
    assert session.tick() == []
    session.next_question()
    session.start_answer()
    clock.advance(200)
    assert [type(e) for e in session.tick()] == [SoftLimitReached]


def test_answer_times_are_offsets_from_the_start(questions):
    session, clock = make_session(questions)
    session.start()
    clock.advance(5)
    (started,) = session.start_answer()
    clock.advance(90)
    (stopped,) = session.stop_answer()
    assert isinstance(started, AnswerStarted) and isinstance(stopped, AnswerStopped)
    assert stopped.turn.answer_started_s == pytest.approx(5)
    assert stopped.turn.answer_duration_s == pytest.approx(90)


def test_follow_ups_come_before_moving_on(questions):
    session, _ = make_session(questions, config=EngineConfig(follow_ups_per_question=2))
    (first,) = session.start()
    main = first.turn.question
    second = session.next_question()[-1].turn
    third = session.next_question()[-1].turn
    fourth = session.next_question()[-1].turn
    assert (second.question.id, second.follow_up_index, second.text) == (main.id, 0, main.follow_ups[0])
    assert (third.question.id, third.follow_up_index) == (main.id, 1)
    assert fourth.question.id != main.id and fourth.follow_up_index is None
    assert second.seat == main.seat


def test_follow_ups_off_moves_on_but_f_still_probes(questions):
    session, _ = make_session(questions, config=EngineConfig(follow_ups_per_question=0))
    (first,) = session.start()
    probe = session.follow_up()[-1].turn
    assert probe.question.id == first.turn.question.id and probe.follow_up_index == 0
    moved = session.next_question()[-1].turn
    assert moved.question.id != first.turn.question.id


def test_f_runs_out_of_follow_ups(questions):
    session, _ = make_session(questions)
    (first,) = session.start()
    for _ in first.turn.question.follow_ups:
        assert isinstance(session.follow_up()[-1], AskQuestion)
    (effect,) = session.follow_up()
    assert isinstance(effect, NothingToAsk)


def test_next_while_answering_closes_the_answer_first(questions):
    session, clock = make_session(questions)
    session.start()
    session.start_answer()
    clock.advance(30)
    effects = session.next_question()
    assert [type(e) for e in effects] == [AnswerStopped, AskQuestion]
    assert effects[0].turn.answer_duration_s == pytest.approx(30)


def test_repeat_does_not_add_a_turn(questions):
    session, _ = make_session(questions)
    session.start()
    (effect,) = session.repeat()
    assert isinstance(effect, RepeatQuestion) and len(session.turns) == 1


def test_abandon_mid_answer_stops_the_answer_and_freezes_the_clock(questions):
    session, clock = make_session(questions)
    session.start()
    session.start_answer()
    clock.advance(40)
    effects = session.abandon()
    assert [type(e) for e in effects] == [AnswerStopped, SessionEnded]
    assert session.phase is Phase.ABANDONED
    clock.advance(1000)
    assert session.elapsed_s() == pytest.approx(40)
    assert session.tick() == session.start_answer() == session.next_question() == session.finish() == []


def test_events_in_the_wrong_phase_are_ignored(questions):
    session, _ = make_session(questions)
    assert session.start_answer() == session.stop_answer() == session.next_question() == []
    session.start()
    assert session.start() == []
    assert session.stop_answer() == []


def test_same_seed_same_defense_different_seed_different(questions):
    def sequence(seed):
        session, clock = make_session(questions, seed=seed, config=EngineConfig(follow_ups_per_question=0))
        effects = run_full_defense(session, clock, answer_s=60, gap_s=5, step_s=5)
        return [e.turn.question.id for e in effects if isinstance(e, AskQuestion)]

    assert sequence(11) == sequence(11)
    assert sequence(11) != sequence(12)


def test_no_repeats_and_balanced_categories(questions):
    session, _ = make_session(questions, config=EngineConfig(follow_ups_per_question=0))
    session.start()
    for _ in range(29):
        session.next_question()
    asked = [t.question for t in session.turns]
    assert len({q.id for q in asked}) == len(asked) == 30
    counts = {c: sum(q.category == c for q in asked) for c in CATEGORIES if any(q.category == c for q in questions)}
    assert max(counts.values()) - min(counts.values()) <= 1, counts
    assert all(q.fits_track("staff") for q in asked)


def test_drawer_runs_dry_cleanly(questions):
    few = [q for q in questions if q.fits_track("principal")][:3]
    session, _ = make_session(few, track="principal", config=EngineConfig(follow_ups_per_question=0))
    session.start()
    session.next_question()
    session.next_question()
    (effect,) = session.next_question()
    assert isinstance(effect, NothingToAsk)
    assert session.phase is Phase.ASKING  # the last question is still on the table


def test_low_rated_questions_come_up_more_often(questions):
    # opening questions only: without a packet, slotted and conditional ones are never drawn
    pool = [q for q in questions if q.category == "strategy" and q.fits_track("staff")
            and not q.is_slotted and not q.condition][:10]
    low = pool[0].id
    scores = {low: 1.0, **{q.id: 5.0 for q in pool[1:]}}
    firsts = [QuestionDrawer(pool, random.Random(seed), DrawFilter(), scores).draw().id for seed in range(600)]
    share = firsts.count(low) / len(firsts)
    expected = weight_for_score(1.0) / (weight_for_score(1.0) + 9 * weight_for_score(5.0))
    assert share == pytest.approx(expected, abs=0.06)
    assert share > 2 / 10  # well above the 1 in 10 of an unweighted draw


def test_resume_carries_time_and_asked_questions(questions):
    first, clock = make_session(questions)
    first.start()
    first.next_question()
    clock.advance(36 * 60)
    earlier = [(t.question, t.follow_up_index) for t in first.turns]

    resumed, clock2 = make_session(questions)
    resumed.resume(earlier, elapsed_s=36 * 60)
    assert resumed.remaining_s() == pytest.approx(9 * 60)
    assert resumed.tick() == []  # the 10-minute warning was already behind
    effects = resumed.next_question()
    asked_before = {q.id for q, _ in earlier}
    new = effects[-1].turn
    # its one follow-up was asked before the break: a question not asked yet comes next
    assert new.question.id not in asked_before and new.follow_up_index is None
    clock2.advance(4 * 60)
    assert resumed.tick() == [TimeWarning(300)]


def test_resume_carries_the_follow_ups_already_asked(questions):
    config = EngineConfig(follow_ups_per_question=2)
    first, _clock = make_session(questions, config=config)
    first.start()
    first.next_question()  # the first follow-up
    earlier = [(t.question, t.follow_up_index) for t in first.turns]
    assert [index for _, index in earlier] == [None, 0]

    resumed, _clock2 = make_session(questions, config=config)
    resumed.resume(earlier, elapsed_s=10 * 60)
    new = resumed.next_question()[-1].turn
    assert (new.question.id, new.follow_up_index) == (earlier[0][0].id, 1)  # the second, not the first again


# The board listens: follow-ups chosen from the answer ----------------------------

NO_ADOPTER = FollowUp("Who outside your team uses it today?", "cross_bu_adoption",
                      "The answer named no organisation that adopted the work.", ("We shipped it in Q3.",), "lens")


def answer(session, clock, seconds=60):
    session.start_answer()
    clock.advance(seconds)
    session.stop_answer()


def test_the_follow_up_offered_for_the_answer_is_the_one_asked(questions):
    session, clock = make_session(questions)
    (first,) = session.start()
    answer(session, clock)
    assert session.offer_follow_up(0, NO_ADOPTER) == []
    asked = session.next_question()[-1].turn
    assert asked.text == NO_ADOPTER.text and asked.text not in first.turn.question.follow_ups
    assert asked.follow_up is NO_ADOPTER and asked.follow_up.reason.startswith("The answer named no")
    assert (asked.question.id, asked.follow_up_index, asked.seat) == (first.turn.question.id, 0, first.turn.seat)


def test_without_an_offer_the_bank_follow_up_is_the_fallback(questions):
    session, clock = make_session(questions)
    (first,) = session.start()
    answer(session, clock)  # the transcript never arrived in time: no offer
    asked = session.next_question()[-1].turn
    assert (asked.text, asked.follow_up) == (first.turn.question.follow_ups[0], None)


def test_an_offer_for_an_earlier_turn_is_never_asked(questions):
    session, clock = make_session(questions, config=EngineConfig(follow_ups_per_question=2))
    (first,) = session.start()
    answer(session, clock)
    session.next_question()  # pressed N before the offer arrived: the bank's follow-up
    session.offer_follow_up(0, NO_ADOPTER)  # arrives late, for the answer before
    asked = session.next_question()[-1].turn
    assert asked.text == first.turn.question.follow_ups[1] and asked.follow_up is None


def test_n_counts_offered_follow_ups_and_f_always_asks_one_more(questions):
    session, clock = make_session(questions, config=EngineConfig(follow_ups_per_question=1))
    (first,) = session.start()
    answer(session, clock)
    session.offer_follow_up(0, NO_ADOPTER)
    probe = session.next_question()[-1].turn
    answer(session, clock)
    again = FollowUp("From what, to what?", "metric", "A number with no baseline.", source="lens")
    session.offer_follow_up(probe.index, again)
    assert session.follow_up()[-1].turn.text == "From what, to what?"  # F: one more, the board's choice
    answer(session, clock)
    moved = session.next_question()[-1].turn  # N: the one probe is done, a new question
    assert moved.question.id != first.turn.question.id and not moved.is_follow_up


def test_an_offer_already_asked_falls_back_to_the_bank(questions):
    session, clock = make_session(questions, config=EngineConfig(follow_ups_per_question=3))
    (first,) = session.start()
    main = first.turn.question
    answer(session, clock)
    session.next_question()  # the bank's first follow-up
    answer(session, clock)
    session.offer_follow_up(1, FollowUp(main.follow_ups[0], "", "the bank's", source="bank"))
    asked = session.next_question()[-1].turn
    assert asked.text == main.follow_ups[1]


def test_a_chosen_conditional_question_is_asked_as_that_question(questions):
    session, clock = make_session(questions)
    (first,) = session.start()
    other_seat = next(s for s in INTERRUPTIONS if s != first.turn.seat)
    conditional = dataclasses.replace(questions[0], id="cond-metrics", condition="many_metrics", seat=other_seat,
                                      dimension="strategic_autonomy",
                                      text="You have given me five numbers. Which one did you decide on?")
    session.conditionals = {conditional.id: conditional}
    answer(session, clock)
    session.offer_follow_up(0, FollowUp(conditional.text, "metric", "Five numbers in a row, no decision.",
                                        source="condition", question_id=conditional.id))
    asked = session.next_question()[-1].turn
    assert asked.is_follow_up and asked.asked_question is conditional
    assert (asked.text, asked.seat, asked.question.id) == (conditional.text, other_seat, first.turn.question.id)


def test_resume_keeps_a_chosen_follow_up_text_from_the_bank_fallbacks(questions):
    first, clock = make_session(questions, config=EngineConfig(follow_ups_per_question=2))
    first.start()
    answer(first, clock)
    first.offer_follow_up(0, NO_ADOPTER)
    first.next_question()
    earlier = [EarlierTurn(t.question, t.follow_up_index, t.text if t.is_follow_up else None) for t in first.turns]

    resumed, _ = make_session(questions, config=EngineConfig(follow_ups_per_question=2))
    resumed.resume(earlier, elapsed_s=5 * 60)
    assert resumed.turns[1].text == NO_ADOPTER.text
    new = resumed.next_question()[-1].turn
    assert (new.follow_up_index, new.text) == (1, earlier[0].question.follow_ups[0])


# The board cuts in ---------------------------------------------------------------

def test_the_board_cuts_in_once_past_the_soft_limit(questions):
    session, clock = make_session(questions, config=EngineConfig(answer_soft_limit_s=120, cut_in_after_s=45))
    (first,) = session.start()
    clock.advance(3)
    session.start_answer()
    clock.advance(120)
    assert [type(e) for e in session.tick()] == [SoftLimitReached]
    clock.advance(44.5)
    assert session.tick() == []
    clock.advance(0.5)
    (cut,) = session.tick()
    assert isinstance(cut, BoardCutsIn) and cut.turn is first.turn
    assert cut.text in INTERRUPTIONS[first.turn.seat]
    assert cut.at_s == pytest.approx(3 + 165) and first.turn.cut_in_at_s == pytest.approx(168)
    assert first.turn.cut_in_text == cut.text
    clock.advance(120)
    assert session.tick() == []  # once per answer
    assert session.phase is Phase.ANSWERING  # the candidate answers the interruption
    session.next_question()
    session.start_answer()
    clock.advance(170)
    assert [type(e) for e in session.tick()] == [SoftLimitReached, BoardCutsIn]


def test_the_board_never_cuts_in_when_set_to_zero(questions):
    session, clock = make_session(questions, config=EngineConfig(answer_soft_limit_s=60, cut_in_after_s=0))
    session.start()
    session.start_answer()
    effects = []
    for _ in range(40):
        clock.advance(30)
        effects += session.tick()
    assert not [e for e in effects if isinstance(e, BoardCutsIn)]
    assert [type(e) for e in effects if isinstance(e, SoftLimitReached)] == [SoftLimitReached]
    assert session.current_turn.cut_in_at_s is None


def test_the_same_seat_and_turn_always_cut_in_the_same_way(questions):
    def cut_text(seed):
        session, clock = make_session(questions, seed=seed, config=EngineConfig(answer_soft_limit_s=10,
                                                                                  cut_in_after_s=5))
        session.start()
        session.start_answer()
        clock.advance(20)
        return [e.text for e in session.tick() if isinstance(e, BoardCutsIn)]

    assert cut_text(3) == cut_text(3) and len(cut_text(3)) == 1


def test_peeking_says_what_comes_next_and_changes_nothing(questions):
    """The UI renders the next question's voice while the candidate answers: what peek_next says
    is what N then asks, and a session that peeks asks exactly what one that never peeks asks."""
    def defense(peek: bool) -> list[str]:
        session, clock = make_session(questions, seed=5, config=EngineConfig(follow_ups_per_question=1))
        if peek:
            assert session.peek_next().text == (first := session.start()[0].turn.text)
        else:
            first = session.start()[0].turn.text
        asked = [first]
        for number in range(12):
            answer(session, clock)
            if number == 4:
                session.offer_follow_up(len(session.turns) - 1, NO_ADOPTER)
            expected = session.peek_next() if peek else None
            if peek and number % 3 == 0:
                assert session.peek_next().text == expected.text  # peeking twice moves nothing on
            (effect,) = session.next_question()
            if peek:
                assert (effect.turn.text, effect.turn.seat, effect.turn.is_follow_up) == (
                    expected.text, expected.seat, expected.is_follow_up)
            asked.append(effect.turn.text)
        return asked

    with_peeks = defense(peek=True)
    assert with_peeks == defense(peek=False)
    assert NO_ADOPTER.text in with_peeks


def test_peek_follow_up_is_what_f_asks(questions):
    session, clock = make_session(questions, config=EngineConfig(follow_ups_per_question=0))
    (first,) = session.start()
    answer(session, clock)
    bank_follow_up = session.peek_follow_up()
    assert bank_follow_up.text == first.turn.question.follow_ups[0]
    assert session.peek_next().question.id != first.turn.question.id  # N draws a new question
    session.offer_follow_up(0, NO_ADOPTER)
    assert session.peek_follow_up().text == NO_ADOPTER.text  # the board's choice, once offered
    assert session.follow_up()[-1].turn.text == NO_ADOPTER.text
    session.finish()
    assert session.peek_next() is None and session.peek_follow_up() is None
