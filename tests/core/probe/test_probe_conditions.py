"""meets_condition(): each bank condition, met and not met, on answers of both kinds."""

from __future__ import annotations

import pytest

from erbsim.core.banks import CONDITIONS
from erbsim.core.lens import analyze
from erbsim.core.probe import meets_condition

MET = {
    "many_metrics": "Conversion went up 4 points, GMV grew 23 percent and repeat purchase rose 11 percent. "
                    "NPS was up too.",
    "execution_language": "We launched the new checkout in eleven markets and shipped fourteen features on time.",
    "mandate": "In Q4 my GM asked me to own the returns project, so I put the team together.",
    "team_not_bu": "Two other teams in my own business unit use the template now, the supply team and pricing.",
    "no_specifics": "It went well overall, people liked it and it helped the business quite a lot.",
}
NOT_MET = {
    "many_metrics": "I saw the risk early and built the score; churn went from 9 percent to 6 percent.",
    "execution_language": "I decided to drop the discount campaign and bet on a membership bundle instead.",
    "mandate": "Nobody asked me to do this. I built the first version on my own time.",
    "team_not_bu": "Lazada and Daraz both adopted the template, and it is now their standard seller review.",
    "no_specifics": "The Fliggy team adopted it and refunds fell 12 percent.",
}


@pytest.mark.parametrize("condition", sorted(MET))
def test_condition_met_and_not_met(condition):
    assert meets_condition(condition, MET[condition], analyze(MET[condition]))
    assert not meets_condition(condition, NOT_MET[condition], analyze(NOT_MET[condition]))


def test_every_bank_condition_is_decided():
    assert set(CONDITIONS) == set(MET) | {"long_answer"}


def test_pushing_back_on_what_was_asked_is_not_a_mandate():
    text = ("The VP wanted to cut the seller subsidy by half in one quarter. I pushed back, with a model showing we "
            "would lose the mid-size sellers, and I proposed a phased cut instead.")
    assert not meets_condition("mandate", text, analyze(text))


def test_a_softer_ask_than_the_lens_lists_is_a_mandate_but_a_reported_remark_is_not():
    suggested = "Honestly, my manager suggested we look at it in a one-on-one, and I took it from there."
    remark = "The Daraz head of strategy told me it was the first time they killed a launch before spending on it."
    assert meets_condition("mandate", suggested, analyze(suggested))
    assert not meets_condition("mandate", remark, analyze(remark))


def test_long_answer_by_duration_or_estimated_from_words():
    short = "I decided to stop the rollout."
    result = analyze(short)
    assert meets_condition("long_answer", short, result, answer_s=240, soft_limit_s=180)
    assert not meets_condition("long_answer", short, result, answer_s=200, soft_limit_s=180)
    assert not meets_condition("long_answer", short, result)  # seven words: nowhere near three minutes
    rambling = " ".join(["and then we talked to the partners about the rollout again"] * 60)  # 600 words
    assert meets_condition("long_answer", rambling, analyze(rambling), soft_limit_s=180)
    assert not meets_condition("long_answer", rambling, analyze(rambling), soft_limit_s=600)


def test_a_few_words_are_no_answer_rather_than_a_vague_one():
    assert not meets_condition("no_specifics", "I'm not sure.", analyze("I'm not sure."))
    assert not meets_condition("no_specifics", "", analyze(""))


def test_unknown_condition_is_an_error():
    with pytest.raises(ValueError, match="unknown condition"):
        meets_condition("too_polite", "text", analyze("text"))
