"""The packet check: one complete example passes, and examples that each lack
one thing the board looks for are told that thing, in the board's words."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from erbsim.core.packet import Adopter, Example, Packet, load_packet_file, packet_from_markdown
from erbsim.core.packet.check import Finding, check_example, check_packet, other_adopters

DOCS = Path(__file__).resolve().parents[3] / "docs"

COMPLETE = Example(
    id="ex1", title="Food-safety risk scoring for small restaurants", business_unit="Ele.me",
    started="2024-02", ended="2025-03", track="staff",
    risk_seen="Ten months before the city food-safety rules took effect, I saw that one in six of our small "
              "restaurants would fail the new kitchen inspections.",
    lead_time_months=10.0,
    action="Nobody asked me to do this. I wrote a risk memo, borrowed two engineers, and chose to coach "
           "restaurants before delisting them instead of a blanket suspension.",
    asked_by="",
    impact="Orders from restaurants that later failed an inspection fell from 3.8% to 1.1%, and the CFO moved "
           "the coaching budget to the highest-risk tier.",
    metric="orders from failing restaurants", before="3.8%", after="1.1%",
    adoption="Hema and Fliggy adopted the score; it is now the group standard for food-safety screening.",
    adopters=(Adopter("Hema", "template", "failed audits down from 7% to 3%"),
              Adopter("Fliggy", "standard", "live in 40 cities")),
    sponsor="Zhang Min, CPO Local Services (P10)",
    quotes=("“We rebuilt our supplier audit around it.” — Li Qiang, Hema",),
    evidence=("Risk memo, February 2024",))


def codes(findings: list[Finding], severity: str | None = None) -> set[str]:
    return {f.code for f in findings if severity is None or f.severity == severity}


def only(findings: list[Finding], code: str) -> Finding:
    matching = [f for f in findings if f.code == code]
    assert len(matching) == 1, [f.code for f in findings]
    return matching[0]


def test_a_complete_example_has_no_finding():
    assert check_example(COMPLETE) == []


# Each case lacks one thing: (changes to the complete example, the finding it must give, its step).
LACKING = {
    "no lead time anywhere": (dict(lead_time_months=None, risk_seen="I saw that small restaurants would fail "
                                   "the new kitchen inspections."), "no_lead_time", 1),
    "seen late": (dict(lead_time_months=3.0), "short_lead_time", 1),
    "nothing seen": (dict(lead_time_months=None, risk_seen=""), "no_risk", 1),
    "asked by the GM": (dict(asked_by="the GM, in Q4 planning"), "assigned", 2),
    "mandate in the text": (dict(action="The GM asked us in Q4 to reduce failed inspections, so I set up a "
                                        "project and chose to coach restaurants instead of delisting them."),
                            "assigned", 2),
    "no action": (dict(action=""), "no_action", 2),
    "features and OKRs": (dict(action="Nobody asked me. I launched the merchant app, shipped 14 features in two "
                                      "quarters and delivered all our OKRs.",
                               impact="Failed inspections fell from 3.8% to 1.1%."), "execution_language", 2),
    "one adopter": (dict(adopters=(Adopter("Hema", "template"),)), "one_adopter", 4),
    "no adopters": (dict(adopters=()), "no_adopters", 4),
    "no before/after": (dict(metric="", before="", after="", impact="The CFO moved the coaching budget to the "
                                                                    "highest-risk tier."), "no_before_after", 3),
    "after without before": (dict(before=""), "no_baseline", 3),
    "numbers only in the text": (dict(metric="", before="", after=""), "numbers_not_in_fields", 3),
    "no quote": (dict(quotes=()), "no_quote", 3),
    "no reuse form": (dict(adopters=(Adopter("Hema"), Adopter("Fliggy", "standard"))), "no_reuse_form", 4),
    "no business unit": (dict(business_unit=""), "no_business_unit", 0),
    "no evidence": (dict(evidence=()), "no_evidence", 0),
}


@pytest.mark.parametrize("case", LACKING)
def test_an_example_lacking_one_thing_is_told_that_thing(case):
    changes, code, step = LACKING[case]
    findings = check_example(replace(COMPLETE, **changes))
    finding = only(findings, code)
    assert finding.step == step and finding.example_id == "ex1"
    assert codes(findings) == {code}  # only what was taken away is reported
    assert finding.message.count(".") + finding.message.count("?") <= 3  # one or two sentences
    assert finding.advice


def test_teams_inside_the_unit_do_not_count_as_adoption():
    example = replace(COMPLETE, business_unit="Ele.me (Local Services)",
                      adopters=(Adopter("the search team", "tool"), Adopter("Ele.me", "process"),
                                Adopter("my dispatch squad", "process"), Adopter("Hema", "template")))
    findings = check_example(example)
    team = only(findings, "team_not_bu")
    assert "the search team, Ele.me and my dispatch squad look like teams inside Ele.me (Local Services)" \
        in team.message
    assert only(findings, "one_adopter").message.startswith("Only Hema adopted it.")
    assert [a.organisation for a in other_adopters(example)] == ["Hema"]


def test_adoption_said_in_the_text_but_not_listed():
    findings = check_example(replace(COMPLETE, adopters=()))
    assert "The text says others took it up, but no adopter is listed." in only(findings, "no_adopters").message


def test_lead_time_said_only_in_the_text_counts():
    example = replace(COMPLETE, lead_time_months=None)
    assert "no_lead_time" not in codes(check_example(example))
    late = replace(COMPLETE, lead_time_months=None,
                   risk_seen="Two months before the rules took effect I saw that restaurants would fail.")
    assert "You saw it 2 months ahead" in only(check_example(late), "short_lead_time").message


def test_nobody_asked_in_words_is_not_a_mandate():
    for said in ("nobody", "No one — I proposed it", "none", "没有", "-"):
        assert "assigned" not in codes(check_example(replace(COMPLETE, asked_by=said))), said


def packet_of(*examples: Example, sponsor: str | None = None) -> Packet:
    if sponsor is not None:
        examples = tuple(replace(e, sponsor=sponsor) for e in examples)
    return Packet(name="ERB 2027 spring", examples=examples)


def three(**changes) -> tuple[Example, ...]:
    return tuple(replace(COMPLETE, id=f"ex{i}", **changes) for i in range(1, 4))


def test_a_complete_packet_has_no_finding():
    assert check_packet(packet_of(*three())) == []


@pytest.mark.parametrize(("count", "code", "words"), [
    (0, "too_few_examples", "The packet has no examples;"),
    (2, "too_few_examples", "The packet has 2 examples; the board reads 3 to 5."),
    (6, "too_many_examples", "The packet has 6 examples; the board reads 3 to 5."),
])
def test_packet_with_the_wrong_number_of_examples(count, code, words):
    examples = tuple(replace(COMPLETE, id=f"ex{i}") for i in range(count))
    finding = only(check_packet(packet_of(*examples)), code)
    assert finding.example_id == "" and finding.severity == "high"
    assert finding.message.startswith(words)


def test_a_packet_without_a_sponsor_is_filtered_out():
    findings = check_packet(packet_of(*three(), sponsor=""))
    assert "filtered out" in only(findings, "no_sponsor").message
    unclear = check_packet(packet_of(*three(), sponsor="my manager"))
    assert only(unclear, "sponsor_level_unclear").message.startswith("The sponsor (my manager) is not named as a P10")


def test_the_example_packet_has_strong_and_weak_examples():
    packet = load_packet_file(DOCS / "examples" / "packet-example.md")
    findings = check_packet(packet)
    by_example = {e.id: codes([f for f in findings if f.example_id == e.id], "high") for e in packet.examples}
    assert by_example["ex1"] == set()
    assert {"assigned", "short_lead_time", "no_adopters"} <= by_example["ex2"]
    assert {"execution_language", "no_before_after", "no_lead_time", "one_adopter"} <= by_example["ex3"]


def test_the_documented_example_reads_and_passes_the_check():
    text = (DOCS / "packet.md").read_text(encoding="utf-8")
    block = text.split("```markdown\n", 1)[1].split("```\n", 1)[0]
    packet = packet_from_markdown(block)
    assert [e.id for e in packet.examples] == ["ex1"]
    assert check_example(packet.examples[0]) == []
    assert codes(check_packet(packet)) == {"too_few_examples"}
