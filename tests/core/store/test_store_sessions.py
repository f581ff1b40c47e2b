"""A session's life: crash recovery, resuming, deleting with its audio."""

from __future__ import annotations

import subprocess
import sys

import pytest
from store_fixtures import StepClock, record_session

from erbsim.core.store import SessionNotFound, StorageError, Store

# ---------------------------------------------------------------- interrupted sessions


def test_running_session_of_a_dead_process_is_marked_interrupted(tmp_path):
    path = tmp_path / "erbsim.db"
    crashed = Store(path, pid=424242, clock=StepClock())
    sid = crashed.create_session()
    turn = crashed.add_turn(sid, question_text="Who asked you to do this?")
    crashed.heartbeat(sid)
    crashed.close()  # the process dies without finishing the session

    alive = {424242: False}
    with Store(path, is_alive=lambda pid, started: alive.get(pid, True)) as s:
        assert s.interrupted_sessions() == []
        recovered = s.recover_interrupted()
        assert [r.id for r in recovered] == [sid]
        assert recovered[0].status == "interrupted" and recovered[0].ended_at is not None
        assert [r.id for r in s.interrupted_sessions()] == [sid]
        assert s.recover_interrupted() == []  # only once
        turns = s.resume_session(sid)
        assert [t.id for t in turns] == [turn]
        assert s.summary(sid).status == "running" and s.summary(sid).ended_at is None
        assert s.recover_interrupted() == []  # now owned by this live process
        with pytest.raises(StorageError):
            s.resume_session(sid)
        s.finish_session(sid, "abandoned")
        assert s.summary(sid).status == "abandoned"


def test_session_of_a_live_process_is_left_running(tmp_path):
    path = tmp_path / "erbsim.db"
    with Store(path, pid=31337) as other, Store(path, is_alive=lambda pid, started: True) as s:
        sid = other.create_session()
        assert s.recover_interrupted() == []
        assert s.summary(sid).status == "running"


def test_crash_of_a_real_process_is_detected(tmp_path):
    path = tmp_path / "erbsim.db"
    code = ("import os, sys\nfrom erbsim.core.store import Store\n"
            "s = Store(sys.argv[1])\nsid = s.create_session()\n"
            "s.add_turn(sid, question_text='Who else uses it?')\nprint(sid, flush=True)\nos._exit(9)\n")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 9, done.stderr
    sid = int(done.stdout.split()[0])
    with Store(path) as s:  # the real liveness check (psutil)
        assert [r.id for r in s.recover_interrupted()] == [sid]
        assert [t.question_text for t in s.resume_session(sid)] == ["Who else uses it?"]


# ---------------------------------------------------------------- delete


def test_delete_removes_the_session_and_its_audio(store, tmp_path):
    keep, _ = record_session(store)
    gone, _ = record_session(store)
    audio = store.audio_file(store.get_turns(gone)[0].audio_path)
    kept_audio = store.audio_file(store.get_turns(keep)[0].audio_path)
    assert audio.exists() and audio.is_relative_to(tmp_path)
    removed = store.delete_session(gone)
    assert removed == [audio.resolve()]
    assert not audio.exists() and not audio.parent.exists()
    assert kept_audio.exists()
    with pytest.raises(SessionNotFound):
        store.get_session(gone)
    for table in ("turns", "notes", "votes"):
        assert store.db.execute(f"SELECT count(*) FROM {table} WHERE session_id = ?", [gone]).fetchone()[0] == 0
    assert store.db.execute("SELECT count(*) FROM ratings").fetchone()[0] == 3
    with pytest.raises(SessionNotFound):
        store.delete_session(gone)


def test_delete_never_touches_files_outside_the_data_folder(store, tmp_path):
    outside = tmp_path.parent / f"{tmp_path.name}-outside.wav"
    outside.write_bytes(b"x")
    try:
        sid = store.create_session()
        turn = store.add_turn(sid, question_text="q")
        store.update_turn(turn, audio_path=f"../{outside.name}")
        assert store.delete_session(sid) == []
        assert outside.exists()
    finally:
        outside.unlink()
