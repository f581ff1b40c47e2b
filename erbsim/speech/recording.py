"""What a recording needs that is not Qt: its file, its level, and the silence check.

The microphone itself is read by the Qt adapter in `erbsim.ui.audio.capture`;
this module writes the samples it hands over (16 kHz mono int16) to a
compressed file, measures their level for a meter, and judges a short
listen (`judge_mic_check`) the way the microphone check reports it.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:  # numpy is imported where it is used: the app starts without it
    import numpy as np

SAMPLE_RATE = 16000
OPUS_COMPRESSION = 0.9  # libsndfile level; about 32 kbit/s for 16 kHz speech
OGG_PAGE_LATENCY_MS = 250.0  # a crash loses at most about this much of an Opus recording
SFC_SET_OGG_PAGE_LATENCY_MS = 0x1302  # sndfile.h
SILENCE_PEAK = 0.001  # below -60 dBFS: nothing is coming in


class NoMicrophone(RuntimeError):
    """No usable audio input: the UI offers typed answers instead."""


class RecordingWriteError(OSError):
    """The recording file could not be written (a full disk, a failing drive). What was
    flushed before is kept, and the file still decodes up to there."""


def open_writer(path: Path, opener: Callable[[Path], BinaryIO] | None = None) -> RecordingWriter:
    """A RecordingWriter for 16 kHz mono, format from the suffix (.opus/.ogg, .flac, .wav).

    `opener(path)` returns the binary file to write (default: unbuffered open(path, "w+b");
    tests pass one that fails at a chosen byte)."""
    suffix = path.suffix.lower()
    if suffix in (".opus", ".ogg", ".oga"):
        kind: dict = {"format": "OGG", "subtype": "OPUS", "compression_level": OPUS_COMPRESSION}
    elif suffix == ".flac":
        kind = {"format": "FLAC", "subtype": "PCM_16"}
    elif suffix == ".wav":
        kind = {"format": "WAV", "subtype": "PCM_16"}
    else:
        raise ValueError(f"unsupported recording format {suffix!r}: use .opus, .flac or .wav")
    raw = opener(path) if opener is not None else open(path, "w+b", buffering=0)  # noqa: SIM115 - closed by the writer
    try:
        return RecordingWriter(raw, kind)
    except BaseException:
        raw.close()
        raise


class _GuardedFile:
    """The file libsndfile writes through: a write error is kept (libsndfile would only see
    a short write, and soundfile would print the exception to stderr) for the writer to raise."""

    def __init__(self, raw: BinaryIO):
        self.raw = raw
        self.error: OSError | None = None
        self.complete = raw.tell()  # where the last write that went through whole ended

    def write(self, data: bytes) -> int:
        if self.error is not None:
            return 0
        view, done = memoryview(data), 0
        try:
            while done < len(view):
                written = self.raw.write(view[done:])
                if not written:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                done += written
            self.complete = self.raw.tell()
        except OSError as error:
            self.error = error
        return done

    def read(self, size: int = -1) -> bytes:
        return self.raw.read(size)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.raw.seek(offset, whence)

    def tell(self) -> int:
        return self.raw.tell()

    def flush(self) -> None:
        if self.error is None:
            self.raw.flush()


class RecordingWriter:
    """Writes samples to the recording file. `write` and `flush` raise RecordingWriteError
    when the file cannot be written; `close` then cuts off the bytes of the write that failed
    half-way, so the file decodes up to its last whole Ogg page (encoded audio reaches the
    file a page, a quarter of a second, at a time)."""

    def __init__(self, raw: BinaryIO, kind: dict):
        import soundfile as sf

        self._raw = raw
        self._file = _GuardedFile(raw)
        self._sound = sf.SoundFile(self._file, "w", SAMPLE_RATE, 1, **kind)
        if kind["format"] == "OGG":
            _set_page_latency(self._sound, OGG_PAGE_LATENCY_MS)
        self.failed: OSError | None = None
        self._check()

    def _check(self) -> None:
        error = self._file.error
        if error is not None:
            self.failed = error
            raise RecordingWriteError(error.errno, error.strerror or str(error)) from error

    def write(self, samples: np.ndarray) -> None:
        if self.failed is not None:
            self._check()
        try:
            self._sound.write(samples)
        except Exception:
            self._check()
            raise
        self._check()

    def flush(self) -> None:
        try:
            self._sound.flush()
        except Exception:
            self._check()
            raise
        self._check()

    def close(self) -> None:
        try:
            self._sound.close()  # writes the last page (nothing more when the disk is full)
        except Exception:
            if self._file.error is None:
                raise
        finally:
            if self._file.error is not None:
                self.failed = self._file.error
                try:
                    self._raw.truncate(self._file.complete)  # frees space, so it works on a full disk
                except OSError:
                    pass
            self._raw.close()

    def __enter__(self) -> RecordingWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _set_page_latency(writer, milliseconds: float) -> None:
    """Have libsndfile end an Ogg page every `milliseconds` of audio (its default is 1000 ms):
    a page is what a reader can decode, so this bounds what a crash mid-answer loses.
    soundfile has no call for it; SFC_SET_OGG_PAGE_LATENCY_MS is libsndfile >= 1.1."""
    import soundfile as sf

    try:
        value = sf._ffi.new("double*", float(milliseconds))
        sf._snd.sf_command(writer._file, SFC_SET_OGG_PAGE_LATENCY_MS, value, sf._ffi.sizeof("double"))
    except (AttributeError, TypeError):  # another soundfile: pages stay at libsndfile's default
        pass


def decodable_seconds(path: Path) -> float:
    """How much of a recording decodes, in seconds: a file whose writer was killed mid-answer
    (no end page) decodes up to its last complete page; an unreadable file is 0.0."""
    import soundfile as sf

    frames = 0
    rate = SAMPLE_RATE
    try:
        with sf.SoundFile(str(path)) as audio:
            rate = audio.samplerate
            for block in audio.blocks(blocksize=rate, dtype="int16", always_2d=True):
                frames += len(block)
    except (sf.LibsndfileError, RuntimeError, OSError):
        pass  # the frames read so far are what decodes
    return frames / rate if rate else 0.0


# What erbsim records and plays: file suffix -> libsndfile container (and, for Ogg, codec).
RECORDING_KINDS = {".opus": ("OGG", "OPUS"), ".ogg": ("OGG", "OPUS"), ".oga": ("OGG", "OPUS"),
                   ".wav": ("WAV", None), ".flac": ("FLAC", None)}


def check_recording(path: Path) -> str | None:
    """None when `path` is a recording erbsim can play (Opus, WAV or FLAC, as its
    suffix says) that decodes to its end; otherwise why not, for a message.
    Decodes in blocks, so a long file costs time, not memory."""
    import soundfile as sf

    kind = RECORDING_KINDS.get(path.suffix.lower())
    if kind is None:
        return f"is not a recording erbsim plays ({path.suffix or 'no suffix'}; expected .opus, .wav or .flac)"
    try:
        with sf.SoundFile(str(path)) as f:
            if f.format != kind[0] or (kind[1] is not None and f.subtype != kind[1]):
                return f"is {f.format} {f.subtype} audio, not the {path.suffix} recording its name says"
            if not (1 <= f.channels <= 8 and 1000 <= f.samplerate <= 384_000):
                return "is not a recording erbsim plays (unusual channels or sample rate)"
            for _ in f.blocks(blocksize=65536, dtype="int16"):
                pass
    except (RuntimeError, ValueError, TypeError, OSError, EOFError) as error:
        return f"is not audio that decodes ({str(error).splitlines()[0][:120] if str(error) else 'unreadable'})"
    return None


def levels(samples: np.ndarray) -> tuple[float, float]:
    import numpy as np

    if not len(samples):
        return 0.0, 0.0
    x = samples.astype(np.float32) / 32768.0
    return float(np.sqrt(np.mean(x * x))), float(np.max(np.abs(x)))


@dataclass(frozen=True)
class PreflightResult:
    ok: bool
    device: str
    seconds: float
    rms: float
    peak: float
    message: str


def judge_mic_check(samples: np.ndarray, device_name: str, device_id: str) -> PreflightResult:
    """The verdict on what a microphone delivered while it was listened to:
    nothing at all, silence (muted, volume down, wrong input), or sound."""
    rms, peak = levels(samples)
    seconds = len(samples) / SAMPLE_RATE
    if not len(samples):
        ok, message = False, f"The microphone “{device_name}” delivers no audio at all."
    elif peak < SILENCE_PEAK:
        ok, message = False, (f"The microphone “{device_name}” delivers silence: check that it is not "
                              "muted, that its volume is up, and that it is the right input.")
    else:
        ok, message = True, f"The microphone “{device_name}” works."
    return PreflightResult(ok, device_id, round(seconds, 2), rms, peak, message)
