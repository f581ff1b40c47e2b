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


MARKET_ANSWER = ("A market problem. Sellers in lower-tier cities could not price against the subsidised "
                 "platforms, so this was about pricing and segments, not latency.")


def _lens_json(monkeypatch, capsys, text: str, *args: str) -> dict:
    from erbsim.cli import main

    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    assert main(["lens", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_cli_question_text_changes_the_feedback(monkeypatch, capsys):
    """A short, direct answer to the track question is not told to name adopters."""
    plain = _lens_json(monkeypatch, capsys, MARKET_ANSWER)
    assert "no_adoption" in [f["code"] for f in plain["feedback"]]
    asked = _lens_json(monkeypatch, capsys, MARKET_ANSWER, "--question",
                       "Are you solving an engineering problem or a market problem?")
    assert "no_adoption" not in [f["code"] for f in asked["feedback"]]
    assert asked["question"] == {"id": None,
                                 "text": "Are you solving an engineering problem or a market problem?"}
    assert asked["present"] == plain["present"]  # the question changes the feedback, not the signals


def test_cli_question_by_bank_id(monkeypatch, capsys):
    data = _lens_json(monkeypatch, capsys, "We shipped it.", "--question", "strategy-001")
    assert data["question"]["id"] == "strategy-001"
    assert data["question"]["dimension"] == "strategic_autonomy"
    assert data["question"]["text"].startswith("Let's start with the framing.")


def test_bench_lens_prints_f1_per_signal_and_session_time(tmp_path, capsys):
    from erbsim.cli import main
    from erbsim.core.lens import SIGNALS

    corpus = tmp_path / "two.yaml"
    corpus.write_text(
        "examples:\n"
        "  - id: a\n    text: We shipped five features on time.\n    signals: [execution_language]\n"
        "  - id: b\n    text: Um, we worked hard and users liked it.\n    signals: []\n", encoding="utf-8")
    assert main(["bench", "lens", str(corpus), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    scores = report["files"][str(corpus)]
    assert scores["n"] == 2
    assert set(scores["signals"]) == set(SIGNALS)
    assert scores["signals"]["execution_language"]["tp"] == 1
    assert report["session"]["answers"] == 15
    assert report["session"]["seconds"] > 0


def test_bench_lens_missing_file_is_one_line(tmp_path, capsys):
    from erbsim.cli import main

    assert main(["bench", "lens", str(tmp_path / "nope.yaml")]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"erbsim: no such corpus file: {tmp_path / 'nope.yaml'}"
