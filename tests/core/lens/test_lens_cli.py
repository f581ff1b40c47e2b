"""`erbsim lens`: signals, feedback and delivery from an answer on stdin."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

STRONG = ("About eight months before the rules came in I saw the risk. Nobody asked me, but I built it "
          "and then three business units adopted it.")


def test_cli_json(monkeypatch, capsys):
    from erbsim.cli import main

    monkeypatch.setattr(sys, "stdin", io.StringIO(STRONG))
    assert main(["lens", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["present"] == ["foresight", "autonomy", "cross_bu_adoption"]
    assert data["signals"]["autonomy"]["evidence"][0]["sentence"].startswith("Nobody asked me")
    assert any(f["code"] == "no_metric" for f in data["feedback"])
    assert data["delivery"]["word_count"] == len(STRONG.split())


def test_cli_text(monkeypatch, capsys):
    from erbsim.cli import main

    monkeypatch.setattr(sys, "stdin", io.StringIO("We shipped five features."))
    assert main(["lens"]) == 0
    out = capsys.readouterr().out
    assert "+ Execution language" in out
    assert '"We shipped five features."' in out
    assert "You described what shipped, not what you decided." in out


def test_cli_subprocess():
    exe = Path(sys.executable).with_name("erbsim")
    if not exe.exists():
        exe = Path("/work/main/.venv/bin/erbsim")
    if not exe.exists():
        pytest.skip("erbsim entry point not installed")
    proc = subprocess.run([str(exe), "lens", "--json"], input=STRONG, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["present"] == ["foresight", "autonomy", "cross_bu_adoption"]
