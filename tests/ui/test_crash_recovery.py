"""A defense killed mid-answer: its cut answer is transcribed and shown after Resume or Keep as ended.

The crash is real where it matters: the answer's Opus file is written by the
recorder's writer in a process that SIGKILLs itself mid-answer (no end page),
and the rows are what the app saves when an answer starts (audio path, start
time; no end time, no transcript). Real store, real Whisper, real windows.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from shared_data import SPEECH_DEV, require

from erbsim.core.store import Store
from erbsim.speech.recording import decodable_seconds
from erbsim.ui.widgets import format_clock

pytestmark = [pytest.mark.slow]

KILLED_RECORDER = """
import os, signal, sys
import soundfile as sf
from pathlib import Path
from erbsim.speech.recording import open_writer
samples, _ = sf.read(sys.argv[2], dtype="int16")
writer = open_writer(Path(sys.argv[1]))
for start in range(0, len(samples), 320):  # 20 ms blocks, as the microphone delivers them
    writer.write(samples[start:start + 320])
os.kill(os.getpid(), signal.SIGKILL)
"""
CLIP = "ls_1988-24833-0002.wav"  # 4.6 s: "... asthma ..."
STARTED_S = 30.0


def crash_mid_answer(data_home) -> tuple[int, int, float]:
    """A running defense whose app died 4.6 s into its first answer; returns (session, turn, decodable s)."""
    from erbsim.core.banks import default_bank_paths, load_banks

    question = next(q for q in load_banks(default_bank_paths()).questions if not q.condition and not q.is_slotted)
    dead = os.getpid() + 1  # the killed app
    with Store(data_root=data_home, pid=dead, is_alive=lambda pid, started: False) as store:
        session_id = store.create_session(track="principal", budget_s=45 * 60, seed=3, banks=[question.bank],
                                          seats=[question.seat])
        turn_id = store.add_turn(session_id, question_text=question.text, question_id=question.id,
                                 seat=question.seat, asked_at_s=25.0)
        relative = f"recordings/{session_id}/answer-001.opus"
        store.update_turn(turn_id, answer_started_s=STARTED_S, audio_path=relative)  # as saved at the start
        store.heartbeat(session_id, board_elapsed_s=34.0)
        (data_home / relative).parent.mkdir(parents=True, exist_ok=True)
        killed = subprocess.run([sys.executable, "-c", KILLED_RECORDER, str(data_home / relative),
                                 str(require(SPEECH_DEV / "audio" / CLIP))], timeout=60)
        assert killed.returncode == -9
    with Store(data_root=data_home, is_alive=lambda pid, started: False) as next_start:
        (interrupted,) = next_start.recover_interrupted()
    assert interrupted.status == "interrupted"
    return session_id, turn_id, decodable_seconds(data_home / relative)


def read_turn(data_home, turn_id):
    with Store(data_root=data_home) as store:
        return store.get_turn(turn_id)


def test_after_resume_the_cut_answer_is_listed_with_its_length_and_transcript(qtbot, make_window, data_home):
    session_id, turn_id, decodable = crash_mid_answer(data_home)
    assert decodable > 4.2  # the clip is 4.6 s; pages end every 250 ms
    window = make_window()
    qtbot.waitUntil(lambda: window.home.interrupted_frame.isVisible(), timeout=10000)
    with qtbot.waitSignal(window.recovery.answer_recovered, timeout=60000) as recovered:
        window.home.resume_button.click()
        qtbot.waitUntil(lambda: window.controller is not None, timeout=10000)
    assert recovered.args == [session_id, turn_id]
    window.controller.end("finished")
    table = window.summary.table
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.summary and table.rowCount() == 1, timeout=10000)
    assert table.item(0, 3).text() == format_clock(decodable)  # was "not answered"
    assert int(table.item(0, 4).text()) >= 5  # words
    turn = read_turn(data_home, turn_id)
    assert "asthma" in turn.transcript_text.lower()
    assert turn.answer_started_s == STARTED_S
    assert turn.answer_ended_s == pytest.approx(STARTED_S + decodable, abs=1e-6)
    assert turn.words and turn.words[-1]["end"] <= decodable + 0.1


def test_after_keep_as_ended_the_cut_answer_has_its_transcript_and_times(qtbot, make_window, data_home):
    session_id, turn_id, decodable = crash_mid_answer(data_home)
    window = make_window()
    qtbot.waitUntil(lambda: window.home.interrupted_frame.isVisible(), timeout=10000)
    with qtbot.waitSignal(window.recovery.answer_recovered, timeout=60000):
        window.home.dismiss_button.click()
    qtbot.waitUntil(lambda: not window.home.interrupted_frame.isVisible(), timeout=10000)
    turn = read_turn(data_home, turn_id)
    assert "asthma" in turn.transcript_text.lower()
    assert turn.answer_duration_s == pytest.approx(decodable, abs=1e-6)
    with Store(data_root=data_home) as store:
        assert store.get_session(session_id).session.status == "abandoned"
    assert "transcribed" in window.statusBar().currentMessage()
    window.open_summary(session_id)
    table = window.summary.table
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.summary, timeout=10000)
    assert table.item(0, 3).text() == format_clock(decodable)
    assert int(table.item(0, 4).text()) >= 5
