"""`erbsim bench startup`: seconds from launching the real app to an interactive home window.

Each run launches the app (this Python's `-m erbsim`, or a built bundle's program with
`--executable`) offscreen on a throwaway data folder, with READY_PROBE_ENV set: the app then
prints a mark as each start-up phase ends (erbsim.core.startup.mark) and closes itself once
the home window has painted and its event loop is idle. A run's time is from just before the
launch to the "ready" mark; `phases` gives the median seconds of each phase, from the mark
before it (the first from the launch: the interpreter and the imports).

One launch before the timed runs is not counted: it warms the disk cache and lets Python
cache the bytecode of the checkout (as it does on any user's first start; the bundle and an
installed wheel ship it compiled), so the runs measure a start as people see it every day.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from erbsim.core.startup import CPU_PREFIX, MARK_PREFIX, READY_PROBE_ENV

NO_WELCOME = "--no-welcome"  # the first-run welcome would sit in front of home: never in a bench
TIMEOUT_S = 120


class StartupFailed(Exception):
    """The app did not reach its home window; the message holds the end of its stderr."""


def app_command(executable: str | None) -> list[str]:
    """How to launch the app: the bundle's program, or this Python's `-m erbsim`;
    with --no-welcome when that program has it (so no welcome opens in front of home)."""
    command = [executable] if executable else [sys.executable, "-m", "erbsim"]
    if executable:
        try:
            usage = subprocess.run([executable, "--help"], capture_output=True, text=True, timeout=TIMEOUT_S).stdout
        except OSError as error:
            raise StartupFailed(f"{executable} cannot be run: {error.strerror or error}") from error
    else:
        from erbsim.cli.parser import build_parser

        usage = build_parser().format_help()
    return command + ([NO_WELCOME] if NO_WELCOME in usage else [])


def launch_once(command: list[str]) -> tuple[float, float, dict[str, float]]:
    """One launch: (seconds to the ready mark, CPU seconds the app used until then,
    {phase: seconds} in the order the marks came)."""
    with tempfile.TemporaryDirectory(prefix="erbsim-startup-") as home:
        env = dict(os.environ, ERBSIM_HOME=home, XDG_CONFIG_HOME=home, QT_QPA_PLATFORM="offscreen",
                   **{READY_PROBE_ENV: "1"})
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's Python caches bytecode; see the docstring
        launched = time.time()
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=TIMEOUT_S, cwd=home)
    marks = [(parts[1], float(parts[2])) for parts in (line.split() for line in result.stdout.splitlines())
             if len(parts) == 3 and parts[0] == MARK_PREFIX]
    if not marks or marks[-1][0] != "ready":
        raise StartupFailed(f"{' '.join(command)} exited with {result.returncode} before its home window was "
                            f"ready:\n{result.stderr[-2000:]}")
    phases, previous = {}, launched
    for name, at in marks:
        phases[name] = phases.get(name, 0.0) + at - previous
        previous = at
    cpu = next((float(line.split()[1]) for line in result.stdout.splitlines() if line.startswith(CPU_PREFIX + " ")),
               float("nan"))
    return marks[-1][1] - launched, cpu, phases


def measure(runs: int, executable: str | None = None) -> dict:
    command = app_command(executable)
    launch_once(command)  # the warm-up, not counted
    times, cpu, per_run = [], [], []
    for _ in range(runs):
        seconds, cpu_seconds, phases = launch_once(command)
        times.append(round(seconds, 3))
        cpu.append(cpu_seconds)
        per_run.append(phases)
    names = list(dict.fromkeys(name for phases in per_run for name in phases))
    return {"runs": runs, "program": " ".join(command) if executable else f"{Path(sys.executable).name} -m erbsim",
            "launch_to_home_s_median": round(statistics.median(times), 3),
            "launch_to_home_s_max": round(max(times), 3), "all_s": times,
            # CPU the app used (all its threads) until home was ready: steadier than the clock on a shared machine
            "cpu_to_home_s_median": round(statistics.median(cpu), 3),
            "phases": {name: round(statistics.median(phases.get(name, 0.0) for phases in per_run), 3)
                       for name in names}}


def run(runs: int, *, as_json: bool = False, executable: str | None = None) -> int:
    """Launch the real app `runs` times (offscreen, throwaway data folder) and time each launch."""
    try:
        report = measure(runs, executable)
    except (StartupFailed, subprocess.TimeoutExpired) as error:
        print(f"erbsim bench startup: {error}", file=sys.stderr)
        return 1
    if as_json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"launch to home window: median {report['launch_to_home_s_median']} s, "
          f"max {report['launch_to_home_s_max']} s (CPU {report['cpu_to_home_s_median']} s)")
    for name, seconds in report["phases"].items():
        print(f"  {name:<24} {seconds:6.3f} s")
    return 0
