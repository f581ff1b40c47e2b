"""Privacy of a scripted defense (`erbsim selftest`, as tests/devtools/test_selftest.py runs it):
it passes with no network at all, tries no internet connection, and leaves the data folder,
database, recordings and log readable by the user alone."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from shared_data import SPEECH_DEV, require

pytestmark = [pytest.mark.audio, pytest.mark.slow]

CLIP = "ls_1988-24833-0002.wav"  # 4.6 s, 17 words


def selftest_command(clip: Path) -> list[str]:
    return [sys.executable, "-m", "erbsim", "selftest", "--seconds", "6", "--questions", "1",
            "--answer-audio", str(clip)]


def run(command: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"))
    # The desktop default, so that what the files end up as is erbsim's doing, not the umask's.
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=240,
                          preexec_fn=lambda: os.umask(0o022))


def check_defense(result: subprocess.CompletedProcess) -> dict:
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)
    assert (report["questions_asked"], report["answers_recorded"]) == (1, 1)
    assert report["transcript_words"] >= 12  # transcribed by the local model
    return report


def unshare_works() -> str | None:
    """Why a network namespace cannot be made here, or None when it can."""
    if shutil.which("unshare") is None:
        return "unshare (util-linux) is not installed"
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        return f"unshare -rn is not permitted here (user namespaces off?): {probe.stderr.strip()}"
    return None


def test_a_scripted_defense_passes_in_a_network_namespace_without_network(tmp_path):
    clip = require(SPEECH_DEV / "audio" / CLIP)
    reason = unshare_works()
    if reason:
        pytest.skip(reason)
    # Inside: only a loopback interface, down; any internet connection would fail.
    inside = subprocess.run(["unshare", "-rn", "cat", "/proc/net/dev"], capture_output=True, text=True)
    interfaces = [line.split(":")[0].strip() for line in inside.stdout.splitlines()[2:]]
    assert interfaces == ["lo"]
    report = check_defense(run(["unshare", "-rn", *selftest_command(clip)], tmp_path))
    shutil.rmtree(Path(report["data_dir"]).parent, ignore_errors=True)
    assert report["questions_spoken"] == 1


CONNECT = re.compile(r"connect\(\d+, \{sa_family=(AF_\w+)")


def test_a_scripted_defense_attempts_no_internet_connection_and_keeps_its_files_private(tmp_path):
    clip = require(SPEECH_DEV / "audio" / CLIP)
    if shutil.which("strace") is None:
        pytest.skip("strace is not installed (bash packaging/setup.sh test installs it)")
    trace = tmp_path / "connect.trace"
    result = run(["strace", "-f", "-qq", "-e", "trace=connect", "-o", str(trace), *selftest_command(clip)],
                 tmp_path)
    report = check_defense(result)
    calls = trace.read_text().splitlines()
    families = [m.group(1) for line in calls if (m := CONNECT.search(line))]
    print(f"connect() calls: {len(calls)}, by family: {sorted(set(families))}")
    assert "AF_UNIX" in families  # the trace saw the sound server's socket: it was watching
    assert [line for line in calls if "AF_INET" in line] == []  # AF_INET and AF_INET6

    data = Path(report["data_dir"])
    try:
        found = {path: stat.S_IMODE(path.lstat().st_mode) for path in (data, *data.rglob("*"))}
        open_to_others = {str(p.relative_to(data)): oct(m) for p, m in found.items()
                          if m != (0o700 if p.is_dir() else 0o600)}
        assert open_to_others == {}
        names = {p.relative_to(data).as_posix() for p in found}
        assert {"erbsim.db", "recordings"} <= names
        assert any(n.startswith("recordings/") and not (data / n).is_dir() for n in names)  # the answer's audio
    finally:
        shutil.rmtree(data.parent, ignore_errors=True)
