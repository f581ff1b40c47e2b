"""choose_follow_up(): the follow-up goes to what the answer lacked (dev cases in dev_cases.yaml)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from probe_dev_cases import cases, conditional, examples, questions

from erbsim.core.banks import Question
from erbsim.core.packet.model import Adopter, Example
from erbsim.core.probe import FollowUp, choose_follow_up

Q = questions()
BANK = conditional()
EXAMPLES = examples()
# Dev cases the rules do not get right yet, kept so that a change that fixes them is noticed (docs/probe.md, "Limits").
KNOWN_MISSES = {"framework-used-no-standard": "a strong framework answer: the rules fall back to the bank's own "
                                              "follow-up where the case expects a push on standardisation"}


def _choose(case: dict) -> FollowUp:
    question = Q[case["question"]] if "question" in case else case["question_text"]
    return choose_follow_up(case["answer"], question, EXAMPLES.get(case.get("example")),
                            asked=case.get("asked", ()), bank=[BANK[i] for i in case.get("bank", ())],
                            answer_s=case.get("answer_s"), soft_limit_s=case.get("soft_limit_s"))


def _params():
    out = []
    for case in cases("follow_up"):
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[case["id"]])] if case["id"] in KNOWN_MISSES else []
        out.append(pytest.param(case, id=case["id"], marks=marks))
    return out


@pytest.mark.parametrize("case", _params())
def test_follow_up_targets_what_the_answer_lacked(case):
    follow_up = _choose(case)
    got = (follow_up.signal, follow_up.source, follow_up.text, follow_up.reason)
    if "expect_signal" in case:
        assert follow_up.signal == case["expect_signal"], got
    if "expect_not_signal" in case:
        assert follow_up.signal != case["expect_not_signal"], got
    if "expect_source" in case:
        assert follow_up.source == case["expect_source"], got
    if "expect_question_id" in case:
        assert follow_up.question_id == case["expect_question_id"], got
    for words in case.get("expect_text_has", ()):
        assert words.lower() in follow_up.text.lower(), got
    for words in case.get("expect_evidence_has", ()):
        assert any(words.lower() in e.lower() for e in follow_up.evidence), follow_up.evidence
    assert follow_up.text not in case.get("asked", ())
    assert follow_up.reason.endswith(".") and "{" not in follow_up.text


def test_a_dozen_answers_each_missing_something_else_get_a_dozen_different_targets():
    chosen = {c["id"]: _choose(c) for c in cases("follow_up") if c.get("expect_signal")}
    targets = {f.signal for f in chosen.values()}
    assert {"cross_bu_adoption", "metric", "mandate", "foresight", "execution_language", "talent_multiplier",
            "institutionalized", "stakeholder_quote", "autonomy"} <= targets
    assert len(chosen) >= 12


def test_lens_evidence_quotes_the_answer_and_an_absence_has_none():
    for case in cases("follow_up"):
        follow_up = _choose(case)
        if follow_up.source in ("lens", "condition"):
            for words in follow_up.evidence:
                assert words in case["answer"], (case["id"], words)
    no_adoption = _choose(next(c for c in cases("follow_up") if c["id"] == "no-adoption-staff"))
    assert no_adoption.evidence == ()
    assert "named no other business unit" in no_adoption.reason


def test_packet_follow_up_names_the_adopter_the_answer_left_out_and_only_what_the_packet_says():
    answer = ("I started the seller health score ten months before the fee change, nobody asked me. "
              "Churn went from 9.1 percent to 6.4 percent.")
    example = EXAMPLES["churn"]
    follow_up = choose_follow_up(answer, Q["result"], example)
    assert (follow_up.signal, follow_up.source) == ("cross_bu_adoption", "packet")
    assert "Ele.me" in follow_up.text and "template" in follow_up.text
    assert any("Ele.me" in e for e in follow_up.evidence)
    # Ele.me named in the answer: the packet's other adopter is asked about instead
    follow_up = choose_follow_up(answer + " Ele.me took it up as their weekly review.", Q["adoption"], example)
    assert "Lazada" in follow_up.text and "Ele.me" not in follow_up.text
    # an adopter with no "reused as" is not said to be one
    bare = Example(id="ex9", title="Seller score", business_unit="Taobao", adopters=(Adopter("Koubei"),))
    follow_up = choose_follow_up(answer, Q["adoption"], bare)
    assert "Koubei adopted it:" in follow_up.text


def test_without_the_example_the_same_answer_gets_the_lens_follow_up():
    answer = ("I started the seller health score ten months before the fee change, nobody asked me. "
              "Churn went from 9.1 percent to 6.4 percent.")
    follow_up = choose_follow_up(answer, Q["result"])
    assert (follow_up.signal, follow_up.source) == ("cross_bu_adoption", "lens")
    assert "packet" not in follow_up.text.lower()


def test_asked_texts_are_never_repeated_and_the_board_moves_on():
    answer = "We launched it in three markets and shipped twelve features; the team hit every milestone."
    asked: list[str] = []
    for _ in range(12):
        follow_up = choose_follow_up(answer, Q["decision"], asked=asked, bank=list(BANK.values()))
        assert follow_up.text not in asked
        asked.append(follow_up.text)
    assert len(set(asked)) == 12
    signals = [choose_follow_up(answer, Q["decision"], asked=asked[:n]).signal for n in range(3)]
    assert signals[0] == "execution_language"  # the execution probe first, in its other wordings after
    assert asked[0] != asked[1]


def test_a_wording_the_question_itself_already_says_is_not_used():
    question = Question(id="q-origin", category="strategy", dimension="strategic_autonomy", track="both", seat="cpo",
                        difficulty=2, text="Who asked you to do this? What did you add that nobody asked for?",
                        follow_ups=("Who noticed?", "When did your GM hear of it?"), listen_for="Initiative.")
    follow_up = choose_follow_up("My GM asked me to run it, so I did.", question)
    assert follow_up.signal == "mandate"
    assert follow_up.text != question.text


def test_a_conditional_question_is_chosen_only_when_the_answer_meets_its_condition():
    metrics = "GMV grew 23 percent, conversion rose 4 points, and repeat orders went up 11 percent."
    story = ("Ten months before the fee change I saw the churn risk and, without being asked, built a health score. "
             "Lazada and Daraz adopted it, and churn went from 9 percent to 6 percent.")
    bank = list(BANK.values())
    chosen = choose_follow_up(metrics, Q["result"], bank=bank)
    assert (chosen.source, chosen.question_id) == ("condition", "dev-c-metrics")
    assert chosen.text == BANK["dev-c-metrics"].text
    assert choose_follow_up(story, Q["result"], bank=bank).source != "condition"
    # never the question itself, and never one already asked
    again = choose_follow_up(metrics, Q["result"], bank=bank, asked=[BANK["dev-c-metrics"].text])
    assert again.question_id != "dev-c-metrics"


def test_long_answer_condition_uses_the_duration_given():
    answer = "I decided to stop the regional rollout rather than keep going, and it cost us the quarter target."
    bank = [BANK["dev-c-long"]]
    assert choose_follow_up(answer, Q["decision"], bank=bank, answer_s=300, soft_limit_s=180).source == "condition"
    assert choose_follow_up(answer, Q["decision"], bank=bank, answer_s=190, soft_limit_s=180).source != "condition"


def test_a_framing_question_answered_crisply_keeps_the_question_own_follow_up():
    follow_up = choose_follow_up("A market problem: small sellers could not price against brands.", Q["framing"])
    assert follow_up.source == "bank"
    assert follow_up.text == Q["framing"].follow_ups[0]


def test_plain_text_question_and_empty_answer():
    follow_up = choose_follow_up("", "Tell me about your best example.")
    assert follow_up.source == "bank" and "No answer" in follow_up.reason
    follow_up = choose_follow_up("", Q["origin"])
    assert follow_up.text == Q["origin"].follow_ups[0]
    assert choose_follow_up("Um, uh...", Q["origin"], EXAMPLES["churn"]) == follow_up  # hesitations are no answer


def test_deterministic_for_a_400_word_answer():
    # How long it takes is a benchmark's job (`erbsim bench probe` reports max_seconds).
    answer = " ".join(" ".join(c["answer"] for c in cases("follow_up")).split()[:400])
    bank = list(BANK.values())
    first = choose_follow_up(answer, Q["result"], EXAMPLES["churn"], bank=bank)
    for _ in range(3):
        assert choose_follow_up(answer, Q["result"], EXAMPLES["churn"], bank=bank) == first


def test_an_adopter_said_by_its_other_name_is_not_asked_about():
    example = Example(id="ex3", title="Supplier audit score", business_unit="Ele.me",
                      adopters=(Adopter("Freshippo", "template"), Adopter("Fliggy", "standard")))
    answer = ("Nobody asked me; ten months before the food-safety rules I built the score. Hema and Fliggy adopted "
              "it, and failed audits went from 7 percent to 3 percent.")
    follow_up = choose_follow_up(answer, Q["adoption"], example)
    assert "Freshippo" not in follow_up.text and "Fliggy" not in follow_up.text


def test_the_same_choice_in_another_process():
    """Nothing depends on set order (string hashing differs between processes)."""
    import subprocess
    import sys

    script = (f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
              "from probe_dev_cases import cases, questions\n"
              "from erbsim.core.probe import choose_follow_up\n"
              "Q = questions()\n"
              "for c in cases('follow_up'):\n"
              "    q = Q[c['question']] if 'question' in c else c['question_text']\n"
              "    print(choose_follow_up(c['answer'], q).text)\n")
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")]
    assert runs[0] == runs[1] and runs[0].count("\n") == len(cases("follow_up"))
