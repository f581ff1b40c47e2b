"""`erbsim packet list|import|export|show|check|delete` on a real data folder."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from erbsim.cli import main
from erbsim.core.packet import load_packet_file, packet_from_markdown, save_packet_file
from erbsim.core.store import Store

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "packet-example.md"


@pytest.fixture
def data(tmp_path) -> Path:
    return tmp_path / "data"


def erbsim(data: Path, *argv) -> int:
    return main(["--data-dir", str(data), "packet", *map(str, argv)])


def one_line_error(capsys) -> str:
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("erbsim: ")
    return lines[0]


def imported(data: Path, capsys, path: Path = EXAMPLE, *extra) -> int:
    assert erbsim(data, "import", path, *extra) == 0
    return int(capsys.readouterr().out.strip())


def test_list_on_an_empty_data_folder_creates_nothing(data, capsys):
    assert erbsim(data, "list") == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "No packets yet" in captured.err
    assert erbsim(data, "list", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []
    assert not (data / "erbsim.db").exists()


def test_import_list_show_export_delete(data, tmp_path, capsys):
    first = imported(data, capsys)
    second = imported(data, capsys, EXAMPLE, "--name", "Autumn cycle")
    assert second != first

    assert erbsim(data, "list", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["name"], r["examples"]) for r in rows] == [
        (second, "Autumn cycle", 3), (first, "ERB 2027 spring — Staff PM", 3)]
    assert rows[0]["uuid"] != rows[1]["uuid"]  # the same file imported twice is two packets
    assert erbsim(data, "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "UPDATED", "TRACK", "EX", "NAME", "CANDIDATE"]
    assert [int(line.split()[0]) for line in lines[1:]] == [second, first]

    original = load_packet_file(EXAMPLE)
    assert erbsim(data, "show", first) == 0
    shown = packet_from_markdown(capsys.readouterr().out)
    assert shown.examples == original.examples and shown.name == original.name
    assert erbsim(data, "show", first, "--json") == 0
    body = json.loads(capsys.readouterr().out)
    assert body["id"] == first and body["examples"][1]["asked_by"] == "the delivery GM, in the Q4 planning"

    for suffix in (".md", ".yaml"):
        out = tmp_path / f"exported{suffix}"
        assert erbsim(data, "export", second, out) == 0
        capsys.readouterr()
        again = load_packet_file(out)
        assert again.name == "Autumn cycle" and again.examples == original.examples
        assert again.uuid == rows[0]["uuid"]

    assert erbsim(data, "delete", first) == 0
    capsys.readouterr()
    assert erbsim(data, "list", "--json") == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == [second]
    assert erbsim(data, "show", first) == 1
    assert one_line_error(capsys) == f"erbsim: no packet with id {first} (see `erbsim packet list`)"


def test_an_exported_packet_imports_as_the_same_packet(data, tmp_path, capsys):
    first = imported(data, capsys)
    out = tmp_path / "mine.yaml"
    assert erbsim(data, "export", first, out) == 0
    capsys.readouterr()
    copy = imported(data, capsys, out)
    with Store(data_root=data) as store:
        a, b = store.get_packet(first), store.get_packet(copy)
    assert {k: v for k, v in a.body.items() if k != "uuid"} == {k: v for k, v in b.body.items() if k != "uuid"}


def test_a_file_that_does_not_read_leaves_an_empty_folder_empty(data, tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n", encoding="utf-8")
    assert erbsim(data, "import", bad) == 1
    assert one_line_error(capsys) == ("erbsim: bad.yaml: line 2: not valid YAML "
                                      "(expected ',' or ']', but got '<stream end>')")
    assert not (data / "erbsim.db").exists()


def test_check_a_stored_packet_and_a_file(data, capsys):
    pid = imported(data, capsys)
    assert erbsim(data, "check", pid, "--json") == 0  # findings are not an error
    report = json.loads(capsys.readouterr().out)
    assert report["examples"] == ["ex1", "ex2", "ex3"]
    serious = {(f["example_id"], f["code"]) for f in report["findings"] if f["severity"] == "high"}
    assert not any(example == "ex1" for example, _ in serious)
    assert {("ex2", "assigned"), ("ex2", "short_lead_time"), ("ex3", "execution_language")} <= serious

    assert erbsim(data, "check", EXAMPLE) == 0
    text = capsys.readouterr().out
    assert text.startswith("ERB 2027 spring — Staff PM: 3 example(s), ")
    assert "\nex2  Delivery-time promise for the lunch peak\n" in text
    assert "  [high] Action without formal authority: Who asked you to do this?" in text
    assert "\nex1 " not in text


def test_check_a_packet_without_findings_says_so(data, tmp_path, capsys):
    packet = load_packet_file(EXAMPLE)
    strong = packet.examples[0]
    path = tmp_path / "strong.md"
    save_packet_file(replace(packet, examples=tuple(replace(strong, id=f"ex{i}") for i in range(1, 4))), path)
    assert erbsim(data, "check", path) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Nothing the board would find missing."


BAD_FIELD = ("erbsim: bad.md: line 4: unknown example field 'Budget' (known: ID, Business unit, Started, Ended, "
             "Track, Lead time, Asked by, Sponsor, Metric, Before, After)")


@pytest.mark.parametrize(("argv", "expected"), [
    (["import", "{tmp}/missing.md"], "erbsim: cannot read {tmp}/missing.md: No such file or directory"),
    (["import", "{tmp}/bad.md"], BAD_FIELD),
    (["import", "{tmp}/bad.txt"], "erbsim: bad.txt: a packet file ends in .md, .markdown, .yaml or .yml"),
    (["import", "{example}", "--name", "  "], "erbsim: --name: a packet needs a name"),
    (["check", "{tmp}/bad.md"], BAD_FIELD),
    (["check", "7"], "erbsim: no packet with id 7 (see `erbsim packet list`)"),
    (["show", "7"], "erbsim: no packet with id 7 (see `erbsim packet list`)"),
    (["delete", "7"], "erbsim: no packet with id 7 (see `erbsim packet list`)"),
    (["export", "7", "{tmp}/p.md"], "erbsim: no packet with id 7 (see `erbsim packet list`)"),
    (["export", "{id}", "{tmp}/p.pdf"], "erbsim: p.pdf: a packet file ends in .md, .markdown, .yaml or .yml"),
    (["export", "{id}", "{tmp}/a-file/p.md"], "erbsim: cannot write {tmp}/a-file/p.md: Not a directory"),
])
def test_errors_are_one_line(data, tmp_path, capsys, argv, expected):
    (tmp_path / "bad.md").write_text("# P\n\n## E\n- Budget: 3M\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_text("# P\n", encoding="utf-8")
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    pid = imported(data, capsys)
    values = {"tmp": str(tmp_path), "example": str(EXAMPLE), "id": str(pid)}
    assert erbsim(data, *(a.format(**values) for a in argv)) == 1
    assert one_line_error(capsys) == expected.format(**values)
    with Store(data_root=data) as store:
        assert [p.id for p in store.list_packets()] == [pid]  # nothing imported, nothing deleted
