"""Which other organisations use the work (erbsim/core/probe/adopters.py): an answer that names its
adopters, however it says so, is not asked "Who else uses it?"; teams of the candidate's own unit,
adoption only planned or liked, and customers are not adopters (docs/probe.md, "How the follow-up is chosen")."""

from __future__ import annotations

import pytest

from erbsim.core.banks import Question
from erbsim.core.probe import choose_follow_up
from erbsim.core.probe.reading import read_answer

REPLICATION = Question(id="t-q", category="replication", dimension="cross_bu_impact", track="both", seat="cpo",
                       difficulty=2, text="Who else uses it, and is it a standard or an integration?", follow_ups=(),
                       listen_for="")


@pytest.mark.parametrize("sentence, adopters", [
    ("It is now used by Koubei and the Fliggy hotel team.", {"Koubei", "Fliggy"}),
    ("Lazada picked it up first, then Daraz.", {"Lazada", "Daraz"}),
    ("Lazada adopted it. Daraz followed a quarter later.", {"Lazada", "Daraz"}),
    ("The Hema squad and Cainiao's last-mile team both run on it.", {"Hema", "Cainiao"}),
    ("It went live in Tmall Global and AliExpress in March.", {"Tmall Global", "AliExpress"}),
    ("Taobao, Tmall and Xianyu plan their campaigns with it.", {"Taobao", "Tmall", "Xianyu"}),
    ("The Koubei folks copied the whole thing, and so did the DingTalk guys.", {"Koubei", "DingTalk"}),
    ("After Lazada, Trendyol and Miravia came on board.", {"Lazada", "Trendyol", "Miravia"}),
    ("Lazada runs it now. So does Trendyol.", {"Lazada", "Trendyol"}),
    ("AIDC and Cainiao adopted it.", {"AIDC", "Cainiao"}),
    ("Both Lazada and Daraz are on it now.", {"Lazada", "Daraz"}),
    ("Koubei's growth squad and the Orion team in Amap use it every week.", {"Koubei", "Orion", "Amap"}),
    ("I showed it to Lazada and Daraz. Both of them now run it.", {"Lazada", "Daraz"}),
    ("I went to the Hema and Tmall Supermarket leads. They adopted it within a quarter.",
     {"Hema", "Tmall Supermarket"}),
])
def test_adopters_are_named_however_the_answer_says_they_use_it(sentence, adopters):
    reading = read_answer(sentence)
    assert set(reading.adopters_named) == adopters
    assert reading.cross_bu


@pytest.mark.parametrize("sentence, adopters", [
    ("Lazada wants to adopt it next quarter and Daraz liked the demo.", set()),
    ("Lazada is evaluating it, and Daraz is talking to us about it.", set()),
    ("Brands like Nike and Unilever use it for their flagship stores.", set()),
    ("Merchants on Taobao and Tmall use it every day.", set()),
    ("Sellers on Lazada and Daraz adopted it.", set()),
    ("I'm at Cainiao. The Cainiao warehouse team uses it, and Lazada too.", {"Lazada"}),
    ("We built Atlas. Fliggy runs on Atlas now.", {"Fliggy"}),
    ("My director Zhang Wei and the VP both use it.", set()),
    ("Two other teams in my own BU, the search team and the ads team, use it.", set()),
    ("I presented it at the Lazada and Daraz reviews. They liked it.", set()),
    ("Sellers on Lazada and Daraz got the pitch. They adopted it.", set()),
])
def test_planned_liked_customers_and_the_candidates_own_unit_are_not_two_adopters(sentence, adopters):
    reading = read_answer(sentence)
    assert set(reading.adopters_named) == adopters
    assert not reading.cross_bu


def test_one_named_adopter_and_other_units_said_is_adoption_named():
    assert read_answer("Lazada uses it, and two other BUs have since rolled it out.").cross_bu
    assert read_answer("Lazada uses it, plus a couple more BUs.").cross_bu
    assert not read_answer("Lazada uses it.").cross_bu


def test_an_answer_naming_its_adopters_in_passive_words_is_asked_about_the_standard_not_who_else():
    answer = ("Fourteen months before the lending rules changed I saw small sellers would lose their credit line, "
              "and I built the seller credit score without anyone asking. It is now used by Koubei, and the Fliggy "
              "hotel team went live with it in March. Defaults went from four percent to two and a half.")
    follow_up = choose_follow_up(answer, REPLICATION)
    assert follow_up.signal == "institutionalized", follow_up
    # the same story with the adoption only planned is asked who else uses it
    planned = answer.replace("It is now used by Koubei, and the Fliggy hotel team went live with it in March.",
                             "Koubei wants to use it next year, and the Fliggy hotel team liked the demo.")
    assert choose_follow_up(planned, REPLICATION).signal == "cross_bu_adoption"


ORIGIN = "I built the merchant risk score a year before the fraud wave hit, on my own initiative. "
RESULT = " Chargebacks fell from 2.1 percent to 0.8 percent."


@pytest.mark.parametrize("adoption, expected", [
    # adopters named as a possessive team and "as well": not a standard yet, so the standard is asked
    ("Today Koubei's merchant team scores every new shop with it, and Fliggy's hotel onboarding as well.",
     "institutionalized"),
    ("The routing layer is now what Cainiao's rural network and Ele.me's errand service call for dispatch.",
     "institutionalized"),
    ("yeah lazada picked it up in q2 and then the daraz guys also started running their checks through it.",
     "institutionalized"),
    # only planned, or customers: still nobody else uses it
    ("Lazada wants to adopt it next quarter and Daraz asked for a demo.", "cross_bu_adoption"),
    ("Over three hundred brands on Tmall use it, Nike and L'Oreal included.", "cross_bu_adoption"),
])
def test_the_follow_up_after_adoption_is_the_standard_and_before_it_who_else(adoption, expected):
    answer = ORIGIN + adoption + RESULT + " Their risk lead, Li Na, said it saved her team two headcount."
    assert choose_follow_up(answer, REPLICATION).signal == expected
