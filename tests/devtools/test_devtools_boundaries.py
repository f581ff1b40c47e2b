"""Developer tools stay apart: the app never imports them, and nothing in the
package reaches outside it for data (the screenshots are given their recording)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import erbsim

PACKAGE = Path(erbsim.__file__).parent


def sources(*folders: str) -> dict[str, str]:
    return {str(p.relative_to(PACKAGE)): p.read_text(encoding="utf-8")
            for folder in folders for p in sorted((PACKAGE / folder).rglob("*.py"))}


def test_the_app_and_its_layers_never_import_devtools():
    files = sources("core", "speech", "ui")
    assert "ui/main_window.py" in files and "core/engine.py" in files
    offenders = [name for name, text in files.items() if re.search(r"\berbsim\.devtools\b|\bdevtools\b", text)]
    assert offenders == []


def test_no_module_builds_a_path_into_the_shared_folder():
    files = sources(".")
    assert "devtools/screenshots.py" in files
    offenders = [name for name, text in files.items() if re.search(r"""["']/?shared/|/ ["']shared["']""", text)]
    assert offenders == []


def test_screenshots_need_the_answer_recording_named(tmp_path):
    done = subprocess.run([sys.executable, "-m", "erbsim.devtools.screenshots", str(tmp_path / "shots")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "the following arguments are required: --answer-audio" in done.stderr
    assert not (tmp_path / "shots").exists()
