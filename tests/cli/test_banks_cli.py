"""`erbsim banks validate|stats` against the shipped banks and a broken copy."""

from __future__ import annotations

import shutil
import textwrap

from erbsim.cli import main
from erbsim.core import banks


def test_validate_cli_names_file_and_line_for_planted_errors(tmp_path, capsys):
    copy = tmp_path / "banks"
    shutil.copytree(banks.shipped_bank_dir(), copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    target = sorted(copy.glob("*.yaml"))[0]
    lines = target.read_text(encoding="utf-8").splitlines()
    category_line = next(i for i, line in enumerate(lines) if line.strip().startswith("category:"))
    lines[category_line] = lines[category_line].split(":")[0] + ": vision"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (copy / "extra.yaml").write_text(textwrap.dedent("""\
        questions:
          - id: extra-1
            category: strategy
    """))
    assert main(["banks", "validate", str(copy)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"{target}:{category_line + 1}: category: unknown category 'vision'; " \
           "expected one of strategy, trade_offs, replication" in out
    assert f"{copy / 'extra.yaml'}:2: dimension: missing" in out
    assert main(["banks", "validate"]) == 0


def test_stats_json_counts_every_question(capsys):
    import json

    assert main(["banks", "stats", "--json"]) == 0
    counts = json.loads(capsys.readouterr().out)
    total = counts["total"]["questions"]
    for group in ("category", "dimension", "track", "seat"):
        assert sum(counts[group].values()) == total
    assert total == len(banks.load_banks(banks.default_bank_paths()).questions)


def test_validate_and_list_report_hostile_files_in_one_line_each(tmp_path, capsys):
    import os

    folder = tmp_path / "banks"
    folder.mkdir()
    (folder / "deep.yaml").write_text("questions:\n  - id: x\n    text: " + "[" * 1000 + "]" * 1000 + "\n")
    os.mkfifo(folder / "pipe.yaml")
    (folder / "zero.yaml").symlink_to("/dev/zero")
    assert main(["banks", "validate", str(folder)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        f"{folder / 'deep.yaml'}:3: nested more than 32 levels deep; a bank is a list of questions",
        f"{folder / 'pipe.yaml'}: skipped: a named pipe (FIFO), not a bank file",
        f"{folder / 'zero.yaml'}: skipped: a device, not a bank file"]
    assert captured.err == "3 problem(s) in 3 file(s); 0 questions still load\n"
    assert main(["banks", "list", str(folder)]) == 0
    assert capsys.readouterr().err == "3 problem(s) in 3 file(s); run `erbsim banks validate` for details\n"
