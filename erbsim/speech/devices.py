"""Audio devices as plain data, and which sources the sound server has.

Qt's device list is not always refreshed when a PulseAudio/PipeWire source
disappears (Qt for Python 6.12: the removed source stays listed, and the server
quietly moves the recording stream to another microphone). So on Linux,
when `pactl` is available, presence is also checked with the sound server
(`pulse_sources`); the Qt lookup is in `erbsim.ui.audio.devices`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class AudioDevice:
    id: str
    description: str
    is_default: bool = False


def pulse_sources() -> set[str] | None:
    """Source names known to the PulseAudio/PipeWire server, or None where that cannot be asked."""
    if not sys.platform.startswith("linux") or shutil.which("pactl") is None:
        return None
    try:
        result = subprocess.run(["pactl", "list", "short", "sources"], capture_output=True,
                                text=True, timeout=2)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    return {line.split("\t")[1] for line in result.stdout.splitlines() if line.count("\t") >= 1}
