"""ERB lens feedback: the board's advice for what an answer says and leaves out."""

from __future__ import annotations

from erbsim.core.lens import DIMENSIONS, analyze, feedback

# -- feedback

def _codes(text):
    return [f.code for f in feedback(analyze(text))]


def test_feedback_for_execution_only_answer():
    notes = feedback(analyze("I led the launch of a new recommendation engine, and CTR went up 18%."))
    by_code = {f.code: f for f in notes}
    assert by_code["execution_no_decision"].message == "You described what shipped, not what you decided."
    assert by_code["execution_no_decision"].severity == "high"
    assert by_code["execution_no_decision"].dimension == "strategic_autonomy"
    assert by_code["metric_without_story"].message == "A number with no story: say what you decided and why."
    assert by_code["no_adoption"].message == "Who else uses it? No other team is named."
    assert by_code["no_adoption"].dimension == "cross_bu_impact"
    assert by_code["execution_no_decision"].evidence  # points at the sentence
    assert all(f.dimension in DIMENSIONS for f in notes)
    assert [f.severity for f in notes] == sorted((f.severity for f in notes),
                                                 key=["high", "medium", "low", "strength"].index)


def test_feedback_for_mandate():
    notes = {f.code: f for f in feedback(analyze("In Q4 my GM asked me to redesign checkout."))}
    assert notes["mandate_from_above"].message == "Who asked you to do this? It sounds like a mandate from above."
    assert notes["mandate_from_above"].dimension == "strategic_autonomy"


def test_feedback_for_strong_answer_is_mostly_strengths():
    text = ("Eight months before the new data rules took effect I saw the risk, built a privacy first "
            "layer on my own initiative, piloted it with one sister business, and then three business "
            "units adopted it; it is now the standard for personalisation after consent.")
    codes = _codes(text)
    assert "strength_foresight" in codes and "strength_cross_bu_adoption" in codes
    assert "execution_no_decision" not in codes and "no_adoption" not in codes
    assert "no_metric" in codes  # no before/after number yet


def test_feedback_for_talent_multiplier_absence_and_presence():
    assert "no_talent_multiplier" in _codes("I mentored two juniors who were promoted.")
    text = "My scoring model is how the DAMO team and the Tongyi team now decide what to fund."
    assert "strength_talent_multiplier" in _codes(text)


def test_feedback_for_empty_answer():
    assert _codes("")[0] == "no_story"
