"""The data folder's lock (one app per folder) and the privacy of what erbsim writes there."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from erbsim.core.instance import AppLock, app_holder, server_name
from erbsim.core.paths import data_dir, make_private, recordings_dir
from erbsim.core.store import Store

HOLD_LOCK = """
import sys
from erbsim.core.instance import AppLock
lock = AppLock(sys.argv[1])
print("held" if lock.acquire() else "refused", flush=True)
sys.stdin.readline()
"""


def hold_lock(folder: Path) -> subprocess.Popen:
    """Another process that takes the folder's lock and keeps it until its stdin closes."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(folder)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_a_second_lock_on_the_folder_is_refused_while_the_first_holds_it(tmp_path):
    holder = hold_lock(tmp_path)
    try:
        assert AppLock(tmp_path).acquire() is False
        assert app_holder(tmp_path).pid == holder.pid
    finally:
        holder.stdin.close()
        holder.wait(10)
    assert app_holder(tmp_path) is None
    with AppLock(tmp_path) as lock:
        assert lock.acquire() is True


def test_a_lock_left_by_a_killed_app_does_not_block_the_next_start(tmp_path):
    holder = hold_lock(tmp_path)
    holder.send_signal(signal.SIGKILL)
    holder.wait(10)
    assert (tmp_path / "erbsim.lock").exists()  # the file stays; the kernel dropped the lock
    assert app_holder(tmp_path) is None
    lock = AppLock(tmp_path)
    assert lock.acquire() is True
    assert app_holder(tmp_path).pid == os.getpid()
    lock.release()


def test_the_socket_name_depends_on_the_folder_not_on_how_it_is_spelled(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert server_name(tmp_path / "a") == server_name(tmp_path / "b" / ".." / "a")
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")


SLEEPER = "import sys; sys.stdin.readline()"


def test_a_session_recorded_by_a_live_process_is_seen_and_a_dead_ones_is_not(tmp_path):
    recorder = subprocess.Popen([sys.executable, "-c", SLEEPER], stdin=subprocess.PIPE)
    try:
        with Store(data_root=tmp_path, pid=recorder.pid) as theirs:
            live = theirs.create_session(candidate="Recording")
        with Store(data_root=tmp_path) as store:
            assert store.recording_sessions() == [live]
            assert store.recover_interrupted() == []  # a live session is not called interrupted
        recorder.send_signal(signal.SIGKILL)
        recorder.wait(10)
        with Store(data_root=tmp_path) as store:
            assert store.recording_sessions() == []
            assert [s.id for s in store.recover_interrupted()] == [live]
    finally:
        recorder.kill()
        recorder.wait(10)


def test_the_store_opened_read_only_refuses_writes_and_reads(tmp_path):
    with Store(data_root=tmp_path) as store:
        store.create_session(candidate="Kept")
    with Store(data_root=tmp_path, read_only=True) as store:
        assert [s.candidate for s in store.list_sessions()] == ["Kept"]
        with pytest.raises(Exception, match="readonly"):
            store.create_session(candidate="Refused")
    with Store(data_root=tmp_path) as store:
        assert [s.candidate for s in store.list_sessions()] == ["Kept"]


@pytest.fixture
def open_umask():
    previous = os.umask(0o022)  # what most desktops set: folders 0755, files 0644
    yield
    os.umask(previous)


def test_the_data_folder_database_and_recordings_are_created_private_whatever_the_umask(tmp_path, open_umask):
    root = data_dir(tmp_path / "new" / "data")
    with Store(data_root=root) as store:
        session = store.create_session(candidate="A")
        _relative, audio = store.new_recording_path(session)
        assert mode(root / "erbsim.db-wal") == 0o600  # SQLite gives -wal and -shm the database's mode
        assert mode(root / "erbsim.db-shm") == 0o600
    assert mode(root) == 0o700
    assert mode(tmp_path / "new") == 0o700  # created on the way, so erbsim's too
    assert mode(root / "erbsim.db") == 0o600
    assert mode(recordings_dir(root)) == 0o700
    assert mode(audio.parent) == 0o700


def test_an_open_data_folder_is_narrowed_recursively_and_links_are_left_alone(tmp_path, open_umask):
    root = tmp_path / "data"
    (root / "recordings" / "7").mkdir(parents=True)
    files = [root / "erbsim.db", root / "erbsim.log", root / "recordings" / "7" / "answers.wav"]
    for file in files:
        file.write_bytes(b"x")
        file.chmod(0o644)
    for folder in (root, root / "recordings", root / "recordings" / "7"):
        folder.chmod(0o755)
    outside = tmp_path / "outside.txt"
    outside.write_text("not erbsim's")
    outside.chmod(0o644)
    (root / "link").symlink_to(outside)
    assert make_private(root) == 6
    assert [mode(f) for f in files] == [0o600] * 3
    assert [mode(d) for d in (root, root / "recordings", root / "recordings" / "7")] == [0o700] * 3
    assert mode(outside) == 0o644
    assert make_private(root) == 0  # nothing left to change


def test_a_data_folder_set_to_the_home_folder_is_not_narrowed(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "notes.txt").write_text("the user's own")
    (tmp_path / "notes.txt").chmod(0o644)
    tmp_path.chmod(0o755)
    assert make_private(tmp_path) == 0
    assert mode(tmp_path / "notes.txt") == 0o644
    data_dir(tmp_path)
    assert mode(tmp_path) == 0o755


def test_two_thousand_recordings_are_narrowed_once_and_then_left_alone(tmp_path, open_umask):
    root = tmp_path / "data"
    for session in range(200):
        folder = root / "recordings" / str(session)
        folder.mkdir(parents=True)
        for answer in range(10):
            (folder / f"turn-{answer}.wav").write_bytes(b"")
    assert make_private(root) == 1 + 1 + 200 + 2000  # every folder and file was open to others
    assert make_private(root) == 0  # (how long it takes: docs/reliability.md)
