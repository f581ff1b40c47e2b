"""Record an answer and transcribe it while it is spoken.

Wraps the speech layer's Recorder (microphone to a compressed file) and
StreamingTranscriber (chunks transcribed during the answer), so the final
transcript is ready about a second after the answer ends. The last step,
StreamingTranscriber.finish(), blocks, so it runs on a worker thread.
"""

from __future__ import annotations

import concurrent.futures
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtMultimedia import QMediaDevices

from erbsim.speech.recording import NoMicrophone
from erbsim.ui.audio.capture import MicCheck, Recorder
from erbsim.ui.audio.devices import list_input_devices
from erbsim.ui.bridge import FutureBridge

if TYPE_CHECKING:  # imported when an answer starts: numpy and the streaming code are not needed before
    from erbsim.speech.streaming import StreamingTranscriber

log = logging.getLogger(__name__)


class AnswerRecorder(QObject):
    level_changed = Signal(float)  # 0..1 for a meter
    partial_text = Signal(str)  # the transcript so far, for live captions
    transcript_ready = Signal(object, object)  # tag given to start(), Transcript
    transcript_failed = Signal(object, str)  # tag, message
    failed = Signal(str)  # a sentence for the user
    check_done = Signal(str)  # microphone check result, a sentence for the user

    def __init__(self, bridge: FutureBridge, transcriber, device_id: str = "", parent: QObject | None = None):
        super().__init__(parent)
        self._bridge = bridge
        self._transcriber = transcriber
        self._device_id = device_id
        self._recorder = Recorder(self)
        self._recorder.level.connect(lambda rms, peak: self.level_changed.emit(min(1.0, peak)))
        self._recorder.error.connect(self._recorder_error)
        self._recorder.stopped.connect(self._stopped)
        self._streamer: StreamingTranscriber | None = None
        self._tag = None
        self._finishing = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="erbsim-final")
        self._pending: set[concurrent.futures.Future] = set()
        self._check: MicCheck | None = None
        self._reason = ""
        # Asking the sound server for devices takes a while: ask once, then on change.
        self._inputs = list_input_devices()
        self._media = QMediaDevices(self)
        self._media.audioInputsChanged.connect(self._inputs_changed)

    # Devices -------------------------------------------------------------------

    def _inputs_changed(self) -> None:
        self._inputs = list_input_devices()

    def devices(self) -> list[tuple[str, str]]:
        inputs = self._inputs
        if not inputs:
            return []
        default = next((d for d in inputs if d.is_default), inputs[0])
        return [("", f"System default ({default.description})")] + [(d.id, d.description) for d in inputs]

    def set_device(self, device_id: str) -> None:
        self._device_id = device_id

    def available(self) -> bool:
        if self._inputs:
            return True
        self._reason = "No microphone found: type your answers instead."
        return False

    def unavailable_reason(self) -> str:
        return self._reason

    def check(self, device_id: str, seconds: float = 3.0) -> None:
        if self._check is not None:
            return
        self._check = MicCheck(self)
        self._check.level.connect(lambda rms, peak: self.level_changed.emit(min(1.0, peak)))
        self._check.finished.connect(self._checked)
        self._check.start(device_id or None, seconds)

    def _checked(self, result) -> None:
        check, self._check = self._check, None
        if check is not None:
            check.deleteLater()
        self.level_changed.emit(0.0)
        self.check_done.emit(result.message)

    # Recording -------------------------------------------------------------------

    @property
    def is_recording(self) -> bool:
        return self._recorder.is_recording

    def start(self, path: Path, tag=None) -> bool:
        if self._recorder.is_recording:
            self.stop()
        self._tag = tag
        from erbsim.speech.streaming import StreamingTranscriber

        self._streamer = StreamingTranscriber(self._transcriber, on_update=self._update)
        self._recorder.add_listener(self._streamer.feed)
        try:
            self._recorder.start(path, self._device_id or None)
        except NoMicrophone as error:
            self._drop_streamer()
            self._reason = str(error)
            self.failed.emit(str(error))
            return False
        except Exception as error:  # noqa: BLE001 - the file or the device failed to open
            self._drop_streamer()
            log.exception("recording failed to start")
            self.failed.emit(f"Recording could not start: {error}")
            return False
        return True

    def stop(self) -> None:
        self._recorder.stop()  # emits stopped, which finishes the transcript

    def _stopped(self, _path: str) -> None:
        streamer, tag = self._streamer, self._tag
        if streamer is None:
            return
        self._recorder.remove_listener(streamer.feed)
        self._streamer, self._tag = None, None
        future = self._finishing.submit(streamer.finish)
        self._pending.add(future)
        future.add_done_callback(self._pending.discard)
        self._bridge.when_done(future, lambda transcript: self.transcript_ready.emit(tag, transcript),
                               lambda error: self._transcription_failed(tag, error))

    def _transcription_failed(self, tag, error: BaseException) -> None:
        log.error("transcribing the answer failed", exc_info=error)
        self.transcript_failed.emit(tag, f"Transcription failed: {error}")

    def _recorder_error(self, message: str) -> None:
        log.warning("recording stopped: %s", message)  # the device's words; there is no traceback
        self.failed.emit(message)

    def _drop_streamer(self) -> None:
        if self._streamer is not None:
            self._recorder.remove_listener(self._streamer.feed)
            self._streamer.cancel()
            self._streamer = None

    def _update(self, transcript) -> None:
        self.partial_text.emit(transcript.text)  # from the transcription thread: queued to the GUI

    def wait_idle(self, timeout: float = 10.0) -> None:
        concurrent.futures.wait(list(self._pending), timeout=timeout)

    def shutdown(self, timeout: float = 5.0) -> None:
        if self._recorder.is_recording:
            self.stop()
        self.wait_idle(timeout)
        self._finishing.shutdown(wait=False, cancel_futures=True)
