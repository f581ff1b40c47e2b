"""The Qt-free half of recording: the file, the level and the microphone verdict."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
import soundfile as sf

from erbsim.speech.recording import SAMPLE_RATE, decodable_seconds, judge_mic_check, levels, open_writer


def _tone(seconds: float, amplitude: float) -> np.ndarray:
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    return (amplitude * 32767 * np.sin(2 * np.pi * 440 * t)).astype(np.int16)


@pytest.mark.parametrize("suffix", [".opus", ".flac", ".wav"])
def test_writer_makes_a_16k_mono_file_of_the_samples(tmp_path, suffix):
    path = tmp_path / f"answer{suffix}"
    with open_writer(path) as writer:
        writer.write(_tone(1.0, 0.5))
    info = sf.info(str(path))
    assert (info.samplerate, info.channels) == (SAMPLE_RATE, 1)
    assert info.duration == pytest.approx(1.0, abs=0.05)


KILLED_WRITER = """
import os, signal, sys
import numpy as np
from pathlib import Path
from erbsim.speech.recording import open_writer
seconds = float(sys.argv[2])
samples = (0.3 * 32767 * np.sin(np.arange(int(seconds * 16000)) * 0.17)).astype(np.int16)
writer = open_writer(Path(sys.argv[1]))
for start in range(0, len(samples), 320):  # 20 ms blocks, as the microphone delivers them
    writer.write(samples[start:start + 320])
os.kill(os.getpid(), signal.SIGKILL)  # no close: the end page is never written
"""


@pytest.mark.parametrize("seconds", [5.0, 5.12, 5.24])  # just before, on and after a 250 ms page boundary
def test_an_opus_recording_killed_mid_answer_decodes_to_within_a_third_of_a_second(tmp_path, seconds):
    path = tmp_path / "answer-001.opus"
    killed = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(path), str(seconds)], timeout=60)
    assert killed.returncode == -9
    decoded = decodable_seconds(path)
    # libsndfile's default page of one second lost up to 1.1 s here
    assert seconds - 0.35 <= decoded <= seconds


def test_decodable_seconds_of_a_file_that_is_not_audio_is_zero(tmp_path):
    path = tmp_path / "answer-001.opus"
    path.write_bytes(b"OggS" + bytes(500))
    assert decodable_seconds(path) == 0.0
    assert decodable_seconds(tmp_path / "missing.opus") == 0.0


def test_writer_refuses_an_unknown_format(tmp_path):
    with pytest.raises(ValueError, match="unsupported recording format '.mp3'"):
        open_writer(tmp_path / "answer.mp3")


def test_levels_of_a_tone_and_of_nothing():
    rms, peak = levels(_tone(0.5, 0.5))
    assert peak == pytest.approx(0.5, abs=0.01)
    assert rms == pytest.approx(0.5 / np.sqrt(2), abs=0.01)
    assert levels(np.zeros(0, np.int16)) == (0.0, 0.0)


def test_mic_check_verdicts():
    nothing = judge_mic_check(np.zeros(0, np.int16), "USB mic", "usb-1")
    assert not nothing.ok and "no audio at all" in nothing.message and nothing.seconds == 0.0
    silent = judge_mic_check(np.zeros(SAMPLE_RATE, np.int16), "USB mic", "usb-1")
    assert not silent.ok and "delivers silence" in silent.message and silent.seconds == 1.0
    heard = judge_mic_check(_tone(1.5, 0.3), "USB mic", "usb-1")
    assert heard.ok and heard.message == "The microphone “USB mic” works."
    assert heard.device == "usb-1" and heard.seconds == 1.5 and heard.peak == pytest.approx(0.3, abs=0.01)
