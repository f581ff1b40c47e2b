"""read_track(): Staff or Principal language, per answer and per session, with the deciding sentences."""

from __future__ import annotations

import pytest
from probe_dev_cases import cases

from erbsim.core.probe import read_track


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in cases("track")])
def test_track_reading_of_dev_answers(case):
    answers = case["answers"][0] if len(case["answers"]) == 1 else case["answers"]
    reading = read_track(answers, case["chosen"])
    assert reading.reading == case["expect"], (reading.staff_score, reading.principal_score)
    assert reading.chosen == case["chosen"]
    if case["expect"] in ("staff", "principal"):
        assert reading.agrees is (case["expect"] == case["chosen"])
        assert reading.sentences and all(s.track == case["expect"] for s in reading.sentences)
    else:
        assert reading.agrees is None


def _case(name):
    return next(c for c in cases("track") if c["id"] == name)


def test_the_deciding_sentences_and_their_terms():
    reading = read_track(_case("principal-answer")["answers"][0], "staff")
    texts = " ".join(s.text for s in reading.sentences)
    assert "p99 latency" in texts and "failover" in texts
    terms = {t.lower() for s in reading.sentences for t in s.terms}
    assert {"architecture", "p99", "failover"} <= terms
    assert reading.agrees is False


def test_mixed_shows_sentences_of_both_kinds():
    reading = read_track(_case("mixed-answer")["answers"][0], "principal")
    assert {s.track for s in reading.sentences} == {"staff", "principal"}
    staff = next(s for s in reading.sentences if s.track == "staff")
    assert "pricing" in staff.terms


def test_a_session_adds_up_its_answers():
    answers = _case("session-staff")["answers"]
    one = read_track(answers[0], "principal")
    session = read_track(answers, "principal")
    assert one.reading == "unclear"  # one short answer is not enough to say
    assert session.reading == "staff" and session.staff_score > one.staff_score
    assert {s.text for s in session.sentences} == set(answers)


def test_everyday_words_place_no_one():
    reading = read_track("I recall we partnered with the data team and the customers liked the interface.", "staff")
    assert reading.reading == "unclear"
