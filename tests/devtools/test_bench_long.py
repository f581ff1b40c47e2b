"""`erbsim bench long`, run briefly as a user runs it: a one-minute defense in real time
(the full 45 minutes is run by hand; its figures are in docs/reliability.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from shared_data import SPEECH_DEV, require

from erbsim.devtools.bench_long import label_lag_s

pytestmark = [pytest.mark.audio, pytest.mark.slow]


def test_bench_long_runs_a_defense_in_real_time_and_keeps_the_board_clock_on_time(tmp_path):
    clip = require(SPEECH_DEV / "audio" / "ls_1988-24833-0002.wav")  # 4.6 s, 17 words
    trace = tmp_path / "samples.jsonl"
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "erbsim", "bench", "long", "--minutes", "1", "--every", "2",
                             "--answer-audio", str(clip), "--trace", str(trace), "--json"],
                            env=env, capture_output=True, text=True, timeout=200)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)
    assert report["minutes"] == 1
    assert 60 <= report["board_clock_s"] < 75  # the whole minute, then the board calls time
    # A sample every ~2 s over the minute, each one kept in the trace.
    lines = trace.read_text().splitlines()
    assert report["samples"] == len(lines) >= 20
    assert [json.loads(line)["t_s"] for line in lines] == sorted(json.loads(line)["t_s"] for line in lines)
    assert report["max_clock_drift_ms"] <= 100  # the target
    assert report["clock_within_target"] is True
    assert report["max_clock_label_lag_ms"] < 1_000  # the label the candidate sees is on the right second
    for key in ("rss_start_mb", "rss_end_mb"):
        assert 50 < report[key] < 4_000  # the real process, measured: tens to hundreds of MB
    assert report["rss_growth_mb"] == pytest.approx(report["rss_end_mb"] - report["rss_start_mb"], abs=0.11)
    assert isinstance(report["rss_growth_after_warmup_mb"], float)
    assert report["threads_max"] >= report["threads_start"] > 1  # the GUI thread and the store's, at least
    assert isinstance(report["fds_growth"], int)
    # The answers were spoken into the microphone, recorded and transcribed; the board followed up and warned.
    assert report["speech_into_microphone"] is True
    assert report["answers"] >= 3
    assert report["answers_recorded"] == report["answers"]
    assert report["follow_ups_asked"] >= 1
    assert report["transcribed_words"] >= 17
    assert "One minute left." in report["warnings"]
    assert report["warnings"][-1].startswith("Time is up.")
    assert 0 < report["longest_gui_stall_ms"] < 2_000


@pytest.mark.parametrize(("label", "expected_s", "lag_ms"), [
    ("44:59", 2699.0, 0.0),    # 44:59.0 left: the label's second
    ("44:59", 2698.2, 0.0),    # 44:58.2 left still shows 44:59
    ("45:00", 2698.95, 50.0),  # the label is one refresh late
    ("0:00", 0.0, 0.0),
    ("-0:00", -0.5, 0.0),      # half a second into overtime
    ("-0:00", -1.25, 250.0),   # overtime's label is late
])
def test_label_lag_is_how_far_the_reference_lies_outside_the_second_shown(label, expected_s, lag_ms):
    assert label_lag_s(label, expected_s) * 1000 == pytest.approx(lag_ms)
