"""The natural voice engine: piper-tts (ONNX) with voices that ship inside pip packages.

One thread in the process ("erbsim-tts-piper") does every piper call, so a
PiperVoice (an onnxruntime session plus piper's own espeak-ng phonemizer, which
keeps global state) is never used from two threads at once. Each voice model is
loaded once, on that thread, the first time it is needed or when `warm_up` asks,
and kept for the life of the process. Nothing is loaded, and piper is not even
imported, when this module is imported.

A seat's variant (erbsim.speech.voices.PIPER_VARIANTS) is made from the one
speaker by:
- pace: piper's length_scale;
- pitch: the audio is resampled by 2^(semitones/12) and kept at the same sample
  rate, which raises (or lowers) pitch and formants together and would also
  speed it up: piper therefore speaks it that much slower first, so the pace
  stays what the variant says;
- timbre/expressiveness: piper's noise_scale and noise_w.
The user's rate (170 = the variant's pace) and pitch (50 = the variant's pitch,
12.5 steps a semitone) move it further.

piper's noise is random (the model draws it inside onnxruntime, unseeded): the
same text renders a little differently each time, which is one more reason a
question is rendered once and then played from the cache.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import wave
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .voices import (
    DEFAULT_PIPER_MODEL,
    NEUTRAL_PITCH,
    NEUTRAL_RATE,
    VoiceSettings,
    parse_piper_id,
    piper_model_path,
)

log = logging.getLogger(__name__)

SEMITONES_PER_PITCH_STEP = 1 / 12.5  # the user's pitch 0-99 moves a piper voice by -4..+4 semitones
LEAD_IN_S = 0.05  # silence kept before the first sound (piper starts with ~0.1-0.2 s of it)
PEAK = 0.9  # piper normalises each sentence to full scale; a little headroom for the resampling


class PiperUnavailable(RuntimeError):
    """piper-tts or the voice model cannot be loaded here."""


@dataclass(frozen=True)
class RenderParams:
    """Everything about a piper voice that changes the audio (part of the cache key)."""
    model: str
    length_scale: float
    noise_scale: float | None
    noise_w: float | None
    pitch_ratio: float
    volume: float

    def as_dict(self) -> dict:
        return {"model": self.model, "length_scale": round(self.length_scale, 4),
                "noise_scale": self.noise_scale, "noise_w": self.noise_w,
                "pitch_ratio": round(self.pitch_ratio, 4), "volume": self.volume,
                "lead_in_s": LEAD_IN_S, "peak": PEAK}


def render_params(voice: VoiceSettings) -> RenderParams:
    model, variant = parse_piper_id(voice.voice)
    semitones = (variant.semitones if variant else 0.0) + (voice.pitch - NEUTRAL_PITCH) * SEMITONES_PER_PITCH_STEP
    ratio = 2.0 ** (semitones / 12.0)
    pace = (variant.pace if variant else 1.0) * NEUTRAL_RATE / max(60, voice.rate)
    return RenderParams(model=model or DEFAULT_PIPER_MODEL, length_scale=pace * ratio,
                        noise_scale=variant.noise_scale if variant else None,
                        noise_w=variant.noise_w if variant else None, pitch_ratio=ratio,
                        volume=max(0.0, min(1.0, voice.volume)))


def shift_pitch(audio: np.ndarray, ratio: float) -> np.ndarray:
    """Band-limited resampling to len/ratio samples (FFT): played at the same rate, pitch goes up by
    `ratio` (down when < 1). Content above the new Nyquist frequency is dropped, not aliased."""
    if abs(ratio - 1.0) < 1e-3 or len(audio) < 2:
        return audio
    pad = 512  # silence around it, so the FFT's wrap-around joins silence to silence
    padded = np.concatenate([np.zeros(pad, np.float32), audio, np.zeros(pad, np.float32)])
    n = len(padded)
    m = max(2, int(round(n / ratio)))
    spectrum = np.fft.rfft(padded)
    bins = m // 2 + 1
    if bins <= len(spectrum):
        spectrum = spectrum[:bins]
    else:
        spectrum = np.concatenate([spectrum, np.zeros(bins - len(spectrum), spectrum.dtype)])
    out = np.fft.irfft(spectrum, m) * (m / n)
    cut = int(round(pad / ratio))
    return out[cut:len(out) - cut].astype(np.float32)


def load_voice(model_path: Path) -> Any:
    """A PiperVoice for the .onnx file (its .onnx.json beside it). The one place piper is imported;
    tests replace it to play a machine without piper."""
    from piper import PiperVoice

    return PiperVoice.load(model_path)


class PiperEngine:
    """The process's piper thread and its loaded voices (use `engine()`)."""

    def __init__(self, loader: Callable[[Path], Any] | None = None):
        self._loader = loader
        self._voices: dict[str, Any] = {}
        self._failures: dict[str, str] = {}
        self._jobs: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    # -- any thread -------------------------------------------------------
    def submit(self, job: Callable[[], Any]) -> Future:
        """Run `job` on the piper thread; its result or exception lands in the Future."""
        future: Future = Future()
        self._ensure_thread()
        self._jobs.put((job, future))
        return future

    def warm_up(self, model: str = DEFAULT_PIPER_MODEL) -> Future:
        """Future[bool]: load the model in the background (True once it is loaded)."""
        def load() -> bool:
            self._voice(model)
            return True
        return self.submit(load)

    def failure(self, model: str = DEFAULT_PIPER_MODEL) -> str | None:
        """Why the model could not be loaded (it is not tried again), or None."""
        return self._failures.get(model)

    def loaded(self, model: str = DEFAULT_PIPER_MODEL) -> bool:
        return model in self._voices

    # -- the piper thread -------------------------------------------------
    def render_file(self, text: str, voice: VoiceSettings, path: Path) -> Path:
        """Speak `text` into a WAV file at `path` (written to a temporary name, then moved).
        Call on the piper thread only (through `submit`)."""
        params = render_params(voice)
        audio, rate = self.synthesize(text, params)
        tmp = path.with_name(f".{path.stem}.{os.getpid()}.{threading.get_ident()}.tmp.wav")
        try:
            write_wav(tmp, audio, rate)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
        return path

    def synthesize(self, text: str, params: RenderParams) -> tuple[np.ndarray, int]:
        """float32 mono samples and their sample rate."""
        from piper import SynthesisConfig

        piper_voice = self._voice(params.model)
        config = SynthesisConfig(length_scale=params.length_scale, noise_scale=params.noise_scale,
                                 noise_w_scale=params.noise_w, volume=1.0)
        chunks = [chunk.audio_float_array for chunk in piper_voice.synthesize(text, syn_config=config)]
        if not chunks:
            raise RuntimeError(f"piper produced no audio for {text[:40]!r}")
        rate = int(piper_voice.config.sample_rate)
        # Sentences joined with a short pause, as piper's own WAV writer does not add one.
        gap = np.zeros(int(0.15 * rate), np.float32)
        audio = np.concatenate([x for i, chunk in enumerate(chunks) for x in ((gap, chunk) if i else (chunk,))])
        audio = shift_pitch(audio, params.pitch_ratio)
        audio = trim_lead_in(audio, rate)
        peak = float(np.max(np.abs(audio))) if len(audio) else 0.0
        if peak > 1e-6:
            audio = audio * (PEAK * params.volume / peak)
        return audio.astype(np.float32), rate

    def _voice(self, model: str) -> Any:
        if model in self._voices:
            return self._voices[model]
        if model in self._failures:
            raise PiperUnavailable(self._failures[model])
        try:
            path = piper_model_path(model)
            if path is None:
                raise PiperUnavailable(f"the piper voice {model!r} is not installed")
            loader = self._loader or load_voice
            self._voices[model] = loader(path)
        except Exception as error:  # noqa: BLE001 - any load failure means "no natural voice"
            reason = str(error) if isinstance(error, PiperUnavailable) else (
                f"piper-tts is not installed ({error})" if isinstance(error, ImportError)
                else f"the piper voice {model!r} could not be loaded ({type(error).__name__}: {error})")
            self._failures[model] = reason
            log.warning("natural voice unavailable: %s", reason)
            raise PiperUnavailable(reason) from error
        log.info("piper voice %s loaded", model)
        return self._voices[model]

    def _ensure_thread(self) -> None:
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="erbsim-tts-piper", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            job, future = self._jobs.get()
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(job())
            except BaseException as error:  # noqa: BLE001 - handed to the waiter
                future.set_exception(error)


def trim_lead_in(audio: np.ndarray, rate: int) -> np.ndarray:
    """Drop the silence before the first sound but LEAD_IN_S (the question starts sooner)."""
    if not len(audio):
        return audio
    loud = np.nonzero(np.abs(audio) > 0.01 * float(np.max(np.abs(audio))))[0]  # keeps a soft "h" of "Who"
    if not len(loud):
        return audio
    start = max(0, int(loud[0]) - int(LEAD_IN_S * rate))
    return audio[start:]


def write_wav(path: Path, audio: np.ndarray, rate: int) -> None:
    samples = (np.clip(audio, -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())


_ENGINE: PiperEngine | None = None
_ENGINE_LOCK = threading.Lock()


def engine() -> PiperEngine:
    """The process's one piper engine (created, not started, on first use)."""
    global _ENGINE
    with _ENGINE_LOCK:
        if _ENGINE is None:
            _ENGINE = PiperEngine()
        return _ENGINE
