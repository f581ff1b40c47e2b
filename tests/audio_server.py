"""A real PulseAudio server with a virtual microphone and speaker, for tests.

Set-up as in shared/speech/virtual-audio.md:

- source ``vmic`` (16 kHz mono) is the microphone the app records from; a
  test plays speech into it in real time with ``paplay -d vmic_in FILE``;
- sink ``vspeaker`` is where the app plays; a test hears what came out with
  ``parec -d vspeaker_loop``.

``ensure_sound_server()`` must run before anything imports QtMultimedia or
creates a QApplication: Qt does not reconnect to a sound server started later.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

MIC = "vmic"
MIC_SINK = "vmic_in"
SPEAKER = "vspeaker"
SPEAKER_MONITOR = "vspeaker_loop"

_MODULES = (
    "module-null-source source_name=mic_clock rate=16000 channels=1 max_latency_msec=20",
    f"module-virtual-source source_name={MIC} master=mic_clock uplink_sink={MIC_SINK}",
    "module-null-source source_name=spk_clock rate=48000 channels=2 max_latency_msec=20",
    f"module-virtual-source source_name={SPEAKER_MONITOR} master=spk_clock uplink_sink={SPEAKER}",
)

_started_pid: int | None = None


def pactl(*args: str, check: bool = True, timeout: float = 10) -> str:
    result = subprocess.run(["pactl", *args], capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise RuntimeError(f"pactl {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def _has_virtual_devices() -> bool:
    if shutil.which("pactl") is None:
        return False
    try:
        sources = pactl("list", "short", "sources", check=False, timeout=3)
        sinks = pactl("list", "short", "sinks", check=False, timeout=3)
    except (subprocess.TimeoutExpired, OSError):
        return False
    source_names = {line.split("\t")[1] for line in sources.splitlines() if "\t" in line}
    sink_names = {line.split("\t")[1] for line in sinks.splitlines() if "\t" in line}
    return {MIC, SPEAKER_MONITOR} <= source_names and {MIC_SINK, SPEAKER} <= sink_names


def ensure_sound_server() -> None:
    """Make a PulseAudio server with vmic/vspeaker reachable through os.environ."""
    global _started_pid
    if _has_virtual_devices():
        _set_defaults()
        return
    if shutil.which("pulseaudio") is None or shutil.which("pactl") is None:
        raise RuntimeError(
            "PulseAudio is not installed: the speech tests need a real sound server with a "
            "virtual microphone. Install the Debian packages pulseaudio pulseaudio-utils alsa-utils."
        )
    root = Path(tempfile.mkdtemp(prefix="erbsim-pulse-"))
    run_dir, cfg_dir = root / "run", root / "cfg"
    run_dir.mkdir()
    cfg_dir.mkdir()
    run_dir.chmod(0o700)
    # Qt and every child process (paplay, parec, pactl) find the server here.
    os.environ["XDG_RUNTIME_DIR"] = str(run_dir)
    os.environ.pop("PULSE_SERVER", None)
    env = dict(os.environ, XDG_CONFIG_HOME=str(cfg_dir))
    command = [
        "pulseaudio", "-n", "--daemonize=yes", "--exit-idle-time=-1", "--disallow-exit=yes",
        "--use-pid-file=yes", "--resample-method=soxr-vhq", f"--log-target=file:{root / 'pulse.log'}",
        "-L", "module-native-protocol-unix auth-anonymous=1",
    ]
    for module in _MODULES:
        command += ["-L", module]
    subprocess.run(command, env=env, check=True, timeout=30)
    deadline = time.monotonic() + 15
    while subprocess.run(["pactl", "info"], capture_output=True).returncode != 0:
        if time.monotonic() > deadline:
            log = (root / "pulse.log").read_text(errors="replace")[-2000:] if (root / "pulse.log").exists() else ""
            raise RuntimeError(f"PulseAudio did not start; log tail:\n{log}")
        time.sleep(0.02)
    pid_file = run_dir / "pulse" / "pid"
    if pid_file.exists():
        _started_pid = int(pid_file.read_text().strip())
        atexit.register(_stop, _started_pid, root)
        # atexit does not run when the test process crashes (a segfault in Qt):
        # a detached watchdog stops the server once this process is gone.
        subprocess.Popen(
            ["sh", "-c", f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 1; done; "
                         f"kill {_started_pid} 2>/dev/null; rm -rf '{root}'"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
    _set_defaults()


def _set_defaults() -> None:
    pactl("set-default-source", MIC)
    pactl("set-default-sink", SPEAKER)


def _stop(pid: int, root: Path) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    shutil.rmtree(root, ignore_errors=True)


def load_extra_mic(name: str) -> int:
    """A second virtual microphone `name` (played into through sink `name`_in); returns the module index."""
    clock = f"{name}_clock"
    clock_index = int(pactl("load-module", "module-null-source", f"source_name={clock}",
                            "rate=16000", "channels=1", "max_latency_msec=20").strip())
    index = int(pactl("load-module", "module-virtual-source", f"source_name={name}",
                      f"master={clock}", f"uplink_sink={name}_in").strip())
    _extra_clocks[index] = clock_index
    return index


_extra_clocks: dict[int, int] = {}


def unload_module(index: int) -> None:
    pactl("unload-module", str(index))


def unload_extra_mic(index: int) -> None:
    pactl("unload-module", str(index), check=False)
    clock = _extra_clocks.pop(index, None)
    if clock is not None:
        pactl("unload-module", str(clock), check=False)
