"""`erbsim sessions list|show|search` and `erbsim export`."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from erbsim.cli import main
from erbsim.core.store import Store

T0 = datetime(2026, 8, 14, 9, 30, tzinfo=timezone.utc)
ERBSIM = Path(sys.executable).with_name("erbsim")


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("ERBSIM_HOME", str(tmp_path))
    return tmp_path


def make_session(home: Path, *, track="staff", started_at=T0) -> int:
    with Store(home / "erbsim.db") as s:
        sid = s.create_session(track=track, started_at=started_at, candidate="Mei")
        turn = s.add_turn(sid, question_text="Who asked you to do this?", seat="cpo", asked_at_s=1.0)
        s.update_turn(turn, answer_started_s=3.0, answer_ended_s=63.0)
        s.set_transcript(turn, "Nobody asked; I saw the <risk> first", None)
        s.rate(turn, "strategic_autonomy", 4)
        s.add_note(sid, "name the sister business")
        s.finish_session(sid, ended_at=datetime(2026, 8, 14, 10, 0, tzinfo=timezone.utc))
        return sid


def test_list_on_an_empty_data_folder(home, capsys):
    assert main(["sessions", "list"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "No sessions yet" in captured.err
    assert main(["sessions", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert not (home / "erbsim.db").exists()  # listing creates nothing


def test_list_text_and_json(home, capsys):
    first = make_session(home)
    second = make_session(home, track="principal", started_at=datetime(2026, 8, 20, tzinfo=timezone.utc))
    assert main(["sessions", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["ID", "DATE", "MODE"]
    assert [int(line.split()[0]) for line in lines[1:]] == [second, first]
    assert "30:00" in lines[2] and "4.0" in lines[2]
    assert main(["sessions", "list", "--json", "--track", "staff"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [first]
    assert rows[0]["question_count"] == 1 and rows[0]["avg_self"] == 4.0
    assert rows[0]["duration_s"] == pytest.approx(1800)


def test_show_text_and_json(home, capsys):
    sid = make_session(home)
    assert main(["sessions", "show", str(sid)]) == 0
    out = capsys.readouterr().out
    assert "Who asked you to do this?" in out and "Nobody asked" in out and "name the sister business" in out
    assert main(["sessions", "show", str(sid), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["format"] == "erbsim-session" and doc["session"]["id"] == sid


@pytest.mark.parametrize("argv", [["sessions", "show", "999"], ["sessions", "show", "999", "--json"],
                                  ["export", "999", "--format", "md"]])
def test_unknown_session_is_a_clear_error(home, capsys, argv):
    assert main(argv) == 1  # with no database at all
    assert "no session with id 999" in capsys.readouterr().err
    make_session(home)
    assert main(argv) == 1  # and with one
    captured = capsys.readouterr()
    assert "no session with id 999" in captured.err and captured.out == ""


def test_export_to_stdout_and_file(home, capsys, tmp_path):
    sid = make_session(home)
    assert main(["export", str(sid), "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("<!DOCTYPE html>") and "&lt;risk&gt;" in page
    out = tmp_path / "session.json"
    assert main(["export", str(sid), "--format", "json", "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["turns"][0]["text"] == "Nobody asked; I saw the <risk> first"
    assert main(["export", str(sid)]) == 0
    assert capsys.readouterr().out.startswith("# ERB rehearsal")


def test_search_command(home, capsys):
    sid = make_session(home)
    assert main(["sessions", "search", "sister", "business"]) == 0
    assert f"session {sid}" in capsys.readouterr().out
    assert main(["sessions", "search", '"unbalanced', "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_data_dir_option_in_a_real_process(tmp_path):
    sid = make_session(tmp_path)
    done = subprocess.run([str(ERBSIM), "--data-dir", str(tmp_path), "sessions", "list", "--json"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert [r["id"] for r in json.loads(done.stdout)] == [sid]
    missing = subprocess.run([str(ERBSIM), "--data-dir", str(tmp_path), "sessions", "show", "77"],
                             capture_output=True, text=True, timeout=120)
    assert missing.returncode == 1 and "no session with id 77" in missing.stderr
