"""Slots in bank questions, filled from one packet example."""

from __future__ import annotations

import pytest

from erbsim.core.packet import SLOTS, Adopter, Example, fill, slot_names, unknown_slots

FULL = Example(id="ex1", title="Seller churn early warning", business_unit="Taobao", started="2024-03",
               lead_time_months=9, risk_seen="Small sellers were leaving after their second bad month. The rest.",
               asked_by="", metric="seller churn", before="9.1%", after="6.4%",
               adopters=(Adopter("Taobao", "template"), Adopter("Ele.me", "standard"), Adopter("Cainiao", "API")),
               sponsor="the Taobao CPO")


def test_every_slot_fills_from_a_complete_example_except_asked_by_when_nobody_asked():
    filled = {name: fill("{" + name + "}", FULL) for name in SLOTS}
    assert filled["asked_by"] is None  # nobody asked: a question premised on who asked is not drawn
    assert {k: v for k, v in filled.items() if k != "asked_by"} == {
        "example": "\u201cSeller churn early warning\u201d", "bu": "Taobao", "started": "2024-03",
        "lead_time": "nine months", "risk": "Small sellers were leaving after their second bad month",
        "metric": "seller churn", "before": "9.1%", "after": "6.4%",
        # the example's own business unit is not an adopter
        "adopter": "Ele.me", "second_adopter": "Cainiao", "reused_as": "standard", "sponsor": "the Taobao CPO"}


def test_a_question_is_filled_whole_or_not_at_all():
    sparse = Example(id="ex2", title="Returns portal", adopters=(Adopter("Tmall"),))
    assert fill("Who at {adopter} decided to take up {example}?", sparse) == (
        "Who at Tmall decided to take up \u201cReturns portal\u201d?")
    assert fill("Who at {second_adopter} uses {example}?", sparse) is None
    assert fill("{metric} went from {before} to what?", sparse) is None
    assert fill("As a {reused_as}?", sparse) is None  # no form given
    assert fill("A plain question.", None) == "A plain question."
    assert fill("About {example}?", None) is None


@pytest.mark.parametrize("months, words", [(1, "one month"), (18, "eighteen months"), (30, "30 months"),
                                           (0, None), (None, None)])
def test_lead_time_is_said_in_words(months, words):
    example = Example(id="e", title="t", lead_time_months=months)
    assert fill("{lead_time}", example) == words


def test_other_as_a_reuse_form_and_a_long_risk_do_not_fill():
    example = Example(id="e", title="t", risk_seen="x" * 200, adopters=(Adopter("Fliggy", "other"),))
    assert fill("as their {reused_as}", example) is None
    assert fill("{risk}", example) is None


def test_unknown_slots_are_named_and_never_filled():
    assert slot_names("{adopter} and {example} and {adopter}") == ["adopter", "example"]
    assert unknown_slots("Who at {company} uses {example}?") == ["company"]
    assert fill("Who at {company} uses it?", FULL) is None
