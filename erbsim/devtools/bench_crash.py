"""`erbsim bench crash`: kill the real app mid-answer, restart it, recover, measure.

Each run, in a fresh data folder: start the app (`python -m erbsim bench
crash-child`, the app's own start-up, `erbsim.ui.app.run_app`, offscreen, with
a driver that starts a defense and an answer), play speech into the virtual
microphone, SIGKILL the app at a seeded random moment while the speech plays,
decode what the recording holds, start the app again, resume the interrupted
defense, wait for the cut answer's transcript, end the defense, and check the
database. Prints JSON: `max_loss_s` (seconds the microphone fed the recording
before the kill minus seconds that decode after it), `integrity_failures`
(PRAGMA integrity_check, and the session's and turns' rows), `recovered`
(offered, resumed, the cut answer transcribed).

Needs a PulseAudio server with the virtual microphone `vmic` (played into
through sink `vmic_in`), as in shared/speech/virtual-audio.md: if none is
reachable, the bench starts a private one and stops it at the end.
"""

from __future__ import annotations

import json
import os
import random
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MIC, MIC_SINK = "vmic", "vmic_in"
TARGET_LOSS_S = 1.0
CHILD_TIMEOUT_S = 180.0


# -- the sound server -------------------------------------------------------------------

def _has_virtual_mic(env: dict) -> bool:
    if shutil.which("pactl") is None:
        return False
    try:
        sinks = subprocess.run(["pactl", "list", "short", "sinks"], capture_output=True, text=True, timeout=5,
                               env=env).stdout
        sources = subprocess.run(["pactl", "list", "short", "sources"], capture_output=True, text=True, timeout=5,
                                 env=env).stdout
    except (OSError, subprocess.TimeoutExpired):
        return False
    names = {line.split("\t")[1] for line in (sinks + sources).splitlines() if "\t" in line}
    return {MIC, MIC_SINK} <= names


def _start_sound_server(root: Path) -> tuple[dict, int | None]:
    """A private PulseAudio with the virtual microphone; returns the environment and its pid."""
    if shutil.which("pulseaudio") is None or shutil.which("pactl") is None:
        raise SystemExit("erbsim bench crash needs a PulseAudio server with the virtual microphone vmic "
                         "(shared/speech/virtual-audio.md), or the Debian packages pulseaudio pulseaudio-utils "
                         "to start its own.")
    run_dir, cfg_dir = root / "pulse-run", root / "pulse-cfg"
    run_dir.mkdir()
    cfg_dir.mkdir()
    run_dir.chmod(0o700)
    env = dict(os.environ, XDG_RUNTIME_DIR=str(run_dir), XDG_CONFIG_HOME=str(cfg_dir))
    env.pop("PULSE_SERVER", None)
    subprocess.run([
        "pulseaudio", "-n", "--daemonize=yes", "--exit-idle-time=-1", "--disallow-exit=yes", "--use-pid-file=yes",
        f"--log-target=file:{root / 'pulse.log'}", "-L", "module-native-protocol-unix auth-anonymous=1",
        "-L", "module-null-source source_name=mic_clock rate=16000 channels=1 max_latency_msec=20",
        "-L", f"module-virtual-source source_name={MIC} master=mic_clock uplink_sink={MIC_SINK}",
        "-L", "module-null-sink sink_name=vspeaker",
    ], env=env, check=True, timeout=30)
    deadline = time.monotonic() + 15
    while subprocess.run(["pactl", "info"], capture_output=True, env=env).returncode != 0:
        if time.monotonic() > deadline:
            raise SystemExit("the private PulseAudio server did not start (see its log in " + str(root) + ")")
        time.sleep(0.05)
    subprocess.run(["pactl", "set-default-source", MIC], env=env, check=True)
    subprocess.run(["pactl", "set-default-sink", "vspeaker"], env=env, check=True)
    pid_file = run_dir / "pulse" / "pid"
    return env, int(pid_file.read_text().strip()) if pid_file.exists() else None


# -- the app, driven (the child process) ----------------------------------------------------

def _say(**fields) -> None:
    print(json.dumps(fields), flush=True)


def _wait(condition, timeout: float) -> bool:
    from erbsim.ui.bridge import process_events_until

    return process_events_until(condition, timeout, poll=0.01)


def _drive_record(app, window, services) -> None:
    """Start a defense and an answer, say when the microphone records, then run until killed."""
    _wait(lambda: services.model_fraction >= 1 or services.model_fraction < -1, 120)
    spoken: list[str] = []
    services.voice.spoken.connect(spoken.append)
    window.home.follow_ups_spin.setValue(0)
    window.home.start_button.click()
    if not _wait(lambda: window.controller is not None, 20):
        _say(event="error", message="the defense did not start")
        return
    controller = window.controller
    _wait(lambda: bool(spoken) or not services.voice.enabled, 30)
    controller.toggle_answer()
    if not _wait(lambda: services.recorder.is_recording, 10):
        _say(event="error", message="the answer did not start recording")
        return
    _say(event="recording", at=time.monotonic(), session=controller.session_id)


def _drive_resume(app, window, services) -> None:
    """Resume the interrupted defense, wait for the cut answer's transcript, end it, report, quit."""

    report: dict = {"event": "resumed", "offered": False, "resumed": False, "transcribed": False}
    recovered: list[int] = []
    window.recovery.answer_recovered.connect(lambda _session, turn: recovered.append(turn))
    report["offered"] = _wait(lambda: window.home.interrupted_frame.isVisibleTo(window.home), 30)
    if report["offered"]:
        window.home.resume_button.click()
        report["resumed"] = _wait(lambda: window.controller is not None, 30)
    if report["resumed"]:
        report["transcribed"] = _wait(lambda: bool(recovered), 120)
        window.controller.end("finished")
        table = window.summary.table
        shown = _wait(lambda: window.stack.currentWidget() is window.summary and table.rowCount() > 0
                      and table.item(0, 4) is not None and table.item(0, 4).text() != "…", 60)
        if shown:
            report["summary_duration"] = table.item(0, 3).text()
            report["summary_words"] = table.item(0, 4).text()
        report["recovered_turns"] = recovered
    _say(**report)
    window.close()


def child(data_dir: Path, phase: str) -> int:
    from erbsim.ui.app import run_app

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return run_app(["erbsim"], data_dir=data_dir, driver=_drive_record if phase == "record" else _drive_resume,
                   welcome=False)


# -- the bench (the parent) -------------------------------------------------------------------

def _read_event(process: subprocess.Popen, timeout: float) -> dict | None:
    """The child's next JSON line on stdout, or None (timeout or exit)."""
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
                return None
            line = process.stdout.readline()
            if not line:
                return None
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                continue  # something else printed on stdout
            if isinstance(event, dict) and "event" in event:
                return event
    return None


def _child(data: Path, phase: str, env: dict, log) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "erbsim", "bench", "crash-child", "--data-dir", str(data),
                             "--phase", phase], env=env, stdout=subprocess.PIPE, stderr=log, text=True)


def _check_store(data: Path, decoded_s: float) -> tuple[list[str], dict]:
    """Integrity problems of the database after the recovery, and what it holds of the cut answer."""
    from erbsim.core.store import Store

    problems: list[str] = []
    with Store(data_root=data) as store:
        problems += [f"integrity_check: {line}" for line in store.integrity_check() if line != "ok"]
        sessions = store.list_sessions()
        if len(sessions) != 1:
            return problems + [f"{len(sessions)} sessions instead of 1"], {}
        session = sessions[0]
        if session.status != "finished":
            problems.append(f"the session is {session.status}, not finished")
        turns = store.get_turns(session.id)
        if [t.position for t in turns] != list(range(1, len(turns) + 1)):
            problems.append("turn positions are not 1..n")
        if not turns:
            return problems + ["no turns"], {}
        cut = turns[0]
        if not cut.audio_path or not store.audio_file(cut.audio_path).is_file():
            problems.append("the cut answer has no recording")
        if cut.answer_started_s is None or cut.answer_ended_s is None:
            problems.append("the cut answer has no start or end time")
        elif abs((cut.answer_ended_s - cut.answer_started_s) - decoded_s) > 0.05:
            problems.append(f"the cut answer lasts {cut.answer_duration_s:.2f} s; its recording {decoded_s:.2f} s")
        for turn in turns:
            if turn.answer_ended_s is not None and turn.answer_started_s is not None \
                    and turn.answer_ended_s < turn.answer_started_s:
                problems.append(f"turn {turn.position} ends before it starts")
        return problems, {"cut_answer_s": cut.answer_duration_s, "transcript_words": len((cut.text or "").split())}


def _row_after_kill(data: Path) -> dict:
    """What the killed app left in its turn row (read-only: the recovery is the restarted app's)."""
    from erbsim.core.store import Store

    with Store(data_root=data) as store:
        sessions = store.list_sessions()
        turns = store.get_turns(sessions[0].id) if sessions else []
        first = turns[0] if turns else None
        return {"status": sessions[0].status if sessions else None,
                "audio_path_saved": bool(first and first.audio_path),
                "answer_started_saved": bool(first and first.answer_started_s is not None)}


def one_run(index: int, rng: random.Random, clip: Path, clip_s: float, env: dict, work: Path) -> dict:
    from erbsim.speech.recording import decodable_seconds

    root = work / f"run-{index + 1}"
    data, config = root / "data", root / "config"
    config.mkdir(parents=True)
    run_env = dict(env, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(config),
                   QT_LOGGING_RULES="qt.multimedia.symbolsresolver=false")
    run_env.pop("ERBSIM_HOME", None)
    detail: dict = {"run": index + 1}
    kill_after = rng.uniform(1.0, max(1.5, clip_s - 0.5))  # while the speech plays
    with open(root / "app.log", "w") as log:
        app = _child(data, "record", run_env, log)
        try:
            event = _read_event(app, CHILD_TIMEOUT_S)
            if event is None or event.get("event") != "recording":
                detail["error"] = (event or {}).get("message", "the app did not start recording")
                return detail
            recording_at = float(event["at"])
            player = subprocess.Popen(["paplay", "-d", MIC_SINK, str(clip)], env=run_env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            played_at = time.monotonic()
            time.sleep(max(0.0, played_at + kill_after - time.monotonic()))
            app.send_signal(signal.SIGKILL)
            killed_at = time.monotonic()
            app.wait(10)
            player.terminate()
            player.wait(10)
        finally:
            if app.poll() is None:
                app.kill()
                app.wait(10)
        files = sorted((data / "recordings").glob("*/answer-001.opus"))
        decoded = decodable_seconds(files[0]) if files else 0.0
        mic_s = killed_at - recording_at
        detail.update(kill_after_speech_s=round(kill_after, 3), recorded_before_kill_s=round(mic_s, 3),
                      decodable_s=round(decoded, 3), loss_s=round(mic_s - decoded, 3), **_row_after_kill(data))
        again = _child(data, "resume", run_env, log)
        try:
            report = _read_event(again, CHILD_TIMEOUT_S) or {}
            again.wait(60)
        finally:
            if again.poll() is None:
                again.kill()
                again.wait(10)
    detail.update(offered=bool(report.get("offered")), resumed=bool(report.get("resumed")),
                  transcribed=bool(report.get("transcribed")), summary_duration=report.get("summary_duration"),
                  summary_words=report.get("summary_words"))
    problems, held = _check_store(data, decoded)
    if not (detail["audio_path_saved"] and detail["answer_started_saved"]):
        problems.append("the killed app's turn row lacks the audio path or the start time")
    detail.update(held, integrity_problems=problems)
    return detail


def run(runs: int, clip: Path, seed: int | None = None, keep: bool = False) -> dict:
    import soundfile as sf

    seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
    clip = Path(clip)
    if not clip.is_file():
        raise SystemExit(f"no speech clip at {clip}: pass --clip WAV (16 kHz mono speech)")
    clip_s = sf.info(str(clip)).duration
    rng = random.Random(seed)
    work = Path(tempfile.mkdtemp(prefix="erbsim-bench-crash-"))
    env = dict(os.environ)
    pulse_pid = None
    if not _has_virtual_mic(env):
        env, pulse_pid = _start_sound_server(work)
    details = []
    try:
        for index in range(runs):
            details.append(one_run(index, rng, clip, clip_s, env, work))
    finally:
        if pulse_pid is not None:
            try:
                os.kill(pulse_pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    losses = [d["loss_s"] for d in details if "loss_s" in d]
    failures = sum(1 for d in details if "error" in d or d.get("integrity_problems"))
    recovered = {key: sum(1 for d in details if d.get(key)) for key in ("offered", "resumed", "transcribed")}
    result = {
        "runs": runs,
        "seed": seed,
        "clip": clip.name,
        "max_loss_s": round(max(losses), 3) if len(losses) == runs else None,
        "mean_loss_s": round(sum(losses) / len(losses), 3) if losses else None,
        "integrity_failures": failures,
        "recovered": recovered,
        "targets": {"max_loss_s": TARGET_LOSS_S, "integrity_failures": 0, "recovered": runs},
        "details": details,
    }
    if keep:
        result["work_dir"] = str(work)
    result["targets_met"] = (result["max_loss_s"] is not None and result["max_loss_s"] <= TARGET_LOSS_S
                             and failures == 0 and all(v == runs for v in recovered.values()))
    return result
