"""Commands that write refuse, in one line, while another process records a session in the
same data folder; they read as usual, and write again once the recording ends."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from erbsim.cli import main
from erbsim.core.instance import RECORDING_REFUSAL
from erbsim.core.store import Store

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "packet-example.md"

# What the app does when a defense starts: a running session owned by this (live) process.
RECORDING = """
import sys
from erbsim.core.store import Store
with Store(data_root=sys.argv[1]) as store:
    session = store.create_session(candidate="Recording now")
    print(session, flush=True)
    if sys.stdin.readline().strip() == "finish":
        store.finish_session(session)
"""


@pytest.fixture
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    with Store(data_root=folder) as store:
        store.save_packet({"name": "Spring", "candidate": "A", "track": "staff", "target_level": "Staff",
                           "examples": []})
    return folder


@pytest.fixture
def recording(data):
    app = subprocess.Popen([sys.executable, "-c", RECORDING, str(data)], stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, text=True)
    assert app.stdout.readline().strip().isdigit()
    yield app
    app.kill()
    app.wait(10)


def packets(data: Path) -> list[str]:
    with Store(data_root=data) as store:
        return [p.name for p in store.list_packets()]


def refused(data: Path, capsys, *argv) -> str:
    assert main(["--data-dir", str(data), *map(str, argv)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


def test_imports_and_deletes_are_refused_in_one_line_while_a_session_records(data, recording, tmp_path, capsys):
    bundle = tmp_path / "mentor.zip"
    bundle.write_bytes(b"not opened: the command stops before")
    expected = f"erbsim: {RECORDING_REFUSAL}\n"
    assert refused(data, capsys, "packet", "import", EXAMPLE) == expected
    assert refused(data, capsys, "packet", "delete", 1) == expected
    assert refused(data, capsys, "review", "import", bundle) == expected
    assert packets(data) == ["Spring"]  # nothing written
    # Reading goes on while the app records.
    assert main(["--data-dir", str(data), "sessions", "list", "--json"]) == 0
    assert [s["status"] for s in json.loads(capsys.readouterr().out)] == ["running"]


def test_writes_go_through_again_once_the_session_ends(data, recording, capsys):
    recording.stdin.write("finish\n")
    recording.stdin.flush()
    recording.wait(10)
    assert main(["--data-dir", str(data), "packet", "delete", "1"]) == 0
    assert packets(data) == []


def test_a_session_left_running_by_a_crash_does_not_block_writes(data, recording, capsys):
    recording.kill()
    recording.wait(10)
    assert main(["--data-dir", str(data), "packet", "import", str(EXAMPLE)]) == 0
    assert sorted(packets(data)) == ["ERB 2027 spring — Staff PM", "Spring"]


def test_the_refusal_is_one_line_and_exit_code_1_from_a_real_command(data, recording):
    result = subprocess.run([sys.executable, "-m", "erbsim", "--data-dir", str(data), "packet", "delete", "1"],
                            capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", f"erbsim: {RECORDING_REFUSAL}\n")
