"""The data folder is resolved once by main() and passed down; the environment is left alone."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from erbsim.cli import main
from erbsim.core.store import Store


def make_session(folder: Path, candidate: str) -> int:
    with Store(data_root=folder) as store:
        return store.create_session(candidate=candidate)


@pytest.fixture
def two_folders(tmp_path, monkeypatch):
    """`named` for --data-dir, `home` as $ERBSIM_HOME, each with one session of its own."""
    named, home = tmp_path / "named", tmp_path / "home"
    make_session(named, "Named")
    make_session(home, "Home")
    monkeypatch.setenv("ERBSIM_HOME", str(home))
    return named, home


def listed_candidates(capsys) -> list[str]:
    return [row["candidate"] for row in json.loads(capsys.readouterr().out)]


def test_data_dir_option_is_used_and_the_environment_is_unchanged(two_folders, capsys):
    named, _home = two_folders
    before = dict(os.environ)
    assert main(["--data-dir", str(named), "sessions", "list", "--json"]) == 0
    assert listed_candidates(capsys) == ["Named"]
    assert dict(os.environ) == before


def test_without_the_option_erbsim_home_is_used(two_folders, capsys):
    assert main(["sessions", "list", "--json"]) == 0
    assert listed_candidates(capsys) == ["Home"]


def test_relative_data_dir_is_made_absolute_once(two_folders, monkeypatch, capsys):
    named, _home = two_folders
    monkeypatch.chdir(named.parent)
    assert main(["--data-dir", "named", "sessions", "list", "--json"]) == 0
    assert listed_candidates(capsys) == ["Named"]


def test_the_app_is_given_the_named_folder_and_nothing_else(two_folders, monkeypatch):
    import erbsim.ui.app

    named, _home = two_folders
    received = []
    monkeypatch.setattr(erbsim.ui.app, "run_app", lambda argv, *, data_dir, welcome: received.append(data_dir) or 0)
    before = dict(os.environ)
    assert main(["--data-dir", str(named)]) == 0
    assert main([]) == 0  # the app weighs $ERBSIM_HOME against its own settings
    assert received == [named, None]
    assert dict(os.environ) == before


def test_banks_read_the_users_banks_from_the_data_dir(tmp_path, capsys):
    folder = tmp_path / "data"
    (folder / "question_banks").mkdir(parents=True)
    own = folder / "question_banks" / "mine.yaml"
    own.write_text(MY_BANK, encoding="utf-8")
    assert main(["--data-dir", str(folder), "banks", "list"]) == 0
    mine = [line for line in capsys.readouterr().out.splitlines() if line.startswith("Mine ")]
    assert mine == [f"{'Mine':<20} {1:>4} questions  {own}"]


MY_BANK = """\
bank:
  name: Mine
questions:
  - id: mine-001
    category: strategy
    dimension: strategic_autonomy
    track: both
    seat: cpo
    difficulty: 2
    text: Who asked you to do this?
    follow_ups: ["Who else uses it?", "What changed as a result?"]
    listen_for: A decision taken without formal authority.
"""
