"""Board voices in the app: spoken through the real engine, or a clear single notice."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest

from erbsim.speech.synthesis import SpeechSynthesizer
from erbsim.ui.board_voice import BoardVoice, voice_settings
from erbsim.ui.bridge import FutureBridge
from erbsim.ui.settings_store import Preferences, VoiceChoice

pytestmark = pytest.mark.audio


def test_a_question_is_rendered_and_played_to_its_end(qtbot, tmp_path):
    voice = BoardVoice(FutureBridge(), Preferences(), SpeechSynthesizer(tmp_path / "cache"))
    with qtbot.waitSignal(voice.spoken, timeout=30000) as spoken:
        voice.speak("Who else uses it?", "peer_exec")
    assert spoken.args == ["Who else uses it?"]
    assert not voice.is_busy()
    voice.shutdown()


def test_a_newer_question_interrupts_and_a_warning_waits(qtbot, tmp_path):
    voice = BoardVoice(FutureBridge(), Preferences(), SpeechSynthesizer(tmp_path / "cache"))
    said = []
    voice.spoken.connect(said.append)
    voice.speak("An old question nobody should hear.", "cpo")
    voice.speak("Who asked you to do this?", "gm")  # interrupts the first
    voice.speak("Five minutes left.", "cpo", interrupt=False)  # queued behind it
    qtbot.waitUntil(lambda: len(said) == 2, timeout=30000)
    assert said == ["Who asked you to do this?", "Five minutes left."]
    voice.shutdown()


def test_without_a_speech_engine_the_user_is_told_once(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("ERBSIM_TTS_ENGINE", "espeak")  # no natural voices either
    broken = SpeechSynthesizer(tmp_path / "cache", driver="no-such-driver")
    bridge = FutureBridge()
    voice = BoardVoice(bridge, Preferences(), broken)
    notices = []
    voice.unavailable.connect(notices.append)
    voice.speak("Who asked you to do this?", "cpo")
    qtbot.waitUntil(lambda: bool(notices), timeout=20000)
    voice.speak("Who else uses it?", "gm")
    assert bridge.drain(20)  # whatever the second question set off has reported back
    assert len(notices) == 1 and "text" in notices[0]
    assert voice.enabled is False
    voice.shutdown()


def test_user_voice_choices_override_the_seat_defaults(monkeypatch):
    monkeypatch.setenv("ERBSIM_TTS_ENGINE", "espeak")  # the seats' espeak-ng defaults
    default = voice_settings("tech_fellow", None)
    chosen = voice_settings("tech_fellow", VoiceChoice(voice="gmw/en-us+f3", rate=0, pitch=70))
    assert (chosen.voice, chosen.rate, chosen.pitch) == ("gmw/en-us+f3", default.rate, 70)


def test_a_voice_of_the_other_engine_starts_from_its_own_pace_and_pitch():
    """espeak-ng's rate and pitch mean something else to a natural voice (170/50: its own)."""
    espeak = VoiceChoice("gmw/en-us+m1", 150, 30)
    natural = voice_settings("tech_fellow", espeak, board_voice="piper:joe-us-medium+deep")
    assert (natural.voice, natural.engine, natural.rate, natural.pitch) == (
        "piper:joe-us-medium+deep", "piper", 170, 50)
    nudged = voice_settings("gm", VoiceChoice("piper:joe-us-medium+bright", 190, 60))
    assert (nudged.engine, nudged.rate, nudged.pitch, nudged.gender) == ("piper", 190, 60, "female")


# A panel's board: chosen voices and real people in the room ---------------------

def _board_with(**changes):
    from dataclasses import replace

    from erbsim.core.board import default_board

    board = default_board("Sponsor's board")
    for seat_id, fields in changes.items():
        board = board.with_seat(replace(board.seat(seat_id), **fields))
    return board


def _heard(raw) -> np.ndarray:
    data = raw.read_bytes()
    return np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2").astype(np.float32) / 32768


def test_a_seat_taken_by_a_person_says_nothing_and_still_finishes(qtbot, tmp_path):
    cache = tmp_path / "cache"
    synth = SpeechSynthesizer(cache)
    voice = BoardVoice(FutureBridge(), Preferences(), synth)
    voice.set_board(_board_with(gm={"person": True}))
    asked, spoken = [], []
    voice.person_asks.connect(lambda text, seat: asked.append((text, seat)))
    voice.spoken.connect(spoken.append)
    voice.speak("What did you give up?", "gm")
    voice.speak("Five minutes left.", "cpo", interrupt=False)  # queued behind the person's question
    qtbot.waitUntil(lambda: len(spoken) == 2, timeout=30000)
    assert spoken == ["What did you give up?", "Five minutes left."]
    assert asked == [("What did you give up?", "gm")]
    rendered = sorted(p.name for p in cache.glob("*.wav"))
    assert rendered == [synth.cached_path("Five minutes left.", voice.voice_for("cpo")).name]
    voice.shutdown()


def test_a_person_seat_finishes_even_when_speech_is_unavailable(qtbot, tmp_path):
    voice = BoardVoice(FutureBridge(), Preferences(), SpeechSynthesizer(tmp_path / "c", driver="no-such-driver"))
    voice.enabled = False  # as after the engine failed
    voice.set_board(_board_with(cpo={"person": True}))
    with qtbot.waitSignal(voice.spoken, timeout=5000) as spoken:
        voice.speak("Who asked you to do this?", "cpo")
    assert spoken.args == ["Who asked you to do this?"]
    voice.shutdown()


def test_a_seat_with_a_chosen_voice_is_rendered_in_it_and_heard(qtbot, tmp_path):
    cache = tmp_path / "cache"
    synth = SpeechSynthesizer(cache)
    # The user chose an espeak-ng voice for the seat; the board picks another espeak-ng voice.
    prefs = Preferences(voices={"tech_fellow": VoiceChoice("gmw/en-us+m1", 150, 30)})
    voice = BoardVoice(FutureBridge(), prefs, synth)
    solo = voice.voice_for("tech_fellow")
    voice.set_board(_board_with(tech_fellow={"voice": "gmw/en-gb-x-rp+f3"}))
    chosen = voice.voice_for("tech_fellow")
    assert (chosen.voice, chosen.gender) == ("gmw/en-gb-x-rp+f3", "female")
    assert (chosen.rate, chosen.pitch) == (solo.rate, solo.pitch) == (150, 30)  # only the voice changes
    text = "Is it a standard now, or an integration?"
    raw = tmp_path / "heard.raw"
    with open(raw, "wb") as sink:
        listener = subprocess.Popen(["parec", "-d", "vspeaker_loop", "--latency-msec=20", "--raw",
                                     "--format=s16le", "--rate=16000", "--channels=1"], stdout=sink)
        try:
            qtbot.waitUntil(lambda: raw.stat().st_size > 0, timeout=5000)
            with qtbot.waitSignal(voice.spoken, timeout=30000):
                voice.speak(text, "tech_fellow")
            qtbot.waitUntil(lambda: np.abs(_heard(raw)).max() > 0.1, timeout=5000)
        finally:
            listener.terminate()
            listener.wait(5)
    assert [p.name for p in cache.glob("*.wav")] == [synth.cached_path(text, chosen).name]
    voice.set_board(None)  # the solo defense: the seat's own voice again
    assert voice.voice_for("tech_fellow") == solo
    voice.shutdown()
