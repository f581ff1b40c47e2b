"""`erbsim bench startup`: the real app launched, timed to its home window, phase by phase."""

from __future__ import annotations

import json
import sys

from erbsim.cli import main

FIRST_AND_LAST = ("python_and_cli_imports", "ready")


def bench(capsys, *args: str) -> dict:
    assert main(["bench", "startup", "--runs", "1", "--json", *args]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def test_the_bench_says_where_the_start_up_time_goes(capsys):
    report = bench(capsys)
    assert report["runs"] == 1 and len(report["all_s"]) == 1
    phases = report["phases"]
    assert (next(iter(phases)), list(phases)[-1]) == FIRST_AND_LAST
    assert {"banks", "services", "window_built", "first_paint"} <= set(phases)
    # the phases follow each other from the launch to the ready window: together they are the whole time
    assert abs(sum(phases.values()) - report["launch_to_home_s_median"]) < 0.01


def test_the_bench_times_a_built_program_without_its_welcome(tmp_path, capsys):
    """--executable runs that program; one whose help offers --no-welcome is launched with it."""
    launches = tmp_path / "launches.txt"
    program = tmp_path / "erbsim"
    program.write_text(f"""#!/bin/sh
if [ "$1" = "--help" ]; then echo "usage: erbsim [--no-welcome] [--data-dir DIR]"; exit 0; fi
echo "$*" >> {launches}
exec {sys.executable} -m erbsim
""")
    program.chmod(0o755)
    report = bench(capsys, "--executable", str(program))
    assert report["program"] == f"{program} --no-welcome"
    assert list(report["phases"])[-1] == "ready"
    assert launches.read_text().splitlines() == ["--no-welcome", "--no-welcome"]  # the warm-up and the run


def test_a_program_that_cannot_run_is_one_line(tmp_path, capsys):
    assert main(["bench", "startup", "--runs", "1", "--executable", str(tmp_path / "missing")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"erbsim bench startup: {tmp_path / 'missing'} cannot be run") and err.count("\n") == 1
