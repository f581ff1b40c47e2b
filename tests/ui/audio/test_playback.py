"""Playback through the real sound server (tests/audio_server.py)."""

from __future__ import annotations

import subprocess
import time

import numpy as np
import pytest

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
            time.sleep(0.2)  # let parec connect before the sound starts (not a timing assertion)
            player = Player()
            errors = []
            player.error.connect(errors.append)
            with qtbot.waitSignal(player.finished, timeout=20000):
                player.play(wav)
            assert not errors
            qtbot.wait(300)
        finally:
            listener.terminate()
            listener.wait(5)
    heard = np.frombuffer(raw.read_bytes(), dtype="<i2").astype(np.float32) / 32768
    assert len(heard) > 16000
    assert np.sqrt(np.mean(heard ** 2)) > 0.01 and np.abs(heard).max() > 0.1
