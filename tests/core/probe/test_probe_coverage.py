"""listen_for_coverage(): a question's listen_for, point by point, covered only with evidence."""

from __future__ import annotations

from dataclasses import replace

import pytest
from probe_dev_cases import cases, questions

from erbsim.core.probe import listen_for_coverage

Q = questions()


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in cases("coverage")])
def test_coverage_of_dev_answers(case):
    points = listen_for_coverage(case["answer"], Q[case["question"]])
    assert [p.covered for p in points] == case["covered"], [(p.text, p.evidence) for p in points]
    for p in points:
        if p.covered:
            assert p.evidence and p.evidence in case["answer"]
        else:
            assert p.evidence == ""


def test_points_are_the_sentences_of_listen_for_and_a_clause_list_stays_one():
    points = listen_for_coverage("", Q["result"])
    assert [p.text for p in points] == [Q["result"].listen_for]
    points = listen_for_coverage("", Q["why_now"])
    assert [p.text for p in points] == ["A specific market shift read ahead of peers, with a clear cost of delay.",
                                        "Timing is argued, not asserted."]
    assert not any(p.covered for p in points)


def test_the_same_answer_covers_what_it_says_and_not_what_it_does_not():
    decision = Q["decision"]  # "A real decision between named alternatives, what was given up, and who bore the cost."
    vague = listen_for_coverage("It was a hard call and I made it. We moved on.", decision)
    full = listen_for_coverage("I chose coupons instead of loyalty points; the points team lost a year of roadmap, "
                               "and that cost me their lead's trust.", decision)
    assert [p.covered for p in vague] == [False]
    assert [p.covered for p in full] == [True]


def test_a_note_that_rules_something_out_is_not_covered_by_an_answer_that_does_it():
    origin = replace(Q["origin"], listen_for="Shows foresight rather than reaction to an instruction.")
    ahead = "Ten months before the rules changed I saw the risk and started the work."
    told = "Ten months before the rules changed my GM asked me to start the work."
    assert listen_for_coverage(ahead, origin)[0].covered
    assert not listen_for_coverage(told, origin)[0].covered


def test_content_words_cover_a_point_the_lens_has_no_signal_for():
    question = replace(Q["platform"], listen_for="A data model that separates a shared core from unit-specific "
                                                 "extensions, with a realistic migration path.")
    covered = listen_for_coverage("We kept a shared core model and let each unit add its own extensions; the "
                                  "migration path ran over two quarters.", question)
    missed = listen_for_coverage("We rewrote the checkout in six weeks and the team was proud of it.", question)
    assert covered[0].covered and "shared core" in covered[0].evidence
    assert not missed[0].covered


def _note(listen_for: str):
    return replace(Q["decision"], listen_for=listen_for)


@pytest.mark.parametrize("listen_for, said, not_said", [
    ("Says it is written down.", "There is a short document on our team's wiki.",
     "I would tell them to write it down and share it."),
    ("Names the criteria.", "The criteria were cost per drop, control and speed.", "We chose the crowd couriers."),
    ("Says why they joined.", "She joined because her team was fighting the same forecasts.",
     "She joined the project in March."),
    ("Owns a mistake.", "I got the vendor choice wrong, and I own that.", "The vendor was fine, we lived with it."),
    ("Says what it surfaced for them.", "For Amap it flagged charger searches with no result.",
     "Amap uses it every quarter."),
    ("Names early allies who did not report to the candidate.",
     "My first ally was the Hema head of data, who did not report to me.", "I had a strong team of my own."),
])
def test_a_point_is_covered_by_paraphrase_and_not_by_an_answer_that_does_not_say_it(listen_for, said, not_said):
    question = _note(listen_for)
    covered = listen_for_coverage(said, question)[0]
    assert covered.covered and covered.evidence in said
    assert not listen_for_coverage(not_said, question)[0].covered


def test_a_claim_said_under_a_negation_or_an_echo_of_the_note_covers_nothing():
    sacrifice = _note("Names a concrete sacrifice.")
    assert not listen_for_coverage("I don't think we gave up anything really. It was a win win.", sacrifice)[0].covered
    assert listen_for_coverage("We gave up the Q3 launch of the seller dashboard.", sacrifice)[0].covered
    framing = _note("Frames the work before telling the story.")
    assert not listen_for_coverage("Sure, framing. We run forty A B tests a quarter.", framing)[0].covered
    assert not listen_for_coverage("So this started when I was in Fliggy and knew the visa team.", framing)[0].covered
    assert listen_for_coverage("Cheap courier capacity in county towns was about to disappear. Now the story.",
                               framing)[0].covered


def test_the_rest_of_a_point_beyond_its_concept_must_be_said_too():
    point = _note("Gives a decision made with it without the candidate.")
    mine = "Each bet gets scored, and in my own product line it killed a dozen ideas. I decided each time."
    theirs = "Last spring the Ele.me team ran their pharmacy idea through it without me in the room and dropped it."
    assert not listen_for_coverage(mine, point)[0].covered
    assert listen_for_coverage(theirs, point)[0].covered
