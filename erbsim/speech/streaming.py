"""Transcribe an answer while it is being spoken.

`StreamingTranscriber.feed()` takes 16 kHz mono samples as they arrive from
the microphone. A simple energy voice-activity detector finds pauses (at
least `min_pause` of silence) and cuts the stream at one into a chunk once
`min_chunk` seconds have gathered (at the quietest moment of the last 3 s if
`max_chunk` is reached without a pause). Each chunk is transcribed on a
background thread while recording goes on, with the end of the text so far
as the prompt so that context carries across chunks, and its word timings
are shifted to the start of the whole answer.

Chunks are long (12-24 s) for accuracy: every cut is a seam where words get
lost or garbled. Fed the whole dev set as one answer, 12-24 s chunks gave
5.3 % WER (Whisper-normalised) against 6.0-6.2 % for each clip transcribed
on its own; 6-12 s chunks gave 6.6 %, 4-24 s 6.8 %, 8-24 s 8.3 %.

Long chunks alone leave up to 24 s of audio for `finish()`, and a tiny.en
call is not cheap even for a few words: every call encodes a full 30 s
window (0.2-0.5 s on the shared 2-core machine); a 4.8 s piece took 0.7 s
there, a 20 s one about a second. So the stream looks ahead: at every pause
that does not cut a chunk, the audio gathered since the last cut, up to that
pause, is transcribed speculatively on the same background thread (only the
newest pause is worth it: a request that is overtaken by another pause or a
cut, or during whose wait the speaker went on, is dropped). An answer ends
in silence (the candidate stops talking, then clicks), so by the time
`finish()` is called the speculative transcript up to the last pause is
usually there, and `finish()` only transcribes what was said after that
pause (`remainder_s`): nothing, when the answer ended in a pause. An answer
cut off mid-word costs one call on the words since the last pause. The
speculative text also serves as the live caption.

The price is CPU time while the candidate speaks: one Whisper call per pause
that does not cut a chunk, about three times the Whisper time of the chunks
alone (the bench's 3.5-minute answer: 35 speculative calls beside 14 chunks,
the thread busy for 14 % of the answer on the moderately loaded machine).

Where the audio is split depends only on the audio, never on timing: the
final transcript is the chunks, then the audio up to the last pause, then
the remainder, whichever speculative runs happened to finish in time (one
that did not is done by `finish()`, giving the same text, later).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable

import numpy as np

from .transcription import SAMPLE_RATE, Transcriber, Transcript, merge

log = logging.getLogger(__name__)

FRAME = 480  # 30 ms at 16 kHz


class StreamingTranscriber:
    def __init__(self, transcriber: Transcriber, *, min_chunk: float = 12.0, max_chunk: float = 24.0,
                 min_pause: float = 0.36, context_words: int = 20, look_ahead: bool = True,
                 on_update: Callable[[Transcript], None] | None = None):
        self.transcriber = transcriber
        self.min_chunk = int(min_chunk * SAMPLE_RATE)
        self.max_chunk = int(max_chunk * SAMPLE_RATE)
        self.pause_frames = max(1, int(min_pause * SAMPLE_RATE / FRAME))
        self.context_words = context_words
        self.look_ahead = look_ahead
        self.on_update = on_update
        self._buffer = np.zeros(0, dtype=np.float32)  # current chunk (not yet cut)
        self._chunk_start = 0  # absolute sample index of _buffer[0]
        self._frame_rms: list[float] = []  # rms of each whole frame of _buffer
        self._all_rms: list[float] = []  # every frame of the answer, for the speech level
        self._level = 0.0
        self._fed = 0
        self._pause = 0  # the last pause in _buffer (samples from its start), 0 if none
        self._spoken = 0  # absolute sample index where the last loud frame ends
        self._parts: list[Transcript] = []
        self._errors: list[BaseException] = []
        self._jobs: queue.Queue = queue.Queue()
        self._wanted: tuple[int, int] | None = None  # the speculative run still worth doing (absolute samples)
        self._ahead: tuple[int, int, Transcript] | None = None  # its result
        self._finished = False
        self._cancelled = False
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._queued = 0  # jobs put and not yet done
        self.remainder_s = 0.0  # audio after the last pause, transcribed by finish() (set by finish())
        self.finish_audio_s = 0.0  # audio finish() had to transcribe after the answer ended
        self.finish_calls = 0  # Whisper calls made after the answer ended
        self.look_ahead_calls = 0  # speculative Whisper calls made
        self.busy_s = 0.0  # seconds spent in Whisper calls
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
            threshold = self._threshold()
            loud = next((k for k in range(len(rms) - 1, -1, -1) if rms[k] >= threshold), None)
            if loud is not None:
                self._spoken = self._chunk_start + (done_frames + loud + 1) * FRAME
            self._cut_if_ready()

    def _threshold(self) -> float:
        return max(0.003, 0.1 * self._level)

    def _cut_if_ready(self) -> None:
        while True:
            rms = self._frame_rms
            threshold = self._threshold()
            cut = None
            last_pause = 0
            # A pause: `pause_frames` silent frames; it cuts after at least min_chunk of audio.
            n = len(rms)
            run = 0
            for i in range(n):
                run = run + 1 if rms[i] < threshold else 0
                if run == self.pause_frames:
                    candidate = (i + 1 - run + self.pause_frames // 2) * FRAME
                    if candidate >= self.min_chunk:
                        cut = candidate
                        break
                    last_pause = candidate
            if cut is None and n * FRAME >= self.max_chunk:
                # No pause long enough: cut at the quietest moment of the last 3 s.
                window = np.convolve(np.asarray(rms), np.ones(5) / 5, mode="same")
                lo = max(n - int(3 * SAMPLE_RATE / FRAME), 1)
                cut = (lo + int(np.argmin(window[lo:n]))) * FRAME
            if cut is None:
                if last_pause > self._pause:
                    self._pause = last_pause
                    self._look_ahead()
                return
            self._emit(self._buffer[:cut], self._chunk_start, rms[: cut // FRAME])
            self._buffer = self._buffer[cut:]
            self._chunk_start += cut
            self._frame_rms = rms[cut // FRAME:]
            self._pause = 0
            with self._lock:
                self._wanted = None

    def _has_speech(self, rms: list[float]) -> bool:
        return bool(rms) and max(rms) >= self._threshold()

    def _emit(self, chunk: np.ndarray, start: int, rms: list[float]) -> None:
        if not self._has_speech(rms):
            return  # silence only: nothing to transcribe (and nothing for Whisper to invent)
        self._put(("chunk", start, chunk.copy(), False, 0))

    def _look_ahead(self) -> None:
        """Ask for the audio up to the newest pause to be transcribed in the background."""
        if not self.look_ahead or not self._has_speech(self._frame_rms[: self._pause // FRAME]):
            return
        span = (self._chunk_start, self._chunk_start + self._pause)
        with self._lock:
            self._wanted = span
        self._put(("ahead", span[0], self._buffer[: self._pause].copy(), False, self._spoken))

    def _put(self, job: tuple) -> None:
        with self._lock:
            self._queued += 1
        self._jobs.put(job)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until every transcription asked for so far (speculative ones too) is done;
        False on timeout. For tests and benchmarks: the app never needs to wait."""
        with self._idle:
            return self._idle.wait_for(lambda: self._queued == 0, timeout)

    # -- results ------------------------------------------------------------
    @property
    def duration(self) -> float:
        return self._fed / SAMPLE_RATE

    @property
    def chunks(self) -> int:
        """How many pieces of the answer have been transcribed so far."""
        return len(self._parts)

    def partial(self) -> Transcript:
        """The transcript so far, including the latest speculative piece (for live captions)."""
        with self._lock:
            parts = list(self._parts)
            if self._ahead is not None and self._wanted is not None and self._ahead[:2] == self._wanted:
                parts.append(self._ahead[2])
            return merge(parts, duration=self.duration)

    def finish(self, timeout: float | None = None) -> Transcript:
        """Transcribe what is left and return the whole answer's transcript."""
        if not self._finished:
            self._finished = True
            rms = self._frame_rms
            threshold = self._threshold()
            # Trim trailing silence (keep 0.2 s) so the last piece is as short as it can be.
            last = max((i for i, r in enumerate(rms) if r >= threshold), default=-1)
            end = min(len(self._buffer), (last + 1 + int(0.2 * SAMPLE_RATE / FRAME)) * FRAME)
            if last < 0 and len(self._buffer) % FRAME:
                end = 0
            tail_rms = rms[: end // FRAME] or ([float(np.sqrt(np.mean(self._buffer ** 2)))] if end else [])
            split = self._pause if self.look_ahead and self._has_speech(rms[: self._pause // FRAME]) else 0
            with self._lock:
                # Only the speculative run up to the last pause is still wanted (it may be running now).
                self._wanted = (self._chunk_start, self._chunk_start + split) if split else None
            if split:
                # The piece up to the last pause: its speculative result if there is one, else transcribed now.
                self._put(("adopt", self._chunk_start, self._buffer[:split].copy(), True, 0))
            rest_rms = rms[split // FRAME: end // FRAME] if split else tail_rms
            if end > split and self._has_speech(rest_rms):
                self.remainder_s = (end - split) / SAMPLE_RATE
                self._put(("chunk", self._chunk_start + split, self._buffer[split:end].copy(), True, 0))
            self._jobs.put(None)
        self._worker.join(timeout)
        if self._worker.is_alive():
            raise TimeoutError("transcription did not finish in time")
        if self._errors:
            raise self._errors[0]
        with self._lock:
            return merge(list(self._parts), duration=self.duration)

    def cancel(self) -> None:
        self._cancelled = True
        self._finished = True
        self._jobs.put(None)

    def _context(self) -> str | None:
        with self._lock:
            words = " ".join(p.text for p in self._parts).split()[-self.context_words:]
        return " ".join(words) or None

    def _transcribe(self, chunk: np.ndarray, start: int, after_end: bool) -> Transcript:
        began = time.perf_counter()
        part = self.transcriber.transcribe(chunk, prompt=self._context(), offset=start / SAMPLE_RATE)
        self.busy_s += time.perf_counter() - began
        if after_end:
            self.finish_calls += 1
            self.finish_audio_s += len(chunk) / SAMPLE_RATE
        return part

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None or self._cancelled:
                return
            try:
                self._do(job)
            finally:
                with self._idle:
                    self._queued -= 1
                    self._idle.notify_all()

    def _do(self, job: tuple) -> None:
        # after_end: asked for by finish(); spoken: where speech had got to when it was asked for
        kind, start, chunk, after_end, spoken = job
        span = (start, start + len(chunk))
        try:
            if kind == "ahead":
                with self._lock:
                    if span != self._wanted or (not self._finished and self._spoken > spoken):
                        # A chunk was cut meanwhile, or the speaker went on talking while this waited:
                        # a later pause will be wanted instead (or, if the answer ends first, finish()
                        # does this one).
                        return
                part = self._transcribe(chunk, start, False)
                self.look_ahead_calls += 1
                with self._lock:
                    if span == self._wanted:
                        self._ahead = (span[0], span[1], part)
            else:
                with self._lock:
                    ahead = self._ahead if self._ahead and self._ahead[:2] == span else None
                part = ahead[2] if ahead else self._transcribe(chunk, start, after_end)
                with self._lock:
                    self._parts.append(part)
                    self._ahead = None
        except BaseException as error:  # noqa: BLE001 - reported by finish()
            log.exception("chunk transcription failed")
            if kind != "ahead":  # a failed speculative run is done again by finish()
                self._errors.append(error)
            return
        if self.on_update:
            try:
                self.on_update(self.partial())
            except Exception:  # noqa: BLE001
                log.exception("on_update callback failed")
