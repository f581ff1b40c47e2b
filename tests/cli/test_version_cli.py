"""`erbsim --version` and `erbsim --no-welcome`, as a person types them."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys

import pytest

from erbsim.cli import main


def test_version_prints_the_installed_version():
    result = subprocess.run([sys.executable, "-m", "erbsim", "--version"], capture_output=True, text=True,
                            timeout=60, env=dict(os.environ, DISPLAY="", WAYLAND_DISPLAY=""))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"erbsim {importlib.metadata.version('erbsim')}\n"


def test_version_opens_no_window(capsys, monkeypatch):
    import erbsim.ui.app

    monkeypatch.setattr(erbsim.ui.app, "run_app", lambda *args, **kwargs: pytest.fail("the app was opened"))
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"erbsim {importlib.metadata.version('erbsim')}"


def test_no_welcome_is_handed_to_the_app(monkeypatch):
    import erbsim.ui.app

    asked = []
    monkeypatch.setattr(erbsim.ui.app, "run_app", lambda argv, *, data_dir, welcome: asked.append(welcome) or 0)
    assert main(["--no-welcome"]) == 0
    assert main([]) == 0
    assert asked == [False, True]
