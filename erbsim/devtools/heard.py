"""When the board is first heard: onsets of sound at the speaker, for the selftests.

`question_heard_s` is the time from a question being drawn (or asked on the
console) to its first sound. The honest place to hear it is the speaker: this
records the sound server's speaker monitor with parec (the virtual speaker
`vspeaker_loop` of the test set-up, else the default sink's monitor) and notes
when sound starts after a quiet stretch. Where there is no sound server to
listen to, the app's own word is used: BoardVoice.sounding, when the player's
position first moves (that signal comes up to ~0.1 s late: Qt reports the
position in steps).
"""

from __future__ import annotations

import bisect
import shutil
import subprocess
import threading
import time

RATE = 16000
CHUNK = 80  # samples: 5 ms
LOUD = 0.02  # peak (full scale 1) that counts as sound
QUIET_S = 0.25  # a new onset needs this much quiet before it


def _sources() -> set[str]:
    try:
        out = subprocess.run(["pactl", "list", "short", "sources"], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        return set()
    return {line.split("\t")[1] for line in out.stdout.splitlines() if "\t" in line}


class SpeakerListener:
    """Onsets of sound at the speaker, timed with time.perf_counter(); `method` says how it listens."""

    def __init__(self, voice=None):
        self._onsets: list[float] = []
        self._sounding: dict[str, list[float]] = {}
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self.method = "player position"
        if voice is not None:
            voice.sounding.connect(lambda text: self._sounding.setdefault(text, []).append(time.perf_counter()))
        if shutil.which("parec") and shutil.which("pactl"):
            sources = _sources()
            device = "vspeaker_loop" if "vspeaker_loop" in sources else (
                "@DEFAULT_MONITOR@" if any(s.endswith(".monitor") for s in sources) else None)
            if device is not None:
                self._proc = subprocess.Popen(
                    ["parec", "-d", device, "--latency-msec=10", "--raw", "--format=s16le", f"--rate={RATE}",
                     "--channels=1"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
                self.method = f"sound at the speaker ({device})"
                threading.Thread(target=self._read, name="erbsim-heard", daemon=True).start()

    def _read(self) -> None:
        import numpy as np

        assert self._proc is not None and self._proc.stdout is not None
        quiet_since: float | None = 0.0
        while True:
            data = self._proc.stdout.read(CHUNK * 2)
            if not data:
                return
            now = time.perf_counter()
            peak = float(np.abs(np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2")).max(initial=0)) / 32768
            if peak >= LOUD:
                if quiet_since is not None and (quiet_since == 0.0 or now - quiet_since >= QUIET_S):
                    with self._lock:
                        self._onsets.append(now - CHUNK / RATE)  # the chunk began this long before it was read
                quiet_since = None
            elif quiet_since is None:
                quiet_since = now

    def heard_after(self, text: str, since: float, timeout: float = 10.0) -> float | None:
        """Seconds from `since` to the first sound after it (for `text`, when listening to the
        player); None if nothing was heard within `timeout`. Runs the Qt event loop while waiting."""
        from erbsim.ui.bridge import process_events_until

        found: list[float] = []

        def heard() -> bool:
            if self._proc is not None:
                with self._lock:
                    i = bisect.bisect_left(self._onsets, since)
                    if i < len(self._onsets):
                        found.append(self._onsets[i])
            else:
                found.extend(t for t in self._sounding.get(text, []) if t >= since)
            return bool(found)

        if not process_events_until(heard, timeout, poll=0.002):
            return None
        return round(min(found) - since, 3)

    def close(self) -> None:
        if self._proc is not None:
            self._proc.terminate()
            self._proc.wait(5)
