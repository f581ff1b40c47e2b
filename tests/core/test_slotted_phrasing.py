"""Questions about the packet as the candidate hears and reads them: every slotted
question and follow-up filled from packets of different shapes (the example
packet in docs, product names for titles, a seventeen-word title, units with
parentheses or "&", a team written in lower case, metrics as money, durations
and counts, free-text reuse forms) must come out as whole sentences.

The checks are mechanical; reading the filled texts aloud is still the review.
Print them all with: python tests/core/test_slotted_phrasing.py
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from erbsim.core.banks import Question, default_bank_paths, load_banks
from erbsim.core.drawing import filled
from erbsim.core.packet.io import load_packet_file
from erbsim.core.packet.model import Example
from erbsim.core.packet.slots import SLOT_RX, SLOTS, fill

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
PACKET_FILES = (ROOT / "docs" / "examples" / "packet-example.md", FIXTURES / "phrasing_principal.yaml",
                FIXTURES / "phrasing_staff.yaml", FIXTURES / "phrasing_sparse.yaml")
MAX_WORDS = 45  # a question the candidate can hold in mind after hearing it once, even with a long title
ORGANISATION_SLOTS = ("bu", "adopter", "second_adopter")


def load_slotted() -> list[Question]:
    loaded = load_banks(default_bank_paths())
    assert loaded.problems == []
    return [q for q in loaded.questions if q.is_slotted]


def load_examples() -> list[Example]:
    return [e for path in PACKET_FILES for e in load_packet_file(path).examples]


@pytest.fixture(scope="module")
def slotted() -> list[Question]:
    return load_slotted()


@pytest.fixture(scope="module")
def examples() -> list[Example]:
    return load_examples()


def fillings(questions: list[Question], examples: list[Example]):
    """(question, example, raw text, filled text) for every text an example fills."""
    for question in questions:
        for example in examples:
            drawn = filled(question, example)
            if drawn is None:
                continue
            yield question, example, question.text, drawn.text
            follow_ups = [(raw, text) for raw in question.follow_ups if (text := fill(raw, example)) is not None]
            assert [text for _, text in follow_ups] == list(drawn.follow_ups)  # what the board will ask next
            yield from ((question, example, raw, text) for raw, text in follow_ups)


def slot_values(raw: str, example: Example) -> list[tuple[str, str, str, str]]:
    """(slot, value, raw text before the slot, raw text after it) for each slot in `raw`."""
    return [(m.group(1), SLOTS[m.group(1)][1](example).strip(), raw[:m.start()], raw[m.end():])
            for m in SLOT_RX.finditer(raw)]


def test_the_packets_fill_every_slotted_question_and_the_awkward_values_are_there(slotted, examples):
    for question in slotted:
        assert sum(filled(question, e) is not None for e in examples) >= 3, question.id
    titles = [e.title for e in examples]
    assert max(len(t.split()) for t in titles) >= 15
    adopters = [a.organisation for e in examples for a in e.adopters]
    assert any("(" in a for a in adopters) and any(a[0].islower() for a in adopters)
    assert any(e.before.startswith("\u00a5") for e in examples) and any("hours" in e.before for e in examples)
    assert {"API", "shared scoring service", "internal open-source library"} <= {
        a.reused_as for e in examples for a in e.adopters}


def test_filled_texts_are_whole_sentences(slotted, examples):
    for question, example, _raw, text in fillings(slotted, examples):
        where = (question.id, example.id, text)
        assert "{" not in text and "}" not in text, where
        assert not re.search(r"[\u201c\"]\s*[\u201d\"]", text), where  # no empty quotation
        assert text.endswith(("?", ".")), where
        assert len(text.split()) <= MAX_WORDS, where
        doubled = re.search(r"\b(\w+)\s+\1\b", text, re.IGNORECASE)
        assert doubled is None, (where, doubled and doubled.group())
        # each sentence opens with a capital (a lower-case value, "search team", never opens one)
        for opening in re.findall(r"(?:^|[.?!]\s+)(\S)", text):
            assert opening.isupper() or opening == "\u201c", where


def test_slot_values_sit_where_any_value_reads(slotted, examples):
    for question, example, raw, text in fillings(slotted, examples):
        for slot, value, before, after in slot_values(raw, example):
            where = (question.id, example.id, slot, text)
            article = re.search(r"\b(a|an)\s+$", before, re.IGNORECASE)
            if article:  # "a API", "an template"
                vowel = value.lstrip("\u201c")[:1].lower() in "aeiou"
                assert article.group(1).lower() == ("an" if vowel else "a"), where
            if slot in ORGANISATION_SLOTS:
                assert not after.startswith("'s"), where  # "Alibaba Cloud (Elastic Compute)'s", "Pictures's"
            if slot in ("example", "risk"):
                # the voices do not speak the quotation marks: a pause after the title tells where it ends
                assert re.match(r"\u201d?[.,:;?]", after), where


if __name__ == "__main__":
    for question, example, _raw, text in fillings(load_slotted(), load_examples()):
        print(f"[{question.id} / {example.id}] {text}")
