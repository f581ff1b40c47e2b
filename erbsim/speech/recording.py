"""What a recording needs that is not Qt: its file, its level, and the silence check.

The microphone itself is read by the Qt adapter in `erbsim.ui.audio.capture`;
this module writes the samples it hands over (16 kHz mono int16) to a
compressed file, measures their level for a meter, and judges a short
listen (`judge_mic_check`) the way the microphone check reports it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

SAMPLE_RATE = 16000
OPUS_COMPRESSION = 0.9  # libsndfile level; about 32 kbit/s for 16 kHz speech
OGG_PAGE_LATENCY_MS = 250.0  # a crash loses at most about this much of an Opus recording
SFC_SET_OGG_PAGE_LATENCY_MS = 0x1302  # sndfile.h
SILENCE_PEAK = 0.001  # below -60 dBFS: nothing is coming in


class NoMicrophone(RuntimeError):
    """No usable audio input: the UI offers typed answers instead."""


def open_writer(path: Path):
    """A soundfile.SoundFile for 16 kHz mono, format from the suffix (.opus/.ogg, .flac, .wav)."""
    import soundfile as sf

    suffix = path.suffix.lower()
    if suffix in (".opus", ".ogg", ".oga"):
        writer = sf.SoundFile(str(path), "w", SAMPLE_RATE, 1, format="OGG", subtype="OPUS",
                              compression_level=OPUS_COMPRESSION)
        _set_page_latency(writer, OGG_PAGE_LATENCY_MS)
        return writer
    if suffix == ".flac":
        return sf.SoundFile(str(path), "w", SAMPLE_RATE, 1, format="FLAC", subtype="PCM_16")
    if suffix == ".wav":
        return sf.SoundFile(str(path), "w", SAMPLE_RATE, 1, format="WAV", subtype="PCM_16")
    raise ValueError(f"unsupported recording format {suffix!r}: use .opus, .flac or .wav")


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


def levels(samples: np.ndarray) -> tuple[float, float]:
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
