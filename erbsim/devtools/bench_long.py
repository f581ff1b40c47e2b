"""`erbsim bench long`: a whole defense in real time, watched for leaks and clock drift.

The real app, offscreen, as `erbsim selftest` drives it (MainWindow, Services,
the board's voices, recording and streaming transcription, the store's
thread), for the full budget (45 minutes by default): the board asks, the
candidate answers for a few minutes each (one answer runs past the soft limit
so the board warns and cuts in), the board follows up, warns at 10, 5 and 1
minutes and calls time. When the virtual microphone is there (sink
`--answer-sink`), speech clips given by argument are played into it in a loop
while answering; otherwise the answers are recorded silence.

Every few seconds, on the GUI thread: the process's resident memory, threads
and open file descriptors, and the board's clock (DefenseSession.remaining_s)
against an independent reference: the budget minus time.monotonic() since the
Start button was clicked (drift = |expected - shown|), and the clock label
the candidate sees against the same reference (its text is whole seconds, so
its lag is how far the reference lies outside the second the label shows).
Prints JSON; `--trace FILE` keeps every sample (JSON lines) to find what grew.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

WARMUP_S = 5 * 60  # memory growth is judged from minute 5 (or a third of a shorter run) to the end
# Answer lengths of a 45-minute run (seconds), in turn: one runs past the 3-minute soft
# limit and the 45 s the board waits after it, so the board warns and cuts in.
ANSWER_PLAN_S = (150, 235, 120, 180, 100, 200)
CLOCK_TARGET_MS = 100.0


@dataclass
class Sample:
    t_s: float  # seconds since the Start button, by the reference clock
    rss_mb: float
    threads: int
    fds: int
    remaining_s: float  # the board's clock
    expected_s: float  # the reference: budget - (monotonic now - monotonic at Start)
    drift_ms: float
    label: str  # the clock as the candidate sees it
    label_lag_ms: float
    phase: str


def process_figures() -> tuple[float, int, int]:
    """Resident memory (MB), threads and open file descriptors of this process."""
    try:
        import psutil
    except ImportError:
        psutil = None
    if psutil is not None:
        me = psutil.Process()
        return me.memory_info().rss / 2**20, me.num_threads(), me.num_fds()
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.split()
    return int(fields["VmRSS"][0]) / 1024, int(fields["Threads"][0]), len(os.listdir("/proc/self/fd"))


def label_lag_s(label: str, expected_s: float) -> float:
    """How far `expected_s` lies outside the second the clock label shows (0 when inside).
    The label shows ceil(s) counting down ("44:59" for 44:58.2 .. 44:59.0) and, in overtime,
    "-M:SS" for floor(-s)."""
    text = label.strip()
    negative = text.startswith("-")
    minutes, _, seconds = text.lstrip("-").partition(":")
    whole = int(minutes) * 60 + int(seconds)
    low, high = (-whole - 1, -whole) if negative else (whole - 1, whole)
    if expected_s < low:
        return low - expected_s
    if expected_s > high:
        return expected_s - high
    return 0.0


def speech_clips(paths: list[str]) -> list[Path]:
    """WAV files from the arguments (files, or folders whose .wav files are taken in name order)."""
    clips: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            clips.extend(sorted(path.glob("*.wav")))
        elif path.exists():
            clips.append(path)
        else:
            raise FileNotFoundError(f"no such clip or folder: {item}")
    return clips


def sink_present(sink: str) -> bool:
    if shutil.which("paplay") is None or shutil.which("pactl") is None:
        return False
    try:
        result = subprocess.run(["pactl", "list", "short", "sinks"], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return any(line.split("\t")[1:2] == [sink] for line in result.stdout.splitlines())


def answer_lengths(minutes: float) -> itertools.cycle:
    """A few minutes each in a 45-minute run; scaled down (8 s at least) for a short one."""
    scale = min(1.0, minutes / 45)
    return itertools.cycle([max(8.0, s * scale) for s in ANSWER_PLAN_S])


class Speaker:
    """Plays the clips into the virtual microphone one after another while an answer runs."""

    def __init__(self, clips: list[Path], sink: str):
        self._clips = itertools.cycle(clips) if clips else None
        self._sink = sink
        self._player: subprocess.Popen | None = None
        self.played = 0

    def keep_playing(self) -> None:
        if self._clips is None or (self._player is not None and self._player.poll() is None):
            return
        if self._player is not None:
            self._player.wait()
        self._player = subprocess.Popen(["paplay", "-d", self._sink, str(next(self._clips))],
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        self.played += 1

    def silence(self) -> None:
        player, self._player = self._player, None
        if player is not None and player.poll() is None:
            player.terminate()
        if player is not None:
            player.wait(timeout=10)


def _wait(condition, timeout: float) -> bool:
    from erbsim.ui.bridge import process_events_until

    return process_events_until(condition, timeout, poll=0.002)  # finer than the 5 ms stall watch


def run(minutes: int = 45, clips: list[Path] | None = None, sink: str = "vmic_in", every_s: float = 5.0,
        trace: Path | None = None, seed: int = 12, log=lambda message: None) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false")
    work = Path(tempfile.mkdtemp(prefix="erbsim-bench-long-"))

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from erbsim.core.store import Store
    from erbsim.devtools.selftest import StallWatch
    from erbsim.ui.main_window import MainWindow
    from erbsim.ui.services import Services
    from erbsim.ui.settings_store import SettingsStore

    speaking = bool(clips) and sink_present(sink)
    speaker = Speaker(list(clips or []) if speaking else [], sink)
    _app = QApplication.instance() or QApplication(sys.argv[:1])  # kept for the whole run
    services = Services(SettingsStore(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat)),
                        data_dir=work / "data")
    window = MainWindow(services)
    window.show()
    _wait(lambda: window.isVisible(), 5)
    _wait(lambda: services.model_fraction >= 1 or services.model_fraction < -1, 180)

    budget_s = minutes * 60
    window.home.minutes_spin.setValue(minutes)
    window.home.follow_ups_spin.setValue(1)
    spoken: list[str] = []
    services.voice.spoken.connect(spoken.append)
    samples: list[Sample] = []
    trace_file = trace.open("w") if trace is not None else None
    watch = StallWatch()
    started: list[float] = []

    def sample() -> None:
        controller = window.controller
        if controller is None or not started:
            return
        rss, threads, fds = process_figures()
        now = time.monotonic()
        shown = controller.session.remaining_s()
        expected = controller.session.config.budget_s - (now - started[0])
        label = controller.view.clock_label.text()
        item = Sample(round(now - started[0], 3), round(rss, 2), threads, fds, round(shown, 4), round(expected, 4),
                      round(abs(expected - shown) * 1000, 3), label, round(label_lag_s(label, expected) * 1000, 1),
                      controller.session.status)
        samples.append(item)
        if trace_file is not None:
            trace_file.write(json.dumps(asdict(item)) + "\n")
            trace_file.flush()

    # Every `every_s` on average, jittered so that samples fall at every phase of the clock's
    # 100 ms tick and of the label's second (a fixed 5 s period would always land at the same one).
    sampler = QTimer()
    sampler.setSingleShot(True)
    jitter = random.Random(seed + 1)

    def sample_and_rearm() -> None:
        sample()
        sampler.start(round(every_s * 1000 * jitter.uniform(0.8, 1.2)))

    sampler.timeout.connect(sample_and_rearm)

    warnings: list[str] = []
    run_defense = window._run
    bounds: list[float] = []

    def timed_run(plan, scores) -> None:
        # The engine reads its clock once, at its start, inside this call: the reference
        # takes the call's midpoint (off by at most half the call; reported).
        bounds.append(time.monotonic())
        run_defense(plan, scores)
        bounds.append(time.monotonic())
        started.append((bounds[0] + bounds[1]) / 2)

    window._run = timed_run
    window.home.start_button.click()
    _wait(lambda: window.controller is not None, 10)
    controller = window.controller
    if controller is None:
        raise RuntimeError("the defense did not start")
    session = controller.session
    show_warning = controller.view.show_warning

    def record_warning(text: str, urgent: bool = False) -> None:
        warnings.append(text)
        show_warning(text, urgent=urgent)

    controller.view.show_warning = record_warning  # every warning the board shows, counted as it is shown
    saved: list[int] = []
    controller.transcript_saved.connect(saved.append)
    watch.start()
    sampler.start(round(every_s * 1000))
    sample()
    lengths = answer_lengths(minutes)
    rng = random.Random(seed)
    answers = 0
    log(f"defense started: {budget_s} s, {'speech into ' + sink if speaking else 'silent answers'}")
    while session.remaining_s() > 0 and window.controller is controller:
        asked = session.current_turn.text if session.current_turn is not None else ""
        # The candidate listens to the question before answering (the board's voice, if any).
        _wait(lambda asked=asked: asked in spoken or not services.voice.enabled or session.remaining_s() <= 0, 60)
        if session.remaining_s() <= 0:
            break
        controller.toggle_answer()  # Space
        answers += 1
        length = next(lengths) * rng.uniform(0.9, 1.1)
        answer_start = time.monotonic()
        log(f"answer {answers} ({'follow-up' if session.current_turn.is_follow_up else 'question'}), "
            f"{length:.0f} s, {session.remaining_s():.0f} s left")

        def answering(answer_start=answer_start, length=length) -> bool:
            speaker.keep_playing()
            return time.monotonic() - answer_start >= length or session.remaining_s() <= 0.5

        _wait(answering, length + 5)
        if session.remaining_s() <= 0.5:
            # Time runs out mid-answer: the candidate talks on until the board calls time.
            def called_time() -> bool:
                speaker.keep_playing()
                return any(w.startswith("Time is up") for w in warnings)

            _wait(called_time, 10)
        speaker.silence()
        controller.toggle_answer()  # Space: the answer ends
        # The next question after the transcript is in, so the board reads the answer first.
        _wait(lambda answers=answers: len(saved) >= answers or session.remaining_s() <= 0, 60)
        if session.remaining_s() <= 0:
            break
        controller.apply(session.next_question())  # N
    _wait(lambda: any(w.startswith("Time is up") for w in warnings), 10)
    sample()
    sampler.stop()
    watch.stop()
    board_s = session.elapsed_s()
    controller.end("finished")  # Esc, then "End"
    _wait(lambda: window.controller is None, 20)
    _wait(lambda: len(saved) >= answers, 60)  # the last answer's transcript
    window.close()
    if trace_file is not None:
        trace_file.close()
    with Store(data_root=work / "data") as store:
        (stored,) = store.list_sessions()
        detail = store.get_session(stored.id)
    turns, events = detail.turns, detail.events
    return report(samples, minutes=minutes, board_s=board_s, reference_ms=(bounds[1] - bounds[0]) * 500,
                  answers=answers, turns=turns, warnings=warnings,
                  stall_ms=watch.longest * 1000, speaking=speaking, clips_played=speaker.played,
                  interruptions=sum(1 for e in events if e.kind == "interruption"),
                  data_dir=work / "data")


def report(samples: list[Sample], *, minutes: int, board_s: float, reference_ms: float, answers: int, turns,
           warnings: list[str], stall_ms: float, speaking: bool, clips_played: int, interruptions: int,
           data_dir: Path) -> dict:
    if not samples:
        raise RuntimeError("no samples were taken")
    end_t = samples[-1].t_s
    warmup_s = min(WARMUP_S, end_t / 3)
    after_warmup = [s for s in samples if s.t_s >= warmup_s] or samples[-1:]
    first, last = samples[0], samples[-1]
    drift = max(s.drift_ms for s in samples)
    return {
        "minutes": minutes,
        "board_clock_s": round(board_s, 1),
        "samples": len(samples),
        "sample_every_s": round(end_t / (len(samples) - 1), 1) if len(samples) > 1 else None,
        "rss_start_mb": round(first.rss_mb, 1),
        "rss_end_mb": round(last.rss_mb, 1),
        "rss_max_mb": round(max(s.rss_mb for s in samples), 1),
        "rss_growth_mb": round(last.rss_mb - first.rss_mb, 1),
        "warmup_s": round(warmup_s, 1),
        "rss_growth_after_warmup_mb": round(last.rss_mb - after_warmup[0].rss_mb, 1),
        "max_clock_drift_ms": round(drift, 3),
        "clock_reference_uncertainty_ms": round(reference_ms, 3),
        "clock_within_target": drift <= CLOCK_TARGET_MS,
        "max_clock_label_lag_ms": round(max(s.label_lag_ms for s in samples), 1),
        "threads_start": first.threads,
        "threads_end": last.threads,
        "threads_max": max(s.threads for s in samples),
        "fds_start": first.fds,
        "fds_end": last.fds,
        "fds_growth": last.fds - first.fds,
        "answers": answers,
        "answers_recorded": sum(1 for t in turns if t.audio_path and (data_dir / t.audio_path).exists()),
        "questions_asked": len(turns),
        "follow_ups_asked": sum(1 for t in turns if t.is_follow_up),
        "transcribed_words": sum(len((t.transcript_text or "").split()) for t in turns),
        "speech_into_microphone": speaking,
        "clips_played": clips_played,
        "board_warnings": len(warnings),
        "warnings": [w[:80] for w in warnings],
        "board_cut_ins": interruptions,
        "longest_gui_stall_ms": round(stall_ms, 1),
        "data_dir": str(data_dir),
    }
