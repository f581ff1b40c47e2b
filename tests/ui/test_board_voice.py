"""Board voices in the app: spoken through the real engine, or a clear single notice."""

from __future__ import annotations

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


def test_without_a_speech_engine_the_user_is_told_once(qtbot, tmp_path):
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


def test_user_voice_choices_override_the_seat_defaults():
    default = voice_settings("tech_fellow", None)
    chosen = voice_settings("tech_fellow", VoiceChoice(voice="gmw/en-us+f3", rate=0, pitch=70))
    assert (chosen.voice, chosen.rate, chosen.pitch) == ("gmw/en-us+f3", default.rate, 70)
