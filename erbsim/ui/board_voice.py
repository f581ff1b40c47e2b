"""The board's voices in the app: render off the GUI thread, play with QtMultimedia.

Each seat speaks with its own voice (erbsim.speech.voices), adjusted by the
user's settings. A newer question interrupts an older one still being
rendered or played; a time warning waits for the current question to end.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from erbsim.core.seats import SEATS
from erbsim.speech.synthesis import SpeechSynthesizer, SpeechUnavailable
from erbsim.speech.voices import VoiceSettings, voice_for_seat
from erbsim.ui.audio.playback import Player
from erbsim.ui.bridge import FutureBridge
from erbsim.ui.settings_store import Preferences, VoiceChoice

# espeak-ng voices that read English well, with its voice variants.
# (the variants that tiny.en still understands well; some others garble words)
ESPEAK_VOICES = [("gmw/en-us", "American English"), ("gmw/en-gb-x-rp", "British English")]
ESPEAK_VARIANTS = [("+f2", "female 2"), ("+f3", "female 3"), ("+m1", "male 1"), ("+m2", "male 2"),
                   ("+m3", "male 3")]
PREVIEW_TEXT = "Who asked you to do this, and who else uses it today?"

log = logging.getLogger(__name__)


def voice_settings(seat_id: str, choice: VoiceChoice | None) -> VoiceSettings:
    base = voice_for_seat(seat_id)
    if choice is None:
        return base
    return replace(base, voice=choice.voice or base.voice, rate=choice.rate or base.rate,
                   pitch=choice.pitch if choice.pitch >= 0 else base.pitch)


class BoardVoice(QObject):
    speaking = Signal(str)  # text
    spoken = Signal(str)  # text, played to its end
    unavailable = Signal(str)  # said once: why questions are shown as text only

    def __init__(self, bridge: FutureBridge, prefs: Preferences, synthesizer: SpeechSynthesizer | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._bridge = bridge
        self._prefs = prefs
        self._synth = synthesizer or SpeechSynthesizer()
        self._player = Player(self)
        self._player.finished.connect(self._played)
        self._player.error.connect(self._play_error)
        self._generation = 0  # bumps on every interrupting request; stale renders are dropped
        self._queue: list[tuple[str, object]] = []
        self._current: str | None = None
        self._told_unavailable = False
        self.enabled = True

    def set_prefs(self, prefs: Preferences) -> None:
        self._prefs = prefs

    def speak(self, text: str, seat_id: str, interrupt: bool = True) -> None:
        self.say_with(text, voice_settings(seat_id, self._prefs.voices.get(seat_id)), interrupt)

    def preview(self, seat_id: str, choice: VoiceChoice) -> None:
        self.say_with(PREVIEW_TEXT, voice_settings(seat_id, choice), interrupt=True)

    def say_with(self, text: str, voice: VoiceSettings, interrupt: bool = True) -> None:
        if not self.enabled:
            return
        if interrupt:
            self.stop()
        generation = self._generation
        future = self._synth.render(text, voice)
        self._bridge.when_done(future, lambda path: self._rendered(generation, text, path),
                               lambda error: self._render_failed(generation, error))

    def stop(self) -> None:
        self._generation += 1
        self._queue.clear()
        self._current = None
        self._player.stop()

    def is_busy(self) -> bool:
        return self._current is not None

    def _rendered(self, generation: int, text: str, path) -> None:
        if generation != self._generation:
            return
        if self._current is not None:
            self._queue.append((text, path))
            return
        self._play(text, path)

    def _play(self, text: str, path) -> None:
        self._current = text
        self.speaking.emit(text)
        self._player.play(path)

    def _played(self, _path: str) -> None:
        text, self._current = self._current, None
        if text is not None:
            self.spoken.emit(text)
        if self._queue:
            self._play(*self._queue.pop(0))

    def _play_error(self, message: str) -> None:
        log.warning("playing a board voice failed: %s", message)  # Qt's words; there is no traceback
        self._current = None
        self._tell_unavailable(message)

    def _render_failed(self, generation: int, error: BaseException) -> None:
        # Logged every time: the person is told only once (see _tell_unavailable).
        if isinstance(error, SpeechUnavailable):
            self.enabled = False
            log.warning("board voices unavailable: %s", error)
        else:
            log.error("rendering a board voice failed", exc_info=error)
        self._tell_unavailable(str(error))

    def _tell_unavailable(self, message: str) -> None:
        if not self._told_unavailable:
            self._told_unavailable = True
            self.unavailable.emit(message)

    def voice_list(self) -> list[tuple[str, str]]:
        return [(voice + variant, f"{name}, {label}") for voice, name in ESPEAK_VOICES
                for variant, label in ESPEAK_VARIANTS]

    @staticmethod
    def default_voices() -> dict[str, tuple[str, int, int]]:
        defaults = {seat.id: voice_for_seat(seat.id) for seat in SEATS}
        return {seat_id: (voice.voice, voice.rate, voice.pitch) for seat_id, voice in defaults.items()}

    def shutdown(self) -> None:
        self.stop()
        self._synth.close()
