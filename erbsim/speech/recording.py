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
SILENCE_PEAK = 0.001  # below -60 dBFS: nothing is coming in


class NoMicrophone(RuntimeError):
    """No usable audio input: the UI offers typed answers instead."""


def open_writer(path: Path):
    """A soundfile.SoundFile for 16 kHz mono, format from the suffix (.opus/.ogg, .flac, .wav)."""
    import soundfile as sf

    suffix = path.suffix.lower()
    if suffix in (".opus", ".ogg", ".oga"):
        return sf.SoundFile(str(path), "w", SAMPLE_RATE, 1, format="OGG", subtype="OPUS",
                            compression_level=OPUS_COMPRESSION)
    if suffix == ".flac":
        return sf.SoundFile(str(path), "w", SAMPLE_RATE, 1, format="FLAC", subtype="PCM_16")
    if suffix == ".wav":
        return sf.SoundFile(str(path), "w", SAMPLE_RATE, 1, format="WAV", subtype="PCM_16")
    raise ValueError(f"unsupported recording format {suffix!r}: use .opus, .flac or .wav")


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
