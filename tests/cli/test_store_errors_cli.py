"""Every command that opens the store reports its failures the same way:
one line on stderr, `erbsim: ...`, exit code 1, never a traceback."""

from __future__ import annotations

import sqlite3

import pytest

from erbsim.cli import main
from erbsim.core.store import Store

STORE_COMMANDS = [
    ["sessions", "list"],
    ["sessions", "show", "1"],
    ["sessions", "search", "risk"],
    ["export", "1", "--format", "md"],
    ["review", "trends"],
    ["review", "export-pdf", "1", "--out", "{tmp}/s.pdf"],
    ["review", "bundle", "1", "--out", "{tmp}/s.zip"],
    ["packet", "list"],
    ["packet", "show", "1"],
    ["packet", "export", "1", "{tmp}/p.md"],
    ["packet", "check", "1"],
    ["packet", "delete", "1"],
]


def run(folder, argv, tmp_path) -> int:
    return main(["--data-dir", str(folder), *(a.replace("{tmp}", str(tmp_path)) for a in argv)])


def one_line_error(capsys) -> str:
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("erbsim: ")
    return lines[0]


@pytest.mark.parametrize("argv", STORE_COMMANDS, ids=" ".join)
def test_a_file_that_is_not_a_database(tmp_path, capsys, argv):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "erbsim.db").write_bytes(b"this is not an SQLite database, " * 200)
    assert run(folder, argv, tmp_path) == 1
    assert one_line_error(capsys) == (
        f"erbsim: the database {folder / 'erbsim.db'} is damaged: it is not an SQLite database any more; it was "
        "left as it is: `erbsim restore --list` shows the backups and `erbsim restore` puts the newest back")


@pytest.mark.parametrize("argv", STORE_COMMANDS, ids=" ".join)
def test_a_database_from_a_newer_erbsim(tmp_path, capsys, argv):
    folder = tmp_path / "data"
    Store(data_root=folder).close()
    with sqlite3.connect(folder / "erbsim.db") as raw:
        raw.execute("PRAGMA user_version = 999")
    raw.close()
    assert run(folder, argv, tmp_path) == 1
    assert "schema version 999, made by a newer erbsim" in one_line_error(capsys)


def test_a_data_folder_that_cannot_be_created(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    folder = blocker / "data"
    assert main(["--data-dir", str(folder), "review", "trends"]) == 1
    assert one_line_error(capsys).startswith(f"erbsim: cannot use the data folder {folder}: ")


def test_a_missing_session_names_the_way_to_find_one(tmp_path, capsys):
    folder = tmp_path / "data"
    Store(data_root=folder).close()
    assert run(folder, ["review", "bundle", "5", "--out", "{tmp}/s.zip"], tmp_path) == 1
    line = one_line_error(capsys)
    assert "no session with id 5" in line and line.endswith("(see `erbsim sessions list`)")
    assert not (tmp_path / "s.zip").exists()


@pytest.mark.parametrize("argv", [["export", "{sid}", "--format", "md", "--out", "{out}"],
                                  ["export", "{sid}", "--format", "pdf", "--out", "{out}"],
                                  ["review", "export-pdf", "{sid}", "--out", "{out}"],
                                  ["review", "bundle", "{sid}", "--out", "{out}"]], ids=" ".join)
def test_an_output_file_that_cannot_be_written(tmp_path, capsys, argv):
    folder = tmp_path / "data"
    with Store(data_root=folder) as store:
        sid = store.create_session(candidate="Mei")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    out = blocker / "session.out"
    assert main(["--data-dir", str(folder), *(a.format(sid=sid, out=out) for a in argv)]) == 1
    assert one_line_error(capsys).startswith(f"erbsim: cannot write {out}: ")
