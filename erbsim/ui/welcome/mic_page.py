"""The welcome's microphone check: a live level, then a short spoken test recorded and played back.

The level comes from a Listener (nothing kept); the test is recorded with the
app's Recorder into a private temporary folder that goes when the welcome
closes, judged as the home page's check judges it, then played back with the
app's Player, so the person hears what the board's transcription will hear.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

import numpy as np
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from erbsim.speech.recording import NoMicrophone, judge_mic_check
from erbsim.ui.audio.capture import Listener, Recorder
from erbsim.ui.audio.playback import Player
from erbsim.ui.widgets import LevelMeter

log = logging.getLogger(__name__)

TEST_SECONDS = 5
NO_MICROPHONE = "No microphone found: you can still rehearse, typing your answers instead of speaking them."


class MicPage(QWidget):
    device_chosen = Signal(str)  # the device id ("" = the system default) the person picked

    def __init__(self, devices: list[tuple[str, str]], selected: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._folder: Path | None = None
        self._blocks: list[np.ndarray] = []
        self.test_path: Path | None = None
        self.listener = Listener(self)
        self.recorder = Recorder(self)
        self.player = Player(self)
        self._stop_timer = QTimer(self)
        self._stop_timer.setSingleShot(True)
        self._stop_timer.setInterval(TEST_SECONDS * 1000)
        self._stop_timer.timeout.connect(self.stop_test)

        title = QLabel("<h2>Your microphone</h2>")
        intro = QLabel("The board hears you through this microphone. Speak as you would to the board: the bar "
                       "should move with your voice. Then record a short test and listen to it.")
        intro.setWordWrap(True)
        self.device_combo = QComboBox()
        self.device_combo.setAccessibleName("Microphone")
        for device_id, label in devices:
            self.device_combo.addItem(label, device_id)
        index = self.device_combo.findData(selected)
        self.device_combo.setCurrentIndex(max(0, index))
        self.device_combo.currentIndexChanged.connect(self._device_changed)
        device_label = QLabel("&Microphone:")
        device_label.setBuddy(self.device_combo)
        self.meter = LevelMeter()
        self.meter.setFixedHeight(18)
        self.record_button = QPushButton(f"&Record a {TEST_SECONDS}-second test")
        self.record_button.clicked.connect(self._record_clicked)
        self.play_button = QPushButton("&Play it again")
        self.play_button.setEnabled(False)
        self.play_button.clicked.connect(self.play_test)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setObjectName("micStatus")

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        row = QHBoxLayout()
        row.addWidget(device_label)
        row.addWidget(self.device_combo, 1)
        layout.addLayout(row)
        layout.addWidget(self.meter)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.play_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addStretch(1)

        self.listener.level.connect(lambda _rms, peak: self.meter.set_level(min(1.0, peak)))
        self.recorder.level.connect(lambda _rms, peak: self.meter.set_level(min(1.0, peak)))
        self.recorder.add_listener(self._blocks_in)
        self.recorder.stopped.connect(self._recorded)
        self.recorder.error.connect(self._recording_error)
        self.player.finished.connect(self._played)
        self.player.error.connect(self._playback_error)
        if not devices:
            log.warning("welcome: no microphone found")
            self._no_microphone(NO_MICROPHONE)

    def _no_microphone(self, sentence: str) -> None:
        for widget in (self.device_combo, self.record_button, self.play_button):
            widget.setEnabled(False)
        self.status.setText(sentence)

    def device_id(self) -> str:
        return self.device_combo.currentData() or ""

    # Listening --------------------------------------------------------------------

    def start_listening(self) -> None:
        """The live level, while the page is shown and nothing is recorded or played."""
        if self.device_combo.count() == 0 or self.recorder.is_recording or self.player.is_playing:
            return
        try:
            self.listener.start(self.device_id() or None)
        except NoMicrophone as error:
            log.warning("welcome: the microphone cannot be listened to: %s", error)
            self.status.setText(str(error))
            return
        except Exception as error:  # noqa: BLE001 - the device failed to open
            log.exception("welcome: listening to the microphone failed")
            self.status.setText(f"The microphone could not be opened ({error}): choose another one above.")
            return
        if not self.status.text():
            self.status.setText(f"Listening to “{self.listener.device_name}”: say a few words.")

    def stop_all(self) -> None:
        """Leave the page or close the welcome: nothing listens, records or plays any more."""
        self.listener.stop()
        self._stop_timer.stop()
        if self.recorder.is_recording:
            self.recorder.stop()
        self.player.stop()
        self.meter.set_level(0.0)

    def _device_changed(self, _index: int) -> None:
        self.device_chosen.emit(self.device_id())
        self.status.setText("")
        self.test_path = None
        self.play_button.setEnabled(False)
        if self.isVisible():
            self.listener.stop()
            self.start_listening()

    # The spoken test -----------------------------------------------------------------

    def _record_clicked(self) -> None:
        if self.recorder.is_recording:
            self.stop_test()
        else:
            self.start_test()

    def start_test(self) -> None:
        self.listener.stop()
        self.player.stop()
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="erbsim-mic-test-"))  # private: 0700
        self._blocks = []
        try:
            self.recorder.start(self._folder / "mic-test.wav", self.device_id() or None)
        except NoMicrophone as error:
            log.warning("welcome: the test recording could not start: %s", error)
            self.status.setText(str(error))
            return
        except Exception as error:  # noqa: BLE001 - the file or the device failed to open
            log.exception("welcome: the test recording could not start")
            self.status.setText(f"The test recording could not start ({error}).")
            return
        self.record_button.setText("&Stop the test")
        self.play_button.setEnabled(False)
        self.status.setText(f"Recording for {TEST_SECONDS} seconds: tell the board, out loud, what you built "
                            "and who else uses it.")
        self._stop_timer.start()

    def stop_test(self) -> None:
        self._stop_timer.stop()
        self.recorder.stop()  # -> _recorded

    def _blocks_in(self, samples: np.ndarray) -> None:
        self._blocks.append(samples)

    def _recorded(self, path: str) -> None:
        self._stop_timer.stop()
        self.record_button.setText(f"&Record a {TEST_SECONDS}-second test again")
        if self.recorder.last_error:  # the device went away: _recording_error said so
            return
        samples = np.concatenate(self._blocks) if self._blocks else np.zeros(0, np.int16)
        verdict = judge_mic_check(samples, self.device_combo.currentText(), self.device_id())
        log.info("welcome: microphone test of %.1f s, peak %.3f: %s", verdict.seconds, verdict.peak,
                 "sound" if verdict.ok else "no sound")
        self.test_path = Path(path)
        self.play_button.setEnabled(True)
        if not verdict.ok:
            self.status.setText(verdict.message)
            self.start_listening()
            return
        self.status.setText(f"Recorded {verdict.seconds:.0f} seconds. Playing it back: this is what the board "
                            "will hear.")
        self.play_test()

    def play_test(self) -> None:
        if self.test_path is None:
            return
        self.listener.stop()
        self.player.play(self.test_path)

    def _played(self, _path: str) -> None:
        self.status.setText("That was your test. If you heard yourself clearly, the microphone is ready; if not, "
                            "choose another microphone above and record again.")
        if self.isVisible():
            self.start_listening()

    def _recording_error(self, message: str) -> None:
        self.status.setText(message)  # Recorder logged it already

    def _playback_error(self, message: str) -> None:
        log.warning("welcome: playing the microphone test failed: %s", message)
        self.status.setText(f"Your test was recorded but could not be played back: {message}")

    def remove_recording(self) -> None:
        """The test is the person's voice: it goes when the welcome closes."""
        self.stop_all()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
            self.test_path = None
