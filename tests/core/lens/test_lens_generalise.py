"""ERB lens, issue 9: claims that are not achieved facts, later questions that
are not mandates, the seed's bar in the feedback, and the question asked."""

from __future__ import annotations

import pytest

from erbsim.core.banks import Question
from erbsim.core.lens import analyze, feedback, lead_time_months, question_focus


def codes(text, question=None):
    return [f.code for f in feedback(analyze(text), question=question)]


@pytest.mark.parametrize("text", [
    "Lazada and Daraz were meant to adopt it last quarter, but that never happened.",
    "Lazada and Daraz will adopt it next quarter.",
    "We plan to roll it out to Lazada, Daraz and Trendyol.",
    "Three business units are piloting it.",
    "If Lazada and Daraz adopt it, it becomes the standard.",
])
def test_unachieved_adoption_is_not_adoption(text):
    result = analyze(text)
    assert not result.has("cross_bu_adoption")
    assert not result.has("institutionalized")


def test_achieved_adoption_still_counts():
    result = analyze("Lazada and Daraz adopted it last quarter, and it is now the standard for checkout.")
    assert result.has("cross_bu_adoption")
    assert result.has("institutionalized")


def test_hoped_for_standard_is_not_institutionalised():
    assert not analyze("We hope it becomes the standard for the whole cloud org.").has("institutionalized")


@pytest.mark.parametrize("text", [
    "My GM later asked me how we'd done it.",
    "The directive from the GM was to add more regions. I went the other way and built a prefetch layer.",
])
def test_later_questions_and_directives_gone_against_are_not_mandates(text):
    assert not analyze(text).has("mandate")


@pytest.mark.parametrize("text", [
    "The project was assigned in Q1.",
    "Leadership wanted a single seller identity across the marketplaces.",
    "My GM told me, go fix the driver onboarding.",
    "The framework was requested by the group strategy office.",
])
def test_mandate_in_its_other_forms(text):
    assert analyze(text).has("mandate")


def test_my_gm_told_me_go_is_not_a_quote():
    assert not analyze("My GM told me, go fix the driver onboarding.").has("stakeholder_quote")


def test_negated_trade_off_is_no_decision():
    result = analyze("There wasn't really a trade-off, we just shipped it.")
    assert result.decisions == []
    assert result.has("execution_language")


def test_learned_flags_are_explained_by_a_sentence():
    text = ("The Hema category planning team uses my category exit scorecard to decide when to stop a category, "
            "and the Tmall Supermarket team uses it too.")
    result = analyze(text)
    for name in result.present():
        assert result[name].evidence, name
        for ev in result[name].evidence:
            assert text[ev.start:ev.end] == ev.sentence


def test_rules_alone_are_available():
    text = "Nobody asked me to, I started it on my own."
    assert analyze(text, use_model=False).has("autonomy")


# --- feedback: the seed's bar ---

def test_adoption_inside_own_bu_is_integration():
    got = feedback(analyze("Two teams in my own BU use it now for their planning."))
    own = [f for f in got if f.code == "adoption_inside_own_bu"]
    assert own and own[0].message == "Two teams in your own BU is integration, not standardisation."
    assert "no_adoption" not in [f.code for f in got]
    assert "strength_cross_bu_adoption" not in [f.code for f in got]


def test_foresight_lead_time_is_graded_against_the_board():
    result = analyze("Eight months before the rules took effect I saw the risk and, on my own initiative, "
                     "built a privacy layer.")
    assert lead_time_months(result) == 8
    short = [f for f in feedback(result) if f.code == "foresight_short_lead"]
    assert short and "18-24" in short[0].message


def test_long_lead_time_is_not_told_it_is_short():
    result = analyze("About two years before the regulation, I saw it coming and on my own started the work.")
    assert lead_time_months(result) == 24
    assert "foresight_short_lead" not in codes(result.text)


def test_ab_test_only_is_a_test_executor():
    got = codes("We ran an A/B test and the variant won, CTR went up 18%.")
    assert "ab_test_only" in got


def test_feature_counts_and_okrs_read_as_execution():
    assert "output_counts" in codes("We delivered fourteen new features and met all our OKRs on time.")


def test_counts_with_a_decision_are_not_called_execution():
    text = ("I decided to drop the loyalty revamp instead of the search fix, because search was where buyers left; "
            "we still delivered twelve features.")
    assert "output_counts" not in codes(text)


# --- feedback: the question asked ---

FRAMING = Question(id="strategy-015", category="strategy", dimension="strategic_autonomy", track="both",
                   seat="tech_fellow", difficulty=1,
                   text="Are you solving an engineering problem or a market problem? Give me one sentence "
                        "before you tell the story.",
                   follow_ups=(), listen_for="A crisp framing that places the work on a track.")
SHORT_FRAMING_ANSWER = "A market problem. The engineering was solved; sellers would not pay for it."


def test_framing_question_is_recognised():
    focus = question_focus(FRAMING)
    assert focus.framing
    assert question_focus(FRAMING.text).framing
    assert question_focus(None) is None


def test_short_answer_to_a_framing_question_is_not_told_to_name_adopters():
    with_question = codes(SHORT_FRAMING_ANSWER, FRAMING)
    without = codes(SHORT_FRAMING_ANSWER)
    assert "no_adoption" in without
    assert "no_adoption" not in with_question
    assert "no_story" not in with_question


def test_what_the_question_asks_for_and_is_missing_comes_first():
    text = "I started the pricing study on my own and we cut refunds from nine days to two."
    got = feedback(analyze(text), question="Who else uses it? Which other teams adopted it?")
    missing = [f for f in got if f.code == "no_adoption"]
    assert missing and missing[0].severity == "high"
    assert got[0].severity == "high"


def test_short_answer_to_another_question_is_not_asked_for_a_framework():
    got = codes("I started it on my own, nobody asked me.", "Who asked you to do this?")
    assert "no_talent_multiplier" not in got
    assert "no_talent_multiplier" in codes("I started it on my own, nobody asked me.")
