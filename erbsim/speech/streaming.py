"""Transcribe an answer while it is being spoken.

`StreamingTranscriber.feed()` takes 16 kHz mono samples as they arrive from
the microphone. A simple energy voice-activity detector cuts the stream at
pauses into chunks of `min_chunk`..`max_chunk` seconds; each completed chunk is
transcribed on a background thread while recording goes on, with the text so
far as the prompt so that context carries across chunks, and its word timings
are shifted to the start of the whole answer. When the answer ends only the
last chunk is left, so `finish()` returns the full transcript quickly.

Chunks are long (12-24 s) on purpose: with tiny.en each chunk costs about the
same (the encoder always sees a 30 s window), and fewer cuts mean fewer words
lost or garbled at the seams; measured on the dev set, 4-12 s chunks made WER
worse than whole-file transcription, 12-24 s chunks did not.

Where the chunks are cut depends only on the audio, never on timing, so a
streamed answer is transcribed the same way however fast it is fed.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

import numpy as np

from .transcription import SAMPLE_RATE, Transcriber, Transcript, merge

log = logging.getLogger(__name__)

FRAME = 480  # 30 ms at 16 kHz


class StreamingTranscriber:
    def __init__(self, transcriber: Transcriber, *, min_chunk: float = 12.0, max_chunk: float = 24.0,
                 min_pause: float = 0.36, context_words: int = 20,
                 on_update: Callable[[Transcript], None] | None = None):
        self.transcriber = transcriber
        self.min_chunk = int(min_chunk * SAMPLE_RATE)
        self.max_chunk = int(max_chunk * SAMPLE_RATE)
        self.pause_frames = max(1, int(min_pause * SAMPLE_RATE / FRAME))
        self.context_words = context_words
        self.on_update = on_update
        self._buffer = np.zeros(0, dtype=np.float32)  # current chunk (not yet cut)
        self._chunk_start = 0  # absolute sample index of _buffer[0]
        self._frame_rms: list[float] = []  # rms of each whole frame of _buffer
        self._all_rms: list[float] = []  # every frame of the answer, for the speech level
        self._level = 0.0
        self._fed = 0
        self._parts: list[Transcript] = []
        self._errors: list[BaseException] = []
        self._jobs: queue.Queue = queue.Queue()
        self._finished = False
        self._cancelled = False
        self._lock = threading.Lock()
        self._worker = threading.Thread(target=self._run, name="erbsim-stream-asr", daemon=True)
        self._worker.start()

    # -- feeding ------------------------------------------------------------
    def feed(self, samples: np.ndarray) -> None:
        if self._finished:
            raise RuntimeError("feed() after finish()")
        samples = np.asarray(samples)
        if samples.dtype == np.int16:
            samples = samples.astype(np.float32) / 32768.0
        samples = samples.astype(np.float32, copy=False).reshape(-1)
        if not len(samples):
            return
        done_frames = len(self._frame_rms)
        self._buffer = np.concatenate([self._buffer, samples])
        self._fed += len(samples)
        whole = len(self._buffer) // FRAME
        if whole > done_frames:
            frames = self._buffer[done_frames * FRAME: whole * FRAME].reshape(-1, FRAME)
            rms = np.sqrt(np.mean(frames * frames, axis=1)).tolist()
            self._frame_rms.extend(rms)
            self._all_rms.extend(rms)
            if len(self._all_rms) % 16 < len(rms) or self._level == 0.0:
                self._level = float(np.percentile(self._all_rms, 90))
            self._cut_if_ready()

    def _threshold(self) -> float:
        return max(0.003, 0.1 * self._level)

    def _cut_if_ready(self) -> None:
        while True:
            rms = self._frame_rms
            threshold = self._threshold()
            cut = None
            # A pause: the last `pause_frames` frames silent, after at least min_chunk of audio.
            n = len(rms)
            if n * FRAME >= self.min_chunk:
                run = 0
                for i in range(n):
                    run = run + 1 if rms[i] < threshold else 0
                    if run >= self.pause_frames:
                        candidate = (i + 1 - run + self.pause_frames // 2) * FRAME
                        if candidate >= self.min_chunk:
                            cut = candidate
                            break
            if cut is None and n * FRAME >= self.max_chunk:
                # No pause long enough: cut at the quietest moment of the last 3 s.
                window = np.convolve(np.asarray(rms), np.ones(5) / 5, mode="same")
                lo = max(n - int(3 * SAMPLE_RATE / FRAME), 1)
                cut = (lo + int(np.argmin(window[lo:n]))) * FRAME
            if cut is None:
                return
            self._emit(self._buffer[:cut], self._chunk_start, rms[: cut // FRAME])
            self._buffer = self._buffer[cut:]
            self._chunk_start += cut
            self._frame_rms = rms[cut // FRAME:]

    def _emit(self, chunk: np.ndarray, start: int, rms: list[float]) -> None:
        if not rms or max(rms) < self._threshold():
            return  # silence only: nothing to transcribe (and nothing for Whisper to invent)
        self._jobs.put((chunk.copy(), start / SAMPLE_RATE))

    # -- results ------------------------------------------------------------
    @property
    def duration(self) -> float:
        return self._fed / SAMPLE_RATE

    @property
    def chunks(self) -> int:
        """How many chunks have been transcribed so far."""
        return len(self._parts)

    def partial(self) -> Transcript:
        with self._lock:
            return merge(list(self._parts), duration=self.duration)

    def finish(self, timeout: float | None = None) -> Transcript:
        """Transcribe what is left and return the whole answer's transcript."""
        if not self._finished:
            self._finished = True
            rms = self._frame_rms
            threshold = self._threshold()
            # Trim trailing silence (keep 0.2 s) so the last chunk is as short as it can be.
            last = max((i for i, r in enumerate(rms) if r >= threshold), default=-1)
            end = min(len(self._buffer), (last + 1 + int(0.2 * SAMPLE_RATE / FRAME)) * FRAME)
            if last < 0 and len(self._buffer) % FRAME:
                end = 0
            tail_rms = rms[: end // FRAME] or ([float(np.sqrt(np.mean(self._buffer ** 2)))] if end else [])
            if end:
                self._emit(self._buffer[:end], self._chunk_start, tail_rms)
            self._jobs.put(None)
        self._worker.join(timeout)
        if self._worker.is_alive():
            raise TimeoutError("transcription did not finish in time")
        if self._errors:
            raise self._errors[0]
        return self.partial()

    def cancel(self) -> None:
        self._cancelled = True
        self._finished = True
        self._jobs.put(None)

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None or self._cancelled:
                return
            chunk, offset = job
            with self._lock:
                context = " ".join(" ".join(p.text for p in self._parts).split()[-self.context_words:])
            try:
                part = self.transcriber.transcribe(chunk, prompt=context or None, offset=offset)
            except BaseException as error:  # noqa: BLE001 - reported by finish()
                log.exception("chunk transcription failed")
                self._errors.append(error)
                continue
            with self._lock:
                self._parts.append(part)
            if self.on_update:
                try:
                    self.on_update(self.partial())
                except Exception:  # noqa: BLE001
                    log.exception("on_update callback failed")
