"""The layer contracts in pyproject.toml ([tool.importlinter]) hold.

packaging/setup.sh runs `lint-imports` before pytest; this test runs it too,
so a bare pytest run catches a broken contract (say, PySide6 imported in
erbsim.speech) as well.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_import_contracts_are_kept():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    kept = re.search(r"Contracts: (\d+) kept, 0 broken\.", result.stdout)
    assert kept is not None and int(kept.group(1)) >= 2, result.stdout  # the core's and the speech layer's
