"""What the app has loaded when its home window is ready: no speech engine, no numpy, no lens."""

from __future__ import annotations

import os
import subprocess
import sys

from erbsim.core.startup import READY_PROBE_ENV

# Loaded after home is interactive (the speech model, in the background) or when first used
# (the lens and the board's listening, by a defense or a review).
NOT_BEFORE_HOME = ("numpy", "faster_whisper", "ctranslate2", "onnxruntime", "piper", "soundfile", "av",
                   "erbsim.core.lens", "erbsim.core.probe")

REPORT_AT_READY = f"""
import sys
import erbsim.ui.app as app

probe = app._ready_probe

def reporting_probe(window):
    ready = probe(window)
    def report_then_ready():
        print("loaded:", ",".join(m for m in {NOT_BEFORE_HOME!r} if m in sys.modules), flush=True)
        ready()
    return report_then_ready

app._ready_probe = reporting_probe
from erbsim.cli import main
raise SystemExit(main([]))
"""


def test_home_is_ready_before_numpy_any_speech_engine_or_the_lens_loads(tmp_path):
    env = dict(os.environ, ERBSIM_HOME=str(tmp_path / "home"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               QT_QPA_PLATFORM="offscreen", **{READY_PROBE_ENV: "1"})
    result = subprocess.run([sys.executable, "-c", REPORT_AT_READY], env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    (loaded,) = [line for line in result.stdout.splitlines() if line.startswith("loaded:")]
    assert loaded == "loaded: "
