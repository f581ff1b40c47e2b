"""Bank loading and validation against real files, good and broken."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from erbsim.core import banks

GOOD_QUESTION = {
    "id": "t-001", "category": "strategy", "dimension": "strategic_autonomy", "track": "both",
    "seat": "cpo", "difficulty": 2, "text": "Who asked you to do this?",
    "follow_ups": ["Who else uses it?", "What changed as a result?"],
    "listen_for": "A decision taken without formal authority.",
}


def write_bank(folder: Path, name: str, questions: list[dict], header: dict | None = None) -> Path:
    path = folder / f"{name}.yaml"
    document = {"bank": header or {"name": name}, "questions": questions}
    path.write_text(yaml.dump(document, Dumper=NoAliasDumper, sort_keys=False), encoding="utf-8")
    return path


class NoAliasDumper(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


def question(**changes) -> dict:
    entry = dict(GOOD_QUESTION)
    entry.update(changes)
    return {k: v for k, v in entry.items() if v is not None}


def test_shipped_banks_are_valid_and_cover_the_board():
    loaded = banks.load_banks(banks.default_bank_paths())
    assert loaded.problems == []
    counts = banks.stats(loaded.questions)
    assert all(counts["category"][c] >= 30 for c in banks.CATEGORIES), counts["category"]
    assert all(counts["seat"][s] > 0 for s in counts["seat"]), counts["seat"]
    assert counts["track"]["staff"] > 0 and counts["track"]["principal"] > 0
    assert all(len(q.follow_ups) >= 2 for q in loaded.questions)
    texts = " ".join(q.text + " " + " ".join(q.follow_ups) for q in loaded.questions).lower()
    for probe in ("who asked you", "who else uses", "what changed", "engineering problem"):
        assert probe in texts, probe


def test_good_bank_loads_with_source_line(tmp_path):
    path = write_bank(tmp_path, "good", [question(), question(id="t-002", lang="zh")])
    loaded = banks.load_banks([path])
    assert loaded.problems == []
    first, second = loaded.questions
    assert first.follow_ups == ("Who else uses it?", "What changed as a result?")
    assert first.source == f"{path}:4"
    assert (first.lang, second.lang) == ("en", "zh")


# Each broken bank: (file name, content, expected (line, field, message fragment)).
BROKEN = [
    ("missing_field", question(listen_for=None), (4, "listen_for", "missing")),
    ("bad_category", question(category="vision"), (5, "category", "unknown category 'vision'")),
    ("bad_dimension", question(dimension="charisma"), (6, "dimension", "unknown dimension")),
    ("bad_seat", question(seat="ceo"), (8, "seat", "unknown seat 'ceo'")),
    ("bad_track", question(track="senior"), (7, "track", "unknown track")),
    ("wrong_type", question(difficulty="hard"), (9, "difficulty", "whole number 1-3, not str")),
    ("out_of_range", question(difficulty=7), (9, "difficulty", "must be 1, 2 or 3")),
    ("empty_text", question(text="   "), (10, "text", "must not be empty")),
    ("text_is_list", question(text=["a", "b"]), (11, "text", "must be text, not a list")),
    ("one_follow_up", question(follow_ups=["Only one?"]), (12, "follow_ups", "at least two")),
    ("unknown_field", question(mood="tense"), (15, "mood", "unknown field")),
]


@pytest.mark.parametrize("name, entry, expected", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_question_is_reported_and_others_still_load(tmp_path, name, entry, expected):
    broken = write_bank(tmp_path, name, [entry])
    good = write_bank(tmp_path, "zz_good", [question(id="g-001")])
    loaded = banks.load_banks([broken, good])
    assert [q.id for q in loaded.questions] == ["g-001"]
    assert len(loaded.problems) == 1, loaded.problems
    problem = loaded.problems[0]
    line, field, fragment = expected
    assert (problem.path, problem.line, problem.field) == (str(broken), line, field)
    assert fragment in problem.message
    assert str(problem).startswith(f"{broken}:{line}: {field}: ")


def test_duplicate_id_across_banks_names_both_places(tmp_path):
    first = write_bank(tmp_path, "a", [question()])
    second = write_bank(tmp_path, "b", [question(text="Another question?")])
    loaded = banks.load_banks([first, second])
    assert len(loaded.questions) == 1
    (problem,) = loaded.problems
    assert (problem.path, problem.line, problem.field) == (str(second), 4, "id")
    assert f"first defined at {first}:4" in problem.message


def test_duplicate_of_an_invalid_question_is_still_reported(tmp_path):
    first = write_bank(tmp_path, "a", [question(category="vision")])
    second = write_bank(tmp_path, "b", [question(text="Another question?")])
    loaded = banks.load_banks([first, second])
    assert loaded.questions == []
    assert [(p.path, p.field) for p in loaded.problems] == [(str(first), "category"), (str(second), "id")]


def test_non_utf8_file_names_the_line(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"bank:\n  name: x\nquestions:\n  - id: caf\xe9\n")
    (problem,) = banks.load_banks([path]).problems
    assert (problem.line, problem.field) == (4, "")
    assert "not valid UTF-8" in problem.message


def test_alias_bomb_is_refused_before_expansion(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(ord("b"), ord("j")):
        previous = chr(level - 1)
        lines.append(f"{chr(level)}: &{chr(level)} [" + ",".join([f"*{previous}"] * 9) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\nquestions: []\n")
    (problem,) = banks.load_banks([path]).problems
    assert problem.line == 2 and "aliases" in problem.message


def test_ten_megabyte_file_is_refused_without_parsing(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text("questions:\n" + ("# padding\n" * 1_100_000))
    (problem,) = banks.load_banks([path]).problems
    assert problem.line == 0 and "at most" in problem.message


@pytest.mark.parametrize("content, fragment", [
    ("", "file is empty"),
    ("- just\n- a list\n", "a bank is a mapping"),
    ("bank: {name: x}\n", "missing: a bank needs"),
    ("questions: {a: 1}\n", "must be a list"),
    ("questions: [\n", "not valid YAML"),
    ("questions:\n  - !!python/object:os.system {}\n", "missing"),
    ("questions:\n  - 42\n", "each question must be a mapping"),
    ("questions:\n  - id: !!python/name:os.system x\n", "must be text, not unreadable value"),
])
def test_malformed_documents_give_clean_errors(tmp_path, content, fragment):
    path = tmp_path / "bad.yaml"
    path.write_text(content)
    loaded = banks.load_banks([path])
    assert loaded.questions == []
    assert any(fragment in p.message for p in loaded.problems), loaded.problems


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
question_like = st.fixed_dictionaries(
    {}, optional={k: yaml_values | st.just(v) for k, v in GOOD_QUESTION.items()})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=st.one_of(yaml_values, st.fixed_dictionaries({"bank": yaml_values, "questions": st.lists(
    st.one_of(question_like, yaml_values), max_size=4)})))
def test_generated_documents_never_crash_the_loader(tmp_path, document):
    path = tmp_path / "generated.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    loaded = banks.load_banks([path])
    for problem in loaded.problems:
        assert problem.path == str(path) and problem.message
    for loaded_question in loaded.questions:
        assert loaded_question.text and len(loaded_question.follow_ups) >= 2


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_arbitrary_bytes_never_crash_the_loader(tmp_path, raw):
    path = tmp_path / "raw.yaml"
    path.write_bytes(raw)
    banks.load_banks([path])


# -- hostile files (issue 12): never a crash, never a hang, each one a problem

def _nested(levels: int, flow: bool) -> str:
    if flow:
        return "bank: {name: deep}\nquestions:\n  - id: deep-1\n    text: " + "[" * levels + "]" * levels + "\n"
    return "questions:\n" + "".join("  " * i + "- \n" for i in range(1, levels)) + "  " * levels + "- x\n"


@pytest.mark.parametrize("flow", [True, False])
def test_a_two_kilobyte_bank_nested_a_thousand_deep_is_a_problem_not_a_crash(tmp_path, flow):
    deep = tmp_path / "deep.yaml"
    deep.write_text(_nested(1000, flow) if flow else _nested(300, flow))
    assert deep.stat().st_size < 100_000
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump({"bank": {"name": "Good"}, "questions": [GOOD_QUESTION]}))
    loaded = banks.load_banks([deep, good])
    (problem,) = loaded.problems
    assert problem.path == str(deep) and "nested more than 32 levels deep" in problem.message
    assert [q.id for q in loaded.questions] == [GOOD_QUESTION["id"]]  # the other bank still loads


def test_special_files_in_the_banks_folder_are_skipped_with_a_problem(tmp_path):
    import os

    folder = tmp_path / "question_banks"
    folder.mkdir()
    (folder / "good.yaml").write_text(yaml.safe_dump({"bank": {"name": "Good"}, "questions": [GOOD_QUESTION]}))
    os.mkfifo(folder / "pipe.yaml")  # reading it would block forever
    (folder / "zero.yaml").symlink_to("/dev/zero")  # reading it would never end
    (folder / "folder.yaml").mkdir()
    loaded = banks.load_banks([folder])
    assert {(Path(p.path).name, p.message) for p in loaded.problems} == {
        ("pipe.yaml", "skipped: a named pipe (FIFO), not a bank file"),
        ("zero.yaml", "skipped: a device, not a bank file"),
        ("folder.yaml", "skipped: a folder, not a bank file"),
    }
    assert list(loaded.banks) == ["Good"] and len(loaded.questions) == 1
    assert loaded.problem_files == sorted(str(folder / n) for n in ("folder.yaml", "pipe.yaml", "zero.yaml"))


def test_the_problem_files_count_each_file_once(tmp_path):
    two = tmp_path / "two.yaml"
    two.write_text("questions:\n  - 42\n  - 43\n")
    one = tmp_path / "one.yaml"
    one.write_text("questions: {a: 1}\n")
    loaded = banks.load_banks([two, one, tmp_path / "absent.yaml"])
    assert len(loaded.problems) == 4 and loaded.problem_files == sorted(
        str(tmp_path / n) for n in ("absent.yaml", "one.yaml", "two.yaml"))


deep_values = st.recursive(st.none() | st.integers() | st.text(max_size=5),
                           lambda children: st.lists(children, min_size=1, max_size=2)
                           | st.dictionaries(st.text(max_size=3), children, min_size=1, max_size=2),
                           max_leaves=200)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=deep_values, wrap=st.integers(min_value=0, max_value=1500), flow=st.booleans())
def test_generated_deep_structures_never_crash_the_loader(tmp_path, value, wrap, flow):
    """Random structures, wrapped up to 1,500 lists deep, in flow or block style."""
    text = yaml.safe_dump({"questions": [value]}, default_flow_style=flow)
    text = "questions: " + "[" * wrap + yaml.safe_dump(value, default_flow_style=True).strip().removesuffix(
        "...").strip() + "]" * wrap + "\n" if wrap else text
    path = tmp_path / "deep.yaml"
    path.write_text(text)
    loaded = banks.load_banks([path])
    assert all(isinstance(p, banks.Problem) and p.path == str(path) for p in loaded.problems)


def test_the_quick_libyaml_path_reads_the_shipped_banks_as_the_python_loader_does(monkeypatch):
    """Start-up reads the banks with libyaml; what it reads must not depend on that."""
    if banks._CLoader is None:
        pytest.skip("this PyYAML is built without libyaml")
    quick = banks.load_banks(banks.default_bank_paths())
    monkeypatch.setattr(banks, "_CLoader", None)
    slow = banks.load_banks(banks.default_bank_paths())
    assert quick.questions == slow.questions and len(quick.questions) > 100
    assert quick.problems == slow.problems == []
