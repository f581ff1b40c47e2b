"""`erbsim bench startup`: seconds from launching the real app to an interactive home window."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile


def run(runs: int, *, as_json: bool = False) -> int:
    """Launch the real app `runs` times (offscreen, throwaway data folder) and time each launch."""
    from erbsim.ui.app import READY_PROBE_ENV

    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="erbsim-startup-") as home:
            env = dict(os.environ, ERBSIM_HOME=home, XDG_CONFIG_HOME=home, QT_QPA_PLATFORM="offscreen",
                       **{READY_PROBE_ENV: "1"})
            result = subprocess.run([sys.executable, "-m", "erbsim"], env=env, capture_output=True,
                                    text=True, timeout=120)
            line = next((out for out in result.stdout.splitlines() if out.startswith("erbsim-ready ")), None)
            if line is None:
                print(result.stderr[-2000:], file=sys.stderr)
                return 1
            times.append(float(line.split()[1]))
    report = {"runs": runs, "launch_to_home_s_median": round(statistics.median(times), 3),
              "launch_to_home_s_max": round(max(times), 3), "all_s": times}
    print(json.dumps(report, indent=2) if as_json else
          f"launch to home window: median {report['launch_to_home_s_median']} s, "
          f"max {report['launch_to_home_s_max']} s")
    return 0
