"""Play one answer's recording: play/pause, a seek slider, speed 1x-2x.

`seek(seconds)` works before the file has loaded: the position is kept and
applied once the media is ready. Positions are seconds into the file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSlider, QStyle, QToolButton, QWidget

from erbsim.ui.audio.playback import call_without_gil, new_media_player, stop_playback
from erbsim.ui.widgets import format_clock

SPEEDS = (1.0, 1.25, 1.5, 1.75, 2.0)


def _clock(seconds: float) -> str:
    return format_clock(max(0.0, float(int(seconds))))


class AnswerPlayer(QWidget):
    position_changed = Signal(float)  # seconds into the file
    playing_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.player, self.audio = new_media_player(self)
        self._pending_ms: int | None = None
        self._dragging = False
        self._source: Path | None = None

        self.play_button = QToolButton()
        self.play_button.setObjectName("playButton")
        self.play_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.play_button.setToolTip("Play or pause (Space)")
        self.play_button.setAccessibleName("Play")
        self.play_button.clicked.connect(self.toggle)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setAccessibleName("Position in the answer")
        self.slider.setRange(0, 0)
        self.slider.sliderPressed.connect(lambda: setattr(self, "_dragging", True))
        self.slider.sliderReleased.connect(self._slider_released)
        self.slider.sliderMoved.connect(lambda v: self.time_label.setText(self._time_text(v)))
        self.slider.actionTriggered.connect(self._slider_action)
        self.time_label = QLabel("0:00 / 0:00")
        self.time_label.setObjectName("playerTime")
        self.time_label.setMinimumWidth(90)
        self.speed = QComboBox()
        self.speed.setAccessibleName("Playback speed")
        self.speed.setToolTip("Playback speed")
        for s in SPEEDS:
            self.speed.addItem(f"{s:g}×", s)
        self.speed.currentIndexChanged.connect(lambda _: self.player.setPlaybackRate(self.speed.currentData()))
        self.status = QLabel("")
        self.status.setObjectName("subtitle")

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.play_button)
        row.addWidget(self.slider, 1)
        row.addWidget(self.time_label)
        row.addWidget(self.speed)
        row.addWidget(self.status)

        self.player.durationChanged.connect(self._duration_changed)
        self.player.positionChanged.connect(self._position_changed)
        self.player.mediaStatusChanged.connect(self._status_changed)
        self.player.playbackStateChanged.connect(self._state_changed)
        self.player.errorOccurred.connect(lambda _e, message: self._unavailable(message or "cannot play"))
        self.set_source(None)

    # -- public

    def set_source(self, path: Path | None) -> None:
        self.stop()
        self._pending_ms = None
        self._source = path
        self.slider.setValue(0)
        if path is None or not Path(path).is_file():
            self.player.setSource(QUrl())
            self._unavailable("no recording" if path is None else "recording missing")
            return
        self._set_enabled(True)
        self.status.setText("")
        self.player.setSource(QUrl.fromLocalFile(str(path)))

    def source(self) -> Path | None:
        return self._source

    def available(self) -> bool:
        return self.play_button.isEnabled()

    def seek(self, seconds: float) -> None:
        ms = max(0, int(round(seconds * 1000)))
        if self.player.mediaStatus() in (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia,
                                         QMediaPlayer.MediaStatus.BufferingMedia, QMediaPlayer.MediaStatus.EndOfMedia):
            self.player.setPosition(ms)
        else:
            self._pending_ms = ms
        self.slider.setValue(ms)
        self.time_label.setText(self._time_text(ms))
        self.position_changed.emit(ms / 1000.0)

    def position_s(self) -> float:
        if self._pending_ms is not None:
            return self._pending_ms / 1000.0
        return self.player.position() / 1000.0

    def play(self) -> None:
        if self.available():
            call_without_gil(self.player, "play")

    def pause(self) -> None:
        call_without_gil(self.player, "pause")

    def stop(self) -> None:
        stop_playback(self.player)

    def toggle(self) -> None:
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.pause()
        else:
            self.play()

    def is_playing(self) -> bool:
        return self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def set_speed(self, rate: float) -> None:
        index = self.speed.findData(rate)
        if index >= 0:
            self.speed.setCurrentIndex(index)

    def hideEvent(self, event) -> None:
        # Leaving the answer (another page, the window closed) stops playback,
        # so the player is never destroyed mid-play; minimising does not.
        if not event.spontaneous():
            self.stop()
        super().hideEvent(event)

    # -- internals

    def _set_enabled(self, on: bool) -> None:
        for w in (self.play_button, self.slider, self.speed):
            w.setEnabled(on)

    def _unavailable(self, message: str) -> None:
        self._set_enabled(False)
        self.status.setText(message)
        self.time_label.setText("–")

    def _time_text(self, ms: int) -> str:
        return f"{_clock(ms / 1000)} / {_clock(self.player.duration() / 1000)}"

    def _duration_changed(self, ms: int) -> None:
        self.slider.setRange(0, max(0, ms))
        self.time_label.setText(self._time_text(self.player.position()))

    def _position_changed(self, ms: int) -> None:
        if self._pending_ms is not None:
            return
        if not self._dragging:
            self.slider.setValue(ms)
            self.time_label.setText(self._time_text(ms))
        self.position_changed.emit(ms / 1000.0)

    def _status_changed(self, status) -> None:
        if status == QMediaPlayer.MediaStatus.LoadedMedia and self._pending_ms is not None:
            ms, self._pending_ms = self._pending_ms, None
            self.player.setPosition(ms)
        elif status == QMediaPlayer.MediaStatus.InvalidMedia:
            self._unavailable("cannot play this recording")

    def _state_changed(self, state) -> None:
        playing = state == QMediaPlayer.PlaybackState.PlayingState
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setAccessibleName("Pause" if playing else "Play")
        self.playing_changed.emit(playing)

    def _slider_released(self) -> None:
        self._dragging = False
        self.seek(self.slider.value() / 1000.0)

    def _slider_action(self, action) -> None:
        if not self._dragging and action != QSlider.SliderAction.SliderMove:
            # page or single steps (clicks on the groove, keyboard)
            self.seek(self.slider.sliderPosition() / 1000.0)
