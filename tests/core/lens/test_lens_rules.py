"""ERB lens rules: evidence spans, and each signal's definition, precisely."""

from __future__ import annotations

import json

import pytest

from erbsim.core.lens import SIGNALS, analyze, feedback

# -- evidence

def test_evidence_spans_point_into_the_text():
    text = ("Um, about eight months before the new rules came in I saw the risk. Nobody asked me, "
            "but I built it, and then three business units adopted it.")
    result = analyze(text)
    assert {"foresight", "autonomy", "cross_bu_adoption"} <= set(result.present())
    for sig in result.signals.values():
        for ev in sig.evidence:
            assert text[ev.start:ev.end] == ev.sentence
            assert text[ev.trigger_start:ev.trigger_end] == ev.trigger
            assert ev.start <= ev.trigger_start < ev.trigger_end <= ev.end
    (ev,) = result["cross_bu_adoption"].evidence
    assert ev.sentence == "and then three business units adopted it."
    assert ev.trigger == "three business units"


def test_absent_signals_have_no_evidence():
    result = analyze("We shipped it.")
    for name in SIGNALS:
        assert result[name].present == bool(result[name].evidence)


def test_result_is_json_serialisable():
    result = analyze("The Freshippo GM said it changed their roadmap.")
    data = json.loads(json.dumps(result.to_dict()))
    assert data["present"] == ["stakeholder_quote"]
    assert data["signals"]["stakeholder_quote"]["evidence"][0]["rule"].startswith("stakeholder_quote")
    assert json.dumps([f.to_dict() for f in feedback(result)])


# -- the definitions, precisely

@pytest.mark.parametrize("text", [
    "We delivered five features.", "We closed 3 OKRs this half.", "Twelve new features went live.",
    "I worked with three business units.",
])
def test_counts_of_things_delivered_are_not_metrics(text):
    assert not analyze(text).has("metric")


@pytest.mark.parametrize("text", [
    "CTR went up 18%.", "Conversion improved by eighteen percent.", "We saved 2 million yuan a year.",
    "Handling time fell from nine minutes to four.", "Paying members grew to two hundred thousand.",
    "Costs were halved.", "It is three times faster than before.",
])
def test_outcome_numbers_are_metrics(text):
    assert analyze(text).has("metric")


@pytest.mark.parametrize("text", [
    "Nobody asked me to do this.", "I did it without being told.", "My GM did not assign it to me.",
    "No one had requested it.", "I was never asked to look at it.",
])
def test_negated_requests_are_autonomy_not_mandate(text):
    result = analyze(text)
    assert result.has("autonomy"), text
    assert not result.has("mandate"), text


def test_shipped_inside_a_decision_story_is_not_execution_language():
    text = "Ten months before the peak I decided on my own to rebuild the cache, and we shipped it in May."
    result = analyze(text)
    assert not result.has("execution_language")
    assert result.has("foresight") and result.has("autonomy")


def test_told_me_to_is_an_instruction_not_a_quote():
    result = analyze("My director told me to ship it by June.")
    assert result.has("mandate")
    assert not result.has("stakeholder_quote")


def test_first_person_said_is_not_a_stakeholder_quote():
    assert not analyze("I said to the GM that we had to move faster.").has("stakeholder_quote")


def test_one_other_team_is_not_cross_bu_adoption():
    assert not analyze("The Tmall team adopted it.").has("cross_bu_adoption")
    assert analyze("The Tmall team and the Fliggy team adopted it.").has("cross_bu_adoption")
