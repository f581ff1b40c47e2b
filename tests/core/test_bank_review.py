"""The shipped banks as a board member reviews them: no near-duplicates, labels
that match the board's definitions, no premise about the candidate's work the
packet does not support, questions about the packet that read naturally when
filled, follow-ups that probe their own question, listen_for as separate points."""

from __future__ import annotations

import difflib
import itertools
import re

import pytest

from erbsim.core.banks import CATEGORIES, CONDITIONS, Question, default_bank_paths, load_banks
from erbsim.core.packet.model import Adopter, Example
from erbsim.core.packet.slots import SLOT_RX, SLOTS, fill, slot_names


@pytest.fixture(scope="module")
def bank() -> list[Question]:
    loaded = load_banks(default_bank_paths())
    assert loaded.problems == []
    return loaded.questions


# --- near-duplicates --------------------------------------------------------------------------------------------

_STOP = set("""a an the and or of to in on for with you your yours did do does done that this these those it its is was
were be been are what which who whom how why when where i me my we our us they their them as at by from if so not no but
into than then there have has had can could would should will just now any some one other others own tell give walk make
made get got let put about before after beyond still already also only very really most more""".split())
# The board's paraphrases swap these words for one another ("a template other teams use", "a scoring model another
# unit adopted"); a duplicate reworded that way is still a duplicate.
_CONCEPTS = {
    "framework": "framework template scoring model method playbook checklist rule process guide record".split(),
    "organisation": "team unit organisation business sister division".split(),
    "use": "use apply adopt adoption copy reuse reusable".split(),
    "decide": "decide decision choose choice".split(),
    "pay": "pay charge fund funding budget".split(),
}
_CONCEPT = {word: concept for concept, words in _CONCEPTS.items() for word in words}


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def normalised(text: str) -> list[str]:
    """The content words of a question, in order: lower case, stop words out, light
    stemming, synonyms to one concept, and each slot as the word it stands for."""
    text = SLOT_RX.sub(lambda m: " " + m.group(1).replace("_", "") + " ", text)
    text = text.lower().replace("a-b", "ab").replace("p and l", "pnl").replace("scoring model", "scoring")
    words = [_stem(w) for w in re.findall(r"[a-z0-9]+", text) if w not in _STOP]
    return [_CONCEPT.get(w, w) for w in words]


def similarity(a: str, b: str) -> float:
    """The larger of token Jaccard (same words, any order) and difflib's ratio on
    the token sequences (same words in the same order)."""
    ta, tb = normalised(a), normalised(b)
    union = set(ta) | set(tb)
    jaccard = len(set(ta) & set(tb)) / len(union) if union else 1.0
    return max(jaccard, difflib.SequenceMatcher(None, ta, tb, autojunk=False).ratio())


# Measured on the reviewed banks: the closest two shipped questions score 0.47 (replication-002 "Would my business
# unit adopt this?" and replication-033 "How did you get people in other business units to champion your work?",
# which share only business-unit words); old duplicates that were pasted and lightly reworded score 0.53 to 0.71
# (OLD_DUPLICATES below), and a copy with one word taken out scores at least 0.75. 0.5 sits between the two.
# A paraphrase in different words (the old "Mentoring a few people doesn't scale" beside "Mentoring two juniors is
# not what I am asking about") is beyond a word-level check: those were merged by reading (MERGED).
NEAR_DUPLICATE = 0.5


def near_duplicates(questions: list[Question]) -> list[tuple[float, str, str]]:
    return sorted(((score, a.id, b.id) for a, b in itertools.combinations(questions, 2)
                   if a.lang == b.lang and (score := similarity(a.text, b.text)) >= NEAR_DUPLICATE), reverse=True)


def test_no_two_shipped_questions_are_near_duplicates(bank):
    assert near_duplicates(bank) == []


# Old questions, retired in the review, that a word-level check recognises beside the question they were merged into.
OLD_DUPLICATES = {
    "trade_offs-007": "Other business units now use the shared parts of your work. Who pays for them, and is that "
                      "sustainable?",
    "trade_offs-024": "If my business unit adopted your work, what would we have to give up to do it?",
    "trade_offs-021": "Was the hardest trade-off in this work an engineering one or a market one?",
}


@pytest.mark.parametrize("old_id", OLD_DUPLICATES)
def test_re_adding_an_old_duplicate_is_caught(bank, old_id):
    old = Question(id=old_id, category=old_id.split("-")[0], dimension="cross_bu_impact", track="both",
                   seat="peer_exec", difficulty=2, text=OLD_DUPLICATES[old_id], follow_ups=("a?", "b?"),
                   listen_for="x.")
    assert any(old_id in pair for pair in near_duplicates([*bank, old]))


def test_a_lightly_edited_copy_of_any_question_is_caught(bank):
    for question in bank:
        first = next(w for w in question.text.split() if w.lower().strip("?,.:") not in _STOP)
        copy = question.text.replace(first, "", 1)
        assert similarity(question.text, copy) >= NEAR_DUPLICATE, question.id


# Clusters of near-duplicates merged in the review: the surviving question -> the retired ones it absorbed.
MERGED = {
    "replication-028": ("strategy-030", "trade_offs-030", "replication-009"),  # which template/scoring model is used
    "strategy-031": ("replication-029",),  # institutional leverage, not mentoring
    "strategy-008": ("strategy-029", "trade_offs-008"),  # a method for choosing and cutting bets that others use
    "trade_offs-015": ("trade_offs-029", "trade_offs-033"),  # a trade-off decision template
    "trade_offs-023": ("strategy-020",),  # a technical decision rule other teams apply
    "replication-003": ("replication-015",),  # would it outlive you
    "strategy-015": ("trade_offs-021",),  # engineering problem or market problem
    "strategy-028": ("strategy-034",),  # leading people who do not report to you
    "strategy-032": ("trade_offs-032", "strategy-012"),  # another unit's targets and incentives
    "replication-001": ("strategy-009",),  # which other organisations use it / changed plans
    "replication-010": ("replication-004",),  # the adoption arc from pilot to standard
    "trade_offs-013": ("replication-025",),  # what your own roadmap gave up for an adopter
    "replication-024": ("trade_offs-007",),  # who pays for shared work
    "replication-002": ("trade_offs-024",),  # would my unit adopt it, and what would we give up
    "strategy-021": ("trade_offs-014",),  # data beyond A-B tests
    "trade_offs-002": ("trade_offs-031",),  # saying no to a senior leader
    "replication-016": ("strategy-018",),  # the abstraction and the interface
    "strategy-010": ("replication-027",),  # partners outside the unit
    "replication-008": ("replication-014",),  # whose decision was it to make it a standard
}


def test_merged_questions_are_retired_and_their_ids_never_reused(bank):
    ids = {q.id for q in bank}
    assert set(MERGED) <= ids
    retired = [old for olds in MERGED.values() for old in olds]
    assert len(retired) == len(set(retired))
    assert not ids & set(retired)  # past sessions still refer to them: a new question gets a new id


# --- questions about the packet ----------------------------------------------------------------------------------

def test_at_least_forty_questions_about_the_packet_ten_per_category(bank):
    slotted = [q for q in bank if q.is_slotted]
    assert len(slotted) >= 40
    for category in CATEGORIES:
        assert sum(q.category == category for q in slotted) >= 10, category


def test_every_slot_is_known(bank):
    for question in bank:
        for text in (question.text, *question.follow_ups):
            assert set(slot_names(text)) <= set(SLOTS), (question.id, text)
        assert not SLOT_RX.search(question.listen_for), question.id  # listen_for is shown as written


def test_follow_ups_use_no_slot_their_question_cannot_fill(bank):
    for question in bank:
        own = [f for f in question.follow_ups if set(slot_names(f)) <= set(question.slots)]
        if not question.is_slotted:
            assert own == list(question.follow_ups), question.id  # no example to fill them from
        assert len(own) >= 2, question.id  # whatever example fills the text keeps two follow-ups


# A slot's value is free text from the packet: the sentence around it must hold whatever it is.
LOWER_CASE_SLOTS = ("lead_time", "metric", "reused_as", "asked_by", "before", "after")  # "eight months", "seller churn"


def test_slots_sit_where_any_value_reads_naturally(bank):
    for question in bank:
        for text in (question.text, *question.follow_ups):
            # "a {reused_as}" would say "a API"; no article can agree with every value
            assert not re.search(r"\b(a|an)\s+\{", text, re.IGNORECASE), (question.id, text)
            # a value that may be lower case never opens a sentence
            for slot in LOWER_CASE_SLOTS:
                assert not re.search(r"(^|[.?!:]\s+)\{" + slot + r"\}", text), (question.id, text)
            # a person may come with a title ("Helen Zhou, CPO of Taobao"): it ends a clause
            for slot in ("sponsor", "asked_by"):
                assert not re.search(r"\{" + slot + r"\}(?![.,;:?])", text), (question.id, text)


RICH = Example(
    id="ex1", title="Privacy-first recommendation layer for consented personalisation", business_unit="Taobao",
    started="March 2024", risk_seen="New personalisation rules would ban cross-app profiles. We had no fallback.",
    lead_time_months=8, asked_by="the Taobao GM", metric="seller churn", before="9.1%", after="6.4%",
    adopters=(Adopter("Ele.me", "standard"), Adopter("Cainiao", "API")), sponsor="Helen Zhou, CPO of Taobao")


def test_every_packet_question_filled_from_a_real_example_reads_as_sentences(bank):
    for question in (q for q in bank if q.is_slotted):
        text = fill(question.text, RICH)
        assert text is not None, question.id
        assert text[0].isupper() and text.endswith(("?", ".")), text
        assert "  " not in text and " ," not in text and " ." not in text and "{" not in text, text
        assert "Helen Zhou, CPO of Taobao" not in text or "Helen Zhou, CPO of Taobao." in text, text


# --- premises ----------------------------------------------------------------------------------------------------

# The old banks stated facts about the candidate's work that may be false. Each became a question about the packet
# (its premise filled from the packet, or not asked) or an open question ("Did any of your work take margin ...?").
OLD_FALSE_PREMISES = (
    "took margin from a sister unit",
    "your direction depended on partners",
    "you bet that one shared technical layer",
    "you say the technical direction was your call",
    "you called the strategy data-driven",
    "it wasn't in anyone's budget",
    "whose sales or operations channel did you borrow",
    "how did you get a sister business unit to put your direction",
    "which architectural risk did you see months before",
    "you chose a long-term platform over a short-term metric",
    "other business units now use the shared parts of your work",
    "you keep saying the data supported it",
    "designing the api for other business units made it more general",
    "what technical debt did you knowingly take on",
    "who lost when your approach became the standard",
    "you opened your product to outside partners",
    "you pushed back on a senior leader",
    "how did you change incentives so that teams would accept",
    "when two business units wanted opposite things",
    "how did adoption spread from the first business unit",
    "how did reuse by other business units change",
    "when the logistics business and a marketplace meant different things",
    "was your go-to-market playbook reused",
    "was making this a standard part of a strategy",
    "supporting other business units takes people away",
    "which pricing model did you choose for the new direction",
    "you describe this as your initiative",
    "which engineering teams outside your own changed",
    "how many adopters copied your code",
    "if my team called your api tomorrow",
    "how do you evolve the api without breaking",
)


def test_no_old_false_premise_is_asked(bank):
    for question in bank:
        for text in (question.text, *question.follow_ups):
            for premise in OLD_FALSE_PREMISES:
                assert premise not in text.casefold(), (question.id, premise)


def test_no_general_question_opens_by_asserting_what_the_candidate_did(bank):
    claim = re.compile(r"^(your \w+ (helped|depended|took|made|changed)|you (bet|chose|opened|pushed|say|said|called"
                       r"|keep saying|describe|built|designed)\b|other (business units|teams) now use)", re.IGNORECASE)
    for question in bank:
        if not question.is_slotted and not question.condition:
            assert not claim.search(question.text), question.id


# --- conditions --------------------------------------------------------------------------------------------------

# Words that refer back to an answer just given: such a question cannot open.
BACK_REFERENCE = re.compile(r"\b(you've just|you just|so far|let me stop you|cut in|you've told me|you've named"
                            r"|i haven't heard)\b", re.IGNORECASE)


def test_mid_conversation_questions_carry_a_condition_and_every_condition_has_questions(bank):
    for question in bank:
        if BACK_REFERENCE.search(question.text):
            assert question.condition in CONDITIONS, question.id
    conditional = [q for q in bank if q.condition]
    assert {q.condition for q in conditional} == set(CONDITIONS)
    for question in conditional:
        assert not question.is_slotted, question.id  # the probe asks it as it stands


# --- dimensions and tracks ---------------------------------------------------------------------------------------

ARTEFACT = re.compile(r"framework|template|scoring|\bmodel\b|method|playbook|checklist|\brule\b|decision record"
                      r"|\{reused_as\}", re.IGNORECASE)
PEOPLE_WORK = re.compile(r"mentor|incentive|persuad|convinc|champion|report to you|no authority", re.IGNORECASE)


def test_talent_multiplier_means_a_framework_others_use_not_coaching_or_persuasion(bank):
    for question in bank:
        if question.dimension == "talent_multiplier":
            assert ARTEFACT.search(question.text), question.id
        if PEOPLE_WORK.search(question.text) and not ARTEFACT.search(question.text):
            assert question.dimension != "talent_multiplier", question.id


def test_who_asked_questions_judge_strategic_autonomy(bank):
    for question in bank:
        if re.search(r"who asked you|\{asked_by\}|asked for", question.text, re.IGNORECASE):
            assert question.dimension == "strategic_autonomy", question.id


def test_cross_bu_questions_are_about_other_organisations(bank):
    others = re.compile(r"\b(other|another|sister|outside|beyond|partners?|adopt\w*|reus\w*|standard|who else"
                        r"|my (team|business unit)|business units?|teams?|copied|replication)\b"
                        r"|\{(adopter|second_adopter)\}", re.IGNORECASE)
    for question in bank:
        if question.dimension == "cross_bu_impact":
            assert others.search(question.text), question.id


def test_track_vocabulary_matches_the_track(bank):
    principal = re.compile(r"latency|\bapi\b|architecture|load test|query|fault tolerance|infrastructure"
                           r"|consistency|technical debt", re.IGNORECASE)
    staff = re.compile(r"pricing|go-to-market|segment|ecosystem|incentive|margin", re.IGNORECASE)
    for question in bank:
        if principal.search(question.text):
            assert question.track != "staff", question.id
        if staff.search(question.text):
            assert question.track != "principal", question.id


def test_a_defense_without_a_packet_still_has_ten_opening_questions_per_category_and_track(bank):
    for track in ("staff", "principal"):
        for category in CATEGORIES:
            opening = [q for q in bank if q.category == category and q.fits_track(track)
                       and not q.is_slotted and not q.condition]
            assert len(opening) >= 10, (track, category)


# --- follow-ups and listen_for ------------------------------------------------------------------------------------

GENERIC_FOLLOW_UPS = ("what did you learn from that?", "would you do it the same way again?",
                      "would you decide differently today?", "what would you change now?",
                      "would you make the same trade again?", "give me the frame first, then the story.")


def test_follow_ups_are_written_for_their_question(bank):
    seen: dict[str, str] = {}
    for question in bank:
        for follow_up in question.follow_ups:
            key = follow_up.casefold()
            assert key not in GENERIC_FOLLOW_UPS, (question.id, follow_up)
            assert key.rstrip("?") not in question.text.casefold(), (question.id, follow_up)  # not asked already
            if "who asked you" in key:
                assert question.dimension == "strategic_autonomy", (question.id, follow_up)
            # the same words under two questions were pasted, not written; the classic probes may recur
            if key not in ("who asked you to do this?", "who else uses it?"):
                assert key not in seen, (question.id, seen.get(key), follow_up)
            seen[key] = question.id


def listen_points(question: Question) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", question.listen_for.strip()) if s.strip()]


def test_listen_for_is_a_few_distinct_points(bank):
    for question in bank:
        points = listen_points(question)
        assert 2 <= len(points) <= 5, (question.id, points)
        assert len({p.casefold() for p in points}) == len(points), question.id
        for point in points:
            assert len(point.split()) >= 3 and point.endswith("."), (question.id, point)
