"""The Qt-free half of recording: the file, the level and the microphone verdict."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from erbsim.speech.recording import SAMPLE_RATE, judge_mic_check, levels, open_writer


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
