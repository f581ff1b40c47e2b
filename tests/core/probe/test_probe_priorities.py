"""What the board asks next when an answer is nearly complete, says it is optional, or shows no number
(docs/probe.md, "How the follow-up is chosen"), and the second development set as a whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from erbsim.core.banks import Question
from erbsim.core.probe import choose_follow_up
from erbsim.core.probe.reading import read_answer
from erbsim.devtools.eval_probe import score_coverage, score_follow_ups

DEV_B = Path(__file__).with_name("dev_b")


def _q(text: str, dimension: str, category: str, listen_for: str = "", seat: str = "cpo") -> Question:
    """A question with no follow-ups of its own, so the probe's own ranking decides."""
    return Question(id="t-q", category=category, dimension=dimension, track="both", seat=seat, difficulty=2,
                    text=text, follow_ups=(), listen_for=listen_for)


TALENT = _q("Tell me about a decision another team made with something you built.", "talent_multiplier",
            "replication")
REPLICATION = _q("Who else uses it, and is it a standard or an integration?", "cross_bu_impact", "replication")
RESULT = _q("What changed as a result? Not in your team. In the business unit, and beyond it.", "cross_bu_impact",
            "strategy")


def test_a_complete_answer_with_nobody_elses_word_is_asked_for_it_even_under_a_talent_question():
    answer = ("I built the segment sizing model two years before the cost cutting, on my own. Fliggy used it and "
              "dropped their budget hotel segment in three cities. Ele.me used it to go into pet food delivery, "
              "which went from zero to four hundred thousand orders a month. Both units made the model mandatory "
              "in their quarterly planning.")
    follow_up = choose_follow_up(answer, TALENT)
    assert follow_up.signal == "stakeholder_quote", follow_up
    assert "on your word" in follow_up.reason
    # the same answer with a partner's words has nothing left to probe on that score
    quoted = answer + " The Fliggy head of planning told me it was the first model her team trusted."
    assert choose_follow_up(quoted, TALENT).signal != "stakeholder_quote"


def test_a_quote_from_the_candidates_own_line_is_not_someone_elses_word():
    own = "My director was very proud of it, he said it was the best planning change in years."
    assert not read_answer(own).quoted
    assert read_answer("The Daraz COO told me it was the first playbook they did not have to rewrite.").quoted


def test_adopters_named_and_nothing_said_about_a_standard_is_asked_about_the_standard():
    answer = ("Ten months before peak season I saw the dock queues growing and built the scheduler myself. Hema "
              "and Tmall Supermarket both run it now, and truck waiting went from three hours to forty minutes.")
    follow_up = choose_follow_up(answer, REPLICATION)
    assert follow_up.signal == "institutionalized", follow_up


def test_an_answer_that_says_it_is_still_optional_is_pushed_on_the_standard_with_its_words():
    answer = ("Ele.me and Amap both use the address cleaning library, and errors went from seven percent to two. "
              "But honestly it's still opt-in, each team vendors a copy.")
    follow_up = choose_follow_up(answer, _q("Tell me the replication story, and where it stands today.",
                                            "cross_bu_impact", "replication"))
    assert follow_up.signal == "institutionalized"
    assert any("opt-in" in e for e in follow_up.evidence)
    assert "optional" in follow_up.reason


def test_no_number_at_all_for_a_claimed_impact_outranks_the_framework_under_a_talent_question():
    answer = ("I wrote the launch readiness checklist after two bad launches. The Tmall and Fliggy teams go "
              "through it before every big launch, and it made their launches much better.")
    follow_up = choose_follow_up(answer, _q("How did you make other teams better at this?", "talent_multiplier",
                                            "replication"))
    assert follow_up.signal == "metric", follow_up
    assert "number" in follow_up.text.lower()


def test_a_framework_described_but_used_by_nobody_named_is_asked_who_uses_it_not_for_a_framework():
    answer = ("I wrote a one page scorecard, seven criteria, each scored one to five. Nobody asked for it. It has "
              "been shared around a lot and it's on the wiki. Review time went from two hours to forty minutes.")
    follow_up = choose_follow_up(answer, _q("Tell me about the framework other teams use to make decisions.",
                                            "talent_multiplier", "replication"))
    assert follow_up.signal == "cross_bu_adoption", follow_up
    assert "framework" in follow_up.reason


def test_a_mandate_said_in_answer_to_a_foresight_question_is_probed_before_foresight():
    answer = ("Honestly the urgency came from above. Leadership decided that every BU must have a merchant "
              "assistant by Double Eleven, and I was named the owner for Taobao.")
    follow_up = choose_follow_up(answer, _q("Did you see this coming before it was urgent?", "strategic_autonomy",
                                            "strategy"))
    assert follow_up.signal == "mandate", follow_up
    handed = "He was the one who brought it to me. The GM of Fliggy called me and said you own this."
    assert read_answer(handed).mandate


def test_saying_it_was_already_a_trend_is_probed_as_foresight():
    answer = ("I don't know if I saw it before anyone else. It was already a big trend, everyone was talking about "
              "it. I decided on my own to show live charger availability, and Local Services and Alipay reuse it.")
    follow_up = choose_follow_up(answer, _q("Tell me about the risk you saw before anyone else.",
                                            "strategic_autonomy", "strategy"))
    assert follow_up.signal == "foresight"
    assert any("already a big trend" in e for e in follow_up.evidence)


@pytest.mark.parametrize("sentence, adopters", [
    ("Then Alibaba Pictures came on board and used it, and Damai used it for concerts.", {"Alibaba Pictures", "Damai"}),
    ("Tmall, Ele.me and Fliggy all reserve through it now.", {"Tmall", "Ele.me", "Fliggy"}),
    ("Hema adopted it first. Then Tmall Supermarket.", {"Hema", "Tmall Supermarket"}),
    ("The parking data from Local Services was just sitting there, nobody was using it.", set()),
])
def test_organisations_are_read_as_adopters_however_the_sentence_says_it(sentence, adopters):
    assert set(read_answer(sentence).adopters_named) == adopters


def test_two_organisations_said_to_use_it_are_cross_bu_even_when_the_lens_misses_it():
    answer = "Amap uses our parking prediction in navigation, and Koubei also took it."
    reading = read_answer(answer)
    assert reading.cross_bu
    assert choose_follow_up(answer, RESULT).signal != "cross_bu_adoption"


def test_a_team_of_the_candidates_own_org_mentioned_in_passing_is_not_own_unit_adoption():
    assert not read_answer("I do the onboarding for all new PMs in our org, about twenty people.").own_unit_sentences
    assert read_answer("Two other teams in my own business unit use it now.").own_unit_sentences


@pytest.mark.skipif(not (DEV_B / "followups.yaml").exists(), reason="second development set not present")
def test_second_development_set_follow_ups():
    report = score_follow_ups(DEV_B / "followups.yaml")
    assert report["accuracy"] >= 0.9, report
    assert min(report["per_label"].values()) >= 0.7, report["per_label"]


@pytest.mark.skipif(not (DEV_B / "coverage.yaml").exists(), reason="second development set not present")
def test_second_development_set_coverage(tmp_path):
    scored = tmp_path / "listen_for.yaml"  # the scorer reads listen_for files in the coverage format
    scored.write_text((DEV_B / "coverage.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    report = score_coverage(scored)
    assert report["misaligned_items"] == 0
    assert report["precision"] >= 0.85 and report["recall"] >= 0.85, report
