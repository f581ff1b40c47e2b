"""Playback through the real sound server (tests/audio_server.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

pytestmark = [pytest.mark.audio, pytest.mark.slow]


def test_question_plays_into_the_speaker(qtbot, synthesizer, tmp_path):
    from erbsim.speech.voices import voice_for_seat
    from erbsim.ui.audio.playback import Player

    wav = synthesizer.render("Who paid for that trade-off?", voice_for_seat("gm")).result(30)
    raw = tmp_path / "heard.raw"
    with open(raw, "wb") as sink:
        listener = subprocess.Popen(["parec", "-d", "vspeaker_loop", "--latency-msec=20", "--raw",
                                     "--format=s16le", "--rate=16000", "--channels=1"], stdout=sink)
        try:
            # parec is listening once bytes arrive: the idle speaker streams silence
            qtbot.waitUntil(lambda: raw.stat().st_size > 0, timeout=5000)
            player = Player()
            errors = []
            player.error.connect(errors.append)
            with qtbot.waitSignal(player.finished, timeout=20000):
                player.play(wav)
            assert not errors
            # "finished" comes when the decoder is done; the speaker may still be playing the end
            qtbot.waitUntil(lambda: whole_clip_heard(raw, sf.info(str(wav)).duration), timeout=5000)
        finally:
            listener.terminate()
            listener.wait(5)
    heard = samples(raw)
    assert len(heard) > 16000
    assert np.sqrt(np.mean(heard ** 2)) > 0.01 and np.abs(heard).max() > 0.1


def samples(raw: Path) -> np.ndarray:
    """What parec wrote so far (16 kHz mono s16le), as floats."""
    data = raw.read_bytes()
    return np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2").astype(np.float32) / 32768


def whole_clip_heard(raw: Path, clip_s: float) -> bool:
    """True once as much audio as the clip lasts has been heard since its first sound."""
    heard = samples(raw)
    sound = np.flatnonzero(np.abs(heard) > 0.05)
    return len(sound) > 0 and len(heard) >= sound[0] + clip_s * 16000
