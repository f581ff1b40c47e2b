"""`erbsim selftest`: a short scripted defense through the real paths, offscreen.

Spoken questions (the board's voices rendered to a WAV, played by QtMultimedia),
capture from the default input, streaming transcription, storage in a throwaway
data folder. A watchdog timer on the GUI thread measures the longest event-loop
stall. How soon each question is heard is timed from its draw to its first
sound at the speaker (erbsim.devtools.heard), with a speech cache of its own, so
nothing comes from an earlier run: the first question is rendered when drawn,
the others were rendered while the candidate answered. Prints JSON.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_APP = None  # the QApplication of the run (see run_selftest)


class StallWatch:
    """Fires every few ms on the GUI thread; the longest gap beyond the interval is a stall."""

    def __init__(self, interval_ms: int = 5):
        from PySide6.QtCore import Qt, QTimer

        self.interval = interval_ms / 1000
        self.longest = 0.0
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last - self.interval)
        self._last = now


def _wait(condition, timeout: float) -> bool:
    from erbsim.ui.bridge import process_events_until

    return process_events_until(condition, timeout, poll=0.002)  # finer than the 5 ms watchdog


def _median(values: list[float | None]) -> float | None:
    known = sorted(v for v in values if v is not None)
    if not known:
        return None
    middle = len(known) // 2
    return known[middle] if len(known) % 2 else round((known[middle - 1] + known[middle]) / 2, 3)


def run_selftest(seconds: float = 12.0, questions: int = 2, answer_audio: str | None = None,
                 answer_sink: str = "vmic_in") -> dict:
    t0 = time.perf_counter()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false")
    work = Path(tempfile.mkdtemp(prefix="erbsim-selftest-"))
    from erbsim.core.paths import HOME_ENV

    os.environ[HOME_ENV] = str(work)  # the speech cache too: nothing rendered by an earlier run

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from erbsim.core.store import Store
    from erbsim.ui.main_window import MainWindow
    from erbsim.ui.services import Services
    from erbsim.ui.settings_store import SettingsStore

    global _APP
    # Held by the module, not by this function: when the function returns, its
    # windows must not outlive the application object they were made under.
    _APP = QApplication.instance() or QApplication(sys.argv[:1])
    watch = StallWatch()
    services = Services(SettingsStore(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat)),
                        data_dir=work / "data")
    window = MainWindow(services)
    window.show()
    _wait(lambda: window.isVisible(), 5)
    _APP.processEvents()
    launch_ms = (time.perf_counter() - t0) * 1000
    _wait(lambda: services.model_fraction >= 1 or services.model_fraction < -1, 120)
    model_ms = (time.perf_counter() - t0) * 1000
    # The board's natural voice loads after the speech model, then the first question is rendered
    # ahead (erbsim.ui.first_question), all while a person reads the home page.
    _wait(lambda: services.voice.warmed_up, 60)
    voice_ms = (time.perf_counter() - t0) * 1000
    rendered_ahead: list[str] = []
    services.voice.prepared.connect(rendered_ahead.append)
    window.home.follow_ups_spin.setValue(0)
    _wait(lambda: bool(rendered_ahead), 5)

    from erbsim.devtools.heard import SpeakerListener

    listener = SpeakerListener(services.voice)
    spoken: list[str] = []
    services.voice.spoken.connect(spoken.append)
    watch.start()  # stalls are measured over the scripted defense, after start-up
    started = time.perf_counter()
    window.home.start_button.click()
    _wait(lambda: window.controller is not None, 10)
    controller = window.controller
    first = controller.session.current_turn
    first_heard = listener.heard_after(first.text, started) if first is not None else None
    first_prepared = first is not None and first.text in rendered_ahead
    heard: list[float | None] = []
    prepared = 0
    saved: list[int] = []
    controller.transcript_saved.connect(saved.append)
    per_answer = seconds / max(1, questions)
    for number in range(questions):
        _wait(lambda number=number: len(spoken) > number or not services.voice.enabled, 30)
        controller.toggle_answer()  # Space
        player = None
        if answer_audio:
            player = subprocess.Popen(["paplay", "-d", answer_sink, answer_audio])
        _wait(lambda: False, per_answer)
        if player is not None:
            _wait(lambda player=player: player.poll() is not None, 60)
        controller.toggle_answer()
        _wait(lambda number=number: len(saved) > number, 30)
        if number + 1 < questions:
            upcoming = controller.session.peek_next()
            prepared += upcoming is not None and services.voice.is_prepared(upcoming.text, upcoming.seat)
            drawn = time.perf_counter()
            controller.apply(controller.session.next_question())
            turn = controller.session.current_turn
            heard.append(listener.heard_after(turn.text, drawn))
    listener.close()
    controller.end("finished")
    _wait(lambda: window.controller is None, 10)
    watch.stop()
    window.close()
    window.deleteLater()  # while the event loop can still run its clean-up
    _wait(lambda: False, 0.2)
    with Store(data_root=work / "data") as store:
        (session,) = store.list_sessions()
        turns = store.get_turns(session.id)
    return {
        "questions_asked": len(turns),
        "answers_recorded": sum(1 for t in turns if t.audio_path and (work / "data" / t.audio_path).exists()),
        "transcript_words": sum(len((t.transcript_text or "").split()) for t in turns),
        "questions_spoken": len(spoken),
        # draw -> first sound; the first question is rendered when drawn, the others ahead
        "first_question_heard_s": first_heard,
        "first_question_prepared_before_drawn": first_prepared,
        "question_heard_s": _median(heard),
        "question_heard_s_max": max((h for h in heard if h is not None), default=None),
        "questions_prepared_before_drawn": f"{prepared} of {len(heard)}",
        "heard_by": listener.method,
        "longest_gui_stall_ms": round(watch.longest * 1000, 1),
        "launch_to_window_ms": round(launch_ms, 1),
        "model_ready_ms": round(model_ms, 1),
        "voice_ready_ms": round(voice_ms, 1),
        "speech_model": services.transcriber.model_name,
        "data_dir": str(work / "data"),
    }
