"""The board's voices in the app: render off the GUI thread, play with QtMultimedia.

Each seat speaks with its own voice (erbsim.speech.voices), adjusted by the
user's settings. A newer question interrupts an older one still being
rendered or played; a time warning waits for the current question to end.

Questions the board may ask next are rendered ahead (`prepare`): into the
synthesizer's cache, without playing, one at a time and only while nothing
that is to be heard now is being rendered, so a question asked later starts
from the cache. `sounding` tells when a question's audio first flows.

In a mentor-led panel a board is set (`set_board`): a seat's chosen voice
(BoardSeat.voice) replaces its default one, and a seat taken by a real person
in the room says nothing: its text goes through the same queue, is announced
on `person_asks` instead of being rendered, and `speaking`/`spoken` are still
emitted, so whatever waits for the question to end does not hang. With no
board set (the solo defense) everything is as before.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from erbsim.core.board import Board
from erbsim.core.seats import SEATS
from erbsim.speech.synthesis import SpeechSynthesizer, SpeechUnavailable
from erbsim.speech.voices import (
    PIPER_MODELS,
    VoiceOption,
    VoiceSettings,
    available_voices,
    natural_voices_available,
    parse_piper_id,
    settings_from_id,
    voice_for_seat,
)
from erbsim.ui.audio.playback import Player
from erbsim.ui.bridge import FutureBridge
from erbsim.ui.settings_store import Preferences, VoiceChoice

PREVIEW_TEXT = "Who asked you to do this, and who else uses it today?"
PREPARE_LIMIT = 16  # questions waiting to be rendered ahead; older ones are dropped first

log = logging.getLogger(__name__)


def voice_settings(seat_id: str, choice: VoiceChoice | None, board_voice: str = "") -> VoiceSettings:
    """A seat's voice: its default, adjusted by the user's choice, then by the board's voice for
    the seat (board_voice "" keeps the voice the settings give). A voice of another engine starts
    from that voice's own pace and pitch (see settings_from_id)."""
    base = voice_for_seat(seat_id)
    if choice is not None:
        base = settings_from_id(choice.voice, base)
        base = replace(base, rate=choice.rate or base.rate, pitch=choice.pitch if choice.pitch >= 0 else base.pitch)
    if board_voice:
        base = settings_from_id(board_voice, base)
    return base


def short_label(option: VoiceOption) -> str:
    """"Joe, brisk" for a natural voice, "British English, male 2 (espeak-ng)" for an espeak-ng one."""
    if option.engine == "piper":
        model, variant = parse_piper_id(option.id)
        name = PIPER_MODELS[model].label.split(" (")[0] if model in PIPER_MODELS else model
        return f"{name}, {variant.label}" if variant is not None else name
    return f"{option.label.removeprefix('espeak-ng: ')} (espeak-ng)"


@dataclass(frozen=True)
class _PersonAsks:
    """In the queue instead of a rendered file: a real person says this."""
    seat_id: str


class BoardVoice(QObject):
    speaking = Signal(str)  # text
    spoken = Signal(str)  # text, played to its end
    unavailable = Signal(str)  # said once: why questions are shown as text only
    person_asks = Signal(str, str)  # text, seat id: a real person in the room asks it (nothing is spoken)
    sounding = Signal(str)  # text: its audio has started to flow (the player's position moved)
    prepared = Signal(str)  # text: rendered ahead into the cache, ready to be played at once
    fallback = Signal(str)  # said once: the natural voices failed, the board speaks with espeak-ng
    warmed = Signal()  # the warm-up ended (the natural voice loaded, or it could not be)

    def __init__(self, bridge: FutureBridge, prefs: Preferences, synthesizer: SpeechSynthesizer | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._bridge = bridge
        self._prefs = prefs
        self._synth = synthesizer or SpeechSynthesizer()
        self._player = Player(self)
        self._player.finished.connect(self._played)
        self._player.error.connect(self._play_error)
        self._player.sounding.connect(self._sounding)
        self._generation = 0  # bumps on every interrupting request; stale renders are dropped
        self._queue: list[tuple[str, object]] = []
        self._current: str | None = None
        self._told_unavailable = False
        self._told_fallback = False
        self._speaking_renders = 0  # renders of text to be heard now; prepares wait for them
        self._to_prepare: list[tuple[str, VoiceSettings]] = []
        self._preparing: tuple[str, VoiceSettings] | None = None
        self._warm_up: Future | None = None
        self._starting = False  # a question's audio is starting: renders ahead wait until it flows
        self._replaceable: dict[str, tuple[str, VoiceSettings]] = {}
        self._board: Board | None = None
        self.enabled = True

    def set_prefs(self, prefs: Preferences) -> None:
        self._prefs = prefs

    def set_board(self, board: Board | None) -> None:
        """The panel's board: its seats' voices, and which seats are real people. None: the solo defense."""
        self._board = board

    @property
    def board(self) -> Board | None:
        return self._board

    def voice_for(self, seat_id: str) -> VoiceSettings:
        """The voice `speak` uses for this seat now."""
        return voice_settings(seat_id, self._prefs.voices.get(seat_id), self._board_seat_voice(seat_id))

    def is_person(self, seat_id: str) -> bool:
        seat = self._board_seat(seat_id)
        return seat is not None and seat.person

    def speak(self, text: str, seat_id: str, interrupt: bool = True) -> None:
        if self.is_person(seat_id):
            self._hand_to_person(text, seat_id, interrupt)
            return
        self.say_with(text, self.voice_for(seat_id), interrupt)

    def forget(self, text: str, seat_id: str) -> None:
        """Drop the cached rendering of `text` in `seat_id`'s voice, so the next speak() renders it
        afresh (the panel selftest times a question the engine has not rendered before)."""
        self.cached_path(text, seat_id).unlink(missing_ok=True)

    def prepare(self, text: str, seat_id: str, *, replaces: str = "") -> None:
        """Render `text` in `seat_id`'s voice into the cache without playing it, so that when it is
        asked it starts at once. Nothing for a seat taken by a person, or when speech is off.
        Renders ahead go one at a time, after whatever is to be heard now. `replaces`: a name for a
        text that changes (a question being typed): a newer one drops the older still waiting."""
        text = " ".join(text.split())
        if not text or not self.enabled or self.is_person(seat_id):
            return
        item = (text, self.voice_for(seat_id))
        if replaces:
            old = self._replaceable.get(replaces)
            if old is not None and old != item and old in self._to_prepare:
                self._to_prepare.remove(old)
            self._replaceable[replaces] = item
        if item == self._preparing or item in self._to_prepare:
            return
        self._to_prepare.append(item)
        del self._to_prepare[:-PREPARE_LIMIT]
        self._prepare_next()

    def cached_path(self, text: str, seat_id: str) -> Path:
        """Where `text` in `seat_id`'s voice is (or will be) cached."""
        return self._synth.cached_path(" ".join(text.split()), self.voice_for(seat_id))

    def is_prepared(self, text: str, seat_id: str) -> bool:
        """Is `text` in `seat_id`'s voice in the cache (asking it plays it without rendering)?"""
        path = self.cached_path(text, seat_id)
        return path.exists() and path.stat().st_size > 44

    def _prepare_next(self) -> None:
        if (self._preparing is not None or self._speaking_renders or self._starting or not self._to_prepare
                or not self.enabled):
            return
        text, voice = self._preparing = self._to_prepare.pop()  # the newest first: the likeliest next

        def done(result) -> None:
            self._preparing = None
            if isinstance(result, BaseException):
                if not isinstance(result, SpeechUnavailable):
                    log.warning("rendering %r ahead failed: %s", text[:40], result)
            else:
                self._check_fallback()
                self.prepared.emit(text)
            self._prepare_next()

        self._bridge.when_done(self._synth.render(text, voice), done, done)

    def preview_voice(self, seat_id: str, voice_id: str, text: str = PREVIEW_TEXT) -> None:
        """Say a short line in `voice_id` ("" = the seat's voice from the settings), board or not."""
        self.say_with(text, voice_settings(seat_id, self._prefs.voices.get(seat_id), voice_id), interrupt=True)

    def _board_seat(self, seat_id: str):
        if self._board is None:
            return None
        try:
            return self._board.seat(seat_id)
        except KeyError:
            return None

    def _board_seat_voice(self, seat_id: str) -> str:
        seat = self._board_seat(seat_id)
        return seat.voice if seat is not None else ""

    def _hand_to_person(self, text: str, seat_id: str, interrupt: bool) -> None:
        """Nothing to render: the text joins the queue as a silent item, on the next turn of the
        event loop (so a caller connected after speak() still sees speaking/spoken)."""
        if interrupt:
            self.stop()
        generation = self._generation
        QTimer.singleShot(0, self, lambda: self._rendered(generation, text, _PersonAsks(seat_id)))

    def preview(self, seat_id: str, choice: VoiceChoice) -> None:
        self.say_with(PREVIEW_TEXT, voice_settings(seat_id, choice), interrupt=True)

    def say_with(self, text: str, voice: VoiceSettings, interrupt: bool = True) -> None:
        if not self.enabled:
            return
        if interrupt:
            self.stop()
        generation = self._generation
        future = self._synth.render(text, voice)
        self._speaking_renders += 1

        def rendered(path) -> None:
            self._speaking_renders -= 1
            self._check_fallback()
            self._rendered(generation, text, path)  # playing starts before any render ahead
            self._prepare_next()

        def failed(error: BaseException) -> None:
            self._render_ended()
            self._render_failed(generation, error)

        self._bridge.when_done(future, rendered, failed)

    def _render_ended(self) -> None:
        self._speaking_renders -= 1
        self._prepare_next()

    def _check_fallback(self) -> None:
        """Tell once when the synthesizer had to fall back from the natural voices (its reason)."""
        reason = getattr(self._synth, "fallback_reason", None)
        if reason and not self._told_fallback:
            self._told_fallback = True
            self.fallback.emit(reason)

    def stop(self) -> None:
        self._generation += 1
        self._queue.clear()
        self._current = None
        self._player.stop()
        self._started()

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
        if isinstance(path, _PersonAsks):  # a person in the room asks it: done once announced
            self.person_asks.emit(text, path.seat_id)
            self._played("")
            return
        self._starting = True
        self._player.play(path)

    def _started(self) -> None:
        """The question's audio flows (or ended, or failed): renders ahead may go on."""
        if self._starting:
            self._starting = False
            self._prepare_next()

    def _sounding(self, _path: str) -> None:
        if self._current is not None:
            self.sounding.emit(self._current)
        self._started()

    def _played(self, _path: str) -> None:
        self._started()
        text, self._current = self._current, None
        if text is not None:
            self.spoken.emit(text)
        if self._queue:
            self._play(*self._queue.pop(0))

    def _play_error(self, message: str) -> None:
        log.warning("playing a board voice failed: %s", message)  # Qt's words; there is no traceback
        self._current = None
        self._started()
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

    def voice_list(self, short: bool = False) -> list[tuple[str, str]]:
        """(id, label) of every voice a seat can have: the natural voices first, then espeak-ng's.
        short: labels that fit a narrow box, what tells the voices apart first ("Joe, brisk")."""
        return [(option.id, short_label(option) if short else option.label) for option in available_voices()]

    @staticmethod
    def default_voices() -> dict[str, tuple[str, int, int]]:
        defaults = {seat.id: voice_for_seat(seat.id) for seat in SEATS}
        return {seat_id: (voice.voice, voice.rate, voice.pitch) for seat_id, voice in defaults.items()}

    def natural_voices_note(self) -> str:
        """One sentence when the natural voices cannot be used here (why, when a render fell back);
        "" when they can."""
        reason = getattr(self._synth, "fallback_reason", None)
        if reason:
            return reason
        if not natural_voices_available():
            return "Natural voices are not installed here, so the board speaks with espeak-ng voices."
        return ""

    def warm_up(self) -> None:
        """Load the natural voice model in the background, so the first question does not wait for it."""
        self._warm_up = self._synth.warm_up()

        def failed(error: BaseException) -> None:
            log.warning("loading the natural voice failed: %s", error)
            self.warmed.emit()

        self._bridge.when_done(self._warm_up, lambda _loaded: self.warmed.emit(), failed)

    @property
    def warmed_up(self) -> bool:
        """Has the warm-up (if any was asked for) ended, loaded or not?"""
        return self._warm_up is None or self._warm_up.done()

    def shutdown(self) -> None:
        self._to_prepare.clear()
        self.stop()
        self._synth.close()
