"""Shape and balance of the frozen held-out probe corpora (README.md in this folder).

These tests check that the files stay loadable, balanced and honest (spoken answers,
packet examples the packet model accepts, packet claims the answer really left out);
they never score the probe: scores are reported in aggregate by whoever evaluates it."""

from __future__ import annotations

import re
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest
import yaml

from erbsim.core.banks import CATEGORIES, DIMENSIONS
from erbsim.core.packet.model import Example

HERE = Path(__file__).parent
FOLLOW_UP_LABELS = ("cross_bu_adoption", "metric_baseline", "metric", "mandate", "foresight", "execution_language",
                    "talent_multiplier", "institutionalized", "packet_claim", "stakeholder_quote")
TRACK_LABELS = ("staff", "principal", "mixed")
BANK_ID = re.compile(r"^(strategy|trade_offs|replication)-\d{3}$")


def _items(name: str) -> list[dict]:
    data = yaml.safe_load((HERE / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict) and isinstance(data.get("items"), list), name
    return data["items"]


def _words(text: str) -> int:
    return len(text.split())


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if s]


def _assert_spoken(item: dict) -> None:
    answer = item["answer"]
    assert isinstance(answer, str) and answer.strip(), item["id"]
    # A transcriber writes no quotation marks: reported speech is plain text.
    assert not re.search(r"[\"“”„«»]", answer), item["id"]


def _assert_unique_ids(items: list[dict], prefix: str) -> None:
    ids = [item["id"] for item in items]
    assert len(set(ids)) == len(ids), [i for i, n in Counter(ids).items() if n > 1]
    assert all(re.fullmatch(prefix + r"-\d{3}", i) for i in ids), ids


def _trigrams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return set(zip(words, words[1:], words[2:], strict=False))


# --------------------------------------------------------------------------- follow-ups

FOLLOW_UPS = _items("followups_heldout.yaml")


def test_follow_up_items_have_the_documented_fields():
    _assert_unique_ids(FOLLOW_UPS, "fu")
    assert len(FOLLOW_UPS) == 72
    allowed = {"id", "question", "question_id", "dimension", "category", "example", "answer", "expected", "left_out"}
    for item in FOLLOW_UPS:
        assert set(item) <= allowed, (item["id"], set(item) - allowed)
        assert isinstance(item.get("question"), str) and item["question"].strip(), item["id"]
        if "question_id" in item:
            assert BANK_ID.match(item["question_id"]), item["id"]
            assert item["question_id"].rsplit("-", 1)[0] == item["category"], item["id"]
        assert item["dimension"] in DIMENSIONS, item["id"]
        assert item["category"] in CATEGORIES, item["id"]
        assert item["expected"] in FOLLOW_UP_LABELS, item["id"]
        _assert_spoken(item)
        assert 60 <= _words(item["answer"]) <= 250, (item["id"], _words(item["answer"]))


def test_follow_up_labels_are_balanced():
    counts = Counter(item["expected"] for item in FOLLOW_UPS)
    assert set(counts) == set(FOLLOW_UP_LABELS), counts
    assert min(counts.values()) >= 6, counts
    assert Counter(item["dimension"] for item in FOLLOW_UPS).keys() == set(DIMENSIONS)
    assert Counter(item["category"] for item in FOLLOW_UPS).keys() == set(CATEGORIES)
    # Most questions are written out; only a few borrow a bank id.
    assert sum("question_id" in item for item in FOLLOW_UPS) <= len(FOLLOW_UPS) // 4


def test_packet_examples_load_with_the_packet_model():
    with_example = [item for item in FOLLOW_UPS if "example" in item]
    assert len(with_example) >= 10
    for item in with_example:
        example = Example.from_dict(item["example"], where=item["id"])
        assert example.title, item["id"]


def test_packet_claim_items_name_what_the_answer_left_out():
    claims = [item for item in FOLLOW_UPS if item["expected"] == "packet_claim"]
    assert len(claims) >= 6
    for item in claims:
        example = Example.from_dict(item["example"], where=item["id"])
        left_out = item["left_out"]
        assert left_out, item["id"]
        answer = item["answer"].lower()
        adopters = {a.organisation for a in example.adopters}
        for claim in left_out:
            if claim == "metric":
                assert example.metric and example.before and example.after, item["id"]
            else:
                assert claim in adopters, (item["id"], claim)
                assert claim.lower() not in answer, (item["id"], claim)


def test_other_items_with_an_example_leave_nothing_of_it_out():
    """An example on a non-packet_claim item is a trap for a probe that asks about the packet regardless:
    the answer names every adopter the packet names."""
    for item in FOLLOW_UPS:
        if "example" not in item or item["expected"] == "packet_claim":
            continue
        assert "left_out" not in item, item["id"]
        example = Example.from_dict(item["example"], where=item["id"])
        for adopter in example.adopters:
            assert adopter.organisation.lower() in item["answer"].lower(), (item["id"], adopter.organisation)


# --------------------------------------------------------------------------- track

TRACK = _items("track_heldout.yaml")


def test_track_items_are_spoken_and_balanced():
    _assert_unique_ids(TRACK, "tr")
    assert len(TRACK) == 48
    for item in TRACK:
        assert set(item) == {"id", "answer", "expected"}, item["id"]
        assert item["expected"] in TRACK_LABELS, item["id"]
        _assert_spoken(item)
        assert 80 <= _words(item["answer"]) <= 200, (item["id"], _words(item["answer"]))
    counts = Counter(item["expected"] for item in TRACK)
    assert counts["staff"] >= 18 and counts["principal"] >= 18, counts
    assert 6 <= counts["mixed"] <= 10, counts


# --------------------------------------------------------------------------- listen_for

LISTEN_FOR = _items("listen_for_heldout.yaml")


def test_listen_for_items_carry_their_own_points():
    _assert_unique_ids(LISTEN_FOR, "lf")
    assert len(LISTEN_FOR) == 30
    for item in LISTEN_FOR:
        assert set(item) == {"id", "question_id", "split", "listen_for", "answer", "covered"}, item["id"]
        assert BANK_ID.match(item["question_id"]), item["id"]
        assert isinstance(item["split"], bool), item["id"]
        _assert_spoken(item)
        points = _sentences(item["listen_for"])
        assert len(points) >= 2, item["id"]
        covered = item["covered"]
        assert isinstance(covered, list) and covered == sorted(set(covered)), item["id"]
        assert all(isinstance(i, int) and 0 <= i < len(points) for i in covered), (item["id"], covered)


def test_listen_for_coverage_spans_none_some_and_all():
    kinds = Counter()
    for item in LISTEN_FOR:
        n = len(_sentences(item["listen_for"]))
        kinds["none" if not item["covered"] else "all" if len(item["covered"]) == n else "some"] += 1
    assert min(kinds["none"], kinds["some"], kinds["all"]) >= 5, kinds


# --------------------------------------------------------------------------- all files


@pytest.mark.parametrize("name", ["followups_heldout.yaml", "track_heldout.yaml", "listen_for_heldout.yaml"])
def test_answers_are_not_templates_of_each_other(name):
    """No two answers share most of their word trigrams (a template with substituted words would)."""
    grams = {item["id"]: _trigrams(item["answer"]) for item in _items(name)}
    for (a, ga), (b, gb) in combinations(grams.items(), 2):
        overlap = len(ga & gb) / min(len(ga), len(gb))
        assert overlap < 0.25, (a, b, round(overlap, 2))
