"""Where start-up time goes: marks the app prints when `erbsim bench startup` launches it.

With READY_PROBE_ENV set, `mark(name)` prints `erbsim-mark <name> <wall-clock seconds>` on
standard output; the bench subtracts its own launch time and the previous mark, so each
phase is the time from the mark before it. Without the variable it does nothing (one
dictionary lookup), so the marks stay in the real start-up path.
"""

from __future__ import annotations

import os
import sys
import time

READY_PROBE_ENV = "ERBSIM_EXIT_WHEN_READY"
MARK_PREFIX = "erbsim-mark"
READY_PREFIX = "erbsim-ready"
CPU_PREFIX = "erbsim-cpu"


def probing() -> bool:
    return bool(os.environ.get(READY_PROBE_ENV))


def mark(name: str) -> None:
    """Print when the phase `name` ended (only under `erbsim bench startup`)."""
    if probing():
        print(f"{MARK_PREFIX} {name} {time.time():.6f}", file=sys.stdout, flush=True)


def seconds_since_start() -> float:
    """Seconds since this process started. On Linux from /proc, both ends counted from boot
    (psutil's create_time adds the boot time, which Linux gives in whole seconds, and was
    found up to a second off); elsewhere from psutil."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat, open("/proc/uptime", encoding="ascii") as uptime:
            started_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
            return float(uptime.read().split()[0]) - started_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        import psutil

        return time.time() - psutil.Process().create_time()
