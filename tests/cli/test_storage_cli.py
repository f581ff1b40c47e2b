"""`erbsim backup` / `erbsim restore`, and what the commands say about a database or
data folder they cannot use: one line, nothing overwritten (real files, real processes)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest
from broken_databases import CASES, digest

from erbsim.cli import main
from erbsim.core.store import Store


def one_line_error(capsys) -> str:
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("erbsim: ")
    return lines[0]


def a_session(folder, candidate="Mei") -> int:
    with Store(data_root=folder) as store:
        return store.create_session(candidate=candidate)


@pytest.mark.parametrize("kind", CASES)
def test_an_unusable_database_is_one_line_that_names_restore(tmp_path, capsys, kind):
    make, words = CASES[kind]
    folder = tmp_path / "data"
    folder.mkdir()
    make(folder / "erbsim.db")
    before = digest(folder / "erbsim.db")
    assert main(["--data-dir", str(folder), "sessions", "list"]) == 1
    line = one_line_error(capsys)
    assert words in line
    if kind == "newer":
        assert line.endswith("upgrade erbsim to open it")
    else:
        assert "`erbsim restore --list` shows the backups" in line
    assert digest(folder / "erbsim.db") == before


def test_backup_and_restore_round_trip(tmp_path, capsys):
    folder = tmp_path / "data"
    a_session(folder, "Kept")
    out = tmp_path / "copy.db"
    assert main(["--data-dir", str(folder), "backup", "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"Backed up the database to {out}.\n"
    a_session(folder, "Added after the backup")
    assert main(["--data-dir", str(folder), "restore", str(out)]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"Restored the database from {out}. The previous database is kept as erbsim.db.replaced-")
    with Store(data_root=folder) as store:
        assert [s.candidate for s in store.list_sessions()] == ["Kept"]
    replaced = next(folder.glob("erbsim.db.replaced-*[0-9]"))
    with Store(replaced, data_root=folder) as previous:
        assert len(previous.list_sessions()) == 2


def test_restore_without_a_file_takes_the_newest_backup_and_lists_them(tmp_path, capsys):
    folder = tmp_path / "data"
    a_session(folder, "Old")
    with Store(data_root=folder) as store:
        store.backup(folder / "backups" / "erbsim-2026-03-01.db")
        store.create_session(candidate="New")
        store.backup(folder / "backups" / "erbsim-2026-03-02.db")
    (folder / "erbsim.db").write_bytes(os.urandom(4096))
    assert main(["--data-dir", str(folder), "restore", "--list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in listed] == ["2026-03-02", "2026-03-01"]
    assert main(["--data-dir", str(folder), "restore"]) == 0
    assert "kept as erbsim.db.broken-" in capsys.readouterr().out
    with Store(data_root=folder) as store:
        assert sorted(s.candidate for s in store.list_sessions()) == ["New", "Old"]


def test_restore_refuses_while_a_live_erbsim_records(tmp_path, capsys):
    folder = tmp_path / "data"
    a_session(folder, "Kept")
    Store(data_root=folder).backup(tmp_path / "copy.db")
    app = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        with Store(data_root=folder, pid=app.pid) as store:
            sid = store.create_session(candidate="Recording now")
        assert main(["--data-dir", str(folder), "restore", str(tmp_path / "copy.db")]) == 1
        assert one_line_error(capsys) == (f"erbsim: erbsim is recording a defense in {folder} (session {sid}); "
                                          "end it and close the app, then restore")
        assert not list(folder.glob("erbsim.db.*-*"))  # nothing replaced, nothing set aside
        with Store(data_root=folder, pid=app.pid) as store:
            assert store.get_session(sid).session.status == "running"
    finally:
        app.stdin.close()
        app.wait(10)
    assert main(["--data-dir", str(folder), "restore", str(tmp_path / "copy.db")]) == 0  # its owner is gone


def test_restore_refuses_a_backup_that_is_not_usable(tmp_path, capsys):
    folder = tmp_path / "data"
    a_session(folder)
    before = digest(folder / "erbsim.db")
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"")
    assert main(["--data-dir", str(folder), "restore", str(bad)]) == 1
    assert "cannot restore from it: the database" in one_line_error(capsys)
    assert digest(folder / "erbsim.db") == before


@pytest.fixture
def read_only_folder(tmp_path):
    """A data folder holding a database, then made read-only: a read-only tmpfs mount as
    root (root ignores file modes), else the folder's mode."""
    folder = tmp_path / "data"
    folder.mkdir()
    if os.geteuid() == 0:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)],
                                 capture_output=True)
        if mounted.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs: {mounted.stderr.decode().strip()}")
        a_session(folder)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        yield folder
        subprocess.run(["umount", str(folder)], check=True)
    else:
        a_session(folder)
        folder.chmod(0o500)
        yield folder
        folder.chmod(0o700)


def test_a_read_only_data_folder_is_one_line(read_only_folder, capsys):
    assert main(["--data-dir", str(read_only_folder), "sessions", "list"]) == 1
    line = one_line_error(capsys)
    assert line.startswith(f"erbsim: the data folder {read_only_folder} is read-only")
    assert "choose another folder with --data-dir" in line


def test_newer_database_names_its_version(tmp_path, capsys):
    folder = tmp_path / "data"
    a_session(folder)
    with sqlite3.connect(folder / "erbsim.db") as raw:
        raw.execute("PRAGMA user_version = 42")
    raw.close()
    assert main(["--data-dir", str(folder), "backup"]) == 1
    assert "schema version 42, made by a newer erbsim" in one_line_error(capsys)
