"""Drawing questions about the candidate's packet: slots filled from the
examples, unfillable questions left out, examples taking turns, a packet-focused
defense, and conditional questions kept for the probe."""

from __future__ import annotations

import random
from statistics import mean

import pytest

from erbsim.core.banks import CATEGORIES, CONDITIONS, Question, default_bank_paths, load_banks
from erbsim.core.drawing import DrawFilter, QuestionDrawer
from erbsim.core.packet.model import Adopter, Example, Packet
from erbsim.core.packet.slots import SLOT_RX, fill

FULL = Packet(name="ERB 2027 spring", candidate="Lin", track="staff", examples=(
    Example(id="ex1", title="Privacy-first recommendation layer for consented personalisation",
            business_unit="Taobao", started="March 2024", risk_seen="New personalisation rules would ban "
            "cross-app profiles. We had no fallback.", lead_time_months=8, action="Built a consent layer.",
            asked_by="the Taobao GM", metric="seller churn", before="9.1%", after="6.4%",
            adopters=(Adopter("Ele.me", "standard"), Adopter("Cainiao", "API")), sponsor="Helen Zhou, CPO of Taobao"),
    Example(id="ex2", title="Returns routing API", business_unit="Cainiao", started="2023-09",
            risk_seen="Return volumes would double after the free-returns policy", lead_time_months=10,
            asked_by="the Cainiao logistics GM", metric="cost per return", before="RMB 7.2", after="RMB 4.9",
            adopters=(Adopter("Tmall", "API"), Adopter("AliExpress", "standard")), sponsor="the Cainiao CPO"),
    Example(id="ex3", title="Seller onboarding scoring model", business_unit="International Digital Commerce",
            started="2024-01", risk_seen="Fraudulent sellers were entering new markets faster than reviews",
            lead_time_months=9, asked_by="the IDC risk lead", metric="fraud rate", before="2.3%", after="0.8%",
            adopters=(Adopter("Lazada", "template"), Adopter("Trendyol", "process")), sponsor="the IDC president"),
))
# A packet as a candidate may first enter it: titles and units, little else.
SPARSE = Packet(name="first draft", examples=(
    Example(id="a", title="Merchant pricing pilot", business_unit="Local Services"),
    Example(id="b", title="Cold-chain visibility", adopters=(Adopter("Freshippo"),)),
    Example(id="c", title="Search latency budget", lead_time_months=0.4, metric="p99 latency",
            adopters=(Adopter("Cloud", "standard"),), business_unit="Cloud"),  # its own unit is not an adopter
))
TITLES_ONLY = Packet(name="titles", examples=(Example(id="t1", title="One"), Example(id="t2", title="Two")))
PACKETS = {"full": FULL, "sparse": SPARSE, "titles": TITLES_ONLY}


@pytest.fixture(scope="module")
def bank() -> list[Question]:
    return load_banks(default_bank_paths()).questions


def draw_all(drawer: QuestionDrawer) -> list[Question]:
    drawn = []
    while (question := drawer.draw()) is not None:
        drawn.append(question)
    return drawn


def fillable_by(question: Question, packet: Packet) -> bool:
    return any(fill(question.text, e) is not None for e in packet.examples)


@pytest.mark.parametrize("name", PACKETS)
@pytest.mark.parametrize("track", ["staff", "principal"])
@pytest.mark.parametrize("focus", [False, True])
def test_every_drawn_question_is_filled_and_only_fillable_ones_are_drawn(bank, name, track, focus):
    packet = PACKETS[name]
    drawer = QuestionDrawer(bank, random.Random(3), DrawFilter(track=track), packet=packet, packet_focus=focus)
    drawn = draw_all(drawer)
    by_id = {q.id: q for q in bank}
    for question in drawn:
        assert not SLOT_RX.search(question.text), question.text
        for follow_up in question.follow_ups:
            assert not SLOT_RX.search(follow_up), (question.id, follow_up)
        original = by_id[question.id]
        if original.is_slotted:
            example = packet.example(question.example_id)
            assert example is not None and question.text == fill(original.text, example)
        else:
            assert question == original  # general questions come as written
    expected = {q.id for q in bank if q.fits_track(track) and not q.condition
                and (not q.is_slotted or fillable_by(q, packet))}
    assert [q.id for q in drawn if q.id in expected] == [q.id for q in drawn]
    assert {q.id for q in drawn} == expected
    assert len(drawn) == len(expected)  # no repeats
    if name == "titles":  # a title fills {example} and nothing else
        assert all(set(by_id[q.id].slots) == {"example"} for q in drawn if q.example_id)


def test_without_a_packet_no_slotted_question_is_drawn(bank):
    drawn = draw_all(QuestionDrawer(bank, random.Random(1), DrawFilter(track="staff")))
    assert drawn and not any(q.is_slotted or q.example_id for q in drawn)
    assert {q.id for q in drawn} == {q.id for q in bank if q.fits_track("staff") and not q.condition
                                     and not q.is_slotted}


def make(question_id: str, text: str, follow_ups=("What changed as a result?", "Who else uses it?"),
         category="replication", condition="") -> Question:
    return Question(id=question_id, category=category, dimension="cross_bu_impact", track="both", seat="peer_exec",
                    difficulty=2, text=text, follow_ups=tuple(follow_ups), listen_for="Names two adopters.",
                    condition=condition)


def test_a_question_whose_slot_no_example_fills_is_never_drawn():
    second = make("q-second", "What did {second_adopter} change after {adopter} took it up?")
    plain = make("q-plain", "Who else uses it?")
    one_adopter_each = Packet(name="p", examples=(
        Example(id="x", title="X", adopters=(Adopter("Ele.me"),)),
        Example(id="y", title="Y", business_unit="Fliggy", adopters=(Adopter("Fliggy"), Adopter("Ele.me"))),
    ))  # y's first "adopter" is its own unit, so it has one other adopter
    for seed in range(20):
        drawn = draw_all(QuestionDrawer([second, plain], random.Random(seed), packet=one_adopter_each))
        assert [q.id for q in drawn] == ["q-plain"]
    two = Packet(name="p", examples=(
        Example(id="z", title="Z", adopters=(Adopter("Ele.me"), Adopter("Fliggy"))),))
    drawn = QuestionDrawer([second], random.Random(0), packet=two).draw()
    assert drawn is not None and drawn.text == "What did Fliggy change after Ele.me took it up?"
    assert drawn.example_id == "z"


def test_follow_ups_the_example_cannot_fill_are_dropped():
    question = make("q", "Take {example}. Who adopted it?",
                    follow_ups=("How did {metric} move?", "Who at {adopter} decided?", "What did it cost?"))
    packet = Packet(name="p", examples=(Example(id="e", title="Returns API", adopters=(Adopter("Tmall"),)),))
    drawn = QuestionDrawer([question], random.Random(0), packet=packet).draw()
    assert drawn is not None
    assert drawn.text == "Take \u201cReturns API\u201d. Who adopted it?"
    assert drawn.follow_ups == ("Who at Tmall decided?", "What did it cost?")


def about_packet_share(bank, seed: int, focus: bool, n: int = 12) -> tuple[float, list[Question]]:
    drawer = QuestionDrawer(bank, random.Random(seed), DrawFilter(track="staff"), packet=FULL, packet_focus=focus)
    drawn = [drawer.draw() for _ in range(n)]
    assert all(q is not None for q in drawn)
    return sum(bool(q.example_id) for q in drawn) / n, drawn


def test_packet_focus_asks_about_three_in_four_about_the_packet_still_balanced(bank):
    focused, mixed = [], []
    for seed in range(200):
        share, drawn = about_packet_share(bank, seed, focus=True)
        focused.append(share)
        # within one question of three in four, at every seed
        assert 8 / 12 <= share <= 10 / 12, (seed, share)
        counts = [sum(q.category == c for q in drawn) for c in CATEGORIES]
        assert max(counts) - min(counts) <= 1, (seed, counts)
        mixed.append(about_packet_share(bank, seed, focus=False)[0])
    assert mean(focused) == pytest.approx(0.75, abs=0.02)
    assert mean(mixed) < mean(focused) - 0.15  # without the focus, packet questions come only by their number
    # which questions are general is left to chance, not a fixed pattern
    patterns = {tuple(bool(q.example_id) for q in about_packet_share(bank, seed, True)[1]) for seed in range(30)}
    assert len(patterns) > 10


def test_packet_focus_falls_back_to_general_questions_when_the_packet_runs_dry(bank):
    drawer = QuestionDrawer(bank, random.Random(5), DrawFilter(track="staff"), packet=TITLES_ONLY, packet_focus=True)
    drawn = draw_all(drawer)
    about = [q for q in drawn if q.example_id]
    assert about and len(drawn) - len(about) > len(about)  # only {example} fills: few packet questions
    assert drawn[-1].example_id == ""  # the packet ran out first, the general questions carried on


@pytest.mark.parametrize("focus", [False, True])
def test_examples_take_turns_so_the_whole_packet_is_covered(bank, focus):
    for seed in range(40):
        drawer = QuestionDrawer(bank, random.Random(seed), DrawFilter(track="staff"), packet=FULL, packet_focus=focus)
        asked = {e.id: 0 for e in FULL.examples}
        for question in draw_all(drawer):
            if question.example_id:
                asked[question.example_id] += 1
                assert max(asked.values()) - min(asked.values()) <= 1, (seed, asked)
    firsts = set()
    for seed in range(40):
        drawer = QuestionDrawer(bank, random.Random(seed), DrawFilter(track="staff"), packet=FULL, packet_focus=True)
        firsts.add(next(q.example_id for q in iter(drawer.draw, None) if q.example_id))
    assert firsts == {"ex1", "ex2", "ex3"}  # ties go by seeded chance, not packet order


def test_same_seed_same_questions_different_seed_different(bank):
    def sequence(seed: int) -> list[tuple[str, str, str]]:
        drawer = QuestionDrawer(bank, random.Random(seed), DrawFilter(track="staff"), packet=FULL, packet_focus=True)
        return [(q.id, q.text, q.example_id) for q in (drawer.draw() for _ in range(15)) if q is not None]

    assert sequence(11) == sequence(11)
    assert sequence(11) != sequence(12)


def test_conditional_questions_are_never_drawn_but_offered_to_the_probe(bank):
    conditional = [q for q in bank if q.condition]
    assert {q.condition for q in conditional} == set(CONDITIONS)
    for packet in (None, FULL):
        for track in ("staff", "principal"):
            drawn = draw_all(QuestionDrawer(bank, random.Random(2), DrawFilter(track=track), packet=packet))
            assert not any(q.condition for q in drawn)
    drawer = QuestionDrawer(bank, random.Random(2), DrawFilter(track="staff"), packet=FULL)
    many = drawer.conditional("many_metrics")
    assert many and all(q.condition == "many_metrics" and q.fits_track("staff") for q in many)
    drawer.mark_asked(many[0])
    assert many[0] not in drawer.conditional("many_metrics")
    with pytest.raises(ValueError, match="unknown condition"):
        drawer.conditional("rambling")
    seats = DrawFilter(track="staff", seats=("tech_fellow",))
    assert all(q.seat == "tech_fellow" for c in CONDITIONS
               for q in QuestionDrawer(bank, random.Random(2), seats).conditional(c))


def test_a_conditional_follow_up_does_not_count_as_a_drawn_question(bank):
    drawer = QuestionDrawer(bank, random.Random(4), DrawFilter(track="staff"), packet=FULL, packet_focus=True)
    remaining = drawer.remaining()
    for condition in CONDITIONS:
        for question in drawer.conditional(condition):
            drawer.mark_asked(question)
    assert drawer.remaining() == remaining
    drawn = [drawer.draw() for _ in range(12)]
    assert 8 <= sum(bool(q and q.example_id) for q in drawn) <= 10


def test_a_resumed_session_rebuilds_its_packet_questions_and_carries_on(bank):
    first = QuestionDrawer(bank, random.Random(9), DrawFilter(track="staff"), packet=FULL, packet_focus=True)
    earlier = [first.draw() for _ in range(6)]
    assert all(q is not None for q in earlier)
    by_id = {q.id: q for q in bank}
    # The store keeps the question id and the example id; the resumed defense rebuilds the text.
    resumed = QuestionDrawer(bank, random.Random(10), DrawFilter(track="staff"), packet=FULL, packet_focus=True)
    rebuilt = [resumed.fill_for(by_id[q.id], q.example_id) for q in earlier]
    assert [(q.text, q.follow_ups, q.example_id) for q in rebuilt if q] == \
        [(q.text, q.follow_ups, q.example_id) for q in earlier if q]
    for question in rebuilt:
        assert question is not None
        resumed.mark_asked(question)
    later = draw_all(resumed)
    assert not {q.id for q in later} & {q.id for q in earlier if q}
    asked = {e.id: 0 for e in FULL.examples}
    for question in [q for q in earlier if q] + later:
        if question.example_id:
            asked[question.example_id] += 1
    assert max(asked.values()) - min(asked.values()) <= 1  # the turns continued from where they were


def test_fill_for_refuses_an_example_that_is_gone_or_no_longer_fills(bank):
    question = next(q for q in bank if set(q.slots) == {"adopter", "example"})
    drawer = QuestionDrawer(bank, random.Random(0), packet=FULL)
    assert drawer.fill_for(question, "ex2").text == fill(question.text, FULL.examples[1])
    assert drawer.fill_for(question, "ex9") is None
    edited = Packet(name="edited", examples=(Example(id="ex2", title="Returns routing API"),))  # adopters removed
    assert QuestionDrawer(bank, random.Random(0), packet=edited).fill_for(question, "ex2") is None
    assert QuestionDrawer(bank, random.Random(0)).fill_for(question, "ex2") is None  # no packet at all
    general = next(q for q in bank if not q.is_slotted)
    assert drawer.fill_for(general, "") == general


def test_a_resumed_packet_defense_makes_up_for_general_questions_asked_before(bank):
    general = [q for q in bank if q.fits_track("staff") and not q.is_slotted and not q.condition][:4]
    drawer = QuestionDrawer(bank, random.Random(6), DrawFilter(track="staff"), packet=FULL, packet_focus=True)
    for question in general:
        drawer.mark_asked(question)
    nxt = [drawer.draw() for _ in range(2)]
    assert all(q is not None and q.example_id for q in nxt)  # three in four overall: the packet's turn
