"""Board voices: text to WAV with pyttsx3 on one dedicated thread.

pyttsx3 (espeak-ng on Linux, SAPI5 on Windows, NSSS on macOS) is not safe to
use from two threads: with 2.99 on Linux two threads initialising espeak hang.
So one worker thread creates the engine and does every call on it; callers get
a `concurrent.futures.Future` for the rendered file. Rendered audio is cached
under `cache_dir()/speech`, keyed by a hash of the text and the voice settings;
`espeak_driver` makes sure a file depends on nothing else (not on the voice
rendered before it, not on the machine's speed).

Voices whose id begins ``piper:`` (VoiceSettings.engine == "piper") are rendered
by the natural voice engine instead (`piper_engine`, its own thread). When piper
or its voice is missing, or a piper render fails, the same text is rendered with
the espeak-ng voice that stands in for that piper voice
(`voices.fallback_voice`); why is logged and `fallback_reason` says it in one
sentence for the user.

Nothing here imports Qt: the UI wraps the futures into signals and plays the
file with `erbsim.ui.audio.playback`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import queue
import re
import sys
import threading
from concurrent.futures import Future, wait
from pathlib import Path

from erbsim.core.paths import cache_dir

from . import espeak_driver
from .voices import VoiceSettings, fallback_voice, natural_voices_available

log = logging.getLogger(__name__)

CACHE_VERSION = 3  # bump when rendering changes so old files are not reused
RENDER_LIMIT_S = 60.0  # longest wait for the engine to finish one file


class SpeechUnavailable(RuntimeError):
    """No text-to-speech engine works here; show questions as text only."""


_DOTTED_NAME = re.compile(r"(?<=[A-Za-z])\.(?=[A-Za-z])")


def speakable(text: str) -> str:
    """The text as it should be read aloud: one line, and a dot inside a name ("Ele.me") is a pause,
    not the word "dot"."""
    return _DOTTED_NAME.sub(" ", " ".join(text.split()))


def cache_key(text: str, voice: VoiceSettings) -> str:
    """The file name of a rendering: text, engine, every voice setting, and for piper voices the
    parameters the variant renders with (so retuning a variant never replays old audio)."""
    payload: dict = {"v": CACHE_VERSION, "text": text, "voice": voice.key(), "engine": voice.engine,
                     "platform": sys.platform}
    if voice.engine == "piper":
        from .piper_engine import render_params  # numpy: only once a piper voice is asked for

        payload["piper"] = render_params(voice).as_dict()
        del payload["platform"]  # piper renders the same everywhere
    payload_text = json.dumps(payload, sort_keys=True)
    return hashlib.sha256(payload_text.encode("utf-8")).hexdigest()[:32]


class _EngineThread:
    """The one thread in the process that owns a pyttsx3 engine (one per driver).

    espeak-ng keeps global state in the process: two engines on two threads
    crash or hang it (seen as a segfault in a Qt test run with two
    synthesizers alive). So every SpeechSynthesizer hands its work to this
    thread, which lives as long as the process.
    """

    def __init__(self, driver: str | None):
        self.driver = driver
        self.jobs: queue.Queue = queue.Queue()
        self.ready = threading.Event()
        self.reason: str | None = None
        self.voices: list = []
        self.wait_idle: espeak_driver.WaitIdle = lambda timeout: None  # set once the engine runs
        self.thread = threading.Thread(target=self._run, name="erbsim-tts", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        engine = None
        try:
            engine = self._start_engine()
        except Exception as error:  # noqa: BLE001 - any engine failure means "no voices"
            self.reason = (f"Spoken questions are off: no text-to-speech engine works here ({error}). "
                           "Questions will be shown as text.")
            log.warning(self.reason)
        self.ready.set()
        while True:
            owner, text, voice, path, future = self.jobs.get()
            try:
                if not future.set_running_or_notify_cancel():
                    continue
                if owner.closed:
                    future.set_exception(RuntimeError("speech synthesizer is closed"))
                elif engine is None:
                    future.set_exception(SpeechUnavailable(self.reason))
                else:
                    owner._render(engine, text, voice, path)
                    future.set_result(path)
            except Exception as error:  # noqa: BLE001
                if not future.done():
                    future.set_exception(error)
            finally:
                owner._done(path)

    def _start_engine(self):
        import pyttsx3

        engine = pyttsx3.init(self.driver) if self.driver else pyttsx3.init()
        # The espeak driver prints "Audio saved to ..." to stdout after each file,
        # which would corrupt `erbsim ... --json` output: route it to the log.
        for name, module in list(sys.modules.items()):
            if name.startswith("pyttsx3.drivers.") and hasattr(module, "buildDriver"):
                vars(module)["print"] = lambda *args, **kwargs: log.debug(" ".join(map(str, args)))
        self.wait_idle = espeak_driver.prepare(engine)
        self.voices = engine.getProperty("voices") or []
        return engine


_ENGINES: dict[str | None, _EngineThread] = {}
_ENGINES_LOCK = threading.Lock()


def _engine_thread(driver: str | None) -> _EngineThread:
    with _ENGINES_LOCK:
        if driver not in _ENGINES:
            _ENGINES[driver] = _EngineThread(driver)
        return _ENGINES[driver]


class SpeechSynthesizer:
    """Renders text to WAV files through the process's one text-to-speech thread.

    `render(text, voice)` returns a Future[Path]; a cached file resolves at once.
    `available(timeout)` says whether an engine could be started; if not,
    `unavailable_reason` is a sentence for the user and every render fails with
    SpeechUnavailable. Each synthesizer has its own cache folder; they all share
    the engine thread (see _EngineThread).
    """

    def __init__(self, cache_folder: Path | None = None, *, driver: str | None = None):
        self._cache = Path(cache_folder) if cache_folder else cache_dir() / "speech"
        self._cache.mkdir(parents=True, exist_ok=True)
        self._engine = _engine_thread(driver)
        self.closed = False
        self._lock = threading.Lock()
        self._pending: dict[Path, Future] = {}
        # One sentence for the user when a natural (piper) voice could not speak and espeak-ng did.
        self.fallback_reason: str | None = None

    # -- public API -------------------------------------------------------
    @property
    def cache_folder(self) -> Path:
        return self._cache

    def available(self, timeout: float | None = 10.0) -> bool:
        """True when the natural voices can be used, or once the espeak engine started; False if
        neither works or espeak did not start within `timeout`."""
        if self._natural_usable():
            return True
        if not self._engine.ready.wait(timeout):
            return False
        return self._engine.reason is None

    @property
    def unavailable_reason(self) -> str | None:
        if self._natural_usable() or not self._engine.ready.is_set():
            return None
        return self._engine.reason

    def warm_up(self) -> Future:
        """Future[bool]: load the natural voice model in the background, so the first question does
        not wait for it. True once loaded; False when there are no natural voices here or the model
        cannot be loaded (then `fallback_reason` says so, and espeak-ng speaks)."""
        result: Future = Future()
        if not natural_voices_available():
            result.set_result(False)
            return result
        from . import piper_engine

        def loaded(done: Future) -> None:
            error = done.exception()
            if error is not None:
                self.fallback_reason = self._fallback_sentence(str(error))
            result.set_result(error is None)

        piper_engine.engine().warm_up().add_done_callback(loaded)
        return result

    @staticmethod
    def _natural_usable() -> bool:
        if not natural_voices_available():
            return False
        from . import piper_engine

        return piper_engine.engine().failure() is None

    @property
    def _voices(self) -> list:
        return self._engine.voices

    def cached_path(self, text: str, voice: VoiceSettings) -> Path:
        """Where `render(text, voice)` puts (or finds) its file."""
        return self._cache / f"{cache_key(speakable(text), voice)}.wav"

    def render(self, text: str, voice: VoiceSettings) -> Future:
        """Future[Path] of a WAV file with `text` spoken in `voice`."""
        text = speakable(text)
        future: Future = Future()
        if not text:
            future.set_exception(ValueError("nothing to say: the text is empty"))
            return future
        path = self.cached_path(text, voice)
        if path.exists() and path.stat().st_size > 44:
            future.set_result(path)
            return future
        if voice.engine == "piper":
            return self._render_piper(text, voice, path, future)
        with self._lock:
            if self.closed:
                future.set_exception(RuntimeError("speech synthesizer is closed"))
                return future
            if self._engine.ready.is_set() and self._engine.reason is not None:
                future.set_exception(SpeechUnavailable(self._engine.reason))
                return future
            if path in self._pending:  # same question asked twice before the first render ended
                return self._pending[path]
            self._pending[path] = future
        self._engine.jobs.put((self, text, voice, path, future))
        return future

    def _render_piper(self, text: str, voice: VoiceSettings, path: Path, future: Future) -> Future:
        if not natural_voices_available():
            return self._fall_back(text, voice, "piper-tts or its voice is not installed", future)
        from . import piper_engine

        piper = piper_engine.engine()
        if piper.failure() is not None:
            return self._fall_back(text, voice, piper.failure() or "", future)
        with self._lock:
            if self.closed:
                future.set_exception(RuntimeError("speech synthesizer is closed"))
                return future
            if path in self._pending:
                return self._pending[path]
            self._pending[path] = future

        def job() -> None:
            try:
                if not future.set_running_or_notify_cancel():
                    return
                if self.closed:
                    future.set_exception(RuntimeError("speech synthesizer is closed"))
                    return
                try:
                    piper.render_file(text, voice, path)
                except Exception as error:  # noqa: BLE001 - any piper failure: espeak speaks instead
                    self._fall_back(text, voice, str(error) or type(error).__name__, future, running=True)
                    return
                future.set_result(path)
            finally:
                self._done(path)

        piper.submit(job)
        return future

    def _fall_back(self, text: str, voice: VoiceSettings, why: str, future: Future, *,
                   running: bool = False) -> Future:
        """Render `text` with the espeak-ng voice standing in for `voice`; the result goes to `future`."""
        stand_in = fallback_voice(voice)
        reason = self._fallback_sentence(why)
        if reason != self.fallback_reason:
            log.warning("piper voice %s falls back to espeak-ng %s: %s", voice.voice, stand_in.voice, why)
        self.fallback_reason = reason
        inner = self.render(text, stand_in)
        if not running and not future.set_running_or_notify_cancel():
            inner.cancel()
            return future

        def copy(done: Future) -> None:
            if future.done():
                return
            if done.cancelled():
                future.set_exception(RuntimeError("the espeak-ng stand-in render was cancelled"))
            elif done.exception() is not None:
                future.set_exception(done.exception())
            else:
                future.set_result(done.result())

        inner.add_done_callback(copy)
        return future

    @staticmethod
    def _fallback_sentence(why: str) -> str:
        why = why.rstrip(".").replace("(", "- ").replace(")", "")
        return f"The natural board voices cannot be used here ({why}), so the board speaks with espeak-ng voices."

    def _done(self, path: Path) -> None:
        with self._lock:
            self._pending.pop(path, None)

    def close(self, timeout: float = 5.0) -> None:
        """Stop taking work; what is queued fails rather than hang its waiters."""
        with self._lock:
            if self.closed:
                return
            self.closed = True
            pending = list(self._pending.values())
        for future in pending:
            future.cancel()  # queued work; a render already running cannot be cancelled
        # A render already running finishes; wait for it so its file is complete.
        wait(pending, timeout=timeout)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _select_voice(self, engine, voice: VoiceSettings) -> None:
        try:
            engine.setProperty("voice", voice.voice)
            return
        except Exception:  # noqa: BLE001 - not an espeak name on this engine
            pass
        english = [v for v in self._voices
                   if any("en" in str(lang).lower() for lang in (v.languages or []))
                   or "english" in (v.name or "").lower()] or list(self._voices)
        if voice.gender:
            same = [v for v in english if (getattr(v, "gender", "") or "").lower() == voice.gender]
            english = same or english
        if english:
            choice = english[int(cache_key(voice.voice, voice), 16) % len(english)]
            engine.setProperty("voice", choice.id)

    def _render(self, engine, text: str, voice: VoiceSettings, path: Path) -> None:
        # Settings reach espeak through its queue, except the voice, which changes at
        # once: never while espeak still works on anything (see espeak_driver).
        self._engine.wait_idle(RENDER_LIMIT_S)
        self._select_voice(engine, voice)
        engine.setProperty("rate", int(voice.rate))
        engine.setProperty("volume", float(voice.volume))
        try:
            engine.setProperty("pitch", int(voice.pitch))
        except Exception:  # noqa: BLE001 - SAPI5/NSSS have no pitch property
            pass
        tmp = path.with_name(f".{path.stem}.{os.getpid()}.{threading.get_ident()}.tmp.wav")
        # An engine that ends without writing the file is asked again.
        for attempt in range(3):
            tmp.unlink(missing_ok=True)
            engine.save_to_file(text, str(tmp))
            engine.runAndWait()
            # espeak writes the file from its own thread, and runAndWait() can return before.
            self._engine.wait_idle(RENDER_LIMIT_S)
            if tmp.exists() and tmp.stat().st_size > 44:
                os.replace(tmp, path)
                return
            log.warning("text-to-speech wrote no audio (attempt %d) for %r", attempt + 1, text[:40])
        tmp.unlink(missing_ok=True)
        raise RuntimeError(f"the text-to-speech engine produced no audio for {text[:40]!r}")
