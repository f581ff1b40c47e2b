"""Play a rendered question through QtMultimedia (QMediaPlayer + QAudioOutput)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMetaObject, QObject, Qt, QUrl, Signal, Slot
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

from erbsim.speech.devices import AudioDevice

from .devices import find_output


def call_without_gil(obj: QObject, slot: str) -> None:
    """Call obj's argument-less Qt slot (by name) with the GIL released.

    PySide6 keeps the GIL through QMediaPlayer.stop(), pause() and play().
    They wait for Qt's media threads, and a media thread can need the GIL
    meanwhile (tearing down its audio renderer asks our Python-made
    QAudioOutput for overrides while it holds a Qt lock stop() needs): the
    app froze. QMetaObject.invokeMethod releases the GIL around the call.
    """
    if not QMetaObject.invokeMethod(obj, slot, Qt.ConnectionType.DirectConnection):
        raise RuntimeError(f"{type(obj).__name__}.{slot}() could not be called")


def new_media_player(parent: QObject) -> tuple[QMediaPlayer, QAudioOutput]:
    """A QMediaPlayer with its QAudioOutput, safe to tear down from Qt's threads.

    Objects made from Python are PySide wrappers: the first time Qt calls one
    of their virtuals (connectNotify, disconnectNotify) PySide takes the GIL
    to look for a Python override, then remembers there is none. Qt's media
    threads connect to and disconnect from the audio output and the player,
    holding a Qt lock, when playback starts and ends; if the GUI thread holds
    the GIL and wants that lock, the app freezes. Connecting and
    disconnecting once here, on the GUI thread, settles those lookups first.
    """
    output = QAudioOutput(parent)
    player = QMediaPlayer(parent)
    player.setAudioOutput(output)
    for obj in (output, player):
        obj.objectNameChanged.connect(_settle_overrides)
        obj.objectNameChanged.disconnect(_settle_overrides)
    return player, output


def _settle_overrides(*_args) -> None:
    pass


def stop_playback(player: QMediaPlayer) -> None:
    """Stop a player that plays or is paused. A stopped player may still be
    loading its source, and stopping it would only wait for the load."""
    if player.playbackState() != QMediaPlayer.PlaybackState.StoppedState:
        call_without_gil(player, "stop")


class Player(QObject):
    """Plays WAV (or any file QtMultimedia decodes) to the default or a chosen output."""

    started = Signal(str)
    sounding = Signal(str)  # the file's audio has started to flow: its position moved past 0
    finished = Signal(str)  # the file played to its end
    error = Signal(str)  # a sentence for the user

    def __init__(self, parent: QObject | None = None, device: AudioDevice | str | None = None,
                 volume: float = 1.0):
        super().__init__(parent)
        self._player, self._output = new_media_player(self)
        self._output.setVolume(volume)
        self._player.mediaStatusChanged.connect(self._status)
        self._player.errorOccurred.connect(self._error)
        self._player.positionChanged.connect(self._position)
        self._current: str = ""
        self._sounded = True  # until the next play()
        if device is not None:
            self.set_device(device)

    def set_device(self, device: AudioDevice | str | None) -> None:
        qdevice = find_output(device)
        if qdevice is None:
            raise ValueError(f"no audio output {getattr(device, 'id', device)!r}")
        self._output.setDevice(qdevice)

    def set_volume(self, volume: float) -> None:
        self._output.setVolume(max(0.0, min(1.0, volume)))

    @property
    def is_playing(self) -> bool:
        return self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def play(self, path: str | Path) -> None:
        path = Path(path)
        if not path.is_file():
            self.error.emit(f"Cannot play {path.name}: the file is missing.")
            return
        self.stop()
        self._current = str(path)
        self._sounded = False
        self._player.setSource(QUrl.fromLocalFile(str(path.resolve())))
        call_without_gil(self._player, "play")
        self.started.emit(self._current)

    def stop(self) -> None:
        stop_playback(self._player)

    @Slot("qlonglong")
    def _position(self, position: int) -> None:
        if position > 0 and not self._sounded:
            self._sounded = True
            self.sounding.emit(self._current)

    @Slot(QMediaPlayer.MediaStatus)
    def _status(self, status) -> None:
        if status == QMediaPlayer.MediaStatus.EndOfMedia:
            self.finished.emit(self._current)
        elif status == QMediaPlayer.MediaStatus.InvalidMedia:
            self.error.emit(f"Cannot play {Path(self._current).name}: {self._player.errorString() or 'invalid audio'}.")

    @Slot(QMediaPlayer.Error, str)
    def _error(self, error, message) -> None:
        if error != QMediaPlayer.Error.NoError:
            self.error.emit(f"Playback failed: {message or error.name}.")
