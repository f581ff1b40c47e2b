"""Microphone capture with QtMultimedia: 16 kHz mono int16, written to disk while recording.

`Recorder` streams the audio into a compressed file (Ogg/Opus by default,
about 4 kB/s, so 45 minutes take about 11 MB; FLAC or WAV by file suffix); an
Opus file ends a page every 250 ms (erbsim.speech.recording), so a crash loses
about a quarter of a second (`erbsim bench crash` measures it). It reports a
level (RMS and peak, 0..1) for a meter and hands every block of samples to
listeners (for streaming transcription). If the microphone disappears while
recording, the file is closed cleanly with everything captured so far and
`error` says what happened. Without any microphone `start()` raises
`NoMicrophone`, whose message the UI shows before offering typed answers.

`preflight()` / `MicCheck` listen for a moment and report when the chosen
microphone delivers silence.

The file writing, levels and the silence verdict are Qt-free, in
`erbsim.speech.recording`; this module is the Qt side that reads the device.
"""

from __future__ import annotations

import concurrent.futures
import errno
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal, Slot
from PySide6.QtMultimedia import QAudioFormat, QAudioSource, QtAudio

from erbsim.speech.devices import AudioDevice
from erbsim.speech.recording import (
    SAMPLE_RATE,
    NoMicrophone,
    PreflightResult,
    RecordingWriteError,
    judge_mic_check,
    levels,
    open_writer,
)

from .devices import _device_id, find_input, input_present, list_input_devices

if TYPE_CHECKING:  # numpy is imported where it is used: the app starts without it
    import numpy as np

# PySide6 6.12: QAudioSource.stateChanged only connects when QtAudio is imported
# from PySide6.QtMultimedia and the receiver is a Slot(QtAudio.State), and even
# then the process died now and then ("bool_dealloc: deallocating True or
# False", a reference-count bug) after a few seconds of Active/Idle changes.
# So the state is polled by the watch timer instead of connected.

log = logging.getLogger(__name__)


_PRESENCE_CHECKS = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="erbsim-mic-check")


def audio_format() -> QAudioFormat:
    fmt = QAudioFormat()
    fmt.setSampleRate(SAMPLE_RATE)
    fmt.setChannelCount(1)
    fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    return fmt


class _Input(QObject):
    """A started QAudioSource delivering int16 blocks to `on_block`."""

    def __init__(self, qdevice, on_block: Callable[[np.ndarray], None], parent=None):
        super().__init__(parent)
        self.qdevice = qdevice
        self.device_id = _device_id(qdevice)
        self._on_block = on_block
        self.source = QAudioSource(qdevice, audio_format(), self)
        self._pending = b""
        self.io = self.source.start()
        if self.io is None:
            raise NoMicrophone(f"Could not open the microphone “{qdevice.description()}”.")
        self.io.readyRead.connect(self.read)

    def read(self) -> None:
        if self.io is None:
            return
        data = self._pending + bytes(self.io.readAll().data())
        usable = len(data) - len(data) % 2
        self._pending = data[usable:]
        if usable:
            import numpy as np

            self._on_block(np.frombuffer(data[:usable], dtype="<i2").copy())

    def failed(self):
        """The QtAudio.Error that stopped the source, or None while it works."""
        error = self.source.error()
        if error != QtAudio.Error.NoError and self.source.state() == QtAudio.State.StoppedState:
            return error
        return None

    def stop(self) -> None:
        io, self.io = self.io, None
        if io is not None:
            self.io = io
            self.read()
            self.io = None
            try:
                io.readyRead.disconnect(self.read)
            except (RuntimeError, TypeError):
                pass
        self.source.stop()


def write_failure(error: OSError, seconds: float) -> str:
    """The sentence for a recording that could not be written any more."""
    at = f"{int(seconds) // 60}:{int(seconds) % 60:02d}"
    if error.errno == errno.ENOSPC:
        return f"The disk is full: the answer was stopped at {at} and what was recorded is kept."
    return (f"The recording could not be written ({error.strerror or error}): the answer was stopped at {at} "
            "and what was recorded is kept.")


class Recorder(QObject):
    """Records the microphone to a file while reporting level and sample blocks."""

    level = Signal(float, float)  # rms, peak, 0..1, for each block
    chunk = Signal(object)  # numpy int16 array of new samples (16 kHz mono)
    started = Signal(str)  # file path
    stopped = Signal(str)  # file path, closed and complete
    error = Signal(str)  # a sentence for the user

    def __init__(self, parent: QObject | None = None, *, flush_interval: float = 1.0,
                 stall_timeout: float = 3.0, watch_interval: float = 0.5, writer_opener=None):
        """`writer_opener(path)`: the binary file the recording is written to (tests inject one
        that fails as a full disk does; default: the file itself)."""
        super().__init__(parent)
        self._opener = writer_opener
        self._write_failed = False
        self._input: _Input | None = None
        self._writer = None
        self._path: Path | None = None
        self._frames = 0
        self._last_flush = 0.0
        self._last_data = 0.0
        self._flush_interval = flush_interval
        self._stall_timeout = stall_timeout
        self._listeners: list[Callable[[np.ndarray], None]] = []
        self._watch = QTimer(self)
        self._watch.setInterval(int(watch_interval * 1000))
        self._watch.timeout.connect(self._check_device)
        self.last_error: str | None = None
        self._presence: concurrent.futures.Future | None = None

    # -- API --------------------------------------------------------------
    def add_listener(self, callback: Callable[[np.ndarray], None]) -> None:
        """Called with every block of int16 samples, in the GUI thread (e.g. StreamingTranscriber.feed)."""
        self._listeners.append(callback)

    def remove_listener(self, callback) -> None:
        self._listeners.remove(callback)

    @property
    def is_recording(self) -> bool:
        return self._input is not None

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def seconds(self) -> float:
        return self._frames / SAMPLE_RATE

    @property
    def device_id(self) -> str | None:
        return self._input.device_id if self._input else None

    def start(self, path: str | Path, device: AudioDevice | str | None = None) -> None:
        """Start recording `device` (id, AudioDevice, QAudioDevice; None = default) into `path`."""
        if self._input is not None:
            raise RuntimeError("already recording")
        qdevice = find_input(device)
        if qdevice is None:
            if device is None or not list_input_devices():
                message = ("No microphone found. Connect one and try again, or type your answers instead.")
            else:
                message = f"The microphone “{getattr(device, 'description', device)}” is not available."
            self.last_error = message
            raise NoMicrophone(message)
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._writer = open_writer(path, self._opener)
        self._path = path
        self._frames = 0
        self._write_failed = False
        self.last_error = None
        self._last_flush = self._last_data = time.monotonic()
        try:
            # No Qt parent and no deleteLater(): Python owns it. (A deleteLater() raced
            # with the owner's destruction and crashed in ~QObject.)
            self._input = _Input(qdevice, self._on_block)
        except Exception:
            self._writer.close()
            self._writer = None
            raise
        self._watch.start()
        self.started.emit(str(path))

    def stop(self) -> Path | None:
        """Stop and close the file; returns its path (None if not recording)."""
        return self._finish(None)

    # -- internals ----------------------------------------------------------
    def _on_block(self, samples: np.ndarray) -> None:
        if self._writer is None or self._write_failed:
            return
        self._last_data = time.monotonic()
        try:
            self._writer.write(samples)
            self._frames += len(samples)
            if self._last_data - self._last_flush >= self._flush_interval:
                self._writer.flush()
                self._last_flush = self._last_data
        except RecordingWriteError as error:
            # Not from inside the source's readyRead: stop it once this slot has returned.
            message = write_failure(error, self.seconds)
            log.error("writing %s failed: %s", self._path, error)
            self._write_failed = True
            QTimer.singleShot(0, self, lambda: self._finish("write", message=message))
            return
        rms, peak = levels(samples)
        self.level.emit(rms, peak)
        for listener in list(self._listeners):
            try:
                listener(samples)
            except Exception:  # noqa: BLE001 - a listener must not stop the recording
                log.exception("recording listener failed")
        self.chunk.emit(samples)

    @Slot()
    def _check_device(self) -> None:
        if self._input is None:
            return
        name = self._input.qdevice.description()
        failure = self._input.failed()
        if failure is not None:
            self._finish(f"The microphone “{name}” stopped working ({failure.name}).")
        elif self._device_gone():
            self._finish(f"The microphone “{name}” was disconnected.")
        elif time.monotonic() - self._last_data > self._stall_timeout:
            self._finish(f"The microphone “{name}” stopped delivering audio.")

    def _device_gone(self) -> bool:
        """Ask the sound server off the GUI thread (a `pactl` run can take tens of
        ms); the answer of the previous check is used, so removal shows within ~1 s."""
        gone = False
        check = self._presence
        if check is not None and check.done():
            self._presence = None
            try:
                gone = not check.result()
            except Exception:  # noqa: BLE001 - an unanswered check proves nothing
                gone = False
        if self._presence is None and not gone:
            self._presence = _PRESENCE_CHECKS.submit(input_present, self._input.device_id)
        return gone

    def _finish(self, problem: str | None, message: str | None = None) -> Path | None:
        """Stop; with a `problem` (or a whole `message`), say so through `error`."""
        if self._input is None:
            return None
        self._watch.stop()
        self._presence = None  # a check still running belongs to this recording
        source, self._input = self._input, None
        if problem is None:
            source.stop()  # reads what is left
        else:
            source._on_block = lambda _: None  # keep nothing from a rescued/moved stream
            source.stop()
        writer, self._writer = self._writer, None
        writer.close()
        path = self._path
        if problem is not None:
            message = message or (f"{problem} The answer recorded up to then ({self.seconds:.0f} s) is saved"
                                  f" in {path.name}.")
            self.last_error = message
            log.warning(message)
            self.error.emit(message)
        self.stopped.emit(str(path))
        return path


class MicCheck(QObject):
    """Listens to a microphone for `seconds` and reports whether it delivers sound."""

    finished = Signal(object)  # PreflightResult
    level = Signal(float, float)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._input: _Input | None = None
        self._blocks: list[np.ndarray] = []
        self._needed = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._timeout)
        self._name = ""
        self._retired = None

    def start(self, device: AudioDevice | str | None = None, seconds: float = 1.0) -> None:
        qdevice = find_input(device)
        if qdevice is None:
            QTimer.singleShot(0, lambda: self.finished.emit(PreflightResult(
                False, str(device or ""), 0.0, 0.0, 0.0,
                "No microphone found. Connect one, or type your answers instead.")))
            return
        self._name = qdevice.description()
        self._blocks, self._needed = [], int(seconds * SAMPLE_RATE)
        self._retired = None
        self._input = _Input(qdevice, self._on_block)
        self._timer.start(int(seconds * 1000) + 3000)

    def _on_block(self, samples: np.ndarray) -> None:
        self._blocks.append(samples)
        self.level.emit(*levels(samples))
        if sum(len(b) for b in self._blocks) >= self._needed:
            self._done()

    @Slot()
    def _timeout(self) -> None:
        self._done()

    def _done(self) -> None:
        if self._input is None:
            return
        self._timer.stop()
        source, self._input = self._input, None
        source._on_block = lambda _: None
        source.stop()
        self._retired = source  # may be inside its own slot now: drop it later, not here
        import numpy as np

        samples = np.concatenate(self._blocks) if self._blocks else np.zeros(0, np.int16)
        self.finished.emit(judge_mic_check(samples, self._name, source.device_id))


class Listener(QObject):
    """Listens to a microphone for a level meter only: nothing is kept or written.
    `start()` raises NoMicrophone when the device is missing or cannot be opened."""

    level = Signal(float, float)  # rms, peak, 0..1, for each block

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._input: _Input | None = None
        self._retired: _Input | None = None
        self.device_name = ""

    @property
    def is_listening(self) -> bool:
        return self._input is not None

    def start(self, device: AudioDevice | str | None = None) -> None:
        self.stop()
        qdevice = find_input(device)
        if qdevice is None:
            raise NoMicrophone("No microphone found. Connect one, or type your answers instead."
                               if device in (None, "") or not list_input_devices()
                               else f"The microphone “{device}” is not available.")
        self.device_name = qdevice.description()
        self._input = _Input(qdevice, lambda samples: self.level.emit(*levels(samples)))

    def stop(self) -> None:
        source, self._input = self._input, None
        if source is not None:
            source._on_block = lambda _: None
            source.stop()
            self._retired = source  # may be inside its own slot now: dropped on the next start or stop


def preflight(device: AudioDevice | str | None = None, seconds: float = 1.0) -> PreflightResult:
    """Blocking mic check (runs a local event loop; needs a QCoreApplication)."""
    check = MicCheck()
    loop = QEventLoop()
    results: list[PreflightResult] = []
    check.finished.connect(lambda result: (results.append(result), loop.quit()))
    check.start(device, seconds)
    if not results:
        loop.exec()
    return results[0]
